"""What the outbox needs to render SLA warnings and breaches (registered in apps.py)."""

from __future__ import annotations

from typing import Any

from helpcenter.core.facts import ClockSnapshot
from helpcenter.slas.models import SlaClock


def clock_context(data: dict[str, Any], context: dict[str, Any]) -> None:
    if isinstance(data.get("clock"), dict):
        context["clock"] = ClockSnapshot(data["clock"])
    elif "clock_id" in data:
        context["clock"] = SlaClock.objects.get(pk=data["clock_id"])
