"""Reporting periods, daily and zero reports (日报告/零报告), urgent reports."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common import history

USER = settings.AUTH_USER_MODEL


@history.track("ReportingPeriodHistory", _("reporting period history"))
class ReportingPeriod(models.Model):
    """A stretch of days (e.g. around a major national meeting) during which every
    township and department files a report each day by the cutoff."""

    name = models.CharField(_("name"), max_length=100)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    cutoff_time = models.TimeField(_("daily cutoff"), default=datetime.time(17, 0))
    reminder_minutes = models.PositiveIntegerField(
        _("remind this many minutes before the cutoff"), default=60
    )
    created_by = models.ForeignKey(
        USER, verbose_name=_("declared by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="period_ends_after_start",
            )
        ]

    def __str__(self):
        return self.name

    def cutoff_at(self, day: datetime.date) -> datetime.datetime:
        """The cutoff of `day` in the server's time zone (Asia/Shanghai)."""
        return timezone.make_aware(datetime.datetime.combine(day, self.cutoff_time))

    def days(self) -> list[datetime.date]:
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + datetime.timedelta(days=i) for i in range(count)]

    def covers(self, day: datetime.date) -> bool:
        return self.start_date <= day <= self.end_date


@history.track("DailyReportHistory", _("daily report history"))
class DailyReport(models.Model):
    """One unit's report for one day: a daily report, or a zero report."""

    class Kind(models.TextChoices):
        DAILY = "daily", _("Daily report")
        ZERO = "zero", _("Zero report")

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="daily_reports",
    )
    date = models.DateField(_("for the day"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    new_petitions = models.PositiveIntegerField(_("new petitions"), default=0)
    incidents = models.TextField(_("incidents"), blank=True)
    progress = models.TextField(_("progress on cases"), blank=True)
    notes = models.TextField(_("other"), blank=True)
    submitted_by = models.ForeignKey(
        USER, verbose_name=_("filed by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("filed at"), default=timezone.now)
    is_late = models.BooleanField(_("late"), default=False)

    class Meta:
        verbose_name = _("daily report")
        verbose_name_plural = _("daily reports")
        ordering = ["-date", "unit__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "date"], name="one_report_per_unit_day"
            )
        ]
        indexes = [models.Index(fields=["period", "date"], name="report_period_day")]

    def __str__(self):
        return f"{self.unit} {self.date} {self.get_kind_display()}"


@history.track("MissingReportHistory", _("missing report history"))
class MissingReport(models.Model):
    """A unit that had filed nothing at the cutoff: written once by the sweep."""

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.PROTECT,
        related_name="missing",
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="missing_reports",
    )
    date = models.DateField(_("day"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("missing report")
        verbose_name_plural = _("missing reports")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "date"], name="missing_once_per_unit_day"
            )
        ]

    def __str__(self):
        return f"{self.unit} {self.date}"


@history.track("UrgentReportHistory", _("urgent report history"))
class UrgentReport(models.Model):
    """急事急报: notified at once, acknowledged by a clerk, escalated if not."""

    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="urgent_reports",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="urgent_reports",
    )
    title = models.CharField(_("what happened"), max_length=200)
    content = models.TextField(_("details"))
    reported_by = models.ForeignKey(
        USER, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    acknowledged_by = models.ForeignKey(
        USER,
        verbose_name=_("acknowledged by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("urgent report")
        verbose_name_plural = _("urgent reports")
        ordering = ["-reported_at", "-id"]
        indexes = [
            models.Index(fields=["-reported_at", "-id"], name="urgent_reported"),
            models.Index(
                fields=["reported_at"],
                name="urgent_unacknowledged",
                condition=Q(acknowledged_at__isnull=True),
            ),
        ]

    def __str__(self):
        return self.title
