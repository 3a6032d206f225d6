"""The agents' console: queues, filters, search, keyset pages, bulk changes, phone intake."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from helpcenter.notifications.models import OutboxMessage
from helpcenter.tickets import actions
from helpcenter.tickets.models import Channel, Ticket
from helpcenter.tickets.statuses import Status
from tests.helpers import open_ticket


def listed(client, user, url) -> list[str]:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return [t.title for t in response.context["page"].tickets]


def triage(world, ticket, agent=None, priority=None):
    return actions.triage_ticket(
        ticket,
        ticket_type=ticket.type,
        priority=priority or ticket.priority,
        service=ticket.service,
        assignee=agent or world.agent,
        actor=world.agent,
        reason="re-prioritized" if priority else "",
    )


@time_machine.travel(dt.datetime.fromisoformat("2026-11-21T10:00:00-03:00"))  # a Saturday
def test_queues(client, world):
    fresh = open_ticket(world, title="fresh", priority="P4")
    urgent = open_ticket(world, title="urgent", priority="P1")
    mine = open_ticket(world, title="mine", priority="P3")
    waiting = open_ticket(world, title="waiting", priority="P3")
    done = open_ticket(world, requester=world.client_b, title="done", priority="P3")
    triage(world, mine)
    triage(world, waiting)
    actions.change_status(waiting, status=Status.WAITING_ON_CLIENT, actor=world.agent)
    actions.resolve_ticket(done, actor=world.agent)

    def q(view: str) -> str:
        return reverse("console:queue", args=[view])

    assert listed(client, world.agent, q("unassigned")) == [
        "urgent",
        "fresh",
    ]  # next deadline first
    # "mine": the running ticket first; the paused one has no running deadline.
    assert listed(client, world.agent, q("mine")) == ["mine", "waiting"]
    assert listed(client, world.agent, q("urgent")) == ["urgent"]
    assert listed(client, world.agent, q("waiting")) == ["waiting"]
    assert "done" in listed(client, world.agent, q("all"))
    breaching = listed(client, world.agent, q("breaching"))
    assert breaching[0] == "urgent" and "done" not in breaching  # resolved: nothing runs
    # The relationship manager sees only the organizations they manage.
    assert "done" not in listed(client, world.manager, q("all"))
    assert fresh and urgent


def test_filters_and_search_over_replies(client, world):
    a = open_ticket(world, title="Fatura duplicada", priority="P3")
    open_ticket(world, requester=world.client_b, title="Loja lenta", priority="P2")
    actions.add_reply(a, body="O boleto de número 98765 veio em dobro", actor=world.client_a)
    all_url = reverse("console:queue", args=["all"])
    assert listed(client, world.agent, all_url + "?priority=P2") == ["Loja lenta"]
    assert listed(client, world.agent, f"{all_url}?organization={world.org_a.pk}") == [
        "Fatura duplicada"
    ]
    assert listed(client, world.agent, all_url + "?q=boleto") == ["Fatura duplicada"]
    assert listed(client, world.agent, all_url + "?q=lenta") == ["Loja lenta"]
    assert listed(client, world.agent, all_url + "?q=inexistente") == []
    # Search text is never search syntax.
    assert listed(client, world.agent, all_url + '?q="OR" NEAR(*)') == []


def test_keyset_pagination_has_no_gaps_or_repeats(client, world):
    for i in range(120):
        Ticket.objects.create(
            organization=world.org_a,
            requester=world.client_a,
            service=world.service_a,
            type="incident",
            priority="P4",
            title=f"bulk {i:03d}",
            description="x",
        )
    client.force_login(world.agent)
    url = reverse("console:queue", args=["all"])
    seen: list[str] = []
    pages = 0
    while url and pages < 10:
        response = client.get(url)
        page = response.context["page"]
        seen += [t.title for t in page.tickets]
        pages += 1
        url = (
            (reverse("console:queue", args=["all"]) + f"?after={page.next_cursor}")
            if page.next_cursor
            else None
        )
    assert pages == 3
    assert len(seen) == len(set(seen)) == 120
    assert client.get(reverse("console:queue", args=["all"]) + "?after=garbage").status_code == 200


def test_bulk_assign_and_status(client, world):
    t1 = open_ticket(world, title="one")
    t2 = open_ticket(world, title="two")
    client.force_login(world.agent)
    client.post(
        reverse("console:bulk"),
        {"ids": [t1.pk, t2.pk], "action": "assign", "assignee": world.agent.pk},
    )
    assert set(Ticket.objects.values_list("assignee_id", flat=True)) == {world.agent.pk}
    response = client.post(
        reverse("console:bulk"), {"ids": [t1.pk], "action": "status_waiting_on_client"}, follow=True
    )
    assert "Faça a triagem do ticket primeiro." in response.content.decode()  # refused, with reason
    assert Ticket.objects.get(pk=t1.pk).status == Status.OPEN


def test_bulk_ignores_tickets_outside_the_agents_scope(client, world):
    foreign = open_ticket(world, requester=world.client_b)
    client.force_login(world.manager)  # manages org A only
    client.post(
        reverse("console:bulk"),
        {"ids": [foreign.pk], "action": "assign", "assignee": world.agent.pk},
    )
    assert Ticket.objects.get(pk=foreign.pk).assignee is None


def test_phone_intake_opens_ticket_for_the_caller(client, world):
    client.force_login(world.agent)
    response = client.post(
        reverse("console:phone_intake"),
        {
            "requester": world.client_a.pk,
            "type": "incident",
            "priority": "P1",
            "service": world.service_a.pk,
            "title": "Site fora do ar (telefone)",
            "description": "Cliente ligou às 03:10: erro 500 em tudo.",
        },
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and ticket.channel == Channel.PHONE
    assert ticket.requester == world.client_a and ticket.status == Status.OPEN
    assert ticket.events.get(type="ticket.created").actor == world.agent
    assert OutboxMessage.objects.filter(template="ticket_created", to="ana@a.example").exists()


def test_phone_intake_refuses_service_of_another_org(client, world):
    client.force_login(world.agent)
    response = client.post(
        reverse("console:phone_intake"),
        {
            "requester": world.client_a.pk,
            "type": "incident",
            "priority": "P3",
            "service": world.service_b.pk,
            "title": "x",
            "description": "y",
        },
    )
    assert response.status_code == 400 and Ticket.objects.count() == 0
    assert "outra organização" in response.content.decode()


@pytest.mark.parametrize("view", ["unassigned", "mine", "urgent", "breaching", "waiting", "all"])
def test_every_queue_renders(client, world, view):
    open_ticket(world)
    client.force_login(world.agent)
    assert client.get(reverse("console:queue", args=[view])).status_code == 200
