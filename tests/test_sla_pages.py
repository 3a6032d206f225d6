"""SLA targets and ledger on the ticket page, and the agent actions behind them."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from helpcenter.slas.models import SlaClock
from helpcenter.tickets.models import Ticket
from helpcenter.tickets.statuses import Status
from tests.helpers import days_ahead, open_ticket

OPENED = dt.datetime.fromisoformat("2026-11-13T17:30:00-03:00")  # a Friday, in the past


@pytest.fixture
def p3(world):
    with time_machine.travel(OPENED, tick=False):
        return open_ticket(world, priority="P3")


def page(client, user, ticket, query: str = "") -> str:
    client.force_login(user)
    response = client.get(reverse("portal:ticket_detail", args=[ticket.pk]) + query)
    assert response.status_code == 200
    return response.content.decode()


def test_client_sees_targets_due_times_and_ledger(client, world, p3):
    with time_machine.travel(dt.datetime.fromisoformat("2026-11-16T08:40:00-03:00"), tick=False):
        html = page(client, world.client_a, p3, "?ledger=summary")
    assert "Primeira resposta" in html and "Resolução" in html
    assert "16/11/2026 08:30" in html  # first response due, São Paulo time
    assert "Violado" in html  # first response breached at 08:40
    assert "Fora do horário de atendimento" in html  # ledger line for the weekend
    assert 'id="staff-panel"' not in html


def test_ticket_page_in_users_time_zone(client, world, p3):
    world.client_a.time_zone = "Europe/Lisbon"
    world.client_a.save()
    with time_machine.travel(OPENED, tick=False):
        html = page(client, world.client_a, p3)
    assert "16/11/2026 11:30" in html  # 08:30 in São Paulo is 11:30 in Lisbon


def test_agent_triages_from_the_page(client, world, p3):
    client.force_login(world.agent)
    url = reverse("portal:ticket_triage", args=[p3.pk])
    data = {
        "ticket_type": "incident",
        "priority": "P1",
        "service": world.service_a.pk,
        "assignee": world.agent.pk,
    }
    response = client.post(url, data, follow=True)
    assert "precisa de um motivo" in response.content.decode()
    assert Ticket.objects.get(pk=p3.pk).status == Status.OPEN
    client.post(url, {**data, "reason": "Checkout is fully down"})
    ticket = Ticket.objects.get(pk=p3.pk)
    assert ticket.status == Status.IN_PROGRESS and ticket.priority == "P1"
    assert ticket.assignee == world.agent
    assert SlaClock.objects.get(ticket=ticket, kind="triage").met_at is not None


def test_agent_pauses_and_resumes(client, world):
    p3 = open_ticket(world, priority="P3")  # opened now: nothing is overdue yet
    client.force_login(world.agent)
    client.post(
        reverse("portal:ticket_triage", args=[p3.pk]),
        {
            "ticket_type": "incident",
            "priority": "P3",
            "service": world.service_a.pk,
            "assignee": world.agent.pk,
        },
    )
    client.post(reverse("portal:ticket_status", args=[p3.pk]), {"status": "waiting_on_client"})
    assert Ticket.objects.get(pk=p3.pk).status == Status.WAITING_ON_CLIENT
    assert SlaClock.objects.get(ticket=p3, kind="resolution").state == "paused"
    html = page(client, world.client_a, p3)
    assert "Pausado" in html
    client.force_login(world.agent)
    client.post(reverse("portal:ticket_status", args=[p3.pk]), {"status": "in_progress"})
    assert SlaClock.objects.get(ticket=p3, kind="resolution").state == "running"


def test_planned_window_from_the_page(client, world):
    def on(days: int) -> str:
        return days_ahead(1 + days).isoformat()

    ticket = open_ticket(
        world, priority="planned", planned_start=days_ahead(1), planned_end=days_ahead(3)
    )
    client.force_login(world.agent)
    bad = client.post(
        reverse("portal:ticket_window", args=[ticket.pk]),
        {"start": on(4), "end": on(0)},
        follow=True,
    )
    assert "anterior ao início" in bad.content.decode()
    client.post(
        reverse("portal:ticket_window", args=[ticket.pk]),
        {"start": on(0), "end": on(3)},
    )
    assert SlaClock.objects.get(ticket=ticket, kind="planned").due_at is not None
    assert "Janela combinada" in page(client, world.client_a, ticket)
