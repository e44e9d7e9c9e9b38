from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import TimeStampedModel
from common.roles import Role


class AccountManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class Unit(TimeStampedModel):
    """A township/community, a department, the petition bureau or the leadership."""

    class Kind(models.TextChoices):
        TOWNSHIP = "township", _("Township / community")
        DEPARTMENT = "department", _("Department")
        BUREAU = "bureau", _("Petition bureau")
        LEADERSHIP = "leadership", _("County leadership")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    # The unit's head: escalations go here (the bureau head for urgent reports).
    head = models.ForeignKey(
        "accounts.User",
        verbose_name=_("head of the unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["sort_order", "name"]
        indexes = [models.Index(fields=["kind", "sort_order"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="unit_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name


# Units that handle cases and file daily reports (not the bureau or leadership).
CASE_UNIT_KINDS = (Unit.Kind.TOWNSHIP, Unit.Kind.DEPARTMENT)


class User(AbstractUser):
    """A person who logs in: a clerk, liaison, leader or administrator.

    Every user except an administrator belongs to one unit; the database holds
    that rule so that no path (admin, shell, import) can break it.
    """

    name = models.CharField(_("full name"), max_length=50, blank=True)
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.LIAISON
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    title = models.CharField(_("job title"), max_length=50, blank=True)
    phone = models.CharField(_("office phone"), max_length=30, blank=True)

    objects = AccountManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.ADMIN) | Q(unit__isnull=False),
                name="user_has_unit_unless_admin",
                violation_error_message=_(
                    "Every user except an administrator must belong to a unit."
                ),
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or self.username

    @property
    def is_clerk(self) -> bool:
        return self.role == Role.CLERK

    @property
    def is_liaison(self) -> bool:
        return self.role == Role.LIAISON

    @property
    def is_leader(self) -> bool:
        return self.role == Role.LEADER

    @property
    def is_admin_role(self) -> bool:
        return self.role == Role.ADMIN


class Notification(models.Model):
    """A message to one user, shown in the app and sent by email when possible.

    `key` names the event ("lookback-due:42:2026-12-01"); the same key never
    notifies the same person twice — the database refuses the duplicate.
    """

    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    key = models.CharField(_("key"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notify_once")
        ]
        indexes = [
            models.Index(
                fields=["user", "-created_at"],
                name="notification_unread",
                condition=Q(read_at__isnull=True),
            ),
            models.Index(
                fields=["created_at"],
                name="notification_to_email",
                condition=Q(emailed_at__isnull=True),
            ),
        ]

    def __str__(self):
        return self.title
