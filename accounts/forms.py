from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.validators import MaxLengthValidator
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
        # AuthenticationForm sets max_length without its validator: an overlong
        # name reached django-axes, whose 255-character column refused it (a 500).
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class StyledPasswordChangeForm(BootstrapFormMixin, PasswordChangeForm):
    pass


class CodeField(forms.CharField):
    """The 6 digits an authenticator app shows; spaces are forgiven."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("Verification code"),
            max_length=12,
            error_messages={"required": _("Enter the 6-digit code.")},
            **kwargs,
        )
        self.widget.attrs.update(
            {
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
                "style": "max-width: 12rem",
            }
        )

    def to_python(self, value):
        return "".join(super().to_python(value).split())

    def validate(self, value):
        super().validate(value)
        if not (len(value) == 6 and value.isascii() and value.isdigit()):
            raise forms.ValidationError(_("Enter the 6-digit code."), code="format")


class CodeForm(BootstrapFormMixin, forms.Form):
    """A code from the authenticator: at login, and to confirm a new authenticator."""

    otp_token = CodeField()


class TwoFactorOffForm(BootstrapFormMixin, forms.Form):
    """Turning two-step verification off takes the password and a current code."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    otp_token = CodeField()

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["otp_token"].widget.attrs.pop("autofocus", None)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("The password is not correct."), code="password_incorrect"
            )
        return password
