from django.urls import path

from . import audit_views, views

app_name = "console"
urlpatterns = [
    path("", views.queue, name="queue_default"),
    path("queue/<slug:view>/", views.queue, name="queue"),
    path("bulk/", views.bulk, name="bulk"),
    path("phone/", views.phone_intake, name="phone_intake"),
    path("phone/parts/", views.phone_intake_parts, name="phone_intake_parts"),
    path("audit/", audit_views.audit_trail, name="audit_trail"),
]
