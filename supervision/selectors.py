"""Reads of the supervision floor that more than one page or job needs."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import CASE_UNIT_KINDS, Unit
from cases.models import Case
from supervision.models import (
    DailyReport,
    ReportingPeriod,
    SupervisionOrder,
)

REPORTING_UNIT_KINDS = CASE_UNIT_KINDS


def _count(queryset) -> Coalesce:
    """A correlated COUNT(*) as an annotation (0 when there are no rows)."""
    counted = (
        queryset.order_by()
        .annotate(group=Value(1))
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


@dataclass
class Scorecard:
    unit: Unit
    required_days: int
    on_time: int
    late: int
    missing: int
    overdue_cases: int
    overdue_orders: int
    cases: int
    resolved: int
    reopened: int
    rank: int = 0

    @property
    def on_time_rate(self) -> float:
        return self.on_time / self.required_days if self.required_days else 1.0

    @property
    def resolution_rate(self) -> float:
        return self.resolved / self.cases if self.cases else 0.0

    @property
    def recurrence_rate(self) -> float:
        return self.reopened / self.resolved if self.resolved else 0.0

    def sort_key(self):
        # Fewer missing days first, then more on time, fewer overdue items, more
        # resolved, less recurrence; the unit's own order breaks ties.
        return (
            self.missing,
            -round(self.on_time_rate, 4),
            self.overdue_cases + self.overdue_orders,
            -round(self.resolution_rate, 4),
            round(self.recurrence_rate, 4),
            self.unit.sort_order,
            self.unit.pk,
        )


def required_days(period: ReportingPeriod, now: datetime.datetime) -> list:
    """The days of the period whose cutoff has passed."""
    return [d for d in period.days() if period.cutoff_at(d) <= now]


def unit_scorecards(
    period: ReportingPeriod, now: datetime.datetime | None = None
) -> list[Scorecard]:
    """Every reporting unit's scorecard for the period, ranked — one query."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    days = required_days(period, now)
    unit = OuterRef("pk")
    reports = DailyReport.objects.filter(period=period, unit=unit, date__in=days)
    owned = Case.objects.filter(owning_unit=unit)
    units = (
        Unit.objects.filter(is_active=True, kind__in=REPORTING_UNIT_KINDS)
        .annotate(
            on_time=_count(reports.filter(is_late=False)),
            late=_count(reports.filter(is_late=True)),
            overdue_cases=_count(
                owned.exclude(status=Case.Status.CLOSED).filter(due_date__lt=today)
            ),
            overdue_orders=_count(
                SupervisionOrder.objects.filter(
                    unit=unit, status=SupervisionOrder.Status.OPEN, deadline__lt=today
                )
            ),
            cases=_count(owned.exclude(status=Case.Status.NEW)),
            resolved=_count(owned.filter(status=Case.Status.CLOSED)),
            reopened=_count(owned.filter(reopened_count__gt=0)),
        )
        .order_by("sort_order", "pk")
    )
    cards = [
        Scorecard(
            unit=u,
            required_days=len(days),
            on_time=u.on_time,
            late=u.late,
            missing=len(days) - u.on_time - u.late,
            overdue_cases=u.overdue_cases,
            overdue_orders=u.overdue_orders,
            cases=u.cases,
            resolved=u.resolved,
            reopened=u.reopened,
        )
        for u in units
    ]
    cards.sort(key=Scorecard.sort_key)
    for rank, card in enumerate(cards, start=1):
        card.rank = rank
    return cards
