from django.urls import path

from supervision.views import dashboard

app_name = "dashboard"

urlpatterns = [path("", dashboard.index, name="index")]
