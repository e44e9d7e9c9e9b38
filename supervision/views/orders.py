"""Supervision orders (督办单) and accountability / commendation records.

Every page reads through the access gate: a liaison sees their own unit's
orders, a row outside the user's scope is a 404, and each action is checked
with `access.require` before its service runs.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from common import access
from common.errors import ActionRefused, EditConflict
from common.pagination import paginate
from supervision.forms_orders import (
    OrderCloseForm,
    OrderFilter,
    OrderIssueForm,
    OrderReplyForm,
    RecordFilter,
    RecordForm,
)
from supervision.models import SupervisionOrder
from supervision.selectors import (
    case_visible,
    order_get_for_user,
    orders_visible_to,
    records_visible_to,
)
from supervision.services import orders as services

PAGE_SIZE = 25
DEFAULT_REPLY_DAYS = 7


def _page(request, filterset):
    return paginate(request, filterset.qs, PAGE_SIZE)


def _filtered(request) -> bool:
    return any(v for k, v in request.GET.items() if k != "page")


# --- orders ----------------------------------------------------------------------


@login_required
@require_GET
def order_list(request):
    user = request.user
    access.require(user, "order.list")
    filterset = OrderFilter(request.GET or None, queryset=orders_visible_to(user))
    page, query = _page(request, filterset)
    return render(
        request,
        "supervision/orders/order_list.html",
        {
            "filterset": filterset,
            "page": page,
            "orders": page.object_list,
            "query": query,
            "filtered": _filtered(request),
            "can_issue": access.can(user, "order.issue"),
            "can_records": access.can(user, "record.list"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def order_issue(request):
    user = request.user
    access.require(user, "order.issue")
    initial = {
        "case": request.GET.get("case", ""),
        "deadline": timezone.localdate() + datetime.timedelta(days=DEFAULT_REPLY_DAYS),
    }
    form = OrderIssueForm(request.POST or None, user=user, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                order = services.order_issue(
                    actor=user,
                    case=data["case"],
                    unit=data["unit"],
                    phase=data["phase"],
                    requirements=data["requirements"],
                    deadline=data["deadline"],
                )
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
                status = 400
            else:
                messages.success(
                    request,
                    _("Supervision order %(number)s issued to %(unit)s.")
                    % {"number": order.number, "unit": order.unit},
                )
                return redirect(order.get_absolute_url())
        else:
            status = 400
    return render(
        request, "supervision/orders/order_form.html", {"form": form}, status=status
    )


@login_required
@require_GET
def order_detail(request, pk):
    return _detail(request, order_get_for_user(user=request.user, pk=pk))


def _detail(request, order, status=200, close_form=None):
    user = request.user
    can_reply = order.status != SupervisionOrder.Status.CLOSED and access.can(
        user, "order.reply", order
    )
    return render(
        request,
        "supervision/orders/order_detail.html",
        {
            "order": order,
            "Status": SupervisionOrder.Status,
            "can_reply": can_reply,
            "can_close": order.status == SupervisionOrder.Status.REPLIED
            and access.can(user, "order.close", order),
            "reply_form": OrderReplyForm(
                initial={"reply": order.reply, "version": order.version}
            )
            if can_reply
            else None,
            "case_visible": case_visible(user, order),
            "close_form": close_form,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def order_reply(request, pk):
    user = request.user
    order = order_get_for_user(user=user, pk=pk)
    access.require(user, "order.reply", order)
    if order.status == SupervisionOrder.Status.CLOSED:
        messages.error(
            request, _("This order is closed: it can no longer be replied to.")
        )
        return redirect(order.get_absolute_url())
    form = OrderReplyForm(
        request.POST or None, initial={"reply": order.reply, "version": order.version}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.order_reply(
                    order=order,
                    actor=user,
                    reply=form.cleaned_data["reply"],
                    expected_version=form.cleaned_data["version"],
                )
            except EditConflict as conflict:
                # Someone saved first: the form again with the reply as typed,
                # 409, as on the case pages.
                form.add_error(None, conflict.message)
                return render(
                    request,
                    "supervision/orders/order_reply.html",
                    {"order": order, "form": form},
                    status=409,
                )
            except ActionRefused as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(request, _("The reply has been sent."))
            return redirect(order.get_absolute_url())
        status = 400
    return render(
        request,
        "supervision/orders/order_reply.html",
        {"order": order, "form": form},
        status=status,
    )


@login_required
@require_POST
def order_close(request, pk):
    user = request.user
    order = order_get_for_user(user=user, pk=pk)
    access.require(user, "order.close", order)
    form = OrderCloseForm(request.POST)
    if not form.is_valid():
        # Only a tampered or truncated post gets here (the form is one button).
        return _detail(request, order, status=400, close_form=form)
    try:
        services.order_close(
            order=order, actor=user, expected_version=form.cleaned_data["version"]
        )
    except EditConflict as conflict:
        # The reply changed since the page was read: show the order as it is now.
        form.add_error(None, conflict.message)
        current = order_get_for_user(user=user, pk=pk)
        return _detail(request, current, status=409, close_form=form)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The supervision order is closed."))
    return redirect(order.get_absolute_url())


@login_required
@require_GET
def order_print(request, pk):
    """督办单: the A4 sheet sent to the unit, with room for a handwritten reply."""
    order = order_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "supervision/orders/order_print.html",
        {"order": order, "reply_lines": range(8)},
    )


# --- accountability and commendation records -------------------------------------


@login_required
@require_GET
def record_list(request):
    user = request.user
    access.require(user, "record.list")
    filterset = RecordFilter(request.GET or None, queryset=records_visible_to(user))
    page, query = _page(request, filterset)
    return render(
        request,
        "supervision/orders/record_list.html",
        {
            "filterset": filterset,
            "page": page,
            "records": page.object_list,
            "query": query,
            "filtered": _filtered(request),
            "can_manage": access.can(user, "record.manage"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_create(request):
    user = request.user
    access.require(user, "record.manage")
    form = RecordForm(
        request.POST or None,
        user=user,
        initial={"case": request.GET.get("case", "")},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_create(actor=user, **form.cleaned_data)
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
                status = 400
            else:
                messages.success(request, _("The record has been saved."))
                return redirect("supervision:record_list")
        else:
            status = 400
    return render(
        request, "supervision/orders/record_form.html", {"form": form}, status=status
    )
