"""Opening, assigning and editing a case; the three stages and follow-up."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Unit, User
from cases.models import (
    Case,
    Measure,
    Plan,
    ProgressEntry,
    RootCause,
)
from cases.services._base import (
    ALLOWED_STAGE_MOVES,
    ASSIGNABLE_UNIT_KINDS,
    Kind,
    Stage,
    Status,
    _changes,
    _check_version,
    _event,
    _label,
    _lock,
    _names,
    _require_leader,
    _require_status,
    _save,
)
from common.errors import ActionRefused

# --- opening, assigning, editing -------------------------------------------------


@transaction.atomic
def case_create(
    *,
    actor: User,
    title: str,
    summary: str,
    category,
    demands: str = "",
    tags=(),
    is_key: bool = False,
    opened_on: datetime.date | None = None,
) -> Case:
    """Open a case; it waits for a clerk to assign it to a unit."""
    case = Case.objects.create(
        title=title,
        summary=summary,
        demands=demands,
        category=category,
        is_key=is_key,
        opened_on=opened_on or timezone.localdate(),
        created_by=actor,
        status=Status.NEW,
        stage=Stage.ROOT_CAUSE,
    )
    case.number = f"YX{case.opened_on:%Y}{case.pk:06d}"
    case.save(update_fields=["number"])
    case.tags.set(tags)
    _event(case, Kind.CREATED, actor, title=title)
    return case


@transaction.atomic
def case_assign(
    *,
    case: Case,
    actor: User,
    owning_unit: Unit,
    leader: User | None = None,
    co_units=(),
    due_date: datetime.date | None = None,
    reason: str = "",
    expected_version=None,
) -> Case:
    """Hand the case to its owning unit (交办), with co-handlers and a leader.

    The first assignment starts the case at the root-cause stage; later ones
    change owner, co-handlers, leader or due date, each noted on the timeline.
    """
    case = _lock(case)
    _check_version(case, expected_version)
    _require_status(
        case,
        Status.NEW,
        Status.IN_PROGRESS,
        message=_("A case that is being closed or is closed cannot be reassigned."),
    )
    if owning_unit.kind not in ASSIGNABLE_UNIT_KINDS:
        raise ActionRefused(
            _("A case can only be assigned to a township, community or department.")
        )
    co_units = [u for u in co_units if u.pk != owning_unit.pk]
    _require_leader(leader)
    before = {
        "owning_unit": str(case.owning_unit or "—"),
        "leader": str(case.leader or "—"),
        "co_units": _names(case.co_units.all()),
        "due_date": str(case.due_date or "—"),
    }
    first = case.status == Status.NEW
    case.owning_unit = owning_unit
    case.leader = leader
    case.due_date = due_date or case.due_date
    fields = ["owning_unit", "leader", "due_date"]
    if first:
        case.status = Status.IN_PROGRESS
        case.stage = Stage.ROOT_CAUSE
        case.assigned_at = timezone.now()
        fields += ["status", "stage", "assigned_at"]
    _save(case, *fields)
    case.co_units.set(co_units)
    after = {
        "owning_unit": str(owning_unit),
        "leader": str(leader or "—"),
        "co_units": _names(co_units),
        "due_date": str(case.due_date or "—"),
    }
    changes = _changes(before, after)
    if first:
        changes["status"] = [str(Status.NEW), str(Status.IN_PROGRESS)]
    if changes:
        _event(case, Kind.ASSIGNED, actor, reason, changes=changes)
    return case


@transaction.atomic
def case_update_details(
    *,
    case: Case,
    actor: User,
    title: str,
    summary: str,
    demands: str,
    category,
    tags,
    is_key: bool,
    reason: str = "",
    expected_version=None,
) -> Case:
    case = _lock(case)
    _check_version(case, expected_version)
    tags = list(tags)
    before = {
        "title": case.title,
        "summary": case.summary,
        "demands": case.demands,
        "category": str(case.category),
        "tags": _names(case.tags.all()),
        "is_key": case.is_key,
    }
    after = {
        "title": title,
        "summary": summary,
        "demands": demands,
        "category": str(category),
        "tags": _names(tags),
        "is_key": is_key,
    }
    changes = _changes(before, after)
    if not changes:
        return case
    case.title, case.summary, case.demands = title, summary, demands
    case.category, case.is_key = category, is_key
    _save(case, "title", "summary", "demands", "category", "is_key")
    case.tags.set(tags)
    _event(case, Kind.DETAILS_CHANGED, actor, reason, changes=changes)
    return case


# --- the three stages ------------------------------------------------------------


@transaction.atomic
def root_cause_save(
    *,
    case: Case,
    actor: User,
    mechanism: str,
    conduct: str,
    methods: str,
    history: str,
    expected_version=None,
) -> RootCause:
    """找病根: record (or correct) the findings."""
    case = _lock(case)
    _check_version(case, expected_version)
    _require_status(
        case,
        Status.IN_PROGRESS,
        message=_("The root cause can only be recorded while the case is in progress."),
    )
    record = RootCause.objects.filter(case=case).first()
    fields = {
        "mechanism": mechanism,
        "conduct": conduct,
        "methods": methods,
        "history": history,
    }
    before = {k: getattr(record, k) if record else "" for k in fields}
    changes = _changes(before, fields)
    if record and not changes:
        return record
    if record is None:
        record = RootCause(case=case)
    for key, value in fields.items():
        setattr(record, key, value)
    record.updated_by = actor
    record.save()
    _save(case)
    _event(case, Kind.ROOT_CAUSE_SAVED, actor, changed=sorted(changes))
    return record


@transaction.atomic
def plan_save(
    *, case: Case, actor: User, strategy: str, channels, expected_version=None
) -> Plan:
    """开药方: the plan's strategy and resolution channels."""
    case = _lock(case)
    _check_version(case, expected_version)
    _require_status(
        case,
        Status.IN_PROGRESS,
        message=_("The plan can only be changed while the case is in progress."),
    )
    if case.stage == Stage.ROOT_CAUSE:
        raise ActionRefused(
            _("Find the root cause first: the plan is made at the prescription stage.")
        )
    channels = list(channels)
    plan = Plan.objects.filter(case=case).first()
    before = {
        "strategy": plan.strategy if plan else "",
        "channels": _names(plan.channels.all()) if plan else "—",
    }
    after = {"strategy": strategy, "channels": _names(channels)}
    changes = _changes(before, after)
    if plan and not changes:
        return plan
    if plan is None:
        plan = Plan(case=case)
    plan.strategy = strategy
    plan.updated_by = actor
    plan.save()
    plan.channels.set(channels)
    _save(case)
    _event(case, Kind.PLAN_SAVED, actor, changes=changes)
    return plan


