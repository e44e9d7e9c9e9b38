"""The case list's filters and sorting: known fields only (django-filter)."""

import django_filters
from django import forms
from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import selectors
from cases.models import Case
from common.forms import NameChoiceFilter

YES_NO = [("true", _("Yes")), ("false", _("No"))]


# A text search with more matches than this is listed newest first, not ranked.
RANK_LIMIT = 1000


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("search"), method="filter_search")
    stage = django_filters.ChoiceFilter(label=_("stage"), choices=Case.Stage.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=Case.Status.choices)
    owning_unit = NameChoiceFilter(
        label=_("owning unit"),
        queryset=selectors.assignable_units(),
        empty_label=_("All"),
    )
    leader = django_filters.ModelChoiceFilter(
        label=_("responsible leader"),
        queryset=selectors.leaders(),
        empty_label=_("All"),
    )
    category = django_filters.ModelChoiceFilter(
        label=_("category"),
        queryset=selectors.active_categories(),
        empty_label=_("All"),
    )
    tag = django_filters.ModelChoiceFilter(
        label=_("tag"),
        field_name="tags",
        queryset=selectors.active_tags(),
        empty_label=_("All"),
    )
    is_key = django_filters.ChoiceFilter(
        label=_("key case"), choices=YES_NO, method="filter_is_key"
    )
    overdue = django_filters.ChoiceFilter(
        label=_("overdue"), choices=YES_NO, method="filter_overdue"
    )
    level = django_filters.ChoiceFilter(
        label=_("deadline"),
        choices=[
            ("due_soon", _("Due soon")),
            ("overdue", _("Overdue")),
            ("long_overdue", _("Long overdue")),
        ],
        method="filter_level",
    )
    opened_from = django_filters.DateFilter(
        label=_("opened from"), field_name="opened_on", lookup_expr="gte"
    )
    opened_to = django_filters.DateFilter(
        label=_("opened until"), field_name="opened_on", lookup_expr="lte"
    )
    closed_from = django_filters.DateFilter(
        label=_("closed from"), field_name="closed_at", lookup_expr="date__gte"
    )
    closed_to = django_filters.DateFilter(
        label=_("closed until"), field_name="closed_at", lookup_expr="date__lte"
    )
    reopened = django_filters.ChoiceFilter(
        label=_("reopened"), choices=YES_NO, method="filter_reopened"
    )
    open = django_filters.ChoiceFilter(
        label=_("open"), choices=YES_NO, method="filter_open"
    )
    mine = django_filters.BooleanFilter(
        label=_("my cases"), method="filter_mine", widget=forms.CheckboxInput
    )
    ordering = django_filters.OrderingFilter(
        label=_("sort by"),
        empty_label=_("Newest first"),
        fields=(
            ("opened_on", "opened"),
            ("due_date", "due"),
            ("updated_at", "updated"),
            ("number", "number"),
        ),
        field_labels={
            "opened": _("opened on"),
            "due": _("due date"),
            "updated": _("last change"),
            "number": _("case number"),
        },
    )

    # Set by a text search with more than RANK_LIMIT matches: the list then pages
    # through the first RANK_LIMIT only (counting 60,000 loose matches costs more
    # than the whole page).
    broad_search = False

    # Filters the dashboard links use; the list shows them only when set.
    advanced = ("opened_from", "opened_to", "closed_from", "closed_to", "reopened")

    class Meta:
        model = Case
        fields = []

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select form-select-sm"
            else:
                widget.attrs["class"] = "form-control form-control-sm"
        self.form.fields["q"].widget.attrs["placeholder"] = _(
            "Number, title, summary or demands"
        )

    def filter_search(self, queryset, name, value):
        value = value.strip()[:100]
        if not value:
            return queryset
        # A case number is matched from its start (an index serves that); the
        # texts anywhere (the trigram indexes serve that).
        match = (
            Q(number__startswith=value.upper())
            | Q(title__ilike=value)
            | Q(summary__ilike=value)
            | Q(demands__ilike=value)
        )
        queryset = queryset.filter(match)
        self.broad_search = queryset.order_by()[RANK_LIMIT : RANK_LIMIT + 1].exists()
        if (
            connection.vendor == "postgresql"
            and not self.data.get("ordering")
            and not self.broad_search
        ):
            # pg_trgm scores Chinese low, so rank by similarity, never threshold.
            # Only a search with at most RANK_LIMIT matches is ranked: scoring
            # and sorting sixty thousand loose matches costs a second and tells
            # nothing; those are listed newest first, like the unfiltered list.
            queryset = queryset.annotate(
                rank=TrigramSimilarity("title", value)
            ).order_by("-rank", "-opened_on", "-id")
        return queryset

    def filter_is_key(self, queryset, name, value):
        return queryset.filter(is_key=value == "true")

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        overdue = Q(due_date__lt=today) & ~Q(status=Case.Status.CLOSED)
        return (
            queryset.filter(overdue) if value == "true" else queryset.exclude(overdue)
        )

    def filter_level(self, queryset, name, value):
        """Exactly the cases whose due date has this level today (statutory clock)."""
        from common.deadlines import Clock, level_bounds

        first, last = level_bounds(Clock.load(), timezone.localdate())[value]
        queryset = queryset.exclude(status=Case.Status.CLOSED).filter(
            due_date__isnull=False, due_date__lte=last
        )
        return queryset.filter(due_date__gte=first) if first else queryset

    def filter_reopened(self, queryset, name, value):
        if value == "true":
            return queryset.filter(reopened_count__gt=0)
        return queryset.filter(reopened_count=0)

    def filter_open(self, queryset, name, value):
        closed = Q(status=Case.Status.CLOSED)
        return queryset.exclude(closed) if value == "true" else queryset.filter(closed)

    def filter_mine(self, queryset, name, value):
        if not value or self.user is None:
            return queryset
        return queryset.filter(selectors.my_cases_q(self.user))
