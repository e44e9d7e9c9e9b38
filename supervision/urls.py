from django.urls import path

from supervision.views import order_pdf, orders

app_name = "supervision"

urlpatterns = [
    path("", orders.order_list, name="index"),
    path("orders/new/", orders.order_issue, name="order_issue"),
    path("orders/<int:pk>/", orders.order_detail, name="order_detail"),
    path("orders/<int:pk>/reply/", orders.order_reply, name="order_reply"),
    path("orders/<int:pk>/close/", orders.order_close, name="order_close"),
    path("orders/<int:pk>/print/", orders.order_print, name="order_print"),
    path("orders/<int:pk>/print.pdf", order_pdf.order_pdf, name="order_pdf"),
    path("records/", orders.record_list, name="record_list"),
    path("records/new/", orders.record_create, name="record_create"),
]
