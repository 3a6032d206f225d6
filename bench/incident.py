"""A major incident at scale: link N open tickets across 200 organizations, post one
public update, read the status page right after, then let two real workers carry
the update to every ticket (a reply through the ticket actions, an e-mail to each
requester through the outbox to an SMTP sink), killing one of them mid-batch.

Run: .venv/bin/python bench/incident.py [--pg] [N]     (N tickets, default 5000)
goal: declaring + linking and posting the update each queue everything in < 5 s on
PostgreSQL; the update is on the status page at once; delivery is exactly once with
a worker killed mid-batch (every ticket one reply, every requester one e-mail per
ticket at the sink, no Message-ID twice).
"""

from __future__ import annotations

import email
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.bench_db import database_url, fresh_database  # noqa: E402

PG = "--pg" in sys.argv
ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
N = int(ARGS[0]) if ARGS else 5000
ORGS = min(200, max(1, N // 5))
GOAL = 5.0
WORKERS = 2
NUMBER = re.compile(r"HS-\d+")

os.environ["DATABASE_URL"] = database_url("helpcenter_bench_incident", pg=PG)
os.environ.update({"DEBUG": "0", "SECRET_KEY": "bench-" + "k" * 50})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()


class Sink:
    """An SMTP server on loopback that keeps (Message-ID, To, Subject) of each message."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.got: list[tuple[str, str, str]] = []
        self.lock = threading.Lock()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook
                message = email.message_from_bytes(envelope.content)
                with sink.lock:
                    sink.got.append(
                        (
                            str(message.get("Message-ID", "")),
                            ",".join(envelope.rcpt_tos),
                            str(message.get("Subject", "")),
                        )
                    )
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


def start_worker(sink: Sink, n: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "LOG_LEVEL": "WARNING",
        "SITE_URL": "http://127.0.0.1:8000",
    }
    log = open(ROOT / "var" / f"bench_incident_worker{n}.log", "w")  # noqa: SIM115
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def main() -> None:
    import logging

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's per-line log
    from helpcenter.accounts.models import Organization, User
    from helpcenter.catalog.models import Service
    from helpcenter.incidents import actions
    from helpcenter.incidents.models import Delivery
    from helpcenter.incidents.status import public_status
    from helpcenter.notifications.models import OutboxMessage
    from helpcenter.tickets.actions import open_ticket
    from helpcenter.tickets.models import Comment, Ticket

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

    t0 = time.perf_counter()
    shown = any(
        u["body"] == "Gateway reiniciado."
        for i in public_status()["incidents"]
        for u in i["updates"]
    )
    status_read = time.perf_counter() - t0

    # Two workers carry the update; one is killed with SIGKILL mid-batch.
    sink = Sink()
    workers = [start_worker(sink, n) for n in range(WORKERS)]
    t0 = time.perf_counter()
    killed_at = None
    pending = Delivery.objects.filter(done_at__isnull=True)
    deadline = time.monotonic() + max(120, N * 0.1)
    while time.monotonic() < deadline:
        left = pending.count()
        if killed_at is None and left <= sent.queued * 3 // 4 and left > 0:
            workers[0].send_signal(signal.SIGKILL)
            workers[0].wait()
            killed_at = sent.queued - left
        if left == 0:
            break
        time.sleep(0.05)
    replies_s = time.perf_counter() - t0
    unsent = OutboxMessage.objects.exclude(status="sent")
    while time.monotonic() < deadline and unsent.exists():
        time.sleep(0.1)
    with sink.lock:
        got = list(sink.got)
    mails_s = time.perf_counter() - t0
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=30)
    sink.stop()

    prefix = f"[{incident.number}]"
    per_ticket = Counter(
        Comment.objects.filter(body__startswith=prefix).values_list("ticket_id", flat=True)
    )
    numbers = {t.number for t in Ticket.objects.only("id")}
    ids = Counter(m for m, _to, _subject in got)
    per_ticket_mail = Counter(
        (to, found.group(0) if (found := NUMBER.search(subject)) else "") for _m, to, subject in got
    )
    once = (
        {n for _to, n in per_ticket_mail} == numbers
        and len(per_ticket) == N
        and set(per_ticket.values()) == {1}
        and len(got) == N
        and max(ids.values(), default=0) == 1
        and len(per_ticket_mail) == N
    )

    database = "PostgreSQL" if PG else "SQLite"
    print(f"incident on {database}: {N} tickets in {ORGS} organizations (set up in {setup:.1f} s)")
    print(
        f"  declare + link {N}: {declare:.2f} s (goal < {GOAL:.0f} s) "
        f"{'MET' if declare < GOAL else 'NOT MET'}"
    )
    print(
        f"  one public update, {sent.queued} replies queued: {update:.2f} s "
        f"(goal < {GOAL:.0f} s) {'MET' if update < GOAL else 'NOT MET'}"
    )
    print(f"  on the status page at once: {shown} (its build {status_read * 1000:.1f} ms)")
    print(
        f"  {WORKERS} workers, one SIGKILLed after {killed_at} of {sent.queued} were done: "
        f"every reply written in {replies_s:.1f} s ({N / replies_s:.0f} tickets/s), "
        f"every e-mail at the sink in {mails_s:.1f} s"
    )
    print(
        f"  exactly once: {'YES' if once else 'NO'} ({len(per_ticket)} tickets replied, "
        f"most replies on one ticket {max(per_ticket.values(), default=0)}; {len(got)} e-mails "
        f"for {N} tickets, most copies of one Message-ID {max(ids.values(), default=0)})"
    )
    assert shown and once


if __name__ == "__main__":
    main()
