"""Two `celery beat` processes started by mistake: every job is sent twice (and
more), two real workers run the copies side by side, and still each reminder,
each supervision order and each email exists exactly once.

Real parts only: two beat processes on django-celery-beat's DatabaseScheduler,
two workers, Redis, PostgreSQL. The subprocesses send email through Django's
file backend, slowed to a mail server's pace (a settings module written into
tmp_path that only changes the backend), so the test counts the emails really
sent, not just the "sent" marks, and two email sweeps do overlap. Without the
sweep's row locks (select_for_update(skip_locked=True)) this test fails.
"""

import datetime
import email
import email.policy
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from accounts.models import Notification, Unit, User
from cases import services as case_services
from supervision.models import ReportingPeriod, SupervisionOrder
from tests.factories import UnitFactory, UserFactory
from tests.integration.conftest import _database_url, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(settings.BASE_DIR)
JOBS = [
    "supervision.tasks.remind_before_cutoff",
    "supervision.tasks.auto_supervision_orders",
    "accounts.tasks.send_notification_emails",
]
BEAT_SECONDS = 5  # both beats send each job about once a second meanwhile
SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # between messages in the file backend
# Django's file backend, as slow as a real mail server: an email sweep takes long
# enough for another one to start meanwhile.
SLOW_MAIL = """
import time

from django.core.mail.backends import filebased


class EmailBackend(filebased.EmailBackend):
    def send_messages(self, messages):
        time.sleep(0.15 * len(messages))
        return super().send_messages(messages)
"""


class Celery:
    """One `celery` subprocess (a worker or a beat) logging to its own file."""

    def __init__(self, args: list[str], env: dict, log_path: Path):
        self.args = args
        self.env = env
        self.log_path = log_path
        self.process = None

    def start(self) -> None:
        with self.log_path.open("a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", *self.args],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""

    def wait_until_logged(self, text: str, timeout: float = 45) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.log()[-3000:])
            if text in self.log():
                return
            time.sleep(0.2)
        raise RuntimeError(f"{self.args[0]} did not start:\n{self.log()[-3000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture
def celery_env(tmp_path):
    """The worker fixture's environment, with email written to files, slowly."""
    (tmp_path / "slow_mail.py").write_text(SLOW_MAIL)
    (tmp_path / "beat_test_settings.py").write_text(
        "from config.settings.test import *  # noqa: F403\n"
        "EMAIL_BACKEND = 'slow_mail.EmailBackend'\n"
        f"EMAIL_FILE_PATH = {str(tmp_path / 'mail')!r}\n"
    )
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "beat_test_settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
    }


@pytest.fixture
def queue_drained():
    """Empties this run's queue first; returns a function telling whether the
    queue and the messages workers hold (not yet acknowledged) are all gone."""
    from config.celery_app import app

    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    with app.connection_for_write() as conn:
        channel = conn.default_channel
        channel.queue_purge(queue)
        channel.client.delete(channel.unacked_key, channel.unacked_index_key)

    def empty() -> bool:
        with app.connection_for_write() as conn:
            channel = conn.default_channel
            return not channel.client.llen(queue) and not channel.client.hlen(
                channel.unacked_key
            )

    return empty


def only_these_jobs_every_second():
    """The schedule rows of the migrations (if a flush has not removed them) are
    switched off; each job under test runs every second."""
    PeriodicTask.objects.update(enabled=False)
    every_second, _ = IntervalSchedule.objects.get_or_create(
        every=1, period=IntervalSchedule.SECONDS
    )
    for task in JOBS:
        PeriodicTask.objects.create(
            name=f"test: {task}", task=task, interval=every_second, enabled=True
        )


def sent_emails(folder: Path) -> Counter:
    """(recipient, subject) of every message the subprocesses emailed."""
    sent = Counter()
    for path in folder.glob("*.log") if folder.exists() else ():
        for raw in path.read_bytes().split(SEPARATOR):
            if not raw.strip():
                continue
            message = email.message_from_bytes(raw, policy=email.policy.default)
            sent[(str(message["To"]), str(message["Subject"]))] += 1
    return sent


def runs(logs: str, task: str) -> int:
    return len(re.findall(rf"Task {re.escape(task)}\[[^\]]+\] succeeded", logs))


