from django.contrib import admin

from cases.models import (
    Category,
    LeaderArea,
    LeaderSector,
    LookBackOffset,
    ResolutionChannel,
    Tag,
)


class ChoiceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["name", "code"]


admin.site.register(Category, ChoiceAdmin)
admin.site.register(Tag, ChoiceAdmin)
admin.site.register(ResolutionChannel, ChoiceAdmin)


@admin.register(LookBackOffset)
class LookBackOffsetAdmin(admin.ModelAdmin):
    list_display = ["days", "is_active"]
    list_editable = ["is_active"]


@admin.register(LeaderArea)
class LeaderAreaAdmin(admin.ModelAdmin):
    list_display = ["leader", "unit"]
    list_select_related = ["leader", "unit"]
    autocomplete_fields = ["leader", "unit"]


@admin.register(LeaderSector)
class LeaderSectorAdmin(admin.ModelAdmin):
    list_display = ["leader", "category"]
    list_select_related = ["leader", "category"]
    autocomplete_fields = ["leader"]
