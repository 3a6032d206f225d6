"""What the outbox needs to render SLA warnings, breaches and their digests (registered
in apps.py). Each item carries the facts captured when it fell due."""

from __future__ import annotations

from typing import Any

from helpcenter.slas.facts import ClockSnapshot, TicketSnapshot
from helpcenter.slas.models import SlaClock


def clock_context(data: dict[str, Any], context: dict[str, Any]) -> None:
    if isinstance(data.get("clock"), dict):
        context["clock"] = ClockSnapshot(data["clock"])
    elif "clock_id" in data:
        context["clock"] = SlaClock.objects.get(pk=data["clock_id"])
    if isinstance(data.get("items"), list):
        context["items"] = [
            {
                "ticket": TicketSnapshot(item["ticket_id"], item["facts"]),
                "clock": ClockSnapshot(item["clock"]),
                "url": item.get("url", ""),
            }
            for item in data["items"]
        ]
