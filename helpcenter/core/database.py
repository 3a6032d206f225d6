"""Keeping the embedded default (SQLite) fast: statistics for its query planner.

SQLite never gathers statistics by itself. Without them it picks an index by
rule, and on a large table it may sort every open ticket to show a page of 50
(docs/performance.md has the figures). `migrate` runs
ANALYZE once (post_migrate), and the worker runs `PRAGMA optimize` when it starts
and every hour after, which re-analyzes only the tables whose statistics went
stale (a quick no-op when none did), so a desk that grew since its last migrate
is planned with its real sizes. PostgreSQL keeps its
own statistics (autovacuum); nothing is done there.
"""

from __future__ import annotations

from django.db import connections


def optimize(*, full: bool = False, using: str = "default") -> bool:
    """ANALYZE (full) or PRAGMA optimize on SQLite; returns whether anything ran."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if full else "PRAGMA optimize")
    return True


def after_migrate(sender, using: str = "default", **kwargs) -> None:
    """post_migrate fires once per app; analyze once, after the last one (core is first)."""
    if sender.label == "core":
        optimize(full=True, using=using)


def optimize_job(*, now) -> int:
    optimize()
    return 0
