from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from common.forms import BootstrapFormMixin


class LoginForm(BootstrapFormMixin, AuthenticationForm):
    # The same message for an unknown user, a wrong password and an inactive
    # account, so the form never tells which usernames exist.
    error_messages = {
        "invalid_login": _("The username or password is incorrect. Please try again."),
        "inactive": _("The username or password is incorrect. Please try again."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class StyledPasswordChangeForm(BootstrapFormMixin, PasswordChangeForm):
    pass
