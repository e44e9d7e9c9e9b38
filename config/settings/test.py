"""Settings for `make test`: real PostgreSQL and Redis, never SQLite.

DATABASE_URL and REDIS_URL default to the local servers; `make test` checks that
they answer before pytest starts.
"""

import os

import environ

from .base import *  # noqa: F403
from .base import BASE_DIR, env

ENVIRONMENT = "test"
DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdef"
ALLOWED_HOSTS = ["*"]

DATABASES = {
    "default": environ.Env.db_url_config(
        env("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/xinfang")
    ),
}
# The test database is copied from a template made with a UTF-8 LC_CTYPE, so that
# pg_trgm sees Chinese characters as letters (scripts/check_services.py makes it).
DATABASES["default"]["TEST"] = {"TEMPLATE": "xinfang_template"}

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/15")
CELERY_BROKER_URL = REDIS_URL
# Integration tests start real workers; a queue per pytest-xdist worker keeps
# parallel test processes from taking each other's tasks.
CELERY_TASK_DEFAULT_QUEUE = env(
    "CELERY_QUEUE", default="xf-test-" + os.environ.get("PYTEST_XDIST_WORKER", "main")
)
# Integration tests kill workers: messages they held come back after the
# visibility timeout, looked for every second.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=60),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
# Tests run inside transactions whose on-commit invalidation never fires: the
# dashboard cache is off, except in the tests of the cache itself.
DASHBOARD_CACHE_SECONDS = 0
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# The cache gets its own Redis database per pytest-xdist worker (14, 13, …), so
# that a test clearing it never touches another worker's keys or the broker's.
_worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
_redis_base = REDIS_URL.rsplit("/", 1)[0]
# TEST_CACHE_DB picks another database for a second test run on one machine.
_cache_db = env.int("TEST_CACHE_DB", default=14 - _worker % 10)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"{_redis_base}/{_cache_db}",
        "KEY_PREFIX": "xf-test",
    }
}
