"""The periodic-update target: after the first response, a public update every N
minutes of the target's calendar, for as long as the ticket is being worked.

Each public update by the support team (a reply, or a major incident's update
posted on the ticket) ends one round and starts the next. A round counts like the
resolution target: paused while the ticket waits on the client, stopped for good
when the ticket is finally resolved. The result is the current round's clock, with
how many rounds there were and how many of them ran past their due instant.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sla.clocks import MET, ClockResult, Span, TargetSpec, evaluate


def clip(spans: list[Span], start: datetime, end: datetime | None) -> list[Span]:
    """The part of `spans` from `start` to `end`, met at `end` (when there is one)."""
    out: list[Span] = []
    for span in spans:
        if span.end is not None and span.end <= start:
            continue
        if end is not None and span.start >= end:
            break
        lo = max(span.start, start)
        hi = span.end if end is None else (end if span.end is None else min(span.end, end))
        out.append(Span(lo, hi, span.mode, span.note))
        if span.mode == MET:
            return out  # the ticket was finally resolved: nothing counts after
    if end is not None:
        out.append(Span(end, None, MET))
    return out


def evaluate_updates(
    spec: TargetSpec,
    spans: list[Span],
    updates: list[datetime],
    now: datetime,
    *,
    ledger: bool = False,
) -> ClockResult | None:
    """None before the first update (the first-response target covers that time).

    `spans`: the resolution target's spans (counting, paused, met); `updates`: the
    instants of the public updates, the first response first.
    """
    moments = sorted({u for u in updates if u <= now})
    if not moments:
        return None
    missed = 0
    for start, end in zip(moments, moments[1:], strict=False):
        if evaluate(spec, clip(spans, start, end), now).breached:
            missed += 1
    current = evaluate(spec, clip(spans, moments[-1], None), now, ledger=ledger)
    if current.breached:
        missed += 1
    return replace(current, breached=missed > 0, rounds=len(moments), missed=missed)
