"""Every write to a case: one function per action (HackSoft style).

Each state change runs in a transaction, re-reads the case with
`select_for_update()`, checks the server-side table of allowed moves, saves with
`update_fields` and writes its timeline event in the same transaction. Nothing
else assigns `Case.stage` or `Case.status`. A refused action raises
`ActionRefused` with a message for the user and changes nothing.
"""

from cases.services._base import (
    ALLOWED_STAGE_MOVES,
    default_due_date,
)
from cases.services.closing import (
    closing_approve,
    closing_return,
    closing_submit,
    lookback_offsets,
    lookback_record,
)
from cases.services.files import (
    attachment_add,
)
from cases.services.leaders import (
    instruction_add,
    instruction_answer,
    visit_record,
)
from cases.services.lifecycle import (
    case_advance,
    case_assign,
    case_create,
    case_update_details,
    measure_add,
    measure_set_done,
    plan_save,
    progress_add,
    root_cause_save,
)
from cases.services.statutory import (
    case_accept,
    case_deadline,
    extension_decide,
    extension_request,
    hearing_end,
    hearing_start,
    recompute_case_deadlines,
    reply_date,
    review_deadline,
    review_reply,
    review_request,
)

__all__ = [
    "ALLOWED_STAGE_MOVES",
    "attachment_add",
    "case_accept",
    "case_advance",
    "case_assign",
    "case_create",
    "case_deadline",
    "case_update_details",
    "closing_approve",
    "closing_return",
    "closing_submit",
    "default_due_date",
    "extension_decide",
    "extension_request",
    "hearing_end",
    "hearing_start",
    "instruction_add",
    "instruction_answer",
    "lookback_offsets",
    "lookback_record",
    "measure_add",
    "measure_set_done",
    "plan_save",
    "progress_add",
    "recompute_case_deadlines",
    "reply_date",
    "review_deadline",
    "review_reply",
    "review_request",
    "root_cause_save",
    "visit_record",
]
