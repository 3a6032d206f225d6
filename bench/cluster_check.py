"""The cluster's check (bench/cluster.sh): tickets through two web nodes, mail once.

--sink PORT    run an SMTP sink that writes one line per received message
               (its Message-ID) to stdout.
otherwise      open --tickets through the API, alternating between the --ports,
               wait until the outbox is empty, and check the sink saw each
               confirmation exactly once (by Message-ID) and no message twice.
"""

from __future__ import annotations

import argparse
import asyncio
import email
import http.client
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def sink(port: int) -> None:
    from aiosmtpd.controller import Controller

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook
            message = email.message_from_bytes(envelope.content)
            print(" ".join(str(message.get("Message-ID", "-")).split()), flush=True)
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        asyncio.get_event_loop().run_forever()
    finally:
        controller.stop()


def check(tickets: int, ports: list[int], sink_log: Path) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    import django

    django.setup()
    from helpcenter.accounts.models import User
    from helpcenter.api.actions import create_token
    from helpcenter.catalog.models import Service
    from helpcenter.notifications.models import OutboxMessage, OutboxStatus

    client = User.objects.get(email="cliente@acme.example")
    _token, secret = create_token(client, name="cluster", actor=client)
    service = Service.objects.filter(organization=client.organization).first()
    started = time.perf_counter()
    made = 0
    for n in range(tickets):
        port = ports[n % len(ports)]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request(
            "POST",
            "/api/v1/tickets",
            body=json.dumps(
                {
                    "type": "incident",
                    "priority": "P3",
                    "service": service.pk,
                    "title": f"Cluster {n}",
                    "description": "Through node " + str(port),
                }
            ),
            headers={
                "Authorization": f"Bearer {secret}",
                "Content-Type": "application/json",
                "Idempotency-Key": f"cluster-{n}",
            },
        )
        made += conn.getresponse().status == 201
    took = time.perf_counter() - started
    deadline = time.monotonic() + 120
    while OutboxMessage.objects.filter(status=OutboxStatus.PENDING).exists():
        if time.monotonic() > deadline:
            break
        time.sleep(0.5)
    time.sleep(1)
    sent = OutboxMessage.objects.filter(status=OutboxStatus.SENT).count()
    pending = OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count()
    ids = [line.strip() for line in sink_log.read_text().splitlines() if line.strip()]
    twice = len(ids) - len(set(ids))
    print(f"cluster: {made}/{tickets} tickets through ports {ports} in {took:.1f} s")
    print(f"  outbox: {sent} sent, {pending} pending; sink received {len(ids)}, {twice} twice")
    ok = made == tickets and pending == 0 and twice == 0 and len(ids) == sent
    print("  OK: every message once" if ok else "  FAILED")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sink", type=int)
    parser.add_argument("--tickets", type=int, default=200)
    parser.add_argument("--ports", default="8101,8102")
    parser.add_argument("--sink-log", type=Path)
    args = parser.parse_args()
    if args.sink:
        sink(args.sink)
        return 0
    return check(args.tickets, [int(p) for p in args.ports.split(",")], args.sink_log)


if __name__ == "__main__":
    sys.exit(main())
