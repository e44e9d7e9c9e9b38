"""The supervision order (督办单) as a PDF, from the same template as its print page."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from common.pdf import render_pdf
from supervision.selectors import order_get_for_user

TEMPLATE = "supervision/orders/order_print.html"
REPLY_LINES = 8  # the print page's ruled lines for a handwritten reply


@login_required
@require_GET
def order_pdf(request, pk):
    order = order_get_for_user(user=request.user, pk=pk)
    filename = _("Supervision order") + f"-{order.number or order.pk}.pdf"
    return render_pdf(
        request, TEMPLATE, {"order": order, "reply_lines": range(REPLY_LINES)}, filename
    )
