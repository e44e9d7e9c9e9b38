"""Unit scorecards per reporting period, ranked."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from common import access
from supervision.models import ReportingPeriod
from supervision.selectors import unit_scorecards_cached


@login_required
@require_GET
def scorecards(request):
    access.require(request.user, "scorecard.view")
    periods = list(access.scope(request.user, ReportingPeriod.objects.all())[:50])
    chosen = None
    wanted = request.GET.get("period", "")
    if wanted.isdigit():
        chosen = next((p for p in periods if p.pk == int(wanted)), None)
    chosen = chosen or (periods[0] if periods else None)
    cards = unit_scorecards_cached(chosen) if chosen else []
    return render(
        request,
        "supervision/scorecards.html",
        {"periods": periods, "period": chosen, "cards": cards},
    )
