from django.urls import path

from helpcenter.incidents import views

app_name = "incidents"
urlpatterns = [
    path("", views.incident_list, name="list"),
    path("<int:incident_id>/", views.incident_detail, name="detail"),
    path("<int:incident_id>/update/", views.incident_update, name="update"),
    path("<int:incident_id>/record.pdf", views.incident_record_pdf, name="record"),
    path("<int:incident_id>/link/", views.incident_link, name="link"),
    path("<int:incident_id>/tickets/<int:ticket_id>/unlink/", views.incident_unlink, name="unlink"),
    path(
        "<int:incident_id>/tickets/<int:ticket_id>/separate/",
        views.incident_separate,
        name="separate",
    ),
]
