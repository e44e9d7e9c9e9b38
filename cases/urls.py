from django.urls import path
from django.utils.translation import gettext_lazy as _

from common.placeholder import area_page

app_name = "cases"

urlpatterns = [
    path(
        "",
        area_page(_("Cases"), _("Key and difficult cases and their progress.")),
        name="index",
    ),
]
