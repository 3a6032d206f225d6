"""Warnings at 75% of a target and breaches at 100%: found by index range, sent once.

Set-based: each pass claims up to BATCH due clocks (SKIP LOCKED on PostgreSQL, so
several workers share a burst), marks them with one UPDATE, writes their audit
events with one INSERT and their e-mails or digest items with a few more, all in
one transaction: a clock is marked exactly when its notices are queued, and the
outbox's dedupe keys guard the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.db import transaction

from helpcenter.audit.events import EventType
from helpcenter.audit.record import record_worker_events
from helpcenter.core.choices import Notice
from helpcenter.slas import notify
from helpcenter.slas.models import ClockState, SlaClock

BATCH = 500

# Told of each batch of breaches in the batch's transaction (the on-call app pages for
# an overdue periodic update). Registered in AppConfig.ready(): the SLA app imports
# none of them.
BreachListener = Callable[[list[SlaClock], datetime], None]
_breach_listeners: list[BreachListener] = []


def add_breach_listener(listener: BreachListener) -> None:
    if listener not in _breach_listeners:
        _breach_listeners.append(listener)


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


def _sweep(due, *, now: datetime, mark: dict, event: EventType, public: bool, kind: str) -> int:
    with transaction.atomic():
        # The tickets come through the clocks' own relation (only the clock rows are
        # locked): the SLA app names no ticket model.
        clocks = list(
            due.select_related("ticket__assignee", "ticket__organization")
            .defer("ticket__description", "ticket__search_text")
            .select_for_update(skip_locked=True, of=("self",))[:BATCH]
        )
        if not clocks:
            return 0
        SlaClock.objects.filter(pk__in=[c.pk for c in clocks]).update(**mark)
        for clock in clocks:
            for field, value in mark.items():
                setattr(clock, field, value)
        record_worker_events(
            event,
            [
                (
                    c.ticket,
                    {"clock": c.kind, "due_at": c.due_at.isoformat() if c.due_at else None},
                )
                for c in clocks
            ],
            public=public,
        )
        notify.notify(kind, clocks, now=now)
        if kind == Notice.SLA_BREACHED:
            for listener in _breach_listeners:
                listener(clocks, now)
    return len(clocks)


def send_warnings(*, now: datetime) -> int:
    return _sweep(
        due_warnings(now),
        now=now,
        mark={"warned_at": now},
        event=EventType.SLA_WARNING,
        public=False,
        kind=Notice.SLA_WARNING,
    )


def send_breaches(*, now: datetime) -> int:
    return _sweep(
        due_breaches(now),
        now=now,
        mark={"breach_notified_at": now, "breached": True, "state": ClockState.BREACHED},
        event=EventType.SLA_BREACHED,
        public=True,
        kind=Notice.SLA_BREACHED,
    )


def run(*, now: datetime) -> int:
    return send_warnings(now=now) + send_breaches(now=now)
