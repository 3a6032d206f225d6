"""The ticket record as a PDF: everything the reader may see, nothing they may not."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from helpcenter.audit.models import AuditEvent
from helpcenter.tickets import actions
from tests.helpers import open_ticket, upload


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def worked(world):
    ticket = open_ticket(world, title="Faturamento fora do ar", attachments=[upload("tela.txt")])
    actions.triage_ticket(
        ticket,
        ticket_type=ticket.type,
        priority=ticket.priority,
        service=ticket.service,
        assignee=world.agent,
        actor=world.agent,
        reason="Confirmado",
    )
    actions.add_reply(ticket, actor=world.agent, body="Estamos verificando o serviço de cobrança.")
    actions.add_internal_note(
        ticket,
        actor=world.agent,
        body="Suspeita: certificado expirado",
        attachments=[upload("segredo.txt")],
    )
    return ticket


def test_the_client_keeps_a_record_without_internal_notes(client, world, worked):
    client.force_login(world.client_a)
    text = pdf_text(client.get(reverse("portal:ticket_record_pdf", args=[worked.pk])))
    flat = " ".join(text.split())
    assert worked.number in flat and "Faturamento fora do ar" in flat
    assert "Estamos verificando o serviço de cobrança." in flat
    assert "certificado expirado" not in flat and "segredo.txt" not in flat and "tela.txt" in flat
    created = AuditEvent.objects.get(ticket=worked, type="ticket.created")
    assert created.hash[:20] in flat.replace(" ", "")
    internal = AuditEvent.objects.filter(ticket=worked, public=False).first()
    if internal is not None:
        assert internal.hash[:20] not in flat.replace(" ", "")


def test_the_agent_record_has_internal_notes_and_the_sla_ledger(client, world, worked):
    client.force_login(world.agent)
    text = " ".join(
        pdf_text(client.get(reverse("portal:ticket_record_pdf", args=[worked.pk]))).split()
    )
    assert "certificado expirado" in text and "segredo.txt" in text
    assert "SLA" in text


def test_another_organization_gets_404(client, world, worked):
    client.force_login(world.client_b)
    assert client.get(reverse("portal:ticket_record_pdf", args=[worked.pk])).status_code == 404


def test_any_text_a_client_types_prints(client, world):
    ticket = open_ticket(
        world, title="Erro 😀 — “aspas” 中文 عربى", description="Linha\x07com\x1bcontrole\n\tTab"
    )
    client.force_login(world.client_a)
    text = pdf_text(client.get(reverse("portal:ticket_record_pdf", args=[ticket.pk])))
    assert ticket.number in text
