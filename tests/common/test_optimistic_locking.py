"""Optimistic locking beyond the case pages: reception days and supervision
orders. Two people open the same form; the first to save wins, the second gets
the conflict page (409, the form as typed and the message) and nothing of theirs
is saved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from common.errors import EditConflict
from common.roles import Role
from petitions import services as petition_services
from petitions.models import ReceptionDay
from supervision.models import SupervisionOrder
from supervision.services import orders as order_services
from tests.conftest import Client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_clerk(bureau):
    return UserFactory(username="clerk2", name="刘科员", role=Role.CLERK, unit=bureau)


def as_user(user):
    """A browser of its own for each person."""
    client = Client()
    client.force_login(user)
    return client


def conflict_shown(response) -> bool:
    return response.status_code == 409 and 'data-testid="form-error"' in (
        response.content.decode()
    )


# --- reception days ------------------------------------------------------------------


@pytest.fixture
def day(clerk, leader):
    return petition_services.reception_day_save(
        actor=clerk,
        leader=leader,
        date=timezone.localdate() + datetime.timedelta(days=7),
        start_time=datetime.time(9),
        end_time=datetime.time(11),
        place="县信访局接待室",
    )


def day_post(day, version, **changes):
    return {
        "leader": day.leader_id,
        "date": day.date.isoformat(),
        "start_time": "09:00",
        "end_time": "11:00",
        "place": day.place,
        "topics": "",
        "is_published": "on",
        "version": version,
        **changes,
    }


def test_the_edit_form_carries_the_version(clerk, day):
    url = reverse("petitions:reception_day_edit", args=[day.pk])
    html = as_user(clerk).get(url).content.decode()
    assert 'type="hidden" name="version" value="1"' in html


def test_the_second_of_two_stale_reception_day_edits_is_refused(
    clerk, second_clerk, day
):
    url = reverse("petitions:reception_day_edit", args=[day.pk])
    first, second = as_user(clerk), as_user(second_clerk)
    version = first.get(url).context["form"]["version"].value()
    assert second.get(url).context["form"]["version"].value() == version

    response = first.post(url, day_post(day, version, place="县委大院一楼"))
    assert response.status_code == 302
    response = second.post(url, day_post(day, version, topics="征地拆迁"))

    assert conflict_shown(response)
    # The form comes back as the second person typed it.
    assert response.context["form"]["topics"].value() == "征地拆迁"
    saved = ReceptionDay.objects.get(pk=day.pk)
    assert (saved.place, saved.topics, saved.version) == ("县委大院一楼", "", 2)


def test_a_fresh_reception_day_edit_after_a_reload_is_saved(clerk, day):
    url = reverse("petitions:reception_day_edit", args=[day.pk])
    client = as_user(clerk)
    client.post(url, day_post(day, 1, place="县委大院一楼"))
    version = client.get(url).context["form"]["version"].value()
    assert version == 2
    assert client.post(url, day_post(day, version, topics="征地")).status_code == 302
    assert ReceptionDay.objects.get(pk=day.pk).topics == "征地"


def test_the_service_refuses_a_stale_version(clerk, leader, day):
    kwargs = {
        "actor": clerk,
        "leader": leader,
        "date": day.date,
        "start_time": day.start_time,
        "end_time": day.end_time,
        "reception_day": day,
    }
    petition_services.reception_day_save(place="一楼", expected_version=1, **kwargs)
    with pytest.raises(EditConflict):
        petition_services.reception_day_save(place="二楼", expected_version=1, **kwargs)
    assert ReceptionDay.objects.get(pk=day.pk).place == "一楼"


# --- supervision orders ---------------------------------------------------------------


@pytest.fixture
def order(clerk, make_case):
    return order_services.order_issue(
        actor=clerk,
        case=make_case("in_progress"),
        phase="during",
        requirements="五日内上门核实并书面回复",
        deadline=timezone.localdate() + datetime.timedelta(days=5),
    )


def reply_url(order):
    return reverse("supervision:order_reply", args=[order.pk])


def close_url(order):
    return reverse("supervision:order_close", args=[order.pk])


def test_the_order_page_carries_the_version_in_both_forms(liaison, clerk, order):
    html = as_user(liaison).get(order.get_absolute_url()).content.decode()
    assert 'type="hidden" name="version" value="1"' in html  # the reply form
    order_services.order_reply(order=order, actor=liaison, reply="已补发")
    html = as_user(clerk).get(order.get_absolute_url()).content.decode()
    assert 'data-action="close"' in html
    assert 'type="hidden" name="version" value="2"' in html  # reply and close forms


def test_the_second_of_two_stale_replies_is_refused(liaison, clerk, order):
    unit, bureau = as_user(liaison), as_user(clerk)
    version = unit.get(reply_url(order)).context["form"]["version"].value()

    response = unit.post(reply_url(order), {"reply": "已上门核实", "version": version})
    assert response.status_code == 302
    response = bureau.post(
        reply_url(order), {"reply": "局里代为回复", "version": version}
    )

    assert conflict_shown(response)
    assert response.context["form"]["reply"].value() == "局里代为回复"
    saved = SupervisionOrder.objects.get(pk=order.pk)
    assert (saved.reply, saved.replied_by, saved.version) == ("已上门核实", liaison, 2)


def test_the_same_reply_sent_twice_is_not_a_conflict(liaison, order):
    client = as_user(liaison)
    data = {"reply": "已上门核实", "version": 1}
    assert client.post(reply_url(order), data).status_code == 302
    assert client.post(reply_url(order), data).status_code == 302  # a double tap
    assert SupervisionOrder.objects.get(pk=order.pk).version == 2


def test_closing_on_a_reply_amended_since_is_refused(liaison, clerk, order):
    order_services.order_reply(order=order, actor=liaison, reply="已补发一半")
    bureau = as_user(clerk)
    read = bureau.get(order.get_absolute_url())
    assert "已补发一半" in read.content.decode()
    read_version = SupervisionOrder.objects.get(pk=order.pk).version

    # The unit amends its reply while the clerk is reading the first one.
    as_user(liaison).post(
        reply_url(order), {"reply": "已全部补发", "version": read_version}
    )
    response = bureau.post(close_url(order), {"version": read_version})

    assert response.status_code == 409
    assert 'data-testid="form-error"' in response.content.decode()
    # The page shows the order as it is now: the amended reply, still open to close.
    assert "已全部补发" in response.content.decode()
    saved = SupervisionOrder.objects.get(pk=order.pk)
    assert (saved.status, saved.reply) == ("replied", "已全部补发")

    response = bureau.post(close_url(order), {"version": saved.version})
    assert response.status_code == 302
    assert SupervisionOrder.objects.get(pk=order.pk).status == "closed"


def test_the_services_refuse_stale_versions(liaison, clerk, order):
    order_services.order_reply(
        order=order, actor=liaison, reply="已补发", expected_version=1
    )
    with pytest.raises(EditConflict):
        order_services.order_reply(
            order=order, actor=clerk, reply="改写", expected_version=1
        )
    with pytest.raises(EditConflict):
        order_services.order_close(order=order, actor=clerk, expected_version=1)
    saved = SupervisionOrder.objects.get(pk=order.pk)
    assert (saved.reply, saved.status) == ("已补发", "replied")
    order_services.order_close(order=order, actor=clerk, expected_version=2)
    assert SupervisionOrder.objects.get(pk=order.pk).version == 3
