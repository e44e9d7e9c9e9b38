"""Deadline arithmetic (common.clock): worked examples and properties."""

import json
from datetime import date, timedelta

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from common.clock import (
    CN_2026,
    Level,
    Unit,
    WorkCalendar,
    compute_deadline,
    level,
    paused_days,
    working_days_between,
)

CN = WorkCalendar.from_entries(CN_2026)
PLAIN = WorkCalendar()  # weekends only
D = date.fromisoformat


def due(start, days, unit=Unit.CALENDAR, calendar=CN, **kwargs):
    return compute_deadline(D(start), days, unit, calendar, **kwargs).due


# --- the 2026 arrangement -----------------------------------------------------------


def test_cn_2026_make_up_days_are_weekends_and_holidays_named():
    workdays = [d for d, kind, _ in CN_2026 if kind == "workday"]
    assert [d.isoformat() for d in workdays] == [
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    ]
    assert all(d.weekday() >= 5 for d in workdays)
    assert all(CN.is_working_day(d) for d in workdays)
    assert len(CN.holidays) == 3 + 9 + 3 + 5 + 3 + 3 + 7
    assert CN.names[D("2026-02-17")] == "春节"
    assert CN.names[D("2026-10-10")] == "国庆节调休上班"


def test_is_working_day_precedence():
    day = D("2026-03-04")  # a Wednesday
    cal = WorkCalendar(holidays=frozenset({day}), workdays=frozenset({day}))
    assert cal.is_working_day(day)  # make-up working day wins
    assert not WorkCalendar(holidays=frozenset({day})).is_working_day(day)
    assert not PLAIN.is_working_day(D("2026-03-07"))  # Saturday
    assert CN.next_working_day(D("2026-10-01")) == D("2026-10-08")
    assert CN.next_working_day(D("2026-10-08")) == D("2026-10-08")


def test_from_entries_rejects_unknown_kind():
    with pytest.raises(ValueError, match="kind"):
        WorkCalendar.from_entries([(D("2026-01-01"), "festival", "")])


# --- worked examples ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        ("2026-09-15", 15, "2026-09-30"),  # Wed, an ordinary working day
        ("2026-09-18", 15, "2026-10-08"),  # 10-03 in National Day → Thu 10-08
        ("2026-09-25", 15, "2026-10-10"),  # Sat 10-10 is a make-up working day
        ("2026-01-30", 15, "2026-02-14"),  # Sat 02-14 is a make-up working day
        ("2026-02-01", 15, "2026-02-24"),  # 02-16 in Spring Festival → Tue 02-24
        ("2026-09-05", 15, "2026-09-20"),  # Sun 09-20 is a make-up working day
        ("2026-09-06", 15, "2026-09-21"),  # Mon 09-21
        ("2026-12-17", 15, "2027-01-01"),  # 2027 unknown: New Year's Day is a Fri
        ("2026-12-18", 15, "2027-01-04"),  # Sat 2027-01-02 → Mon 01-04
        ("2026-11-03", 60, "2027-01-04"),  # 60 days across the year end
        ("2026-11-15", 60, "2027-01-14"),  # Thu, no roll
        ("2025-12-17", 15, "2026-01-04"),  # 01-01..03 off; Sun 01-04 make-up
        ("2025-12-20", 15, "2026-01-04"),  # lands on the make-up Sunday itself
        ("2026-09-30", 60, "2026-11-30"),  # Sun 11-29 → Mon 11-30
    ],
)
def test_calendar_day_examples(start, days, expected):
    assert due(start, days) == D(expected)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Tue 29, Wed 30, [10-01..07 off], Thu 08, Fri 09, Sat 10 (make-up).
        ("2026-09-28", 5, "2026-10-10"),
        # Fri 18, [Sat 19 off], Sun 20 (make-up), Mon 21.
        ("2026-09-17", 3, "2026-09-21"),
        # Fri 13, Sat 14 (make-up), [15..23 Spring Festival], Tue 24.
        ("2026-02-12", 3, "2026-02-24"),
        # Across the year end: Tue 30, Wed 31, [01-01..03], Sun 01-04 (make-up).
        ("2025-12-29", 3, "2026-01-04"),
        # 2026 → 2027 with no 2027 calendar: weekends only.
        ("2026-12-30", 3, "2027-01-04"),
    ],
)
def test_working_day_examples(start, days, expected):
    assert due(start, days, Unit.WORKING) == D(expected)


