"""The message corpus under tests/mail/ and how tests fill in its placeholders."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone

from helpcenter.tickets.mail_threads import new_message_id, reply_address, thread_root

MAIL = Path(__file__).parent / "mail"


def corpus(name: str, **fill: str) -> bytes:
    """A corpus message with %KEY% placeholders replaced (ROOT, REPLY, NUMBER, ...)."""
    raw = (MAIL / name).read_bytes()
    for key, value in fill.items():
        raw = raw.replace(f"%{key}%".encode(), value.encode())
    return raw


def thread_of(ticket, recipient: str = "ana@a.example") -> dict[str, str]:
    """The placeholders of a reply to `ticket`'s e-mails, as `recipient` got them."""
    return {
        "ROOT": thread_root(ticket.pk).strip("<>"),
        "MESSAGE": new_message_id(ticket.pk).strip("<>"),
        "REPLY": reply_address(ticket.pk, recipient, today=timezone.localdate()),
        "REPLY_BRUNO": reply_address(ticket.pk, "bruno@a.example", today=timezone.localdate()),
        "NUMBER": str(ticket.pk),
    }
