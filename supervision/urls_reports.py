from django.urls import path

from supervision.views import reports as views
from supervision.views.scorecards import scorecards

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("zero/", views.zero_report, name="zero"),
    path("daily/", views.daily_report, name="daily"),
    path("daily/<int:pk>/", views.daily_report_detail, name="daily_detail"),
    path("urgent/", views.urgent_report, name="urgent"),
    path("urgent/list/", views.urgent_list, name="urgent_list"),
    path(
        "urgent/<int:pk>/acknowledge/",
        views.urgent_acknowledge,
        name="urgent_acknowledge",
    ),
    path("periods/new/", views.period_new, name="period_new"),
    path("scorecards/", scorecards, name="scorecards"),
]
