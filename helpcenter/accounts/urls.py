from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("preferences/", views.preferences, name="preferences"),
    path("language/", views.set_language, name="set_language"),
    path("organizations/", views.organization_list, name="organizations"),
    path("organizations/<int:org_id>/people/", views.people, name="people"),
    path(
        "organizations/<int:org_id>/invitations/<int:invitation_id>/revoke/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path(
        "organizations/<int:org_id>/people/<int:user_id>/deactivate/",
        views.deactivate_member,
        name="deactivate_member",
    ),
]
