"""No duplicate e-mail when the database connection drops after a send (Security 2, 4).

The probe terminated PostgreSQL backends while a worker sent confirmations: the
relay had accepted a message, saving "sent" failed on the dead connection, the
row stayed leased and was sent again when the lease ran out (24 of 1,612 twice).
Here a real relay terminates the worker's backends at the worst moment, while it
holds the message's DATA (before it answers 250), for every third message: the
worker's next statement, recording the send, meets a dead connection. Every
message must still arrive exactly once.
"""

from __future__ import annotations

import signal
import time

import psycopg
import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from helpcenter.notifications.models import OutboxMessage, OutboxStatus
from helpcenter.notifications.outbox import queue_email
from tests.conftest import SmtpSink, free_port
from tests.test_concurrency_pg import default_contract  # noqa: F401 - autouse fixture
from tests.test_worker_processes_pg import LEASE_SECONDS, start_worker, wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="terminates PostgreSQL backends"),
]

MESSAGES = 45


def conninfo() -> str:
    db = connection.settings_dict
    return (
        f"host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432} "
        f"user={db['USER']} dbname={db['NAME']}"
        + (f" password={db['PASSWORD']}" if db["PASSWORD"] else "")
    )


class TerminatingRelay(SmtpSink):
    """Before accepting every `every`-th message, terminates every backend of the test
    database but the test's own: the worker's connection dies between its send and
    its record of it."""

    def __init__(self, host: str, port: int, *, every: int, spare_pid: int):
        super().__init__(host, port)
        self.every, self.spare_pid = every, spare_pid
        self.count = self.terminated = 0
        self.recipients: list[str] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook
        self.count += 1
        if self.count % self.every == 0:
            with psycopg.connect(conninfo(), autocommit=True) as admin:
                rows = admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    " AND pid <> %s",
                    [self.spare_pid],
                ).fetchall()
            self.terminated += sum(1 for (done,) in rows if done)
        self.recipients.extend(envelope.rcpt_tos)
        return await super().handle_DATA(server, session, envelope)


def test_terminated_backends_after_a_send_duplicate_nothing(world):
    for n in range(MESSAGES):
        queue_email(
            "intake_refused",
            to=f"person{n}@drops.example",
            dedupe_key=f"drops:{n}",
            context={"subject": f"Mensagem {n}", "reasons": ["x"]},
        )
    own_pid = connection.connection.info.backend_pid
    port = free_port()
    relay = TerminatingRelay("127.0.0.1", port, every=3, spare_pid=own_pid)
    controller = Controller(relay, hostname="127.0.0.1", port=port)
    controller.start()
    worker = start_worker(port)
    try:
        assert wait_for(lambda: len(set(relay.recipients)) >= MESSAGES, 90), relay.recipients
        time.sleep(LEASE_SECONDS + 2)  # a second send of anything would arrive now
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        controller.stop()
    assert relay.terminated >= MESSAGES // 3  # the fault really happened, many times
    assert len(relay.recipients) == len(set(relay.recipients)) == MESSAGES
    assert OutboxMessage.objects.exclude(status=OutboxStatus.SENT).count() == 0
