"""The accounts' e-mails (invitations), written to the outbox."""

from __future__ import annotations

from helpcenter.notifications.outbox import queue_email


def invitation(invitation, *, token: str) -> None:
    queue_email(
        "invitation",
        to=invitation.email,
        dedupe_key=f"invitation:{invitation.pk}",
        context={"invitation_id": invitation.pk, "token": token},
    )
