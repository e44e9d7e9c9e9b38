"""Lists an administrator edits: categories, tags, channels, look-back offsets,
and the leaders' areas (包片) and sectors (包线)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class _Choice(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Category(_Choice):
    class Meta(_Choice.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")


class Tag(_Choice):
    class Meta(_Choice.Meta):
        verbose_name = _("tag")
        verbose_name_plural = _("tags")


class ResolutionChannel(_Choice):
    """How a case is being resolved (化解方式, the source text's "eight batches")."""

    class Meta(_Choice.Meta):
        verbose_name = _("resolution channel")
        verbose_name_plural = _("resolution channels")


class LookBackOffset(models.Model):
    """Days after closing at which a look-back (回头看) is due."""

    days = models.PositiveIntegerField(_("days after closing"), unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("look-back offset")
        verbose_name_plural = _("look-back offsets")
        ordering = ["days"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(days__gte=1), name="lookback_offset_positive"
            )
        ]

    def __str__(self):
        return _("%(days)d days") % {"days": self.days}


class LeaderArea(models.Model):
    """A township a leader answers for (包片)."""

    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        on_delete=models.CASCADE,
        related_name="leader_areas",
        limit_choices_to={"role": "leader"},
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("township"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("leader's area (包片)")
        verbose_name_plural = _("leaders' areas (包片)")
        constraints = [
            models.UniqueConstraint(
                fields=["leader", "unit"], name="leader_area_unique"
            )
        ]

    def __str__(self):
        return f"{self.leader} · {self.unit}"


class LeaderSector(models.Model):
    """A category a leader answers for (包线)."""

    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        on_delete=models.CASCADE,
        related_name="leader_sectors",
        limit_choices_to={"role": "leader"},
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("leader's sector (包线)")
        verbose_name_plural = _("leaders' sectors (包线)")
        constraints = [
            models.UniqueConstraint(
                fields=["leader", "category"], name="leader_sector_unique"
            )
        ]

    def __str__(self):
        return f"{self.leader} · {self.category}"
