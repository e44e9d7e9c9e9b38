import pytest
from django.core import mail
from django.urls import reverse

from accounts import notifications
from accounts.models import Notification

pytestmark = pytest.mark.django_db


def test_the_same_event_notifies_each_person_once(clerk, liaison):
    first = notifications.notify(
        users=[clerk, liaison], key="lookback-due:1", title="回头看到期"
    )
    again = notifications.notify(
        users=[clerk, liaison], key="lookback-due:1", title="回头看到期"
    )
    assert (first, again) == (2, 0)
    assert Notification.objects.count() == 2


def test_emails_go_to_users_with_an_address_once(
    clerk, liaison, django_capture_on_commit_callbacks
):
    clerk.email = "clerk@example.gov.cn"
    clerk.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notifications.notify(users=[clerk, liaison], key="k1", title="急事急报")
    assert len(callbacks) == 1  # the email task is enqueued after commit
    assert notifications.send_pending_emails() == 1
    assert notifications.send_pending_emails() == 0
    assert [m.to for m in mail.outbox] == [["clerk@example.gov.cn"]]
    assert mail.outbox[0].subject == "急事急报"


def test_no_task_is_enqueued_when_nothing_is_new(
    clerk, django_capture_on_commit_callbacks
):
    notifications.notify(users=[clerk], key="k2", title="x")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notifications.notify(users=[clerk], key="k2", title="x")
    assert callbacks == []


def test_unread_count_in_the_header_and_mark_read(login, clerk):
    notifications.notify(users=[clerk], key="a", title="第一条", url="/cases/")
    notifications.notify(users=[clerk], key="b", title="第二条")
    client = login(clerk)
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="unread-count">2<' in html
    note = Notification.objects.get(key="a")
    response = client.post(
        reverse("accounts:notification_read", args=[note.pk]), {"next": note.url}
    )
    assert response["Location"] == "/cases/"
    html = client.get(reverse("accounts:notifications")).content.decode()
    assert "第一条" in html
    assert 'data-testid="unread-count">1<' in html
    client.post(reverse("accounts:notifications_read_all"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_mark_read_does_not_redirect_off_site(login, clerk):
    notifications.notify(users=[clerk], key="a", title="x")
    note = Notification.objects.get()
    response = login(clerk).post(
        reverse("accounts:notification_read", args=[note.pk]),
        {"next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("accounts:notifications")


def test_users_see_only_their_own(login, clerk, liaison):
    notifications.notify(users=[clerk], key="a", title="给科员的")
    html = login(liaison).get(reverse("accounts:notifications")).content.decode()
    assert "给科员的" not in html
    note = Notification.objects.get()
    login(liaison).post(reverse("accounts:notification_read", args=[note.pk]))
    note.refresh_from_db()
    assert note.read_at is None


def test_many_notices_cost_one_statement_and_land_once(clerk, liaison):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def notices(n, start=0):
        return [
            notifications.Notice(user.pk, f"k:{i}", f"通知{i}", url=f"/cases/{i}/")
            for i in range(start, start + n)
            for user in (clerk, liaison)
        ]

    with CaptureQueriesContext(connection) as few:
        assert notifications.notify_many(notices(2)) == 4
    # Past any batch size: still one statement, and what exists is left alone.
    with CaptureQueriesContext(connection) as many:
        assert notifications.notify_many(notices(1500)) == 2996
    assert len(few.captured_queries) == len(many.captured_queries) == 1
    assert Notification.objects.count() == 3000
    note = Notification.objects.get(user=liaison, key="k:1499")
    assert (note.title, note.url, note.read_at) == ("通知1499", "/cases/1499/", None)
    assert notifications.notify_many(notices(3, start=1499)) == 4


def test_a_long_title_is_cut_to_the_column(clerk):
    notice = notifications.Notice(clerk.pk, "long", "长" * 300, body="正文" * 500)
    assert notifications.notify_many([notice, notice]) == 1
    note = Notification.objects.get()
    assert note.title == "长" * 200
    assert note.body == "正文" * 500
