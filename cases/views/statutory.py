"""The statutory clock on a case: extension, review and re-review, hearings."""

from django.utils.translation import gettext_lazy as _

from cases import forms, selectors, services
from cases.views.actions import CaseActionView


class ExtensionRequestView(CaseActionView):
    permission = "case.extend"
    form_class = forms.ExtensionRequestForm
    title = _("Request an extension")
    success_message = _("The extension request has been sent to the bureau.")
    anchor = "deadline"

    def perform(self, data):
        services.extension_request(case=self.case, actor=self.request.user, **data)


class ExtensionDecideView(CaseActionView):
    permission = "case.statutory"
    form_class = forms.ExtensionDecideForm
    title = _("Decide on the extension")
    success_message = _("The extension has been decided.")
    anchor = "deadline"

    def perform(self, data):
        extension = selectors.extension_get_for_user(
            user=self.request.user, case=self.case, pk=self.kwargs["item"]
        )
        services.extension_decide(extension=extension, actor=self.request.user, **data)


class ReviewRequestView(CaseActionView):
    permission = "case.statutory"
    form_class = forms.ReviewRequestForm
    title = _("Record a review or re-review request")
    success_message = _("The request has been recorded.")
    anchor = "deadline"

    def get_initial(self):
        has_review = any(r.kind == "review" for r in self.case.reviews.all())
        return {"kind": "rereview" if has_review else "review"}

    def perform(self, data):
        services.review_request(case=self.case, actor=self.request.user, **data)


class ReviewReplyView(CaseActionView):
    permission = "case.statutory"
    form_class = forms.ReviewReplyForm
    title = _("Record the answer to the request")
    success_message = _("The answer has been recorded.")
    anchor = "deadline"

    def perform(self, data):
        review = selectors.review_get_for_user(
            user=self.request.user, case=self.case, pk=self.kwargs["item"]
        )
        services.review_reply(review=review, actor=self.request.user, **data)


class HearingStartView(CaseActionView):
    permission = "case.statutory"
    form_class = forms.HearingStartForm
    title = _("A hearing starts")
    success_message = _("The hearing has been recorded; its days will not count.")
    anchor = "deadline"

    def perform(self, data):
        review = selectors.review_get_for_user(
            user=self.request.user, case=self.case, pk=self.kwargs["item"]
        )
        services.hearing_start(review=review, actor=self.request.user, **data)


class HearingEndView(CaseActionView):
    permission = "case.statutory"
    form_class = forms.HearingEndForm
    title = _("The hearing ends")
    success_message = _("The hearing has ended; the reply deadline moved on.")
    anchor = "deadline"

    def perform(self, data):
        hearing = selectors.hearing_get_for_user(
            user=self.request.user, case=self.case, pk=self.kwargs["item"]
        )
        services.hearing_end(hearing=hearing, actor=self.request.user, **data)
