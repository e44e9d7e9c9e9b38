"""Supervision orders (督办单) and accountability / commendation records."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from common.errors import ActionRefused
from supervision.models import AccountabilityRecord, SupervisionOrder
from supervision.services import orders as services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def days(n):
    return TODAY() + datetime.timedelta(days=n)


@pytest.fixture
def case(make_case):
    return make_case("in_progress")


@pytest.fixture
def issue(clerk, case):
    def _issue(**kwargs):
        kwargs.setdefault("actor", clerk)
        kwargs.setdefault("case", case)
        kwargs.setdefault("phase", "during")
        kwargs.setdefault("requirements", "五日内上门核实补偿款发放情况并书面回复")
        kwargs.setdefault("deadline", days(5))
        return services.order_issue(**kwargs)

    return _issue


def listed(response):
    return [o.pk for o in response.context["page"].object_list]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def refresh(obj):
    obj.refresh_from_db()
    return obj


# --- issuing -----------------------------------------------------------------------


def test_issue_numbers_the_order_and_notifies_the_unit_once(
    issue, liaison, other_liaison, clerk, township
):
    colleague = UserFactory(role="liaison", unit=township)
    UserFactory(role="liaison", unit=township, is_active=False)
    order = issue()
    assert order.number == f"DB{TODAY():%Y}{order.pk:06d}"
    assert order.unit == township
    assert order.status == "open"
    assert order.issued_by == clerk
    notified = Notification.objects.filter(key=f"order:{order.pk}")
    assert sorted(notified.values_list("user_id", flat=True)) == sorted(
        [liaison.pk, colleague.pk]
    )
    assert notified.get(user=liaison).url == order.get_absolute_url()
    assert not Notification.objects.filter(user=other_liaison).exists()


def test_issue_to_another_unit_than_the_owner(issue, other_township, other_liaison):
    order = issue(unit=other_township)
    assert order.unit == other_township
    assert Notification.objects.filter(
        user=other_liaison, key=f"order:{order.pk}"
    ).exists()


def test_issue_refuses_a_case_without_a_unit(issue, make_case):
    unassigned = make_case("new", title="尚未交办的案件")
    with pytest.raises(ActionRefused):
        issue(case=unassigned)
    assert not SupervisionOrder.objects.exists()


def test_issue_refuses_a_deadline_in_the_past(issue):
    with pytest.raises(ActionRefused):
        issue(deadline=days(-1))
    assert not SupervisionOrder.objects.exists()


def test_only_a_clerk_issues_manual_orders(issue, liaison, leader):
    for user in (liaison, leader):
        with pytest.raises(ActionRefused):
            issue(actor=user)
    assert not SupervisionOrder.objects.exists()


def test_automatic_order_with_the_same_trigger_is_created_once(issue, liaison):
    first = issue(actor=None, trigger="half_time", trigger_ref="clock:1")
    second = issue(actor=None, trigger="half_time", trigger_ref="clock:1")
    assert first.pk == second.pk
    assert SupervisionOrder.objects.count() == 1
    assert first.issued_by is None
    assert first.number.startswith("DB")
    assert Notification.objects.filter(user=liaison).count() == 1
    # Another reference is another order.
    issue(actor=None, trigger="half_time", trigger_ref="clock:2")
    assert SupervisionOrder.objects.count() == 2


def test_automatic_order_lost_race_returns_the_winner(issue, monkeypatch):
    """Two runs at once: the loser's insert hits the constraint inside a
    savepoint and it returns the winner's order."""
    first = issue(actor=None, trigger="petitioner_back", trigger_ref="petition:7")
    original = services._automatic_order
    calls = []

    def missed_once(*args):
        calls.append(args)
        return None if len(calls) == 1 else original(*args)

    monkeypatch.setattr(services, "_automatic_order", missed_once)
    again = issue(actor=None, trigger="petitioner_back", trigger_ref="petition:7")
    assert again.pk == first.pk
    assert len(calls) == 2
    assert SupervisionOrder.objects.count() == 1


