from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from common import deadlines
from common.models import AccessLog, CalendarDay, TimeLimit


class RecomputesDeadlines(admin.ModelAdmin):
    """A change to the calendar or the table moves every running deadline."""

    def _recompute(self, request):
        moved = deadlines.recompute_all(actor=request.user)
        messages.info(
            request,
            _("Running deadlines recomputed: %(count)d changed.") % {"count": moved},
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._recompute(request)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._recompute(request)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        self._recompute(request)


@admin.register(CalendarDay)
class CalendarDayAdmin(RecomputesDeadlines):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(TimeLimit)
class TimeLimitAdmin(RecomputesDeadlines):
    list_display = ["name", "code", "days", "unit", "basis"]
    readonly_fields = ["code"]

    def has_add_permission(self, request):
        return False  # the codes are what the code looks up

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "action", "object_type", "object_id", "detail"]
    list_filter = ["action", "object_type"]
    list_select_related = ["user"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
