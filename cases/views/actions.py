"""One small view per action on a case: a form, a service call, back to the case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_GET, require_POST

from cases import forms, selectors, services
from common import access
from common.errors import ActionRefused, EditConflict


class CaseActionView(LoginRequiredMixin, View):
    """One action on one case: a small form, a service call, back to the case."""

    permission = ""
    form_class = None
    title = ""
    submit_label = _("Save")
    success_message = _("Saved.")
    confirm = ""  # asked before submitting an action that cannot be undone
    anchor = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.case = selectors.case_get_for_action(user=request.user, pk=kwargs["pk"])
        access.require(request.user, self.permission, self.case)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        # Versioned forms start from the case's current version (optimistic
        # locking); the others start empty.
        if "version" in self.form_class.base_fields:
            return {"version": self.case.version}
        return {}

    def get_form_kwargs(self):
        return {}

    def get_form(self, data=None, files=None):
        return self.form_class(
            data, files, initial=self.get_initial(), **self.get_form_kwargs()
        )

    def get(self, request, *args, **kwargs):
        return self.render(self.get_form())

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            self.perform(form.cleaned_data)
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
            status = 409 if isinstance(refusal, EditConflict) else 400
            return self.render(form, status=status)
        messages.success(request, self.success_message)
        url = reverse("cases:detail", args=[self.case.pk])
        return redirect(f"{url}#{self.anchor}" if self.anchor else url)

    def perform(self, data):
        raise NotImplementedError

    def render(self, form, status=200):
        return render(
            self.request,
            "cases/case_action.html",
            {
                "case": self.case,
                "form": form,
                "title": self.title,
                "submit_label": self.submit_label,
                "confirm": self.confirm,
                "multipart": any(
                    f.widget.needs_multipart_form for f in form.fields.values()
                ),
            },
            status=status,
        )


class CaseEditView(CaseActionView):
    permission = "case.edit"
    form_class = forms.CaseEditForm
    title = _("Edit case details")

    def get_initial(self):
        case = self.case
        return {
            "version": case.version,
            "title": case.title,
            "summary": case.summary,
            "demands": case.demands,
            "category": case.category_id,
            "tags": list(case.tags.all()),
            "is_key": case.is_key,
        }

    def perform(self, data):
        services.case_update_details(
            case=self.case,
            actor=self.request.user,
            title=data["title"],
            summary=data["summary"],
            demands=data["demands"],
            category=data["category"],
            tags=data["tags"],
            is_key=data["is_key"],
            reason=data["reason"],
            expected_version=data["version"],
        )


class CaseAssignView(CaseActionView):
    permission = "case.assign"
    form_class = forms.AssignForm
    title = _("Assign the case")
    success_message = _("The case has been assigned.")

    def get_initial(self):
        case = self.case
        return {
            "version": case.version,
            "owning_unit": case.owning_unit_id,
            "co_units": list(case.co_units.all()),
            "leader": case.leader_id,
            "due_date": case.due_date or services.default_due_date(),
        }

    def perform(self, data):
        services.case_assign(
            case=self.case,
            actor=self.request.user,
            owning_unit=data["owning_unit"],
            co_units=data["co_units"],
            leader=data["leader"],
            due_date=data["due_date"],
            reason=data["reason"],
            expected_version=data["version"],
        )


class RootCauseView(CaseActionView):
    permission = "case.work"
    form_class = forms.RootCauseForm
    title = _("Root cause")
    anchor = "root-cause"

    def get_initial(self):
        record = getattr(self.case, "root_cause", None)
        initial = {"version": self.case.version}
        if record:
            for key in ("mechanism", "conduct", "methods", "history"):
                initial[key] = getattr(record, key)
        return initial

    def perform(self, data):
        services.root_cause_save(
            case=self.case,
            actor=self.request.user,
            mechanism=data["mechanism"],
            conduct=data["conduct"],
            methods=data["methods"],
            history=data["history"],
            expected_version=data["version"],
        )


class PlanView(CaseActionView):
    permission = "case.work"
    form_class = forms.PlanForm
    title = _("Plan: strategy and resolution channels")
    anchor = "plan"

    def get_initial(self):
        plan = getattr(self.case, "plan", None)
        initial = {"version": self.case.version}
        if plan:
            initial.update(strategy=plan.strategy, channels=list(plan.channels.all()))
        return initial

    def perform(self, data):
        services.plan_save(
            case=self.case,
            actor=self.request.user,
            strategy=data["strategy"],
            channels=data["channels"],
            expected_version=data["version"],
        )


class MeasureAddView(CaseActionView):
    permission = "case.work"
    form_class = forms.MeasureForm
    title = _("Add a measure")
    success_message = _("The measure has been added.")
    anchor = "plan"

    def perform(self, data):
        services.measure_add(case=self.case, actor=self.request.user, **data)


class AdvanceView(CaseActionView):
    permission = "case.work"
    form_class = forms.AdvanceForm
    title = _("Change stage")
    success_message = _("The stage has been changed.")

    def get_initial(self):
        return {"to_stage": self.request.GET.get("to", "")}

    def perform(self, data):
        services.case_advance(
            case=self.case,
            actor=self.request.user,
            to_stage=data["to_stage"],
            reason=data["reason"],
        )


class ProgressAddView(CaseActionView):
    permission = "case.help"
    form_class = forms.ProgressForm
    title = _("Record follow-up")
    success_message = _("The follow-up has been recorded.")
    anchor = "follow-up"

    def get_initial(self):
        return {"kind": self.request.GET.get("kind", "progress")}

    def perform(self, data):
        services.progress_add(case=self.case, actor=self.request.user, **data)


class ClosingSubmitView(CaseActionView):
    permission = "case.work"
    form_class = forms.ClosingSubmitForm
    title = _("Submit for closing")
    submit_label = _("Submit for review")
    success_message = _("The case has been submitted for closing review.")
    confirm = _("Submit this case to the petition bureau for closing review?")
    anchor = "closing"

    def perform(self, data):
        services.closing_submit(case=self.case, actor=self.request.user, **data)


class ClosingApproveView(CaseActionView):
    permission = "case.review"
    form_class = forms.ClosingApproveForm
    title = _("Approve the closing")
    submit_label = _("Approve and close")
    success_message = _("The case is resolved and closed. Look-backs are scheduled.")
    confirm = _(
        "Approve the closing? The case will be closed and look-backs scheduled."
    )
    anchor = "lookbacks"

    def perform(self, data):
        services.closing_approve(case=self.case, actor=self.request.user, **data)


class ClosingReturnView(CaseActionView):
    permission = "case.review"
    form_class = forms.ClosingReturnForm
    title = _("Return the closing")
    submit_label = _("Return to the unit")
    success_message = _("The closing has been returned to the unit.")
    anchor = "closing"

    def perform(self, data):
        services.closing_return(case=self.case, actor=self.request.user, **data)


class LookBackRecordView(CaseActionView):
    permission = "case.work"
    form_class = forms.LookBackForm
    title = _("Record a look-back")
    success_message = _("The look-back has been recorded.")
    anchor = "lookbacks"

    def perform(self, data):
        lookback = selectors.lookback_get_for_user(
            user=self.request.user, case=self.case, pk=self.kwargs["item"]
        )
        services.lookback_record(lookback=lookback, actor=self.request.user, **data)


class InstructionAddView(CaseActionView):
    permission = "case.instruct"
    form_class = forms.InstructionForm
    title = _("Write an instruction")
    success_message = _("The instruction has been sent to the owning unit.")
    anchor = "leaders"

    def perform(self, data):
        services.instruction_add(case=self.case, actor=self.request.user, **data)


class InstructionAnswerView(CaseActionView):
    permission = "case.work"
    form_class = forms.InstructionAnswerForm
    title = _("Answer the instruction")
    success_message = _("The answer has been recorded.")
    anchor = "leaders"

    def perform(self, data):
        instruction = selectors.instruction_get_for_user(
            user=self.request.user, case=self.case, pk=self.kwargs["item"]
        )
        services.instruction_answer(
            instruction=instruction, actor=self.request.user, **data
        )


class VisitAddView(CaseActionView):
    permission = "case.visit"
    form_class = forms.VisitForm
    title = _("Record a leader visit")
    success_message = _("The visit has been recorded.")
    anchor = "leaders"

    def get_form_kwargs(self):
        return {"user": self.request.user}

    def perform(self, data):
        services.visit_record(case=self.case, actor=self.request.user, **data)


class AttachmentAddView(CaseActionView):
    permission = "case.help"
    form_class = forms.AttachmentForm
    title = _("Add an attachment")
    submit_label = _("Upload")
    success_message = _("The attachment has been added.")
    anchor = "attachments"

    def perform(self, data):
        services.attachment_add(
            case=self.case,
            actor=self.request.user,
            upload=data["file"],
            kind=data["kind"],
            description=data["description"],
        )


@login_required
@require_POST
def measure_toggle(request, pk, item):
    case = selectors.case_get_for_action(user=request.user, pk=pk)
    access.require(request.user, "case.work", case)
    measure = selectors.measure_get_for_user(user=request.user, case=case, pk=item)
    try:
        services.measure_set_done(
            measure=measure, actor=request.user, done=request.POST.get("done") == "1"
        )
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    return redirect(f"{reverse('cases:detail', args=[case.pk])}#plan")


@login_required
@require_GET
def attachment_download(request, pk, item):
    attachment = selectors.attachment_get_for_user(
        user=request.user, case_pk=pk, pk=item
    )
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