def test_clerk_issues_an_order_through_the_form(login, clerk, case, liaison):
    client = login(clerk)
    page = client.get(reverse("supervision:order_issue"), {"case": case.pk})
    assert page.status_code == 200
    assert f'<option value="{case.pk}" selected>' in page.content.decode()
    response = client.post(
        reverse("supervision:order_issue"),
        {
            "case": case.pk,
            "phase": "before",
            "requirements": "核实情况，提出化解方案",
            "deadline": days(7).isoformat(),
        },
    )
    order = SupervisionOrder.objects.get()
    assert response.status_code == 302
    assert response["Location"] == order.get_absolute_url()
    assert order.unit == case.owning_unit
    assert order.phase == "before"
    assert Notification.objects.filter(user=liaison, key=f"order:{order.pk}").exists()


def test_past_deadline_is_a_field_error_and_saves_nothing(login, clerk, case):
    response = login(clerk).post(
        reverse("supervision:order_issue"),
        {
            "case": case.pk,
            "phase": "during",
            "requirements": "",
            "deadline": days(-2).isoformat(),
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-field-error="deadline"' in html
    assert 'data-field-error="requirements"' in html
    assert not SupervisionOrder.objects.exists()
    assert not Notification.objects.exists()


def test_case_without_a_unit_asks_for_one_on_the_form(login, clerk, make_case):
    unassigned = make_case("new", title="尚未交办的案件")
    response = login(clerk).post(
        reverse("supervision:order_issue"),
        {
            "case": unassigned.pk,
            "phase": "during",
            "requirements": "核实情况",
            "deadline": days(3).isoformat(),
        },
    )
    assert response.status_code == 400
    assert 'data-field-error="unit"' in response.content.decode()
    assert not SupervisionOrder.objects.exists()


@pytest.mark.parametrize("who", ["liaison", "leader", "admin_user"])
def test_only_clerks_open_the_issue_form(request, login, who):
    client = login(request.getfixturevalue(who))
    assert client.get(reverse("supervision:order_issue")).status_code == 403


# --- replying and closing --------------------------------------------------------


def test_unit_replies_and_the_issuing_clerk_is_notified(issue, liaison, clerk):
    order = issue()
    replied = services.order_reply(order=order, actor=liaison, reply="已上门核实并补发")
    assert replied.status == "replied"
    assert replied.replied_by == liaison
    assert replied.replied_at is not None
    notes = Notification.objects.filter(user=clerk)
    assert [n.key.startswith(f"order-reply:{order.pk}:") for n in notes] == [True]


def test_the_same_reply_twice_changes_nothing(issue, liaison, clerk):
    order = issue()
    first = services.order_reply(order=order, actor=liaison, reply="已补发")
    again = services.order_reply(order=order, actor=liaison, reply="已补发")
    assert again.replied_at == first.replied_at
    assert Notification.objects.filter(user=clerk).count() == 1


def test_the_unit_may_amend_its_reply_until_closed(issue, liaison, clerk):
    order = issue()
    services.order_reply(order=order, actor=liaison, reply="已补发一半")
    amended = services.order_reply(order=order, actor=liaison, reply="已全部补发")
    assert amended.reply == "已全部补发"
    assert amended.status == "replied"
    assert Notification.objects.filter(user=clerk).count() == 2


def test_reply_to_a_closed_order_is_refused(issue, liaison, clerk):
    order = issue()
    services.order_reply(order=order, actor=liaison, reply="已补发")
    services.order_close(order=order, actor=clerk)
    with pytest.raises(ActionRefused):
        services.order_reply(order=order, actor=liaison, reply="再补充")
    order = refresh(order)
    assert order.status == "closed"
    assert order.reply == "已补发"


def test_another_units_liaison_cannot_reply(issue, other_liaison):
    order = issue()
    with pytest.raises(ActionRefused):
        services.order_reply(order=order, actor=other_liaison, reply="越权回复")
    assert refresh(order).status == "open"


def test_close_needs_a_reply_first(issue, clerk):
    order = issue()
    with pytest.raises(ActionRefused):
        services.order_close(order=order, actor=clerk)
    assert refresh(order).status == "open"


def test_close_is_idempotent_and_for_clerks_only(issue, liaison, clerk):
    order = issue()
    services.order_reply(order=order, actor=liaison, reply="已补发")
    with pytest.raises(ActionRefused):
        services.order_close(order=order, actor=liaison)
    assert services.order_close(order=order, actor=clerk).status == "closed"
    assert services.order_close(order=order, actor=clerk).status == "closed"


def test_reply_and_close_through_http(login, issue, liaison, clerk):
    order = issue()
    client = login(liaison)
    detail = client.get(order.get_absolute_url())
    assert 'data-testid="reply-form"' in detail.content.decode()
    assert 'data-action="close"' not in detail.content.decode()
    response = client.post(
        reverse("supervision:order_reply", args=[order.pk]), {"reply": "已补发到位"}
    )
    assert response.status_code == 302
    assert refresh(order).status == "replied"
    assert (
        client.post(reverse("supervision:order_close", args=[order.pk])).status_code
        == 403
    )
    assert refresh(order).status == "replied"

    client = login(clerk)
    assert (
        'data-action="close"' in client.get(order.get_absolute_url()).content.decode()
    )
    response = client.post(reverse("supervision:order_close", args=[order.pk]))
    assert response.status_code == 302
    assert refresh(order).status == "closed"
    html = client.get(order.get_absolute_url()).content.decode()
    assert 'data-testid="reply-form"' not in html


def test_empty_reply_is_a_field_error(login, issue, liaison):
    order = issue()
    response = login(liaison).post(
        reverse("supervision:order_reply", args=[order.pk]), {"reply": "  "}
    )
    assert response.status_code == 400
    assert 'data-field-error="reply"' in response.content.decode()
    assert refresh(order).status == "open"


def test_reply_to_a_closed_order_through_http_is_refused(login, issue, liaison, clerk):
    order = issue()
    services.order_reply(order=order, actor=liaison, reply="已补发")
    services.order_close(order=order, actor=clerk)
    response = login(liaison).post(
        reverse("supervision:order_reply", args=[order.pk]),
        {"reply": "补充说明"},
        follow=True,
    )
    assert response.status_code == 200
    assert list(response.context["messages"])
    assert refresh(order).reply == "已补发"


def test_close_of_an_unreplied_order_through_http_is_refused(login, issue, clerk):
    order = issue()
    response = login(clerk).post(
        reverse("supervision:order_close", args=[order.pk]), follow=True
    )
    assert response.status_code == 200
    assert list(response.context["messages"])
    assert refresh(order).status == "open"


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("supervision:order_detail", "get"),
        ("supervision:order_print", "get"),
        ("supervision:order_reply", "get"),
        ("supervision:order_reply", "post"),
        ("supervision:order_close", "post"),
    ],
)
def test_another_units_liaison_sees_nothing(login, issue, other_liaison, name, method):
    order = issue()
    client = login(other_liaison)
    response = getattr(client, method)(
        reverse(name, args=[order.pk]), {"reply": "越权"}
    )
    assert response.status_code == 404
    assert refresh(order).status == "open"


