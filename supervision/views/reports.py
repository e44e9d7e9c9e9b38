"""Report pages: a liaison's day (零报告 in one tap), the bureau's grid, urgent
reports (急事急报), declaring reporting periods."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common import access
from common.errors import ActionRefused
from common.pagination import paginate
from common.roles import Role
from supervision.forms_reports import (
    DailyReportForm,
    PeriodChoiceForm,
    PeriodForm,
    UrgentReportForm,
)
from supervision.models import DailyReport
from supervision.services import reports as services

PAGE_SIZE = 25
OPEN_URGENT_SHOWN = 20


@login_required
@require_GET
def index(request):
    """A liaison's day for their unit; the grid of every unit for the bureau."""
    if access.role_of(request.user) == Role.LIAISON:
        return _liaison_index(request)
    access.require(request.user, "report.grid")
    return _desk_index(request)


def _liaison_index(request):
    user = request.user
    unit = user.unit
    now = timezone.now()
    reporting_unit = unit.kind in services.REPORTING_UNIT_KINDS and unit.is_active
    today = services.unit_today(unit=unit, now=now) if reporting_unit else []
    recent = services.unit_recent_days(unit=unit, now=now) if reporting_unit else []
    filed = next((item.report for item in today if item.report), None)
    return render(
        request,
        "supervision/reports/index_liaison.html",
        {
            "unit": unit,
            "reporting_unit": reporting_unit,
            "today_items": today,
            "today": timezone.localdate(now),
            "can_file": any(item.report is None for item in today)
            and access.can(user, "report.file", unit),
            "filed_today": filed,
            "recent": recent,
            "show_recent": any(d.status != services.NO_PERIOD for d in recent),
            "open_urgent": list(
                services.urgent_reports_for(user, open_only=True)[:OPEN_URGENT_SHOWN]
            ),
            "can_urgent": access.can(user, "urgent.report"),
        },
    )


GRID_UNITS = 100  # units per page of the grid


def _date_or_none(value: str):
    try:
        return parse_date(value or "")
    except ValueError:  # well formed but no such day
        return None


def _desk_index(request):
    user = request.user
    picker = PeriodChoiceForm(request.GET or None, user=user)
    status = 200
    period = None
    if picker.is_bound:
        if picker.is_valid():
            period = picker.cleaned_data["period"]
        else:
            status = 400
    if period is None and status == 200:
        period = services.period_default(user)
        if period is not None:
            picker = PeriodChoiceForm(initial={"period": period.pk}, user=user)
    until = _date_or_none(request.GET.get("until", ""))
    grid = (
        services.report_grid(user=user, period=period, until=until) if period else None
    )
    rows, query = paginate(request, grid.rows if grid else [], GRID_UNITS)
    open_urgent = services.urgent_reports_for(user, open_only=True)
    return render(
        request,
        "supervision/reports/index_desk.html",
        {
            "picker": picker,
            "period": period,
            "grid": grid,
            "page": rows,
            "rows": rows.object_list,
            "query": query,
            "legend": [(s, services.STATUS_LABELS[s]) for s in services.STATUSES],
            "open_urgent": list(open_urgent[:OPEN_URGENT_SHOWN]),
            "open_urgent_more": open_urgent.count() > OPEN_URGENT_SHOWN,
            "can_declare": access.can(user, "period.manage"),
            "can_acknowledge": access.can(user, "urgent.acknowledge"),
            "can_urgent": access.can(user, "urgent.report"),
        },
        status=status,
    )


@login_required
@require_POST
def zero_report(request):
    """零报告: one tap, nothing to fill in."""
    unit = request.user.unit
    if unit is None:
        raise PermissionDenied
    access.require(request.user, "report.file", unit)
    try:
        report = services.report_file(
            actor=request.user, unit=unit, kind=DailyReport.Kind.ZERO
        )
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _filed_message(report))
    return redirect("reports:index")


def _filed_message(report):
    local = timezone.localtime(report.submitted_at)
    values = {"date": report.date.isoformat(), "time": local.strftime("%H:%M")}
    if report.kind == DailyReport.Kind.ZERO:
        message = _("Zero report for %(date)s filed at %(time)s.")
    else:
        message = _("Daily report for %(date)s filed at %(time)s.")
    message %= values
    if report.is_late:
        message += " " + _("It was filed after the cutoff and is marked late.")
    return message


