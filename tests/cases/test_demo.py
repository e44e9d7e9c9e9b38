"""The demo county's cases (cases/demo.py, run by `seed_demo`)."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Unit, User
from cases.models import (
    Case,
    CaseEvent,
    Instruction,
    LeaderArea,
    LeaderSector,
    LeaderVisit,
    LookBack,
    Measure,
    ProgressEntry,
)
from common.access import scope

pytestmark = pytest.mark.django_db

Status = Case.Status
Stage = Case.Stage


def seed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Seed once for the module's read-only tests; rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        started = timezone.now()
        seed()
        yield started
        transaction.set_rollback(True)


def snapshot():
    return (
        Case.objects.count(),
        set(Case.objects.values_list("title", "status", "stage")),
        CaseEvent.objects.count(),
        Measure.objects.count(),
        ProgressEntry.objects.count(),
        LookBack.objects.count(),
        Instruction.objects.count(),
        LeaderVisit.objects.count(),
    )


def test_seed_demo_twice_gives_the_same_cases():
    first_output = seed()
    first = snapshot()
    second_output = seed()
    assert snapshot() == first
    # 48 cases from the case demo, and one opened by a petition assigned to a
    # community in the petition demo.
    assert first[0] == 49
    assert "演示案件：48 件" in first_output
    assert "演示案件：48 件" in second_output


def test_eight_key_cases_in_the_source_texts_categories(demo):
    key = Case.objects.filter(is_key=True)
    assert key.count() == 8
    categories = set(key.values_list("category__code", flat=True))
    assert categories == {"land", "housing", "social"}
    leaders = list(key.values_list("leader__username", flat=True))
    assert len(set(leaders)) == 6
    assert leaders.count("leader") >= 2
    assert all(case.tags.exists() for case in key)
    assert not key.filter(owning_unit=None).exists()


def test_about_forty_ordinary_cases_in_every_status(demo):
    ordinary = Case.objects.filter(is_key=False)
    assert 35 <= ordinary.count() <= 50
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert ordinary.values("category").distinct().count() == 7
    assert ordinary.filter(status=Status.NEW).exists()
    overdue = [case for case in Case.objects.all() if case.is_overdue]
    assert 1 <= len(overdue) <= 6


def test_a_closed_key_case_has_its_first_look_back_due(demo):
    today = timezone.localdate()
    closed = Case.objects.filter(
        is_key=True,
        status=Status.CLOSED,
        lookbacks__result=LookBack.Result.PENDING,
        lookbacks__due_date__lte=today,
    ).distinct()
    assert closed.count() == 1
    first = closed.get().lookbacks.order_by("offset_days").first()
    assert first.is_due


def test_a_key_case_reopened_after_a_look_back_keeps_its_history(demo):
    case = Case.objects.get(is_key=True, reopened_count=1)
    assert case.status == Status.IN_PROGRESS
    assert case.stage == Stage.ROOT_CAUSE
    assert not case.is_overdue
    kinds = set(case.events.values_list("kind", flat=True))
    assert {
        CaseEvent.Kind.CLOSING_APPROVED,
        CaseEvent.Kind.LOOKBACK_RECORDED,
        CaseEvent.Kind.REOPENED,
        CaseEvent.Kind.ROOT_CAUSE_SAVED,
    } <= kinds
    assert case.lookbacks.filter(result=LookBack.Result.RECURRED).exists()
    assert not case.lookbacks.filter(result=LookBack.Result.PENDING).exists()


def test_key_cases_at_each_stage_with_their_records(demo):
    key = Case.objects.filter(is_key=True)
    assert key.filter(status=Status.CLOSING_SUBMITTED).count() == 1
    assert key.filter(status=Status.IN_PROGRESS, stage=Stage.PRESCRIPTION).count() >= 2
    assert key.filter(status=Status.IN_PROGRESS, stage=Stage.FOLLOW_UP).count() >= 2
    assert key.filter(stage=Stage.ROOT_CAUSE, root_cause__isnull=False).count() >= 2
    overdue_measures = [m for m in Measure.objects.filter(case__in=key) if m.is_overdue]
    assert len(overdue_measures) == 1
    kinds = set(
        ProgressEntry.objects.filter(case__in=key).values_list("kind", flat=True)
    )
    assert kinds == set(ProgressEntry.Kind.values)
    instructions = Instruction.objects.filter(case__in=key)
    assert any(i.is_answered for i in instructions)
    assert any(not i.is_answered for i in instructions)
    assert LeaderVisit.objects.filter(case__in=key).exists()


def test_the_demo_leader_has_an_area_and_a_sector(demo):
    leader = User.objects.get(username="leader")
    assert LeaderArea.objects.filter(leader=leader, unit__code="donghu").exists()
    assert LeaderSector.objects.filter(leader=leader, category__code="land").exists()


def test_the_demo_liaison_sees_only_chengguans_cases(demo):
    liaison = User.objects.get(username="liaison")
    chengguan = Unit.objects.get(code="chengguan")
    visible = scope(liaison, Case.objects.all())
    expected = Case.objects.filter(
        Q(owning_unit=chengguan) | Q(co_units=chengguan)
    ).distinct()
    assert set(visible) == set(expected)
    assert visible.filter(is_key=True, owning_unit=chengguan).count() >= 2
    for case in visible:
        units = {case.owning_unit_id, *case.co_units.values_list("pk", flat=True)}
        assert chengguan.pk in units


def test_the_demo_department_owns_a_key_case(demo):
    dept = User.objects.get(username="dept")
    visible = scope(dept, Case.objects.all())
    assert visible.filter(is_key=True, owning_unit=dept.unit).exists()


def test_timelines_are_in_the_past_and_span_months(demo):
    started = demo
    assert not CaseEvent.objects.filter(created_at__gte=started).exists()
    assert not ProgressEntry.objects.filter(created_at__gte=started).exists()
    assert not Case.objects.filter(assigned_at__gte=started).exists()
    today = timezone.localdate()
    oldest = Case.objects.order_by("opened_on").first().opened_on
    assert 150 <= (today - oldest).days <= 200
    for case in Case.objects.exclude(assigned_at=None):
        assert case.opened_on <= timezone.localdate(case.assigned_at)