def test_unit_accepts_plain_strings():
    assert due("2026-09-28", 5, "working") == D("2026-10-10")
    assert due("2026-09-18", 15, "calendar") == D("2026-10-08")
    with pytest.raises(ValueError, match="fortnights"):
        due("2026-09-18", 15, "fortnights")


# --- extension and pause ------------------------------------------------------------


def test_extension_and_pause_add_to_the_period():
    # 60 + 30 + 7 = 97 days from 2026-09-30 → Tue 2027-01-05.
    deadline = compute_deadline(
        D("2026-09-30"), 60, Unit.CALENDAR, CN, extension_days=30, paused_days=7
    )
    assert deadline.due == D("2027-01-05")
    assert [s.code for s in deadline.steps] == [
        "start",
        "extension",
        "pause",
        "count_calendar",
        "due",
    ]
    with translation.override("en"):
        assert deadline.explain() == [
            "Counted from 2026-09-30; the day itself is not counted.",
            "Extension of 30 days approved → 60+30 = 90 days.",
            "Hearing time of 7 days does not count → +7 days.",
            "97 calendar days → 2027-01-05.",
            "Due: 2027-01-05.",
        ]


def test_pause_pushes_working_day_deadline():
    # 5 working days from 09-28 → Sat 10-10; +2 → Mon 10-12, Tue 10-13.
    assert due("2026-09-28", 5, Unit.WORKING, paused_days=2) == D("2026-10-13")
    assert due("2026-09-28", 5, Unit.WORKING, extension_days=1) == D("2026-10-12")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"days": 0},
        {"days": -5},
        {"days": 15, "extension_days": 31},
        {"days": 15, "extension_days": -1},
        {"days": 15, "paused_days": -1},
    ],
)
def test_invalid_arguments(kwargs):
    with pytest.raises(ValueError, match="days"):
        compute_deadline(D("2026-09-01"), calendar=CN, unit=Unit.CALENDAR, **kwargs)


def test_extension_of_exactly_30_is_allowed():
    assert due("2026-09-01", 30, extension_days=30) == due("2026-09-01", 60)


def test_paused_days_merges_overlaps_and_open_intervals():
    today = D("2026-10-20")
    assert paused_days([], today) == 0
    assert paused_days([(D("2026-10-01"), D("2026-10-01"))], today) == 1
    assert (
        paused_days(
            [
                (D("2026-10-01"), D("2026-10-05")),  # 5 days
                (D("2026-10-04"), D("2026-10-08")),  # overlaps: +3
                (D("2026-10-09"), D("2026-10-09")),  # adjacent: +1
                (D("2026-10-02"), D("2026-10-03")),  # inside: +0
                (D("2026-10-18"), None),  # open, up to today: +3
            ],
            today,
        )
        == 12
    )
    assert paused_days([(D("2026-10-25"), None)], today) == 0  # not yet started
    with pytest.raises(ValueError, match="ends before it starts"):
        paused_days([(D("2026-10-05"), D("2026-10-01"))], today)


# --- explanations -------------------------------------------------------------------


