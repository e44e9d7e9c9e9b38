"""Reporting periods, daily and zero reports (日报告/零报告), urgent reports (急事急报).

Writes are one function per action (`period_declare`, `report_file`,
`urgent_report_file`, `urgent_acknowledge`); each checks the access gate itself,
so a view, a management command or a task calling it gets the same answer.
Every function that depends on the time takes an optional `now=` (an aware
datetime) so that tests can put the clock anywhere; it defaults to
`timezone.now()`.

The reads the report pages need (`report_status`, `report_grid`,
`unit_recent_days`, …) are at the bottom: they are already scoped to the user
and take a fixed number of queries whatever the number of units or days.

Overlapping periods are allowed (a county may declare a long period for a
national meeting and a shorter one inside it for a local event). A unit still
reports once a day: `report_file` files the same report into every period that
covers the day and still lacks one from that unit.
"""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import CASE_UNIT_KINDS, Unit, User
from accounts.notifications import notify
from cases.models import Case
from common import access
from common.errors import ActionRefused
from common.roles import Role
from supervision.models import DailyReport, MissingReport, ReportingPeriod, UrgentReport

# The units that must report every day of a period.
REPORTING_UNIT_KINDS = CASE_UNIT_KINDS
RECENT_DAYS = 14
MAX_PERIOD_DAYS = 366

# A unit's standing for one day of a period.
FILED = "filed"  # a daily report, on time
ZERO = "zero"  # a zero report, on time
LATE = "late"  # a daily or zero report filed after the cutoff
MISSING = "missing"  # nothing filed and the cutoff has passed
PENDING = "pending"  # nothing filed yet, the cutoff is still ahead
NO_PERIOD = "none"  # (a unit's own history only) no period covered the day

STATUS_LABELS = {
    FILED: gettext_lazy("Filed"),
    ZERO: gettext_lazy("Zero report"),
    LATE: gettext_lazy("Filed late"),
    MISSING: gettext_lazy("Missing"),
    PENDING: gettext_lazy("Not yet due"),
    NO_PERIOD: gettext_lazy("No reporting period"),
}
STATUSES = (FILED, ZERO, LATE, MISSING, PENDING)


def _now(now):
    return now or timezone.now()


# --- periods -------------------------------------------------------------------------


@transaction.atomic
def period_declare(
    *,
    actor: User,
    name: str,
    start_date: datetime.date,
    end_date: datetime.date,
    cutoff_time: datetime.time = datetime.time(17, 0),
    reminder_minutes: int = 60,
) -> ReportingPeriod:
    """Declare a reporting period (clerks); the liaisons of every reporting unit
    are told. Periods may overlap (see the module's docstring)."""
    access.require(actor, "period.manage")
    name = (name or "").strip()
    if not name:
        raise ActionRefused(_("Give the reporting period a name."))
    if end_date < start_date:
        raise ActionRefused(
            _("The last day of a reporting period cannot be before its first day.")
        )
    if (end_date - start_date).days >= MAX_PERIOD_DAYS:
        raise ActionRefused(_("A reporting period lasts at most a year."))
    period = ReportingPeriod.objects.create(
        name=name,
        start_date=start_date,
        end_date=end_date,
        cutoff_time=cutoff_time,
        reminder_minutes=reminder_minutes,
        created_by=actor,
    )
    liaisons = User.objects.filter(
        role=Role.LIAISON,
        is_active=True,
        unit__kind__in=REPORTING_UNIT_KINDS,
        unit__is_active=True,
    )
    notify(
        users=list(liaisons),
        key=f"period:{period.pk}",
        title=_("Reporting period declared: %(name)s") % {"name": period.name},
        body=_(
            "From %(start)s to %(end)s your unit files a daily report or a zero "
            "report every day by %(cutoff)s."
        )
        % {
            "start": period.start_date.isoformat(),
            "end": period.end_date.isoformat(),
            "cutoff": period.cutoff_time.strftime("%H:%M"),
        },
        url=reverse("reports:index"),
    )
    return period


def periods_covering(day: datetime.date) -> QuerySet[ReportingPeriod]:
    """The periods that cover `day`, the one starting earliest first."""
    return ReportingPeriod.objects.filter(
        start_date__lte=day, end_date__gte=day
    ).order_by("start_date", "id")


# --- daily and zero reports -----------------------------------------------------------


