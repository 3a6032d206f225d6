"""Full-text search over titles, descriptions and replies.

The actions keep `Ticket.search_text` current. PostgreSQL searches the stored
generated column `search_vector` (to_tsvector('portuguese', search_text), GIN
index; migration tickets.0006); SQLite an FTS5 table kept in sync by triggers
(migration tickets.0004). Callers pass an already scoped queryset.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from helpcenter.tickets.models import Ticket

WORD = re.compile(r"\w+", re.UNICODE)


def refresh_search_text(ticket: Ticket) -> None:
    """Rebuild the searchable text from the ticket and every comment (internal included)."""
    bodies = ticket.comments.order_by("id").values_list("body", flat=True)
    ticket.search_text = "\n".join([ticket.title, ticket.description, *bodies])


def search(queryset: QuerySet[Ticket], text: str) -> QuerySet[Ticket]:
    words = WORD.findall(text)[:12]
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        # search_vector: a stored generated column with a GIN index (migration 0006).
        return queryset.extra(  # noqa: S610 - fixed SQL; the words are a bound parameter
            where=["tickets_ticket.search_vector @@ plainto_tsquery('portuguese', %s)"],
            params=[" ".join(words)],
        )
    # FTS5: every word as a prefix, quoted so user input is never FTS syntax.
    match = " ".join('"' + w.replace('"', "") + '"*' for w in words)
    ids = RawSQL("SELECT rowid FROM tickets_ticket_fts WHERE tickets_ticket_fts MATCH %s", [match])
    return queryset.filter(id__in=ids)