def test_explain_roll_forward_names_weekday_and_holiday():
    with translation.override("en"):
        lines = compute_deadline(D("2026-09-30"), 60, Unit.CALENDAR, CN).explain()
        assert lines == [
            "Counted from 2026-09-30; the day itself is not counted.",
            "60 calendar days → 2026-11-29.",
            "2026-11-29 is a rest day (Sunday), so the deadline moves to the "
            "next working day, 2026-11-30.",
            "Due: 2026-11-30.",
        ]
        lines = compute_deadline(D("2026-09-18"), 15, Unit.CALENDAR, CN).explain()
        assert (
            "2026-10-03 is a rest day (Saturday / 国庆节), so the deadline moves "
            "to the next working day, 2026-10-08." in lines
        )
        lines = compute_deadline(D("2026-02-01"), 15, Unit.CALENDAR, CN).explain()
        assert "2026-02-16 is a rest day (春节)" in lines[2]
        unnamed = WorkCalendar(holidays=frozenset({D("2026-03-04")}))
        lines = compute_deadline(D("2026-03-01"), 3, Unit.CALENDAR, unnamed).explain()
        assert "(public holiday)" in lines[2]
        lines = compute_deadline(D("2026-09-28"), 1, Unit.WORKING, CN).explain()
        assert lines[1] == "1 working day → 2026-09-29."


def test_explain_in_chinese_mentions_due_date_and_holiday():
    with translation.override("zh-hans"):
        lines = compute_deadline(D("2026-09-18"), 15, Unit.CALENDAR, CN).explain()
    text = "\n".join(lines)
    assert "2026-10-08" in text
    assert "国庆节" in text


def test_steps_are_json_safe():
    deadline = compute_deadline(
        D("2026-09-18"), 15, Unit.CALENDAR, CN, extension_days=3, paused_days=2
    )
    json.dumps([{"code": s.code, "params": s.params} for s in deadline.steps])


# --- levels -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2026-09-25", Level.NONE),  # 28, 29, 30, 10-08: 4 working days left
        ("2026-09-27", Level.NONE),  # Sun: still 4
        ("2026-09-28", Level.DUE_SOON),  # 29, 30, 10-08: 3
        ("2026-09-30", Level.DUE_SOON),  # only 10-08 left
        ("2026-10-08", Level.DUE_SOON),  # the due day itself
        ("2026-10-09", Level.OVERDUE),
        ("2026-11-07", Level.OVERDUE),  # due + 30
        ("2026-11-08", Level.LONG_OVERDUE),  # due + 31
    ],
)
def test_level_boundaries(today, expected):
    assert level(D("2026-10-08"), D(today), CN) == expected


def test_level_done_and_custom_thresholds():
    due_day = D("2026-10-08")
    assert level(due_day, D("2027-01-01"), CN, done=True) == Level.NONE
    assert level(due_day, D("2026-09-25"), CN, due_soon_working_days=4) == (
        Level.DUE_SOON
    )
    assert level(due_day, D("2026-10-10"), CN, long_overdue_days=1) == (
        Level.LONG_OVERDUE
    )
    assert level(due_day, D("2026-10-08"), CN, due_soon_working_days=0) == (
        Level.DUE_SOON
    )


def test_working_days_between():
    assert working_days_between(D("2026-09-30"), D("2026-10-10"), CN) == 3
    assert working_days_between(D("2026-10-10"), D("2026-09-30"), CN) == 0
    assert working_days_between(D("2026-10-10"), D("2026-10-10"), CN) == 0


# --- properties ---------------------------------------------------------------------

LOW, HIGH = D("2025-06-01"), D("2027-06-30")
YEAR_ENDS = [
    D(f"{year}-12-01") + timedelta(days=i)
    for year in (2025, 2026)
    for i in range(62)  # Dec 1 .. Jan 31
]

any_day = st.dates(min_value=LOW, max_value=HIGH)
starts = st.one_of(any_day, st.sampled_from(YEAR_ENDS))
lengths = st.integers(min_value=1, max_value=90)
units = st.sampled_from(list(Unit))


@st.composite
def calendars(draw):
    if draw(st.booleans()):
        return CN
    days = st.frozensets(st.one_of(any_day, st.sampled_from(YEAR_ENDS)), max_size=60)
    return WorkCalendar(holidays=draw(days), workdays=draw(days))


