"""The background worker: runs the jobs each app registers (helpcenter/core/jobs.py).

The SLA sweep, on-call escalation and outbox delivery run on every pass; the
clean-ups once a minute. Run as many workers as you like on PostgreSQL (rows
are claimed with SKIP LOCKED).
"""

from __future__ import annotations

import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone

from helpcenter.core.jobs import run_due, stop_requested
from helpcenter.core.metrics import serve_on_own_address
from helpcenter.core.warm import warm_up

log = logging.getLogger("helpcenter.worker")


class Command(BaseCommand):
    help = "Send SLA warnings and breaches, deliver queued e-mail with retries, run periodic jobs."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run one pass and exit")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args, once: bool = False, interval: float = 1.0, **options):
        self.stopping = False
        stop_requested.clear()
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        last_run: dict[str, float] = {}
        warm_up()
        if settings.METRICS_BIND:
            serve_on_own_address(settings.METRICS_BIND)
            self.stdout.write(f"metrics on http://{settings.METRICS_BIND}/")
        self.stdout.write("worker started")
        while not self.stopping:
            if not connection.in_atomic_block:  # (inside a test's transaction it must stay)
                close_old_connections()
            try:
                sent = run_due(
                    now=timezone.now(), last_run=last_run, clock=time.monotonic(), force=once
                )
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
        stop_requested.set()
