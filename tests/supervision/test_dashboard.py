"""The leaders' dashboard: every number is the count of the list it links to."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from cases.models import Case, Category
from supervision.services import jobs

NUMBER = re.compile(r'href="([^"]+)" data-number="([^"]+)" data-count="(\d+)"')


def numbers_of(html):
    return [
        (href.replace("&amp;", "&"), name, int(count))
        for href, name, count in NUMBER.findall(html)
    ]


def listed_count(client, href):
    response = client.get(href)
    assert response.status_code == 200, href
    return response.context["page"].paginator.count


def make_cases(n, clerk, unit, category, start=0):
    today = timezone.localdate()
    Case.objects.bulk_create(
        [
            Case(
                number=f"B{start + i:08d}",
                title=f"批量案件{i}",
                summary="摘要",
                category=category,
                owning_unit=unit,
                status=["new", "in_progress", "closing_submitted", "closed"][i % 4],
                stage=["root_cause", "prescription", "follow_up"][i % 3],
                due_date=today + datetime.timedelta(days=(i % 60) - 30),
                closed_at=timezone.now() if i % 4 == 3 else None,
                is_key=i % 10 == 0,
                created_by=clerk,
            )
            for i in range(n)
        ]
    )


@pytest.mark.django_db
def test_dashboard_query_count_is_the_same_for_10_and_500_cases(login, clerk, township):
    category = Category.objects.get(code="land")
    client = login(clerk)
    make_cases(10, clerk, township, category)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("dashboard:index")).status_code == 200
    make_cases(490, clerk, township, category, start=10)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("dashboard:index")).status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries)


@pytest.mark.django_db
def test_a_liaison_sees_only_their_units_cases(
    login, liaison, make_case, other_township
):
    make_case("in_progress", title="本镇案件")
    make_case("in_progress", title="外镇案件", unit=other_township)
    make_case("in_progress", title="另一外镇案件", unit=other_township)
    response = login(liaison).get(reverse("dashboard:index"))
    found = {name: count for _, name, count in numbers_of(response.content.decode())}
    assert found["open"] == 1
    assert "外镇案件" not in response.content.decode()


@pytest.mark.django_db
def test_a_leader_sees_my_cases(login, leader, make_case, other_township, leadership):
    from tests.factories import UserFactory

    make_case("in_progress", title="我包的案件")
    someone = UserFactory(username="leader9", role="leader", unit=leadership)
    make_case("in_progress", title="别人包的案件", case_leader=someone)
    response = login(leader).get(reverse("dashboard:index"))
    found = {name: count for _, name, count in numbers_of(response.content.decode())}
    assert found["mine"] == 1
    assert found["open"] == 2  # leaders read every case


@pytest.mark.django_db
def test_admins_have_no_dashboard(login, admin_user):
    assert login(admin_user).get(reverse("dashboard:index")).status_code == 403


@pytest.mark.django_db
def test_weekly_briefing_once_per_leader_and_week(make_case, leader, clerk):
    case = make_case("in_progress")
    Case.objects.filter(pk=case.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=2)
    )
    monday = timezone.localdate()
    assert jobs.weekly_briefing(monday) == 1
    assert jobs.weekly_briefing(monday) == 0
    note = Notification.objects.get(user=leader)
    assert note.key.startswith(f"briefing:{leader.pk}:")
    assert case.number in note.body
    assert jobs.weekly_briefing(monday + datetime.timedelta(days=7)) == 1


@pytest.mark.django_db
def test_weekly_briefing_costs_the_same_for_few_and_many_cases(
    make_case, leader, clerk
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = timezone.localdate()

    def add(n, start):
        for i in range(start, start + n):
            case = make_case("in_progress", title=f"案件{i}")
            Case.objects.filter(pk=case.pk).update(
                due_date=today - datetime.timedelta(days=i + 1)
            )

    add(2, 0)
    with CaptureQueriesContext(connection) as few:
        assert jobs.weekly_briefing(today) == 1
    Notification.objects.all().delete()
    add(18, 2)
    with CaptureQueriesContext(connection) as many:
        assert jobs.weekly_briefing(today) == 1
    assert len(few.captured_queries) == len(many.captured_queries)
    body = Notification.objects.get(user=leader).body
    # The ten most overdue first, the oldest deadline at the top.
    listed = [line.split("：")[1].split()[0] for line in body.splitlines()[1:]]
    by_due = Case.objects.order_by("due_date").values_list("number", flat=True)
    assert listed == list(by_due[:10])
