"""What makes the cached dashboard and scorecards stale (common/cache.py).

Every save or delete of a row they count bumps their generation after commit;
the few bulk updates that bypass signals bump it themselves (cases/services/
statutory.py recomputing deadlines, supervision/services/jobs.py issuing orders).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from common.cache import bump_on_commit

TOPICS = ("dashboard", "scorecards")


def changed(**kwargs) -> None:
    bump_on_commit(*TOPICS)


def connect() -> None:
    from accounts.models import Unit
    from cases.models import Case, LeaderArea, LeaderSector, ProgressEntry
    from supervision.models import (
        DailyReport,
        MissingReport,
        ReportingPeriod,
        SupervisionOrder,
    )

    for model in (
        Case,
        ProgressEntry,
        LeaderArea,
        LeaderSector,
        Unit,
        DailyReport,
        MissingReport,
        ReportingPeriod,
        SupervisionOrder,
    ):
        uid = f"invalidate-{model._meta.label_lower}"
        post_save.connect(changed, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(changed, sender=model, dispatch_uid=uid + "-delete")
    m2m_changed.connect(
        changed, sender=Case.co_units.through, dispatch_uid="invalidate-co-units"
    )
