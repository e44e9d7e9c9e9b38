"""The leaders' dashboard: every number computed in SQL, each with the query
string of the case list that shows exactly those cases.

Whatever the number of cases, the dashboard costs the same few queries: one
grouped count by stage and status, one conditional aggregate, two monthly
series, the key-case board (at most KEY_BOARD rows), the day's report filing
and the unit ranking.
"""

import datetime
import logging
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from accounts.models import CASE_UNIT_KINDS, Unit
from cases.models import Case, ProgressEntry
from cases.selectors import cases_visible_to, my_cases_q
from common.cache import cached, store
from common.clock import Level
from common.deadlines import Clock, level_bounds
from common.roles import Role
from supervision.models import DailyReport, ReportingPeriod
from supervision.selectors import unit_scorecards_cached

KEY_BOARD = 30
log = logging.getLogger(__name__)
Status = Case.Status
Stage = Case.Stage


@dataclass(frozen=True)
class Window:
    """The period picker: this week, month, year, or a custom range."""

    key: str
    start: datetime.date
    end: datetime.date

    @classmethod
    def parse(cls, key: str, start: str, end: str, today: datetime.date) -> "Window":
        if key == "week":
            first = today - datetime.timedelta(days=today.weekday())
            return cls("week", first, today)
        if key == "year":
            return cls("year", today.replace(month=1, day=1), today)
        if key == "custom":
            try:
                first = datetime.date.fromisoformat(start)
                last = datetime.date.fromisoformat(end)
            except ValueError:
                first = last = None
            if first and last and first <= last:
                return cls("custom", first, last)
        return cls("month", today.replace(day=1), today)


@dataclass
class Number:
    value: int
    query: dict = field(default_factory=dict)

    def url(self, base_query: dict) -> str:
        return reverse("cases:index") + "?" + urlencode({**base_query, **self.query})


def _scope_key(user) -> str:
    """Users who see the same numbers share a cached dashboard."""
    if user.role == Role.LIAISON:
        return f"unit{user.unit_id}"
    if user.role == Role.LEADER:
        return f"leader{user.pk}"  # "my cases" is the leader's own
    return user.role  # clerks: the whole county


def _cache_parts(user, window: Window, unit: Unit | None) -> tuple:
    return (
        _scope_key(user),
        window.key,
        window.start,
        window.end,
        unit.pk if unit else "-",
        timezone.localdate(),
    )


def dashboard_cached(user, *, window: Window, unit: Unit | None) -> dict:
    """dashboard(), kept for DASHBOARD_CACHE_SECONDS. After a change to what it
    counts (supervision/invalidation.py) the last numbers are shown, marked as
    being updated, while a task computes the new ones (refresh_dashboard)."""

    def refresh():
        from supervision.tasks import refresh_dashboard

        try:
            refresh_dashboard.delay(
                user.pk,
                window.key,
                window.start.isoformat(),
                window.end.isoformat(),
                unit.pk if unit else None,
            )
        except Exception:  # the broker is down: count in the page instead
            log.warning("could not queue the dashboard refresh")
            return False
        return True

    data, stale = cached(
        "dashboard",
        _cache_parts(user, window, unit),
        lambda: dashboard(user, window=window, unit=unit),
        timeout=settings.DASHBOARD_CACHE_SECONDS,
        refresh=refresh,
    )
    return {**data, "refreshing": stale}


def refresh_dashboard_now(user, *, window: Window, unit: Unit | None) -> None:
    """Compute and keep the dashboard of this audience (the refresh task)."""
    store(
        "dashboard",
        _cache_parts(user, window, unit),
        dashboard(user, window=window, unit=unit),
        timeout=settings.DASHBOARD_CACHE_SECONDS,
    )


