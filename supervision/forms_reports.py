"""Forms of the report pages: declaring a period, a daily report, an urgent report."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common import access
from common.forms import BootstrapFormMixin, DateInput
from common.roles import Role
from supervision.services import reports as services


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class PeriodForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(
        label=_("name of the period"),
        max_length=100,
        help_text=_("For example: the two sessions (全国两会) reporting period."),
    )
    start_date = forms.DateField(label=_("first day"), widget=DateInput)
    end_date = forms.DateField(label=_("last day"), widget=DateInput)
    cutoff_time = forms.TimeField(
        label=_("daily cutoff time"),
        widget=TimeInput,
        initial=datetime.time(17, 0),
        input_formats=["%H:%M", "%H:%M:%S"],
        help_text=_("A unit that has filed nothing by this time is missing."),
    )
    reminder_minutes = forms.IntegerField(
        label=_("reminder (minutes before the cutoff)"),
        min_value=0,
        max_value=24 * 60,
        initial=60,
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date", _("The last day cannot be before the first day.")
            )
        elif start and end and (end - start).days >= services.MAX_PERIOD_DAYS:
            # The grid shows every day of a period: a period of centuries would
            # take the page minutes to build.
            self.add_error("end_date", _("A reporting period lasts at most a year."))
        return data


class DailyReportForm(BootstrapFormMixin, forms.Form):
    date = forms.DateField(label=_("report for the day"), widget=DateInput)
    new_petitions = forms.IntegerField(
        label=_("new petitions received"),
        min_value=0,
        max_value=100000,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    incidents = forms.CharField(
        label=_("incidents and warning signs"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Gatherings, people heading to higher levels, extreme words …"),
    )
    progress = forms.CharField(
        label=_("progress on cases"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    notes = forms.CharField(
        label=_("other matters"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate(now or timezone.now())

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > self.today:
            raise forms.ValidationError(
                _("A report cannot be filed for a day that has not come.")
            )
        return day

    def clean(self):
        data = super().clean()
        if (
            not self.errors
            and not data.get("new_petitions")
            and not any(data.get(k, "").strip() for k in ("incidents", "progress"))
            and not data.get("notes", "").strip()
        ):
            raise forms.ValidationError(
                _(
                    "Nothing to report? File a zero report instead: it takes one "
                    "tap on the reports page."
                )
            )
        return data


class UrgentReportForm(BootstrapFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("unit"), queryset=None)
    title = forms.CharField(label=_("what happened"), max_length=200)
    content = forms.CharField(
        label=_("details"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Who, where, how many people, what has been done so far."),
    )
    case_number = forms.CharField(
        label=_("related case number"),
        max_length=20,
        required=False,
        help_text=_("Optional. The case's leader is then told as well."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if access.role_of(user) == Role.LIAISON:
            # A liaison reports for their own unit: nothing to choose.
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = services.reporting_units()

    def clean_case_number(self):
        number = self.cleaned_data["case_number"].strip()
        if not number:
            return None
        case = services.case_for_urgent_report(user=self.user, number=number)
        if case is None:
            raise forms.ValidationError(
                _("No case with the number %(number)s among the cases you can see."),
                params={"number": number},
            )
        return case


class PeriodChoiceForm(forms.Form):
    """The period picker above the grid (GET)."""

    period = forms.ModelChoiceField(
        label=_("reporting period"),
        queryset=None,
        required=False,
        widget=forms.Select(attrs={"class": "form-select", "data-autosubmit": ""}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = services.periods_for_choice(user)
        self.fields["period"].label_from_instance = lambda p: (
            f"{p.name}（{p.start_date:%m-%d}—{p.end_date:%m-%d}）"
        )
