from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases import selectors as case_selectors
from common import access
from supervision.dashboard import Window, chart_data, dashboard_cached


@login_required
@require_GET
def index(request):
    """领导看板: the county (or one unit) at a glance; every number is a link."""
    access.require(request.user, "dashboard.view")
    today = timezone.localdate()
    window = Window.parse(
        request.GET.get("window", "month"),
        request.GET.get("from", ""),
        request.GET.get("to", ""),
        today,
    )
    units = case_selectors.assignable_units()
    unit = None
    wanted = request.GET.get("unit", "")
    if wanted.isdigit():
        unit = units.filter(pk=int(wanted)).first()
    data = dashboard_cached(request.user, window=window, unit=unit)
    return render(
        request,
        "supervision/dashboard.html",
        {
            **data,
            "chart": chart_data(data),
            "units": units,
            "unit": unit,
        },
    )
