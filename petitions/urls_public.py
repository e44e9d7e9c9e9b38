from django.urls import path

from petitions import views

app_name = "public"

urlpatterns = [
    path("", views.public_query, name="query"),
    path("reception-days/", views.public_reception_days, name="reception_days"),
]
