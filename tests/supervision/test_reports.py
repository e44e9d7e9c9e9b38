"""Reporting periods, daily and zero reports, the grid, urgent reports."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification, Unit
from common.errors import ActionRefused
from common.roles import Role
from supervision.models import DailyReport, MissingReport, ReportingPeriod, UrgentReport
from supervision.services import reports as services
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")
DAY = datetime.date(2026, 3, 5)  # a fixed day for the tests that fix the clock
ONE_DAY = datetime.timedelta(days=1)


def at(day, hour, minute=0, second=0):
    """An aware moment of `day` in Shanghai."""
    return datetime.datetime(
        day.year, day.month, day.day, hour, minute, second, tzinfo=SH
    )


def today():
    return timezone.localdate()


@pytest.fixture
def period(clerk):
    """A period around the real today (for the pages, which use the real clock)."""
    return services.period_declare(
        actor=clerk,
        name="全国两会报告期",
        start_date=today() - 3 * ONE_DAY,
        end_date=today() + 3 * ONE_DAY,
        cutoff_time=datetime.time(17, 0),
    )


@pytest.fixture
def fixed_period(clerk):
    """A period around DAY, for tests that pass `now=`."""
    return services.period_declare(
        actor=clerk,
        name="固定报告期",
        start_date=DAY - 2 * ONE_DAY,
        end_date=DAY + 2 * ONE_DAY,
        cutoff_time=datetime.time(17, 0),
    )


def html(response):
    return response.content.decode()


# --- filing: zero and daily reports -----------------------------------------------


def test_a_zero_report_is_one_post(login, liaison, township, period):
    client = login(liaison)
    response = client.post(reverse("reports:zero"))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:index")
    report = DailyReport.objects.get()
    assert (report.unit, report.date, report.kind) == (township, today(), "zero")
    assert (report.new_petitions, report.incidents, report.progress) == (0, "", "")
    assert report.submitted_by == liaison
    page = html(client.get(reverse("reports:index")))
    assert 'data-testid="report-confirmation"' in page
    assert 'data-testid="zero-report"' not in page


def test_the_liaison_page_offers_the_zero_report_until_filed(login, liaison, period):
    page = html(login(liaison).get(reverse("reports:index")))
    assert 'data-testid="zero-report"' in page
    assert 'data-testid="daily-report"' in page
    assert 'data-testid="urgent-report"' in page
    assert 'data-testid="report-confirmation"' not in page


def test_a_daily_report_through_the_form(login, liaison, township, period):
    client = login(liaison)
    assert client.get(reverse("reports:daily")).status_code == 200
    response = client.post(
        reverse("reports:daily"),
        {
            "date": today().isoformat(),
            "new_petitions": "3",
            "incidents": "村民聚集反映征地补偿",
            "progress": "已约谈",
            "notes": "",
        },
    )
    assert response.status_code == 302
    report = DailyReport.objects.get()
    assert report.kind == "daily"
    assert report.new_petitions == 3
    assert report.incidents == "村民聚集反映征地补偿"
    assert report.period == period
    detail = login(liaison).get(reverse("reports:daily_detail", args=[report.pk]))
    assert detail.status_code == 200
    assert "村民聚集反映征地补偿" in html(detail)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"date": "", "new_petitions": "1"}, "date"),
        ({"date": "not-a-date", "new_petitions": "1"}, "date"),
        ({"date": "TODAY", "new_petitions": "-2"}, "new_petitions"),
        ({"date": "TODAY", "new_petitions": "abc"}, "new_petitions"),
        ({"date": "TOMORROW", "new_petitions": "1"}, "date"),
    ],
)
def test_bad_daily_report_input_shows_errors_and_saves_nothing(
    login, liaison, period, data, field
):
    values = {
        "TODAY": today().isoformat(),
        "TOMORROW": (today() + ONE_DAY).isoformat(),
    }
    data = {k: values.get(v, v) for k, v in data.items()}
    response = login(liaison).post(reverse("reports:daily"), data)
    assert response.status_code == 400
    assert f'data-field-error="{field}"' in html(response)
    assert not DailyReport.objects.exists()


def test_an_empty_daily_report_is_refused(login, liaison, period):
    response = login(liaison).post(
        reverse("reports:daily"), {"date": today().isoformat(), "new_petitions": "0"}
    )
    assert response.status_code == 400
    assert 'data-testid="form-error"' in html(response)
    assert not DailyReport.objects.exists()


def test_a_second_report_for_the_same_day_is_refused(liaison, township, period):
    services.report_file(actor=liaison, unit=township, kind="zero")
    with pytest.raises(ActionRefused) as refused:
        services.report_file(
            actor=liaison, unit=township, kind="daily", new_petitions=1
        )
    assert today().isoformat() in str(refused.value.message)
    assert DailyReport.objects.count() == 1
    assert DailyReport.objects.get().kind == "zero"


def test_a_second_report_through_the_pages_shows_the_refusal(login, liaison, period):
    client = login(liaison)
    client.post(reverse("reports:zero"), follow=True)
    again = client.post(reverse("reports:zero"), follow=True)
    assert again.status_code == 200
    assert [m.level_tag for m in again.context["messages"]] == ["error"]
    response = client.post(
        reverse("reports:daily"),
        {"date": today().isoformat(), "new_petitions": "2", "incidents": "x"},
    )
    assert response.status_code == 400
    assert 'data-testid="form-error"' in html(response)
    assert DailyReport.objects.count() == 1


def test_a_future_day_is_refused(liaison, township, fixed_period):
    with pytest.raises(ActionRefused):
        services.report_file(
            actor=liaison,
            unit=township,
            date=DAY + ONE_DAY,
            kind="zero",
            now=at(DAY, 10),
        )
    assert not DailyReport.objects.exists()


def test_a_day_outside_every_period_is_refused(liaison, township, fixed_period):
    outside = DAY - 10 * ONE_DAY
    with pytest.raises(ActionRefused):
        services.report_file(
            actor=liaison, unit=township, date=outside, kind="zero", now=at(DAY, 10)
        )
    assert not DailyReport.objects.exists()


def test_without_a_period_the_liaison_is_told_there_is_none(login, liaison):
    page = login(liaison).get(reverse("reports:index"))
    assert page.status_code == 200
    assert 'data-testid="no-period"' in html(page)
    assert 'data-testid="zero-report"' not in html(page)
    response = login(liaison).post(reverse("reports:zero"))
    assert response.status_code == 302
    assert not DailyReport.objects.exists()


# --- the cutoff, in Shanghai time --------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "late"),
    [
        ((16, 59, 59), False),
        ((17, 0, 0), False),
        ((17, 0, 1), True),
        ((23, 59, 59), True),
    ],
)
def test_late_or_on_time_at_the_cutoff(liaison, township, fixed_period, moment, late):
    report = services.report_file(
        actor=liaison, unit=township, date=DAY, kind="zero", now=at(DAY, *moment)
    )
    assert report.is_late is late
    assert report.submitted_at == at(DAY, *moment)


def test_the_cutoff_is_shanghai_time_not_utc(liaison, township, fixed_period):
    # 08:59:59 UTC is 16:59:59 in Shanghai: on time.
    utc = datetime.datetime(2026, 3, 5, 8, 59, 59, tzinfo=datetime.UTC)
    report = services.report_file(
        actor=liaison, unit=township, date=DAY, kind="zero", now=utc
    )
    assert report.is_late is False


def test_filing_late_for_a_past_day_is_allowed_and_marked_late(
    liaison, township, fixed_period
):
    report = services.report_file(
        actor=liaison,
        unit=township,
        date=DAY - ONE_DAY,
        kind="daily",
        new_petitions=2,
        progress="补报",
        now=at(DAY, 9),
    )
    assert report.is_late is True
    assert report.date == DAY - ONE_DAY
    status = services.report_status(fixed_period, township, DAY - ONE_DAY, at(DAY, 9))
    assert status == "late"


def test_a_zero_report_carries_nothing_else(liaison, township, fixed_period):
    report = services.report_file(
        actor=liaison,
        unit=township,
        date=DAY,
        kind="zero",
        new_petitions=5,
        incidents="不应保存",
        now=at(DAY, 9),
    )
    assert (report.new_petitions, report.incidents) == (0, "")


# --- report_status ----------------------------------------------------------------


def test_status_is_pending_until_the_cutoff_then_missing(township, fixed_period):
    status = services.report_status
    assert status(fixed_period, township, DAY, at(DAY, 16, 59, 59)) == "pending"
    assert status(fixed_period, township, DAY, at(DAY, 17)) == "pending"
    assert status(fixed_period, township, DAY, at(DAY, 17, 0, 1)) == "missing"
    assert status(fixed_period, township, DAY, at(DAY + ONE_DAY, 9)) == "missing"


def test_status_is_missing_whether_or_not_the_sweep_recorded_it(
    township, other_township, fixed_period
):
    MissingReport.objects.create(period=fixed_period, unit=township, date=DAY)
    after = at(DAY, 18)
    assert services.report_status(fixed_period, township, DAY, after) == "missing"
    assert services.report_status(fixed_period, other_township, DAY, after) == (
        "missing"
    )


@pytest.mark.parametrize(
    ("kind", "hour", "expected"),
    [("daily", 9, "filed"), ("zero", 9, "zero"), ("daily", 18, "late"),
     ("zero", 18, "late")],
)  # fmt: skip
def test_status_of_a_filed_day(liaison, township, fixed_period, kind, hour, expected):
    services.report_file(
        actor=liaison,
        unit=township,
        date=DAY,
        kind=kind,
        new_petitions=1,
        now=at(DAY, hour),
    )
    later = at(DAY + ONE_DAY, 12)
    assert services.report_status(fixed_period, township, DAY, later) == expected


def test_a_late_report_after_the_sweep_turns_missing_into_late(
    liaison, township, fixed_period
):
    MissingReport.objects.create(period=fixed_period, unit=township, date=DAY)
    services.report_file(
        actor=liaison, unit=township, date=DAY, kind="zero", now=at(DAY, 20)
    )
    assert services.report_status(fixed_period, township, DAY, at(DAY, 21)) == "late"


# --- overlapping periods ----------------------------------------------------------


def test_one_filing_counts_for_every_period_covering_the_day(
    clerk, liaison, township, fixed_period
):
    inner = services.period_declare(
        actor=clerk,
        name="地方重要活动",
        start_date=DAY,
        end_date=DAY,
        cutoff_time=datetime.time(12, 0),
    )
    report = services.report_file(
        actor=liaison, unit=township, date=DAY, kind="zero", now=at(DAY, 15)
    )
    assert report.period == fixed_period
    assert not report.is_late  # 15:00 is before the outer period's 17:00
    inner_report = DailyReport.objects.get(period=inner)
    assert inner_report.is_late  # but after the inner period's 12:00
    with pytest.raises(ActionRefused):
        services.report_file(
            actor=liaison, unit=township, date=DAY, kind="zero", now=at(DAY, 16)
        )


# --- the grid ---------------------------------------------------------------------


@pytest.fixture
def four_units(township, other_township):
    department = UnitFactory(name="县人社局", kind=Unit.Kind.DEPARTMENT)
    quiet = UnitFactory(name="南岭镇", kind=Unit.Kind.TOWNSHIP)
    UnitFactory(name="已撤并乡", kind=Unit.Kind.TOWNSHIP, is_active=False)
    UnitFactory(name="县信访局二处", kind=Unit.Kind.BUREAU)
    return township, other_township, department, quiet


def liaison_of(unit):
    return UserFactory(role=Role.LIAISON, unit=unit)


def test_the_grid_shows_each_units_standing(clerk, four_units, fixed_period):
    town, other, dept, quiet = four_units
    for order, unit in enumerate(four_units):
        Unit.objects.filter(pk=unit.pk).update(sort_order=order)
    yesterday = DAY - ONE_DAY
    services.report_file(
        actor=liaison_of(town),
        unit=town,
        date=yesterday,
        new_petitions=2,
        incidents="x",
        now=at(yesterday, 10),
    )
    services.report_file(
        actor=liaison_of(other), unit=other, date=yesterday, kind="zero",
        now=at(yesterday, 16, 59, 59),
    )  # fmt: skip
    services.report_file(
        actor=liaison_of(dept), unit=dept, date=yesterday, kind="zero",
        now=at(yesterday, 17, 0, 1),
    )  # fmt: skip
    MissingReport.objects.create(period=fixed_period, unit=quiet, date=yesterday)
    services.report_file(
        actor=liaison_of(town), unit=town, date=DAY, kind="zero", now=at(DAY, 9)
    )

    grid = services.report_grid(user=clerk, period=fixed_period, now=at(DAY, 12))
    assert grid.days == [DAY - 2 * ONE_DAY, yesterday, DAY]  # up to today
    assert [row.unit for row in grid.rows] == [town, other, quiet, dept]
    cells = {cell.key: cell.status for row in grid.rows for cell in row.cells}
    assert cells[f"{town.pk}-{yesterday}"] == "filed"
    assert cells[f"{other.pk}-{yesterday}"] == "zero"
    assert cells[f"{dept.pk}-{yesterday}"] == "late"
    assert cells[f"{quiet.pk}-{yesterday}"] == "missing"
    assert cells[f"{town.pk}-{DAY}"] == "zero"
    assert cells[f"{other.pk}-{DAY}"] == "pending"
    assert cells[f"{quiet.pk}-{DAY - 2 * ONE_DAY}"] == "missing"
    missing = {row.unit.name: row.missing for row in grid.rows}
    assert missing == {"东湖镇": 1, "西山乡": 1, "南岭镇": 2, "县人社局": 1}
    assert {row.unit.name: row.late for row in grid.rows}["县人社局"] == 1
    by_day = {c.day: c for c in grid.columns}
    assert by_day[yesterday].reported == 3
    assert by_day[yesterday].counts["missing"] == 1
    assert by_day[DAY].counts == {
        "filed": 0, "zero": 1, "late": 0, "missing": 0, "pending": 3,
    }  # fmt: skip


def test_the_grid_page_marks_every_cell(login, clerk, liaison, township, period):
    yesterday = today() - ONE_DAY
    services.report_file(actor=liaison, unit=township, date=yesterday, kind="zero")
    other = UnitFactory(name="北坡乡", kind=Unit.Kind.TOWNSHIP)
    response = login(clerk).get(reverse("reports:index"))
    assert response.status_code == 200
    page = html(response)
    assert 'data-testid="report-grid"' in page
    # Filed today for yesterday: after yesterday's cutoff, so late.
    assert f'data-cell="{township.pk}-{yesterday}" data-status="late"' in page
    assert f'data-cell="{other.pk}-{yesterday}" data-status="missing"' in page
    assert f'data-cell="{other.pk}-{today() + ONE_DAY}"' not in page  # not yet


def test_a_filed_cell_links_to_its_report(login, clerk, liaison, township, period):
    yesterday = today() - ONE_DAY
    report = services.report_file(
        actor=liaison, unit=township, date=yesterday, kind="zero"
    )
    page = html(login(clerk).get(reverse("reports:index")))
    cell = page.split(f'data-cell="{township.pk}-{yesterday}"', 1)[1].split("</td>")[0]
    assert f'href="{reverse("reports:daily_detail", args=[report.pk])}"' in cell


def test_the_grid_shows_two_weeks_at_a_time(login, clerk, township):
    long = services.period_declare(
        actor=clerk,
        name="全年报告期",
        start_date=today() - 40 * ONE_DAY,
        end_date=today() + 10 * ONE_DAY,
        cutoff_time=datetime.time(17, 0),
    )
    client = login(clerk)
    url = reverse("reports:index")
    latest = client.get(url, {"period": long.pk}).context["grid"]
    assert latest.days[-1] == today()
    assert len(latest.days) == services.GRID_DAYS
    assert latest.later is None
    earlier = client.get(url, {"period": long.pk, "until": latest.earlier.isoformat()})
    window = earlier.context["grid"]
    assert window.days[-1] == latest.days[0] - ONE_DAY
    assert window.later == min(window.days[-1] + services.GRID_DAYS * ONE_DAY, today())
    first = client.get(url, {"period": long.pk, "until": long.start_date.isoformat()})
    assert first.context["grid"].days == [long.start_date]
    assert first.context["grid"].earlier is None
    # A day that does not exist is ignored, not a server error.
    odd = client.get(url, {"period": long.pk, "until": "2026-02-31"})
    assert odd.status_code == 200
    assert odd.context["grid"].days[-1] == today()


def test_the_period_picker_chooses_the_grid(login, clerk, period, fixed_period):
    client = login(clerk)
    default = client.get(reverse("reports:index"))
    assert default.context["grid"].period == period
    chosen = client.get(reverse("reports:index"), {"period": fixed_period.pk})
    assert chosen.status_code == 200
    assert chosen.context["grid"].period == fixed_period


@pytest.mark.parametrize("value", ["abc", "999999", "1 OR 1=1"])
def test_a_bad_period_choice_is_explained_not_a_500(login, clerk, period, value):
    response = login(clerk).get(reverse("reports:index"), {"period": value})
    assert response.status_code == 400
    assert 'data-field-error="period"' in html(response)


def make_units(count):
    UnitFactory.create_batch(count, kind=Unit.Kind.TOWNSHIP)


def file_for_all(period, day, now):
    for unit in services.reporting_units().exclude(daily_reports__date=day):
        services.report_file(
            actor=liaison_of(unit), unit=unit, date=day, kind="zero", now=now
        )


def test_grid_query_count_does_not_grow_with_units(clerk, fixed_period):
    def count(more, day):
        make_units(more)
        file_for_all(fixed_period, day, at(day, 9))
        with CaptureQueriesContext(connection) as queries:
            grid = services.report_grid(
                user=clerk, period=fixed_period, now=at(DAY, 12)
            )
        return len(grid.rows), len(queries)

    assert count(5, DAY - 2 * ONE_DAY) == (5, 3)
    assert count(45, DAY - ONE_DAY) == (50, 3)  # units, reports and missing rows


def test_grid_page_query_count_is_the_same_for_5_and_50_units(
    login, clerk, liaison, period
):
    client = login(clerk)
    services.urgent_report_file(
        actor=liaison, unit=liaison.unit, title="群体聚集", content="约30人"
    )

    def count(units):
        make_units(units)
        file_for_all(period, today() - ONE_DAY, timezone.now())
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("reports:index"))
        assert response.status_code == 200
        return len(queries)

    five = count(5)
    assert count(45) == five  # now 50 units and more reports


def test_the_liaison_page_query_count_does_not_grow(login, liaison, township, clerk):
    client = login(liaison)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("reports:index")).status_code == 200
        return len(queries)

    services.period_declare(
        actor=clerk,
        name="一",
        start_date=today() - 20 * ONE_DAY,
        end_date=today() - 10 * ONE_DAY,
    )
    services.period_declare(
        actor=clerk, name="二", start_date=today() - 5 * ONE_DAY, end_date=today()
    )
    services.report_file(
        actor=liaison, unit=township, date=today() - 12 * ONE_DAY, kind="zero"
    )
    first = count()
    for back in range(1, 5):
        services.report_file(
            actor=liaison, unit=township, date=today() - back * ONE_DAY, kind="zero"
        )
    assert count() == first


def test_the_liaison_sees_the_last_14_days(login, liaison, township, period):
    services.report_file(
        actor=liaison, unit=township, date=today() - ONE_DAY, kind="zero"
    )
    page = html(login(liaison).get(reverse("reports:index")))
    assert page.count("data-day=") == 14
    assert f'data-day="{today() - ONE_DAY}" data-status="late"' in page
    assert f'data-day="{today() - 2 * ONE_DAY}" data-status="missing"' in page
    assert f'data-day="{today() - 5 * ONE_DAY}" data-status="none"' in page


# --- access -----------------------------------------------------------------------


def test_another_units_liaison_cannot_file_for_a_unit(
    login, other_liaison, township, liaison, period
):
    with pytest.raises(PermissionDenied):
        services.report_file(actor=other_liaison, unit=township, kind="zero")
    # Through the pages a liaison can only ever file for their own unit.
    login(other_liaison).post(reverse("reports:zero"))
    assert list(DailyReport.objects.values_list("unit__name", flat=True)) == ["西山乡"]


def test_another_units_liaison_cannot_see_a_units_reports(
    login, liaison, other_liaison, township, period
):
    report = services.report_file(actor=liaison, unit=township, kind="zero")
    client = login(other_liaison)
    assert (
        client.get(reverse("reports:daily_detail", args=[report.pk])).status_code == 404
    )
    page = html(client.get(reverse("reports:index")))
    assert f'data-cell="{township.pk}-' not in page
    assert 'data-testid="report-grid"' not in page


def test_leaders_see_the_grid_but_cannot_file(login, leader, township, period):
    client = login(leader)
    response = client.get(reverse("reports:index"))
    assert response.status_code == 200
    assert 'data-testid="report-grid"' in html(response)
    assert 'data-action="acknowledge"' not in html(response)
    assert 'data-testid="declare-period"' not in html(response)
    assert client.post(reverse("reports:zero")).status_code == 403
    assert client.get(reverse("reports:daily")).status_code == 403
    assert client.get(reverse("reports:urgent")).status_code == 403
    assert client.get(reverse("reports:period_new")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.report_file(actor=leader, unit=township, kind="zero")
    assert not DailyReport.objects.exists()


def test_clerks_do_not_file_daily_reports(login, clerk, township, period):
    assert login(clerk).post(reverse("reports:zero")).status_code == 403
    assert login(clerk).get(reverse("reports:daily")).status_code == 403


def test_liaisons_cannot_declare_periods_or_see_the_grid(login, liaison, period):
    client = login(liaison)
    assert client.get(reverse("reports:period_new")).status_code == 403
    page = html(client.get(reverse("reports:index")))
    assert 'data-testid="report-grid"' not in page
    with pytest.raises(PermissionDenied):
        services.period_declare(
            actor=liaison, name="x", start_date=today(), end_date=today()
        )


def test_administrators_do_not_use_the_report_pages(login, admin_user):
    client = login(admin_user)
    assert client.get(reverse("reports:index")).status_code == 403
    assert client.get(reverse("reports:urgent_list")).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client):
    for name in ("index", "daily", "urgent", "urgent_list", "period_new"):
        response = client.get(reverse(f"reports:{name}"))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


# --- declaring periods ------------------------------------------------------------


def test_a_clerk_declares_a_period_and_liaisons_are_told(
    login, clerk, liaison, other_liaison
):
    response = login(clerk).post(
        reverse("reports:period_new"),
        {
            "name": "国庆报告期",
            "start_date": today().isoformat(),
            "end_date": (today() + 7 * ONE_DAY).isoformat(),
            "cutoff_time": "16:30",
            "reminder_minutes": "30",
        },
    )
    period = ReportingPeriod.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('reports:index')}?period={period.pk}"
    assert period.cutoff_time == datetime.time(16, 30)
    assert period.created_by == clerk
    notified = Notification.objects.filter(key=f"period:{period.pk}")
    assert set(notified.values_list("user", flat=True)) == {
        liaison.pk,
        other_liaison.pk,
    }


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "start_date": "TODAY", "end_date": "TODAY"}, "name"),
        ({"name": "x", "start_date": "TODAY", "end_date": "YESTERDAY"}, "end_date"),
        ({"name": "x", "start_date": "bad", "end_date": "TODAY"}, "start_date"),
        (
            {"name": "x", "start_date": "TODAY", "end_date": "TODAY",
             "cutoff_time": "25:00"},
            "cutoff_time",
        ),
    ],
)  # fmt: skip
def test_bad_period_input_shows_errors_and_saves_nothing(login, clerk, data, field):
    values = {"TODAY": today().isoformat(), "YESTERDAY": str(today() - ONE_DAY)}
    data = {"cutoff_time": "17:00", "reminder_minutes": "60"} | {
        k: values.get(v, v) for k, v in data.items()
    }
    response = login(clerk).post(reverse("reports:period_new"), data)
    assert response.status_code == 400
    assert f'data-field-error="{field}"' in html(response)
    assert not ReportingPeriod.objects.exists()


def test_the_service_refuses_a_period_ending_before_it_starts(clerk):
    with pytest.raises(ActionRefused):
        services.period_declare(
            actor=clerk, name="x", start_date=today(), end_date=today() - ONE_DAY
        )


# --- urgent reports ---------------------------------------------------------------


def test_an_urgent_report_notifies_the_clerks_and_the_case_leader_once(
    login, liaison, clerk, leader, make_case, bureau
):
    other_clerk = UserFactory(role=Role.CLERK, unit=bureau)
    UserFactory(role=Role.CLERK, unit=bureau, is_active=False)
    case = make_case("in_progress", case_leader=leader)
    response = login(liaison).post(
        reverse("reports:urgent"),
        {
            "title": "30余名村民聚集镇政府",
            "content": "因征地补偿问题，情绪激动。",
            "case_number": case.number,
        },
    )
    report = UrgentReport.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#urgent-{report.pk}")
    assert (report.unit, report.case, report.reported_by) == (
        liaison.unit,
        case,
        liaison,
    )
    notes = Notification.objects.filter(key=f"urgent:{report.pk}")
    assert sorted(notes.values_list("user", flat=True)) == sorted(
        [clerk.pk, other_clerk.pk, leader.pk]
    )
    assert notes.filter(user=leader).get().url.endswith(f"#urgent-{report.pk}")


def test_a_clerk_reports_for_a_chosen_unit(login, clerk, other_township):
    response = login(clerk).post(
        reverse("reports:urgent"),
        {"unit": other_township.pk, "title": "突发", "content": "详情"},
    )
    assert response.status_code == 302
    assert UrgentReport.objects.get().unit == other_township


def test_an_unknown_case_number_is_explained(login, liaison, clerk):
    response = login(liaison).post(
        reverse("reports:urgent"),
        {"title": "x", "content": "y", "case_number": "YX2099000001"},
    )
    assert response.status_code == 400
    assert 'data-field-error="case_number"' in html(response)
    assert not UrgentReport.objects.exists()


def test_a_liaison_cannot_attach_another_units_case(login, other_liaison, make_case):
    case = make_case("in_progress")  # 东湖镇's case
    response = login(other_liaison).post(
        reverse("reports:urgent"),
        {"title": "x", "content": "y", "case_number": case.number},
    )
    assert response.status_code == 400
    assert not UrgentReport.objects.exists()
    with pytest.raises(ActionRefused):
        services.urgent_report_file(
            actor=other_liaison,
            unit=other_liaison.unit,
            title="x",
            content="y",
            case=case,
        )


def test_a_liaison_reports_only_for_their_own_unit(liaison, other_township):
    with pytest.raises(ActionRefused):
        services.urgent_report_file(
            actor=liaison, unit=other_township, title="x", content="y"
        )
    assert not UrgentReport.objects.exists()


def test_a_liaison_posting_a_unit_still_reports_for_their_own(
    login, liaison, township, other_township
):
    login(liaison).post(
        reverse("reports:urgent"),
        {"unit": other_township.pk, "title": "x", "content": "y"},
    )
    assert UrgentReport.objects.get().unit == township


def test_a_clerk_acknowledges_once(login, liaison, clerk, township):
    report = services.urgent_report_file(
        actor=liaison, unit=township, title="群体聚集", content="约30人"
    )
    client = login(clerk)
    page = html(client.get(reverse("reports:index")))
    assert f'data-urgent="{report.pk}"' in page
    url = reverse("reports:urgent_acknowledge", args=[report.pk])
    assert client.post(url).status_code == 302
    report.refresh_from_db()
    assert report.acknowledged_by == clerk
    first = report.acknowledged_at
    client.post(url)
    report.refresh_from_db()
    assert report.acknowledged_at == first
    assert Notification.objects.filter(user=liaison).count() == 1
    page = html(client.get(reverse("reports:index")))
    assert f'data-urgent="{report.pk}"' not in page


def test_only_clerks_acknowledge(login, liaison, leader, township):
    report = services.urgent_report_file(
        actor=liaison, unit=township, title="x", content="y"
    )
    url = reverse("reports:urgent_acknowledge", args=[report.pk])
    assert login(liaison).post(url).status_code == 403
    assert login(leader).post(url).status_code == 403
    report.refresh_from_db()
    assert report.acknowledged_at is None
    with pytest.raises(PermissionDenied):
        services.urgent_acknowledge(report=report, actor=leader)


def test_the_urgent_list_is_scoped(login, liaison, other_liaison, leader, clerk):
    mine = services.urgent_report_file(
        actor=liaison, unit=liaison.unit, title="东湖镇急报", content="y"
    )
    theirs = services.urgent_report_file(
        actor=other_liaison, unit=other_liaison.unit, title="西山乡急报", content="y"
    )
    listed = login(liaison).get(reverse("reports:urgent_list"))
    assert [r.pk for r in listed.context["reports"]] == [mine.pk]
    for user in (leader, clerk):
        listed = login(user).get(reverse("reports:urgent_list"))
        assert {r.pk for r in listed.context["reports"]} == {mine.pk, theirs.pk}
    assert 'data-action="acknowledge"' in html(listed)  # the clerk's page
    url = reverse("reports:urgent_acknowledge", args=[theirs.pk])
    assert login(other_liaison).post(url).status_code == 403
    assert login(liaison).post(url).status_code == 404


def test_acknowledge_does_not_redirect_off_site(login, liaison, clerk):
    report = services.urgent_report_file(
        actor=liaison, unit=liaison.unit, title="x", content="y"
    )
    response = login(clerk).post(
        reverse("reports:urgent_acknowledge", args=[report.pk]),
        {"next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("reports:urgent_list")


def test_urgent_list_query_count_does_not_grow(login, clerk, liaison, make_case):
    client = login(clerk)
    case = make_case("in_progress")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("reports:urgent_list")).status_code == 200
        return len(queries)

    services.urgent_report_file(
        actor=liaison, unit=liaison.unit, title="x", content="y", case=case
    )
    one = count()
    for i in range(10):
        report = services.urgent_report_file(
            actor=liaison, unit=liaison.unit, title=f"x{i}", content="y", case=case
        )
        if i % 2:
            services.urgent_acknowledge(report=report, actor=clerk)
    assert count() == one
