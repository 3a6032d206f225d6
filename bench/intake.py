"""Inbound e-mail through receive_mail's code path (`intake.actions.receive`): messages/s.

A mix shaped like a hotline mailbox: new tickets (plain, HTML-only, with a PDF),
replies through the signed reply address with quoted history, out-of-office
replies and unknown senders. Each message is parsed, recorded, routed and
committed as it would be from a mail server's pipe (in-process: the cost of
starting Python for each pipe delivery is the mail server's, not ours).

Run: .venv/bin/python bench/intake.py [--pg] [N]        goal: >= 100 messages/s
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.bench_db import database_url, fresh_database  # noqa: E402

PG = "--pg" in sys.argv
ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
N = int(ARGS[0]) if ARGS else 600
GOAL = 100.0

os.environ["DATABASE_URL"] = database_url("helpcenter_bench_intake", pg=PG)
os.environ.update({"DEBUG": "0", "SECRET_KEY": "bench-" + "k" * 50})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()

MAIL = ROOT / "tests" / "mail"


def message(kind: str, i: int, ticket_id: int) -> bytes:
    from django.utils import timezone

    from helpcenter.tickets.mail_threads import reply_address, thread_root

    fill = {
        "ROOT": thread_root(ticket_id).strip("<>"),
        "REPLY": reply_address(ticket_id, "ana@a.example", today=timezone.localdate()),
        "NUMBER": str(ticket_id),
    }
    raw = (MAIL / kind).read_bytes()
    for key, value in fill.items():
        raw = raw.replace(f"%{key}%".encode(), value.encode())
    # A distinct Message-ID per message (else the second is a duplicate).
    head, sep, body = raw.partition(b"\n\n")
    lines = [line for line in head.split(b"\n") if not line.lower().startswith(b"message-id:")]
    lines.append(f"Message-ID: <bench-{i}-{kind}@bench.example>".encode())
    return b"\n".join(lines) + sep + body


MIX = [
    "01_gmail_new_plain.eml",
    "02_outlook_new_html_only.eml",
    "03_apple_mail_new_with_pdf.eml",
    "20_gmail_reply_pt_quoted.eml",
    "22_apple_reply_en_iphone.eml",
    "20_gmail_reply_pt_quoted.eml",
    "30_out_of_office.eml",
    "40_unknown_sender.eml",
]


def main() -> None:
    from django.conf import settings

    from helpcenter.accounts.models import Organization, User
    from helpcenter.catalog.models import Service
    from helpcenter.intake.actions import receive

    settings.MEDIA_ROOT = str(ROOT / "var" / "bench_intake_media")
    fresh_database("helpcenter_bench_intake", pg=PG)
    org = Organization.objects.create(name="Org A")
    Service.objects.create(organization=org, name="Billing API")
    User.objects.create_user(
        "ana@a.example", "x", role="client", organization=org, full_name="Ana A"
    )
    # Replies go to 50 tickets opened by e-mail beforehand, round robin.
    tickets = [receive(message("01_gmail_new_plain.eml", -1 - i, 0)).ticket_id for i in range(50)]
    assert all(tickets)
    messages = [message(MIX[i % len(MIX)], i, tickets[i % len(tickets)]) for i in range(N)]
    outcomes: dict[str, int] = {}
    took = []
    started = time.perf_counter()
    for raw in messages:
        t0 = time.perf_counter()
        outcome = receive(raw).outcome
        took.append(time.perf_counter() - t0)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    elapsed = time.perf_counter() - started
    rate = N / elapsed
    database = "PostgreSQL" if PG else "SQLite"
    print(f"intake on {database}: {N} messages in {elapsed:.2f} s; outcomes {outcomes}")
    print(
        f"  {rate:.0f} messages/s (goal >= {GOAL:.0f}) "
        f"{'MET' if rate >= GOAL else 'NOT MET'}; "
        f"median {statistics.median(took) * 1000:.1f} ms, "
        f"p95 {sorted(took)[int(len(took) * 0.95)] * 1000:.1f} ms per message"
    )


if __name__ == "__main__":
    main()
