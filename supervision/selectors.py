"""Reads of the supervision floor that more than one page or job needs."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import CASE_UNIT_KINDS, Unit
from cases.models import Case
from common import access
from common.cache import cached
from supervision.models import (
    AccountabilityRecord,
    DailyReport,
    ReportingPeriod,
    SupervisionOrder,
)

REPORTING_UNIT_KINDS = CASE_UNIT_KINDS


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
    """Every reporting unit's scorecard for the period, ranked.

    Four grouped queries (units; reports, cases and orders counted per unit),
    each one pass over its table: the cost grows with the rows, never with
    units × rows as per-unit subqueries did.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    days = required_days(period, now)
    units = list(
        Unit.objects.filter(is_active=True, kind__in=REPORTING_UNIT_KINDS)
        .only("id", "name", "kind", "sort_order")
        .order_by("sort_order", "pk")
    )
    reports = {}
    if days:
        # The required days are the period's first days up to the last cutoff.
        reports = {
            row["unit"]: row
            for row in DailyReport.objects.filter(
                period=period, date__gte=days[0], date__lte=days[-1]
            )
            .values("unit")
            .annotate(
                on_time=Count("pk", filter=Q(is_late=False)),
                late=Count("pk", filter=Q(is_late=True)),
            )
            .order_by()
        }
    open_ = ~Q(status=Case.Status.CLOSED)
    cases = {
        row["owning_unit"]: row
        for row in Case.objects.filter(owning_unit__isnull=False)
        .values("owning_unit")
        .annotate(
            overdue=Count("pk", filter=open_ & Q(due_date__lt=today)),
            handled=Count("pk", filter=~Q(status=Case.Status.NEW)),
            resolved=Count("pk", filter=Q(status=Case.Status.CLOSED)),
            reopened=Count("pk", filter=Q(reopened_count__gt=0)),
        )
        .order_by()
    }
    orders = dict(
        SupervisionOrder.objects.filter(
            status=SupervisionOrder.Status.OPEN, deadline__lt=today
        )
        .values("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
        .order_by()
    )
    empty = {"on_time": 0, "late": 0, "overdue": 0, "handled": 0}
    cards = []
    for u in units:
        r = reports.get(u.pk, empty)
        c = cases.get(u.pk, {**empty, "resolved": 0, "reopened": 0})
        cards.append(
            Scorecard(
                unit=u,
                required_days=len(days),
                on_time=r["on_time"],
                late=r["late"],
                missing=len(days) - r["on_time"] - r["late"],
                overdue_cases=c["overdue"],
                overdue_orders=orders.get(u.pk, 0),
                cases=c["handled"],
                resolved=c["resolved"],
                reopened=c["reopened"],
            )
        )
    cards.sort(key=Scorecard.sort_key)
    for rank, card in enumerate(cards, start=1):
        card.rank = rank
    return cards


def unit_scorecards_cached(
    period: ReportingPeriod, now: datetime.datetime | None = None
) -> list[Scorecard]:
    """unit_scorecards(), kept like the dashboard (supervision/invalidation.py)."""
    now = now or timezone.now()
    parts = (period.pk, len(required_days(period, now)), timezone.localdate(now))
    cards, _stale = cached(
        "scorecards",
        parts,
        lambda: unit_scorecards(period, now),
        timeout=settings.DASHBOARD_CACHE_SECONDS,
    )
    return cards


# --- orders and records (scoped by the gate) ----------------------------------------


def orders_visible_to(user) -> QuerySet[SupervisionOrder]:
    """The order list: what the table shows, in a fixed number of queries."""
    return access.scope(user, SupervisionOrder.objects.all()).select_related(
        "case", "unit", "issued_by"
    )


def order_get_for_user(*, user, pk) -> SupervisionOrder:
    return access.get_for_user(
        user,
        SupervisionOrder.objects.select_related(
            "case", "unit", "issued_by", "replied_by"
        ),
        pk=pk,
    )


def records_visible_to(user) -> QuerySet[AccountabilityRecord]:
    return access.scope(user, AccountabilityRecord.objects.all()).select_related(
        "unit", "case", "recorded_by"
    )


def case_visible(user, order) -> bool:
    """Whether the order's case may be opened by this user (for its link)."""
    return access.scope(user, Case.objects.filter(pk=order.case_id)).exists()
