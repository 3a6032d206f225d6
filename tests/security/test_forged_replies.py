"""Replies by e-mail cannot be forged without a secret (Security 2, finding 5 and 7).

A message with a client's From and `In-Reply-To: <helpcenter.ticket-5@…>` used to
join ticket 5: the thread root followed from the sequential id. Our ids now carry
an HMAC of the ticket, so threading proves the sender received our mail.
"""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from helpcenter.intake.actions import receive
from helpcenter.intake.models import InboundMessage, Outcome
from helpcenter.notifications.delivery import deliver_due
from helpcenter.notifications.models import OutboxMessage
from helpcenter.tickets.mail_threads import new_message_id, thread_root
from helpcenter.tickets.models import Comment, Ticket
from tests.helpers import open_ticket


def _mail(*, sender: str, message_id: str, extra: str = "", subject: str = "Re: status") -> bytes:
    return (
        f"From: {sender}\r\nTo: suporte@localhost\r\nSubject: {subject}\r\n"
        f"Message-ID: <{message_id}>\r\n{extra}"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nTexto de quem escreveu.\r\n"
    ).encode()


def test_a_guessed_thread_root_opens_a_new_ticket_instead_of_joining(world):
    victim = open_ticket(world, requester=world.client_a)
    guesses = [
        f"<helpcenter.ticket-{victim.pk}@localhost>",  # the old, unsigned form
        f"<helpcenter.ticket-{victim.pk}.aaaaaaaaaaaaaaaa@localhost>",  # a made-up mac
        f"<helpcenter.ticket-{victim.pk}.aaaaaaaaaaaaaaaa.0123456789abcdef@localhost>",
    ]
    for n, guess in enumerate(guesses):
        receipt = receive(
            _mail(
                sender="ana@a.example",
                message_id=f"forged-{n}@evil.example",
                extra=f"In-Reply-To: {guess}\r\nReferences: {guess}\r\n",
            )
        )
        assert receipt.outcome == Outcome.TICKET
        assert receipt.ticket_id != victim.pk
    assert not Comment.objects.filter(ticket=victim).exists()


def test_our_signed_ids_still_thread_a_real_reply(world):
    ticket = open_ticket(world, requester=world.client_a)
    for n, ours in enumerate((thread_root(ticket.pk), new_message_id(ticket.pk))):
        receipt = receive(
            _mail(
                sender="ana@a.example",
                message_id=f"real-{n}@a.example",
                extra=f"In-Reply-To: {ours}\r\n",
            )
        )
        assert (receipt.outcome, receipt.ticket_id) == (Outcome.REPLY, ticket.pk)
    # A mac is the ticket's own: another ticket's root names nothing else.
    other = open_ticket(world, requester=world.client_a)
    spliced = thread_root(other.pk).replace(f"ticket-{other.pk}.", f"ticket-{ticket.pk + 100}.")
    receipt = receive(
        _mail(
            sender="ana@a.example",
            message_id="spliced@a.example",
            extra=f"In-Reply-To: {spliced}\r\n",
        )
    )
    assert receipt.outcome == Outcome.TICKET and receipt.ticket_id not in (ticket.pk, other.pk)


def test_someone_elses_message_id_does_not_join_their_ticket(world):
    first = receive(
        _mail(sender="ana@a.example", message_id="ana-original@a.example", subject="Lento")
    )
    assert first.outcome == Outcome.TICKET
    copied = receive(
        _mail(
            sender="bruno@a.example",
            message_id="bruno@a.example",
            extra="In-Reply-To: <ana-original@a.example>\r\n",
        )
    )
    assert copied.outcome == Outcome.TICKET and copied.ticket_id != first.ticket_id
    own = receive(
        _mail(
            sender="ana@a.example",
            message_id="ana-again@a.example",
            extra="In-Reply-To: <ana-original@a.example>\r\n",
        )
    )
    assert (own.outcome, own.ticket_id) == (Outcome.REPLY, first.ticket_id)


