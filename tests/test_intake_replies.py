"""Answers by e-mail reach the right ticket, only from its parties; machine mail and
strangers never make tickets or replies."""

from __future__ import annotations

import io
import sys
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone

from helpcenter.intake import actions as intake
from helpcenter.intake.actions import receive
from helpcenter.intake.models import Outcome
from helpcenter.notifications.delivery import deliver_due
from helpcenter.notifications.models import OutboxMessage
from helpcenter.tickets.actions import change_status, close_ticket, resolve_ticket, triage_ticket
from helpcenter.tickets.mail_threads import reply_address, thread_root, ticket_of_reply_address
from helpcenter.tickets.models import Attachment, Comment, Ticket
from tests.helpers import open_ticket
from tests.intake_helpers import corpus, thread_of


@pytest.fixture
def ticket(world):
    return open_ticket(world, participants=[world.client_a2])


def _triage(world, ticket):
    triage_ticket(
        ticket,
        ticket_type="incident",
        priority="P3",
        service=world.service_a,
        assignee=world.agent,
        actor=world.agent,
        reason="",
    )


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("20_gmail_reply_pt_quoted.eml", "Voltou a funcionar depois do restart, obrigada!"),
        ("21_outlook_reply_pt_no_token.eml", "Segue o print solicitado. O erro continua."),
        ("22_apple_reply_en_iphone.eml", "Confirmed, the queue is empty now."),
        ("23_reply_with_signature.eml", "Pode fechar, resolvido do nosso lado."),
    ],
)
def test_a_reply_lands_on_its_ticket_without_quotes_or_signature(world, ticket, name, stored):
    receipt = receive(corpus(name, **thread_of(ticket)))
    assert receipt.outcome == Outcome.REPLY and receipt.ticket_id == ticket.pk
    comment = Comment.objects.get(ticket=ticket)
    assert comment.author == world.client_a and not comment.is_internal
    assert comment.body.startswith(stored)
    for quoted in ("escreveu", "wrote:", "> ", "Enviado:", "iPhone", "5555-0000"):
        assert quoted not in comment.body
    original = Attachment.objects.get(comment=comment)
    assert original.original_name == "mensagem-original.eml"
    assert ticket.events.filter(type="ticket.replied").count() == 1


def test_a_person_in_copy_answers_with_their_own_reply_address(world, ticket):
    receipt = receive(corpus("24_reply_from_cc_participant.eml", **thread_of(ticket)))
    assert receipt.outcome == Outcome.REPLY
    assert Comment.objects.get(ticket=ticket).author == world.client_a2


def test_someone_who_is_not_a_party_is_told_and_nothing_is_added(world, ticket):
    for name in (
        "25_reply_from_colleague_not_in_copy.eml",
        "26_other_org_with_someone_elses_token.eml",
    ):
        receipt = receive(corpus(name, **thread_of(ticket)))
        assert receipt.outcome == Outcome.NOT_PARTICIPANT
    assert not Comment.objects.exists()
    assert set(
        OutboxMessage.objects.filter(template="intake_refused").values_list("to", flat=True)
    ) == {
        "boss@a.example",
        "carla@b.example",
    }


def test_an_answer_to_the_clients_own_first_message_joins_that_ticket(world):
    opened = receive(corpus("01_gmail_new_plain.eml"))
    receipt = receive(corpus("27_reply_to_own_original_message.eml"))
    assert receipt.outcome == Outcome.REPLY and receipt.ticket_id == opened.ticket_id
    assert Comment.objects.get().body == "Complementando: o erro começou às 23h10."


def test_a_client_answer_moves_a_ticket_waiting_on_them_back_to_work(world, ticket):
    _triage(world, ticket)
    change_status(ticket, status="waiting_on_client", actor=world.agent)
    receive(corpus("20_gmail_reply_pt_quoted.eml", **thread_of(ticket)))
    ticket.refresh_from_db()
    assert ticket.status == "in_progress"


def test_an_answer_on_a_closed_ticket_opens_a_follow_up(world, ticket):
    _triage(world, ticket)
    resolve_ticket(Ticket.objects.get(pk=ticket.pk), actor=world.agent, note="restarted")
    close_ticket(Ticket.objects.get(pk=ticket.pk), actor=world.client_a)
    receipt = receive(corpus("20_gmail_reply_pt_quoted.eml", **thread_of(ticket)))
    assert receipt.outcome == Outcome.TICKET and receipt.ticket_id != ticket.pk
    follow_up = Ticket.objects.get(pk=receipt.ticket_id)
    assert ticket.number in follow_up.description and follow_up.channel == "email"


