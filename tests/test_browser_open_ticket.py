"""The client's open-a-ticket path in real Chromium (Debian's package) via Playwright."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpcenter.notifications.delivery import deliver_due
from helpcenter.notifications.models import OutboxMessage
from helpcenter.tickets.models import Ticket
from helpcenter.tickets.statuses import Status
from tests.conftest import PASSWORD
from tests.helpers import open_ticket

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _contract(default_contract):
    """Live-server tests flush the database between tests: the contract comes back."""


def test_client_opens_p1_ticket_in_chromium(browser, live_server, world, smtp_server, settings):
    settings.SITE_URL = live_server.url
    page = browser.new_page(locale="en-US")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", world.client_a.email)
    page.fill("#id_password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/tickets/")

    page.goto(f"{live_server.url}/tickets/new/")
    notice = page.locator("#emergency-notice")
    assert not notice.is_visible()
    # Submitting empty keeps the page and marks the required fields, in pt-BR.
    page.click("button:has-text('Enviar')")
    assert page.locator("#field-title .error").inner_text() == "Este campo é obrigatório."

    page.check("input[name=type][value=incident]")
    page.check("input[name=priority][value=P1]")
    assert notice.is_visible()
    assert "+55 11 5194-1410" in notice.inner_text()
    page.select_option("#id_service", label=world.service_a.name)
    page.fill("#id_title", "Portal fora do ar")
    page.fill("#id_description", "Erro 503 para todos os usuários desde 10:02.")
    page.check(f"input[name=participants][value='{world.client_a2.pk}']")
    page.set_input_files(
        "#id_attachments",
        files=[
            {"name": "erro.log", "mimeType": "text/plain", "buffer": b"503 Service Unavailable\n"}
        ],
    )
    page.click("button:has-text('Enviar')")
    page.wait_for_url(f"{live_server.url}/tickets/*/")

    ticket = Ticket.objects.get()
    assert ticket.status == Status.OPEN and ticket.priority == "P1"
    assert page.locator("h1").inner_text().startswith(ticket.number)
    assert page.locator("#ticket-status").inner_text() == "Aberto"
    assert "erro.log" in page.content()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ticket_detail.png"), full_page=True)

    deliver_due()
    sent = OutboxMessage.objects.filter(template="ticket_created", status="sent")
    assert sorted(m.to for m in sent) == ["ana@a.example", "bruno@a.example"]
    received = {r for m in smtp_server.messages for r in m.rcpt_tos}
    assert {"ana@a.example", "bruno@a.example"} <= received
    page.close()


def test_agent_triages_and_replies_in_chromium(browser, live_server, world, settings):
    from helpcenter.slas.models import SlaClock

    settings.SITE_URL = live_server.url
    ticket = open_ticket(world, priority="P3", title="Relatório não gera")
    page = browser.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", world.agent.email)
    page.fill("#id_password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/console/")
    with page.expect_navigation():
        page.click(f"text={ticket.title}")
    page.wait_for_url(f"{live_server.url}/tickets/{ticket.pk}/")

    # Triage: raise to P2 without a reason is refused with a message; then with one.
    page.select_option("#triage-form select[name=priority]", "P2")
    with page.expect_navigation():
        page.click("#triage-form button[type=submit]")
    assert "precisa de um motivo" in page.locator(".messages").inner_text()
    page.select_option("#triage-form select[name=priority]", "P2")
    page.fill("#triage-form input[name=reason]", "Afeta o fechamento do mês")
    with page.expect_navigation():
        page.click("#triage-form button[type=submit]")
    assert page.locator("#ticket-status").inner_text() == "Em atendimento"

    page.fill("#composer-form textarea[name=body]", "Já estamos analisando os logs.")
    with page.expect_navigation():
        page.click("#composer-submit")
    assert "Já estamos analisando os logs." in page.locator(".comment").last.inner_text()
    assert "Cumprido" in page.locator("#sla-first_response").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "agent_ticket.png"), full_page=True)
    page.close()

    ticket.refresh_from_db()
    assert ticket.priority == "P2" and ticket.assignee == world.agent
    clocks = {c.kind: c for c in SlaClock.objects.filter(ticket=ticket)}
    assert clocks["first_response"].state == "met" and clocks["triage"].state == "met"
