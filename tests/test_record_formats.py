"""Every number and date is written for the reader's language, the same on the page,
in the PDFs and in e-mail; the record PDF labels messages as nouns, says when a target
was met, and never shows a small file as "0 KB"."""

from __future__ import annotations

import io

from django.urls import reverse
from django.utils import formats, translation
from pypdf import PdfReader

from helpcenter.core.numbers import file_size, hours, percent
from helpcenter.tickets import actions
from tests.helpers import open_ticket, upload


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_numbers_follow_the_language():
    with translation.override("pt-br"):
        assert (percent(87.5), hours(5400), file_size(89)) == ("87,5 %", "1,5 h", "89 bytes")
    with translation.override("en"):
        assert (percent(87.5), hours(5400), file_size(89)) == ("87.5 %", "1.5 h", "89 bytes")
    assert percent(None) == hours(None) == "—"


def test_english_dates_have_one_order_and_24_hour_times():
    import datetime as dt

    moment = dt.datetime(2026, 12, 2, 8, 50)
    with translation.override("en"):
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "02/12/2026 08:50"
        assert "a.m." not in formats.date_format(moment, "DATETIME_FORMAT")
    with translation.override("pt-br"):
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "02/12/2026 08:50"


def test_the_record_pdf_reads_right(client, world):
    ticket = open_ticket(world, attachments=[upload("erro.log", b"x" * 89)])
    ticket = actions.triage_ticket(
        ticket,
        ticket_type=ticket.type,
        priority=ticket.priority,
        service=ticket.service,
        assignee=world.agent,
        actor=world.agent,
    )
    actions.add_reply(ticket, body="Estamos verificando.", actor=world.agent)
    client.force_login(world.client_a)
    pdf = client.get(reverse("portal:ticket_record_pdf", args=[ticket.pk])).content
    text = _text(pdf)
    assert "Resposta pública ·" in text and "Responder ·" not in text
    assert "89 bytes" in text and "0 KB" not in text
    assert "Cumprido em" in text
    assert "Vence —" not in text and "Vence\n—" not in text
