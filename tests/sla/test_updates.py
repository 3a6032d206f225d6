"""`sla.updates.evaluate_updates` on its own: the periodic-update target's rounds. No Django."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sla.calendar import Calendar, Interval, always_open
from sla.clocks import COUNTING, MET, PAUSED, Span, TargetSpec
from sla.updates import clip, evaluate_updates

T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # a Tuesday, 09:00 in São Paulo
M = timedelta(minutes=1)


def every(minutes: int, calendar: Calendar | None = None) -> TargetSpec:
    return TargetSpec("update", timedelta(minutes=minutes), calendar or always_open())


WORKING = [Span(T0, None, COUNTING)]


def test_no_clock_before_the_first_update():
    assert evaluate_updates(every(30), WORKING, [], T0 + 10 * M) is None
    # An update recorded after `now` (a replayed history) has not happened yet.
    assert evaluate_updates(every(30), WORKING, [T0 + 20 * M], T0 + 10 * M) is None


def test_each_update_starts_a_new_round_due_n_minutes_later():
    result = evaluate_updates(every(30), WORKING, [T0 + 5 * M, T0 + 25 * M], T0 + 40 * M)
    assert result is not None
    assert result.state == "running" and not result.breached
    assert result.due_at == T0 + 55 * M
    assert result.warn_at == T0 + 25 * M + timedelta(seconds=22.5 * 60)
    assert result.used == 15 * M
    assert (result.rounds, result.missed) == (2, 0)


def test_a_late_update_is_counted_missed_for_good_while_the_next_round_runs():
    updates = [T0, T0 + 45 * M]  # 45 minutes between them: late
    result = evaluate_updates(every(30), WORKING, updates, T0 + 50 * M)
    assert result is not None
    assert result.state == "running" and result.due_at == T0 + 75 * M
    assert result.breached and (result.rounds, result.missed) == (2, 1)


def test_the_current_round_breaches_when_its_due_instant_passes():
    result = evaluate_updates(every(30), WORKING, [T0], T0 + 31 * M)
    assert result is not None
    assert result.state == "breached" and result.breached
    assert (result.rounds, result.missed) == (1, 1)


def test_waiting_on_the_client_pauses_the_round():
    spans = [
        Span(T0, T0 + 10 * M, COUNTING),
        Span(T0 + 10 * M, T0 + 70 * M, PAUSED, "waiting_on_client"),
        Span(T0 + 70 * M, None, COUNTING),
    ]
    paused = evaluate_updates(every(30), spans, [T0], T0 + 60 * M)
    assert paused is not None and paused.state == "paused" and paused.due_at is None
    resumed = evaluate_updates(every(30), spans, [T0], T0 + 80 * M)
    assert resumed is not None and resumed.state == "running"
    assert resumed.due_at == T0 + 90 * M  # 10 before the wait + 20 after it
    assert resumed.used == 20 * M


def test_the_final_resolution_meets_the_round():
    spans = [Span(T0, T0 + 20 * M, COUNTING), Span(T0 + 20 * M, None, MET)]
    result = evaluate_updates(every(30), spans, [T0], T0 + 2 * 60 * M)
    assert result is not None
    assert result.state == "met" and result.met_at == T0 + 20 * M and not result.breached


def test_rounds_count_on_the_calendar():
    business = Calendar(
        "America/Sao_Paulo", {d: (Interval.parse("08:00-18:00"),) for d in range(5)}
    )
    evening = datetime(2026, 11, 24, 20, 50, tzinfo=UTC)  # 17:50 in São Paulo
    result = evaluate_updates(every(30, business), WORKING, [evening], evening + 10 * M)
    assert result is not None
    # 10 minutes tonight, 20 tomorrow from 08:00.
    assert result.due_at == datetime(2026, 11, 25, 11, 20, tzinfo=UTC)


def test_clip_cuts_the_spans_to_a_round_and_meets_it_at_its_end():
    spans = [
        Span(T0, T0 + 10 * M, COUNTING),
        Span(T0 + 10 * M, T0 + 20 * M, PAUSED, "waiting_on_client"),
        Span(T0 + 20 * M, None, COUNTING),
    ]
    assert clip(spans, T0 + 5 * M, T0 + 25 * M) == [
        Span(T0 + 5 * M, T0 + 10 * M, COUNTING),
        Span(T0 + 10 * M, T0 + 20 * M, PAUSED, "waiting_on_client"),
        Span(T0 + 20 * M, T0 + 25 * M, COUNTING),
        Span(T0 + 25 * M, None, MET),
    ]
    assert clip(spans, T0 + 30 * M, None) == [Span(T0 + 30 * M, None, COUNTING)]