@transaction.atomic
def measure_add(
    *,
    case: Case,
    actor: User,
    content: str,
    responsible_person: str,
    due_date: datetime.date,
) -> Measure:
    case = _lock(case)
    _require_status(
        case,
        Status.IN_PROGRESS,
        message=_("Measures can only be added while the case is in progress."),
    )
    if case.stage == Stage.ROOT_CAUSE:
        raise ActionRefused(
            _("Find the root cause first: measures belong to the plan.")
        )
    measure = Measure.objects.create(
        case=case,
        content=content,
        responsible_person=responsible_person,
        due_date=due_date,
        created_by=actor,
    )
    _event(
        case,
        Kind.MEASURE_ADDED,
        actor,
        measure=content,
        responsible_person=responsible_person,
        due_date=str(due_date),
    )
    return measure


@transaction.atomic
def measure_set_done(*, measure: Measure, actor: User, done: bool) -> Measure:
    case = _lock(measure.case)
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    if measure.is_done == done:
        return measure
    _require_status(
        case,
        Status.IN_PROGRESS,
        message=_("Measures can only be changed while the case is in progress."),
    )
    measure.is_done = done
    measure.done_at = timezone.now() if done else None
    measure.save(update_fields=["is_done", "done_at"])
    kind = Kind.MEASURE_DONE if done else Kind.MEASURE_REOPENED
    _event(case, kind, actor, measure=measure.content)
    return measure


@transaction.atomic
def case_advance(*, case: Case, actor: User, to_stage: str, reason: str = "") -> Case:
    """Move a case to another stage, by the table of allowed moves."""
    case = _lock(case)
    if case.stage == to_stage:
        return case
    _require_status(
        case,
        Status.IN_PROGRESS,
        message=_("Only a case in progress can change stage."),
    )
    if to_stage not in ALLOWED_STAGE_MOVES.get(case.stage, ()):
        raise ActionRefused(
            _("A case cannot move from “%(from)s” to “%(to)s”.")
            % {
                "from": _label(Stage.choices, case.stage),
                "to": _label(Stage.choices, to_stage),
            }
        )
    if to_stage == Stage.PRESCRIPTION and case.stage == Stage.ROOT_CAUSE:
        record = RootCause.objects.filter(case=case).first()
        if record is None or not record.has_findings:
            raise ActionRefused(
                _("Record at least one root-cause finding before making the plan.")
            )
    if to_stage == Stage.FOLLOW_UP:
        plan = Plan.objects.filter(case=case).first()
        if plan is None or not plan.channels.exists():
            raise ActionRefused(
                _("Choose at least one resolution channel before the follow-up.")
            )
        if not Measure.objects.filter(case=case).exists():
            raise ActionRefused(_("Add at least one measure before the follow-up."))
    going_back = list(Stage.values).index(to_stage) < case.stage_index()
    if going_back and not reason.strip():
        raise ActionRefused(_("Say why the case goes back to an earlier stage."))
    before = case.stage
    case.stage = to_stage
    _save(case, "stage")
    _event(
        case,
        Kind.STAGE_CHANGED,
        actor,
        reason,
        changes={"stage": [str(before), str(to_stage)]},
    )
    return case


@transaction.atomic
def progress_add(
    *,
    case: Case,
    actor: User,
    content: str,
    kind: str = ProgressEntry.Kind.PROGRESS,
    is_public: bool = False,
) -> ProgressEntry:
    """看疗效: a progress entry, the petitioner's concerns or a change of strategy."""
    case = _lock(case)
    _require_status(
        case,
        Status.IN_PROGRESS,
        Status.CLOSING_SUBMITTED,
        message=_("Follow-up can only be recorded on an open case."),
    )
    entry = ProgressEntry.objects.create(
        case=case, kind=kind, content=content, author=actor, is_public=is_public
    )
    case.last_progress_at = entry.created_at
    case.save(update_fields=["last_progress_at", "updated_at"])
    _event(
        case,
        Kind.PROGRESS_ADDED,
        actor,
        entry_kind=str(kind),
        content=content,
    )
    return entry
