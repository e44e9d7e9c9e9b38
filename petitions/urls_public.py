from django.urls import path
from django.utils.translation import gettext_lazy as _

from common.placeholder import area_page

app_name = "public"

urlpatterns = [
    path(
        "",
        area_page(
            _("Check petition progress"),
            _("Enter your query code to see the progress of your petition."),
            public=True,
        ),
        name="query",
    ),
]