def dashboard(user, *, window: Window, unit: Unit | None, now=None) -> dict:
    now = now or timezone.now()
    today = timezone.localdate(now)
    cases = cases_visible_to(user)
    base_query = {}
    if unit is not None:
        cases = cases.filter(owning_unit=unit)
        base_query["owning_unit"] = unit.pk
    clock = Clock.load()
    bounds = level_bounds(clock, today)

    def due_q(level):
        first, last = bounds[level]
        q = ~Q(status=Status.CLOSED) & Q(due_date__isnull=False, due_date__lte=last)
        return q & Q(due_date__gte=first) if first else q

    month_start = today.replace(day=1)
    year_start = today.replace(month=1, day=1)
    aggregates = {
        "open": Count("pk", filter=~Q(status=Status.CLOSED)),
        "closing": Count("pk", filter=Q(status=Status.CLOSING_SUBMITTED)),
        "due_soon": Count("pk", filter=due_q(Level.DUE_SOON)),
        "overdue": Count("pk", filter=due_q(Level.OVERDUE)),
        "long_overdue": Count("pk", filter=due_q(Level.LONG_OVERDUE)),
        "resolved_month": Count("pk", filter=Q(closed_at__date__gte=month_start)),
        "resolved_year": Count("pk", filter=Q(closed_at__date__gte=year_start)),
        "resolved_window": Count(
            "pk",
            filter=Q(
                closed_at__date__gte=window.start, closed_at__date__lte=window.end
            ),
        ),
        "opened_window": Count(
            "pk", filter=Q(opened_on__gte=window.start, opened_on__lte=window.end)
        ),
        "closed": Count("pk", filter=Q(status=Status.CLOSED)),
        "reopened": Count("pk", filter=Q(reopened_count__gt=0)),
        "key_open": Count("pk", filter=Q(is_key=True) & ~Q(status=Status.CLOSED)),
    }
    if user.role == Role.LEADER:
        aggregates["mine"] = Count("pk", filter=my_cases_q(user))
    totals = cases.aggregate(**aggregates)

    iso = datetime.date.isoformat
    numbers = {
        "open": Number(totals["open"], {"open": "true"}),
        "closing": Number(totals["closing"], {"status": Status.CLOSING_SUBMITTED}),
        "due_soon": Number(totals["due_soon"], {"level": "due_soon"}),
        "overdue": Number(totals["overdue"], {"level": "overdue"}),
        "long_overdue": Number(totals["long_overdue"], {"level": "long_overdue"}),
        "resolved_month": Number(
            totals["resolved_month"], {"closed_from": iso(month_start)}
        ),
        "resolved_year": Number(
            totals["resolved_year"], {"closed_from": iso(year_start)}
        ),
        "resolved_window": Number(
            totals["resolved_window"],
            {"closed_from": iso(window.start), "closed_to": iso(window.end)},
        ),
        "opened_window": Number(
            totals["opened_window"],
            {"opened_from": iso(window.start), "opened_to": iso(window.end)},
        ),
        "reopened": Number(totals["reopened"], {"reopened": "true"}),
        "key_open": Number(totals["key_open"], {"is_key": "true", "open": "true"}),
    }
    if "mine" in totals:
        numbers["mine"] = Number(totals["mine"], {"mine": "on"})
    recurrence = totals["reopened"] / totals["closed"] if totals["closed"] else 0.0

    # Open cases by stage and status (one grouped query).
    grid = {(s, st): 0 for s in Stage.values for st in Status.values}
    for row in cases.values("stage", "status").annotate(n=Count("pk")).order_by():
        grid[(row["stage"], row["status"])] = row["n"]
    by_stage = [
        {
            "stage": label,
            "cells": [
                Number(grid[(value, status)], {"stage": value, "status": status})
                for status in (Status.NEW, Status.IN_PROGRESS, Status.CLOSING_SUBMITTED)
            ],
        }
        for value, label in Stage.choices
    ]

    trends = _trends(cases, today)
    board = _key_board(cases, clock, today)
    return {
        "numbers": numbers,
        "base_query": base_query,
        "recurrence_rate": recurrence,
        "by_stage": by_stage,
        "trends": trends,
        "key_board": board,
        "reports": _report_compliance(user, now, unit),
        "ranking": _ranking(now),
        "window": window,
        "today": today,
    }


def _months(today: datetime.date, count: int = 12) -> list[datetime.date]:
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(datetime.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(months))


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _trends(cases, today) -> list[dict]:
    months = _months(today)
    first = months[0]
    opened = dict(
        cases.filter(opened_on__gte=first)
        .annotate(month=TruncMonth("opened_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
        .order_by()
    )
    closed = {
        timezone.localdate(m).replace(day=1)
        if isinstance(m, datetime.datetime)
        else m: n
        for m, n in cases.filter(closed_at__date__gte=first)
        .annotate(month=TruncMonth("closed_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
        .order_by()
    }
    rows = []
    for month in months:
        last = _next_month(month) - datetime.timedelta(days=1)
        span = {"from": month.isoformat(), "to": last.isoformat()}
        rows.append(
            {
                "month": month,
                "label": month.strftime("%Y-%m"),
                "opened": Number(
                    opened.get(month, 0),
                    {"opened_from": span["from"], "opened_to": span["to"]},
                ),
                "closed": Number(
                    closed.get(month, 0),
                    {"closed_from": span["from"], "closed_to": span["to"]},
                ),
            }
        )
    return rows


def _key_board(cases, clock, today) -> list[dict]:
    latest = ProgressEntry.objects.filter(case=OuterRef("pk")).order_by(
        "-created_at", "-id"
    )
    rows = (
        cases.filter(is_key=True)
        .exclude(status=Status.CLOSED)
        .select_related("leader", "owning_unit")
        .annotate(last_progress=Subquery(latest.values("content")[:1]))
        .order_by("due_date", "pk")[:KEY_BOARD]
    )
    return [{"case": case, "level": clock.level(case.due_date, today)} for case in rows]


def _report_compliance(user, now, unit) -> dict | None:
    today = timezone.localdate(now)
    period = (
        ReportingPeriod.objects.filter(start_date__lte=today, end_date__gte=today)
        .order_by("start_date")
        .first()
    )
    if period is None:
        return None
    units = Unit.objects.filter(is_active=True, kind__in=CASE_UNIT_KINDS)
    if unit is not None:
        units = units.filter(pk=unit.pk)
    total = units.count()
    filed = (
        DailyReport.objects.filter(period=period, date=today, unit__in=units)
        .values("unit")
        .distinct()
        .count()
    )
    return {
        "period": period,
        "filed": filed,
        "total": total,
        "rate": filed / total if total else 0.0,
        "cutoff_passed": period.cutoff_at(today) <= now,
    }


def _ranking(now) -> dict | None:
    today = timezone.localdate(now)
    period = (
        ReportingPeriod.objects.filter(start_date__lte=today)
        .order_by("-start_date")
        .first()
    )
    if period is None:
        return None
    return {"period": period, "cards": unit_scorecards_cached(period, now)[:10]}


def chart_data(data: dict) -> dict:
    """What the charts draw (the same numbers as the tables beside them)."""
    return {
        "stages": [row["stage"] for row in data["by_stage"]],
        "stage_counts": [[c.value for c in row["cells"]] for row in data["by_stage"]],
        "months": [row["label"] for row in data["trends"]],
        "opened": [row["opened"].value for row in data["trends"]],
        "closed": [row["closed"].value for row in data["trends"]],
        "levels": [
            data["numbers"]["due_soon"].value,
            data["numbers"]["overdue"].value,
            data["numbers"]["long_overdue"].value,
        ],
    }
