"""The accounts' e-mails (invitations, login address changes), written to the outbox."""

from __future__ import annotations

import uuid

from helpcenter.notifications.outbox import queue_email


def invitation(invitation, *, token: str) -> None:
    queue_email(
        "invitation",
        to=invitation.email,
        dedupe_key=f"invitation:{invitation.pk}",
        context={"invitation_id": invitation.pk, "token": token},
    )


def login_address_confirm(user, *, new_email: str, token: str) -> None:
    """The link that proves the new address is the person's (sent to the new address)."""
    queue_email(
        "login_address_confirm",
        to=new_email,
        dedupe_key=f"login_address_confirm:{uuid.uuid4()}",
        context={"user_id": user.pk, "new_email": new_email, "token": token},
        language=user.language,
        time_zone=user.time_zone,
    )


def login_address_notice(user, *, new_email: str, done: bool, old_email: str = "") -> None:
    """Tell the address being left that a change was asked for, or made."""
    queue_email(
        "login_address_notice",
        to=old_email or user.email,
        dedupe_key=f"login_address_notice:{uuid.uuid4()}",
        context={"user_id": user.pk, "new_email": new_email, "done": done},
        language=user.language,
        time_zone=user.time_zone,
    )
