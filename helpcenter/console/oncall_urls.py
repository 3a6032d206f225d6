from django.urls import path

from . import oncall_views as views

app_name = "oncall"
urlpatterns = [
    path("", views.who_is_on_call, name="index"),
    path("pages/<int:page_id>/ack/", views.acknowledge_from_console, name="ack_console"),
    path("ack/<str:token>/", views.acknowledge_from_email, name="ack_email"),
]
