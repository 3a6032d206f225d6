"""State changes of people and access: invitations, first access, deactivation."""

from __future__ import annotations

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from helpcenter.accounts import login_address
from helpcenter.accounts import notify as emails
from helpcenter.accounts.access import invitable_roles, organizations_managed_by
from helpcenter.accounts.models import Invitation, Organization, User
from helpcenter.audit.events import EventType
from helpcenter.audit.record import record_event
from helpcenter.core.tokens import hash_token


def invite_user(
    *, email: str, full_name: str, organization: Organization, role: str, actor: User
) -> Invitation:
    if not organizations_managed_by(actor).filter(pk=organization.pk).exists():
        raise PermissionDenied("not allowed to invite to this organization")
    if role not in dict(invitable_roles(actor)):
        raise PermissionDenied("not allowed to grant this role")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        # A newer invitation replaces a pending one for the same address from the
        # same organization; other organizations' invitations are theirs to manage.
        Invitation.objects.filter(
            organization=organization,
            email__iexact=email,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
        ).update(revoked_at=timezone.now())
        invitation = Invitation.objects.create(
            email=email.lower(),
            full_name=full_name,
            organization=organization,
            role=role,
            token_hash=hash_token(token),
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        record_event(
            EventType.INVITATION_SENT,
            actor=actor,
            organization=organization,
            public=False,
            data={"invitation": invitation.pk, "email": invitation.email, "role": role},
        )
        emails.invitation(invitation, token=token)
    return invitation


def account_exists(email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


def find_invitation(token: str) -> Invitation | None:
    """The usable invitation for `token`, or None (unknown, used, revoked or expired)."""
    invitation = Invitation.objects.filter(token_hash=hash_token(token)).first()
    return invitation if invitation is not None and invitation.is_usable else None


def accept_invitation(token: str, *, full_name: str, password: str) -> User:
    """First access: create the account from a usable invitation, exactly once."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().filter(token_hash=hash_token(token)).first()
        )
        if invitation is None or not invitation.is_usable:
            raise PermissionDenied("invitation not usable")
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise PermissionDenied("an account already exists for this address")
        user = User.objects.create_user(
            invitation.email,
            password,
            full_name=full_name or invitation.full_name,
            role=invitation.role,
            organization=invitation.organization,
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        record_event(
            EventType.INVITATION_ACCEPTED,
            actor=user,
            organization=invitation.organization,
            public=False,
            data={"invitation": invitation.pk, "user": user.pk},
        )
    return user


def revoke_invitation(invitation: Invitation, *, actor: User) -> None:
    org_id = invitation.organization_id
    if org_id is None or not organizations_managed_by(actor).filter(pk=org_id).exists():
        raise PermissionDenied("not allowed")
    with transaction.atomic():
        updated = Invitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        if updated:
            record_event(
                EventType.INVITATION_REVOKED,
                actor=actor,
                organization=invitation.organization,
                public=False,
                data={"invitation": invitation.pk, "email": invitation.email},
            )


def deactivate_user(user: User, *, actor: User) -> None:
    if user.pk == actor.pk:
        raise PermissionDenied("you cannot deactivate yourself")
    org_id = user.organization_id
    if org_id is None or not organizations_managed_by(actor).filter(pk=org_id).exists():
        raise PermissionDenied("not allowed")
    with transaction.atomic():
        if User.objects.filter(pk=user.pk, is_active=True).update(is_active=False):
            record_event(
                EventType.USER_DEACTIVATED,
                actor=actor,
                organization=user.organization,
                public=False,
                data={"user": user.pk, "email": user.email},
            )


def update_preferences(user: User, *, changes: dict, actor: User) -> User:
    """Name, phone, language, time zone and e-mails turned off: what a person edits."""
    allowed = {"full_name", "phone", "language", "time_zone", "muted_notices"}
    if actor.pk != user.pk or not set(changes) <= allowed:
        raise PermissionDenied("not allowed")
    with transaction.atomic():
        before = {field: getattr(user, field) for field in changes}
        for field, value in changes.items():
            setattr(user, field, value)
        user.save(update_fields=list(changes))
        record_event(
            EventType.USER_PREFERENCES_CHANGED,
            actor=actor,
            organization=user.organization,
            public=False,
            data={"user": user.pk, "before": before, "after": changes},
        )
    return user


class AddressRefused(Exception):
    """A login address change that cannot be made (the message says why, to its owner)."""


def request_login_address_change(user: User, *, new_email: str, actor: User) -> None:
    """Mail a confirmation link to the new address and tell the current one.

    Whether another account has the new address is not told here (the link
    simply cannot be used): the answer is the same for every address allowed.
    """
    new_email = new_email.strip().lower()
    if actor.pk != user.pk:
        raise PermissionDenied("not allowed")
    if new_email == user.email.lower():
        raise AddressRefused("same")
    if user.organization is not None and not user.organization.allows_address(new_email):
        raise AddressRefused("domain")
    token = login_address.make_token(user.pk, user.email, new_email)
    with transaction.atomic():
        record_event(
            EventType.LOGIN_ADDRESS_CHANGE_REQUESTED,
            actor=actor,
            organization=user.organization,
            public=False,
            data={"user": user.pk, "before": user.email, "after": new_email},
        )
        if not account_exists(new_email):
            emails.login_address_confirm(user, new_email=new_email, token=token)
        emails.login_address_notice(user, new_email=new_email, done=False)


def change_login_address(token: str, *, actor: User) -> User:
    """Make the change a confirmation link asks for, once, for the person it was made for."""
    change = login_address.read_token(token)
    if change is None or change.user_id != actor.pk:
        raise AddressRefused("link")
    try:
        with transaction.atomic():
            user = User.objects.select_for_update().get(pk=actor.pk)
            if user.email != change.old:
                raise AddressRefused("link")
            if user.organization is not None and not user.organization.allows_address(change.new):
                raise AddressRefused("domain")
            if User.objects.filter(email__iexact=change.new).exclude(pk=user.pk).exists():
                raise AddressRefused("taken")
            user.email = change.new
            user.save(update_fields=["email"])
            # allauth's own address rows follow the login address: one, the new one.
            EmailAddress.objects.filter(user=user).delete()
            EmailAddress.objects.create(user=user, email=change.new, primary=True, verified=True)
            record_event(
                EventType.LOGIN_ADDRESS_CHANGED,
                actor=actor,
                organization=user.organization,
                public=False,
                data={"user": user.pk, "before": change.old, "after": change.new},
            )
            emails.login_address_notice(user, old_email=change.old, new_email=change.new, done=True)
    except IntegrityError:
        # Taken by someone else between the check and the write.
        raise AddressRefused("taken") from None
    actor.email = user.email
    return user
