from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _


class BootstrapFormMixin:
    """Adds Bootstrap classes to every widget, and is-invalid where a field failed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            if self.is_bound and name in self.errors:
                css += " is-invalid"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


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
