"""The scheduled jobs (Celery beat), as set-based services.

Each job reads what it needs in a fixed number of queries (per reporting period
at most, never per unit or per case), writes in bulk, and is idempotent: what it
produces is unique in the database (a notification per person and key, a
missing-report row per unit and day, an automatic order per case, trigger and
reference), so running it twice — or from two beat processes by mistake —
produces everything once. Each returns a count of what it produced.
"""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import CASE_UNIT_KINDS, Unit, User
from accounts.notifications import Notice, notify_many
from cases.models import Case, ClosingSubmission, LookBack, Measure, ProgressEntry
from common.bulk import insert_many
from common.cache import bump_on_commit
from common.clock import Level
from common.deadlines import Clock, level_bounds
from common.history import immediate_constraints
from common.links import link_to as _link
from common.roles import Role
from petitions.models import Petition
from supervision.models import (
    DailyReport,
    MissingReport,
    ReportingPeriod,
    SupervisionOrder,
    UrgentReport,
)

REPORTING_UNIT_KINDS = CASE_UNIT_KINDS
LOOKBACK_NOTICE_DAYS = 7
RESUBMIT_DAYS = 5


def _liaisons_by_unit(unit_ids) -> dict[int, list[int]]:
    """Active liaisons of these units, in one query."""
    result: dict[int, list[int]] = {}
    rows = User.objects.filter(
        role=Role.LIAISON, is_active=True, unit_id__in=set(unit_ids)
    ).values_list("unit_id", "id")
    for unit_id, user_id in rows:
        result.setdefault(unit_id, []).append(user_id)
    return result


def _clerks() -> list[int]:
    return list(
        User.objects.filter(role=Role.CLERK, is_active=True).values_list(
            "id", flat=True
        )
    )


def _bureau_heads() -> list[int]:
    """Whom escalations reach: the bureau's head, or every clerk if none is set."""
    heads = list(
        Unit.objects.filter(
            kind=Unit.Kind.BUREAU, head__isnull=False, head__is_active=True
        ).values_list("head_id", flat=True)
    )
    return heads or _clerks()


def _active_periods(day: datetime.date):
    return list(ReportingPeriod.objects.filter(start_date__lte=day, end_date__gte=day))


def _reporting_units():
    return Unit.objects.filter(is_active=True, kind__in=REPORTING_UNIT_KINDS)


# --- daily reports ------------------------------------------------------------------


def remind_before_cutoff(now: datetime.datetime | None = None) -> int:
    """Before the cutoff, remind the units that have filed nothing today."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    notices = []
    reports_url = reverse("reports:index")
    for period in _active_periods(today):
        cutoff = period.cutoff_at(today)
        if not cutoff - datetime.timedelta(minutes=period.reminder_minutes) <= now:
            continue
        if now >= cutoff:
            continue
        filed = DailyReport.objects.filter(
            period=period, unit=OuterRef("pk"), date=today
        )
        units = list(
            _reporting_units().filter(~Exists(filed)).values_list("id", flat=True)
        )
        for unit_id, users in _liaisons_by_unit(units).items():
            for user_id in users:
                notices.append(
                    Notice(
                        user_id=user_id,
                        key=f"report-reminder:{period.pk}:{unit_id}:{today}",
                        title=_("Today's report is due by %(time)s")
                        % {"time": period.cutoff_time.strftime("%H:%M")},
                        body=_(
                            "%(period)s: file today's daily report, or a zero report "
                            "if there is nothing new."
                        )
                        % {"period": period.name},
                        url=reports_url,
                    )
                )
    return notify_many(notices)


def sweep_missing_reports(now: datetime.datetime | None = None) -> int:
    """After each cutoff: units with neither report are missing for that day."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    created = 0
    notices = []
    clerks = _clerks()
    reports_url = reverse("reports:index")
    for period in ReportingPeriod.objects.filter(
        start_date__lte=today, end_date__gte=today - datetime.timedelta(days=7)
    ):
        days = [d for d in period.days() if d <= today and period.cutoff_at(d) <= now]
        if not days:
            continue
        units = dict(_reporting_units().values_list("id", "name"))
        filed = set(
            DailyReport.objects.filter(period=period, date__in=days).values_list(
                "unit_id", "date"
            )
        )
        swept = set(
            MissingReport.objects.filter(period=period, date__in=days).values_list(
                "unit_id", "date"
            )
        )
        missing = [
            (unit_id, day)
            for day in days
            for unit_id in units
            if (unit_id, day) not in filed and (unit_id, day) not in swept
        ]
        MissingReport.objects.bulk_create(
            [MissingReport(period=period, unit_id=u, date=d) for u, d in missing],
            ignore_conflicts=True,
            batch_size=1000,
        )
        created += len(missing)
        liaisons = _liaisons_by_unit({u for u, _ in missing})
        for unit_id, day in missing:
            title = _("%(unit)s filed no report for %(day)s") % {
                "unit": units[unit_id],
                "day": day.isoformat(),
            }
            key = f"report-missing:{period.pk}:{unit_id}:{day}"
            for user_id in [*liaisons.get(unit_id, []), *clerks]:
                notices.append(Notice(user_id, key, title, url=reports_url))
    notify_many(notices)
    return created


