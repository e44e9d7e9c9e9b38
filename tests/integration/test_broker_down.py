"""Redis down: pages keep working, /healthz says so, nothing is lost silently."""

import pytest
from django.urls import reverse

from accounts.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broker_down(settings, monkeypatch):
    """The broker refuses connections: /healthz checks a dead address, and every
    send of a task fails as kombu fails when Redis is down."""
    from kombu.exceptions import OperationalError

    from accounts import tasks

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there

    def refuse(*args, **kwargs):
        raise OperationalError(
            "Error 111 connecting to 127.0.0.1:1. Connection refused."
        )

    monkeypatch.setattr(tasks.send_notification_emails, "apply_async", refuse)


def test_an_action_that_notifies_still_works_and_the_notification_is_kept(
    broker_down, login, liaison, clerk, caplog
):
    # An urgent report notifies every clerk, which enqueues the email task.
    response = login(liaison).post(
        reverse("reports:urgent"),
        {"title": "突发情况", "content": "约十人聚集"},
    )
    assert response.status_code in (200, 302)
    assert response.status_code != 500
    assert Notification.objects.filter(user=clerk).exists()  # stored: not lost
    assert "Broker unavailable" in caplog.text  # and the failure is logged


def test_healthz_says_the_broker_is_down(broker_down, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"] == "down"


def test_pages_keep_working(broker_down, login, clerk):
    client = login(clerk)
    for name in ("home", "cases:index", "reports:index", "dashboard:index"):
        assert client.get(reverse(name)).status_code == 200, name
