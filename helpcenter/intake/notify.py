"""Intake's own e-mails: the answer to an unknown sender and to a refused message.
They thread with the message they answer and are automatic themselves."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from helpcenter.notifications.outbox import queue_email

TEMPLATES = ("intake_unknown_sender", "intake_refused")


def unknown_sender(address: str, *, message_id: str) -> None:
    """How to get access; at most one per sender per day (the outbox's dedupe key).

    Its From may be forged, so the answer goes to someone who perhaps wrote nothing:
    it repeats nothing the message said (not its subject) and tells nothing of any
    ticket."""
    day = timezone.localdate().isoformat()
    queue_email(
        "intake_unknown_sender",
        to=address,
        dedupe_key=f"intake_unknown_sender:{address}:{day}",
        context={"in_reply_to": message_id},
        language=settings.LANGUAGE_CODE,
    )


def refused(person, *, subject: str, message_id: str, reason: str) -> None:
    """Why a message from a known person did not reach a ticket (once per message)."""
    queue_email(
        "intake_refused",
        to=person.email,
        dedupe_key=f"intake_refused:{person.pk}:{message_id}",
        context={"subject": subject, "in_reply_to": message_id, "reason": reason},
        language=person.language,
        time_zone=person.time_zone,
    )


def intake_headers(message) -> dict[str, str]:
    """Our answers thread with the message they answer."""
    if message.template not in TEMPLATES:
        return {}
    original = message.context.get("in_reply_to") or ""
    if not original or original.startswith("sha256:"):
        return {}
    return {"In-Reply-To": original, "References": original}


def intake_context(data: dict, context: dict) -> None:
    """The answered message's subject and, for a refusal, the reason (as stored)."""
    if "in_reply_to" in data:
        context["subject"] = data.get("subject") or "—"
        context["reason"] = data.get("reason", "")
