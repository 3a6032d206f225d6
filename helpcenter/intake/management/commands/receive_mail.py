"""A mail server's pipe: one raw message on standard input becomes a ticket or a reply.

    receive_mail < message.eml

Exit status (sysexits, as mail servers expect): 0 taken (including set aside:
duplicates, machine mail, unknown senders); 75 (EX_TEMPFAIL) when it could not
be taken now, e.g. the database is away: the mail server keeps it and retries.
"""

from __future__ import annotations

import logging
import sys

from django.core.management.base import BaseCommand

from helpcenter.intake.actions import receive

EX_TEMPFAIL = 75
log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Take one e-mail from standard input (for a mail server's pipe)."

    def handle(self, *args, **options) -> None:
        raw = sys.stdin.buffer.read()
        try:
            receipt = receive(raw)
        except Exception:
            log.exception("receive_mail failed; the mail server should retry")
            self.stderr.write("temporary failure: the message was not taken; try again later")
            sys.exit(EX_TEMPFAIL)
        ticket = f" ticket {receipt.ticket_id}" if receipt.ticket_id else ""
        self.stdout.write(f"{receipt.outcome}{ticket} {receipt.message_id}")
