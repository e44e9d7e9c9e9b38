"""Every allowed move of the case lifecycle, and every illegal one refused."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Unit
from cases import services
from cases.models import Case, CaseEvent, LookBack, LookBackOffset, ProgressEntry
from common.errors import ActionRefused, EditConflict
from tests.cases.conftest import refresh
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def kinds(case):
    return list(case.events.order_by("created_at", "id").values_list("kind", flat=True))


def snapshot(case):
    case = refresh(case)
    return (case.stage, case.status, case.version, case.events.count())


def test_create_opens_a_numbered_case_awaiting_assignment(make_case, tags):
    case = make_case("new", tags=tags, is_key=True)
    assert case.status == Case.Status.NEW
    assert case.number == f"YX{TODAY():%Y}{case.pk:06d}"
    assert set(case.tags.all()) == set(tags)
    assert kinds(case) == ["created"]


def test_first_assignment_starts_the_root_cause_stage(make_case, township, leader):
    case = make_case("in_progress")
    assert case.status == Case.Status.IN_PROGRESS
    assert case.stage == Case.Stage.ROOT_CAUSE
    assert case.owning_unit == township
    assert case.leader == leader
    assert case.assigned_at is not None
    event = case.events.get(kind="assigned")
    assert event.data["changes"]["owning_unit"] == ["—", "东湖镇"]


def test_reassignment_changes_owner_and_is_on_the_timeline(
    make_case, clerk, other_township
):
    case = make_case("in_progress")
    services.case_assign(
        case=case, actor=clerk, owning_unit=other_township, reason="属地调整"
    )
    case = refresh(case)
    assert case.owning_unit == other_township
    assert case.status == Case.Status.IN_PROGRESS
    event = case.events.filter(kind="assigned").first()
    assert event.reason == "属地调整"
    assert event.data["changes"]["owning_unit"] == ["东湖镇", "西山乡"]


def test_cannot_assign_to_the_bureau_or_leadership(make_case, clerk, bureau):
    case = make_case("new")
    before = snapshot(case)
    with pytest.raises(ActionRefused, match="乡镇"):
        services.case_assign(case=case, actor=clerk, owning_unit=bureau)
    assert snapshot(case) == before


def test_responsible_leader_must_be_a_leader(make_case, clerk, township, liaison):
    case = make_case("new")
    with pytest.raises(ActionRefused, match="县领导"):
        services.case_assign(
            case=case, actor=clerk, owning_unit=township, leader=liaison
        )
    assert refresh(case).status == Case.Status.NEW


def test_full_lifecycle_through_every_stage(make_case):
    case = make_case("closed")
    assert case.status == Case.Status.CLOSED
    assert case.stage == Case.Stage.FOLLOW_UP
    assert case.closed_at is not None
    assert kinds(case) == [
        "created",
        "assigned",
        "root_cause_saved",
        "stage_changed",
        "plan_saved",
        "measure_added",
        "stage_changed",
        "closing_submitted",
        "closing_approved",
    ]


def test_approval_schedules_lookbacks_at_the_admin_offsets(make_case):
    LookBackOffset.objects.all().delete()
    LookBackOffset.objects.create(days=15)
    LookBackOffset.objects.create(days=60)
    LookBackOffset.objects.create(days=365, is_active=False)
    case = make_case("closed")
    dues = list(case.lookbacks.values_list("offset_days", "due_date"))
    assert dues == [
        (15, TODAY() + datetime.timedelta(days=15)),
        (60, TODAY() + datetime.timedelta(days=60)),
    ]


def test_default_lookbacks_are_30_90_180_days(make_case):
    case = make_case("closed")
    assert list(case.lookbacks.values_list("offset_days", flat=True)) == [30, 90, 180]


def test_approving_twice_is_idempotent(make_case, clerk):
    case = make_case("closed")
    before = snapshot(case)
    services.closing_approve(case=case, actor=clerk)
    assert snapshot(case) == before
    assert case.lookbacks.count() == 3


def test_return_sends_the_case_back_with_the_reason(make_case, clerk, liaison):
    case = make_case("closing_submitted")
    services.closing_return(case=case, actor=clerk, reason="答复内容不完整")
    case = refresh(case)
    assert case.status == Case.Status.IN_PROGRESS
    assert case.stage == Case.Stage.FOLLOW_UP
    closing = case.closings.get()
    assert closing.decision == "returned"
    assert closing.return_reason == "答复内容不完整"
    # The unit can submit again.
    services.closing_submit(
        case=case, actor=liaison, reply="补充答复", satisfaction="basically"
    )
    assert refresh(case).status == Case.Status.CLOSING_SUBMITTED
    assert case.closings.count() == 2


def test_return_needs_a_reason(make_case, clerk):
    case = make_case("closing_submitted")
    before = snapshot(case)
    with pytest.raises(ActionRefused, match="退回"):
        services.closing_return(case=case, actor=clerk, reason="  ")
    assert snapshot(case) == before


def test_stable_lookback_keeps_the_case_closed(make_case, liaison):
    case = make_case("closed")
    lookback = case.lookbacks.first()
    services.lookback_record(lookback=lookback, actor=liaison, result="stable")
    case = refresh(case)
    assert case.status == Case.Status.CLOSED
    lookback.refresh_from_db()
    assert lookback.result == "stable"
    assert lookback.recorded_by == liaison


def test_recurred_lookback_reopens_the_case_at_root_cause_keeping_history(
    make_case, liaison
):
    case = make_case("closed")
    events_before = case.events.count()
    lookback = case.lookbacks.first()
    services.lookback_record(
        lookback=lookback, actor=liaison, result="recurred", note="信访人再次来访"
    )
    case = refresh(case)
    assert case.status == Case.Status.IN_PROGRESS
    assert case.stage == Case.Stage.ROOT_CAUSE
    assert case.reopened_count == 1
    assert case.closed_at is None
    assert case.due_date == TODAY() + datetime.timedelta(days=60)
    assert not case.is_overdue
    assert case.events.count() == events_before + 2
    assert kinds(case)[-2:] == ["lookback_recorded", "reopened"]
    # History kept: the earlier closing, root cause and plan are still there.
    assert case.closings.get().decision == "approved"
    assert case.root_cause.mechanism == "部门之间推诿"
    assert case.measures.count() == 1
    # The remaining look-backs of that closing are no longer needed.
    assert set(case.lookbacks.values_list("result", flat=True)) == {
        "recurred",
        "cancelled",
    }


def test_new_demand_lookback_is_recorded_and_case_stays_closed(make_case, liaison):
    case = make_case("closed")
    lookback = case.lookbacks.first()
    services.lookback_record(
        lookback=lookback, actor=liaison, result="new_demand", note="提出新的安置诉求"
    )
    assert refresh(case).status == Case.Status.CLOSED


def test_lookback_recorded_twice_is_refused(make_case, liaison):
    case = make_case("closed")
    lookback = case.lookbacks.first()
    services.lookback_record(lookback=lookback, actor=liaison, result="stable")
    with pytest.raises(ActionRefused, match="已经记录"):
        services.lookback_record(
            lookback=lookback, actor=liaison, result="recurred", note="x"
        )
    assert refresh(case).status == Case.Status.CLOSED


def test_recurred_without_a_note_is_refused(make_case, liaison):
    case = make_case("closed")
    lookback = case.lookbacks.first()
    with pytest.raises(ActionRefused):
        services.lookback_record(lookback=lookback, actor=liaison, result="recurred")
    lookback.refresh_from_db()
    assert lookback.result == LookBack.Result.PENDING


# --- illegal moves: refused with a message, nothing changes ----------------------


@pytest.mark.parametrize(
    ("upto", "to_stage"),
    [
        ("in_progress", "follow_up"),  # skip the plan
        ("follow_up", "root_cause"),  # jump back two stages
    ],
)
def test_stage_moves_outside_the_table_are_refused(make_case, liaison, upto, to_stage):
    case = make_case(upto)
    before = snapshot(case)
    with pytest.raises(ActionRefused, match="不能从"):
        services.case_advance(case=case, actor=liaison, to_stage=to_stage, reason="x")
    assert snapshot(case) == before


def test_prescription_needs_a_root_cause_finding(make_case, liaison):
    case = make_case("in_progress")
    before = snapshot(case)
    with pytest.raises(ActionRefused, match="病根"):
        services.case_advance(case=case, actor=liaison, to_stage="prescription")
    assert snapshot(case) == before


def test_follow_up_needs_channels_and_a_measure(make_case, liaison, channels):
    case = make_case("prescription")
    before = snapshot(case)
    with pytest.raises(ActionRefused, match="化解方式"):
        services.case_advance(case=case, actor=liaison, to_stage="follow_up")
    assert snapshot(case) == before
    services.plan_save(case=case, actor=liaison, strategy="", channels=channels)
    before = snapshot(case)
    with pytest.raises(ActionRefused, match="措施"):
        services.case_advance(case=case, actor=liaison, to_stage="follow_up")
    assert snapshot(case) == before


def test_going_back_needs_a_reason(make_case, liaison):
    case = make_case("follow_up")
    before = snapshot(case)
    with pytest.raises(ActionRefused, match="原因"):
        services.case_advance(case=case, actor=liaison, to_stage="prescription")
    assert snapshot(case) == before
    services.case_advance(
        case=case, actor=liaison, to_stage="prescription", reason="信访人提出新诉求"
    )
    assert refresh(case).stage == "prescription"


def test_advancing_to_the_current_stage_is_a_no_op(make_case, liaison):
    case = make_case("prescription")
    before = snapshot(case)
    services.case_advance(case=case, actor=liaison, to_stage="prescription")
    assert snapshot(case) == before


def test_nothing_moves_on_a_new_case(make_case, liaison):
    case = make_case("new")
    before = snapshot(case)
    for call in (
        lambda: services.root_cause_save(
            case=case, actor=liaison, mechanism="x", conduct="", methods="", history=""
        ),
        lambda: services.case_advance(
            case=case, actor=liaison, to_stage="prescription"
        ),
        lambda: services.progress_add(case=case, actor=liaison, content="x"),
        lambda: services.closing_submit(
            case=case, actor=liaison, reply="x", satisfaction="satisfied"
        ),
    ):
        with pytest.raises(ActionRefused):
            call()
    assert snapshot(case) == before


def test_plan_and_measures_wait_for_the_root_cause(make_case, liaison, channels):
    case = make_case("in_progress")
    before = snapshot(case)
    with pytest.raises(ActionRefused, match="病根"):
        services.plan_save(case=case, actor=liaison, strategy="x", channels=channels)
    with pytest.raises(ActionRefused, match="病根"):
        services.measure_add(
            case=case,
            actor=liaison,
            content="x",
            responsible_person="y",
            due_date=TODAY(),
        )
    assert snapshot(case) == before


def test_closing_is_submitted_from_follow_up_only(make_case, liaison):
    case = make_case("prescription")
    before = snapshot(case)
    with pytest.raises(ActionRefused, match="看疗效"):
        services.closing_submit(
            case=case, actor=liaison, reply="x", satisfaction="satisfied"
        )
    assert snapshot(case) == before


def test_submitting_twice_returns_the_pending_submission(make_case, liaison):
    case = make_case("closing_submitted")
    before = snapshot(case)
    again = services.closing_submit(
        case=case, actor=liaison, reply="再次", satisfaction="satisfied"
    )
    assert again.reply == "已补足补偿款"
    assert snapshot(case) == before


@pytest.mark.parametrize("upto", ["in_progress", "follow_up", "closed"])
def test_only_a_submitted_closing_can_be_approved_or_returned(make_case, clerk, upto):
    case = make_case(upto)
    before = snapshot(case)
    if upto != "closed":
        with pytest.raises(ActionRefused):
            services.closing_approve(case=case, actor=clerk)
    with pytest.raises(ActionRefused):
        services.closing_return(case=case, actor=clerk, reason="x")
    assert snapshot(case) == before


@pytest.mark.parametrize("upto", ["closing_submitted", "closed"])
def test_a_case_being_closed_or_closed_cannot_be_reassigned(
    make_case, clerk, other_township, upto
):
    case = make_case(upto)
    before = snapshot(case)
    with pytest.raises(ActionRefused):
        services.case_assign(case=case, actor=clerk, owning_unit=other_township)
    assert snapshot(case) == before


def test_closed_case_takes_no_more_work(make_case, liaison, channels):
    case = make_case("closed")
    before = snapshot(case)
    with pytest.raises(ActionRefused):
        services.root_cause_save(
            case=case, actor=liaison, mechanism="x", conduct="", methods="", history=""
        )
    with pytest.raises(ActionRefused):
        services.plan_save(case=case, actor=liaison, strategy="x", channels=channels)
    with pytest.raises(ActionRefused):
        services.progress_add(case=case, actor=liaison, content="x")
    measure = case.measures.get()
    with pytest.raises(ActionRefused):
        services.measure_set_done(measure=measure, actor=liaison, done=True)
    assert snapshot(case) == before


def test_lookbacks_only_on_closed_cases(make_case, liaison, clerk):
    case = make_case("closed")
    lookback = case.lookbacks.first()
    services.lookback_record(
        lookback=lookback, actor=liaison, result="recurred", note="x"
    )
    other = case.lookbacks.exclude(pk=lookback.pk).first()
    with pytest.raises(ActionRefused):
        services.lookback_record(lookback=other, actor=liaison, result="stable")


# --- follow-up, measures, leaders ------------------------------------------------


def test_progress_sets_last_progress_and_is_on_the_timeline(make_case, liaison):
    case = make_case("follow_up")
    entry = services.progress_add(
        case=case,
        actor=liaison,
        kind=ProgressEntry.Kind.CONCERN,
        content="信访人担心补偿款再次拖欠",
    )
    case = refresh(case)
    assert case.last_progress_at == entry.created_at
    event = case.events.filter(kind="progress_added").first()
    assert event.data["content"] == "信访人担心补偿款再次拖欠"


def test_measure_done_and_undone(make_case, liaison):
    case = make_case("follow_up")
    measure = case.measures.get()
    services.measure_set_done(measure=measure, actor=liaison, done=True)
    measure.refresh_from_db()
    assert measure.is_done
    assert measure.done_at is not None
    services.measure_set_done(measure=measure, actor=liaison, done=True)  # no-op
    services.measure_set_done(measure=measure, actor=liaison, done=False)
    measure.refresh_from_db()
    assert not measure.is_done
    assert kinds(case).count("measure_done") == 1
    assert kinds(case).count("measure_reopened") == 1


def test_instruction_and_answer(make_case, leader, liaison):
    case = make_case("in_progress")
    instruction = services.instruction_add(
        case=case, actor=leader, content="请城关镇一周内拿出方案"
    )
    assert not instruction.is_answered
    services.instruction_answer(
        instruction=instruction, actor=liaison, response="已拟定方案"
    )
    instruction.refresh_from_db()
    assert instruction.answered_by == liaison
    with pytest.raises(ActionRefused, match="已答复"):
        services.instruction_answer(
            instruction=instruction, actor=liaison, response="另一个答复"
        )
    assert kinds(case)[-2:] == ["instruction_added", "instruction_answered"]


def test_only_leaders_write_instructions(make_case, clerk):
    case = make_case("in_progress")
    with pytest.raises(ActionRefused):
        services.instruction_add(case=case, actor=clerk, content="x")
    assert not case.instructions.exists()


def test_leader_visit_is_an_event(make_case, leader):
    case = make_case("in_progress")
    services.visit_record(
        case=case,
        actor=leader,
        leader=leader,
        visited_on=TODAY(),
        place="东湖镇政府",
        notes="面对面听取诉求",
    )
    event = case.events.filter(kind=CaseEvent.Kind.LEADER_VISIT).get()
    assert event.data["place"] == "东湖镇政府"


def test_visit_in_the_future_is_refused(make_case, leader):
    case = make_case("in_progress")
    with pytest.raises(ActionRefused):
        services.visit_record(
            case=case,
            actor=leader,
            leader=leader,
            visited_on=TODAY() + datetime.timedelta(days=1),
            place="x",
            notes="y",
        )
    assert not case.visits.exists()


# --- optimistic locking ----------------------------------------------------------


def test_an_edit_from_an_old_version_is_refused(make_case, clerk, category):
    case = make_case("in_progress")
    stale = case.version
    services.case_update_details(
        case=case,
        actor=clerk,
        title="第一次修改",
        summary=case.summary,
        demands=case.demands,
        category=category,
        tags=[],
        is_key=False,
        expected_version=stale,
    )
    with pytest.raises(EditConflict):
        services.case_update_details(
            case=case,
            actor=clerk,
            title="第二次修改",
            summary=case.summary,
            demands=case.demands,
            category=category,
            tags=[],
            is_key=True,
            expected_version=stale,
        )
    case = refresh(case)
    assert case.title == "第一次修改"
    assert case.is_key is False


def test_details_change_records_before_and_after(make_case, clerk, category, tags):
    case = make_case("in_progress")
    services.case_update_details(
        case=case,
        actor=clerk,
        title="新标题",
        summary=case.summary,
        demands=case.demands,
        category=category,
        tags=tags,
        is_key=True,
        reason="更正",
    )
    event = refresh(case).events.filter(kind="details_changed").get()
    assert event.data["changes"]["title"] == ["东湖镇征地补偿纠纷", "新标题"]
    assert event.data["changes"]["is_key"] == [False, True]
    assert event.reason == "更正"


def test_no_event_when_nothing_changed(make_case, clerk, category):
    case = make_case("in_progress")
    before = snapshot(case)
    services.case_update_details(
        case=case,
        actor=clerk,
        title=case.title,
        summary=case.summary,
        demands=case.demands,
        category=category,
        tags=[],
        is_key=False,
    )
    assert snapshot(case) == before


def test_case_events_cannot_be_deleted_with_their_case(make_case):
    from django.db.models import ProtectedError

    case = make_case("in_progress")
    with pytest.raises(ProtectedError):
        case.delete()


def test_co_units_exclude_the_owner(make_case, clerk, township, other_township):
    third = UnitFactory(code="dept-x", name="县住建局", kind=Unit.Kind.DEPARTMENT)
    case = make_case("new")
    services.case_assign(
        case=case,
        actor=clerk,
        owning_unit=township,
        co_units=[township, other_township, third],
    )
    assert set(refresh(case).co_units.all()) == {other_township, third}


def test_leader_of_a_case_is_any_leader(make_case, leadership):
    other_leader = UserFactory(role="leader", unit=leadership)
    case = make_case("in_progress", case_leader=other_leader)
    assert case.leader == other_leader
