"""Warnings at 75% of a target and breaches at 100%: found by index range, sent once.

Each pass claims due clocks with SKIP LOCKED, marks them and writes the outbox
rows in the same transaction, so with several workers each warning and each
breach is queued exactly once (the outbox's dedupe key guards it too).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.db import transaction

from helpcenter.audit.events import EventType
from helpcenter.audit.record import record_event
from helpcenter.slas import notify as emails
from helpcenter.slas.models import ClockState, SlaClock

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


def _notify(due, *, mark: dict, event: EventType, public: bool, send: Callable) -> int:
    """Claim due clocks (SKIP LOCKED), mark them, record and queue the notification, once."""
    with transaction.atomic():
        # The tickets come through the clocks' own relation (only the clock rows
        # are locked): the SLA app names no ticket model.
        clocks = list(
            due.select_related("ticket__assignee", "ticket__organization").select_for_update(
                skip_locked=True, of=("self",)
            )[:BATCH]
        )
        for clock in clocks:
            for field, value in mark.items():
                setattr(clock, field, value)
            clock.save(update_fields=list(mark))
            ticket = clock.ticket
            record_event(
                event,
                actor=None,
                ticket=ticket,
                public=public,
                data={
                    "clock": clock.kind,
                    "due_at": clock.due_at.isoformat() if clock.due_at else None,
                },
            )
            send(ticket, clock)
    return len(clocks)


def send_warnings(*, now: datetime) -> int:
    return _notify(
        due_warnings(now),
        mark={"warned_at": now},
        event=EventType.SLA_WARNING,
        public=False,
        send=emails.sla_warning,
    )


def send_breaches(*, now: datetime) -> int:
    return _notify(
        due_breaches(now),
        mark={"breach_notified_at": now, "breached": True, "state": ClockState.BREACHED},
        event=EventType.SLA_BREACHED,
        public=True,
        send=emails.sla_breached,
    )


def run(*, now: datetime) -> int:
    return send_warnings(now=now) + send_breaches(now=now)
