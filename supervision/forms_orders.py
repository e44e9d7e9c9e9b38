"""Forms and list filters of the supervision-order and record pages.

Forms validate input; the services in `supervision.services.orders` write.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import selectors as case_selectors
from cases.models import Case
from common import access
from common.forms import (
    BootstrapFormMixin,
    DateInput,
    NameChoiceField,
    NameChoiceFilter,
)
from supervision.models import AccountabilityRecord, SupervisionOrder

YES_NO = [("true", _("Yes")), ("false", _("No"))]


def _cases_for_choice(user):
    """The cases a user may pick, by number (the chooser of the forms)."""
    return (
        access.scope(user, Case.objects.all())
        .only("id", "number", "title", "owning_unit_id")
        .order_by("number", "id")
    )


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number or '—'} {obj.title}"


# --- orders ----------------------------------------------------------------------


class OrderIssueForm(BootstrapFormMixin, forms.Form):
    case = CaseChoiceField(label=_("case"), queryset=Case.objects.none())
    unit = NameChoiceField(
        label=_("unit ordered"),
        queryset=case_selectors.assignable_units(),
        required=False,
        empty_label=_("The case's owning unit"),
        help_text=_("Leave empty to order the unit that owns the case."),
    )
    phase = forms.ChoiceField(
        label=_("phase"),
        choices=SupervisionOrder.Phase.choices,
        widget=forms.RadioSelect,
    )
    requirements = forms.CharField(
        label=_("requirements"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the unit must do, and what its reply must say."),
    )
    deadline = forms.DateField(label=_("reply by"), widget=DateInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = _cases_for_choice(user)

    def clean_deadline(self):
        value = self.cleaned_data["deadline"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The reply deadline cannot be in the past."))
        return value

    def clean(self):
        data = super().clean()
        case = data.get("case")
        if case is not None and not data.get("unit") and not case.owning_unit_id:
            self.add_error(
                "unit",
                _("This case has no owning unit yet: choose the unit to order."),
            )
        return data


class OrderReplyForm(BootstrapFormMixin, forms.Form):
    reply = forms.CharField(
        label=_("reply"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the unit has done, the result, and what remains."),
    )
    # Optimistic locking: the version of the order the reply was written on.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class OrderCloseForm(forms.Form):
    """The close button: carries the version of the order whose reply was read."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class _SmallWidgetsMixin:
    """Compact Bootstrap widgets for a filter bar."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select form-select-sm"
            else:
                field.widget.attrs["class"] = "form-control form-control-sm"


class OrderFilter(_SmallWidgetsMixin, django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("status"),
        choices=SupervisionOrder.Status.choices,
        empty_label=_("All"),
    )
    phase = django_filters.ChoiceFilter(
        label=_("phase"),
        choices=SupervisionOrder.Phase.choices,
        empty_label=_("All"),
    )
    unit = NameChoiceFilter(
        label=_("unit ordered"),
        queryset=case_selectors.assignable_units(),
        empty_label=_("All"),
    )
    overdue = django_filters.ChoiceFilter(
        label=_("overdue"),
        choices=YES_NO,
        empty_label=_("All"),
        method="filter_overdue",
    )
    ordering = django_filters.OrderingFilter(
        label=_("sort by"),
        empty_label=_("Newest orders first"),
        fields=(
            ("deadline", "deadline"),
            ("issued_at", "issued"),
            ("number", "number"),
        ),
        field_labels={
            "deadline": _("reply deadline"),
            "issued": _("issued at"),
            "number": _("order number"),
        },
    )

    class Meta:
        model = SupervisionOrder
        fields = []

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status=SupervisionOrder.Status.OPEN) & Q(
            deadline__lt=timezone.localdate()
        )
        return (
            queryset.filter(overdue) if value == "true" else queryset.exclude(overdue)
        )


# --- accountability and commendation ---------------------------------------------


class RecordForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("kind"),
        choices=AccountabilityRecord.Kind.choices,
        widget=forms.RadioSelect,
    )
    unit = NameChoiceField(label=_("unit"), queryset=case_selectors.assignable_units())
    person = forms.CharField(
        label=_("person"),
        max_length=50,
        required=False,
        help_text=_("Leave empty when the record is about the unit as a whole."),
    )
    case = CaseChoiceField(
        label=_("case"),
        queryset=Case.objects.none(),
        required=False,
        empty_label=_("No case"),
    )
    decided_on = forms.DateField(
        label=_("decided on"), initial=timezone.localdate, widget=DateInput
    )
    description = forms.CharField(
        label=_("what and why"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = _cases_for_choice(user)

    def clean_decided_on(self):
        value = self.cleaned_data["decided_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value


class RecordFilter(_SmallWidgetsMixin, django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("kind"),
        choices=AccountabilityRecord.Kind.choices,
        empty_label=_("All"),
    )
    unit = NameChoiceFilter(
        label=_("unit"),
        queryset=case_selectors.assignable_units(),
        empty_label=_("All"),
    )

    class Meta:
        model = AccountabilityRecord
        fields = []
