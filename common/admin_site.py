from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common import access


class GatedAdminSite(admin.AdminSite):
    site_header = _("System administration")
    site_title = _("System administration")
    index_title = _("Units, users and settings")

    def has_permission(self, request):
        return access.can(request.user, "admin.site") and request.user.is_staff
