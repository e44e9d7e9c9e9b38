import time
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login

from accounts import notifications, two_factor
from accounts.forms import (
    CodeForm,
    LoginForm,
    StyledPasswordChangeForm,
    TwoFactorOffForm,
)
from accounts.models import Notification
from common import access
from common.errors import ActionRefused

# Between the password and the code the session holds only who is logging in (not
# a login): these keys, for at most PENDING_SECONDS.
PENDING_USER = "two_factor_user"
PENDING_BACKEND = "two_factor_backend"
PENDING_SINCE = "two_factor_since"
PENDING_SECONDS = 5 * 60


def _with_next(name, next_url):
    url = reverse(name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _safe_next(request):
    """The `next` of the request if it stays on this site, else ""."""
    target = request.POST.get("next", request.GET.get("next", ""))
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


class LoginView(auth_views.LoginView):
    """The password step. A user with an authenticator is not logged in yet: the
    session remembers who they are for the code step (`two_factor_verify`); an
    administrator without one is logged in and sent to set one up."""

    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        next_url = self.get_redirect_url()
        if two_factor.has_device(user):
            session = self.request.session
            session.cycle_key()
            session[PENDING_USER] = user.pk
            session[PENDING_BACKEND] = user.backend
            session[PENDING_SINCE] = int(time.time())
            return redirect(_with_next("accounts:two_factor_verify", next_url))
        response = super().form_valid(form)
        if two_factor.is_required(user):
            return redirect(_with_next("accounts:two_factor", next_url))
        return response


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    form_class = StyledPasswordChangeForm
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


@login_required
@require_GET
def notification_list(request):
    """The user's own notifications, newest first."""
    mine = access.scope(request.user, Notification.objects.all())
    page = Paginator(mine, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/notifications.html",
        {"page": page, "notifications": page.object_list},
    )


@login_required
@require_POST
def notification_read(request, pk=None):
    """Mark one notification (or all) read, then follow its link or go back."""
    if pk is not None:
        # Someone else's notification is a 404, as if it did not exist.
        access.get_for_user(request.user, Notification.objects.all(), pk=pk)
    notifications.mark_read(user=request.user, notification_id=pk)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    return redirect(target or "accounts:notifications")


def locked_out(request, original_response=None, credentials=None):
    """What a locked-out login sees (django-axes calls this): HTTP 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"cooloff_minutes": minutes},
        status=429,
    )


# --- two-step verification ---------------------------------------------------------


def _pending_clear(request):
    for key in (PENDING_USER, PENDING_BACKEND, PENDING_SINCE):
        request.session.pop(key, None)


def _code_owner(request):
    """Who the code step is for, and whether they are only half logged in.

    Half logged in: the password step remembered them (not expired). Or a signed-in
    session that has not been verified although the user has an authenticator.
    (None, False) when there is nothing to verify.
    """
    user = request.user
    if user.is_authenticated:
        if not user.is_verified() and two_factor.has_device(user):
            return user, False
        return None, False
    user_id = request.session.get(PENDING_USER)
    if user_id is None:
        return None, False
    since = request.session.get(PENDING_SINCE, 0)
    if time.time() - since > PENDING_SECONDS:
        _pending_clear(request)
        messages.error(
            request,
            _("The time for entering the code ran out. Please log in again."),
        )
        return None, False
    pending = two_factor.pending_user(user_id)
    if pending is None:
        _pending_clear(request)
        return None, False
    return pending, True


def two_factor_verify(request):
    """The code step of the login."""
    user, half_logged_in = _code_owner(request)
    next_url = _safe_next(request)
    if user is None:
        if request.user.is_authenticated:
            return redirect(next_url or settings.LOGIN_REDIRECT_URL)
        return redirect(_with_next("accounts:login", next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        credentials = {"username": user.get_username()}
        if not AxesProxyHandler.is_allowed(request, credentials):
            _abandon(request, half_logged_in)
            return locked_out(request)
        try:
            device = two_factor.check_code(
                user=user, token=form.cleaned_data["otp_token"]
            )
        except two_factor.TooManyTries as refused:
            form.add_error("otp_token", refused.message)
        except two_factor.WrongCode as refused:
            # A wrong code is a failed login: it counts toward the lockout.
            user_login_failed.send(
                sender=__name__, credentials=credentials, request=request
            )
            if getattr(request, "axes_locked_out", False):
                _abandon(request, half_logged_in)  # AxesMiddleware shows the lockout
            form.add_error("otp_token", refused.message)
        else:
            if half_logged_in:
                backend = request.session.get(PENDING_BACKEND)
                _pending_clear(request)
                auth_login(request, user, backend=backend)  # a new session key
            else:
                request.session.cycle_key()
            otp_login(request, device)
            return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": next_url, "person": user},
    )


def _abandon(request, half_logged_in):
    if half_logged_in:
        _pending_clear(request)
    else:
        auth_logout(request)


@login_required
def two_factor_settings(request):
    """Turn two-step verification on (QR code, secret, first code) or see it is on."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.enrol_confirm(
                actor=request.user, token=form.cleaned_data["otp_token"]
            )
        except ActionRefused as refused:
            form.add_error("otp_token", refused.message)
        else:
            request.session.cycle_key()
            otp_login(request, device)
            messages.success(
                request,
                _(
                    "Two-step verification is on. From now on you enter a code from "
                    "your authenticator app after your password."
                ),
            )
            return redirect(_safe_next(request) or "accounts:two_factor")
    return _two_factor_page(request, code_form=form)


@login_required
@require_POST
def two_factor_off(request):
    """Turn two-step verification off, with the password and a current code."""
    form = TwoFactorOffForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            two_factor.disable(actor=request.user, token=form.cleaned_data["otp_token"])
        except ActionRefused as refused:
            form.add_error("otp_token", refused.message)
        else:
            request.session.pop(DEVICE_ID_SESSION_KEY, None)
            if two_factor.is_required(request.user):
                messages.warning(
                    request,
                    _(
                        "Your authenticator was removed. Administrators must use "
                        "two-step verification: set up the new one now."
                    ),
                )
            else:
                messages.success(request, _("Two-step verification is off."))
            return redirect("accounts:two_factor")
    return _two_factor_page(request, off_form=form)


def _two_factor_page(request, *, code_form=None, off_form=None):
    user = request.user
    device = two_factor.confirmed_device(user)
    context = {
        "device": device,
        "required": two_factor.is_required(user),
        "next": _safe_next(request),
    }
    if device is not None:
        context["off_form"] = off_form or TwoFactorOffForm(user=user)
    else:
        new = two_factor.enrol_begin(actor=user)
        context.update(
            code_form=code_form or CodeForm(),
            # Generated here from our own data; no user text inside.
            qr_svg=mark_safe(two_factor.qr_svg(new)),
            secret=two_factor.secret_text(new),
            # An administrator who may do nothing else until this is done.
            forced=context["required"],
        )
    return render(request, "accounts/two_factor.html", context)
