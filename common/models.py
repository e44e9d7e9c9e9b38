from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Creation and last-change times for every table that needs them."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AccessLog(models.Model):
    """Every view of full personal data and every export: who, when, what."""

    class Action(models.TextChoices):
        VIEW_PERSONAL_DATA = "view_personal", _("Viewed full personal data")
        EXPORT = "export", _("Exported")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # What was looked at, by label and id ("petitions.Petitioner", 12).
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="accesslog_obj")
        ]

    def __str__(self):
        what = f"{self.object_type}#{self.object_id}"
        return f"{self.user} {self.get_action_display()} {what}"


class CalendarDay(models.Model):
    """A public holiday (rest day) or a make-up working day (调休上班)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Public holiday (rest day)")
        WORKDAY = "workday", _("Make-up working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("working-day calendar")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} {self.name}"


class TimeLimit(models.Model):
    """One statutory time limit (信访工作条例): how many days, counted how."""

    class Unit(models.TextChoices):
        CALENDAR = "calendar", _("calendar days")
        WORKING = "working", _("working days")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    days = models.PositiveIntegerField(_("days"))
    unit = models.CharField(
        _("counted in"), max_length=10, choices=Unit.choices, default=Unit.CALENDAR
    )
    basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("time limit")
        verbose_name_plural = _("time limits")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(days__gte=1), name="time_limit_positive"
            )
        ]

    def __str__(self):
        return f"{self.name}: {self.days} {self.get_unit_display()}"


class TaskProbe(models.Model):
    """Written by the `common.tasks.probe` task: proof that workers run tasks,
    and that a task run twice (redelivered after a crash) has its effect once."""

    key = models.CharField(_("key"), max_length=100, unique=True)
    runs = models.PositiveIntegerField(_("runs"), default=0)
    first_run_at = models.DateTimeField(_("first run at"), auto_now_add=True)

    class Meta:
        verbose_name = _("task probe")
        verbose_name_plural = _("task probes")

    def __str__(self):
        return self.key
