"""A major incident at scale: link N open tickets across 200 organizations, post one
public update (a reply on every linked ticket, through the ticket actions), and read
the status page right after.

Run: .venv/bin/python bench/incident.py [--pg] [N]     (N tickets, default 5000)
goal: declaring + linking and posting the update each queue everything in < 5 s on
PostgreSQL; the update is on the status page at once.
Not measured here: delivery exactly once with a worker killed mid-batch (the
outbox's dedupe keys and leases are what tests/test_outbox_lease.py proves).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.bench_db import database_url, fresh_database  # noqa: E402

PG = "--pg" in sys.argv
ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
N = int(ARGS[0]) if ARGS else 5000
ORGS = min(200, max(1, N // 5))
GOAL = 5.0

os.environ["DATABASE_URL"] = database_url("helpcenter_bench_incident", pg=PG)
os.environ.update({"DEBUG": "0", "SECRET_KEY": "bench-" + "k" * 50})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()


def main() -> None:
    from helpcenter.accounts.models import Organization, User
    from helpcenter.catalog.models import Service
    from helpcenter.incidents import actions
    from helpcenter.incidents.status import public_status
    from helpcenter.notifications.models import OutboxMessage
    from helpcenter.tickets.actions import open_ticket
    from helpcenter.tickets.models import Comment

    fresh_database("helpcenter_bench_incident", pg=PG)
    agent = User.objects.create_user("agent@support.example", "x", role="agent", full_name="Agente")
    services, clients = [], []
    for i in range(ORGS):
        org = Organization.objects.create(name=f"Org {i:03d}")
        services.append(Service.objects.create(organization=org, name="Checkout"))
        clients.append(
            User.objects.create_user(
                f"c{i}@org{i}.example", "x", role="client", organization=org, full_name=f"C {i}"
            )
        )
    started = time.perf_counter()
    tickets = [
        open_ticket(
            organization=clients[i % ORGS].organization,
            requester=clients[i % ORGS],
            actor=clients[i % ORGS],
            type="incident",
            priority="P2",
            service=services[i % ORGS],
            title=f"Checkout fora {i}",
            description="502",
        )
        for i in range(N)
    ]
    setup = time.perf_counter() - started
    OutboxMessage.objects.all().delete()

    t0 = time.perf_counter()
    incident = actions.declare_incident(
        title="Plataforma de pagamentos",
        impact="",
        services=services,
        commander=agent,
        actor=agent,
        tickets=tickets,
    )
    declare = time.perf_counter() - t0

    t0 = time.perf_counter()
    sent = actions.post_update(
        incident, body="Gateway reiniciado.", public=True, state="identified", actor=agent
    )
    update = time.perf_counter() - t0
    replies = Comment.objects.filter(body__startswith=f"[{incident.number}]").count()
    queued = OutboxMessage.objects.filter(template="reply_added").count()

    t0 = time.perf_counter()
    shown = any(
        u["body"] == "Gateway reiniciado."
        for i in public_status()["incidents"]
        for u in i["updates"]
    )
    status_read = time.perf_counter() - t0

    database = "PostgreSQL" if PG else "SQLite"
    print(f"incident on {database}: {N} tickets in {ORGS} organizations (set up in {setup:.1f} s)")
    print(
        f"  declare + link {N}: {declare:.2f} s (goal < {GOAL:.0f} s) "
        f"{'MET' if declare < GOAL else 'NOT MET'}"
    )
    print(
        f"  one public update: {update:.2f} s for {len(sent.replied)} replies, {queued} e-mails "
        f"queued (goal < {GOAL:.0f} s) {'MET' if update < GOAL else 'NOT MET'}; "
        f"{update / max(1, len(sent.replied)) * 1000:.2f} ms per ticket"
    )
    print(f"  replies written: {replies} (expected {N}); on the status page at once: {shown}")
    print(f"  status page build after the update: {status_read * 1000:.1f} ms")
    assert replies == N and shown


if __name__ == "__main__":
    main()