def test_two_beats_by_mistake_send_every_reminder_and_order_once(
    celery_env, queue_drained, tmp_path, make_case, clerk, liaison
):
    today = timezone.localdate()
    # Four townships that have not filed today's report, a liaison in each.
    liaisons = [liaison]
    for i in range(3):
        unit = UnitFactory(code=f"beat{i}", name=f"双拍镇{i}", kind=Unit.Kind.TOWNSHIP)
        liaisons.append(UserFactory(username=f"beat{i}", role="liaison", unit=unit))
    ReportingPeriod.objects.create(
        name="重大会议期间",
        start_date=today,
        end_date=today,
        # The whole day is "before the cutoff", whenever the test runs.
        cutoff_time=datetime.time(23, 59, 59),
        reminder_minutes=24 * 60,
        created_by=clerk,
    )
    # Three cases accepted long ago with no progress: half their time is gone.
    cases = [make_case("in_progress", title=f"双拍案件{i}") for i in range(3)]
    for case in cases:
        case_services.case_accept(
            case=case, actor=clerk, accepted_on=today - datetime.timedelta(days=120)
        )
    for user in User.objects.all():
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    only_these_jobs_every_second()

    workers = [
        Celery(
            [
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--queues={settings.CELERY_TASK_DEFAULT_QUEUE}",
                f"--hostname=beat-test-{i}-{time.time_ns()}@localhost",
                "--loglevel=INFO",
            ],
            celery_env,
            tmp_path / f"worker{i}.log",
        )
        for i in range(2)
    ]
    beats = [
        Celery(
            [
                "beat",
                "--scheduler=django_celery_beat.schedulers:DatabaseScheduler",
                f"--schedule={tmp_path / f'beat{i}-schedule'}",
                f"--pidfile={tmp_path / f'beat{i}.pid'}",
                "--max-interval=1",
                "--loglevel=INFO",
            ],
            celery_env,
            tmp_path / f"beat{i}.log",
        )
        for i in range(2)
    ]
    try:
        for process in workers + beats:
            process.start()
        for process in workers:
            process.wait_until_logged("ready.")
        for process in beats:
            process.wait_until_logged("Sending due task")
        time.sleep(BEAT_SECONDS)
        for beat in beats:
            beat.stop()
        # Let the workers finish what the beats sent, then stop them.
        wait_for(queue_drained, timeout=30, interval=0.5)
        time.sleep(1)  # a message just taken may not be counted as held yet
        wait_for(queue_drained, timeout=30, interval=0.5)
    finally:
        for process in beats + workers:
            process.stop()

    # The beats really did duplicate: each sent every job several times, and the
    # workers ran all those copies (so the checks below cannot pass vacuously).
    worker_logs = "".join(w.log() for w in workers)
    for beat in beats:
        for task in JOBS:
            assert beat.log().count(f"({task})") >= 3, beat.log()[-3000:]
    for task in JOBS:
        assert runs(worker_logs, task) >= 6, worker_logs[-3000:]
    assert "raised unexpected" not in worker_logs, worker_logs[-3000:]

    # Each reminder exists once per person and key: one per liaison.
    reminders = Notification.objects.filter(key__startswith="report-reminder:")
    assert sorted(reminders.values_list("user_id", flat=True)) == sorted(
        u.pk for u in liaisons
    )
    # One automatic order per case, each named once to the owning liaison (the
    # order's own notice, or a digest when a run made several for the unit).
    orders = SupervisionOrder.objects.filter(trigger=SupervisionOrder.Trigger.HALF_TIME)
    assert sorted(orders.values_list("case_id", flat=True)) == sorted(
        c.pk for c in cases
    )
    told = Notification.objects.filter(user=liaison).filter(
        Q(key__in=[f"order:{pk}" for pk in orders.values_list("pk", flat=True)])
        | Q(key__startswith="orders:")
    )
    named = Counter(
        number
        for note in told
        for number in re.findall(r"DB\d{10}", f"{note.title}\n{note.body}")
    )
    assert named == Counter(orders.values_list("number", flat=True))
    # Every notification was emailed exactly once: marked sent, and the files
    # hold one message per notification, no more.
    notes = Notification.objects.select_related("user")
    assert not notes.filter(emailed_at__isnull=True).exists()
    expected = Counter((n.user.email, n.title) for n in notes)
    assert expected.total() >= len(liaisons) + told.count()
    assert sent_emails(tmp_path / "mail") == expected