@transaction.atomic
def report_file(
    *,
    actor: User,
    unit: Unit,
    date: datetime.date | None = None,
    kind: str = DailyReport.Kind.DAILY,
    new_petitions: int = 0,
    incidents: str = "",
    progress: str = "",
    notes: str = "",
    now: datetime.datetime | None = None,
) -> DailyReport:
    """A liaison files their unit's report for `date` (today by default).

    A zero report (kind "zero") carries nothing else. A report filed after the
    cutoff of its day is marked late; filing late for a past day is allowed.
    Returns the report of the earliest period covering the day (usually the
    only one).
    """
    access.require(actor, "report.file", unit)
    now = _now(now)
    today = timezone.localdate(now)
    date = date or today
    if kind not in DailyReport.Kind.values:
        raise ActionRefused(_("Choose a daily report or a zero report."))
    if unit.kind not in REPORTING_UNIT_KINDS or not unit.is_active:
        raise ActionRefused(_("Only townships and departments file daily reports."))
    if date > today:
        raise ActionRefused(_("A report cannot be filed for a day that has not come."))
    if new_petitions is None or new_petitions < 0:
        raise ActionRefused(_("The number of new petitions cannot be negative."))
    # One filing per unit at a time: a double tap waits here, then finds the
    # first report. The unique constraint is the last word all the same.
    list(Unit.objects.select_for_update().filter(pk=unit.pk).values_list("pk"))
    periods = list(periods_covering(date))
    if not periods:
        raise ActionRefused(
            _("No reporting period covers %(date)s: there is nothing to file.")
            % {"date": date.isoformat()}
        )
    filed = set(
        DailyReport.objects.filter(
            unit=unit, date=date, period__in=periods
        ).values_list("period_id", flat=True)
    )
    open_periods = [p for p in periods if p.pk not in filed]
    if not open_periods:
        raise ActionRefused(
            _("Your unit has already filed its report for %(date)s.")
            % {"date": date.isoformat()}
        )
    if kind == DailyReport.Kind.ZERO:
        new_petitions, incidents, progress, notes = 0, "", "", ""
    reports = []
    try:
        with transaction.atomic():
            for period in open_periods:
                reports.append(
                    DailyReport.objects.create(
                        period=period,
                        unit=unit,
                        date=date,
                        kind=kind,
                        new_petitions=new_petitions,
                        incidents=incidents.strip(),
                        progress=progress.strip(),
                        notes=notes.strip(),
                        submitted_by=actor,
                        submitted_at=now,
                        is_late=now > period.cutoff_at(date),
                    )
                )
    except IntegrityError as exc:
        raise ActionRefused(
            _("Your unit has already filed its report for %(date)s.")
            % {"date": date.isoformat()}
        ) from exc
    return reports[0]


def cell_status(
    report: DailyReport | None,
    cutoff: datetime.datetime,
    now: datetime.datetime,
    *,
    recorded_missing: bool = False,
) -> str:
    """The standing of one unit on one day, from what is already loaded."""
    if report is not None:
        if report.is_late:
            return LATE
        return ZERO if report.kind == DailyReport.Kind.ZERO else FILED
    if recorded_missing or now > cutoff:
        return MISSING
    return PENDING


def report_status(
    period: ReportingPeriod,
    unit: Unit,
    day: datetime.date,
    now: datetime.datetime | None = None,
) -> str:
    """ "filed", "zero", "late", "missing" or "pending" for one unit and day.

    Missing is decided by the clock, whether or not the sweep has written its
    MissingReport yet; a report filed later turns the day into "late".
    """
    report = DailyReport.objects.filter(period=period, unit=unit, date=day).first()
    recorded = (
        report is None
        and MissingReport.objects.filter(period=period, unit=unit, date=day).exists()
    )
    return cell_status(
        report, period.cutoff_at(day), _now(now), recorded_missing=recorded
    )


# --- urgent reports -------------------------------------------------------------------


@transaction.atomic
def urgent_report_file(
    *,
    actor: User,
    unit: Unit,
    title: str,
    content: str,
    case: Case | None = None,
    now: datetime.datetime | None = None,
) -> UrgentReport:
    """急事急报: record it and tell every clerk of the bureau, and the case's
    leader when a case is given, at once."""
    access.require(actor, "urgent.report")
    if access.role_of(actor) == Role.LIAISON and unit.pk != actor.unit_id:
        raise ActionRefused(_("You can only report for your own unit."))
    if (
        case is not None
        and not access.scope(actor, Case.objects.filter(pk=case.pk)).exists()
    ):
        raise ActionRefused(_("That case is not one of the cases you can see."))
    title, content = (title or "").strip(), (content or "").strip()
    if not title or not content:
        raise ActionRefused(_("Say what happened and give the details."))
    report = UrgentReport.objects.create(
        unit=unit,
        case=case,
        title=title,
        content=content,
        reported_by=actor,
        reported_at=_now(now),
    )
    recipients = list(User.objects.filter(role=Role.CLERK, is_active=True))
    if case is not None and case.leader_id:
        recipients.append(case.leader)
    notify(
        users=recipients,
        key=f"urgent:{report.pk}",
        title=_("Urgent report from %(unit)s: %(title)s")
        % {"unit": unit.name, "title": title},
        body=content,
        url=f"{reverse('reports:urgent_list')}#urgent-{report.pk}",
    )
    return report


