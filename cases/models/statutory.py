"""The case's side of the statutory clock: extension, review and re-review."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models.case import Case
from common import history

USER = settings.AUTH_USER_MODEL


@history.track("ExtensionHistory", _("extension history"))
class Extension(models.Model):
    """延期: once per case, at most 30 days, with a reason, approved by a clerk."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="extensions",
    )
    days = models.PositiveIntegerField(_("extra days"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        USER, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        USER,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # At most one extension that is pending or granted: "once".
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status__in=["pending", "approved"]),
                name="one_extension_per_case",
            ),
            models.CheckConstraint(
                condition=Q(days__gte=1) & Q(days__lte=30),
                name="extension_at_most_30_days",
            ),
        ]

    def __str__(self):
        return f"{self.case} +{self.days}"


@history.track("ReviewRequestHistory", _("review request history"))
class ReviewRequest(models.Model):
    """复查 / 复核: the petitioner's two appeals, each with its own clock."""

    class Kind(models.TextChoices):
        REVIEW = "review", _("Review (复查)")
        REREVIEW = "rereview", _("Re-review (复核)")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="reviews"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    requested_on = models.DateField(_("requested on"))
    reviewing_body = models.CharField(_("handled by"), max_length=100)
    reply_due = models.DateField(_("reply due"))
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    recorded_by = models.ForeignKey(
        USER, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")
        ordering = ["requested_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="one_review_per_kind")
        ]

    def __str__(self):
        return f"{self.case} {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.replied_on is None


@history.track("HearingHistory", _("hearing history"))
class Hearing(models.Model):
    """听证: the time a hearing takes does not count against the reply deadline."""

    review = models.ForeignKey(
        ReviewRequest,
        verbose_name=_("review request"),
        on_delete=models.PROTECT,
        related_name="hearings",
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="hearing_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.started_on}–{self.ended_on or '…'}"