def test_unknown_order_is_404(login, clerk):
    response = login(clerk).get(reverse("supervision:order_detail", args=[999999]))
    assert response.status_code == 404


# --- the list: scope, filters, query count ---------------------------------------


@pytest.fixture
def spread(issue, make_case, other_township, liaison, clerk):
    """Three orders: ours open, ours replied, another unit's overdue."""
    ours = issue(phase="before")
    replied = issue(phase="during")
    services.order_reply(order=replied, actor=liaison, reply="已办")
    theirs_case = make_case("in_progress", title="西山乡案件", unit=other_township)
    theirs = issue(case=theirs_case, phase="after")
    SupervisionOrder.objects.filter(pk=theirs.pk).update(deadline=days(-3))
    return ours, replied, theirs


def test_liaison_lists_their_own_units_orders_only(login, liaison, spread):
    ours, replied, _ = spread
    response = login(liaison).get(reverse("supervision:index"))
    assert sorted(listed(response)) == sorted([ours.pk, replied.pk])
    assert 'data-testid="issue-order"' not in response.content.decode()


@pytest.mark.parametrize("who", ["clerk", "leader"])
def test_clerks_and_leaders_list_every_order(request, login, spread, who):
    response = login(request.getfixturevalue(who)).get(reverse("supervision:index"))
    assert len(listed(response)) == 3
    html = response.content.decode()
    assert ('data-testid="issue-order"' in html) == (who == "clerk")


