"""Poll the hotline mailbox once (the worker does it every INBOUND_IMAP_EVERY seconds)."""

from __future__ import annotations

import imaplib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from helpcenter.intake.imap import fetch_mail


class Command(BaseCommand):
    help = "Take in the unread messages of the IMAP mailbox (INBOUND_IMAP_* settings)."

    def handle(self, *args, **options) -> None:
        if not settings.INBOUND_IMAP_HOST:
            raise CommandError("INBOUND_IMAP_HOST is not set: there is no mailbox to poll")
        try:
            poll = fetch_mail()
        except (imaplib.IMAP4.error, OSError) as exc:
            raise CommandError(f"IMAP poll of {settings.INBOUND_IMAP_HOST} failed: {exc}") from exc
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(poll.outcomes.items())) or "nothing new"
        failed = f"; {poll.failed} left for the next poll" if poll.failed else ""
        self.stdout.write(f"fetched {poll.fetched}: {outcomes}{failed}")