# --- look-backs and deadlines -------------------------------------------------------


def lookback_reminders(today: datetime.date | None = None) -> int:
    """Look-backs due within a week, or already due, to the owning unit."""
    today = today or timezone.localdate()
    rows = list(
        LookBack.objects.filter(
            result=LookBack.Result.PENDING,
            case__status=Case.Status.CLOSED,
            due_date__lte=today + datetime.timedelta(days=LOOKBACK_NOTICE_DAYS),
        ).values("id", "due_date", "case_id", "case__number", "case__owning_unit_id")
    )
    liaisons = _liaisons_by_unit(r["case__owning_unit_id"] for r in rows)
    case_url = _link("cases:detail")
    notices = []
    for row in rows:
        state = "due" if row["due_date"] <= today else "soon"
        title = _("Look-back of %(case)s is due on %(day)s") % {
            "case": row["case__number"],
            "day": row["due_date"].isoformat(),
        }
        url = case_url(row["case_id"]) + "#lookbacks"
        for user_id in liaisons.get(row["case__owning_unit_id"], []):
            notices.append(
                Notice(user_id, f"lookback:{row['id']}:{state}", title, url=url)
            )
    return notify_many(notices)


def _level_label(level) -> str:
    return {
        Level.DUE_SOON: _("due soon"),
        Level.OVERDUE: _("overdue"),
        Level.LONG_OVERDUE: _("long overdue"),
    }[level]


# The job runs every day; a level is announced on the day it is reached, or up to
# this many days later if the job could not run (an outage, a holiday freeze).
CATCH_UP_DAYS = 7


def _crossing_days(clock, today):
    """A filter of the items whose level is reached today or in the catch-up days:
    due within the due-soon window, just overdue, or just long overdue. An item
    overdue for two weeks was announced when it became overdue; selecting every
    overdue item daily made the job's work grow with the backlog (150,000 open
    overdue cases in the benchmark data)."""
    bounds = level_bounds(clock, today)
    catch_up = datetime.timedelta(days=CATCH_UP_DAYS)
    soon_last = bounds[Level.DUE_SOON][1]
    long_last = bounds[Level.LONG_OVERDUE][1]

    def crossing(field: str) -> Q:
        return Q(**{f"{field}__gte": today - catch_up, f"{field}__lte": soon_last}) | Q(
            **{f"{field}__gte": long_last - catch_up, f"{field}__lte": long_last}
        )

    return crossing


