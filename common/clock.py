"""Time limits under the Regulations on Letters and Visits Work (信访工作条例).

Pure date arithmetic — no database, no models. Callers pass in a
``WorkCalendar`` (built from the admin-editable holiday table) and "today".

Counting rules (the usual rules for legal periods):

* the day of receipt (or of the reply) is not counted;
* a period in *calendar* days counts every day, but if its last day is a rest
  day (weekend or public holiday, not a make-up working day 调休上班) it moves
  to the next working day;
* a period in *working* days counts only working days;
* an approved extension (at most once, at most 30 days) adds to the period;
* time spent on a hearing (听证) does not count: the paused days are added too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from django.utils.translation import gettext, gettext_noop, ngettext

ONE_DAY = timedelta(days=1)
MAX_EXTENSION_DAYS = 30

HOLIDAY = "holiday"
WORKDAY = "workday"


def _span(first: date, last: date, kind: str, name: str) -> list[tuple[date, str, str]]:
    days = (last - first).days + 1
    return [(first + timedelta(days=i), kind, name) for i in range(days)]


# Official 2026 arrangement (国务院办公厅, 2025-11-04), as (date, kind, name).
CN_2026: list[tuple[date, str, str]] = [
    *_span(date(2026, 1, 1), date(2026, 1, 3), HOLIDAY, "元旦"),
    (date(2026, 1, 4), WORKDAY, "元旦调休上班"),
    (date(2026, 2, 14), WORKDAY, "春节调休上班"),
    *_span(date(2026, 2, 15), date(2026, 2, 23), HOLIDAY, "春节"),
    (date(2026, 2, 28), WORKDAY, "春节调休上班"),
    *_span(date(2026, 4, 4), date(2026, 4, 6), HOLIDAY, "清明节"),
    *_span(date(2026, 5, 1), date(2026, 5, 5), HOLIDAY, "劳动节"),
    (date(2026, 5, 9), WORKDAY, "劳动节调休上班"),
    *_span(date(2026, 6, 19), date(2026, 6, 21), HOLIDAY, "端午节"),
    (date(2026, 9, 20), WORKDAY, "国庆节调休上班"),
    *_span(date(2026, 9, 25), date(2026, 9, 27), HOLIDAY, "中秋节"),
    *_span(date(2026, 10, 1), date(2026, 10, 7), HOLIDAY, "国庆节"),
    (date(2026, 10, 10), WORKDAY, "国庆节调休上班"),
]

# Weekend day names (by date.weekday()), marked for makemessages and
# translated when an explanation is rendered.
_WEEKEND_NAMES = {5: gettext_noop("Saturday"), 6: gettext_noop("Sunday")}


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days. Outside the listed dates: Mon–Fri."""

    holidays: frozenset[date] = frozenset()  # rest days, even on a weekday
    workdays: frozenset[date] = frozenset()  # make-up working days, even at weekends
    names: Mapping[date, str] = field(default_factory=dict, hash=False)

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def next_working_day(self, day: date) -> date:
        """``day`` itself if it is a working day, else the next one."""
        # Terminates: the holiday set is finite, so a plain weekday comes along.
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    @classmethod
    def from_entries(cls, entries: Iterable[tuple[date, str, str]]) -> WorkCalendar:
        holidays, workdays, names = set(), set(), {}
        for day, kind, name in entries:
            if kind == HOLIDAY:
                holidays.add(day)
            elif kind == WORKDAY:
                workdays.add(day)
            else:
                raise ValueError(f"unknown calendar entry kind: {kind!r}")
            if name:
                names[day] = name
        return cls(frozenset(holidays), frozenset(workdays), names)


class Unit(StrEnum):
    CALENDAR = "calendar"
    WORKING = "working"


@dataclass(frozen=True)
class Step:
    """One line of the explanation; ``params`` holds JSON-safe values only."""

    code: str
    params: dict


@dataclass(frozen=True)
class Deadline:
    start: date
    due: date
    steps: tuple[Step, ...]

    def explain(self) -> list[str]:
        """The steps as sentences in the active language."""
        return [_explain_step(step) for step in self.steps]


