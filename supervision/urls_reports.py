from django.urls import path
from django.utils.translation import gettext_lazy as _

from common.placeholder import area_page

app_name = "reports"

urlpatterns = [
    path(
        "",
        area_page(
            _("Daily reports"),
            _("Daily reports, zero reports and urgent reports of every unit."),
        ),
        name="index",
    ),
]