@transaction.atomic
def urgent_acknowledge(
    *, report: UrgentReport, actor: User, now: datetime.datetime | None = None
) -> UrgentReport:
    """A clerk confirms the bureau has the urgent report (确认收到); idempotent."""
    access.require(actor, "urgent.acknowledge")
    report = UrgentReport.objects.select_for_update().get(pk=report.pk)
    if report.acknowledged_at is not None:
        return report
    report.acknowledged_by = actor
    report.acknowledged_at = _now(now)
    report.save(update_fields=["acknowledged_by", "acknowledged_at"])
    notify(
        users=[report.reported_by],
        key=f"urgent-ack:{report.pk}",
        title=_("The petition bureau has received your urgent report: %(title)s")
        % {"title": report.title},
        url=f"{reverse('reports:urgent_list')}#urgent-{report.pk}",
    )
    return report


# --- reads ----------------------------------------------------------------------------
# (Reads would live in a selectors module; they sit here until supervision has one.)


def reporting_units() -> QuerySet[Unit]:
    """The units that must report: active townships and departments."""
    townships_first = models.Case(
        models.When(kind=Unit.Kind.TOWNSHIP, then=models.Value(0)),
        default=models.Value(1),
    )
    return Unit.objects.filter(kind__in=REPORTING_UNIT_KINDS, is_active=True).order_by(
        townships_first, "sort_order", "name"
    )


def periods_for_choice(user) -> QuerySet[ReportingPeriod]:
    return access.scope(user, ReportingPeriod.objects.all()).order_by(
        "-start_date", "-id"
    )


def period_default(user, now: datetime.datetime | None = None):
    """The period a grid opens on: the latest one covering today, else the most
    recent one declared; None when there is none."""
    today = timezone.localdate(_now(now))
    periods = periods_for_choice(user)
    return (
        periods.filter(start_date__lte=today, end_date__gte=today).first()
        or periods.filter(start_date__lte=today).first()
        or periods.first()
    )


class ReportCell(NamedTuple):
    """What the grid needs of a daily report."""

    pk: int
    unit_id: int
    date: datetime.date
    kind: str
    is_late: bool
    submitted_at: datetime.datetime


@dataclass
class GridCell:
    unit_id: int
    day: datetime.date
    status: str
    report: ReportCell | None = None

    @property
    def key(self) -> str:
        return f"{self.unit_id}-{self.day.isoformat()}"

    @property
    def label(self):
        return STATUS_LABELS[self.status]


@dataclass
class GridRow:
    unit: Unit
    cells: list[GridCell]
    missing: int = 0
    late: int = 0


@dataclass
class GridColumn:
    day: datetime.date
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))

    @property
    def reported(self) -> int:
        return self.counts[FILED] + self.counts[ZERO] + self.counts[LATE]


@dataclass
class ReportGrid:
    period: ReportingPeriod
    columns: list[GridColumn]
    rows: list[GridRow]
    today: datetime.date
    totals: dict[str, int] = field(default_factory=dict)
    # The window's neighbours, for the "earlier / later days" links.
    earlier: datetime.date | None = None
    later: datetime.date | None = None

    @property
    def days(self) -> list[datetime.date]:
        return [c.day for c in self.columns]


# The grid shows this many days at a time (a year-long period of a thousand
# units would otherwise be 365,000 cells).
GRID_DAYS = 14


def report_grid(
    *,
    user,
    period: ReportingPeriod,
    now: datetime.datetime | None = None,
    until: datetime.date | None = None,
) -> ReportGrid:
    """Units × the GRID_DAYS days of `period` up to `until` (default today), in
    three queries (units, the window's reports, its missing rows) whatever
    their numbers."""
    now = _now(now)
    today = timezone.localdate(now)
    last = min(today, until) if until else today
    reached = [d for d in period.days() if d <= last]
    days = reached[-GRID_DAYS:]
    earlier = days[0] - datetime.timedelta(days=1) if len(reached) > len(days) else None
    later = None
    if days and days[-1] < min(today, period.end_date):
        later = min(days[-1] + datetime.timedelta(days=GRID_DAYS), today)
    units = list(access.scope(user, reporting_units()).only("id", "name", "kind"))
    reports = {}
    missing = set()
    if days:
        # Plain rows, not model instances: a page of the grid reads thousands.
        for row in access.scope(
            user,
            DailyReport.objects.filter(
                period=period, date__gte=days[0], date__lte=days[-1]
            ),
        ).values_list(*ReportCell._fields):
            report = ReportCell(*row)
            reports[(report.unit_id, report.date)] = report
        missing = set(
            access.scope(
                user,
                MissingReport.objects.filter(
                    period=period, date__gte=days[0], date__lte=days[-1]
                ),
            ).values_list("unit_id", "date")
        )
    columns = [GridColumn(day=d) for d in days]
    cutoffs = [period.cutoff_at(d) for d in days]
    totals = dict.fromkeys(STATUSES, 0)
    rows = []
    for unit in units:
        row = GridRow(unit=unit, cells=[])
        for column, cutoff in zip(columns, cutoffs, strict=True):
            report = reports.get((unit.pk, column.day))
            status = cell_status(
                report,
                cutoff,
                now,
                recorded_missing=(unit.pk, column.day) in missing,
            )
            row.cells.append(GridCell(unit.pk, column.day, status, report))
            column.counts[status] += 1
            totals[status] += 1
            row.missing += status == MISSING
            row.late += status == LATE
        rows.append(row)
    return ReportGrid(
        period=period,
        columns=columns,
        rows=rows,
        today=today,
        totals=totals,
        earlier=earlier,
        later=later,
    )


