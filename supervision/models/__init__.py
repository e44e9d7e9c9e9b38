from supervision.models.orders import AccountabilityRecord, SupervisionOrder
from supervision.models.reports import (
    DailyReport,
    MissingReport,
    ReportingPeriod,
    UrgentReport,
)

__all__ = [
    "AccountabilityRecord",
    "DailyReport",
    "MissingReport",
    "ReportingPeriod",
    "SupervisionOrder",
    "UrgentReport",
]
