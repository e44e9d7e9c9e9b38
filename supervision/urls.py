from django.urls import path
from django.utils.translation import gettext_lazy as _

from common.placeholder import area_page

app_name = "supervision"

urlpatterns = [
    path(
        "",
        area_page(
            _("Supervision"),
            _("Supervision orders, accountability and commendation records."),
        ),
        name="index",
    ),
]