def deadline_warnings(today: datetime.date | None = None) -> int:
    """Cases, plan measures, supervision orders, petitions and reviews that are due
    soon, overdue or long overdue: one notification per item and level."""
    today = today or timezone.localdate()
    clock = Clock.load()
    notices = []
    clerks = _clerks()
    crossing = _crossing_days(clock, today)

    cases = list(
        Case.objects.exclude(status=Case.Status.CLOSED)
        .filter(crossing("due_date"))
        .values("id", "number", "due_date", "owning_unit_id", "leader_id")
    )
    measures = list(
        Measure.objects.filter(
            crossing("due_date"),
            is_done=False,
            case__status=Case.Status.IN_PROGRESS,
        ).values("id", "due_date", "case_id", "case__number", "case__owning_unit_id")
    )
    escalate_to = _bureau_heads()
    orders = list(
        SupervisionOrder.objects.filter(
            crossing("deadline"), status=SupervisionOrder.Status.OPEN
        ).values("id", "number", "deadline", "unit_id")
    )
    petitions = list(
        Petition.objects.filter(
            crossing("handover_due"), decision=Petition.Decision.PENDING
        ).values("id", "number", "handover_due")
    )
    liaisons = _liaisons_by_unit(
        [c["owning_unit_id"] for c in cases]
        + [m["case__owning_unit_id"] for m in measures]
        + [o["unit_id"] for o in orders]
    )

    case_url = _link("cases:detail")
    order_url = _link("supervision:order_detail")
    petition_url = _link("petitions:detail")

    def add(users, key, title, url):
        for user_id in users:
            if user_id:
                notices.append(Notice(user_id, key, title, url=url))

    for case in cases:
        level = clock.level(case["due_date"], today)
        if level == Level.NONE:
            continue
        add(
            [*liaisons.get(case["owning_unit_id"], []), case["leader_id"]],
            f"case-deadline:{case['id']}:{case['due_date']}:{level}",
            _("Case %(case)s is %(level)s (due %(day)s)")
            % {
                "case": case["number"],
                "level": _level_label(level),
                "day": case["due_date"].isoformat(),
            },
            case_url(case["id"]) + "#deadline",
        )
    for measure in measures:
        level = clock.level(measure["due_date"], today)
        if level == Level.NONE:
            continue
        add(
            liaisons.get(measure["case__owning_unit_id"], []),
            f"measure:{measure['id']}:{measure['due_date']}:{level}",
            _("A measure of case %(case)s is %(level)s (due %(day)s)")
            % {
                "case": measure["case__number"],
                "level": _level_label(level),
                "day": measure["due_date"].isoformat(),
            },
            case_url(measure["case_id"]) + "#plan",
        )
    overdue_orders = []
    for order in orders:
        level = clock.level(order["deadline"], today)
        if level == Level.NONE:
            continue
        users = liaisons.get(order["unit_id"], [])
        if level != Level.DUE_SOON:
            users = [*users, *escalate_to]
            overdue_orders.append(order["id"])
        add(
            users,
            f"order:{order['id']}:{order['deadline']}:{level}",
            _("Supervision order %(number)s is %(level)s (reply by %(day)s)")
            % {
                "number": order["number"],
                "level": _level_label(level),
                "day": order["deadline"].isoformat(),
            },
            order_url(order["id"]),
        )
    if overdue_orders:
        SupervisionOrder.objects.filter(
            pk__in=overdue_orders, escalated_at__isnull=True
        ).update(escalated_at=timezone.now())
    for petition in petitions:
        level = clock.level(petition["handover_due"], today)
        if level == Level.NONE:
            continue
        add(
            clerks,
            f"petition-due:{petition['id']}:{level}",
            _("Petition %(number)s needs a decision: %(level)s (by %(day)s)")
            % {
                "number": petition["number"],
                "level": _level_label(level),
                "day": petition["handover_due"].isoformat(),
            },
            petition_url(petition["id"]),
        )
    return notify_many(notices)


# --- urgent reports -----------------------------------------------------------------


