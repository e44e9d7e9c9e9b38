"""Case pages: list, detail, and one small view per action.

Views read through `selectors` (scoped by the access gate), check the action with
`access.require`, validate with a form and write through `services`.
"""

from cases.views.actions import (
    AdvanceView,
    AttachmentAddView,
    CaseActionView,
    CaseAssignView,
    CaseEditView,
    ClosingApproveView,
    ClosingReturnView,
    ClosingSubmitView,
    InstructionAddView,
    InstructionAnswerView,
    LookBackRecordView,
    MeasureAddView,
    PlanView,
    ProgressAddView,
    RootCauseView,
    VisitAddView,
    attachment_download,
    measure_toggle,
)
from cases.views.exports import case_export
from cases.views.pages import case_create, case_detail, case_list, case_timeline
from cases.views.sheets import case_sheet, case_sheet_pdf
from cases.views.statutory import (
    ExtensionDecideView,
    ExtensionRequestView,
    HearingEndView,
    HearingStartView,
    ReviewReplyView,
    ReviewRequestView,
)

__all__ = [
    "AdvanceView",
    "AttachmentAddView",
    "CaseActionView",
    "CaseAssignView",
    "CaseEditView",
    "ClosingApproveView",
    "ClosingReturnView",
    "ClosingSubmitView",
    "ExtensionDecideView",
    "ExtensionRequestView",
    "HearingEndView",
    "HearingStartView",
    "InstructionAddView",
    "InstructionAnswerView",
    "LookBackRecordView",
    "MeasureAddView",
    "PlanView",
    "ProgressAddView",
    "ReviewReplyView",
    "ReviewRequestView",
    "RootCauseView",
    "VisitAddView",
    "attachment_download",
    "case_create",
    "case_detail",
    "case_export",
    "case_list",
    "case_sheet",
    "case_sheet_pdf",
    "case_timeline",
    "measure_toggle",
]
