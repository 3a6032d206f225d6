"""Reads of SLA clocks for operators: warnings and breaches of open tickets (/metrics)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Count

from helpcenter.core.choices import STAFF_ROLES, ClockKind, Status
from helpcenter.slas.models import SlaClock

if TYPE_CHECKING:
    from helpcenter.tickets.models import Ticket

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


def public_updates(ticket: Ticket) -> list[datetime]:
    """When the support team wrote to the ticket's people (public replies, a major
    incident's updates among them), in order: the periodic-update target's rounds."""
    return list(
        ticket.comments.filter(is_internal=False, author__role__in=STAFF_ROLES)
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )


def update_overdue(ticket: Ticket, *, now: datetime) -> bool:
    """Whether the ticket's periodic update is past due now (not given, not paused)."""
    return SlaClock.objects.filter(
        ticket=ticket, kind=ClockKind.UPDATE, met_at__isnull=True, due_at__lte=now
    ).exists()
