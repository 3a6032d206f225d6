"""Mail to the hotline address becomes a ticket: the corpus of new messages."""

from __future__ import annotations

import pytest

from helpcenter.intake.actions import receive
from helpcenter.intake.models import InboundMessage, Outcome
from helpcenter.notifications.delivery import deliver_due
from helpcenter.notifications.models import OutboxMessage
from helpcenter.tickets.mail_threads import thread_root
from helpcenter.tickets.models import Attachment, Ticket
from tests.intake_helpers import corpus

NEW = [
    "01_gmail_new_plain.eml",
    "02_outlook_new_html_only.eml",
    "03_apple_mail_new_with_pdf.eml",
    "04_thunderbird_cc_colleagues.eml",
    "05_iso8859_subject_and_body.eml",
    "06_unknown_charset.eml",
    "07_broken_mime.eml",
    "08_no_message_id.eml",
    "09_forwarded_inline.eml",
    "10_forwarded_as_attachment.eml",
    "11_refused_attachments.eml",
    "12_calendar_invite.eml",
    "13_empty_subject_and_body.eml",
    "14_outlook_inline_logo.eml",
    "15_long_subject.eml",
]


def _files(ticket) -> dict[str, int]:
    return {a.original_name: a.size for a in Attachment.objects.filter(ticket=ticket)}


@pytest.mark.parametrize("name", NEW)
def test_each_message_from_a_client_opens_a_request_p4_with_its_original(world, name):
    receipt = receive(corpus(name))
    assert receipt.outcome == Outcome.TICKET, receipt.detail
    ticket = Ticket.objects.get(pk=receipt.ticket_id)
    assert (ticket.channel, ticket.type, ticket.priority, ticket.status) == (
        "email",
        "request",
        "P4",
        "open",
    )
    assert ticket.requester == world.client_a and ticket.organization == world.org_a
    assert ticket.service == world.service_a  # the first service in production, by name
    assert ticket.title and len(ticket.title) <= 200 and ticket.description
    assert "mensagem-original.eml" in _files(ticket)
    (event,) = ticket.events.filter(type="ticket.created")
    assert (event.actor, event.actor_kind) == (world.client_a, "inbound_email")
    assert event.actor_ref == receipt.message_id  # which message acted
    assert ticket.sla_clocks.count() == 3
    assert OutboxMessage.objects.filter(template="ticket_created", to="ana@a.example").count() == 1


def test_html_only_mail_is_stored_as_text_without_anything_active(world):
    ticket = Ticket.objects.get(pk=receive(corpus("02_outlook_new_html_only.eml")).ticket_id)
    text = ticket.description
    assert "O portal está lento desde as 9h." in text and "usuários não conseguem" in text
    for active in ("<script", "alert('xss')", "<iframe", "onerror", "onload", "<img", "color:red"):
        assert active not in text


def test_attachments_pass_the_upload_checks_and_the_refused_ones_are_named(world):
    ticket = Ticket.objects.get(pk=receive(corpus("11_refused_attachments.eml")).ticket_id)
    assert set(_files(ticket)) == {"app.log", "mensagem-original.eml"}
    assert "ferramenta.exe" in ticket.description and "tela.png" in ticket.description
    pdf = Ticket.objects.get(pk=receive(corpus("03_apple_mail_new_with_pdf.eml")).ticket_id)
    assert "erro-500.pdf" in _files(pdf)
    forwarded = Ticket.objects.get(pk=receive(corpus("10_forwarded_as_attachment.eml")).ticket_id)
    assert "mensagem-encaminhada-1.eml" in _files(forwarded)
    logo = Ticket.objects.get(pk=receive(corpus("14_outlook_inline_logo.eml")).ticket_id)
    assert set(_files(logo)) == {"mensagem-original.eml"}  # the signature logo is not a file


def test_copied_colleagues_of_the_same_organization_become_participants(world):
    ticket = Ticket.objects.get(pk=receive(corpus("04_thunderbird_cc_colleagues.eml")).ticket_id)
    assert list(ticket.participants.all()) == [world.client_a2]  # not Carla (org B), not strangers


