"""`sla.clocks.evaluate` on its own: spans in, due/warn/met/breached/ledger out. No Django."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sla.calendar import Calendar, Interval, always_open
from sla.clocks import COUNTING, MET, PAUSED, Span, TargetSpec, evaluate

T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # a Tuesday, 09:00 in São Paulo
H = timedelta(hours=1)


def spec(hours: float = 2, calendar: Calendar | None = None, warn: float = 0.75) -> TargetSpec:
    return TargetSpec("resolution", timedelta(hours=hours), calendar or always_open(), warn)


def test_running_clock_due_and_warning():
    result = evaluate(spec(2), [Span(T0, None, COUNTING)], T0 + H)
    assert result.state == "running" and not result.breached
    assert result.used == H and result.remaining == H
    assert result.due_at == T0 + 2 * H
    assert result.warn_at == T0 + timedelta(minutes=90)
    assert result.met_at is None


def test_breached_once_now_passes_the_due_instant():
    result = evaluate(spec(2), [Span(T0, None, COUNTING)], T0 + 2 * H + timedelta(seconds=1))
    assert result.state == "breached" and result.breached
    assert result.remaining == timedelta(0)


def test_exactly_at_the_due_instant_is_not_yet_breached():
    result = evaluate(spec(2), [Span(T0, None, COUNTING)], T0 + 2 * H)
    assert result.state == "running" and not result.breached


def test_met_in_time_and_met_late():
    spans = [Span(T0, T0 + H, COUNTING), Span(T0 + H, None, MET)]
    met = evaluate(spec(2), spans, T0 + 5 * H)
    assert (met.state, met.breached, met.met_at, met.used) == ("met", False, T0 + H, H)
    late = [Span(T0, T0 + 3 * H, COUNTING), Span(T0 + 3 * H, None, MET)]
    result = evaluate(spec(2), late, T0 + 5 * H)
    assert (result.state, result.breached, result.met_at) == ("breached", True, T0 + 3 * H)


def test_pause_moves_the_deadline_and_hides_it_while_paused():
    spans = [
        Span(T0, T0 + H, COUNTING),
        Span(T0 + H, T0 + 4 * H, PAUSED, "waiting on client"),
        Span(T0 + 4 * H, None, COUNTING),
    ]
    during = evaluate(spec(2), spans[:2] + [Span(T0 + H, None, PAUSED)], T0 + 2 * H)
    assert during.state == "paused" and during.due_at is None and during.warn_at is None
    assert during.used == H
    after = evaluate(spec(2), spans, T0 + 4 * H + timedelta(minutes=30))
    assert after.state == "running"
    assert after.due_at == T0 + 5 * H  # one hour used before the pause, one after
    assert after.used == timedelta(minutes=90)


def test_a_deadline_passed_before_the_pause_stays_breached():
    spans = [Span(T0, T0 + 3 * H, COUNTING), Span(T0 + 3 * H, None, PAUSED)]
    result = evaluate(spec(2), spans, T0 + 5 * H)
    assert result.state == "breached" and result.breached and result.due_at == T0 + 2 * H


def test_future_spans_are_ignored():
    spans = [Span(T0, T0 + H, COUNTING), Span(T0 + 10 * H, None, COUNTING)]
    result = evaluate(spec(4), spans, T0 + 2 * H)
    assert result.used == H


def test_business_calendar_ledger_adds_up_to_the_time_used():
    week = {d: (Interval(8 * 60, 18 * 60),) for d in range(5)}
    calendar = Calendar("America/Sao_Paulo", week)
    friday_1730 = datetime(2026, 11, 27, 20, 30, tzinfo=UTC)
    monday_1000 = datetime(2026, 11, 30, 13, 0, tzinfo=UTC)
    result = evaluate(
        spec(4, calendar), [Span(friday_1730, None, COUNTING)], monday_1000, ledger=True
    )
    assert result.used == timedelta(hours=2, minutes=30)
    assert sum((s.working for s in result.segments), timedelta(0)) == result.used
    kinds = [s.kind for s in result.segments]
    assert kinds[0] == "working" and "closed" in kinds and kinds[-1] == "working"
    assert result.due_at == datetime(2026, 11, 30, 14, 30, tzinfo=UTC)  # Monday 11:30


def test_ledger_records_pauses_with_their_reason():
    spans = [Span(T0, T0 + H, COUNTING), Span(T0 + H, T0 + 2 * H, PAUSED, "waiting on client")]
    result = evaluate(spec(4), spans, T0 + 3 * H, ledger=True)
    paused = [s for s in result.segments if s.kind == "paused"]
    assert len(paused) == 1 and paused[0].note == "waiting on client"
    assert paused[0].working == timedelta(0)
    assert evaluate(spec(4), spans, T0 + 3 * H).segments == []


@pytest.mark.parametrize("fraction", [0.5, 0.75, 0.9])
def test_warning_fraction(fraction):
    result = evaluate(spec(4, warn=fraction), [Span(T0, None, COUNTING)], T0)
    assert result.warn_at == T0 + timedelta(hours=4 * fraction)
