from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from accounts import notifications
from accounts.forms import LoginForm, StyledPasswordChangeForm
from accounts.models import Notification
from common import access


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


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
