from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("preferences/", views.preferences, name="preferences"),
    path("language/", views.set_language, name="set_language"),
    # Before allauth's own pages at the same paths (config/urls.py includes this
    # first): the login address changes only through a link to the new address,
    # and there are no secondary addresses to confirm.
    path("email/", views.login_address, name="login_address"),
    path("email/confirm/<str:token>/", views.confirm_login_address, name="confirm_login_address"),
    path("confirm-email/", views.not_offered),
    path("confirm-email/<str:key>/", views.not_offered),
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
