from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("sla/", views.sla_report, name="sla"),
    path("sla/<slug:name>.svg", views.sla_chart, name="sla_chart"),
]
