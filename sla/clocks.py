"""The state of one SLA target (a clock) from the spans of a ticket's history.

The Django side turns a ticket's history into spans: stretches of time during
which the clock was counting, paused (and why), or stopped because the target
was met. `evaluate` measures the working time each span used under the
target's calendar and returns the due instant, the warning instant, whether it
was met or breached, and a ledger of segments that adds up to the time used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sla.calendar import Calendar

COUNTING, PAUSED, MET = "counting", "paused", "met"


@dataclass(frozen=True)
class TargetSpec:
    name: str
    duration: timedelta
    calendar: Calendar
    warn_fraction: float = 0.75


@dataclass(frozen=True)
class Span:
    start: datetime
    end: datetime | None  # None: still going on
    mode: str  # counting, paused or met
    note: str = ""


@dataclass(frozen=True)
class Segment:
    start: datetime
    end: datetime
    kind: str  # working, closed, holiday, paused
    note: str
    working: timedelta


@dataclass
class ClockResult:
    name: str
    target: timedelta
    used: timedelta
    due_at: datetime | None  # None while paused (no deadline can pass)
    warn_at: datetime | None
    met_at: datetime | None
    breached: bool
    state: str  # running, paused, met, breached
    segments: list[Segment] = field(default_factory=list)
    # The periodic-update target (sla/updates.py): the rounds so far and how many
    # ran late; `breached` is then "any round ran late", `state` the current round's.
    rounds: int = 0
    missed: int = 0

    @property
    def remaining(self) -> timedelta:
        return max(self.target - self.used, timedelta(0))


def _instant_reached(spec: TargetSpec, spans: list[Span], amount: timedelta):
    """When the clock reaches `amount` of working time (None if it does not while counting)."""
    used = timedelta(0)
    for span in spans:
        if span.mode != COUNTING:
            continue
        if span.end is None:
            return spec.calendar.add(span.start, amount - used)
        piece = spec.calendar.between(span.start, span.end)
        if used + piece >= amount:
            return spec.calendar.add(span.start, amount - used)
        used += piece
    return None


def evaluate(
    spec: TargetSpec, spans: list[Span], now: datetime, *, ledger: bool = False
) -> ClockResult:
    cal = spec.calendar
    used = timedelta(0)
    segments: list[Segment] = []
    met_at: datetime | None = None
    last_mode = COUNTING  # pragma: no mutate  (only ever compared with PAUSED)
    for span in spans:
        if span.start > now and span.mode != MET:
            break
        last_mode = span.mode
        if span.mode == MET:
            met_at = span.start
            break
        end = min(span.end or now, now)
        if span.mode == COUNTING:
            used += cal.between(span.start, end)
            if ledger:
                for s, e, kind, note in cal.segments(span.start, end):
                    worked = e - s if kind == "working" else timedelta(0)
                    segments.append(Segment(s, e, kind, note, worked))
        elif ledger and end > span.start:
            segments.append(Segment(span.start, end, PAUSED, span.note, timedelta(0)))

    due_at = _instant_reached(spec, spans, spec.duration)
    warn_at = _instant_reached(spec, spans, spec.duration * spec.warn_fraction)
    if met_at is not None:
        breached = due_at is not None and met_at > due_at
        state = "breached" if breached else "met"
    elif last_mode == PAUSED:
        # A deadline that had already passed before the pause stays breached.
        breached = used > spec.duration
        state = "breached" if breached else "paused"
        if not breached:
            due_at = warn_at = None
    else:
        breached = due_at is not None and now > due_at
        state = "breached" if breached else "running"
    return ClockResult(
        name=spec.name,
        target=spec.duration,
        used=used,
        due_at=due_at,
        warn_at=warn_at,
        met_at=met_at,
        breached=breached,
        state=state,
        segments=segments,
    )
