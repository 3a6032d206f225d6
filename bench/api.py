"""Ticket creation through the REST API: 8 concurrent clients against gunicorn (2 workers),
DEBUG=0, each with its own token and keep-alive connection, for a fixed time.

Run: .venv/bin/python bench/api.py [--pg] [--seconds S] [--tickets N]
(--tickets: N tickets with a comment each loaded first, as bench/peer.py gives the peer)
Goal (PostgreSQL): >= 300 tickets/s (3x django-helpdesk's API, 68-91/s on the day it was
measured), p95 < 100 ms; bench/peer.py --api measures the ratio in one run.
"""

from __future__ import annotations

import http.client
import json
import os
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG = "--pg" in sys.argv
argv = sys.argv[1:]
SECONDS = float(argv[argv.index("--seconds") + 1]) if "--seconds" in argv else 15.0
TICKETS = int(argv[argv.index("--tickets") + 1]) if "--tickets" in argv else 0
CLIENTS = 8
NAME = "helpcenter_api_bench"
GOAL_RATE, GOAL_P95 = (300.0, 100.0) if PG else (150.0, 100.0)

from bench_db import analyze, fresh_database, served_env  # noqa: E402
from load_client import gunicorn, pct  # noqa: E402

ENV = served_env(NAME, pg=PG, API_RATE_PER_MINUTE="1000000")
os.environ.update(ENV)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402


def setup() -> tuple[list[str], int]:
    from helpcenter.accounts.models import Organization, User
    from helpcenter.api.actions import create_token
    from helpcenter.catalog.models import Service

    fresh_database(NAME, pg=PG)
    org = Organization.objects.create(name="Bench")
    service = Service.objects.create(organization=org, name="API")
    tokens = []
    for n in range(CLIENTS):
        user = User.objects.create_user(
            f"erp{n}@bench.example", "x", role="client", organization=org, full_name=f"ERP {n}"
        )
        tokens.append(create_token(user, name="bench", actor=user)[1])
    if TICKETS:
        load_tickets(org, service, user)
    return tokens, service.pk


def load_tickets(org, service, requester) -> None:
    """TICKETS older tickets with a comment each, bulk-written (no clocks or events)."""
    from helpcenter.slas.models import SlaPolicy
    from helpcenter.tickets.models import Comment, Ticket

    policies = {p.priority: p for p in SlaPolicy.objects.filter(organization__isnull=True)}
    now = datetime.now(UTC)
    for start in range(0, TICKETS, 5000):
        rows = [
            Ticket(
                organization=org,
                requester=requester,
                service=service,
                type="incident",
                priority=("P1", "P2", "P3", "P4")[i % 4],
                status=("open", "in_progress", "resolved", "closed")[i % 4],
                title=f"ERP alert {i}",
                description="Queue depth above threshold.",
                search_text=f"ERP alert {i}",
                sla_policy=policies[("P1", "P2", "P3", "P4")[i % 4]],
                created_at=now - timedelta(minutes=TICKETS - i),
            )
            for i in range(start, min(start + 5000, TICKETS))
        ]
        Ticket.objects.bulk_create(rows, batch_size=1000)
        Comment.objects.bulk_create(
            [Comment(ticket=t, author=requester, body="Still failing.") for t in rows],
            batch_size=1000,
        )
    analyze()


def drive(port: int, tokens: list[str], service_id: int) -> tuple[list[float], int]:
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + SECONDS

    def run(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {
            "Authorization": f"Bearer {tokens[k]}",
            "Content-Type": "application/json",
            "Host": "127.0.0.1",
        }
        n = 0
        while time.perf_counter() < stop:
            n += 1
            body = json.dumps(
                {
                    "type": "incident",
                    "priority": "P3",
                    "service": service_id,
                    "title": f"ERP alert {k}-{n}",
                    "description": "Queue depth above threshold on the billing worker.",
                }
            )
            t = time.perf_counter()
            conn.request(
                "POST",
                "/api/v1/tickets",
                body=body,
                headers={**headers, "Idempotency-Key": f"{k}-{n}"},
            )
            response = conn.getresponse()
            response.read()
            ms = (time.perf_counter() - t) * 1000
            with lock:
                if response.status == 201:
                    times.append(ms)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=run, args=(k,)) for k in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, errors[0]


def main() -> None:
    tokens, service_id = setup()
    connection.close()
    with gunicorn(ROOT, ENV) as port:
        times, errors = drive(port, tokens, service_id)
    rate = len(times) / SECONDS
    p95 = pct(times, 0.95)
    database = "PostgreSQL" if PG else "SQLite"
    print(f"API ticket creation on {database}, {CLIENTS} clients, gunicorn -w 2, {SECONDS:g} s:")
    print(
        f"  {rate:,.0f} tickets/s (goal >= {GOAL_RATE:g}: {'met' if rate >= GOAL_RATE else 'NOT met'}); "
        f"p50 {pct(times, 0.5):.1f} ms, p95 {p95:.1f} ms "
        f"(goal < {GOAL_P95:g}: {'met' if p95 < GOAL_P95 else 'NOT met'}); "
        f"{len(times):,} created, {errors} errors"
    )


if __name__ == "__main__":
    main()
