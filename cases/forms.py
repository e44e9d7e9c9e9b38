"""Forms of the case pages. They validate input; services do the writing."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import selectors
from cases.models import (
    Attachment,
    Case,
    ClosingSubmission,
    LookBack,
    ProgressEntry,
    ReviewRequest,
)
from common.forms import (
    BootstrapFormMixin,
    DateInput,
    NameChoiceField,
    NameMultipleChoiceField,
)


class VersionedForm(BootstrapFormMixin, forms.Form):
    """Carries the case version the user started from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CaseDetailsForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    summary = forms.CharField(
        label=_("summary"), widget=forms.Textarea(attrs={"rows": 4})
    )
    demands = forms.CharField(
        label=_("petitioner's demands"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    category = forms.ModelChoiceField(
        label=_("category"), queryset=selectors.active_categories()
    )
    tags = forms.ModelMultipleChoiceField(
        label=_("tags"),
        queryset=selectors.active_tags(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_key = forms.BooleanField(label=_("key and difficult case"), required=False)


class CaseCreateForm(CaseDetailsForm):
    opened_on = forms.DateField(
        label=_("opened on"), initial=timezone.localdate, widget=DateInput
    )

    def clean_opened_on(self):
        value = self.cleaned_data["opened_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value


class CaseEditForm(CaseDetailsForm, VersionedForm):
    reason = forms.CharField(label=_("reason for the change"), required=False)


class AssignForm(VersionedForm):
    owning_unit = NameChoiceField(
        label=_("owning unit"), queryset=selectors.assignable_units()
    )
    co_units = NameMultipleChoiceField(
        label=_("co-handling units"),
        queryset=selectors.assignable_units(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    leader = forms.ModelChoiceField(
        label=_("responsible leader"), queryset=selectors.leaders(), required=False
    )
    due_date = forms.DateField(label=_("due date"), widget=DateInput)
    reason = forms.CharField(label=_("note"), required=False)

    def clean_due_date(self):
        value = self.cleaned_data["due_date"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        # A date years away is a typo; near 9999-12-31 the deadline arithmetic
        # overflows and the case page fails.
        if value > timezone.localdate() + datetime.timedelta(days=366):
            raise forms.ValidationError(
                _("The due date cannot be more than a year away.")
            )
        return value


class RootCauseForm(VersionedForm):
    mechanism = forms.CharField(
        label=_("work mechanism"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Do the units work as one, or pass the matter between them?"),
    )
    conduct = forms.CharField(
        label=_("cadre conduct"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Did the cadres take responsibility, or delay and avoid?"),
    )
    methods = forms.CharField(
        label=_("methods"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Were the earlier methods and measures right and strong enough?"),
    )
    history = forms.CharField(
        label=_("history of the matter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if not any(
            data.get(k, "").strip() for k in ("mechanism", "conduct", "methods")
        ):
            raise forms.ValidationError(
                _(
                    "Write at least one finding: work mechanism, cadre conduct or "
                    "methods."
                )
            )
        return data


class PlanForm(VersionedForm):
    strategy = forms.CharField(
        label=_("strategy"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    channels = forms.ModelMultipleChoiceField(
        label=_("resolution channels"),
        queryset=selectors.active_channels(),
        widget=forms.CheckboxSelectMultiple,
    )


class MeasureForm(BootstrapFormMixin, forms.Form):
    content = forms.CharField(
        label=_("measure"), widget=forms.Textarea(attrs={"rows": 2})
    )
    responsible_person = forms.CharField(label=_("responsible person"), max_length=50)
    due_date = forms.DateField(label=_("due date"), widget=DateInput)


class AdvanceForm(BootstrapFormMixin, forms.Form):
    to_stage = forms.ChoiceField(label=_("to stage"), choices=Case.Stage.choices)
    reason = forms.CharField(label=_("reason"), required=False)


class ProgressForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("kind"),
        choices=ProgressEntry.Kind.choices,
        initial=ProgressEntry.Kind.PROGRESS,
    )
    content = forms.CharField(
        label=_("content"), widget=forms.Textarea(attrs={"rows": 4})
    )
    is_public = forms.BooleanField(
        label=_("show to the petitioner on the public progress page"), required=False
    )


class ClosingSubmitForm(BootstrapFormMixin, forms.Form):
    reply = forms.CharField(
        label=_("reply to the petitioner"), widget=forms.Textarea(attrs={"rows": 4})
    )
    satisfaction = forms.ChoiceField(
        label=_("petitioner's satisfaction"),
        choices=ClosingSubmission.Satisfaction.choices,
        widget=forms.RadioSelect,
    )


class ClosingApproveForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(label=_("note"), required=False)


class ClosingReturnForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("reason for return"), widget=forms.Textarea(attrs={"rows": 3})
    )


class LookBackForm(BootstrapFormMixin, forms.Form):
    result = forms.ChoiceField(
        label=_("result"),
        choices=[
            (LookBack.Result.STABLE, LookBack.Result.STABLE.label),
            (LookBack.Result.RECURRED, LookBack.Result.RECURRED.label),
            (LookBack.Result.NEW_DEMAND, LookBack.Result.NEW_DEMAND.label),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        needs_note = (LookBack.Result.RECURRED, LookBack.Result.NEW_DEMAND)
        if data.get("result") in needs_note and not data.get("note", "").strip():
            self.add_error("note", _("Describe what was found."))
        return data


class InstructionForm(BootstrapFormMixin, forms.Form):
    content = forms.CharField(
        label=_("instruction"), widget=forms.Textarea(attrs={"rows": 4})
    )


class InstructionAnswerForm(BootstrapFormMixin, forms.Form):
    response = forms.CharField(
        label=_("answer"), widget=forms.Textarea(attrs={"rows": 4})
    )


class VisitForm(BootstrapFormMixin, forms.Form):
    leader = forms.ModelChoiceField(label=_("leader"), queryset=selectors.leaders())
    visited_on = forms.DateField(
        label=_("visited on"), widget=DateInput, initial=timezone.localdate
    )
    place = forms.CharField(label=_("place"), max_length=100)
    notes = forms.CharField(
        label=_("what was discussed"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.role == "leader":
            # A leader records their own visit.
            self.fields["leader"].queryset = selectors.leaders().filter(pk=user.pk)
            self.fields["leader"].initial = user.pk

    def clean_visited_on(self):
        value = self.cleaned_data["visited_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value


class AttachmentForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("file"),
        help_text=_("PDF, JPG, PNG, Word or Excel, at most 20 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx"}
        ),
    )
    kind = forms.ChoiceField(label=_("kind"), choices=Attachment.Kind.choices)
    description = forms.CharField(
        label=_("description"), max_length=200, required=False
    )


class ExtensionRequestForm(BootstrapFormMixin, forms.Form):
    days = forms.IntegerField(label=_("extra days"), min_value=1, max_value=30)
    reason = forms.CharField(
        label=_("reason (told to the petitioner)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ExtensionDecideForm(BootstrapFormMixin, forms.Form):
    approve = forms.TypedChoiceField(
        label=_("decision"),
        choices=[("1", _("Approve")), ("0", _("Reject"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("note"), required=False)


class ReviewRequestForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ReviewRequest.Kind.choices)
    requested_on = forms.DateField(
        label=_("requested on"), widget=DateInput, initial=timezone.localdate
    )
    reviewing_body = forms.CharField(label=_("handled by"), max_length=100)


class ReviewReplyForm(BootstrapFormMixin, forms.Form):
    replied_on = forms.DateField(
        label=_("replied on"), widget=DateInput, initial=timezone.localdate
    )
    result = forms.CharField(
        label=_("result"), widget=forms.Textarea(attrs={"rows": 3})
    )


class HearingStartForm(BootstrapFormMixin, forms.Form):
    started_on = forms.DateField(
        label=_("hearing started on"), widget=DateInput, initial=timezone.localdate
    )


class HearingEndForm(BootstrapFormMixin, forms.Form):
    ended_on = forms.DateField(
        label=_("hearing ended on"), widget=DateInput, initial=timezone.localdate
    )
