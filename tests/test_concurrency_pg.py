"""Row locks and SKIP LOCKED under real concurrency, on PostgreSQL.

SQLite serializes every writer, so there is nothing to race there; CI runs
this file against PostgreSQL (the second `make test` in .ci/run).
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from helpcenter.audit.models import AuditEvent
from helpcenter.notifications.delivery import deliver_due
from helpcenter.notifications.models import OutboxMessage, OutboxStatus
from helpcenter.slas import jobs
from helpcenter.slas.models import SlaClock
from helpcenter.tickets import actions
from helpcenter.tickets.actions import StaleTicket
from helpcenter.tickets.models import Ticket
from tests.helpers import open_ticket

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serializes writers; the race is tested on PostgreSQL in CI",
    ),
]


@pytest.fixture(autouse=True)
def default_contract():
    from django.apps import apps

    from helpcenter.slas.defaults import ensure_default_contract

    ensure_default_contract(apps)


def race(*calls):
    """Run the calls at the same instant in threads; return (result or exception) per call."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        try:
            results[i] = call()
        except Exception as exc:  # collected for the assertions
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_two_agents_acting_on_the_same_view_only_one_wins(world):
    ticket = open_ticket(world, priority="P3")
    seen = ticket.version
    results = race(
        lambda: actions.change_priority(
            ticket, priority="P2", reason="a", actor=world.agent, expected_version=seen
        ),
        lambda: actions.change_priority(
            ticket, priority="P1", reason="b", actor=world.admin, expected_version=seen
        ),
    )
    wins = [r for r in results if isinstance(r, Ticket)]
    stale = [r for r in results if isinstance(r, StaleTicket)]
    assert len(wins) == 1 and len(stale) == 1, results
    final = Ticket.objects.get(pk=ticket.pk)
    assert final.version == seen + 1 and final.priority == wins[0].priority
    assert AuditEvent.objects.filter(ticket=ticket, type="ticket.priority_changed").count() == 1


def test_two_workers_send_each_sla_warning_once(world):
    for _ in range(30):
        open_ticket(world, priority="P1")
    OutboxMessage.objects.all().delete()
    later = timezone.now() + dt.timedelta(minutes=50)  # past 75% of the first response
    results = race(lambda: jobs.send_warnings(now=later), lambda: jobs.send_warnings(now=later))
    due = SlaClock.objects.filter(warned_at__isnull=False).count()
    assert sum(results) == due and due >= 30
    per_clock = OutboxMessage.objects.filter(template="sla_warning").values_list(
        "context", flat=True
    )
    clock_ids = [c["clock_id"] for c in per_clock]
    agents = 1  # the triage queue: every active agent (one in this world)
    assert len(clock_ids) == due * agents and len(set(clock_ids)) == due


def test_two_workers_deliver_each_message_once(world, smtp_server):
    for _ in range(20):
        open_ticket(world, priority="P4")
    pending = OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count()
    results = race(deliver_due, deliver_due)
    assert sum(results) == pending
    assert len(smtp_server.messages) == pending
    assert not OutboxMessage.objects.filter(status=OutboxStatus.PENDING).exists()


def test_concurrent_writers_never_fork_the_audit_chain(world):
    """Eight transactions writing events at once: each takes the next numbers in turn."""
    from helpcenter.audit.events import EventType
    from helpcenter.audit.record import record_event
    from helpcenter.audit.verify import verify
    from helpcenter.tickets.models import Ticket as TicketModel

    ticket = TicketModel.objects.get(pk=open_ticket(world).pk)

    def write():
        from django.db import transaction

        for _ in range(5):
            with transaction.atomic():
                record_event(EventType.TICKET_NOTE_ADDED, actor=None, ticket=ticket)
        return True

    assert race(*[write for _ in range(8)]) == [True] * 8
    verdict = verify()
    assert verdict.ok, verdict
    assert AuditEvent.objects.filter(type="ticket.note_added").count() == 40


def test_a_slow_relay_never_makes_two_workers_send_the_same_message(
    world, smtp_settings, smtp_port, monkeypatch
):
    """The fault probe's case, scaled down: each message takes 0.25 s at the relay,
    a batch takes longer than a lease, two workers run at once: each message once."""
    import asyncio
    from datetime import timedelta

    from aiosmtpd.controller import Controller

    from helpcenter.notifications import delivery
    from tests.conftest import SmtpSink

    class SlowSink(SmtpSink):
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook
            await asyncio.sleep(0.25)
            return await super().handle_DATA(server, session, envelope)

    monkeypatch.setattr(delivery, "LEASE", timedelta(seconds=1.5))
    sink = SlowSink("127.0.0.1", smtp_port)
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        for _ in range(12):
            open_ticket(world, priority="P4")
        pending = OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count()

        def worker():
            """Polls like run_worker, for longer than a batch takes."""
            import time

            sent, deadline = 0, time.monotonic() + 6
            while time.monotonic() < deadline:
                sent += deliver_due(batch=pending)
                time.sleep(0.1)
            return sent

        results = race(worker, worker)
    finally:
        controller.stop()
    recipients = [(m.rcpt_tos[0], m.content) for m in sink.messages]
    assert len(recipients) == len(set(recipients)) == pending
    assert sum(results) == pending


def test_two_workers_give_each_linked_ticket_an_incident_update_once(world):
    from helpcenter.incidents import actions as incident_actions
    from helpcenter.incidents.jobs import deliver_due as deliver_updates
    from helpcenter.incidents.models import Delivery
    from helpcenter.tickets.models import Comment

    tickets = [open_ticket(world, priority="P2") for _ in range(12)]
    incident = incident_actions.declare_incident(
        title="Fora do ar",
        impact="",
        services=[world.service_a],
        commander=world.agent,
        actor=world.agent,
        tickets=tickets,
    )
    incident_actions.post_update(
        incident, body="Investigando.", public=True, state="investigating", actor=world.agent
    )
    now = timezone.now()
    results = race(lambda: deliver_updates(now=now), lambda: deliver_updates(now=now))
    assert sum(results) == 12, results
    assert not Delivery.objects.filter(done_at__isnull=True).exists()
    per_ticket = Comment.objects.filter(body__startswith=f"[{incident.number}]")
    assert sorted(per_ticket.values_list("ticket_id", flat=True)) == sorted(t.pk for t in tickets)
