"""`manage.py bench_seed`: the data set the benchmarks run on, with its progress."""

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Unit, User
from cases.models import Case, CaseEvent
from petitions.models import Petition
from supervision.models import DailyReport

pytestmark = pytest.mark.django_db


def test_bench_seed_builds_the_data_set_and_says_how_it_went():
    out = io.StringIO()
    call_command("bench_seed", cases=60, stdout=out)
    text = out.getvalue()
    assert "60 cases" in text
    assert "timeline events" in text
    assert "bench_seed: 60 cases in" in text
    assert Unit.objects.count() == 1000
    assert User.objects.count() == 5000
    assert Case.objects.count() == 60
    assert 120 <= Petition.objects.count() <= 300  # 1 to 5 a case, 3 on average
    assert CaseEvent.objects.filter(case__number="BX1").count() == 200
    assert DailyReport.objects.dates("date", "day").count() == 365
    assert User.objects.get(username="clerk").check_password("demo12345")


def test_bench_seed_refuses_a_database_that_holds_cases(make_case):
    make_case("new")
    with pytest.raises(CommandError, match="already holds cases"):
        call_command("bench_seed", cases=10, stdout=io.StringIO())
