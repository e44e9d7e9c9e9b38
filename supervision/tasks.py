"""Celery beat jobs. Thin: JSON-safe arguments, call the service, return a count.

Late acknowledgement (a worker that dies mid-job leaves the message to be
redelivered) is safe because every job is idempotent by database constraints.
"""

import datetime

from celery import shared_task
from django.db import DatabaseError, OperationalError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from common.history import HistoryTask
from supervision.services import jobs

JOB_OPTIONS = {
    # The history rows a job writes carry its name (common/history.py).
    "base": HistoryTask,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OperationalError, DatabaseError),
    "retry_backoff": True,
    "max_retries": 3,
    "time_limit": 300,
    "soft_time_limit": 240,
}


def _now(now: str | None) -> datetime.datetime:
    return parse_datetime(now) if now else timezone.now()


@shared_task(**JOB_OPTIONS)
def remind_before_cutoff(now: str | None = None) -> int:
    return jobs.remind_before_cutoff(_now(now))


@shared_task(**JOB_OPTIONS)
def sweep_missing_reports(now: str | None = None) -> int:
    return jobs.sweep_missing_reports(_now(now))


@shared_task(**JOB_OPTIONS)
def lookback_reminders(now: str | None = None) -> int:
    return jobs.lookback_reminders(timezone.localdate(_now(now)))


@shared_task(**JOB_OPTIONS)
def deadline_warnings(now: str | None = None) -> int:
    return jobs.deadline_warnings(timezone.localdate(_now(now)))


@shared_task(**JOB_OPTIONS)
def escalate_urgent_reports(now: str | None = None) -> int:
    return jobs.escalate_urgent_reports(_now(now))


@shared_task(**JOB_OPTIONS)
def auto_supervision_orders(now: str | None = None) -> int:
    return jobs.auto_supervision_orders(timezone.localdate(_now(now)))


@shared_task(**JOB_OPTIONS)
def weekly_briefing(now: str | None = None) -> int:
    return jobs.weekly_briefing(timezone.localdate(_now(now)))


@shared_task(acks_late=True, time_limit=300, soft_time_limit=240)
def refresh_dashboard(user_id, window_key, start, end, unit_id=None) -> None:
    """Compute one audience's dashboard after a change (supervision/dashboard.py)."""
    from accounts.models import Unit, User
    from supervision.dashboard import Window, refresh_dashboard_now

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    today = timezone.localdate()
    window = Window.parse(window_key, start, end, today)
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    refresh_dashboard_now(user, window=window, unit=unit)
