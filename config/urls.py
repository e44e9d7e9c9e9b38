from django.contrib import admin
from django.urls import include, path

from common import views as common_views
from supervision import views as supervision_views

urlpatterns = [
    path("", supervision_views.home, name="home"),
    path("healthz", common_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("cases/", include("cases.urls")),
    path("petitions/", include("petitions.urls")),
    path("query/", include("petitions.urls_public")),
    path("reports/", include("supervision.urls_reports")),
    path("supervision/", include("supervision.urls")),
    path("dashboard/", include("supervision.urls_dashboard")),
    path("admin/", admin.site.urls),
]