def test_admin_has_no_order_list(login, admin_user):
    assert login(admin_user).get(reverse("supervision:index")).status_code == 403


def test_list_filters(login, clerk, spread, other_township):
    ours, replied, theirs = spread
    client = login(clerk)

    def get(**query):
        return sorted(listed(client.get(reverse("supervision:index"), query)))

    assert get(status="replied") == [replied.pk]
    assert get(status="open") == sorted([ours.pk, theirs.pk])
    assert get(phase="after") == [theirs.pk]
    assert get(unit=other_township.pk) == [theirs.pk]
    assert get(overdue="true") == [theirs.pk]
    assert get(overdue="false") == sorted([ours.pk, replied.pk])
    assert get(ordering="deadline") == sorted([ours.pk, replied.pk, theirs.pk])


def test_overdue_orders_are_highlighted(login, clerk, spread):
    theirs = spread[2]
    html = login(clerk).get(reverse("supervision:index")).content.decode()
    assert f'data-order="{theirs.pk}" class="table-danger" data-overdue="true"' in html
    assert html.count('data-overdue="true"') == 1


def test_list_ordering_by_deadline(login, clerk, spread):
    theirs = spread[2]
    response = login(clerk).get(reverse("supervision:index"), {"ordering": "deadline"})
    assert listed(response)[0] == theirs.pk


@pytest.mark.parametrize(
    "query",
    [
        {"ordering": "issued_by__password"},
        {"ordering": "case__summary"},
        {"status": "bogus"},
        {"unit": "999999"},
        {"overdue": "maybe"},
        {"page": "abc"},
        {"unknown": "1"},
    ],
)
def test_unknown_sorting_and_filters_change_nothing(login, clerk, spread, query):
    client = login(clerk)
    default = sorted(listed(client.get(reverse("supervision:index"))))
    response = client.get(reverse("supervision:index"), query)
    assert response.status_code == 200
    assert sorted(listed(response)) == default


def test_empty_list_shows_the_empty_state(login, clerk):
    response = login(clerk).get(reverse("supervision:index"))
    assert 'data-testid="empty-state"' in response.content.decode()


def test_pagination(login, clerk, issue):
    for _ in range(27):
        issue()
    client = login(clerk)
    first = client.get(reverse("supervision:index"))
    second = client.get(reverse("supervision:index"), {"page": 2})
    assert len(listed(first)) == 25
    assert len(listed(second)) == 2
    assert not set(listed(first)) & set(listed(second))


@pytest.mark.parametrize("who", ["clerk", "liaison"])
def test_list_query_count_is_the_same_for_1_and_30_orders(
    request, login, issue, make_case, who
):
    client = login(request.getfixturevalue(who))
    issue()
    one = count_queries(client, reverse("supervision:index"))
    for i in range(29):
        issue(case=make_case("in_progress", title=f"案件{i}"))
    assert SupervisionOrder.objects.count() == 30
    assert count_queries(client, reverse("supervision:index")) == one


def test_detail_query_count_does_not_grow(login, liaison, issue, clerk):
    order = issue()
    client = login(liaison)
    one = count_queries(client, order.get_absolute_url())
    for _ in range(20):
        issue()
    services.order_reply(order=order, actor=liaison, reply="已办")
    assert count_queries(client, order.get_absolute_url()) == one


# --- the printed order -----------------------------------------------------------


