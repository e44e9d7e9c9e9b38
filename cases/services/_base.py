"""Shared pieces of the case services: locking, events, versions."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import CASE_UNIT_KINDS
from cases.models import (
    Case,
    CaseEvent,
)
from common.errors import ActionRefused, EditConflict
from common.roles import Role

Stage = Case.Stage


Status = Case.Status
Kind = CaseEvent.Kind

# The stage moves a unit may make while a case is in progress.
ALLOWED_STAGE_MOVES = {
    Stage.ROOT_CAUSE: {Stage.PRESCRIPTION},
    Stage.PRESCRIPTION: {Stage.FOLLOW_UP, Stage.ROOT_CAUSE},
    Stage.FOLLOW_UP: {Stage.PRESCRIPTION},
}
ASSIGNABLE_UNIT_KINDS = CASE_UNIT_KINDS
DEFAULT_LOOKBACK_DAYS = (30, 90, 180)


# --- helpers ---------------------------------------------------------------------


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _event(case, kind, actor, reason="", **data) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case, kind=kind, actor=actor, reason=reason or "", data=data
    )


def _check_version(case: Case, expected_version) -> None:
    if expected_version is not None and int(expected_version) != case.version:
        raise EditConflict()


def _save(case: Case, *fields: str) -> None:
    case.version += 1
    case.save(update_fields=[*fields, "version", "updated_at"])


def _require_status(case: Case, *statuses, message) -> None:
    if case.status not in statuses:
        raise ActionRefused(message)


def _label(choices, value) -> str:
    return str(dict(choices).get(value, value or "—"))


def _names(objects) -> str:
    return "、".join(sorted(str(o) for o in objects)) or "—"


def _changes(before: dict, after: dict) -> dict:
    return {k: [before[k], after[k]] for k in after if before.get(k) != after[k]}


def _require_leader(user):
    if user is not None and user.role != Role.LEADER:
        raise ActionRefused(_("The responsible leader must be a county leader."))


def default_due_date() -> datetime.date:
    """Until the statutory clock arrives: 60 days from today."""
    return timezone.localdate() + datetime.timedelta(days=60)
