"""What each stage records: root cause, plan and measures, follow-up, closing,
look-backs, leader instructions and visits, attachments."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models.case import Case
from common import history

USER = settings.AUTH_USER_MODEL


@history.track("RootCauseHistory", _("root cause history"))
class RootCause(models.Model):
    """找病根: why the case is unresolved, under the source text's three headings."""

    case = models.OneToOneField(
        Case,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="root_cause",
    )
    mechanism = models.TextField(_("work mechanism"), blank=True)
    conduct = models.TextField(_("cadre conduct"), blank=True)
    methods = models.TextField(_("methods"), blank=True)
    history = models.TextField(_("history of the matter"), blank=True)
    updated_by = models.ForeignKey(
        USER, verbose_name=_("updated by"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("root cause")
        verbose_name_plural = _("root causes")

    def __str__(self):
        return str(self.case)

    @property
    def has_findings(self) -> bool:
        return any((self.mechanism, self.conduct, self.methods))


@history.track("PlanHistory", _("plan history"))
class Plan(models.Model):
    """开药方: the per-case plan (一人一策) and its resolution channels."""

    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="plan"
    )
    strategy = models.TextField(_("strategy"), blank=True)
    channels = models.ManyToManyField(
        "cases.ResolutionChannel",
        verbose_name=_("resolution channels"),
        blank=True,
        related_name="plans",
    )
    updated_by = models.ForeignKey(
        USER, verbose_name=_("updated by"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self):
        return str(self.case)


@history.track("MeasureHistory", _("measure history"))
class Measure(models.Model):
    """One concrete step of the plan, with who is responsible and by when."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="measures"
    )
    content = models.TextField(_("measure"))
    responsible_person = models.CharField(_("responsible person"), max_length=50)
    due_date = models.DateField(_("due date"))
    is_done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_by = models.ForeignKey(
        USER, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["case", "due_date"], name="measure_case"),
            models.Index(
                fields=["due_date"],
                name="measure_open_due",
                condition=Q(is_done=False),
            ),
        ]

    def __str__(self):
        return self.content[:40]

    @property
    def is_overdue(self) -> bool:
        return not self.is_done and self.due_date < timezone.localdate()


@history.track("ProgressEntryHistory", _("follow-up entry history"))
class ProgressEntry(models.Model):
    """看疗效: progress, the petitioner's current concerns, or a change of strategy."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress")
        CONCERN = "concern", _("Petitioner's current concerns")
        STRATEGY = "strategy", _("Change of strategy")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="progress"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.PROGRESS
    )
    content = models.TextField(_("content"))
    # Shown to the petitioner on the public progress page (阳光信访).
    is_public = models.BooleanField(_("show to the petitioner"), default=False)
    author = models.ForeignKey(
        USER, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("follow-up entry")
        verbose_name_plural = _("follow-up entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "-created_at"], name="progress_case")]

    def __str__(self):
        return self.content[:40]


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    NOT_SATISFIED = "not_satisfied", _("Not satisfied")


@history.track("ClosingSubmissionHistory", _("closing submission history"))
class ClosingSubmission(models.Model):
    """已上报待审核 → 已化解销号 or returned: one closing attempt and its review."""

    Satisfaction = Satisfaction

    class Decision(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="closings"
    )
    reply = models.TextField(_("reply to the petitioner"))
    satisfaction = models.CharField(
        _("petitioner's satisfaction"), max_length=20, choices=Satisfaction.choices
    )
    submitted_by = models.ForeignKey(
        USER, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        USER,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)

    class Meta:
        verbose_name = _("closing submission")
        verbose_name_plural = _("closing submissions")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(decision="pending"),
                name="one_pending_closing_per_case",
            )
        ]

    def __str__(self):
        return f"{self.case} · {self.get_decision_display()}"


@history.track("LookBackHistory", _("look-back history"))
class LookBack(models.Model):
    """回头看: a re-check scheduled after a closing was approved."""

    class Result(models.TextChoices):
        PENDING = "pending", _("Awaiting look-back")
        STABLE = "stable", _("Stable")
        RECURRED = "recurred", _("Recurred")
        NEW_DEMAND = "new_demand", _("New demand")
        CANCELLED = "cancelled", _("Not needed: case reopened")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="lookbacks"
    )
    closing = models.ForeignKey(
        ClosingSubmission,
        verbose_name=_("closing"),
        on_delete=models.PROTECT,
        related_name="lookbacks",
    )
    offset_days = models.PositiveIntegerField(_("days after closing"))
    due_date = models.DateField(_("due date"))
    result = models.CharField(
        _("result"), max_length=20, choices=Result.choices, default=Result.PENDING
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        USER,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("look-back")
        verbose_name_plural = _("look-backs")
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["closing", "offset_days"], name="lookback_once_per_offset"
            )
        ]
        indexes = [
            models.Index(
                fields=["due_date"],
                name="lookback_pending_due",
                condition=Q(result="pending"),
            )
        ]

    def __str__(self):
        return f"{self.case} · {self.due_date}"

    @property
    def is_due(self) -> bool:
        return (
            self.result == self.Result.PENDING and self.due_date <= timezone.localdate()
        )


@history.track("InstructionHistory", _("leader instruction history"))
class Instruction(models.Model):
    """批示: a leader's written instruction, which the owning unit must answer."""

    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="instructions",
    )
    leader = models.ForeignKey(
        USER, verbose_name=_("leader"), on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField(_("instruction"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    response = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        USER,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("leader instruction")
        verbose_name_plural = _("leader instructions")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.content[:40]

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


@history.track("LeaderVisitHistory", _("leader visit history"))
class LeaderVisit(models.Model):
    """领导下访: a leader went down to meet the petitioner."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="visits"
    )
    leader = models.ForeignKey(
        USER, verbose_name=_("leader"), on_delete=models.PROTECT, related_name="+"
    )
    visited_on = models.DateField(_("visited on"))
    place = models.CharField(_("place"), max_length=100)
    notes = models.TextField(_("what was discussed"))
    recorded_by = models.ForeignKey(
        USER, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("leader visit")
        verbose_name_plural = _("leader visits")
        ordering = ["-visited_on", "-id"]

    def __str__(self):
        return f"{self.leader} · {self.visited_on}"


def attachment_path(instance, filename):
    # The stored name is ours, never the uploader's: no path tricks, no clashes.
    suffix = PurePosixPath(filename).suffix.lower()
    return f"cases/{instance.case_id}/{uuid.uuid4().hex}{suffix}"


@history.track("AttachmentHistory", _("attachment history"))
class Attachment(models.Model):
    """A scan, agreement or reply kept with the case; served only through the gate."""

    class Kind(models.TextChoices):
        SCAN = "scan", _("Scan of a letter or record")
        AGREEMENT = "agreement", _("Agreement")
        REPLY = "reply", _("Reply")
        OTHER = "other", _("Other")

    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    file_type = models.CharField(_("file type"), max_length=10)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        USER, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.original_name
