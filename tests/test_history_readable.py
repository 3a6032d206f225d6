"""The history says what happened in words: a client's reply that resumes the work, a
triage that keeps the assignee, and the audit page's before and after."""

from __future__ import annotations

import re

from django.urls import reverse

from helpcenter.audit.readable import change_lines
from helpcenter.tickets import actions
from tests.helpers import open_ticket, triaged


def _history(client, user, ticket) -> str:
    client.force_login(user)
    page = client.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
    return page[page.index('id="history"') :]


def test_a_client_reply_that_resumes_the_work_shows_in_the_history(client, world):
    ticket = triaged(world, open_ticket(world))
    ticket = actions.change_status(ticket, status="waiting_on_client", actor=world.agent)
    actions.add_reply(ticket, body="Segue o log pedido.", actor=world.client_a)
    history = _history(client, world.client_a, ticket)
    reply = history[history.index("Resposta pública") :]
    reply = reply[: reply.index("</li>")]
    assert "→ Em atendimento" in reply


def test_triage_that_keeps_the_assignee_shows_no_arrow_to_the_same_person(client, world):
    ticket = triaged(world, open_ticket(world))
    actions.assign_ticket(ticket, assignee=world.agent, actor=world.agent)
    ticket.refresh_from_db()
    name = world.agent.display_name
    history = _history(client, world.agent, ticket)
    assert not re.search(rf"{re.escape(name)}\s*→\s*{re.escape(name)}", history)


def test_the_audit_page_shows_before_and_after_as_people_read_them(admin_client, world):
    ticket = triaged(world, open_ticket(world))
    actions.change_status(ticket, status="waiting_on_client", actor=world.agent)
    page = admin_client.get(reverse("console:audit_trail"), {"object": str(ticket.pk)})
    html = page.content.decode()
    assert "Status: Em atendimento → Aguardando cliente" in html
    assert "{&#x27;" not in html and "{'" not in html  # no Python dicts


def test_change_lines_reads_codes_lists_and_booleans():
    assert change_lines(
        {
            "before": {"priority": "P3", "is_active": True},
            "after": {"priority": "P1", "is_active": False},
            "reason": "Parou tudo",
            "names": ["Ana", "Bruno"],
        }
    ) == [
        "Prioridade: P3 – Médio → P1 – Crítico",
        "Ativo: sim → não",
        "Motivo: Parou tudo",
        "Pessoas: Ana, Bruno",
    ]
    assert change_lines({}) == [] and change_lines(None) == []
