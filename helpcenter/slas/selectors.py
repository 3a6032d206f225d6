"""Reads of SLA clocks for operators: warnings and breaches of open tickets (/metrics)."""

from __future__ import annotations

from django.db.models import Count

from helpcenter.core.choices import Status
from helpcenter.slas.models import SlaClock

OPEN = [Status.OPEN, Status.IN_PROGRESS, Status.WAITING_ON_CLIENT]


def clock_samples():
    live = SlaClock.objects.filter(ticket__status__in=OPEN)
    for row in live.filter(breached=True).values("kind").annotate(n=Count("id")):
        yield "sla_breached_open", "Missed targets of open tickets", {"kind": row["kind"]}, row["n"]
    warned = live.filter(breached=False, warned_at__isnull=False).values("kind")
    for row in warned.annotate(n=Count("id")):
        yield (
            "sla_warned_open",
            "Warned, not yet missed, targets of open tickets",
            {"kind": row["kind"]},
            row["n"],
        )
