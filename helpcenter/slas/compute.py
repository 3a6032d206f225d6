"""A ticket's SLA clocks, recomputed from its history inside the action that changed it.

The status timeline comes from the ticket's audit events (every action records
the status before and after), so the stored deadlines and the ledger shown on
the ticket page are always rebuilt from the same history.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from helpcenter.audit.selectors import status_changes
from helpcenter.core.choices import Status
from helpcenter.slas.models import ClockKind, ClockState, SlaClock
from helpcenter.slas.policies import find_policy, target_specs
from helpcenter.slas.selectors import public_updates

if TYPE_CHECKING:
    from helpcenter.tickets.models import Ticket
from sla.clocks import COUNTING, MET, PAUSED, ClockResult, Span, TargetSpec, evaluate
from sla.updates import evaluate_updates

WORKING_STATUSES = {Status.OPEN, Status.IN_PROGRESS}
DONE_STATUSES = {Status.RESOLVED, Status.CLOSED}


def status_timeline(
    ticket: Ticket, changes: list[tuple[datetime, str]] | None = None
) -> list[tuple[datetime, str]]:
    """(instant, status) from opening on, one entry per actual change of status.
    `changes`: the trail's status changes when the caller has read them."""
    timeline: list[tuple[datetime, str]] = [(ticket.created_at, Status.OPEN)]
    for at, status in status_changes(ticket.pk) if changes is None else changes:
        if status != timeline[-1][1]:
            timeline.append((max(at, timeline[-1][0]), status))
    return timeline


def final_resolution(timeline: list[tuple[datetime, str]]) -> datetime | None:
    """When the ticket was last resolved, if it has stayed resolved or closed since."""
    at = None
    for moment, status in timeline:
        if status in DONE_STATUSES:
            at = at or moment
        else:
            at = None
    return at


def resolution_spans(timeline: list[tuple[datetime, str]]) -> list[Span]:
    final = final_resolution(timeline)
    spans: list[Span] = []
    for i, (start, status) in enumerate(timeline):
        end = timeline[i + 1][0] if i + 1 < len(timeline) else None
        if status in WORKING_STATUSES:
            span = Span(start, end, COUNTING)
        elif status == Status.WAITING_ON_CLIENT:
            span = Span(start, end, PAUSED, "waiting_on_client")
        elif final is not None and start >= final:
            span = Span(start, end, MET)
        else:
            span = Span(start, end, PAUSED, "resolved_then_reopened")
        if spans and spans[-1].mode == span.mode and spans[-1].note == span.note:
            spans[-1] = Span(spans[-1].start, span.end, span.mode, span.note)
        else:
            spans.append(span)
    return spans


def stop_spans(opened: datetime, stop: datetime | None) -> list[Span]:
    if stop is None:
        return [Span(opened, None, COUNTING)]
    stop = max(stop, opened)
    return [Span(opened, stop, COUNTING), Span(stop, None, MET)]


@dataclass
class PlannedWindow:
    start: datetime | None
    due_at: datetime | None
    met_at: datetime | None
    breached: bool
    state: str


def end_of_day(day: date) -> datetime:
    """The end of `day` (midnight after it) in the contract's time zone."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    nxt = day + timedelta(days=1)
    return datetime(nxt.year, nxt.month, nxt.day, tzinfo=zone)


def planned_due(ticket: Ticket) -> datetime | None:
    """An agreed end date falls due at the end of that day in the contract's time zone."""
    if ticket.agreed_end is None:
        return None
    return end_of_day(ticket.agreed_end)


def evaluate_ticket(
    ticket: Ticket,
    *,
    now: datetime | None = None,
    ledger: bool = False,
    timeline: list[tuple[datetime, str]] | None = None,
    specs: dict[str, TargetSpec] | None = None,
    updates: list[datetime] | None = None,
) -> tuple[dict[str, ClockResult], PlannedWindow | None]:
    """`timeline`: the status history when the caller knows it (a ticket being opened
    has none yet), else read from the audit trail. `specs`: targets other than the
    ticket's policy's (back-testing a proposed policy, slas/backtest.py). `updates`:
    the public updates' instants when the caller knows them, else read when the
    policy has a periodic-update target."""
    now = now or timezone.now()
    if timeline is None:
        timeline = status_timeline(ticket)
    resolved_at = final_resolution(timeline)
    results: dict[str, ClockResult] = {}
    planned = None
    policy = ticket.sla_policy
    if specs is not None or (policy is not None and policy.calendar is not None):
        spans = {
            ClockKind.FIRST_RESPONSE: stop_spans(
                ticket.created_at, _earliest(ticket.first_response_at, resolved_at)
            ),
            ClockKind.TRIAGE: stop_spans(
                ticket.created_at, _earliest(ticket.triaged_at, resolved_at)
            ),
            ClockKind.RESOLUTION: resolution_spans(timeline),
        }
        if specs is None:
            assert policy is not None  # the condition above
            specs = target_specs(policy)
        for kind, spec in specs.items():
            if kind == ClockKind.UPDATE:
                if ticket.first_response_at is None:
                    continue  # the first-response target covers the time before
                if updates is None:
                    updates = public_updates(ticket)
                moments = [ticket.first_response_at, *updates]
                update = evaluate_updates(
                    spec, spans[ClockKind.RESOLUTION], moments, now, ledger=ledger
                )
                if update is not None:
                    results[kind] = update
                continue
            results[kind] = evaluate(spec, spans[ClockKind(kind)], now, ledger=ledger)
    elif ticket.agreed_end is not None:
        due = planned_due(ticket)
        assert due is not None
        breached = (resolved_at or now) > due
        if resolved_at is not None:
            state = ClockState.BREACHED if breached else ClockState.MET
        else:
            state = ClockState.BREACHED if breached else ClockState.RUNNING
        start = ticket.agreed_start
        planned = PlannedWindow(
            start=datetime(
                start.year, start.month, start.day, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
            )
            if start
            else None,
            due_at=due,
            met_at=resolved_at,
            breached=breached,
            state=state,
        )
    return results, planned


