"""The confirmation e-mail travels through the outbox to a real SMTP server."""

from __future__ import annotations

import datetime
import email
from email import policy

from django.core.management import call_command
from django.utils import timezone

from helpcenter.notifications.delivery import deliver_due
from helpcenter.notifications.models import OutboxMessage, OutboxStatus
from helpcenter.tickets.models import Priority
from tests.conftest import SmtpSink
from tests.helpers import open_ticket


def parse(envelope):
    return email.message_from_bytes(envelope.content, policy=policy.default)


def test_confirmation_email_received_by_real_smtp_server(world, smtp_server: SmtpSink):
    ticket = open_ticket(world, priority=Priority.P1, title="Checkout down")
    # P1 also alerts the support team (or pages the on-call agent); keep only the confirmation.
    OutboxMessage.objects.exclude(template="ticket_created").delete()
    assert smtp_server.messages == []  # nothing is sent from inside the action
    assert deliver_due() == 1
    [envelope] = smtp_server.messages
    assert envelope.rcpt_tos == ["ana@a.example"]
    message = parse(envelope)
    assert message["Subject"] == f"[{ticket.number}] Ticket recebido: Checkout down"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert ticket.number in text and "P1 – Crítico" in text
    assert f"http://testserver/tickets/{ticket.pk}/" in text
    assert "+55 11 5194-1410" in text  # P1: hotline reminder
    assert f"http://testserver/tickets/{ticket.pk}/" in html
    row = OutboxMessage.objects.get()
    assert row.status == OutboxStatus.SENT and row.attempts == 1


def test_email_in_recipient_language(world, smtp_server: SmtpSink):
    world.client_a.language = "en"
    world.client_a.save()
    ticket = open_ticket(world, title="Checkout down")
    deliver_due()
    message = parse(smtp_server.messages[0])
    assert message["Subject"] == f"[{ticket.number}] Ticket received: Checkout down"


def test_smtp_outage_delays_but_never_loses(world, smtp_settings, smtp_port):
    ticket = open_ticket(world)
    now = timezone.now()
    assert deliver_due(now=now) == 0  # nobody listens on the port yet
    row = OutboxMessage.objects.get()
    assert row.status == OutboxStatus.PENDING
    assert row.attempts == 1 and row.last_error
    assert row.next_attempt_at > now
    assert deliver_due(now=now) == 0  # not due again before the backoff
    # The server comes back; the next due pass delivers the same message once.
    from aiosmtpd.controller import Controller

    sink = SmtpSink("127.0.0.1", smtp_port)
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        later = now + datetime.timedelta(minutes=2)
        assert deliver_due(now=later) == 1
        assert deliver_due(now=later + datetime.timedelta(hours=1)) == 0
    finally:
        controller.stop()
    assert len(sink.messages) == 1
    assert ticket.number in parse(sink.messages[0])["Subject"]
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 2


def test_message_marked_dead_after_max_attempts_is_kept(world, smtp_settings, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    open_ticket(world)
    now = timezone.now()
    deliver_due(now=now)
    deliver_due(now=now + datetime.timedelta(hours=2))
    row = OutboxMessage.objects.get()
    assert row.status == OutboxStatus.DEAD and row.attempts == 2


def test_duplicate_dedupe_key_queues_once(world):
    from helpcenter.tickets import notify as emails

    ticket = open_ticket(world)
    emails.ticket_created(ticket)
    assert OutboxMessage.objects.count() == 1


def test_worker_command_single_pass(world, smtp_server: SmtpSink):
    open_ticket(world)
    call_command("run_worker", "--once")
    assert len(smtp_server.messages) == 1


def test_invitation_token_blanked_after_sending(world, smtp_server: SmtpSink):
    from helpcenter.accounts.actions import invite_user

    invite_user(
        email="new@a.example",
        full_name="New",
        organization=world.org_a,
        role="client",
        actor=world.manager,
    )
    row = OutboxMessage.objects.get(template="invitation")
    assert "token" in row.context
    deliver_due()
    row.refresh_from_db()
    assert "token" not in row.context
    body = parse(smtp_server.messages[0]).get_body(preferencelist=("plain",)).get_content()
    assert "http://testserver/accounts/invitation/" in body