def test_an_agent_answers_by_e_mail_only_through_a_reply_address_issued_to_them(world, ticket):
    staff_reply = (
        f"From: agent@support.example\nTo: {reply_address(ticket.pk, 'agent@support.example', today=timezone.localdate())}\n"
        f"Subject: Re: x\nMessage-ID: <agent-reply@support.example>\n\nReiniciamos o serviço.\n"
    ).encode()
    assert receive(staff_reply).outcome == Outcome.REPLY
    ticket.refresh_from_db()
    assert ticket.first_response_at is not None  # the first public reply of an agent
    by_thread = (
        f"From: agent@support.example\nTo: suporte@localhost\nSubject: Re: x\n"
        f"Message-ID: <agent-thread@support.example>\nIn-Reply-To: {thread_root(ticket.pk)}\n\nok\n"
    ).encode()
    assert receive(by_thread).outcome == Outcome.REFUSED  # SLA notices thread too


@pytest.mark.parametrize(
    "name",
    [
        "30_out_of_office.eml",
        "31_exchange_autoreply_header.eml",
        "32_bounce_mailer_daemon.eml",
        "33_mailing_list.eml",
        "34_loop_our_own_message_id.eml",
        "35_from_our_own_address.eml",
    ],
)
def test_machine_mail_never_makes_tickets_replies_or_answers(world, ticket, name):
    receipt = receive(corpus(name, **thread_of(ticket)))
    assert receipt.outcome == Outcome.AUTOMATIC
    assert Ticket.objects.count() == 1 and not Comment.objects.exists()
    assert not OutboxMessage.objects.filter(template__startswith="intake_").exists()


def test_an_unknown_sender_gets_one_polite_answer_a_day_in_portuguese(world, mailoutbox):
    assert receive(corpus("40_unknown_sender.eml")).outcome == Outcome.UNKNOWN_SENDER
    assert receive(corpus("41_unknown_sender_again.eml")).outcome == Outcome.UNKNOWN_SENDER
    assert not Ticket.objects.exists()
    deliver_due()
    (answer,) = mailoutbox
    assert answer.to == ["stranger@nowhere.example"]
    assert "gerente de relacionamento" in answer.body and "+55 11 5194-1410" in answer.body
    headers = answer.message()
    assert headers["In-Reply-To"] == "<unknown-40@nowhere.example>"
    assert headers["Auto-Submitted"] == "auto-generated"


def test_an_inactive_account_is_treated_as_unknown(world):
    world.client_a.is_active = False
    world.client_a.save()
    assert receive(corpus("01_gmail_new_plain.eml")).outcome == Outcome.UNKNOWN_SENDER
    assert not Ticket.objects.exists()


def test_an_agent_cannot_open_a_ticket_by_e_mail(world):
    assert receive(corpus("42_agent_without_ticket.eml")).outcome == Outcome.REFUSED
    assert OutboxMessage.objects.filter(
        template="intake_refused", to="agent@support.example"
    ).exists()


def test_reply_addresses_are_signed_per_recipient_and_expire(settings):
    today = timezone.localdate()
    address = reply_address(42, "Ana@A.example", today=today)
    assert address == address.lower() and address.startswith("suporte+42-")
    assert ticket_of_reply_address(address, sender="ana@a.example", today=today) == 42
    assert ticket_of_reply_address(address, sender="carla@b.example", today=today) is None
    forged = address.replace("+42-", "+43-")
    assert ticket_of_reply_address(forged, sender="ana@a.example", today=today) is None
    late = today + timedelta(days=settings.REPLY_ADDRESS_DAYS + 1)
    assert ticket_of_reply_address(address, sender="ana@a.example", today=late) is None


def _run_receive_mail(monkeypatch, raw: bytes) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = io.StringIO()
    try:
        call_command("receive_mail", stdout=out, stderr=io.StringIO())
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_receive_mail_takes_a_message_on_standard_input(world, monkeypatch):
    status, out = _run_receive_mail(monkeypatch, corpus("01_gmail_new_plain.eml"))
    assert status == 0 and out.startswith("ticket ticket")
    assert Ticket.objects.get().channel == "email"


def test_receive_mail_asks_the_mail_server_to_retry_when_the_database_is_away(world, monkeypatch):
    def database_away(raw):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(intake, "receive", database_away)
    monkeypatch.setattr("helpcenter.intake.management.commands.receive_mail.receive", database_away)
    status, _out = _run_receive_mail(monkeypatch, corpus("01_gmail_new_plain.eml"))
    assert status == 75 and not Ticket.objects.exists()
