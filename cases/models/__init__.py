from cases.models.case import Case, CaseEvent
from cases.models.config import (
    Category,
    LeaderArea,
    LeaderSector,
    LookBackOffset,
    ResolutionChannel,
    Tag,
)
from cases.models.records import (
    Attachment,
    ClosingSubmission,
    Instruction,
    LeaderVisit,
    LookBack,
    Measure,
    Plan,
    ProgressEntry,
    RootCause,
)
from cases.models.statutory import Extension, Hearing, ReviewRequest

__all__ = [
    "Attachment",
    "Case",
    "CaseEvent",
    "Category",
    "ClosingSubmission",
    "Extension",
    "Hearing",
    "Instruction",
    "LeaderArea",
    "LeaderSector",
    "LeaderVisit",
    "LookBack",
    "LookBackOffset",
    "Measure",
    "Plan",
    "ProgressEntry",
    "ResolutionChannel",
    "ReviewRequest",
    "RootCause",
    "Tag",
]
