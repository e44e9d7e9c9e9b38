"""Supervision orders (督办单) and accountability / commendation records."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common import history

USER = settings.AUTH_USER_MODEL


@history.track("SupervisionOrderHistory", _("supervision order history"))
class SupervisionOrder(models.Model):
    """A clerk orders a unit to act on a case by a deadline; the unit replies."""

    class Phase(models.TextChoices):
        BEFORE = "before", _("Before (事前督查)")
        DURING = "during", _("During (跟踪督查)")
        AFTER = "after", _("After (事后督查)")

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting reply")
        REPLIED = "replied", _("Replied")
        CLOSED = "closed", _("Completed")

    class Trigger(models.TextChoices):
        MANUAL = "manual", _("Issued by a clerk")
        HALF_TIME = "half_time", _("Half the time gone without progress")
        PETITIONER_BACK = "petitioner_back", _("The petitioner came back")
        NOT_RESUBMITTED = "not_resubmitted", _("Returned closing not resubmitted")

    number = models.CharField(
        _("order number"), max_length=20, unique=True, null=True, blank=True
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="supervision_orders",
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("unit ordered"),
        on_delete=models.PROTECT,
        related_name="supervision_orders",
    )
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    requirements = models.TextField(_("requirements"))
    deadline = models.DateField(_("reply by"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    trigger = models.CharField(
        _("issued because"),
        max_length=20,
        choices=Trigger.choices,
        default=Trigger.MANUAL,
    )
    # What an automatic order answers to ("petition:57", "closing:12"):
    # with the trigger and the case it makes each automatic order unique.
    trigger_ref = models.CharField(_("trigger reference"), max_length=60, blank=True)
    issued_by = models.ForeignKey(
        USER,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    reply = models.TextField(_("reply"), blank=True)
    replied_by = models.ForeignKey(
        USER,
        verbose_name=_("replied by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    # Optimistic locking: a reply or a closing carries the version it was made on.
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("supervision order")
        verbose_name_plural = _("supervision orders")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "trigger", "trigger_ref"],
                condition=~Q(trigger="manual"),
                name="automatic_order_once",
            )
        ]
        indexes = [
            models.Index(fields=["unit", "status"], name="order_unit_status"),
            # The list's order: page 1 reads 25 entries, sorting nothing.
            models.Index(fields=["-issued_at", "-id"], name="order_issued"),
            models.Index(
                fields=["deadline"],
                name="order_open_deadline",
                condition=Q(status="open"),
            ),
        ]

    def __str__(self):
        return self.number or str(self.pk)

    def get_absolute_url(self):
        return reverse("supervision:order_detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.deadline < timezone.localdate()


@history.track(
    "AccountabilityRecordHistory", _("accountability and commendation record history")
)
class AccountabilityRecord(models.Model):
    """问责 / 奖励: a record about a unit or an official, tied to a case."""

    class Kind(models.TextChoices):
        ACCOUNTABILITY = "accountability", _("Accountability (问责)")
        COMMENDATION = "commendation", _("Commendation (奖励)")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="accountability_records",
    )
    person = models.CharField(_("person"), max_length=50, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accountability_records",
    )
    decided_on = models.DateField(_("decided on"))
    description = models.TextField(_("what and why"))
    recorded_by = models.ForeignKey(
        USER, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("accountability or commendation record")
        verbose_name_plural = _("accountability and commendation records")
        ordering = ["-decided_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.unit}"
