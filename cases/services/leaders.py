"""Leaders' instructions (批示) and visits (领导下访)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import (
    Case,
    Instruction,
    LeaderVisit,
)
from cases.services._base import (
    Kind,
    _event,
    _lock,
    _require_leader,
)
from common.errors import ActionRefused

# --- leaders ---------------------------------------------------------------------


@transaction.atomic
def instruction_add(*, case: Case, actor: User, content: str) -> Instruction:
    """批示: a leader's instruction, for the owning unit to answer."""
    case = _lock(case)
    _require_leader(actor)
    instruction = Instruction.objects.create(case=case, leader=actor, content=content)
    _event(case, Kind.INSTRUCTION_ADDED, actor, content=content)
    return instruction


@transaction.atomic
def instruction_answer(
    *, instruction: Instruction, actor: User, response: str
) -> Instruction:
    case = _lock(instruction.case)
    instruction = Instruction.objects.select_for_update().get(pk=instruction.pk)
    if instruction.is_answered:
        if instruction.response == response:
            return instruction
        raise ActionRefused(_("This instruction has already been answered."))
    instruction.response = response
    instruction.answered_by = actor
    instruction.answered_at = timezone.now()
    instruction.save(update_fields=["response", "answered_by", "answered_at"])
    _event(
        case,
        Kind.INSTRUCTION_ANSWERED,
        actor,
        instruction=instruction.content,
        content=response,
    )
    return instruction


@transaction.atomic
def visit_record(
    *,
    case: Case,
    actor: User,
    leader: User,
    visited_on: datetime.date,
    place: str,
    notes: str,
) -> LeaderVisit:
    """领导下访: a leader met the petitioner; recorded by the leader or a clerk."""
    case = _lock(case)
    _require_leader(leader)
    if visited_on > timezone.localdate():
        raise ActionRefused(_("A visit cannot be recorded for a future date."))
    visit = LeaderVisit.objects.create(
        case=case,
        leader=leader,
        visited_on=visited_on,
        place=place,
        notes=notes,
        recorded_by=actor,
    )
    _event(
        case,
        Kind.LEADER_VISIT,
        actor,
        leader=str(leader),
        visited_on=str(visited_on),
        place=place,
        content=notes,
    )
    return visit
