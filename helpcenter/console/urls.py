from django.urls import path

from . import views

app_name = "console"
urlpatterns = [
    path("", views.queue, name="queue_default"),
    path("queue/<slug:view>/", views.queue, name="queue"),
    path("bulk/", views.bulk, name="bulk"),
    path("phone/", views.phone_intake, name="phone_intake"),
]
