"""A burst of SLA warnings and breaches falling due at once: clocks per second, e-mails per clock.

Goal (issue: speed): the whole burst in <= 60 s on either database, i.e. >= 3,000
clocks/s for 163,000, and e-mails only to the people who must act.

Builds a fresh database (SQLite file under var/, or PostgreSQL helpcenter_sweep_bench
with --pg), N tickets with a warning and a breach each falling due in the past
(half of them assigned, a tenth of them P1/P2), then runs the worker's SLA job until
nothing is due and prints the rate, the e-mails and digest items written per clock.

Run: .venv/bin/python bench/sla_sweep.py [--pg] [N]      (N defaults to 50,000 tickets)
"""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG = "--pg" in sys.argv
args = [a for a in sys.argv[1:] if not a.startswith("--")]
N = int(args[0]) if args else 50_000
NAME = "helpcenter_sweep_bench"

from bench_db import analyze, database_url, fresh_database  # noqa: E402

os.environ["DATABASE_URL"] = database_url(NAME, pg=PG)
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

GOAL = 3000.0


def load() -> None:
    from helpcenter.accounts.models import Organization, User
    from helpcenter.catalog.models import Service
    from helpcenter.slas.models import SlaClock, SlaPolicy
    from helpcenter.tickets.models import Ticket

    org = Organization.objects.create(name="Bench Org")
    service = Service.objects.create(organization=org, name="Bench API")
    client = User.objects.create_user(
        email="c@bench.example", password="x", role="client", organization=org
    )
    agents = [
        User.objects.create_user(email=f"a{i}@support.example", password="x", role="agent")
        for i in range(20)
    ]
    User.objects.create_user(email="admin@support.example", password="x", role="admin")
    policies = {p.priority: p for p in SlaPolicy.objects.filter(organization__isnull=True)}
    now = datetime.now(UTC)
    batch = 5000
    for start in range(0, N, batch):
        tickets = []
        for i in range(start, min(start + batch, N)):
            priority = "P1" if i % 10 == 0 else ("P3" if i % 2 else "P4")
            tickets.append(
                Ticket(
                    organization=org,
                    requester=client,
                    service=service,
                    type="incident",
                    priority=priority,
                    status="in_progress" if i % 2 == 0 else "open",
                    title=f"Bench ticket {i}",
                    description="x",
                    search_text="x",
                    assignee=agents[i % 20] if i % 2 == 0 else None,
                    sla_policy=policies[priority],
                    created_at=now - timedelta(hours=30),
                )
            )
        Ticket.objects.bulk_create(tickets, batch_size=1000)
    clocks = []
    for ticket_id in Ticket.objects.values_list("pk", flat=True).iterator():
        clocks.append(
            SlaClock(
                ticket_id=ticket_id,
                kind="first_response",
                target_seconds=3600,
                due_at=now - timedelta(hours=1),
                warn_at=now - timedelta(hours=1, minutes=15),
            )
        )
        clocks.append(
            SlaClock(
                ticket_id=ticket_id,
                kind="resolution",
                target_seconds=86400,
                due_at=now + timedelta(hours=5),
                warn_at=now - timedelta(minutes=1),
            )
        )
        if len(clocks) >= 10000:
            SlaClock.objects.bulk_create(clocks, batch_size=2000)
            clocks = []
    SlaClock.objects.bulk_create(clocks, batch_size=2000)
    analyze()


def main() -> None:
    from helpcenter.notifications.models import OutboxMessage
    from helpcenter.slas import jobs

    fresh_database(NAME, pg=PG)
    t0 = time.perf_counter()
    load()
    print(f"loaded {N:,} tickets (2 clocks each) in {time.perf_counter() - t0:.0f} s")
    due = N * 2 + N  # a warning on each clock, a breach on the first-response clock
    started = time.perf_counter()
    done = 0
    now = datetime.now(UTC)
    while True:
        n = jobs.run(now=now)
        if not n:
            break
        done += n
    elapsed = time.perf_counter() - started
    immediate = OutboxMessage.objects.count()
    digests = 0
    try:
        from helpcenter.notifications.digests import flush_digests
        from helpcenter.notifications.models import DigestItem

        digests = DigestItem.objects.count()
        later = now + timedelta(hours=1)
        while flush_digests(now=later):
            pass
    except ImportError:
        pass
    mails = OutboxMessage.objects.count()
    rate = done / elapsed if elapsed else 0.0
    print(f"database: {connection.vendor}")
    print(f"due warnings and breaches: {due:,}; handled {done:,} in {elapsed:.1f} s")
    print(
        f"clocks per second: {rate:,.0f}  (goal >= {GOAL:,.0f}: {'met' if rate >= GOAL else 'NOT met'})"
    )
    if done:
        print(
            f"e-mails written: {mails:,} ({mails / done:.3f} per warning/breach): "
            f"{immediate:,} at once (P1/P2), {mails - immediate:,} digests of {digests:,} "
            f"routine notices"
        )


if __name__ == "__main__":
    main()
