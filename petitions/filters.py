import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput
from petitions.models import Petition

YES_NO = [("true", _("Yes")), ("false", _("No"))]


class PetitionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("search"), method="filter_search")
    channel = django_filters.ChoiceFilter(
        label=_("channel"), choices=Petition.Channel.choices
    )
    decision = django_filters.ChoiceFilter(
        label=_("handling decision"), choices=Petition.Decision.choices
    )
    is_repeat = django_filters.ChoiceFilter(
        label=_("repeat petition"), choices=YES_NO, method="filter_repeat"
    )
    overdue = django_filters.ChoiceFilter(
        label=_("decision overdue"), choices=YES_NO, method="filter_overdue"
    )
    received_from = django_filters.DateFilter(
        label=_("received from"),
        field_name="received_at",
        lookup_expr="date__gte",
        widget=DateInput,
    )
    received_to = django_filters.DateFilter(
        label=_("received until"),
        field_name="received_at",
        lookup_expr="date__lte",
        widget=DateInput,
    )
    ordering = django_filters.OrderingFilter(
        label=_("sort by"),
        empty_label=_("Newest first"),
        fields=(("received_at", "received"), ("handover_due", "due")),
        field_labels={"received": _("received at"), "due": _("decision due")},
    )

    class Meta:
        model = Petition
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select form-select-sm"
            else:
                field.widget.attrs["class"] = "form-control form-control-sm"
        self.form.fields["q"].widget.attrs["placeholder"] = _(
            "Number, query code or content"
        )

    def filter_search(self, queryset, name, value):
        value = value.strip()[:100]
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value)
            | Q(query_code__iexact=value)
            | Q(content__ilike=value)
            | Q(proposed_title__ilike=value)
        )

    def filter_repeat(self, queryset, name, value):
        return queryset.filter(is_repeat=value == "true")

    def filter_overdue(self, queryset, name, value):
        overdue = Q(decision=Petition.Decision.PENDING) & Q(
            handover_due__lt=timezone.localdate()
        )
        return (
            queryset.filter(overdue) if value == "true" else queryset.exclude(overdue)
        )
