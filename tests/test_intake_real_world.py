"""Structures real mail programs send, each with its expected outcome and readable text.

The messages under tests/mail/real/ were written here to reproduce what a corpus of
real-world mail showed: raw UTF-8 headers (RFC 6532), encoded words in ISO-8859-1
and GB2312, file names in RFC 2231 and RFC 2047 shapes, NUL characters, HTML-only
Outlook replies, quote headers in other languages, an Outlook .msg file that is not
a message, and read receipts (MDN, and Outlook's TNEF).
"""

from __future__ import annotations

import io
import sys

import pytest
from django.core.management import call_command
from django.db import OperationalError

from helpcenter.intake import actions
from helpcenter.intake.actions import receive
from helpcenter.intake.models import InboundMessage, Outcome
from helpcenter.intake.trim import trim_reply
from helpcenter.tickets.models import Attachment, Comment, Ticket
from tests.helpers import open_ticket
from tests.intake_helpers import MAIL, corpus, thread_of

REAL = "real/"


def _new_ticket(name: str) -> Ticket:
    receipt = receive(corpus(REAL + name))
    assert receipt.outcome == Outcome.TICKET, receipt.detail
    ticket = Ticket.objects.get(pk=receipt.ticket_id)
    assert "\ufffd" not in ticket.title + ticket.description
    return ticket


@pytest.mark.parametrize(
    ("name", "title", "text"),
    [
        (
            "50_utf8_raw_headers.eml",
            "Sæying Hello — relatório não abre",
            "O relatório de expedição não abre",
        ),
        (
            "51_iso8859_encoded_words.eml",
            "Relatório de expedição não abre",
            "a expedição está parada",
        ),
        ("52_gb2312_subject.eml", "系统无法登录，请尽快处理", "所有用户都无法登录系统"),
        ("54_nul_characters.eml", "Falha no faturamento", "O faturamento parou."),
        # Raw 8-bit headers that are not UTF-8: read in the charset the body declares.
        ("61_raw_gb2312_headers.eml", "服务器响应缓慢", "服务器从九点开始响应缓慢"),
        ("62_raw_latin1_subject.eml", "Integração de expedição parada", "A integração parou"),
    ],
)
def test_headers_and_bodies_are_decoded_as_written(world, name, title, text):
    ticket = _new_ticket(name)
    assert ticket.title == title
    assert text in ticket.description
    assert "\x00" not in ticket.title + ticket.description


def test_the_sender_name_and_the_record_never_hold_a_nul(world):
    _new_ticket("54_nul_characters.eml")
    record = InboundMessage.objects.get()
    assert record.subject == "Falha no faturamento"


def test_attachment_names_in_every_shape_are_kept(world):
    ticket = _new_ticket("53_attachment_names.eml")
    names = set(Attachment.objects.filter(ticket=ticket).values_list("original_name", flat=True))
    assert names == {
        "relatório_mensal.txt",
        "preços_de_março.txt",
        "log_do_serviço_de_autenticação.txt",
        "captura_de_tela.png",  # no extension: a PNG by its content
        "mensagem-original.eml",
    }
    assert "não aceitos" not in ticket.description and "not accepted" not in ticket.description


@pytest.mark.parametrize(
    ("name", "kept", "gone"),
    [
        (
            "55_outlook_html_reply_pt.eml",
            "Confirmo que voltou a funcionar, obrigada.",
            "Primeira resposta",
        ),
        ("56_outlook_html_original_message.eml", "Still failing after the restart.", "Sent:"),
        ("57_gmail_reply_russian.eml", "Спасибо, теперь работает.", "написал"),
    ],
)
def test_quoted_history_is_trimmed_from_real_reply_shapes(world, name, kept, gone):
    ticket = open_ticket(world)
    receipt = receive(corpus(REAL + name, **thread_of(ticket)))
    assert (receipt.outcome, receipt.ticket_id) == (Outcome.REPLY, ticket.pk), receipt.detail
    body = Comment.objects.get(ticket=ticket).body
    assert body.strip() == kept
    assert gone not in body


def test_an_outlook_msg_file_is_set_aside_with_its_bytes_not_made_a_ticket(world):
    raw = corpus(REAL + "58_outlook_msg_file.eml")
    receipt = receive(raw)
    assert receipt.outcome == Outcome.NOT_A_MESSAGE
    assert not Ticket.objects.exists()
    record = InboundMessage.objects.get()
    assert "not an e-mail message" in record.detail
    with record.original.open("rb") as kept:
        assert kept.read() == raw
    assert receive(raw).outcome == Outcome.DUPLICATE


@pytest.mark.parametrize("name", ["59_read_receipt_mdn.eml", "60_read_receipt_tnef.eml"])
def test_read_receipts_are_automatic_mail(world, name):
    receipt = receive(corpus(REAL + name))
    assert receipt.outcome == Outcome.AUTOMATIC
    assert "receipt" in receipt.detail
    assert not Ticket.objects.exists()


def test_a_message_that_fails_the_same_way_every_time_is_set_aside_not_retried(world, monkeypatch):
    def bug(mail, record, *, too_big):
        raise ValueError("a bug that no retry will fix")

    monkeypatch.setattr(actions, "_route", bug)
    raw = corpus("01_gmail_new_plain.eml")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = io.StringIO()
    call_command("receive_mail", stdout=out)  # exit status 0: the mail server is done with it
    assert out.getvalue().startswith("failed")
    record = InboundMessage.objects.get()
    assert record.outcome == Outcome.FAILED
    assert record.detail == "ValueError: a bug that no retry will fix"
    with record.original.open("rb") as kept:
        assert kept.read() == raw
    assert not Ticket.objects.exists()


def test_a_database_away_is_still_a_temporary_failure(world, monkeypatch):
    def away(mail, record, *, too_big):
        raise OperationalError("the database is away")

    monkeypatch.setattr(actions, "_route", away)
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(corpus("01_gmail_new_plain.eml")))
    )
    with pytest.raises(SystemExit) as stopped:
        call_command("receive_mail", stdout=io.StringIO(), stderr=io.StringIO())
    assert stopped.value.code == 75
    assert not InboundMessage.objects.exists()


def test_no_replacement_character_where_the_whole_corpus_was_decodable(world):
    undecodable = {"06_unknown_charset.eml", "07_broken_mime.eml"}
    for path in sorted(MAIL.glob("[01]*.eml")):
        if path.name in undecodable:
            continue
        receipt = receive(corpus(path.name))
        if receipt.ticket_id:
            ticket = Ticket.objects.get(pk=receipt.ticket_id)
            assert "\ufffd" not in ticket.title + ticket.description, path.name


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Ok.\n\n**De:** Suporte <s@x>  \n**Enviado:** hoje  \n**Para:** Ana\n\nvelho", "Ok."),
        ("Ok.\n\n\\-----Original Message-----  \nFrom: Suporte\n\nvelho", "Ok."),
        ("Ok.\n\n张三 <zhang@example.cn> 于2026年12月7日周一 10:00写道：\n> velho", "Ok."),
        ("Meu contato é <ana@a.example>, ligue.\n\nObrigada", None),
    ],
)
def test_trim_shapes(text, kept):
    assert trim_reply(text) == (kept if kept is not None else text.strip())
