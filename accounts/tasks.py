from celery import shared_task

from accounts import notifications


@shared_task(
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
    time_limit=120,
    soft_time_limit=100,
)
def send_notification_emails():
    """Email what is stored and not yet emailed (idempotent: marks each sent)."""
    return notifications.send_pending_emails()
