from django.urls import path
from django.utils.translation import gettext_lazy as _

from common.placeholder import area_page

app_name = "dashboard"

urlpatterns = [
    path(
        "",
        area_page(
            _("Dashboard"),
            _("The county's cases, deadlines and unit ranking at a glance."),
        ),
        name="index",
    ),
]