def _earliest(*moments: datetime | None) -> datetime | None:
    present = [m for m in moments if m is not None]
    return min(present) if present else None


def has_update_target(ticket: Ticket) -> bool:
    """Whether a public update by the team moves this ticket's clocks (its policy has
    a periodic-update target)."""
    policy = ticket.sla_policy
    return policy is not None and bool(policy.update_minutes)


def assign_policy(ticket: Ticket) -> None:
    ticket.sla_policy = find_policy(
        organization_id=ticket.organization_id, ticket_type=ticket.type, priority=ticket.priority
    )


def _wanted(results, planned) -> dict[str, dict]:
    wanted: dict[str, dict] = {}
    for kind, result in results.items():
        wanted[kind] = {
            "target_seconds": int(result.target.total_seconds()),
            "used_seconds": int(result.used.total_seconds()),
            "due_at": result.due_at,
            "warn_at": result.warn_at,
            "met_at": result.met_at,
            "state": result.state,
            "breached": result.breached,
        }
    if planned is not None:
        wanted[ClockKind.PLANNED] = {
            "target_seconds": 0,
            "used_seconds": 0,
            "due_at": planned.due_at,
            "warn_at": None,
            "met_at": planned.met_at,
            "state": planned.state,
            "breached": planned.breached,
        }
    return wanted


def new_ticket_clocks(ticket: Ticket, *, now: datetime) -> list[SlaClock]:
    """The clocks of a ticket being opened, computed from what is in memory (its policy
    and opening time; it has no history yet), and its next deadline set on it. Save the
    ticket, then `store_new_clocks`: one INSERT for all of them."""
    results, planned = evaluate_ticket(ticket, now=now, timeline=[(ticket.created_at, Status.OPEN)])
    clocks = [
        SlaClock(kind=kind, computed_at=now, **values)
        for kind, values in _wanted(results, planned).items()
    ]
    running = [c.due_at for c in clocks if c.met_at is None and c.due_at is not None]
    ticket.sla_next_due = min(running) if running else None
    return clocks


def store_new_clocks(ticket: Ticket, clocks: list[SlaClock]) -> list[SlaClock]:
    """One INSERT of a new ticket's clocks (their ids are not read back: nothing
    that follows a creation needs them)."""
    for clock in clocks:
        clock.ticket = ticket
    return SlaClock.objects.bulk_create(clocks)


def sync_clocks(ticket: Ticket, *, now: datetime | None = None) -> list[SlaClock]:
    """Rewrite the ticket's stored clocks and next deadline. Call inside the action's transaction."""
    now = now or timezone.now()
    results, planned = evaluate_ticket(ticket, now=now)
    wanted = _wanted(results, planned)
    existing = {clock.kind: clock for clock in ticket.sla_clocks.all()}
    SlaClock.objects.filter(ticket=ticket).exclude(kind__in=list(wanted)).delete()
    clocks = []
    for kind, values in wanted.items():
        clock = existing.get(kind) or SlaClock(ticket=ticket, kind=kind)
        # A deadline moved into the future may warn and breach again.
        if clock.warned_at and values["warn_at"] and values["warn_at"] > now:
            clock.warned_at = None
        if clock.breach_notified_at and values["due_at"] and values["due_at"] > now:
            clock.breach_notified_at = None
        for field, value in values.items():
            setattr(clock, field, value)
        clock.computed_at = now
        clock.save()
        clocks.append(clock)
    running = [c.due_at for c in clocks if c.met_at is None and c.due_at is not None]
    next_due = min(running) if running else None
    if ticket.sla_next_due != next_due:
        ticket.sla_next_due = next_due
        type(ticket)._default_manager.filter(pk=ticket.pk).update(sla_next_due=next_due)
    return clocks