def test_the_not_registered_answer_repeats_nothing_and_names_no_ticket(world, mailoutbox):
    ticket = open_ticket(world, requester=world.client_a)
    receive(
        _mail(
            sender="someone@elsewhere.example",
            message_id="phish@evil.example",
            subject="Sua senha expira hoje: clique em http://evil.example",
            extra=f"In-Reply-To: {thread_root(ticket.pk)}\r\n",
        )
    )
    mailoutbox.clear()
    deliver_due()
    (answer,) = [m for m in mailoutbox if m.to == ["someone@elsewhere.example"]]
    everything = answer.subject + answer.body + answer.alternatives[0][0]
    assert "evil.example" not in everything and "senha expira" not in everything
    assert ticket.number not in everything


def test_a_dmarc_failure_reported_by_our_server_sets_the_message_aside(world, settings):
    forged = (
        "Authentication-Results: mx.helpcenter.example; spf=fail smtp.mailfrom=a.example;"
        " dmarc=fail (p=reject) header.from=a.example\r\n"
        "Authentication-Results: mx.evil.example; dmarc=pass header.from=a.example\r\n"
    )
    receipt = receive(
        _mail(sender="ana@a.example", message_id="dmarc-1@evil.example", extra=forged)
    )
    assert receipt.outcome == Outcome.SET_ASIDE
    assert "dmarc=fail" in InboundMessage.objects.get(message_id=receipt.message_id).detail
    assert not Ticket.objects.exists() and not OutboxMessage.objects.exists()
    # A failure written lower down by the sender is not believed.
    planted = (
        "Authentication-Results: mx.helpcenter.example; dmarc=pass header.from=a.example\r\n"
        "Authentication-Results: mx.helpcenter.example; dmarc=fail header.from=a.example\r\n"
    )
    receipt = receive(_mail(sender="ana@a.example", message_id="dmarc-2@a.example", extra=planted))
    assert receipt.outcome == Outcome.TICKET
    # With the receiving server named, only its headers count, wherever they are.
    settings.INBOUND_AUTHSERV_ID = "mx.helpcenter.example"
    named = (
        "Authentication-Results: relay.partner.example; dmarc=pass\r\n"
        "Authentication-Results: mx.helpcenter.example; dmarc=fail header.from=a.example\r\n"
    )
    receipt = receive(_mail(sender="ana@a.example", message_id="dmarc-3@a.example", extra=named))
    assert receipt.outcome == Outcome.SET_ASIDE


def test_a_huge_references_header_is_capped_and_read_in_one_query(world):
    ticket = open_ticket(world, requester=world.client_a)
    references = " ".join(f"<ref{n}@mail.example>" for n in range(20_000))
    raw = _mail(
        sender="ana@a.example",
        message_id="many-refs@a.example",
        extra=f"References: {references} {thread_root(ticket.pk)}\r\n",
    )
    with CaptureQueriesContext(connection) as queries:
        receipt = receive(raw)
    assert (receipt.outcome, receipt.ticket_id) == (Outcome.REPLY, ticket.pk)
    inbound_reads = [
        q for q in queries if "intake_inboundmessage" in q["sql"] and "SELECT" in q["sql"]
    ]
    assert len(inbound_reads) <= 3


def test_a_seen_message_id_from_another_sender_is_a_message_of_its_own(world):
    assert (
        receive(_mail(sender="ana@a.example", message_id="same@x.example")).outcome
        == Outcome.TICKET
    )
    # The same sender's message again: a duplicate.
    assert (
        receive(_mail(sender="ana@a.example", message_id="same@x.example")).outcome
        == Outcome.DUPLICATE
    )
    # Someone else's message with the same id is not dropped.
    receipt = receive(_mail(sender="bruno@a.example", message_id="same@x.example"))
    assert receipt.outcome == Outcome.TICKET
    assert Ticket.objects.count() == 2
