from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from accounts import two_factor

# Pages a session that still owes its second factor may open.
ALWAYS_OPEN = {
    "accounts:login",
    "accounts:logout",
    "set_language",
    "healthz",
}
VERIFY = "accounts:two_factor_verify"
ENROL = "accounts:two_factor"


class TwoFactorMiddleware:
    """Sessions that owe a second factor reach only the pages that settle it.

    A signed-in user who has an authenticator but whose session has not been
    verified with it (say after logging in on the Django admin's own login page) is
    sent to enter a code; an administrator without an authenticator is sent to set
    one up. Everything else (every other page, the admin, every action) redirects
    there, so no page can be forgotten. Comes after django-otp's OTPMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        name = request.resolver_match.view_name
        if name in ALWAYS_OPEN:
            return None
        if two_factor.has_device(user):
            target = VERIFY
        elif two_factor.is_required(user):
            target = ENROL
        else:
            return None
        if name == target:
            return None
        url = reverse(target)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)
