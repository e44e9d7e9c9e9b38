"""Celery with real parts: a worker process, Redis, PostgreSQL."""

import datetime
import uuid

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.models import Notification, Unit
from common.models import TaskProbe
from common.tasks import probe
from supervision.models import MissingReport, ReportingPeriod
from supervision.tasks import sweep_missing_reports
from tests.factories import UnitFactory, UserFactory
from tests.integration.conftest import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def queue_length() -> int:
    from django.conf import settings

    from config.celery_app import app

    with app.connection_for_write() as conn:
        return conn.default_channel.client.llen(settings.CELERY_TASK_DEFAULT_QUEUE)


def test_a_job_sent_to_a_real_worker_writes_its_effect(worker, clerk):
    units = [
        UnitFactory(code=f"t{i}", name=f"测试镇{i}", kind=Unit.Kind.TOWNSHIP)
        for i in range(3)
    ]
    for unit in units:
        UserFactory(role="liaison", unit=unit)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ReportingPeriod.objects.create(
        name="全国两会期间",
        start_date=yesterday,
        end_date=yesterday,
        created_by=clerk,
    )
    sweep_missing_reports.delay()
    rows = wait_for(lambda: MissingReport.objects.count() == 3 and 3, timeout=60)
    assert rows == 3
    assert Notification.objects.filter(key__startswith="report-missing:").count() == 6


def test_a_worker_killed_mid_task_gives_the_effect_exactly_once(worker):
    key = f"probe-{uuid.uuid4()}"
    probe.delay(key, hold_seconds=20)
    wait_for(lambda: TaskProbe.objects.filter(key=key, runs=1).exists())
    worker.kill()  # dies holding the unacknowledged message
    assert TaskProbe.objects.get(key=key).runs == 1
    worker.start()  # the message comes back after the visibility timeout
    wait_for(lambda: TaskProbe.objects.get(key=key).runs >= 2, timeout=60)
    assert TaskProbe.objects.filter(key=key).count() == 1  # the effect, once


def test_a_rolled_back_transaction_sends_no_task(clerk):
    from accounts.notifications import notify

    before = queue_length()

    def write_then_fail():
        with transaction.atomic():
            notify(users=[clerk], key="rolled-back", title="不应发送")
            raise RuntimeError("the write failed")

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert queue_length() == before
    assert not Notification.objects.filter(key="rolled-back").exists()

    with transaction.atomic():
        notify(users=[clerk], key="committed", title="应当发送")
    assert queue_length() == before + 1
