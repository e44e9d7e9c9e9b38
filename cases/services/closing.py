"""Closing (上报 → 审核销号 or returned) and look-backs (回头看)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import (
    Case,
    ClosingSubmission,
    LookBack,
    LookBackOffset,
)
from cases.services._base import (
    DEFAULT_LOOKBACK_DAYS,
    Kind,
    Stage,
    Status,
    _event,
    _lock,
    _require_status,
    _save,
    default_due_date,
)
from common.errors import ActionRefused

# --- closing and look-backs ------------------------------------------------------


@transaction.atomic
def closing_submit(
    *, case: Case, actor: User, reply: str, satisfaction: str
) -> ClosingSubmission:
    """The unit reports the case resolved (已上报待审核)."""
    case = _lock(case)
    if case.status == Status.CLOSING_SUBMITTED:
        return case.closings.get(decision=ClosingSubmission.Decision.PENDING)
    _require_status(
        case,
        Status.IN_PROGRESS,
        message=_("Only a case in progress can be submitted for closing."),
    )
    if case.stage != Stage.FOLLOW_UP:
        raise ActionRefused(
            _("A case is submitted for closing from the follow-up stage.")
        )
    submission = ClosingSubmission.objects.create(
        case=case, reply=reply, satisfaction=satisfaction, submitted_by=actor
    )
    case.status = Status.CLOSING_SUBMITTED
    _save(case, "status")
    _event(
        case,
        Kind.CLOSING_SUBMITTED,
        actor,
        satisfaction=satisfaction,
        changes={
            "status": [
                str(Status.IN_PROGRESS),
                str(Status.CLOSING_SUBMITTED),
            ]
        },
    )
    return submission


def lookback_offsets() -> list[int]:
    days = list(
        LookBackOffset.objects.filter(is_active=True).values_list("days", flat=True)
    )
    return days or list(DEFAULT_LOOKBACK_DAYS)


@transaction.atomic
def closing_approve(*, case: Case, actor: User, note: str = "") -> Case:
    """A clerk approves the closing (已化解销号); look-backs are scheduled."""
    case = _lock(case)
    if case.status == Status.CLOSED:
        return case
    _require_status(
        case,
        Status.CLOSING_SUBMITTED,
        message=_("Only a case submitted for closing can be approved."),
    )
    submission = case.closings.select_for_update().get(
        decision=ClosingSubmission.Decision.PENDING
    )
    now = timezone.now()
    submission.decision = ClosingSubmission.Decision.APPROVED
    submission.decided_by = actor
    submission.decided_at = now
    submission.save(update_fields=["decision", "decided_by", "decided_at"])
    case.status = Status.CLOSED
    case.closed_at = now
    _save(case, "status", "closed_at")
    today = timezone.localdate(now)
    offsets = lookback_offsets()
    LookBack.objects.bulk_create(
        [
            LookBack(
                case=case,
                closing=submission,
                offset_days=days,
                due_date=today + datetime.timedelta(days=days),
            )
            for days in offsets
        ],
        ignore_conflicts=True,
    )
    _event(
        case,
        Kind.CLOSING_APPROVED,
        actor,
        note,
        lookbacks=[str(today + datetime.timedelta(days=d)) for d in offsets],
        changes={
            "status": [
                str(Status.CLOSING_SUBMITTED),
                str(Status.CLOSED),
            ]
        },
    )
    return case


@transaction.atomic
def closing_return(*, case: Case, actor: User, reason: str) -> Case:
    """A clerk sends the closing back to the unit, with the reason."""
    if not reason.strip():
        raise ActionRefused(_("Say why the closing is returned."))
    case = _lock(case)
    _require_status(
        case,
        Status.CLOSING_SUBMITTED,
        message=_("Only a case submitted for closing can be returned."),
    )
    submission = case.closings.select_for_update().get(
        decision=ClosingSubmission.Decision.PENDING
    )
    submission.decision = ClosingSubmission.Decision.RETURNED
    submission.decided_by = actor
    submission.decided_at = timezone.now()
    submission.return_reason = reason
    submission.save(
        update_fields=["decision", "decided_by", "decided_at", "return_reason"]
    )
    case.status = Status.IN_PROGRESS
    _save(case, "status")
    _event(
        case,
        Kind.CLOSING_RETURNED,
        actor,
        reason,
        changes={
            "status": [
                str(Status.CLOSING_SUBMITTED),
                str(Status.IN_PROGRESS),
            ]
        },
    )
    return case


@transaction.atomic
def lookback_record(
    *, lookback: LookBack, actor: User, result: str, note: str = ""
) -> LookBack:
    """回头看: stable, recurred (reopens the case at root cause) or a new demand."""
    case = _lock(lookback.case)
    lookback = LookBack.objects.select_for_update().get(pk=lookback.pk)
    if lookback.result == result and lookback.recorded_at:
        return lookback
    if lookback.result != LookBack.Result.PENDING:
        raise ActionRefused(_("This look-back has already been recorded."))
    if result not in (
        LookBack.Result.STABLE,
        LookBack.Result.RECURRED,
        LookBack.Result.NEW_DEMAND,
    ):
        raise ActionRefused(_("Choose the result of the look-back."))
    if result != LookBack.Result.STABLE and not note.strip():
        raise ActionRefused(_("Describe what was found."))
    _require_status(
        case,
        Status.CLOSED,
        message=_("Look-backs are recorded on closed cases."),
    )
    lookback.result = result
    lookback.note = note
    lookback.recorded_by = actor
    lookback.recorded_at = timezone.now()
    lookback.save(update_fields=["result", "note", "recorded_by", "recorded_at"])
    _event(
        case,
        Kind.LOOKBACK_RECORDED,
        actor,
        note,
        result=result,
        due_date=str(lookback.due_date),
    )
    if result == LookBack.Result.RECURRED:
        LookBack.objects.filter(case=case, result=LookBack.Result.PENDING).update(
            result=LookBack.Result.CANCELLED
        )
        # Reopened: open again, with a fresh time limit to find the root cause
        # (the clerk can change it by reassigning); the closing stays in history.
        old_due = case.due_date
        case.status = Status.IN_PROGRESS
        case.stage = Stage.ROOT_CAUSE
        case.reopened_count += 1
        case.closed_at = None
        case.due_date = default_due_date()
        _save(case, "status", "stage", "reopened_count", "closed_at", "due_date")
        _event(
            case,
            Kind.REOPENED,
            actor,
            note,
            changes={
                "status": [
                    str(Status.CLOSED),
                    str(Status.IN_PROGRESS),
                ],
                "stage": [
                    str(Stage.FOLLOW_UP),
                    str(Stage.ROOT_CAUSE),
                ],
                "due_date": [str(old_due or "—"), str(case.due_date)],
            },
        )
    return lookback
