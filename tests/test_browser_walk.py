"""The whole walk in real Chromium: a client opens a P1 out of hours, the agent on call
triages with a canned reply (the draft kept through insertion and through another action
on the page), sends with Ctrl+Enter, writes an internal note, resolves; the client closes.
Nobody else is paged once the agent answered."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from helpcenter.console.models import CannedResponse
from helpcenter.oncall import paging
from helpcenter.oncall.models import Page, Rota, RotaMember
from helpcenter.tickets.models import Comment, Ticket
from helpcenter.tickets.statuses import Status
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _contract(default_contract):
    """Live-server tests flush the database between tests: the contract comes back."""


def _login(browser, live_server, user, landing):
    page = browser.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("#login-form button[type=submit]")
    assert page.url.startswith(f"{live_server.url}{landing}")
    return page


WORDS = {
    "pt-br": {
        "first": "Primeira resposta",
        "in_progress": "Em atendimento",
        "note": "Nota interna",
        "resolved": "Resolvido",
        "close": "Sim, encerrar o ticket",
    },
    "en": {
        "first": "First response",
        "in_progress": "In progress",
        "note": "Internal note",
        "resolved": "Resolved",
        "close": "Yes, close the ticket",
    },
}


@pytest.mark.parametrize("language", ["pt-br", "en"])
def test_client_open_agent_triage_canned_note_resolve_client_close(
    browser, live_server, world, settings, monkeypatch, language
):
    """The whole loop, once in Portuguese and once in English (everyone's preference)."""
    words = WORDS[language]
    settings.SITE_URL = live_server.url
    for person in (world.client_a, world.agent):
        person.language = language
        person.save(update_fields=["language"])
    monkeypatch.setattr(paging, "in_business_hours", lambda at: False)  # a night shift
    second = make_user("bruno@support.example", "agent", name="Bruno Plantão")
    rota = Rota.objects.create(
        name="Plantão",
        anchor=timezone.now() - dt.timedelta(hours=1),
        shift_days=7,
        escalate_after_minutes=15,
    )
    RotaMember.objects.create(rota=rota, user=world.agent, position=0)
    RotaMember.objects.create(rota=rota, user=second, position=1)
    CannedResponse.objects.create(
        title="Recebemos", body="Recebemos o {ticket.number}, {requester.name}."
    )

    # The client opens a P1.
    client_page = _login(browser, live_server, world.client_a, "/tickets/")
    assert client_page.locator("html").get_attribute("lang") == language
    client_page.goto(f"{live_server.url}/tickets/new/")
    client_page.check("input[name=type][value=incident]")
    # Each choice's answer arrives before the next: the test database (in-memory SQLite
    # shared between the live server's threads) locks whole tables, so two overlapping
    # requests can fail there as they cannot on a real database.
    client_page.wait_for_load_state("networkidle")
    client_page.check("input[name=priority][value=P1]")
    # The promise follows the choice live (htmx), before anything is sent.
    client_page.wait_for_selector("#promise-hours:has-text('24/7')")
    assert words["first"] in client_page.locator("#promise-dues").inner_text()
    client_page.select_option("#id_service", label=world.service_a.name)
    client_page.fill("#id_title", "Checkout fora do ar")
    client_page.fill("#id_description", "Erro 503 desde 02:10.")
    with client_page.expect_navigation():
        client_page.click("#ticket-form button[type=submit]")
    ticket = Ticket.objects.get()
    assert Page.objects.get().user == world.agent  # the person on call was paged

    # The agent on call: a draft, a canned response inserted where the cursor is.
    agent = _login(browser, live_server, world.agent, "/console/")
    agent.goto(f"{live_server.url}/tickets/{ticket.pk}/")
    box = agent.locator("#compose_body")
    box.fill("Olá!")
    agent.click("#insert-canned")
    assert box.input_value() == f"Olá!\n\nRecebemos o {ticket.number}, Ana A."
    assert agent.url.endswith(f"/tickets/{ticket.pk}/")  # in place: no reload

    # Triage in the side panel reloads the page; the draft comes back.
    agent.select_option("#triage-form select[name=assignee]", str(world.agent.pk))
    with agent.expect_navigation():
        agent.click("#triage-form button[type=submit]")
    assert agent.locator("#ticket-status").inner_text() == words["in_progress"]
    assert agent.locator("#compose_body").input_value().startswith("Olá!")

    # Ctrl+Enter sends the public reply.
    with agent.expect_navigation():
        agent.locator("#compose_body").press("Control+Enter")
    assert "Recebemos o" in agent.locator(".comment").last.inner_text()
    assert agent.locator("#compose_body").input_value() == ""  # the draft is gone once sent

    # An internal note, then resolve.
    agent.check("input[name=visibility][value=internal]")
    agent.fill("#compose_body", "Reiniciado o pool de conexões.")
    with agent.expect_navigation():
        agent.click("#composer-submit")
    assert words["note"] in agent.locator(".comment.internal").inner_text()
    with agent.expect_navigation():
        agent.click("#resolve-form button[type=submit]")
    assert agent.locator("#ticket-status").inner_text() == words["resolved"]

    # Past the escalation time nobody else is woken: the page was answered by handling.
    paging.escalate_due(now=timezone.now() + dt.timedelta(minutes=30))
    assert Page.objects.count() == 1
    assert Page.objects.get().acknowledged_at is not None

    # The client sees the reply (not the note) and closes the ticket.
    client_page.goto(f"{live_server.url}/tickets/{ticket.pk}/")
    text = client_page.locator("main").inner_text()
    assert "Recebemos o" in text and "pool de conexões" not in text
    with client_page.expect_navigation():
        client_page.click(f"text={words['close']}")
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    assert Comment.objects.filter(is_internal=True).count() == 1
    agent.close()
    client_page.close()
