import datetime

import pytest
from django.utils import timezone

from cases import services
from cases.models import Category, ResolutionChannel, Tag

TODAY = timezone.localdate


@pytest.fixture
def category(db):
    return Category.objects.get(code="land")


@pytest.fixture
def channels(db):
    return list(ResolutionChannel.objects.order_by("sort_order")[:2])


@pytest.fixture
def tags(db):
    return list(Tag.objects.filter(code__in=["repeat", "skip_level"]))


@pytest.fixture
def make_case(clerk, liaison, leader, category, channels):
    """A case brought to a stage through the services, as users would."""

    def _make(
        upto="in_progress",
        *,
        title="东湖镇征地补偿纠纷",
        unit=None,
        co_units=(),
        case_leader=None,
        worker=None,
        **extra,
    ):
        worker = worker or liaison
        extra.setdefault("category", category)
        case = services.case_create(
            actor=clerk,
            title=title,
            summary="村民反映征地补偿款未足额发放。",
            demands="按标准补足补偿款",
            **extra,
        )
        if upto == "new":
            return case
        case = services.case_assign(
            case=case,
            actor=clerk,
            owning_unit=unit or liaison.unit,
            co_units=co_units,
            leader=case_leader or leader,
            due_date=TODAY() + datetime.timedelta(days=60),
        )
        if upto == "in_progress":
            return case
        services.root_cause_save(
            case=case,
            actor=worker,
            mechanism="部门之间推诿",
            conduct="",
            methods="",
            history="2019年起多次来访",
        )
        services.case_advance(case=case, actor=worker, to_stage="prescription")
        if upto == "prescription":
            return refresh(case)
        services.plan_save(
            case=case, actor=worker, strategy="一人一策", channels=channels
        )
        services.measure_add(
            case=case,
            actor=worker,
            content="镇长带队上门核算补偿款",
            responsible_person="王镇长",
            due_date=TODAY() + datetime.timedelta(days=10),
        )
        services.case_advance(case=case, actor=worker, to_stage="follow_up")
        if upto == "follow_up":
            return refresh(case)
        services.closing_submit(
            case=case, actor=worker, reply="已补足补偿款", satisfaction="satisfied"
        )
        if upto == "closing_submitted":
            return refresh(case)
        services.closing_approve(case=case, actor=clerk)
        return refresh(case)

    return _make


def refresh(case):
    case.refresh_from_db()
    return case
