import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from supervision.models import DailyReport, ReportingPeriod
from supervision.selectors import unit_scorecards
from tests.supervision.test_jobs import DAY, at, make_units

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(clerk):
    return ReportingPeriod.objects.create(
        name="测试期",
        start_date=DAY - datetime.timedelta(days=2),
        end_date=DAY,
        created_by=clerk,
    )


def test_scorecards_rank_by_missing_days_then_on_time(period, clerk):
    diligent, late_one, silent = make_units(3)
    for day in period.days():
        DailyReport.objects.create(
            period=period, unit=diligent, date=day, kind="zero", submitted_by=clerk
        )
        DailyReport.objects.create(
            period=period,
            unit=late_one,
            date=day,
            kind="daily",
            submitted_by=clerk,
            is_late=day == DAY,
        )
    cards = unit_scorecards(period, now=at(18))
    assert [c.unit for c in cards] == [diligent, late_one, silent]
    assert [(c.on_time, c.late, c.missing) for c in cards] == [
        (3, 0, 0),
        (2, 1, 0),
        (0, 0, 3),
    ]
    assert cards[0].on_time_rate == 1.0
    assert cards[2].rank == 3


def test_scorecards_are_four_queries_for_5_or_50_units(period):
    make_units(5)
    with CaptureQueriesContext(connection) as few:
        unit_scorecards(period, now=at(18))
    make_units(45, start=5)
    with CaptureQueriesContext(connection) as many:
        assert len(unit_scorecards(period, now=at(18))) == 50
    assert len(few.captured_queries) == len(many.captured_queries) == 4
