"""The case (信访事项 / 重点难点问题) and its timeline."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common import history
from common.models import TimeStampedModel


class Stage(models.TextChoices):
    ROOT_CAUSE = "root_cause", _("Root cause")
    PRESCRIPTION = "prescription", _("Prescription")
    FOLLOW_UP = "follow_up", _("Follow-up")


class Status(models.TextChoices):
    NEW = "new", _("Awaiting assignment")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSING_SUBMITTED = "closing_submitted", _("Closing submitted for review")
    CLOSED = "closed", _("Resolved and closed")


@history.track("CaseHistory", _("case history"))
class Case(TimeStampedModel):
    Stage = Stage
    Status = Status

    number = models.CharField(
        _("case number"), max_length=20, unique=True, null=True, blank=True
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    demands = models.TextField(_("petitioner's demands"), blank=True)
    category = models.ForeignKey(
        "cases.Category",
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    tags = models.ManyToManyField(
        "cases.Tag", verbose_name=_("tags"), blank=True, related_name="cases"
    )
    is_key = models.BooleanField(_("key and difficult case"), default=False)
    owning_unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("owning unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_cases",
    )
    co_units = models.ManyToManyField(
        "accounts.Unit",
        verbose_name=_("co-handling units"),
        blank=True,
        related_name="co_handled_cases",
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible leader"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_cases",
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.ROOT_CAUSE
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    # Set when a petition behind the case was accepted: the statutory clock then
    # computes due_date (60 days, plus an approved extension). Without it, the
    # clerk sets due_date by hand.
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    # After re-review (复核) the same matter is not accepted again.
    no_further_acceptance = models.BooleanField(
        _("not to be accepted again"), default=False
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reopened_count = models.PositiveIntegerField(_("times reopened"), default=0)
    last_progress_at = models.DateTimeField(
        _("last progress at"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Optimistic locking: every edit carries the version it was made on.
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(
                fields=["owning_unit", "status", "-opened_on"], name="case_unit_status"
            ),
            models.Index(fields=["status", "stage"], name="case_status_stage"),
            models.Index(fields=["leader", "status"], name="case_leader_status"),
            models.Index(fields=["-opened_on", "-id"], name="case_opened"),
            models.Index(fields=["due_date"], name="case_due"),
            models.Index(fields=["category", "status"], name="case_category_status"),
        ]

    def __str__(self):
        return f"{self.number or '—'} {self.title}"

    def get_absolute_url(self):
        return reverse("cases:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in (Status.IN_PROGRESS, Status.CLOSING_SUBMITTED)

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.due_date
            and self.status != Status.CLOSED
            and self.due_date < timezone.localdate()
        )

    def stage_index(self) -> int:
        return list(Stage.values).index(self.stage)


@history.track("CaseEventHistory", _("timeline changes"), inserts=False)
class CaseEvent(models.Model):
    """One line of a case's timeline: who did what, when and why. Never edited."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Case opened")
        ASSIGNED = "assigned", _("Assigned")
        DETAILS_CHANGED = "details_changed", _("Details changed")
        STAGE_CHANGED = "stage_changed", _("Stage changed")
        ROOT_CAUSE_SAVED = "root_cause_saved", _("Root cause recorded")
        PLAN_SAVED = "plan_saved", _("Plan recorded")
        MEASURE_ADDED = "measure_added", _("Measure added")
        MEASURE_DONE = "measure_done", _("Measure done")
        MEASURE_REOPENED = "measure_reopened", _("Measure not done")
        PROGRESS_ADDED = "progress_added", _("Follow-up recorded")
        CLOSING_SUBMITTED = "closing_submitted", _("Closing submitted")
        CLOSING_APPROVED = "closing_approved", _("Closing approved")
        CLOSING_RETURNED = "closing_returned", _("Closing returned")
        LOOKBACK_RECORDED = "lookback_recorded", _("Look-back recorded")
        REOPENED = "reopened", _("Reopened")
        PETITION_ATTACHED = "petition_attached", _("Repeat petition attached")
        ACCEPTED = "accepted", _("Petition accepted")
        DEADLINE_CHANGED = "deadline_changed", _("Deadline recomputed")
        EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
        EXTENSION_DECIDED = "extension_decided", _("Extension decided")
        REVIEW_REQUESTED = "review_requested", _("Review requested")
        REVIEW_REPLIED = "review_replied", _("Review answered")
        HEARING = "hearing", _("Hearing")
        INSTRUCTION_ADDED = "instruction_added", _("Leader instruction")
        INSTRUCTION_ANSWERED = "instruction_answered", _("Instruction answered")
        LEADER_VISIT = "leader_visit", _("Leader visit")
        ATTACHMENT_ADDED = "attachment_added", _("Attachment added")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)
    # What changed, e.g. {"stage": ["root_cause", "prescription"]}: display only.
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "-created_at"], name="event_case")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.created_at:%Y-%m-%d %H:%M}"

    def get_kind_display(self):
        # Django's own hashes every (lazy) label of the choices on each call: a
        # timeline of 200 events spent 5,000 translations there.
        return _KIND_LABELS.get(self.kind, self.kind)


_KIND_LABELS = dict(CaseEvent.Kind.choices)
