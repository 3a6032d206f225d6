"""With 1,000,000 open tickets in PostgreSQL, how long does finding due warnings and breaches take?

Goal (issue: SLA engine): under 50 ms. Loads the data once into its own
database (helpcenter_bench; kept between runs, --reload to rebuild), then times
the worker's two queries (the batch of 200 it claims, through the partial
indexes) and prints median and p95 of 50 runs each.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/helpcenter_bench .venv/bin/python bench/sla_due_query.py
"""

from __future__ import annotations

import io
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helpcenter_bench")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from helpcenter.accounts.models import Organization, User  # noqa: E402
from helpcenter.catalog.models import Service  # noqa: E402
from helpcenter.slas import jobs  # noqa: E402
from helpcenter.slas.models import SlaClock  # noqa: E402
from helpcenter.tickets.models import Ticket  # noqa: E402

N = int(os.environ.get("BENCH_TICKETS", "1000000"))
GOAL_MS = 50.0


def ensure_database() -> None:
    import psycopg

    name = connection.settings_dict["NAME"]
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def load(now: datetime) -> None:
    call_command("migrate", verbosity=0)
    if Ticket.objects.count() >= N and "--reload" not in sys.argv:
        return
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE tickets_ticket, slas_slaclock, audit_auditevent CASCADE")
    org, _ = Organization.objects.get_or_create(name="Bench Org")
    service, _ = Service.objects.get_or_create(organization=org, name="Bench Service")
    user = User.objects.filter(email="bench@bench.example").first() or User.objects.create_user(
        "bench@bench.example", "x", role="client", organization=org
    )
    rng = random.Random(7)
    print(f"loading {N:,} open tickets and {3 * N:,} clocks ...", flush=True)
    t0 = time.perf_counter()
    raw = connection.connection  # psycopg 3 connection under Django's wrapper
    chunk = 100_000
    for start in range(0, N, chunk):
        tickets = io.StringIO()
        for i in range(start, min(start + chunk, N)):
            opened = now - timedelta(minutes=rng.randrange(0, 60 * 24 * 30))
            tickets.write(
                f"{i + 1}\t{org.pk}\t{user.pk}\t{service.pk}\tincident\tP3\topen\tportal\tt\td\t"
                f"{opened.isoformat()}\t{opened.isoformat()}\t1\tt d\t\n"
            )
        tickets.seek(0)
        with (
            raw.cursor() as cur,
            cur.copy(
                "COPY tickets_ticket (id, organization_id, requester_id, service_id, type, priority,"
                " status, channel, title, description, created_at, updated_at, version, search_text,"
                " source_message_id) FROM STDIN"
            ) as copy,
        ):
            copy.write(tickets.read())
    with raw.cursor() as cur:
        # Three clocks a ticket; most deadlines lie in the future, a few have passed
        # and were already notified, a handful are due now.
        cur.execute(
            """
            INSERT INTO slas_slaclock (ticket_id, kind, target_seconds, used_seconds, due_at, warn_at,
                                       state, breached, computed_at, warned_at, breach_notified_at)
            SELECT t.id, k.kind, 3600, 0,
                   now() + (random() * interval '30 days') - interval '2 days',
                   now() + (random() * interval '30 days') - interval '3 days',
                   'running', false, now(), NULL, NULL
            FROM tickets_ticket t CROSS JOIN (VALUES ('first_response'), ('triage'), ('resolution')) k(kind)
            """
        )
        # Past deadlines were handled by earlier passes except ~0.01%.
        cur.execute(
            "UPDATE slas_slaclock SET warned_at = now() WHERE warn_at <= now() AND random() > 0.0001"
        )
        cur.execute(
            "UPDATE slas_slaclock SET breach_notified_at = now(), state = 'breached', breached = true"
            " WHERE due_at <= now() AND random() > 0.0001"
        )
        cur.execute("SELECT setval(pg_get_serial_sequence('tickets_ticket', 'id'), %s)", [N + 1])
    raw.commit()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE tickets_ticket")
        cursor.execute("VACUUM ANALYZE slas_slaclock")
    print(f"loaded in {time.perf_counter() - t0:.0f} s", flush=True)


def timed(label: str, fn, runs: int = 50) -> None:
    fn()  # warm the cache
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        rows = fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    median = statistics.median(samples)
    p95 = samples[int(len(samples) * 0.95) - 1]
    verdict = "OK" if p95 < GOAL_MS else "MISSED"
    print(
        f"  {label:<34} median {median:7.2f} ms   p95 {p95:7.2f} ms   ({rows} rows)   goal < {GOAL_MS:.0f} ms   {verdict}"
    )


def main() -> None:
    ensure_database()
    connection.close()
    now = datetime.now(UTC)
    load(now)
    open_count = Ticket.objects.filter(status="open").count()
    clocks = SlaClock.objects.count()
    print(f"{open_count:,} open tickets, {clocks:,} clocks in PostgreSQL")
    timed(
        "due warnings (batch of 200)",
        lambda: len(list(jobs.due_warnings(now).values_list("id", flat=True)[:200])),
    )
    timed(
        "due breaches (batch of 200)",
        lambda: len(list(jobs.due_breaches(now).values_list("id", flat=True)[:200])),
    )
    with connection.cursor() as cursor:
        sql, params = (
            jobs.due_breaches(now).values_list("id", flat=True)[:200].query.sql_with_params()
        )
        cursor.execute("EXPLAIN " + sql, params)
        print("  plan:", " | ".join(r[0].strip() for r in cursor.fetchall()[:3]))


if __name__ == "__main__":
    main()
