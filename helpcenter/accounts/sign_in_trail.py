"""Sign-ins, failed sign-ins and sign-outs are audit events (with the client address).

Django sends these signals for every way in (allauth's forms, the admin site's
redirect to them, the test client): one receiver each. A failed attempt records
the address typed, never the password (Django has already masked it).
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from helpcenter.audit.actors import ActorKind, SystemActor
from helpcenter.audit.events import EventType
from helpcenter.audit.record import record_event


def signed_in(sender, request, user, **kwargs) -> None:
    record_event(
        EventType.ACCOUNT_SIGNED_IN,
        actor=user,
        organization=user.organization,
        public=False,
        subject=f"accounts.user:{user.pk}",
    )


def signed_out(sender, request, user, **kwargs) -> None:
    if user is None or not user.is_authenticated:
        return
    record_event(
        EventType.ACCOUNT_SIGNED_OUT,
        actor=user,
        organization=user.organization,
        public=False,
        subject=f"accounts.user:{user.pk}",
    )


def sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    typed = str(credentials.get("email") or credentials.get("username") or "")[:200]
    record_event(
        EventType.ACCOUNT_SIGN_IN_FAILED,
        actor=SystemActor(ActorKind.ANONYMOUS, ref=typed),
        public=False,
        data={"email": typed},
    )


def connect() -> None:
    user_logged_in.connect(signed_in, dispatch_uid="audit_signed_in")
    user_logged_out.connect(signed_out, dispatch_uid="audit_signed_out")
    user_login_failed.connect(sign_in_failed, dispatch_uid="audit_sign_in_failed")
