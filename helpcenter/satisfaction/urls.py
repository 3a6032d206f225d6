from django.urls import path

from . import views

app_name = "satisfaction"
urlpatterns = [
    path("ticket/<int:pk>/", views.answer_on_ticket, name="answer_on_ticket"),
    path("<str:token>/", views.answer, name="answer"),
]
