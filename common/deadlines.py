"""The statutory clock, with its table and calendar from the database.

`common.clock` computes; this module feeds it the admin-edited time limits
(`TimeLimit`) and working-day calendar (`CalendarDay`), and lets higher apps
register how their running deadlines are recomputed when either changes
(the higher floor calls down: cases and petitions register in `ready()`).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from common.clock import Deadline, Level, WorkCalendar, compute_deadline, level
from common.models import CalendarDay, TimeLimit


@dataclass(frozen=True)
class Clock:
    """A calendar and the table of limits, loaded once (two queries)."""

    calendar: WorkCalendar
    limits: dict[str, TimeLimit]

    @classmethod
    def load(cls) -> "Clock":
        calendar = WorkCalendar.from_entries(
            CalendarDay.objects.values_list("date", "kind", "name")
        )
        return cls(calendar, {t.code: t for t in TimeLimit.objects.all()})

    def days(self, code: str) -> int:
        return self.limits[code].days

    def deadline(
        self,
        code: str,
        start: datetime.date,
        *,
        extension_days: int = 0,
        paused_days: int = 0,
    ) -> Deadline:
        limit = self.limits[code]
        return compute_deadline(
            start,
            limit.days,
            limit.unit,
            self.calendar,
            extension_days=extension_days,
            paused_days=paused_days,
        )

    def level(self, due: datetime.date | None, today: datetime.date, *, done=False):
        if due is None:
            return Level.NONE
        return level(
            due,
            today,
            self.calendar,
            due_soon_working_days=self.days("due_soon"),
            long_overdue_days=self.days("long_overdue"),
            done=done,
        )


def level_bounds(clock: "Clock", today: datetime.date) -> dict:
    """The due dates that have each level today, as (first, last) with None for
    open ends — so a list can filter exactly what `Clock.level` would flag."""
    soon_days = clock.days("due_soon")
    long_days = clock.days("long_overdue")
    day, counted = today, 0
    while counted < soon_days + 1:
        day += datetime.timedelta(days=1)
        if clock.calendar.is_working_day(day):
            counted += 1
    one = datetime.timedelta(days=1)
    return {
        Level.DUE_SOON: (today, day - one),
        Level.OVERDUE: (today - datetime.timedelta(days=long_days), today - one),
        Level.LONG_OVERDUE: (None, today - datetime.timedelta(days=long_days) - one),
    }


_recomputers: list[Callable[..., int]] = []


def register_recompute(function: Callable[..., int]) -> None:
    """Apps register a function that recomputes their running deadlines."""
    if function not in _recomputers:
        _recomputers.append(function)


@transaction.atomic
def recompute_all(*, actor) -> int:
    """After the calendar or the table changed: recompute every running deadline.

    Each registered function is called as function(clock, actor); returns how many
    deadlines moved.
    """
    clock = Clock.load()
    return sum(function(clock, actor) for function in _recomputers)
