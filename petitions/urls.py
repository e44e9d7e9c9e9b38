from django.urls import path

from petitions import views

app_name = "petitions"

urlpatterns = [
    path("", views.petition_list, name="index"),
    path("new/", views.petition_register, name="register"),
    path("<int:pk>/", views.petition_detail, name="detail"),
    path("<int:pk>/decide/", views.petition_decide, name="decide"),
    path("<int:pk>/receipt/", views.petition_receipt, name="receipt"),
    path("<int:pk>/notice/", views.petition_notice, name="notice"),
    path(
        "<int:pk>/petitioners/<int:person>/reveal/",
        views.petitioner_reveal,
        name="reveal",
    ),
    path("reception-days/", views.reception_day_list, name="reception_days"),
    path("reception-days/new/", views.reception_day_edit, name="reception_day_new"),
    path(
        "reception-days/<int:pk>/", views.reception_day_edit, name="reception_day_edit"
    ),
]