def test_print_page_shows_the_number_requirements_and_lines_to_write_on(
    login, liaison, issue
):
    order = issue(requirements="立即核实补偿款\n并于五日内书面回复")
    response = login(liaison).get(reverse("supervision:order_print", args=[order.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "print.css" in html
    assert order.number in html
    assert order.case.number in html
    assert "立即核实补偿款<br>并于五日内书面回复" in html
    assert 'data-testid="print-seal"' in html
    assert html.count('data-testid="write-line"') == 8
    assert "data-print" in html


def test_printed_order_shows_the_reply_once_given(login, clerk, liaison, issue):
    order = issue()
    services.order_reply(order=order, actor=liaison, reply="已全部补发到位")
    html = (
        login(clerk)
        .get(reverse("supervision:order_print", args=[order.pk]))
        .content.decode()
    )
    assert 'data-testid="print-reply-text"' in html
    assert "已全部补发到位" in html
    assert 'data-testid="write-line"' not in html


# --- accountability and commendation records ---------------------------------------


def test_record_create_service(clerk, township, case):
    record = services.record_create(
        actor=clerk,
        kind="accountability",
        unit=township,
        person="王某",
        case=case,
        decided_on=TODAY(),
        description="推诿扯皮，约谈镇长",
    )
    assert record.recorded_by == clerk
    assert record.case == case


@pytest.mark.parametrize("who", ["liaison", "leader"])
def test_record_create_service_is_for_clerks(request, township, who):
    with pytest.raises(ActionRefused):
        services.record_create(
            actor=request.getfixturevalue(who),
            kind="commendation",
            unit=township,
            person="",
            case=None,
            decided_on=TODAY(),
            description="化解成效明显",
        )
    assert not AccountabilityRecord.objects.exists()


def test_clerk_records_through_the_form_and_lists(
    login, clerk, township, other_township, case
):
    client = login(clerk)
    assert client.get(reverse("supervision:record_create")).status_code == 200
    response = client.post(
        reverse("supervision:record_create"),
        {
            "kind": "commendation",
            "unit": township.pk,
            "person": "",
            "case": case.pk,
            "decided_on": TODAY().isoformat(),
            "description": "案件化解成效明显，予以通报表扬",
        },
    )
    assert response.status_code == 302
    record = AccountabilityRecord.objects.get()
    assert record.kind == "commendation"
    assert record.case == case
    services.record_create(
        actor=clerk,
        kind="accountability",
        unit=other_township,
        person="赵某",
        case=None,
        decided_on=TODAY(),
        description="逾期未回复督办单",
    )

    def kinds(**query):
        response = client.get(reverse("supervision:record_list"), query)
        assert response.status_code == 200
        return sorted(r.kind for r in response.context["page"].object_list)

    assert kinds() == ["accountability", "commendation"]
    assert kinds(kind="commendation") == ["commendation"]
    assert kinds(unit=other_township.pk) == ["accountability"]


def test_record_with_a_future_date_is_a_field_error(login, clerk, township):
    response = login(clerk).post(
        reverse("supervision:record_create"),
        {
            "kind": "accountability",
            "unit": township.pk,
            "decided_on": days(3).isoformat(),
            "description": "",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-field-error="decided_on"' in html
    assert 'data-field-error="description"' in html
    assert not AccountabilityRecord.objects.exists()


def test_liaison_cannot_list_records(login, liaison):
    client = login(liaison)
    assert client.get(reverse("supervision:record_list")).status_code == 403
    assert client.get(reverse("supervision:record_create")).status_code == 403


def test_leader_reads_records_but_does_not_write(login, leader, township):
    client = login(leader)
    response = client.get(reverse("supervision:record_list"))
    assert response.status_code == 200
    assert 'data-testid="new-record"' not in response.content.decode()
    assert 'data-testid="empty-state"' in response.content.decode()
    response = client.post(
        reverse("supervision:record_create"),
        {
            "kind": "commendation",
            "unit": township.pk,
            "decided_on": TODAY().isoformat(),
            "description": "表扬",
        },
    )
    assert response.status_code == 403
    assert not AccountabilityRecord.objects.exists()


def test_record_list_query_count_does_not_grow(login, clerk, township, case):
    client = login(clerk)

    def add():
        services.record_create(
            actor=clerk,
            kind="accountability",
            unit=township,
            person="",
            case=case,
            decided_on=TODAY(),
            description="约谈",
        )

    add()
    one = count_queries(client, reverse("supervision:record_list"))
    for _ in range(20):
        add()
    assert count_queries(client, reverse("supervision:record_list")) == one


@pytest.mark.parametrize("value", ["abc", "999999", ""])
def test_issue_form_ignores_an_unknown_case_to_preselect(login, clerk, case, value):
    response = login(clerk).get(reverse("supervision:order_issue"), {"case": value})
    assert response.status_code == 200
    assert f'<option value="{case.pk}" selected>' not in response.content.decode()
