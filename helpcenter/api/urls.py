from django.urls import path

from helpcenter.api import views

app_name = "api_tokens"
urlpatterns = [
    path("", views.tokens, name="list"),
    path("<int:token_id>/revoke/", views.revoke, name="revoke"),
]
