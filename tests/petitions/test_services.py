import datetime

import pytest
from django.utils import timezone

from cases.models import Case
from common.errors import ActionRefused
from petitions import services
from petitions.models import Petition
from petitions.services import PersonInput
from tests.petitions.conftest import ID_LI, ID_ZHANG

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_registration_numbers_the_petition_and_sets_the_15_day_clock(register):
    petition = register()
    assert petition.number.startswith(f"XJ{TODAY():%Y}")
    assert len(petition.query_code) == 10
    assert petition.decision == Petition.Decision.PENDING
    assert petition.case is None
    assert petition.handover_due >= TODAY() + datetime.timedelta(days=14)


def test_attaching_a_repeat_petition_tags_the_case_and_logs_it(register, make_case):
    case = make_case("in_progress")
    petition = register(attach_to=case, is_skip_level=True)
    assert petition.is_repeat
    assert petition.case == case
    assert set(case.tags.values_list("code", flat=True)) >= {"repeat", "skip_level"}
    event = case.events.get(kind="petition_attached")
    assert event.data["petition"] == petition.number


def test_collective_visit(register):
    people = [
        PersonInput(name="张三", id_number=ID_ZHANG),
        PersonInput(name="李四", id_number=ID_LI),
    ]
    petition = register(people=people, head_count=30)
    assert petition.is_collective
    assert petition.petitioners.count() == 2
    with pytest.raises(ActionRefused):
        register(people=people, head_count=1)


def test_reception_day_channel_needs_its_day(register, clerk, leader):
    with pytest.raises(ActionRefused, match="接待日"):
        register(channel="reception")
    day = services.reception_day_save(
        actor=clerk,
        leader=leader,
        date=TODAY(),
        start_time=datetime.time(9),
        end_time=datetime.time(12),
        place="县信访局接待大厅",
    )
    petition = register(channel="reception", reception_day=day)
    assert petition.reception_day == day


def test_accepting_opens_a_case_and_starts_the_60_day_clock(register, clerk, category):
    petition = register(proposed_title="东湖镇补偿款纠纷")
    services.petition_decide(
        petition=petition,
        actor=clerk,
        decision="accepted",
        reason="属于本机关职责范围，予以受理。",
        category=category,
    )
    petition.refresh_from_db()
    case = petition.case
    assert case.title == "东湖镇补偿款纠纷"
    assert case.accepted_on == TODAY()
    assert case.due_date >= TODAY() + datetime.timedelta(days=60)
    assert case.status == Case.Status.NEW
    assert case.events.filter(kind="accepted").exists()


def test_assigning_hands_the_case_to_the_unit(register, clerk, category, township):
    petition = register()
    services.petition_decide(
        petition=petition,
        actor=clerk,
        decision="assigned",
        reason="交东湖镇办理。",
        target_unit=township,
        category=category,
    )
    case = Petition.objects.get(pk=petition.pk).case
    assert case.owning_unit == township
    assert case.status == Case.Status.IN_PROGRESS
    assert case.accepted_on == TODAY()


def test_not_accepting_needs_a_reason_and_opens_no_case(register, clerk):
    petition = register()
    with pytest.raises(ActionRefused):
        services.petition_decide(
            petition=petition, actor=clerk, decision="not_accepted", reason=" "
        )
    services.petition_decide(
        petition=petition,
        actor=clerk,
        decision="not_accepted",
        reason="已经依法处理，不再受理。",
    )
    petition.refresh_from_db()
    assert petition.case is None
    assert not Case.objects.exists()


def test_a_decision_is_final(register, clerk):
    petition = register()
    services.petition_decide(
        petition=petition, actor=clerk, decision="not_accepted", reason="x"
    )
    with pytest.raises(ActionRefused, match="已经"):
        services.petition_decide(
            petition=petition, actor=clerk, decision="accepted", reason="y"
        )


def test_transfer_needs_a_unit(register, clerk, category):
    petition = register()
    with pytest.raises(ActionRefused):
        services.petition_decide(
            petition=petition,
            actor=clerk,
            decision="transferred",
            reason="x",
            category=category,
        )
    assert Petition.objects.get(pk=petition.pk).decision == "pending"


def test_accepting_on_a_closed_case_is_refused(register, clerk, make_case):
    case = make_case("closed")
    petition = register(attach_to=case)
    with pytest.raises(ActionRefused, match="复查"):
        services.petition_decide(
            petition=petition, actor=clerk, decision="accepted", reason="x"
        )


def test_a_re_reviewed_matter_is_not_accepted_again(register, clerk, make_case):
    case = make_case("in_progress")
    Case.objects.filter(pk=case.pk).update(no_further_acceptance=True)
    petition = register(attach_to=case)
    with pytest.raises(ActionRefused, match="复核"):
        services.petition_decide(
            petition=petition, actor=clerk, decision="accepted", reason="x"
        )
    assert Petition.objects.get(pk=petition.pk).decision == "pending"


def test_a_second_accepted_petition_keeps_the_running_clock(register, clerk, make_case):
    case = make_case("in_progress")
    first = register(attach_to=case)
    services.petition_decide(
        petition=first, actor=clerk, decision="accepted", reason="x"
    )
    case.refresh_from_db()
    due = case.due_date
    Case.objects.filter(pk=case.pk).update(
        accepted_on=TODAY() - datetime.timedelta(days=5)
    )
    second = register(attach_to=case)
    services.petition_decide(
        petition=second, actor=clerk, decision="accepted", reason="y"
    )
    case.refresh_from_db()
    assert case.due_date == due


def test_registration_in_the_future_is_refused(clerk):
    with pytest.raises(ActionRefused):
        services.petition_register(
            actor=clerk,
            channel="letter",
            received_at=timezone.now() + datetime.timedelta(days=1),
            people=[PersonInput(name="王五")],
            content="x",
        )
    assert not Petition.objects.exists()


def test_reception_day_rules(clerk, leader, liaison):
    kwargs = {
        "actor": clerk,
        "date": TODAY(),
        "start_time": datetime.time(9),
        "end_time": datetime.time(12),
        "place": "县信访局",
    }
    with pytest.raises(ActionRefused):
        services.reception_day_save(leader=liaison, **kwargs)
    services.reception_day_save(leader=leader, **kwargs)
    with pytest.raises(ActionRefused):
        services.reception_day_save(leader=leader, **kwargs)
