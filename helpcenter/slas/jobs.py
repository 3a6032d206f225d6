"""Warnings at 75% of a target and breaches at 100%: found by index range, sent once.

Each pass claims due clocks with SKIP LOCKED, marks them and writes the outbox
rows in the same transaction, so with several workers each warning and each
breach is queued exactly once (the outbox's dedupe key guards it too).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from helpcenter.audit.events import EventType
from helpcenter.audit.record import record_event
from helpcenter.notifications import emails
from helpcenter.slas.models import ClockState, SlaClock
from helpcenter.tickets.models import Ticket

BATCH = 200


def due_warnings(now: datetime):
    """Index range on slaclock_warn_due_idx."""
    return SlaClock.objects.filter(
        met_at__isnull=True, warned_at__isnull=True, warn_at__isnull=False, warn_at__lte=now
    ).order_by("warn_at")


def due_breaches(now: datetime):
    """Index range on slaclock_breach_due_idx."""
    return SlaClock.objects.filter(
        met_at__isnull=True, breach_notified_at__isnull=True, due_at__isnull=False, due_at__lte=now
    ).order_by("due_at")


def send_warnings(*, now: datetime) -> int:
    with transaction.atomic():
        clocks = list(due_warnings(now).select_for_update(skip_locked=True, of=("self",))[:BATCH])
        tickets = Ticket.objects.select_related("assignee", "organization").in_bulk(
            [c.ticket_id for c in clocks]
        )
        for clock in clocks:
            clock.warned_at = now
            clock.save(update_fields=["warned_at"])
            ticket = tickets[clock.ticket_id]
            record_event(
                EventType.SLA_WARNING,
                actor=None,
                ticket=ticket,
                public=False,
                data={
                    "clock": clock.kind,
                    "due_at": clock.due_at.isoformat() if clock.due_at else None,
                },
            )
            emails.sla_warning(ticket, clock)
    return len(clocks)


def send_breaches(*, now: datetime) -> int:
    with transaction.atomic():
        clocks = list(due_breaches(now).select_for_update(skip_locked=True, of=("self",))[:BATCH])
        tickets = Ticket.objects.select_related("assignee", "organization").in_bulk(
            [c.ticket_id for c in clocks]
        )
        for clock in clocks:
            clock.breach_notified_at = now
            clock.breached = True
            clock.state = ClockState.BREACHED
            clock.save(update_fields=["breach_notified_at", "breached", "state"])
            ticket = tickets[clock.ticket_id]
            record_event(
                EventType.SLA_BREACHED,
                actor=None,
                ticket=ticket,
                public=True,
                data={
                    "clock": clock.kind,
                    "due_at": clock.due_at.isoformat() if clock.due_at else None,
                },
            )
            emails.sla_breached(ticket, clock)
    return len(clocks)


def run(*, now: datetime) -> int:
    return send_warnings(now=now) + send_breaches(now=now)
