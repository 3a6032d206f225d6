"""Generic e-mail helpers of the outbox. Each domain writes its own e-mails in its
`notify.py` (tickets, accounts, slas, oncall); this app knows no domain."""

from __future__ import annotations

from helpcenter.notifications.outbox import queue_email


def prerendered(*, to: str, subject: str, text: str, html: str | None, dedupe_key: str) -> None:
    """For mail rendered elsewhere (allauth's password reset); still sent by the worker."""
    queue_email(
        "prerendered",
        to=to,
        dedupe_key=dedupe_key,
        context={"subject": subject, "text": text, "html": html or ""},
    )
