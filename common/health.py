"""Liveness checks of the database and the Celery broker for /healthz."""

from django.conf import settings
from django.db import DatabaseError, connections


def database_ok() -> bool:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except DatabaseError:
        return False


def broker_ok(timeout: float = 1.0) -> bool:
    from config.celery_app import app

    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
            return True
    except Exception:
        return False


def broker_kind() -> str:
    return settings.CELERY_BROKER_URL.split(":", 1)[0]
