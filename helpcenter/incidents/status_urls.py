from django.urls import path

from helpcenter.incidents import status_views

app_name = "status"
urlpatterns = [
    path("", status_views.status_page, name="page"),
    path("subscription/", status_views.subscription, name="subscription"),
    path("public/", status_views.public_page, name="public"),
    path("public/feed.atom", status_views.IncidentFeed(), name="feed"),
]
