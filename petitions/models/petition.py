"""Petitions (信访件), the people behind them, and leaders' reception days."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common import history
from common.crypto import EncryptedTextField
from common.masking import mask_address, mask_id_number, mask_name, mask_phone
from common.models import TimeStampedModel

USER = settings.AUTH_USER_MODEL
# No 0/O, 1/I/L: a code read over the phone or copied from paper stays unambiguous.
QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(10))


@history.track("PetitionerHistory", _("petitioner history"))
class Petitioner(TimeStampedModel):
    """A person who petitions. The ID number and phone are encrypted at rest;
    their keyed hashes allow exact lookup, the masked forms are for lists."""

    name = models.CharField(_("name"), max_length=50)
    id_number = EncryptedTextField(_("ID number"), blank=True)
    id_number_hash = models.CharField(
        _("ID number hash"), max_length=64, blank=True, db_index=True, editable=False
    )
    id_number_masked = models.CharField(
        _("ID number (masked)"), max_length=20, blank=True, editable=False
    )
    phone = EncryptedTextField(_("phone"), blank=True)
    phone_hash = models.CharField(
        _("phone hash"), max_length=64, blank=True, db_index=True, editable=False
    )
    phone_masked = models.CharField(
        _("phone (masked)"), max_length=20, blank=True, editable=False
    )
    address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("petitioner")
        verbose_name_plural = _("petitioners")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=~Q(id_number_hash=""),
                name="petitioner_unique_id_number",
            )
        ]

    def __str__(self):
        return self.masked_name

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_address(self) -> str:
        return mask_address(self.address)

    @staticmethod
    def masks(*, id_number: str, phone: str) -> dict:
        return {
            "id_number_masked": mask_id_number(id_number),
            "phone_masked": mask_phone(phone),
        }


@history.track("ReceptionDayHistory", _("reception day history"))
class ReceptionDay(TimeStampedModel):
    """信访接待日: a leader receives petitioners in person; published publicly."""

    leader = models.ForeignKey(
        USER,
        verbose_name=_("leader"),
        on_delete=models.PROTECT,
        related_name="reception_days",
        limit_choices_to={"role": "leader"},
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    place = models.CharField(_("place"), max_length=100)
    topics = models.CharField(_("matters received"), max_length=200, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    created_by = models.ForeignKey(
        USER, verbose_name=_("scheduled by"), on_delete=models.PROTECT, related_name="+"
    )
    # Optimistic locking: an edit carries the version it was made on.
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("reception day")
        verbose_name_plural = _("reception days")
        ordering = ["date", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="reception_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["leader", "date"], name="one_reception_per_leader_day"
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.leader}"


@history.track("PetitionHistory", _("petition history"))
class Petition(TimeStampedModel):
    """信访件: one letter, visit, call, online submission or reception-day visit."""

    class Channel(models.TextChoices):
        LETTER = "letter", _("Letter")
        VISIT = "visit", _("Visit")
        PHONE = "phone", _("Phone call")
        ONLINE = "online", _("Online")
        RECEPTION = "reception", _("Leader reception day")

    class Decision(models.TextChoices):
        PENDING = "pending", _("Awaiting decision")
        ACCEPTED = "accepted", _("Accepted")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")
        TRANSFERRED = "transferred", _("Transferred")
        ASSIGNED = "assigned", _("Assigned")

    number = models.CharField(
        _("petition number"), max_length=20, unique=True, null=True, blank=True
    )
    query_code = models.CharField(
        _("query code"), max_length=12, unique=True, default=new_query_code
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    petitioners = models.ManyToManyField(
        Petitioner,
        verbose_name=_("petitioners"),
        through="PetitionPetitioner",
        related_name="petitions",
    )
    head_count = models.PositiveIntegerField(_("number of people"), default=1)
    content = models.TextField(_("content"))
    demands = models.TextField(_("demands"), blank=True)
    is_skip_level = models.BooleanField(_("skip-level petition"), default=False)
    reception_day = models.ForeignKey(
        ReceptionDay,
        verbose_name=_("reception day"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="petitions",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="petitions",
    )
    # The title of the case to open from this petition when it is accepted.
    proposed_title = models.CharField(_("matter"), max_length=200, blank=True)
    is_repeat = models.BooleanField(_("repeat petition"), default=False)
    registered_by = models.ForeignKey(
        USER,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # 15 days to register, decide and hand over, and tell the petitioner.
    handover_due = models.DateField(_("decision due"))
    decision = models.CharField(
        _("handling decision"),
        max_length=20,
        choices=Decision.choices,
        default=Decision.PENDING,
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    target_unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("handed to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        USER,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["-received_at", "-id"], name="petition_received"),
            models.Index(fields=["case", "-received_at"], name="petition_case"),
            models.Index(
                fields=["handover_due"],
                name="petition_pending_due",
                condition=Q(decision="pending"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(head_count__gte=1), name="petition_head_count_positive"
            )
        ]

    def __str__(self):
        return self.number or str(self.pk)

    def get_absolute_url(self):
        return reverse("petitions:detail", args=[self.pk])

    @property
    def is_collective(self) -> bool:
        # 集体访: five or more people (信访工作条例 第十八条 limits representatives
        # to five; a visit of five or more is handled as collective).
        return self.head_count >= 5

    @property
    def is_decided(self) -> bool:
        return self.decision != self.Decision.PENDING


@history.track("PetitionPetitionerHistory", _("history of petitioners of petitions"))
class PetitionPetitioner(models.Model):
    petition = models.ForeignKey(
        Petition, verbose_name=_("petition"), on_delete=models.PROTECT, related_name="+"
    )
    petitioner = models.ForeignKey(
        Petitioner,
        verbose_name=_("petitioner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_representative = models.BooleanField(_("representative"), default=False)

    class Meta:
        verbose_name = _("petitioner of a petition")
        verbose_name_plural = _("petitioners of petitions")
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "petitioner"], name="petitioner_once_per_petition"
            )
        ]

    def __str__(self):
        return f"{self.petition} · {self.petitioner}"
