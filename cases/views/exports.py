"""The ledger export: the case list's filters, as an Excel file."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases import exports
from common import access

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def case_export(request):
    """台账: every case the list would show for this query string, in one file."""
    access.require(request.user, "case.list")
    output = exports.ledger_export(user=request.user, params=request.GET)
    # Django encodes the Chinese name for Content-Disposition (RFC 5987).
    filename = _("Ledger") + f"-{timezone.localdate():%Y%m%d}.xlsx"
    response = FileResponse(
        output, as_attachment=True, filename=filename, content_type=XLSX
    )
    response["Cache-Control"] = "no-store"
    return response
