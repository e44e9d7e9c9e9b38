import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from petitions.models import Petition
from petitions.services import PersonInput
from tests.petitions.conftest import ID_LI

pytestmark = pytest.mark.django_db


def test_decide_over_http_on_an_attached_petition(login, clerk, make_case, register):
    case = make_case("in_progress")
    petition = register(attach_to=case)
    response = login(clerk).post(
        reverse("petitions:decide", args=[petition.pk]),
        {"decision": "accepted", "reason": "予以受理"},
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.decision == "accepted"
    case.refresh_from_db()
    assert case.accepted_on == timezone.localdate()


def test_decide_over_http_a_new_matter_needs_a_category(
    login, clerk, register, category
):
    petition = register()
    client = login(clerk)
    url = reverse("petitions:decide", args=[petition.pk])
    refused = client.post(url, {"decision": "accepted", "reason": "予以受理"})
    assert refused.status_code == 400
    assert 'data-field-error="category"' in refused.content.decode()
    assert Petition.objects.get(pk=petition.pk).decision == "pending"
    done = client.post(
        url, {"decision": "accepted", "reason": "予以受理", "category": category.pk}
    )
    assert done.status_code == 302
    assert Petition.objects.get(pk=petition.pk).case is not None


def test_notice_and_receipt_print(login, clerk, register):
    petition = register()
    client = login(clerk)
    receipt = client.get(reverse("petitions:receipt", args=[petition.pk]))
    assert petition.query_code in receipt.content.decode()
    assert (
        client.get(reverse("petitions:notice", args=[petition.pk])).status_code == 302
    )
    client.post(
        reverse("petitions:decide", args=[petition.pk]),
        {"decision": "not_accepted", "reason": "已经依法处理。"},
    )
    notice = client.get(reverse("petitions:notice", args=[petition.pk]))
    html = notice.content.decode()
    assert "不予受理告知书" in html
    assert "已经依法处理。" in html


@pytest.mark.parametrize("who", ["liaison", "leader", "admin_user"])
def test_only_clerks_work_on_petitions(request, client, register, who):
    petition = register()
    client.force_login(request.getfixturevalue(who))
    for url in (
        reverse("petitions:index"),
        reverse("petitions:register"),
        reverse("petitions:decide", args=[petition.pk]),
        reverse("petitions:receipt", args=[petition.pk]),
        reverse("petitions:reception_days"),
    ):
        assert client.get(url).status_code in (403, 404), url


def test_liaison_sees_petitions_of_their_cases_masked(
    login, liaison, make_case, register
):
    case = make_case("in_progress")
    register(attach_to=case)
    html = login(liaison).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "张*" in html
    assert "张三" not in html


def test_petition_list_filters(login, clerk, register):
    old = register(content="很早以前的来信")
    Petition.objects.filter(pk=old.pk).update(
        handover_due=timezone.localdate() - datetime.timedelta(days=1)
    )
    register(content="今天的来访", people=[PersonInput(name="李四", id_number=ID_LI)])
    client = login(clerk)
    overdue = client.get(reverse("petitions:index"), {"overdue": "true"})
    assert [p.pk for p in overdue.context["page"].object_list] == [old.pk]
    found = client.get(reverse("petitions:index"), {"q": old.query_code})
    assert [p.pk for p in found.context["page"].object_list] == [old.pk]


def test_petition_list_query_count_does_not_grow(login, clerk, register):
    client = login(clerk)
    register()

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("petitions:index")).status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for i in range(20):
        register(content=f"第{i}件", people=[PersonInput(name=f"信访人{i}")])
    assert count() == one


def test_reception_day_schedule_form(login, clerk, leader):
    client = login(clerk)
    response = client.post(
        reverse("petitions:reception_day_new"),
        {
            "leader": leader.pk,
            "date": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
            "start_time": "09:00",
            "end_time": "08:00",
            "place": "县信访局",
        },
    )
    assert response.status_code == 400
    assert "结束时间须晚于开始时间" in response.content.decode()