def escalate_urgent_reports(now: datetime.datetime | None = None) -> int:
    """Urgent reports nobody acknowledged in time go to the bureau head."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(minutes=settings.URGENT_ESCALATION_MINUTES)
    with transaction.atomic():
        rows = list(
            UrgentReport.objects.select_for_update(skip_locked=True)
            .filter(
                acknowledged_at__isnull=True,
                escalated_at__isnull=True,
                reported_at__lte=limit,
            )
            .values("id", "title", "unit__name")
        )
        if not rows:
            return 0
        UrgentReport.objects.filter(pk__in=[r["id"] for r in rows]).update(
            escalated_at=now
        )
        heads = _bureau_heads()
        notify_many(
            [
                Notice(
                    user_id,
                    f"urgent-escalated:{row['id']}",
                    _("Unacknowledged urgent report from %(unit)s: %(title)s")
                    % {"unit": row["unit__name"], "title": row["title"]},
                    url=reverse("reports:index"),
                )
                for row in rows
                for user_id in heads
            ]
        )
    return len(rows)


# --- automatic supervision orders ---------------------------------------------------


def auto_supervision_orders(today: datetime.date | None = None) -> int:
    """督办 by itself: half of a deadline gone with no progress; the petitioner came
    back about an open case; a returned closing not resubmitted within 5 days.
    Each order is created once (a unique constraint on case, trigger, reference)."""
    today = today or timezone.localdate()
    now = timezone.now()
    wanted = []  # (case_id, unit_id, trigger, ref, requirements, deadline)
    Trigger = SupervisionOrder.Trigger

    progress_since_acceptance = ProgressEntry.objects.filter(
        case=OuterRef("pk"), created_at__date__gte=OuterRef("accepted_on")
    )
    half_gone = (
        Case.objects.filter(
            status=Case.Status.IN_PROGRESS,
            accepted_on__isnull=False,
            due_date__isnull=False,
            owning_unit__isnull=False,
        )
        .filter(~Exists(progress_since_acceptance))
        .values("id", "owning_unit_id", "accepted_on", "due_date")
    )
    # Each text translated once, not per order.
    half_time_text = _(
        "Half of the time to handle this case has passed with no "
        "progress recorded. Report progress and your plan."
    )
    for case in half_gone:
        half = case["accepted_on"] + (case["due_date"] - case["accepted_on"]) / 2
        if today >= half:
            wanted.append(
                (
                    case["id"],
                    case["owning_unit_id"],
                    Trigger.HALF_TIME,
                    f"accepted:{case['accepted_on']}",
                    half_time_text,
                    today + datetime.timedelta(days=5),
                )
            )

    came_back = Petition.objects.filter(
        is_repeat=True,
        # Read once, on the day it came in (the catch-up days cover a job that
        # could not run): an order per petition, not a daily re-read of a month.
        received_at__date__gte=today - datetime.timedelta(days=CATCH_UP_DAYS),
        case__status__in=[Case.Status.NEW, Case.Status.IN_PROGRESS],
        case__owning_unit__isnull=False,
    ).values("id", "case_id", "case__owning_unit_id", "number")
    came_back_text = _(
        "The petitioner came back about this open case (petition "
        "%(number)s). Contact them and report what was done."
    )
    for petition in came_back:
        wanted.append(
            (
                petition["case_id"],
                petition["case__owning_unit_id"],
                Trigger.PETITIONER_BACK,
                f"petition:{petition['id']}",
                came_back_text % {"number": petition["number"]},
                today + datetime.timedelta(days=5),
            )
        )

    newer = ClosingSubmission.objects.filter(
        case=OuterRef("case"), submitted_at__gt=OuterRef("decided_at")
    ).exclude(pk=OuterRef("pk"))
    not_resubmitted = (
        ClosingSubmission.objects.filter(
            decision=ClosingSubmission.Decision.RETURNED,
            decided_at__lte=now - datetime.timedelta(days=RESUBMIT_DAYS),
            case__status=Case.Status.IN_PROGRESS,
            case__owning_unit__isnull=False,
        )
        .filter(~Exists(newer))
        .values("id", "case_id", "case__owning_unit_id")
    )
    for closing in not_resubmitted:
        wanted.append(
            (
                closing["case_id"],
                closing["case__owning_unit_id"],
                Trigger.NOT_RESUBMITTED,
                f"closing:{closing['id']}",
                _(
                    "The closing of this case was returned more than %(days)d days "
                    "ago and has not been resubmitted."
                )
                % {"days": RESUBMIT_DAYS},
                today + datetime.timedelta(days=3),
            )
        )
    return _create_orders(wanted)


def _create_orders(wanted) -> int:
    if not wanted:
        return 0
    refs = {ref for _, _, _, ref, _, _ in wanted}
    existing = set(
        SupervisionOrder.objects.filter(trigger_ref__in=refs).values_list(
            "case_id", "trigger", "trigger_ref"
        )
    )
    new = [w for w in wanted if (w[0], str(w[2]), w[3]) not in existing]
    if not new:
        return 0
    now = timezone.now()
    year = timezone.localdate(now).year
    with transaction.atomic():
        bump_on_commit("dashboard", "scorecards")  # no signals for a bulk write
        # Ids reserved from the table's sequence, so that each order is numbered
        # as it is inserted (DB + year + the id on six digits), as one made by
        # hand is: numbering afterwards was an UPDATE of every new row.
        ids = _reserve_ids(SupervisionOrder, len(new))
        with immediate_constraints():
            # Another run (a second beat by mistake) may have made some first:
            # those are skipped, and only the orders made here are returned.
            created = insert_many(
                SupervisionOrder,
                {
                    "id": ids,
                    "number": [f"DB{year}{pk:06d}" for pk in ids],
                    "case_id": [w[0] for w in new],
                    "unit_id": [w[1] for w in new],
                    "trigger": [str(w[2]) for w in new],
                    "trigger_ref": [w[3] for w in new],
                    "requirements": [str(w[4]) for w in new],
                    "deadline": [w[5] for w in new],
                },
                constants={
                    "phase": SupervisionOrder.Phase.DURING,
                    "status": SupervisionOrder.Status.OPEN,
                    "issued_at": now,
                    "reply": "",
                    "version": SupervisionOrder._meta.get_field("version").default,
                },
                returning=("id", "number", "unit_id", "trigger"),
            )
        notify_many(_new_order_notices(created))
    return len(created)


ORDERS_NAMED = 20  # a digest of new orders names this many, then "and N more"


def _new_order_notices(created) -> list[Notice]:
    """What the liaisons of the units ordered are told: the order itself when
    their unit got one, else one digest naming them. A backlog's first run gave
    some units fifty orders at once, and fifty notices and fifty emails to one
    person helped nobody (nor the database: 250,000 notices took 5 s)."""
    by_unit: dict[int, list[tuple]] = {}
    for pk, number, unit_id, trigger in created:
        by_unit.setdefault(unit_id, []).append((pk, number, trigger))
    liaisons = _liaisons_by_unit(by_unit)
    order_url = _link("supervision:order_detail")
    one_title = _("New supervision order %(number)s")
    labels = {t.value: str(t.label) for t in SupervisionOrder.Trigger}
    list_url = reverse("supervision:index")
    notices = []
    for unit_id, orders in by_unit.items():
        users = liaisons.get(unit_id, [])
        if not users:
            continue
        orders.sort()
        if len(orders) == 1:
            pk, number, trigger = orders[0]
            key, url = f"order:{pk}", order_url(pk)
            title, body = one_title % {"number": number}, labels[trigger]
        else:
            key = f"orders:{unit_id}:{orders[0][0]}"
            url = f"{list_url}?status=open&unit={unit_id}"
            title = ngettext(
                "%(count)d new supervision order for your unit",
                "%(count)d new supervision orders for your unit",
                len(orders),
            ) % {"count": len(orders)}
            lines = [
                f"{number}  {labels[t]}" for _pk, number, t in orders[:ORDERS_NAMED]
            ]
            if len(orders) > ORDERS_NAMED:
                lines.append(
                    _("… and %(more)d more") % {"more": len(orders) - ORDERS_NAMED}
                )
            body = "\n".join(lines)
        notices.extend(Notice(user_id, key, title, body, url) for user_id in users)
    return notices


def _reserve_ids(model, count: int) -> list[int]:
    """`count` new ids from the model's id sequence, in one query."""
    if connection.vendor != "postgresql":
        # SQLite (development, one process): after the largest id.
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
        return list(range((last or 0) + 1, (last or 0) + 1 + count))
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
            "FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def run_all(now: datetime.datetime | None = None) -> dict:
    """Every job once (for `manage.py run_jobs` and the demo)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return {
        "remind_before_cutoff": remind_before_cutoff(now),
        "sweep_missing_reports": sweep_missing_reports(now),
        "lookback_reminders": lookback_reminders(today),
        "deadline_warnings": deadline_warnings(today),
        "escalate_urgent_reports": escalate_urgent_reports(now),
        "auto_supervision_orders": auto_supervision_orders(today),
        "weekly_briefing": weekly_briefing(today),
    }


# --- leaders' weekly briefing ---------------------------------------------------------


def _by_due_date(case) -> tuple:
    return (case["due_date"] or datetime.date.max, case["id"])


def weekly_briefing(today: datetime.date | None = None) -> int:
    """Monday mornings: each leader gets a digest of their own cases (包案, 包片,
    包线) — what moved in the last week, what is due within a week, what is
    overdue. Set-based: the same queries whatever the number of leaders."""
    from cases.models import CaseEvent, LeaderArea, LeaderSector

    today = today or timezone.localdate()
    week_ago = today - datetime.timedelta(days=7)
    leaders = list(
        User.objects.filter(role=Role.LEADER, is_active=True).values_list(
            "id", flat=True
        )
    )
    if not leaders:
        return 0
    areas: dict[int, set] = {}
    for leader_id, unit_id in LeaderArea.objects.values_list("leader_id", "unit_id"):
        areas.setdefault(leader_id, set()).add(unit_id)
    sectors: dict[int, set] = {}
    for leader_id, category_id in LeaderSector.objects.values_list(
        "leader_id", "category_id"
    ):
        sectors.setdefault(leader_id, set()).add(category_id)
    week_start = timezone.make_aware(
        datetime.datetime.combine(week_ago, datetime.time.min)
    )
    # Moved: an event in the week, found through each case's own events (the
    # event_case index) rather than by reading a week of every case's events.
    moved = CaseEvent.objects.filter(case=OuterRef("pk"), created_at__gte=week_start)
    cases = list(
        Case.objects.exclude(status=Case.Status.CLOSED, closed_at__lt=week_start)
        .filter(
            Q(leader_id__in=leaders)
            | Q(owning_unit_id__in={u for s in areas.values() for u in s})
            | Q(category_id__in={c for s in sectors.values() for c in s})
        )
        .annotate(moved=Exists(moved))
        .values(
            "id",
            "number",
            "title",
            "leader_id",
            "owning_unit_id",
            "category_id",
            "status",
            "due_date",
            "moved",
        )
        .order_by()  # each leader's cases are sorted below
    )
    # Each leader's cases through three lookups, not a pass over all of them.
    by_leader: dict = {}
    by_unit: dict = {}
    by_category: dict = {}
    for case in cases:
        by_leader.setdefault(case["leader_id"], []).append(case)
        by_unit.setdefault(case["owning_unit_id"], []).append(case)
        by_category.setdefault(case["category_id"], []).append(case)
    notices = []
    week = today.isocalendar()
    soon = today + datetime.timedelta(7)
    for leader_id in leaders:
        found = {c["id"]: c for c in by_leader.get(leader_id, ())}
        for unit_id in areas.get(leader_id, ()):
            found.update((c["id"], c) for c in by_unit.get(unit_id, ()))
        for category_id in sectors.get(leader_id, ()):
            found.update((c["id"], c) for c in by_category.get(category_id, ()))
        if not found:
            continue
        mine = sorted(found.values(), key=_by_due_date)
        open_ = [c for c in mine if c["status"] != Case.Status.CLOSED]
        moved_ = [c for c in mine if c["moved"]]
        due = [c for c in open_ if c["due_date"] and today <= c["due_date"] <= soon]
        overdue = [c for c in open_ if c["due_date"] and c["due_date"] < today]
        lines = [
            _("Moved this week: %(n)d. Due within a week: %(d)d. Overdue: %(o)d.")
            % {"n": len(moved_), "d": len(due), "o": len(overdue)}
        ]
        for title, group in ((_("Overdue"), overdue), (_("Due soon"), due)):
            for case in group[:10]:
                lines.append(f"{title}：{case['number']} {case['title']}")
        notices.append(
            Notice(
                leader_id,
                f"briefing:{leader_id}:{week.year}-W{week.week:02d}",
                _("Weekly briefing: %(open)d open cases, %(overdue)d overdue")
                % {"open": len(open_), "overdue": len(overdue)},
                body="\n".join(lines),
                url=reverse("cases:index") + "?mine=on",
            )
        )
    return notify_many(notices)
