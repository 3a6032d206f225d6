"""Compliance counts on PostgreSQL in one pass over the period's tickets and clocks.

The month of each ticket comes from a join with the period's month boundaries
(computed in Python in the desk's time zone), not from date_trunc() on each row:
PostgreSQL estimates date_trunc(created_at) to have as many values as
created_at itself, so it planned a million groups and sorted three million rows
on disk; with the join it expects (and gets) a few thousand groups, a hash
aggregate, two parallel workers. JIT is off for it: compiling took a good part
of the query's time. bench/reports.py measures it; docs/reports.md has the figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import F, QuerySet, Value

from helpcenter.tickets.models import Ticket

# Which ticket column each breakdown groups by (names are looked up by the caller).
COLUMNS = {
    "organization": "organization_id",
    "priority": "priority",
    "type": "type",
    "service": "service_id",
    "team": "team_id",
}

SQL = """
SELECT m.n, t.bucket_key, c.kind,
       count(*) FILTER (WHERE c.met_at IS NOT NULL OR c.breached),
       count(*) FILTER (WHERE c.breached)
FROM ({tickets}) t
JOIN unnest(%s::timestamptz[], %s::timestamptz[]) WITH ORDINALITY AS m(lo, hi, n)
  ON t.created_at >= m.lo AND t.created_at < m.hi
JOIN slas_slaclock c ON c.ticket_id = t.id
WHERE c.kind = ANY(%s)
GROUP BY 1, 2, 3
"""


def month_counts(
    tickets: QuerySet[Ticket],
    months: Sequence[tuple[str, datetime, datetime]],
    targets: Sequence[str],
    group: str,
) -> list[tuple[int, Any, str, int, int]]:
    """(month number from 1, group key, target, decided, missed) for `tickets`, each
    counted in the month (label, start, end) it was opened in."""
    if not months:
        return []
    column = COLUMNS.get(group)
    chosen = tickets.order_by().annotate(bucket_key=F(column) if column else Value(""))
    ticket_sql, params = chosen.values("id", "created_at", "bucket_key").query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(
            SQL.format(tickets=ticket_sql),
            [
                *params,
                [lo for _label, lo, _hi in months],
                [hi for _label, _lo, hi in months],
                list(targets),
            ],
        )
        return cursor.fetchall()
