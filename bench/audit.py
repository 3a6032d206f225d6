"""The audit chain's cost: ticket creation with and without it, and audit_verify's speed.

1. Eight processes open tickets through the real action (`tickets.actions.open_ticket`)
   for a few seconds, alternately with the chain on and "off" (off: events get a
   number from an in-process counter, no head row lock, no hash), three rounds
   each; the figure is the median rate of each and their ratio.
   Goal: creation drops by less than 10 % with the chain on.
2. `chain.verify()` over N events (default 300,000) written in batches.
   Goal: >= 100,000 events/s.

Run: .venv/bin/python bench/audit.py [--pg] [--seconds S] [--events N]
"""

from __future__ import annotations

import itertools
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.bench_db import database_url, fresh_database  # noqa: E402


def _arg(name: str, default: float) -> float:
    return float(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


PG = "--pg" in sys.argv
SECONDS = _arg("--seconds", 6)
EVENTS = int(_arg("--events", 300_000))
WRITERS = 8
NAME = "helpcenter_bench_audit"

os.environ["DATABASE_URL"] = database_url(NAME, pg=PG)
os.environ.update({"DEBUG": "0", "SECRET_KEY": "bench-" + "k" * 50})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()


def _create_for(job: tuple[tuple, float, bool]) -> int:
    """One writer process: open tickets until the deadline; returns how many."""
    from django.db import connections

    from helpcenter.audit import record
    from helpcenter.tickets import actions

    (org, service, client), stop, chained = job
    if not chained:
        record.chain.append = unchained_append()  # type: ignore[attr-defined]
    done = 0
    try:
        while time.time() < stop:
            actions.open_ticket(
                actor=client,
                organization=org,
                requester=client,
                service=service,
                type="incident",
                priority="P3",
                title=f"Lentidão {os.getpid()}-{done}",
                description="Bench",
            )
            done += 1
    finally:
        connections.close_all()
    return done


def creation_rate(world, seconds: float, *, chained: bool) -> float:
    """WRITERS processes (as gunicorn workers would be) opening tickets at once."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from django.db import connections

    connections.close_all()
    with ProcessPoolExecutor(WRITERS, mp_context=get_context("fork")) as pool:
        pool.submit(time.sleep, 0).result()  # the pool is up before the clock starts
        start = time.time() + 0.5
        stop = start + seconds
        counts = list(pool.map(_create_for, [(world, stop, chained)] * WRITERS))
    return sum(counts) / seconds


def unchained_append():
    """The same inserts without the chain: a process counter instead of the head row."""
    from helpcenter.audit.models import AuditEvent

    counter = itertools.count(10**12 + os.getpid() * 10**7)  # distinct per writer process
    lock = threading.Lock()

    def append(events):
        with lock:
            for event in events:
                event.seq, event.prev_hash, event.hash = next(counter), "", ""
        if len(events) == 1:
            events[0].save(force_insert=True)
        else:
            AuditEvent.objects.bulk_create(events, batch_size=500)

    return append


def main() -> None:
    from django.conf import settings

    from helpcenter.accounts.models import Organization, User
    from helpcenter.audit import chain, record
    from helpcenter.audit.models import AuditEvent
    from helpcenter.audit.verify import verify
    from helpcenter.catalog.models import Service

    settings.MEDIA_ROOT = str(ROOT / "var" / "bench_audit_media")
    fresh_database(NAME, pg=PG)
    org = Organization.objects.create(name="Org A")
    service = Service.objects.create(organization=org, name="Billing API")
    client = User.objects.create_user("ana@a.example", "x", role="client", organization=org)
    world = (org, service, client)
    database = "PostgreSQL" if PG else "SQLite"

    creation_rate(world, 2, chained=True)  # warm-up
    on, off = [], []
    for _ in range(3):
        on.append(creation_rate(world, SECONDS, chained=True))
        off.append(creation_rate(world, SECONDS, chained=False))
    with_chain, without = statistics.median(on), statistics.median(off)
    drop = 1 - with_chain / without
    print(f"audit chain on {database}, {WRITERS} concurrent writers, {SECONDS:.0f} s x 3 rounds:")
    print(f"  ticket creation with the chain {with_chain:.0f}/s, without {without:.0f}/s")
    print(
        f"  drop {drop * 100:.1f} % (goal < 10 %) {'MET' if drop < 0.10 else 'NOT MET'}"
        f"   rounds on {[round(x) for x in on]} off {[round(x) for x in off]}"
    )

    # Leave only the chained events, then grow the chain to EVENTS and verify it.
    from django.db import connection

    from helpcenter.audit import triggers

    with triggers.lifted(connection):
        AuditEvent.objects.filter(seq__gte=10**12).delete()
    have = AuditEvent.objects.count()
    batch = 5000
    while have < EVENTS:
        n = min(batch, EVENTS - have)
        chain.append(
            [
                record._event(
                    "ticket.note_added",
                    actor=None,
                    ticket=None,
                    organization=org,
                    public=False,
                    data={"after": {"n": have + i, "text": "nota"}},
                )
                for i in range(n)
            ]
        )
        have += n
    took = []
    for _ in range(3):
        started = time.perf_counter()
        verdict = verify()
        took.append(time.perf_counter() - started)
        assert verdict.ok, verdict
    rate = verdict.checked / statistics.median(took)
    print(
        f"  audit_verify: {verdict.checked} events in {statistics.median(took):.2f} s (median of 3)"
        f" = {rate:,.0f} events/s (goal >= 100,000) {'MET' if rate >= 100_000 else 'NOT MET'}"
    )


if __name__ == "__main__":
    main()
