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

__all__ = [
    "Attachment",
    "Case",
    "CaseEvent",
    "Category",
    "ClosingSubmission",
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
    "RootCause",
    "Tag",
]
