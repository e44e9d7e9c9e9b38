from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import Unit, User

# Authenticators are managed from the users' list (a column and a reset action),
# not as raw devices whose secrets an administrator has no business seeing.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "sort_order", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    ordering = ["kind", "sort_order", "name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "name",
        "role",
        "unit",
        "is_active",
        "two_factor",
        "last_login",
    ]
    actions = ["reset_two_factor"]
    list_filter = ["role", "is_active", "unit__kind"]
    search_fields = ["username", "name", "unit__name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    ordering = ["username"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("name", "title", "email", "phone")}),
        (_("Role and unit"), {"fields": ("role", "unit")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "name",
                    "role",
                    "unit",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                has_two_factor=Exists(
                    TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
                )
            )
        )

    @admin.display(description=_("Two-step verification"), boolean=True)
    def two_factor(self, obj):
        return obj.has_two_factor

    @admin.action(description=_("Reset two-step verification (lost phone)"))
    def reset_two_factor(self, request, queryset):
        count = sum(1 for user in queryset if two_factor.reset(user=user))
        self.message_user(
            request,
            ngettext(
                "Two-step verification was reset for %(count)d user. They log in "
                "with their password; an administrator sets up a new authenticator "
                "right after.",
                "Two-step verification was reset for %(count)d users. They log in "
                "with their password; administrators set up a new authenticator "
                "right after.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
