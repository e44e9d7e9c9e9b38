"""A real Celery worker, started as a separate process against the test database
and the Redis broker, for the integration tests."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


class Worker:
    def __init__(self, queue: str, log_path: Path, visibility_timeout: int):
        self.queue = queue
        self.log_path = log_path
        self.visibility_timeout = visibility_timeout
        self.process = None

    def start(self, timeout: float = 45) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": _database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_QUEUE": self.queue,
            "CELERY_VISIBILITY_TIMEOUT": str(self.visibility_timeout),
        }
        log = self.log_path.open("a")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--queues={self.queue}",
                f"--hostname=test-{self.queue}-{time.time_ns()}@localhost",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.log_path.read_text()[-3000:])
            if "ready." in self.log_path.read_text():
                return
            time.sleep(0.2)
        log = self.log_path.read_text()[-3000:]
        raise RuntimeError(f"worker did not start:\n{log}")

    def kill(self) -> None:
        """SIGKILL: the worker dies mid-task, acknowledging nothing."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_for(predicate, timeout: float = 30, interval: float = 0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met in time")


@pytest.fixture
def worker(transactional_db, tmp_path):
    """A running worker on this test process's queue; stopped afterwards."""
    from config.celery_app import app

    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    with app.connection_for_write() as conn:
        channel = conn.default_channel
        channel.queue_purge(queue)  # nothing left from earlier runs ...
        # ... nor messages a killed worker held, which the broker would hand out
        # again after the visibility timeout (the test database of Redis only).
        channel.client.delete(channel.unacked_key, channel.unacked_index_key)
    handle = Worker(queue, tmp_path / "worker.log", visibility_timeout=3)
    handle.start()
    yield handle
    handle.stop()


@pytest.fixture(autouse=True)
def _seeded_lists(request):
    """Transactional tests end with a flush that also empties the lists the
    migrations seed; put them back (idempotent)."""
    if "transactional_db" not in request.fixturenames and not any(
        m.kwargs.get("transaction") for m in request.node.iter_markers("django_db")
    ):
        return
    request.getfixturevalue("transactional_db")
    from importlib import import_module

    from django.apps import apps

    for module in (
        "cases.migrations.0002_seed_lists_and_search",
        "common.migrations.0002_seed_calendar_and_limits",
    ):
        import_module(module).seed(apps, None)