@login_required
@require_http_methods(["GET", "POST"])
def daily_report(request):
    unit = request.user.unit
    if unit is None:
        raise PermissionDenied
    access.require(request.user, "report.file", unit)
    now = timezone.now()
    form = DailyReportForm(
        request.POST or None,
        now=now,
        initial={"date": request.GET.get("date") or timezone.localdate(now)},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                report = services.report_file(
                    actor=request.user,
                    unit=unit,
                    kind=DailyReport.Kind.DAILY,
                    **form.cleaned_data,
                )
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _filed_message(report))
                return redirect("reports:index")
    return render(
        request,
        "supervision/reports/form.html",
        {
            "form": form,
            "title": _("Daily report"),
            "intro": _("%(unit)s files its report for the day.") % {"unit": unit.name},
            "submit_label": _("File the daily report"),
            "cancel_url": reverse("reports:index"),
            "testid": "daily-report-form",
        },
        status=status,
    )


@login_required
@require_GET
def daily_report_detail(request, pk):
    report = services.daily_report_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "supervision/reports/daily_detail.html",
        {"report": report, "status_label": services.STATUS_LABELS[_status(report)]},
    )


def _status(report):
    if report.is_late:
        return services.LATE
    return services.ZERO if report.kind == DailyReport.Kind.ZERO else services.FILED


@login_required
@require_http_methods(["GET", "POST"])
def urgent_report(request):
    """急事急报: the bureau (and the case's leader) are told at once."""
    user = request.user
    access.require(user, "urgent.report")
    form = UrgentReportForm(request.POST or None, user=user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services.urgent_report_file(
                    actor=user,
                    unit=data.get("unit") or user.unit,
                    title=data["title"],
                    content=data["content"],
                    case=data["case_number"],
                )
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(
                    request,
                    _(
                        "Urgent report sent: the petition bureau has been notified "
                        "and will confirm receipt."
                    ),
                )
                return redirect(f"{reverse('reports:urgent_list')}#urgent-{report.pk}")
    unit = None if "unit" in form.fields else user.unit
    return render(
        request,
        "supervision/reports/form.html",
        {
            "form": form,
            "title": _("Urgent report"),
            "intro": (
                _("Reporting for %(unit)s.") % {"unit": unit.name} if unit else ""
            ),
            "submit_label": _("Send the urgent report"),
            "confirm": _("Send this urgent report to the petition bureau now?"),
            "cancel_url": reverse("reports:index"),
            "testid": "urgent-report-form",
            "danger": True,
        },
        status=status,
    )


@login_required
@require_GET
def urgent_list(request):
    user = request.user
    if not (access.can(user, "urgent.report") or access.can(user, "report.grid")):
        raise PermissionDenied
    page, _query = paginate(request, services.urgent_reports_for(user), PAGE_SIZE)
    return render(
        request,
        "supervision/reports/urgent_list.html",
        {
            "page": page,
            "reports": page.object_list,
            "can_acknowledge": access.can(user, "urgent.acknowledge"),
            "can_urgent": access.can(user, "urgent.report"),
        },
    )


@login_required
@require_POST
def urgent_acknowledge(request, pk):
    report = services.urgent_report_get_for_user(user=request.user, pk=pk)
    access.require(request.user, "urgent.acknowledge")
    was_open = report.acknowledged_at is None
    try:
        services.urgent_acknowledge(report=report, actor=request.user)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        if was_open:
            messages.success(
                request,
                _("Receipt of “%(title)s” confirmed.") % {"title": report.title},
            )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("reports:urgent_list")
    return redirect(target)


@login_required
@require_http_methods(["GET", "POST"])
def period_new(request):
    access.require(request.user, "period.manage")
    form = PeriodForm(
        request.POST or None, initial={"start_date": timezone.localdate()}
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                period = services.period_declare(
                    actor=request.user, **form.cleaned_data
                )
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(
                    request,
                    _(
                        "Reporting period “%(name)s” declared. The liaisons of every "
                        "unit have been told."
                    )
                    % {"name": period.name},
                )
                return redirect(f"{reverse('reports:index')}?period={period.pk}")
    return render(
        request,
        "supervision/reports/form.html",
        {
            "form": form,
            "title": _("Declare a reporting period"),
            "intro": _(
                "During the period every township and department files a daily "
                "report or a zero report each day by the cutoff time."
            ),
            "submit_label": _("Declare the period"),
            "cancel_url": reverse("reports:index"),
            "testid": "period-form",
        },
        status=status,
    )
