"""Both shapes of the SQLite search (tickets/search.py) find the same tickets in the
same order: the list of matches for a rare word, the walk in the page's order for a
common one (COMMON lowered here so that a few tickets are "many")."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helpcenter.tickets import search as ticket_search
from helpcenter.tickets.selectors import visible_tickets
from tests.helpers import open_ticket


@pytest.mark.parametrize("common", [1000, 2])
def test_a_common_and_a_rare_word_find_the_same_tickets_in_either_shape(world, monkeypatch, common):
    monkeypatch.setattr(ticket_search, "COMMON", common)
    for i in range(4):
        open_ticket(world, title=f"Lentidão no portal {i}")
    open_ticket(world, title="Erro raro xyzzy")
    tickets = visible_tickets(world.agent).order_by("-created_at", "-id")
    with CaptureQueriesContext(connection) as captured:
        found = [t.title for t in ticket_search.search(tickets, "lentidão")]
    assert found == [f"Lentidão no portal {i}" for i in (3, 2, 1, 0)]
    assert [t.title for t in ticket_search.search(tickets, "xyzzy")] == ["Erro raro xyzzy"]
    assert list(ticket_search.search(tickets, "nada-disso-aqui")) == []
    walked = any("+tickets_ticket.id IN" in q["sql"] for q in captured)
    assert walked == (connection.vendor == "sqlite" and common == 2)
