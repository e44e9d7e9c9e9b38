import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import selectors as case_selectors
from common.forms import BootstrapFormMixin, DateInput, NameChoiceField
from petitions.models import Petition
from petitions.validators import (
    normalise_id_number,
    normalise_phone,
    validate_id_number,
    validate_phone,
)

# Anything earlier is a typo; and 0001-01-01 00:00 in Beijing is a date before
# year 1 in UTC, which PostgreSQL stores but Python cannot read back.
EARLIEST_RECEIVED = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class PetitionForm(BootstrapFormMixin, forms.Form):
    channel = forms.ChoiceField(label=_("channel"), choices=Petition.Channel.choices)
    received_at = forms.DateTimeField(
        label=_("received at"),
        widget=DateTimeInput,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    reception_day = forms.ModelChoiceField(
        label=_("reception day"),
        queryset=None,
        required=False,
        help_text=_("Only for petitions received on a leader's reception day."),
    )
    proposed_title = forms.CharField(
        label=_("matter"),
        max_length=200,
        required=False,
        help_text=_("A short title for the case, if a new case is opened."),
    )
    content = forms.CharField(
        label=_("what the petition says"), widget=forms.Textarea(attrs={"rows": 5})
    )
    demands = forms.CharField(
        label=_("demands"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    head_count = forms.IntegerField(
        label=_("number of people"),
        min_value=1,
        max_value=10000,
        initial=1,
        help_text=_("For a collective visit, how many came (5 or more is collective)."),
    )
    is_skip_level = forms.BooleanField(label=_("skip-level petition"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from petitions import selectors

        self.fields["reception_day"].queryset = selectors.reception_days_for_choice(
            user
        )
        self.fields["received_at"].initial = timezone.localtime().replace(
            second=0, microsecond=0
        )

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        if value > timezone.now():
            raise forms.ValidationError(_("The time received cannot be in the future."))
        if value < EARLIEST_RECEIVED:
            raise forms.ValidationError(_("The time received is too far in the past."))
        return value

    def clean(self):
        data = super().clean()
        reception = data.get("channel") == Petition.Channel.RECEPTION
        if reception and not data.get("reception_day"):
            self.add_error(
                "reception_day", _("Choose the reception day the petition came in on.")
            )
        if not reception and data.get("reception_day"):
            self.add_error(
                "reception_day",
                _("A reception day goes with the channel “leader reception day”."),
            )
        return data


class PetitionerForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("name"), max_length=50)
    id_number = forms.CharField(label=_("ID number"), max_length=20, required=False)
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)
    address = forms.CharField(label=_("address"), max_length=200, required=False)

    def clean_id_number(self):
        value = self.cleaned_data["id_number"]
        if value:
            validate_id_number(value)
            return normalise_id_number(value)
        return ""

    def clean_phone(self):
        value = self.cleaned_data["phone"]
        if value:
            validate_phone(value)
            return normalise_phone(value)
        return ""


class BasePetitionerFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        people = [f.cleaned_data for f in self.forms if f.cleaned_data]
        if not people:
            raise forms.ValidationError(_("Enter at least one petitioner."))
        numbers = [p["id_number"] for p in people if p.get("id_number")]
        if len(numbers) != len(set(numbers)):
            raise forms.ValidationError(_("The same ID number is entered twice."))


PetitionerFormSet = forms.formset_factory(
    PetitionerForm,
    formset=BasePetitionerFormSet,
    extra=3,
    max_num=20,
    validate_max=True,
    # Never build more forms than allowed, whatever TOTAL_FORMS says (Django's
    # default would render 1,020 of them before refusing).
    absolute_max=20,
)


class DecisionForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("handling decision"),
        choices=[c for c in Petition.Decision.choices if c[0] != "pending"],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("reason told to the petitioner"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    target_unit = NameChoiceField(
        label=_("handed to"),
        queryset=case_selectors.assignable_units(),
        required=False,
        help_text=_("For a transfer (转送) or an assignment (交办)."),
    )
    leader = forms.ModelChoiceField(
        label=_("responsible leader"), queryset=case_selectors.leaders(), required=False
    )
    category = forms.ModelChoiceField(
        label=_("category of the new case"),
        queryset=case_selectors.active_categories(),
        required=False,
    )

    def __init__(self, *args, petition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.petition = petition
        if petition is not None and petition.case_id:
            del self.fields["category"]

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision in ("transferred", "assigned") and not data.get("target_unit"):
            self.add_error(
                "target_unit", _("Choose the unit the petition is handed to.")
            )
        accepts = decision and decision != "not_accepted"
        if accepts and "category" in self.fields and not data.get("category"):
            self.add_error("category", _("Choose the category of the new case."))
        return data


class ReceptionDayForm(BootstrapFormMixin, forms.Form):
    leader = forms.ModelChoiceField(
        label=_("leader"), queryset=case_selectors.leaders()
    )
    date = forms.DateField(label=_("date"), widget=DateInput)
    start_time = forms.TimeField(
        label=_("from"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("until"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    place = forms.CharField(label=_("place"), max_length=100)
    topics = forms.CharField(
        label=_("matters received"), max_length=200, required=False
    )
    is_published = forms.BooleanField(
        label=_("publish on the public page"), required=False, initial=True
    )
    # Optimistic locking: the version of the reception day the edit started from
    # (empty for a new one).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The reception must end after it starts."))
        return data


class PublicQueryForm(forms.Form):
    code = forms.CharField(
        label=_("query code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "form-control"}),
    )
    phone_last4 = forms.CharField(
        label=_("last four digits of your phone"),
        max_length=4,
        min_length=4,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "class": "form-control",
            }
        ),
    )
