"""Developer and demo settings: debug on, everything runs on one machine."""

from .base import *  # noqa: F403
from .base import env

ENVIRONMENT = "local"
DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])
COUNTY_NAME = env("COUNTY_NAME", default="云溪县")
