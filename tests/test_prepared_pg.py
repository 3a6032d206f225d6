"""On PostgreSQL a statement run twice on a connection is prepared there (config/env.py):
the ticket page's query is planned once per connection, and pages still read right."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.helpers import open_ticket

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_the_ticket_page_query_is_prepared_after_its_second_run(client, world):
    ticket = open_ticket(world)
    client.force_login(world.client_a)
    for _ in range(3):
        page = client.get(f"/tickets/{ticket.pk}/")
        assert page.status_code == 200 and ticket.title.encode() in page.content
    assert any('FROM "tickets_ticket"' in sql for sql in prepared_statements())


def test_a_prepared_read_sees_later_writes(world):
    from helpcenter.tickets.models import Ticket

    ticket = open_ticket(world)
    for title in ("primeiro", "segundo", "terceiro"):
        Ticket.objects.filter(pk=ticket.pk).update(title=title)
        assert Ticket.objects.filter(pk=ticket.pk).values_list("title", flat=True)[0] == title
