"""Periodic work on tickets, run by the worker; each finds its rows by an index."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

from helpcenter.tickets.actions import close_ticket
from helpcenter.tickets.models import Ticket
from helpcenter.tickets.statuses import Status, TransitionError


def close_expired_resolved(*, now: datetime, batch: int = 200) -> int:
    """Close resolved tickets whose reopening window has run out (index: status, resolved_at)."""
    cutoff = now - timedelta(days=settings.REOPEN_WINDOW_DAYS)
    closed = 0
    for ticket in Ticket.objects.filter(status=Status.RESOLVED, resolved_at__lte=cutoff)[:batch]:
        try:
            close_ticket(ticket, actor=None, automatic=True)
        except TransitionError:
            continue  # someone reopened it meanwhile
        closed += 1
    return closed