PROPERTY = settings(max_examples=200, deadline=None)


@PROPERTY
@given(start=starts, days=lengths, calendar=calendars())
def test_calendar_deadline_is_first_working_day_on_or_after_the_end(
    start, days, calendar
):
    end = start + timedelta(days=days)
    result = compute_deadline(start, days, Unit.CALENDAR, calendar).due
    assert result >= end
    assert calendar.is_working_day(result)
    day = end
    while day < result:  # everything skipped over is a rest day
        assert not calendar.is_working_day(day)
        day += timedelta(days=1)


@PROPERTY
@given(start=starts, days=lengths, calendar=calendars())
def test_working_deadline_counts_exactly_n_working_days(start, days, calendar):
    result = compute_deadline(start, days, Unit.WORKING, calendar).due
    assert calendar.is_working_day(result)
    assert working_days_between(start, result, calendar) == days


@PROPERTY
@given(start=starts, a=lengths, b=lengths, unit=units, calendar=calendars())
def test_deadline_is_monotonic_in_days(start, a, b, unit, calendar):
    a, b = sorted((a, b))
    assert due_of(start, a, unit, calendar) <= due_of(start, b, unit, calendar)


@PROPERTY
@given(
    start=starts,
    days=lengths,
    extension=st.integers(min_value=0, max_value=30),
    pause=st.integers(min_value=0, max_value=60),
    unit=units,
    calendar=calendars(),
)
def test_extension_and_pause_equal_a_longer_period(
    start, days, extension, pause, unit, calendar
):
    extended = compute_deadline(
        start, days, unit, calendar, extension_days=extension, paused_days=pause
    )
    assert extended.due == due_of(start, days + extension + pause, unit, calendar)
    with translation.override("en"):
        assert extended.explain()[-1] == f"Due: {extended.due.isoformat()}."


@PROPERTY
@given(start=starts, days=lengths, unit=units, calendar=calendars())
def test_explain_mentions_due_date_and_rolled_holiday(start, days, unit, calendar):
    deadline = compute_deadline(start, days, unit, calendar)
    text = "\n".join(deadline.explain())
    assert deadline.due.isoformat() in text
    end = start + timedelta(days=days)
    if unit == Unit.CALENDAR and deadline.due != end and end in calendar.names:
        assert calendar.names[end] in text


@PROPERTY
@given(
    intervals=st.lists(
        st.tuples(any_day, st.one_of(st.none(), st.integers(0, 40))), max_size=6
    ),
    today=any_day,
)
def test_paused_days_equals_size_of_union(intervals, today):
    spans = [
        (first, None if n is None else first + timedelta(days=n))
        for first, n in intervals
    ]
    covered = set()
    for first, last in spans:
        last = today if last is None else last
        covered.update(
            first + timedelta(days=i) for i in range((last - first).days + 1)
        )
    assert paused_days(spans, today) == len(covered)


@PROPERTY
@given(due_day=any_day, offset=st.integers(-60, 60), calendar=calendars())
def test_level_matches_its_definition(due_day, offset, calendar):
    today = due_day + timedelta(days=offset)
    result = level(due_day, today, calendar)
    if offset > 30:
        assert result == Level.LONG_OVERDUE
    elif offset > 0:
        assert result == Level.OVERDUE
    elif working_days_between(today, due_day, calendar) <= 3:
        assert result == Level.DUE_SOON
    else:
        assert result == Level.NONE


def due_of(start, days, unit, calendar):
    return compute_deadline(start, days, unit, calendar).due


def test_far_off_and_extreme_due_dates_are_quick_and_do_not_overflow():
    from datetime import date

    from common.clock import Level, WorkCalendar, level

    calendar = WorkCalendar()
    today = date(2026, 11, 26)
    assert level(date(9999, 12, 31), today, calendar) == Level.NONE
    assert level(date(1, 1, 1), today, calendar) == Level.LONG_OVERDUE