@dataclass
class UnitToday:
    period: ReportingPeriod
    status: str
    report: DailyReport | None
    cutoff: datetime.datetime

    @property
    def label(self):
        if self.status == PENDING:
            return gettext_lazy("Not yet filed")
        return STATUS_LABELS[self.status]


def unit_today(*, unit: Unit, now: datetime.datetime | None = None) -> list[UnitToday]:
    """For a unit: each period covering today and where the unit stands in it."""
    now = _now(now)
    today = timezone.localdate(now)
    periods = list(periods_covering(today))
    reports = {
        r.period_id: r
        for r in DailyReport.objects.filter(
            unit=unit, date=today, period__in=periods
        ).select_related("submitted_by")
    }
    return [
        UnitToday(
            period=p,
            status=cell_status(reports.get(p.pk), p.cutoff_at(today), now),
            report=reports.get(p.pk),
            cutoff=p.cutoff_at(today),
        )
        for p in periods
    ]


@dataclass
class UnitDay:
    day: datetime.date
    status: str
    period: ReportingPeriod | None = None
    report: DailyReport | None = None

    @property
    def label(self):
        if self.status == PENDING:
            return gettext_lazy("Not yet filed")
        return STATUS_LABELS[self.status]

    @property
    def can_file_late(self) -> bool:
        return self.status == MISSING


def unit_recent_days(
    *, unit: Unit, days: int = RECENT_DAYS, now: datetime.datetime | None = None
) -> list[UnitDay]:
    """A unit's last `days` days, newest first, in three queries. Where periods
    overlap, a day is shown as it stands in the earliest period covering it."""
    now = _now(now)
    today = timezone.localdate(now)
    first = today - datetime.timedelta(days=days - 1)
    periods = list(
        ReportingPeriod.objects.filter(
            start_date__lte=today, end_date__gte=first
        ).order_by("start_date", "id")
    )
    reports = {
        (r.period_id, r.date): r
        for r in DailyReport.objects.filter(
            unit=unit, date__gte=first, date__lte=today, period__in=periods
        )
    }
    missing = set(
        MissingReport.objects.filter(
            unit=unit, date__gte=first, date__lte=today, period__in=periods
        ).values_list("period_id", "date")
    )
    result = []
    for offset in range(days):
        day = today - datetime.timedelta(days=offset)
        period = next((p for p in periods if p.covers(day)), None)
        if period is None:
            result.append(UnitDay(day=day, status=NO_PERIOD))
            continue
        report = reports.get((period.pk, day))
        status = cell_status(
            report,
            period.cutoff_at(day),
            now,
            recorded_missing=(period.pk, day) in missing,
        )
        result.append(UnitDay(day=day, status=status, period=period, report=report))
    return result


def daily_report_get_for_user(*, user, pk) -> DailyReport:
    return access.get_for_user(
        user,
        DailyReport.objects.select_related("period", "unit", "submitted_by"),
        pk=pk,
    )


def urgent_reports_for(user, *, open_only: bool = False) -> QuerySet[UrgentReport]:
    qs = access.scope(user, UrgentReport.objects.all()).select_related(
        "unit", "case", "reported_by", "acknowledged_by"
    )
    if open_only:
        qs = qs.filter(acknowledged_at__isnull=True)
    return qs.order_by("-reported_at", "-id")


def urgent_report_get_for_user(*, user, pk) -> UrgentReport:
    return access.get_for_user(user, UrgentReport.objects.all(), pk=pk)


def case_for_urgent_report(*, user, number: str) -> Case | None:
    """The case with this number among those the user can see, or None."""
    return (
        access.scope(user, Case.objects.select_related("leader"))
        .filter(number__iexact=number.strip())
        .first()
    )
