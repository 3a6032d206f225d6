"""The background worker: delivers the outbox and runs the periodic jobs.

Run as many as you like on PostgreSQL (rows are claimed with SKIP LOCKED).
"""

from __future__ import annotations

import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone

from helpcenter.notifications.delivery import deliver_due
from helpcenter.oncall.paging import escalate_due
from helpcenter.slas import jobs as sla_jobs
from helpcenter.tickets.attachments import purge_stale_staged
from helpcenter.tickets.jobs import close_expired_resolved

log = logging.getLogger("helpcenter.worker")


class Command(BaseCommand):
    help = "Send SLA warnings and breaches, deliver queued e-mail with retries, run periodic jobs."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run one pass and exit")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args, once: bool = False, interval: float = 1.0, **options):
        self.stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        last_jobs = 0.0
        self.stdout.write("worker started")
        while not self.stopping:
            if not connection.in_atomic_block:  # (inside a test's transaction it must stay)
                close_old_connections()
            try:
                # SLA warnings and breaches first: they write the outbox rows sent next.
                sla_jobs.run(now=timezone.now())
                escalate_due(now=timezone.now())
                sent = deliver_due()
                if time.monotonic() - last_jobs > 60 or once:
                    close_expired_resolved(now=timezone.now())
                    purge_stale_staged(now=timezone.now())
                    last_jobs = time.monotonic()
            except Exception:
                log.exception("worker pass failed; retrying")
                sent = 0
            if once:
                break
            if not sent:
                time.sleep(interval)
        self.stdout.write("worker stopped")

    def _stop(self, *_args):
        self.stopping = True
