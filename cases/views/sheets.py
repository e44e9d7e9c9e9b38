"""The printable case sheet (案件表): one case on A4, as a page and as a PDF."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases import selectors
from common.pdf import render_pdf

TEMPLATE = "cases/case_sheet.html"
PROGRESS_SHOWN = 10
EVENTS_SHOWN = 15


def _sheet_context(case, *, pdf: bool) -> dict:
    """What the sheet shows: what the selector prefetched, and the head of the
    timeline (one query)."""
    progress = list(case.progress.all())  # newest first
    people = {
        person.pk: person.masked_name
        for petition in case.petitions.all()
        for person in petition.petitioners.all()
    }
    return {
        "case": case,
        "petitioners": list(people.values()),
        "progress": progress[:PROGRESS_SHOWN],
        "progress_total": len(progress),
        "events": list(selectors.case_timeline(case)[:EVENTS_SHOWN]),
        "events_total": case.events_total,
        "pdf": pdf,
    }


@login_required
@require_GET
def case_sheet(request, pk):
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    return render(request, TEMPLATE, _sheet_context(case, pdf=False))


@login_required
@require_GET
def case_sheet_pdf(request, pk):
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    filename = _("Case sheet") + f"-{case.number or case.pk}.pdf"
    return render_pdf(request, TEMPLATE, _sheet_context(case, pdf=True), filename)
