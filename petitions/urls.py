from django.urls import path
from django.utils.translation import gettext_lazy as _

from common.placeholder import area_page

app_name = "petitions"

urlpatterns = [
    path(
        "",
        area_page(
            _("Petitions"),
            _("Register letters, visits, calls and online petitions here."),
        ),
        name="index",
    ),
]
