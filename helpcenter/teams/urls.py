from django.urls import path

from helpcenter.teams import views

app_name = "teams"
urlpatterns = [
    path("", views.team_list, name="list"),
    path("<int:team_id>/", views.team_edit, name="edit"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/<int:rule_id>/", views.rule_edit, name="rule_edit"),
    path("rules/<int:rule_id>/delete/", views.rule_delete, name="rule_delete"),
    path("tags/", views.tag_list, name="tags"),
    path("tags/<int:tag_id>/", views.tag_edit, name="tag_edit"),
]