def test_charsets_and_encoded_subjects_are_decoded(world):
    ticket = Ticket.objects.get(pk=receive(corpus("05_iso8859_subject_and_body.eml")).ticket_id)
    assert ticket.title == "Solicitação de acesso à integração"
    assert "criação de usuário" in ticket.description
    odd = Ticket.objects.get(pk=receive(corpus("06_unknown_charset.eml")).ticket_id)
    assert "Texto com bytes estranhos" in odd.description
    broken = Ticket.objects.get(pk=receive(corpus("07_broken_mime.eml")).ticket_id)
    assert "servidor de arquivos caiu" in broken.description


def test_no_subject_and_no_text_read_in_the_senders_language(world):
    ticket = Ticket.objects.get(pk=receive(corpus("13_empty_subject_and_body.eml")).ticket_id)
    assert ticket.title == "(sem assunto)" and ticket.description == "(sem texto)"


def test_the_same_message_delivered_twice_is_stored_once(world):
    for name in ("01_gmail_new_plain.eml", "08_no_message_id.eml"):
        first, second = receive(corpus(name)), receive(corpus(name))
        assert first.outcome == Outcome.TICKET and second.outcome == Outcome.DUPLICATE
    assert Ticket.objects.count() == 2
    assert InboundMessage.objects.count() == 2


def test_the_organizations_settings_choose_type_priority_and_service(world):
    world.org_a.email_type, world.org_a.email_priority = "incident", "P2"
    world.org_a.email_service = world.service_a2
    world.org_a.save()
    ticket = Ticket.objects.get(pk=receive(corpus("01_gmail_new_plain.eml")).ticket_id)
    assert (ticket.type, ticket.priority, ticket.service) == ("incident", "P2", world.service_a2)


def test_many_attachments_keep_the_first_ones_and_note_the_rest(world, settings):
    parts = "".join(
        f'--b\r\nContent-Type: text/plain; name="f{i}.txt"\r\n'
        f'Content-Disposition: attachment; filename="f{i}.txt"\r\n\r\nline {i}\r\n'
        for i in range(500)
    )
    raw = (
        "From: ana@a.example\r\nTo: plantao@hiperstream.example\r\nSubject: 500 files\r\n"
        "Message-ID: <five-hundred@a.example>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
        "--b\r\nContent-Type: text/plain\r\n\r\nmany files\r\n" + parts + "--b--\r\n"
    ).encode()
    ticket = Ticket.objects.get(pk=receive(raw).ticket_id)
    assert len(_files(ticket)) == settings.ATTACHMENT_MAX_FILES + 1  # + the original
    assert "(+" in ticket.description  # the refused ones are counted, not all listed


def test_a_message_over_the_size_limit_is_refused_with_a_notice(world, settings):
    settings.INBOUND_MAX_MB = 1
    raw = corpus("01_gmail_new_plain.eml") + b"x" * (1024 * 1024)
    receipt = receive(raw)
    assert receipt.outcome == Outcome.REFUSED and not Ticket.objects.exists()
    notice = OutboxMessage.objects.get(template="intake_refused")
    assert notice.to == "ana@a.example"


def test_the_confirmation_threads_with_the_original_and_carries_a_signed_reply_to(
    world, mailoutbox
):
    receipt = receive(corpus("01_gmail_new_plain.eml"))
    deliver_due()
    (mail,) = [m for m in mailoutbox if m.to == ["ana@a.example"]]
    headers = mail.message()
    assert headers["In-Reply-To"] == "<CAFx9QH3kz1Yw+0aBcD=gmail01@mail.gmail.com>"
    assert headers["References"] == "<CAFx9QH3kz1Yw+0aBcD=gmail01@mail.gmail.com>"
    assert headers["Message-ID"] == thread_root(receipt.ticket_id)
    assert headers["Reply-To"].startswith(f"suporte+{receipt.ticket_id}-")
    assert headers["Auto-Submitted"] == "auto-generated"
