"""The scheduled jobs: each run twice produces everything once, and costs the
same number of queries for 5 units as for 50."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Notification, Unit
from cases import services as case_services
from cases.models import Case, ClosingSubmission, LookBack
from petitions import services as petition_services
from supervision.models import (
    DailyReport,
    MissingReport,
    ReportingPeriod,
    SupervisionOrder,
    UrgentReport,
)
from supervision.services import jobs
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DAY = datetime.date(2026, 11, 20)


def at(hour, minute=0, second=0, day=DAY):
    return datetime.datetime(
        day.year, day.month, day.day, hour, minute, second, tzinfo=SHANGHAI
    )


def make_units(n, start=0):
    units = []
    for i in range(start, start + n):
        unit = UnitFactory(code=f"u{i}", name=f"第{i}镇", kind=Unit.Kind.TOWNSHIP)
        UserFactory(username=f"lx{i}", role="liaison", unit=unit)
        units.append(unit)
    return units


@pytest.fixture
def period(clerk):
    return ReportingPeriod.objects.create(
        name="重大会议期间",
        start_date=DAY - datetime.timedelta(days=2),
        end_date=DAY + datetime.timedelta(days=5),
        cutoff_time=datetime.time(17, 0),
        reminder_minutes=60,
        created_by=clerk,
    )


def count_queries(function, *args):
    with CaptureQueriesContext(connection) as ctx:
        result = function(*args)
    return len(ctx.captured_queries), result


# --- daily reports: reminders and the sweep at the cutoff (Asia/Shanghai) -----------


def test_reminder_goes_before_the_cutoff_to_units_that_have_not_filed(period, clerk):
    filed, silent = make_units(2)
    DailyReport.objects.create(
        period=period, unit=filed, date=DAY, kind="zero", submitted_by=clerk
    )
    assert jobs.remind_before_cutoff(at(15, 59)) == 0  # not yet the reminder time
    assert jobs.remind_before_cutoff(at(16, 30)) == 1
    assert jobs.remind_before_cutoff(at(16, 40)) == 0  # twice: still once
    note = Notification.objects.get()
    assert note.user.unit == silent
    assert jobs.remind_before_cutoff(at(17, 0)) == 0  # the cutoff has passed


def test_sweep_at_the_cutoff_boundary(period, clerk):
    on_time, late, silent = make_units(3)
    DailyReport.objects.create(
        period=period, unit=on_time, date=DAY, kind="daily", submitted_by=clerk
    )
    # Before today's cutoff only the two earlier days count: 3 units × 2 days.
    assert jobs.sweep_missing_reports(at(16, 59, 59)) == 6
    assert not MissingReport.objects.filter(date=DAY).exists()
    DailyReport.objects.create(
        period=period, unit=late, date=DAY, kind="zero", submitted_by=clerk
    )
    assert jobs.sweep_missing_reports(at(17, 0, 0)) == 1
    assert list(
        MissingReport.objects.filter(date=DAY).values_list("unit", flat=True)
    ) == [silent.pk]


def test_sweep_twice_records_and_notifies_once(period, clerk):
    make_units(3)
    first = jobs.sweep_missing_reports(at(18))
    notes = Notification.objects.count()
    assert first == 9  # three units × three days
    assert jobs.sweep_missing_reports(at(18)) == 0
    assert jobs.sweep_missing_reports(at(18, 30)) == 0
    assert MissingReport.objects.count() == 9
    assert Notification.objects.count() == notes


@pytest.mark.parametrize(
    "job",
    [
        lambda: jobs.remind_before_cutoff(at(16, 30)),
        lambda: jobs.sweep_missing_reports(at(18)),
    ],
)
def test_report_jobs_cost_the_same_for_5_and_50_units(period, job):
    make_units(5)
    few, _ = count_queries(job)
    make_units(45, start=5)
    Notification.objects.all().delete()
    MissingReport.objects.all().delete()
    many, _ = count_queries(job)
    assert few == many


# --- look-backs and deadlines -------------------------------------------------------


def test_lookback_reminders_once_per_state(make_case, liaison):
    case = make_case("closed")
    lookback = case.lookbacks.order_by("due_date").first()
    today = lookback.due_date - datetime.timedelta(days=3)
    assert jobs.lookback_reminders(today) == 1
    assert jobs.lookback_reminders(today) == 0
    assert jobs.lookback_reminders(lookback.due_date) == 1  # now due: a second notice
    assert Notification.objects.filter(user=liaison).count() == 2


def test_deadline_warnings_by_level_once(make_case, liaison, leader):
    case = make_case("in_progress")
    Case.objects.filter(pk=case.pk).update(due_date=DAY)
    soon = DAY - datetime.timedelta(days=1)
    assert jobs.deadline_warnings(soon) == 2  # the unit's liaison and the leader
    assert jobs.deadline_warnings(soon) == 0
    assert jobs.deadline_warnings(DAY + datetime.timedelta(days=1)) == 2  # overdue
    # Long overdue from the 31st day after (30 days by default): announced then.
    assert jobs.deadline_warnings(DAY + datetime.timedelta(days=31)) == 2  # long
    assert Notification.objects.filter(user=liaison).count() == 3
    # Months later the job does not read it again: the backlog of old overdue
    # items costs the daily job nothing.
    assert jobs.deadline_warnings(DAY + datetime.timedelta(days=90)) == 0


def test_a_missed_day_is_caught_up_within_a_week(make_case, liaison):
    case = make_case("in_progress")
    Case.objects.filter(pk=case.pk).update(due_date=DAY)
    # The job did not run for five days after the due date: overdue all the same.
    assert jobs.deadline_warnings(DAY + datetime.timedelta(days=5)) == 2
    assert Notification.objects.filter(user=liaison, key__contains="overdue").exists()


def test_deadline_warnings_cost_the_same_for_few_and_many_cases(make_case):
    for i in range(2):
        c = make_case("follow_up", title=f"案件{i}")
        Case.objects.filter(pk=c.pk).update(due_date=DAY)
    few, _ = count_queries(jobs.deadline_warnings, DAY + datetime.timedelta(days=1))
    for i in range(2, 20):
        c = make_case("follow_up", title=f"案件{i}")
        Case.objects.filter(pk=c.pk).update(due_date=DAY)
    Notification.objects.all().delete()
    many, _ = count_queries(jobs.deadline_warnings, DAY + datetime.timedelta(days=1))
    assert few == many


# --- urgent reports -----------------------------------------------------------------


def test_unacknowledged_urgent_report_escalates_once_to_the_bureau_head(
    settings, clerk, liaison, bureau
):
    settings.URGENT_ESCALATION_MINUTES = 30
    head = UserFactory(username="head", role="clerk", unit=bureau)
    Unit.objects.filter(pk=bureau.pk).update(head=head)
    report = UrgentReport.objects.create(
        unit=liaison.unit,
        title="群众聚集",
        content="约20人在镇政府门前聚集",
        reported_by=liaison,
        reported_at=at(9, 0),
    )
    assert jobs.escalate_urgent_reports(at(9, 29)) == 0
    assert jobs.escalate_urgent_reports(at(9, 31)) == 1
    assert jobs.escalate_urgent_reports(at(9, 45)) == 0
    report.refresh_from_db()
    assert report.escalated_at == at(9, 31)
    assert list(Notification.objects.values_list("user", flat=True)) == [head.pk]


def test_an_acknowledged_urgent_report_does_not_escalate(settings, clerk, liaison):
    UrgentReport.objects.create(
        unit=liaison.unit,
        title="x",
        content="y",
        reported_by=liaison,
        reported_at=at(9, 0),
        acknowledged_by=clerk,
        acknowledged_at=at(9, 5),
    )
    assert jobs.escalate_urgent_reports(at(10)) == 0


# --- automatic supervision orders ---------------------------------------------------


def test_half_the_time_gone_without_progress(make_case, clerk):
    case = make_case("in_progress")
    case_services.case_accept(case=case, actor=clerk, accepted_on=DAY)
    case.refresh_from_db()
    half = DAY + (case.due_date - DAY) / 2
    assert jobs.auto_supervision_orders(half - datetime.timedelta(days=1)) == 0
    assert jobs.auto_supervision_orders(half) == 1
    assert jobs.auto_supervision_orders(half + datetime.timedelta(days=3)) == 0
    order = SupervisionOrder.objects.get()
    assert order.trigger == "half_time"
    assert order.number == f"DB{order.issued_at.year}{order.pk:06d}"
    assert order.unit == case.owning_unit


def test_progress_prevents_the_half_time_order(make_case, clerk, liaison):
    case = make_case("in_progress")
    case_services.case_accept(case=case, actor=clerk, accepted_on=timezone.localdate())
    case_services.progress_add(case=case, actor=liaison, content="已约谈")
    assert (
        jobs.auto_supervision_orders(timezone.localdate() + datetime.timedelta(days=40))
        == 0
    )


def test_petitioner_came_back_about_an_open_case(make_case, clerk):
    case = make_case("in_progress")
    petition_services.petition_register(
        actor=clerk,
        channel="visit",
        received_at=timezone.now(),
        people=[petition_services.PersonInput(name="王五")],
        content="再次来访",
        attach_to=case,
    )
    today = timezone.localdate()
    assert jobs.auto_supervision_orders(today) == 1
    assert jobs.auto_supervision_orders(today) == 0
    assert SupervisionOrder.objects.get().trigger == "petitioner_back"


def test_returned_closing_not_resubmitted_in_5_days(make_case, clerk):
    case = make_case("closing_submitted")
    case_services.closing_return(case=case, actor=clerk, reason="材料不全")
    ClosingSubmission.objects.filter(case=case).update(
        decided_at=timezone.now() - datetime.timedelta(days=6)
    )
    today = timezone.localdate()
    assert jobs.auto_supervision_orders(today) == 1
    assert jobs.auto_supervision_orders(today) == 0
    assert SupervisionOrder.objects.get().trigger == "not_resubmitted"


def test_automatic_orders_are_numbered_as_they_are_made(
    make_case, clerk, liaison, client
):
    cases = [make_case("in_progress", title=f"案件{i}") for i in range(3)]
    wanted = [
        (c.pk, c.owning_unit_id, "half_time", "accepted:x", "要求", DAY) for c in cases
    ]
    # The same order twice (a second beat got there first): made once.
    assert jobs._create_orders([*wanted, wanted[0]]) == 3
    orders = list(SupervisionOrder.objects.order_by("pk"))
    year = timezone.localdate().year
    assert [o.number for o in orders] == [f"DB{year}{o.pk:06d}" for o in orders]
    assert all(o.issued_at for o in orders)
    # An order made by hand afterwards takes the next id and number.
    manual = SupervisionOrder.objects.create(
        case=cases[0], unit=cases[0].owning_unit, requirements="人工督办", deadline=DAY
    )
    assert manual.pk > orders[-1].pk
    # The unit's liaison is told once, in a digest naming the three orders and
    # leading to the unit's open orders.
    digest = Notification.objects.get(user=liaison)
    assert digest.title == "本单位新增督办单 3 件"
    assert digest.body.splitlines() == [
        f"{o.number}  办理时限过半仍无进展" for o in orders
    ]
    assert digest.url == f"/supervision/?status=open&unit={liaison.unit_id}"
    client.force_login(liaison)
    page = client.get(digest.url).content.decode()
    assert all(o.number in page for o in orders)
    assert jobs._create_orders(wanted) == 0
    assert Notification.objects.count() == 1


def test_one_new_order_is_notified_as_itself(make_case, clerk, liaison):
    case = make_case("in_progress")
    case_services.case_accept(case=case, actor=clerk, accepted_on=DAY)
    case.refresh_from_db()
    assert jobs.auto_supervision_orders(case.due_date) == 1
    order = SupervisionOrder.objects.get()
    note = Notification.objects.get(user=liaison, key=f"order:{order.pk}")
    assert note.title == f"新督办单 {order.number}"
    assert note.url == f"/supervision/orders/{order.pk}/"


def test_a_long_digest_names_twenty_orders_and_counts_the_rest(liaison):
    unit = liaison.unit_id
    created = [(100 + i, f"DB2026{100 + i:06d}", unit, "half_time") for i in range(23)]
    [notice] = jobs._new_order_notices(created)
    assert notice.user_id == liaison.pk
    assert notice.key == f"orders:{unit}:100"
    assert notice.title == "本单位新增督办单 23 件"
    lines = notice.body.splitlines()
    assert lines[0] == "DB2026000100  办理时限过半仍无进展"
    assert lines[19] == "DB2026000119  办理时限过半仍无进展"
    assert lines[20:] == ["……另有 3 件"]


def test_a_unit_without_liaisons_gets_no_notice(liaison):
    other = UnitFactory(code="empty", name="无联络员镇")
    assert jobs._new_order_notices([(1, "DB2026000001", other.pk, "half_time")]) == []


def test_closed_cases_get_no_automatic_orders(make_case):
    make_case("closed")
    assert (
        jobs.auto_supervision_orders(timezone.localdate() + datetime.timedelta(days=90))
        == 0
    )
    assert not LookBack.objects.filter(result="recurred").exists()


def _busy_county(make_case, clerk, n, start=0):
    """n units, each with an overdue closed-case look-back, a repeat petition on
    an open case and an unacknowledged urgent report."""
    units = make_units(n, start=start)
    for unit in units:
        liaison = unit.members.get()
        closed = make_case(
            "closed", title=f"{unit.name}已结案件", unit=unit, worker=liaison
        )
        LookBack.objects.filter(case=closed).update(due_date=DAY)
        open_case = make_case("in_progress", title=f"{unit.name}在办案件", unit=unit)
        petition_services.petition_register(
            actor=clerk,
            channel="visit",
            received_at=timezone.now(),
            people=[petition_services.PersonInput(name="赵六")],
            content="再次来访",
            attach_to=open_case,
        )
        UrgentReport.objects.create(
            unit=unit,
            title="x",
            content="y",
            reported_by=liaison,
            reported_at=at(8),
        )


@pytest.mark.parametrize(
    "job",
    [
        lambda: jobs.lookback_reminders(DAY),
        lambda: jobs.escalate_urgent_reports(at(12)),
        lambda: jobs.auto_supervision_orders(timezone.localdate()),
    ],
    ids=["lookbacks", "urgent", "auto-orders"],
)
def test_jobs_cost_the_same_for_few_and_many_units(make_case, clerk, job):
    _busy_county(make_case, clerk, 2)
    few, produced_few = count_queries(job)
    assert produced_few >= 2
    _busy_county(make_case, clerk, 8, start=2)
    many, produced_many = count_queries(job)
    assert produced_many >= 8
    assert few == many
