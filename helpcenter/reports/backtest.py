"""Back-testing an SLA policy or calendar before saving it.

The last N months of tickets that ran under the policy (or under any policy on
the calendar) are replayed through the same engine twice, from their stored
history (creation, first response, triage and the status timeline in the audit
trail): once with the targets in force, once with the proposed ones. The answer
is compliance per target side by side, and the tickets that would flip between
met and missed. Nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from helpcenter.core.choices import ClockKind
from helpcenter.slas.compute import evaluate_ticket, status_timeline
from helpcenter.slas.models import BusinessCalendar, SlaPolicy
from helpcenter.slas.policies import build_calendar, engine_calendar, target_specs
from helpcenter.tickets.models import Ticket
from helpcenter.tickets.selectors import tickets_opened_since
from sla.calendar import Calendar
from sla.clocks import ClockResult, TargetSpec

TARGETS = (ClockKind.FIRST_RESPONSE, ClockKind.TRIAGE, ClockKind.RESOLUTION)
MOST = 20_000  # tickets replayed at most (the most recent)

Specs = dict[str, TargetSpec]


@dataclass
class Flip:
    ticket_id: int
    number: str
    target: str
    current: str  # met / missed / open
    proposed: str


@dataclass
class Result:
    months: int
    tickets: int
    current: dict[str, float | None] = field(default_factory=dict)
    proposed: dict[str, float | None] = field(default_factory=dict)
    flips: list[Flip] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "months": self.months,
            "tickets": self.tickets,
            "compliance": {
                t: {"current": self.current.get(t), "proposed": self.proposed.get(t)}
                for t in map(str, TARGETS)
            },
            "flips": [f.__dict__ for f in self.flips],
        }


def outcome(result: ClockResult | None) -> str:
    if result is None:
        return "none"
    if result.breached:
        return "missed"
    return "met" if result.state == "met" else "open"


def specs_for(
    policy: SlaPolicy, *, minutes: dict[str, int] | None = None, calendar: Calendar | None = None
) -> Specs:
    """The policy's targets with proposed minutes and/or calendar in place of its own."""
    current = target_specs(policy)
    engine = calendar or (engine_calendar(policy.calendar) if policy.calendar else None)
    if engine is None:
        return {}
    chosen = minutes or {}
    specs = {}
    for kind in map(str, TARGETS):
        target_minutes = chosen.get(kind)
        if target_minutes is None:
            spec = current.get(kind)
            if spec is None:
                continue
            target = spec.duration
        elif target_minutes <= 0:
            continue
        else:
            target = timedelta(minutes=target_minutes)
        specs[kind] = TargetSpec(kind, target, engine)
    return specs


def replay(
    tickets: QuerySet[Ticket], proposed: Callable[[Ticket], Specs], *, months: int, now=None
) -> Result:
    now = now or timezone.now()
    rows = list(tickets.select_related("sla_policy__calendar").order_by("-created_at")[:MOST])
    result = Result(months=months, tickets=len(rows))
    met = {k: [0, 0] for k in map(str, TARGETS)}  # current, proposed
    decided = {k: [0, 0] for k in map(str, TARGETS)}
    for ticket in rows:
        timeline = status_timeline(ticket)
        # The back-test compares the three original targets: the periodic-update
        # target's rounds are not read (updates=[]), which saves a query per ticket.
        before, _ = evaluate_ticket(ticket, now=now, timeline=timeline, updates=[])
        after, _ = evaluate_ticket(ticket, now=now, timeline=timeline, specs=proposed(ticket))
        for kind in map(str, TARGETS):
            was, would = outcome(before.get(kind)), outcome(after.get(kind))
            for i, value in enumerate((was, would)):
                if value in ("met", "missed"):
                    decided[kind][i] += 1
                    met[kind][i] += value == "met"
            if was != would and {was, would} & {"met", "missed"}:
                result.flips.append(Flip(ticket.pk, ticket.number, kind, was, would))
    for kind in map(str, TARGETS):
        for i, into in enumerate((result.current, result.proposed)):
            into[kind] = (
                round(100 * met[kind][i] / decided[kind][i], 1) if decided[kind][i] else None
            )
    return result


def since(months: int, now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=30 * months)


def backtest_policy(
    policy: SlaPolicy,
    *,
    months: int = 3,
    minutes: dict[str, int] | None = None,
    calendar: BusinessCalendar | None = None,
) -> Result:
    """Replay the policy's tickets with proposed target minutes and/or another calendar."""
    engine = engine_calendar(calendar) if calendar is not None else None
    specs = specs_for(policy, minutes=minutes, calendar=engine)
    tickets = tickets_opened_since(since(months), sla_policy=policy)
    return replay(tickets, lambda _ticket: specs, months=months)


def backtest_calendar(
    calendar_row: BusinessCalendar,
    *,
    months: int = 3,
    always_open: bool | None = None,
    hours: dict | None = None,
) -> Result:
    """Replay every ticket whose policy runs on this calendar, on the calendar with
    the proposed opening hours (or 24x7); its closed days and holidays stay."""
    proposed = build_calendar(calendar_row, always_open_=always_open, hours=hours)
    tickets = tickets_opened_since(since(months), sla_policy__calendar=calendar_row)
    cache: dict[int, Specs] = {}

    def specs(ticket: Ticket) -> Specs:
        policy = ticket.sla_policy
        assert policy is not None
        if policy.pk not in cache:
            cache[policy.pk] = specs_for(policy, calendar=proposed)
        return cache[policy.pk]

    return replay(tickets, specs, months=months)
