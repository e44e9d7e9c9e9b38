"""Notifications: stored for the app, emailed when the user has an address.

`notify()` writes one row per person and event key; a second call with the same
key for the same person does nothing (a database constraint), so scheduled jobs
can run twice safely. Emails go out from a Celery task after the transaction
commits, one per stored notification, and each is marked when sent.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from accounts.models import Notification, User
from common.bulk import insert_many

logger = logging.getLogger(__name__)


def notify(*, users, key: str, title: str, body: str = "", url: str = "") -> int:
    """Notify each user once for `key`; returns how many notifications are new."""
    users = [u for u in users if u is not None and u.is_active]
    if not users:
        return 0
    user_ids = {u.pk for u in users}
    existing = set(
        Notification.objects.filter(key=key, user_id__in=user_ids).values_list(
            "user_id", flat=True
        )
    )
    Notification.objects.bulk_create(
        [
            Notification(user_id=uid, key=key, title=title[:200], body=body, url=url)
            for uid in sorted(user_ids - existing)
        ],
        ignore_conflicts=True,  # a concurrent run inserted it first: still once
    )
    created = len(user_ids - existing)
    if created:
        transaction.on_commit(_enqueue_emails)
    return created


@dataclass(frozen=True)
class Notice:
    user_id: int
    key: str
    title: str
    body: str = ""
    url: str = ""


def notify_many(notices: list[Notice]) -> int:
    """Many notifications at once, the (user, key) pairs already notified left
    alone. Returns how many are new. Scheduled jobs use this so that their query
    count does not grow with the number of notices: one statement
    (`common.bulk.insert_many`)."""
    unique = list({(n.user_id, n.key): n for n in notices}.values())
    if not unique:
        return 0
    created = insert_many(
        Notification,
        {
            "user_id": [n.user_id for n in unique],
            "key": [n.key for n in unique],
            "title": [n.title[:200] for n in unique],
            "body": [n.body for n in unique],
            "url": [n.url for n in unique],
        },
        constants={"created_at": timezone.now()},
    )
    if created:
        transaction.on_commit(_enqueue_emails)
    return created


def _enqueue_emails():
    """Ask a worker to send the emails now. If the broker is down the page still
    works: the notifications are stored, and the periodic email sweep (beat,
    every 15 minutes) sends them when the broker is back — nothing is lost, and
    the failure is logged."""
    from accounts.tasks import send_notification_emails

    try:
        send_notification_emails.apply_async(retry=False)
    except Exception:
        logger.warning(
            "Broker unavailable: notification emails wait for the next sweep",
            exc_info=True,
        )


def send_pending_emails(limit: int = 200) -> int:
    """Email the notifications not yet emailed whose user has an address."""
    sent = 0
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user")
            .filter(emailed_at__isnull=True)
            .exclude(user__email="")
            .order_by("created_at")[:limit]
        )
        for note in pending:
            link = f"\n\n{settings.SITE_URL.rstrip('/')}{note.url}" if note.url else ""
            send_mail(
                subject=note.title,
                message=f"{note.body}{link}",
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[note.user.email],
                fail_silently=False,
            )
            note.emailed_at = timezone.now()
            sent += 1
        Notification.objects.bulk_update(pending, ["emailed_at"])
    return sent


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(*, user: User, notification_id=None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
