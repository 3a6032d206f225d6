"""Full-text search over titles, descriptions and replies.

The actions keep `Ticket.search_text` current. PostgreSQL searches the stored
generated column `search_vector` (to_tsvector('portuguese', search_text), GIN
index; migration tickets.0006); SQLite an FTS5 table kept in sync by triggers
(migration tickets.0004). Callers pass an already scoped queryset.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Case, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from helpcenter.tickets.models import Ticket, parse_number

WORD = re.compile(r"\w+", re.UNICODE)


def refresh_search_text(ticket: Ticket) -> None:
    """Rebuild the searchable text from the ticket and every comment (internal included)."""
    bodies = ticket.comments.order_by("id").values_list("body", flat=True)
    ticket.search_text = "\n".join([ticket.title, ticket.description, *bodies])


def search(queryset: QuerySet[Ticket], text: str, *, prefix: bool = True) -> QuerySet[Ticket]:
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
    star = "*" if prefix else ""
    match = " ".join('"' + w.replace('"', "") + '"' + star for w in words)
    if _common_on_sqlite(match):
        # Many matches: walk the tickets in the page's order (its index) and keep
        # those in the match list, stopping at the page's end; the unary + stops
        # SQLite from instead fetching every match by id and sorting them all
        # (a word in every ticket of 100,000: 91 -> 18 ms).
        return queryset.extra(  # noqa: S610 - fixed SQL; the words are a bound parameter
            where=[f"+tickets_ticket.id IN ({FTS_IDS})"], params=[match]
        )
    return queryset.filter(id__in=RawSQL(FTS_IDS, [match]))  # noqa: S611 - words bound


FTS_IDS = "SELECT rowid FROM tickets_ticket_fts WHERE tickets_ticket_fts MATCH %s"
COMMON = 1000  # matches from which walking the ordered tickets beats sorting the matches


def _common_on_sqlite(match: str) -> bool:
    """Whether `match` finds at least COMMON tickets (counting stops there: a few ms)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({FTS_IDS} LIMIT %s)", [match, COMMON])  # noqa: S608
        return cursor.fetchone()[0] >= COMMON


def find(queryset: QuerySet[Ticket], text: str) -> QuerySet[Ticket]:
    """The tickets of `queryset` that `text` names: by number, in any form people say it
    (`HS-000004`, `hs-4`, `#4`, `000004`, `4`), or by the words of their conversation."""
    number = parse_number(text)
    if number is None:
        return search(queryset, text)
    # And the tickets whose conversation mentions that number as a word ("ver 4").
    mentions = search(queryset, str(number), prefix=False)
    return queryset.filter(Q(pk=number) | Q(pk__in=mentions.values("pk")))


def exact_and_rest(
    queryset: QuerySet[Ticket], text: str
) -> tuple[QuerySet[Ticket] | None, QuerySet[Ticket]]:
    """For lists that page with a cursor: the ticket whose number `text` is (None when
    `text` is no number), to show first on the first page, and what else `find` found."""
    found = find(queryset, text)
    number = parse_number(text)
    if number is None:
        return None, found
    return found.filter(pk=number), found.exclude(pk=number)


def number_first(queryset: QuerySet[Ticket], text: str, *order) -> QuerySet[Ticket]:
    """`queryset` ordered by `order`, the ticket whose number `text` is coming first."""
    number = parse_number(text)
    if number is None:
        return queryset.order_by(*order)
    exact = Case(When(pk=number, then=Value(0)), default=Value(1))
    return queryset.order_by(exact, *order)
