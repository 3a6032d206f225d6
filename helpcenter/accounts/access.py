"""Who may see and manage which organizations and people."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from helpcenter.accounts.models import Invitation, Organization, User
from helpcenter.accounts.roles import CLIENT_ROLES, STAFF_ROLES, Role


def organizations_managed_by(user: User) -> QuerySet[Organization]:
    """Organizations whose people `user` may invite and deactivate."""
    if not user.is_authenticated or not user.is_active:
        return Organization.objects.none()
    if user.role == Role.ADMIN:
        return Organization.objects.all()
    if user.role == Role.MANAGER:
        return Organization.objects.filter(relationship_manager=user)
    if user.role == Role.CLIENT_ADMIN and user.organization_id is not None:
        return Organization.objects.filter(id=user.organization_id)
    return Organization.objects.none()


def organizations_visible_to(user: User) -> QuerySet[Organization]:
    """Organizations whose tickets `user` works on: every one for agents and admins,
    their own for relationship managers, none for clients (they see tickets, not
    the list of organizations)."""
    if not user.is_authenticated or not user.is_active:
        return Organization.objects.none()
    if user.role == Role.MANAGER:
        return Organization.objects.filter(relationship_manager=user)
    if user.role in STAFF_ROLES:
        return Organization.objects.all()
    return Organization.objects.none()


def organizations_reported_to(user: User) -> QuerySet[Organization]:
    """Organizations whose SLA reports `user` may read: all for agents and admins,
    their own for relationship managers, their own organization for a client's
    organization admin; none for other clients."""
    if not user.is_authenticated or not user.is_active:
        return Organization.objects.none()
    if user.role in STAFF_ROLES:
        return organizations_visible_to(user)
    if user.role == Role.CLIENT_ADMIN and user.organization_id is not None:
        return Organization.objects.filter(id=user.organization_id)
    return Organization.objects.none()


def staff_users() -> QuerySet[User]:
    """Active support staff: whom a ticket can be assigned to."""
    return User.objects.filter(role__in=STAFF_ROLES, is_active=True)


def client_users_of(organizations: QuerySet[Organization]) -> QuerySet[User]:
    """Active client users of these organizations (who may be a ticket's requester)."""
    return User.objects.filter(
        role__in=CLIENT_ROLES, is_active=True, organization__in=organizations
    ).select_related("organization")


def access_managed_organization(user: User, org_id: int) -> Organization:
    return get_object_or_404(organizations_managed_by(user), pk=org_id)


def access_member(organization: Organization, user_id: int) -> User:
    return get_object_or_404(User.objects.filter(organization=organization), pk=user_id)


def access_invitation(organization: Organization, invitation_id: int) -> Invitation:
    return get_object_or_404(organization.invitations.all(), pk=invitation_id)


def invitable_roles(user: User) -> list[tuple[str, Any]]:
    """Client roles only: staff accounts are created by an admin in the admin site."""
    if user.role in (Role.ADMIN, Role.MANAGER, Role.CLIENT_ADMIN):
        return [
            (Role.CLIENT.value, Role.CLIENT.label),
            (Role.CLIENT_ADMIN.value, Role.CLIENT_ADMIN.label),
        ]
    return []


def has_totp(user: User) -> bool:
    """Whether `user` turned on two-factor login (an authenticator app)."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def lacks_required_second_factor(user: User) -> bool:
    """With REQUIRE_STAFF_2FA, an agent or admin without TOTP may do nothing but set it up
    (pages: accounts/middleware.py; API tokens: api/auth.py)."""
    return bool(settings.REQUIRE_STAFF_2FA) and user.is_support_staff and not has_totp(user)
