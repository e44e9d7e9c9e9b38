"""Settings for `make bench` and `make load`: production-like (DEBUG off, cached
templates, Redis cache when REDIS_URL is set) against the benchmark database
made by `manage.py bench_seed`, without HTTPS redirects so that the benchmark can
talk plain HTTP to 127.0.0.1.
"""

from .base import *  # noqa: F403
from .base import env

ENVIRONMENT = "bench"
DEBUG = False
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"]
)
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/xinfang_bench"
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = 60
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# No worker runs during a benchmark: tasks it queues (dashboard recounts) stay in
# this process's memory instead of piling up in Redis.
CELERY_BROKER_URL = "memory://"