def _explain_step(step: Step) -> str:
    p = dict(step.params)
    match step.code:
        case "start":
            msg = gettext("Counted from %(date)s; the day itself is not counted.")
        case "extension":
            msg = ngettext(
                "Extension of %(extension)d day approved → "
                "%(days)d+%(extension)d = %(total)d days.",
                "Extension of %(extension)d days approved → "
                "%(days)d+%(extension)d = %(total)d days.",
                p["extension"],
            )
        case "pause":
            msg = ngettext(
                "Hearing time of %(days)d day does not count → +%(days)d day.",
                "Hearing time of %(days)d days does not count → +%(days)d days.",
                p["days"],
            )
        case "count_calendar":
            msg = ngettext(
                "%(days)d calendar day → %(date)s.",
                "%(days)d calendar days → %(date)s.",
                p["days"],
            )
        case "count_working":
            msg = ngettext(
                "%(days)d working day → %(date)s.",
                "%(days)d working days → %(date)s.",
                p["days"],
            )
        case "rolled_forward":
            # Why it is a rest day: the weekend day and/or the holiday's name.
            reasons = [gettext(p["weekday"])] if p["weekday"] else []
            if p["holiday"]:
                reasons.append(p["holiday"])
            p["reason"] = " / ".join(reasons) or gettext("public holiday")
            msg = gettext(
                "%(date)s is a rest day (%(reason)s), so the deadline moves to "
                "the next working day, %(to)s."
            )
        case "due":
            msg = gettext("Due: %(date)s.")
        case _:
            raise ValueError(f"unknown step code: {step.code!r}")
    return msg % p


def compute_deadline(
    start: date,
    days: int,
    unit: Unit | str,
    calendar: WorkCalendar,
    *,
    extension_days: int = 0,
    paused_days: int = 0,
) -> Deadline:
    """The due date of a period of ``days`` counted from ``start``."""
    unit = Unit(unit)
    if days < 1:
        raise ValueError("days must be at least 1")
    if not 0 <= extension_days <= MAX_EXTENSION_DAYS:
        raise ValueError(f"extension_days must be 0..{MAX_EXTENSION_DAYS}")
    if paused_days < 0:
        raise ValueError("paused_days must not be negative")

    steps: list[Step] = []

    def add(code: str, **params) -> None:
        steps.append(Step(code, params))

    add("start", date=start.isoformat())
    if extension_days:
        total = days + extension_days
        add("extension", days=days, extension=extension_days, total=total)
    if paused_days:
        add("pause", days=paused_days)
    total = days + extension_days + paused_days

    if unit is Unit.CALENDAR:
        end = start + timedelta(days=total)
        add("count_calendar", days=total, date=end.isoformat())
        due = calendar.next_working_day(end)
        if due != end:
            add(
                "rolled_forward",
                date=end.isoformat(),
                weekday=_WEEKEND_NAMES.get(end.weekday(), ""),
                holiday=calendar.names.get(end, ""),
                to=due.isoformat(),
            )
    else:
        # Walk day by day; periods are at most a few months long.
        due, counted = start, 0
        while counted < total:
            due += ONE_DAY
            counted += calendar.is_working_day(due)
        add("count_working", days=total, date=due.isoformat())

    add("due", date=due.isoformat())
    return Deadline(start=start, due=due, steps=tuple(steps))


def working_days_between(start: date, end: date, calendar: WorkCalendar) -> int:
    """Working days in (start, end]; 0 if ``end <= start``."""
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        count += calendar.is_working_day(day)
    return count


class Level(StrEnum):
    NONE = "none"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    LONG_OVERDUE = "long_overdue"


def level(
    due: date,
    today: date,
    calendar: WorkCalendar,
    *,
    due_soon_working_days: int = 3,
    long_overdue_days: int = 30,
    done: bool = False,
) -> Level:
    """How urgent a period is on ``today``; a finished case is never flagged."""
    if done:
        return Level.NONE
    # Differences, not `due + n days`: a due date near 9999-12-31 must not overflow.
    if (today - due).days > long_overdue_days:
        return Level.LONG_OVERDUE
    if today > due:
        return Level.OVERDUE
    # Working days are counted one by one: far-off dates are not due soon.
    if (due - today).days > 7 * (due_soon_working_days + 14):
        return Level.NONE
    if today == due or (
        working_days_between(today, due, calendar) <= due_soon_working_days
    ):
        return Level.DUE_SOON
    return Level.NONE


def paused_days(intervals: Iterable[tuple[date, date | None]], today: date) -> int:
    """Calendar days covered by hearing intervals (both ends inclusive).

    An open interval (end ``None``) runs up to ``today``; overlapping or
    adjacent intervals are merged so no day is counted twice.
    """
    spans = []
    for first, last in intervals:
        if last is None:
            if first > today:  # an open hearing that has not started yet
                continue
            last = today
        if last < first:
            raise ValueError(f"hearing interval ends before it starts: {first}..{last}")
        spans.append((first, last))

    total, covered_to = 0, None  # covered_to: last day already counted
    for first, last in sorted(spans):
        if covered_to is not None and first <= covered_to:
            first = covered_to + ONE_DAY
        if last >= first:
            total += (last - first).days + 1
            covered_to = last
    return total
