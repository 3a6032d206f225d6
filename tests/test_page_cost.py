"""Pages in constant time: a fixed number of queries whatever the ticket's history, and an
SLA ledger that summarises long stretches (the detail on request)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from helpcenter.tickets import actions
from tests.helpers import open_ticket, upload

OPENED = dt.datetime.fromisoformat("2026-07-01T10:00:00-03:00")


def _queries(client, url, *, cold: bool = True) -> int:
    """Statements of one view of `url`; `cold`: its cached fragments forgotten first
    (portal/fragments.py), as on the first view after a change."""
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _busy(world, ticket, replies: int):
    for i in range(replies):
        actions.add_reply(ticket, body=f"resposta {i}", actor=world.client_a)
        actions.add_internal_note(ticket, body=f"nota {i}", actor=world.agent)


@pytest.mark.parametrize("who", ["client_a", "agent"])
def test_the_ticket_page_costs_the_same_queries_with_1_or_20_replies(client, world, who):
    small, big = open_ticket(world, title="pequeno"), open_ticket(world, title="grande")
    _busy(world, small, 1)
    _busy(world, big, 20)
    client.force_login(getattr(world, who))
    few = _queries(client, reverse("portal:ticket_detail", args=[small.pk]))
    many = _queries(client, reverse("portal:ticket_detail", args=[big.pk]))
    assert few == many


def test_query_budgets(client, world, django_assert_max_num_queries):
    ticket = open_ticket(world)
    _busy(world, ticket, 3)
    client.force_login(world.client_a)
    page = reverse("portal:ticket_detail", args=[ticket.pk])
    client.get(page)  # the conversation and history are now cached (portal/fragments.py)
    with django_assert_max_num_queries(8):
        client.get(page)
    with django_assert_max_num_queries(3):
        client.get(reverse("portal:ticket_list"))
    client.force_login(world.agent)
    client.get(page)
    with django_assert_max_num_queries(12):
        client.get(page)
    with django_assert_max_num_queries(7):
        client.get(reverse("console:queue_default"))


def test_an_old_tickets_ledger_is_summarised_and_whole_on_request(client, world):
    with time_machine.travel(OPENED, tick=False):
        ticket = open_ticket(world, priority="P3")
    with time_machine.travel(OPENED + dt.timedelta(days=139), tick=False):
        client.force_login(world.client_a)
        url = reverse("portal:ticket_detail", args=[ticket.pk])
        assert all(not t.ledger for t in client.get(url).context["sla_targets"])  # on request
        short = client.get(url + "?ledger=summary").context["sla_targets"]
        full = client.get(url + "?ledger=full").context["sla_targets"]
    resolution_short = next(t for t in short if t.kind == "resolution")
    resolution_full = next(t for t in full if t.kind == "resolution")
    assert len(resolution_full.ledger) > 150
    assert len(resolution_short.ledger) <= 40 and resolution_short.summarised
    assert sum((line.working for line in resolution_short.ledger), dt.timedelta()) == sum(
        (line.working for line in resolution_full.ledger), dt.timedelta()
    )
    assert any(line.kind == "week" for line in resolution_short.ledger)


def test_the_client_list_pages_without_counting(client, world):
    for i in range(27):
        open_ticket(world, title=f"T{i:02d}")
    client.force_login(world.client_a)
    with CaptureQueriesContext(connection) as captured:
        first = client.get(reverse("portal:ticket_list"))
    assert not [q for q in captured if "COUNT(" in q["sql"].upper()]
    assert len(first.context["page"].object_list) == 25 and first.context["page"].has_next
    assert "?q=&status=&page=2" in first.content.decode()
    second = client.get(reverse("portal:ticket_list") + "?page=2")
    assert [t.title for t in second.context["page"].object_list] == ["T01", "T00"]
    assert not second.context["page"].has_next and second.context["page"].has_previous
    assert client.get(reverse("portal:ticket_list") + "?page=x").status_code == 200
    assert client.get(reverse("portal:ticket_list") + "?page=99999999999").status_code == 200


def test_the_page_reads_only_the_parts_a_ticket_has_and_shows_each(client, world):
    """A new ticket's page reads no comments, files, CCs or links (the ticket's own
    query says there are none); each part appears once the ticket has it, and an
    internal note alone is not a part a client reads."""
    ticket = open_ticket(world, title="Partes")
    url = reverse("portal:ticket_detail", args=[ticket.pk])
    client.force_login(world.client_a)
    bare = _queries(client, url)
    actions.add_internal_note(ticket, body="nota só da equipe", actor=world.agent)
    assert _queries(client, url) == bare
    assert "nota só da equipe" not in client.get(url).content.decode()

    other = open_ticket(world, title="Outro")
    actions.add_reply(ticket, body="resposta pública", actor=world.client_a)
    actions.add_participants(ticket, people=[world.client_a2], actor=world.client_a)
    actions.link_tickets(ticket, other=other, actor=world.agent)
    with_files = open_ticket(world, title="Com arquivo", attachments=[upload("erro.log")])
    page = client.get(url).content.decode()
    assert "resposta pública" in page and world.client_a2.display_name in page
    assert other.number in page
    assert (
        "erro.log"
        in client.get(reverse("portal:ticket_detail", args=[with_files.pk])).content.decode()
    )
    assert _queries(client, url) > bare
    client.force_login(world.agent)
    assert "nota só da equipe" in client.get(url).content.decode()
