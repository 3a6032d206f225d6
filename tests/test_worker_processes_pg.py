"""Real worker processes against PostgreSQL and a slow SMTP relay on loopback.

The fault probe's kill case, as CI runs it: `manage.py run_worker` is started as
a process, sends routine mail through a relay that takes its time, a P1 page is
queued in the middle of its batch, and the worker is killed with SIGKILL while
it is handing the page to the relay. A second worker process then finishes the
job. Every message arrives exactly once, the page did not wait behind the
routine batch, and it arrived well within 30 s of the first worker's death.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from email import message_from_bytes
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from helpcenter.notifications.models import OutboxMessage, OutboxStatus
from helpcenter.oncall import paging
from helpcenter.oncall.models import Rota, RotaMember
from tests.conftest import SmtpSink, free_port, make_user
from tests.helpers import open_ticket
from tests.test_concurrency_pg import default_contract  # noqa: F401 - autouse fixture

ROOT = Path(__file__).resolve().parent.parent
LEASE_SECONDS = 5

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several worker processes share the outbox on PostgreSQL (SKIP LOCKED)",
    ),
]


class SlowRelay(SmtpSink):
    """Takes `delay` seconds per recipient, and holds the first RCPT TO of `hold` until
    the sender is gone (the worker is killed while it waits)."""

    def __init__(self, host: str, port: int, *, delay: float, hold: str):
        super().__init__(host, port)
        self.delay, self.hold = delay, hold
        self.holding = threading.Event()
        self.arrivals: list[tuple[float, str, str]] = []  # (time, recipient, subject)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address == self.hold and not self.holding.is_set():
            self.holding.set()
            await asyncio.sleep(4)
        else:
            await asyncio.sleep(self.delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook
        subject = str(message_from_bytes(envelope.content)["Subject"])
        self.arrivals.append((time.monotonic(), envelope.rcpt_tos[0], subject))
        return await super().handle_DATA(server, session, envelope)


def process_env(**extra: str) -> dict[str, str]:
    """The settings of a desk process (worker, gunicorn) on this test's database."""
    db = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DEBUG": "0",
        "SECRET_KEY": "process-test-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "REDIS_URL": "",
        **extra,
    }


def start_worker(smtp_port: int) -> subprocess.Popen:
    env = process_env(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        EMAIL_TIMEOUT="3",
        OUTBOX_LEASE_SECONDS=str(LEASE_SECONDS),
    )
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_killed_worker_process_loses_nothing_sends_nothing_twice_and_the_page_goes_first(
    world, monkeypatch
):
    on_call = make_user("plantao@support.example", "agent", name="Pat Plantão")
    rota = Rota.objects.create(
        name="Plantão", anchor=dt.datetime(2026, 1, 5, 8, tzinfo=dt.UTC), shift_days=7
    )
    RotaMember.objects.create(rota=rota, user=on_call, position=0)
    for n in range(6):
        open_ticket(world, priority="P4", title=f"Rotina {n}")
    routine = OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count()
    assert routine >= 6

    port = free_port()
    relay = SlowRelay("127.0.0.1", port, delay=0.4, hold=on_call.email)
    controller = Controller(relay, hostname="127.0.0.1", port=port)
    controller.start()
    first = start_worker(port)
    second = None
    try:
        # The first worker is sending its routine batch when a P1 comes in out of hours.
        assert wait_for(lambda: len(relay.arrivals) >= 2, 30), "the worker sent nothing"
        monkeypatch.setattr(paging, "in_business_hours", lambda at: False)
        open_ticket(world, priority="P1", title="Fora do ar")
        expected = OutboxMessage.objects.count()
        assert OutboxMessage.objects.filter(template="page", to=on_call.email).count() == 1

        # It hands the page to the relay before finishing the routine mail...
        assert relay.holding.wait(15), "the page waited behind the routine batch"
        assert len(relay.arrivals) < routine
        # ...and dies while the relay is taking it.
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        died = time.monotonic()
        second = start_worker(port)
        assert wait_for(lambda: len(relay.arrivals) >= expected, 60), relay.arrivals
        time.sleep(1)  # anything sent twice would arrive now
    finally:
        for worker in (first, second):
            if worker is not None and worker.poll() is None:
                worker.send_signal(signal.SIGKILL)
                worker.wait(10)
        controller.stop()

    delivered = [(to, subject) for _at, to, subject in relay.arrivals]
    assert len(delivered) == len(set(delivered)) == expected
    page_at = next(at for at, to, _subject in relay.arrivals if to == on_call.email)
    assert page_at - died < 30
    assert OutboxMessage.objects.exclude(status=OutboxStatus.SENT).count() == 0


def test_two_worker_processes_and_a_relay_slower_than_a_lease_send_each_message_once(world):
    """The probe's slow relay with real processes: a batch takes longer than a lease
    (20 messages at 0.4 s against 5 s), two workers poll the same outbox at once."""
    for n in range(24):
        open_ticket(world, priority="P4", title=f"Rotina {n}")
    expected = OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count()
    assert LEASE_SECONDS < 20 * 0.4 and expected > 20  # a full batch outlives a lease

    port = free_port()
    relay = SlowRelay("127.0.0.1", port, delay=0.4, hold="nobody@example.invalid")
    controller = Controller(relay, hostname="127.0.0.1", port=port)
    controller.start()
    workers = [start_worker(port), start_worker(port)]
    try:
        assert wait_for(lambda: len(relay.arrivals) >= expected, 60), relay.arrivals
        time.sleep(LEASE_SECONDS + 1)  # a second send of anything would arrive now
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGKILL)
            worker.wait(10)
        controller.stop()
    delivered = [(to, subject) for _at, to, subject in relay.arrivals]
    assert len(delivered) == len(set(delivered)) == expected
    assert OutboxMessage.objects.exclude(status=OutboxStatus.SENT).count() == 0
