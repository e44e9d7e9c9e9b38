from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    default = True
    name = "common"
    verbose_name = _("Common")

    def ready(self):
        from common import lookups

        lookups.register()


class GatedAdminConfig(admin_apps.AdminConfig):
    """The Django admin, opened only to those the access gate lets in."""

    default = False
    default_site = "common.admin_site.GatedAdminSite"
