import time

from celery import shared_task
from django.db import transaction
from django.db.models import F

from common.models import TaskProbe


@shared_task(acks_late=True, reject_on_worker_lost=True, time_limit=300)
def probe(key: str, hold_seconds: float = 0) -> int:
    """Record that a worker ran this task: one row per key however often it runs
    (the effect), and a count of runs. `hold_seconds` keeps the task busy, so an
    operator (or a test) can see what happens when a worker dies mid-task."""
    with transaction.atomic():
        TaskProbe.objects.get_or_create(key=key)
        TaskProbe.objects.filter(key=key).update(runs=F("runs") + 1)
    if hold_seconds:
        time.sleep(hold_seconds)
    return TaskProbe.objects.get(key=key).runs
