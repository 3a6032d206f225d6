"""The stored clocks' arithmetic (slas/compute.py) pinned one rule at a time.

Each test states one rule of the contract the clocks follow: which statuses count,
which pause and why, when a resolution is final, and how planned work's window is
judged. No database: the ticket is built in memory and its history is given.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.test import override_settings

from helpcenter.core.choices import Status
from helpcenter.slas.compute import (
    PlannedWindow,
    _earliest,
    _wanted,
    end_of_day,
    evaluate_ticket,
    final_resolution,
    new_ticket_clocks,
    planned_due,
    resolution_spans,
    status_timeline,
    stop_spans,
)
from helpcenter.slas.models import ClockKind, ClockState
from helpcenter.tickets.models import Ticket
from sla.calendar import always_open
from sla.clocks import COUNTING, MET, PAUSED, Span, TargetSpec

SP = zoneinfo.ZoneInfo("America/Sao_Paulo")
T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def at(hours: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


def planned_ticket(start=dt.date(2026, 11, 24), end=dt.date(2026, 11, 27)) -> Ticket:
    return Ticket(created_at=T0, agreed_start=start, agreed_end=end, sla_policy=None)


# --- the status history --------------------------------------------------------------


def test_timeline_keeps_only_changes_and_never_goes_back_in_time():
    ticket = Ticket(created_at=T0)
    changes = [
        (at(1), Status.OPEN),  # not a change
        (at(2), Status.IN_PROGRESS),
        (at(1.5), Status.WAITING_ON_CLIENT),  # recorded out of order: clamped
        (at(3), Status.WAITING_ON_CLIENT),  # not a change
    ]
    assert status_timeline(ticket, changes) == [
        (T0, Status.OPEN),
        (at(2), Status.IN_PROGRESS),
        (at(2), Status.WAITING_ON_CLIENT),
    ]


def test_final_resolution_is_the_first_done_moment_of_the_last_done_stretch():
    assert final_resolution([]) is None
    assert final_resolution([(T0, Status.OPEN)]) is None
    assert final_resolution([(T0, Status.OPEN), (at(1), Status.RESOLVED)]) == at(1)
    done_then_closed = [(T0, Status.OPEN), (at(1), Status.RESOLVED), (at(5), Status.CLOSED)]
    assert final_resolution(done_then_closed) == at(1)
    reopened = [(T0, Status.OPEN), (at(1), Status.RESOLVED), (at(2), Status.OPEN)]
    assert final_resolution(reopened) is None
    again = [*reopened, (at(3), Status.RESOLVED)]
    assert final_resolution(again) == at(3)


def test_resolution_spans_name_every_pause_and_merge_only_like_with_like():
    timeline = [
        (T0, Status.OPEN),
        (at(1), Status.IN_PROGRESS),  # counting again: one span with the opening
        (at(2), Status.RESOLVED),  # later reopened: a pause, not a stop
        (at(3), Status.WAITING_ON_CLIENT),  # a pause with another reason: its own span
        (at(4), Status.IN_PROGRESS),
        (at(5), Status.RESOLVED),
        (at(6), Status.CLOSED),  # still the same final stretch: one MET span
    ]
    assert resolution_spans(timeline) == [
        Span(T0, at(2), COUNTING),
        Span(at(2), at(3), PAUSED, "resolved_then_reopened"),
        Span(at(3), at(4), PAUSED, "waiting_on_client"),
        Span(at(4), at(5), COUNTING),
        Span(at(5), None, MET),
    ]


def test_two_pauses_for_the_same_reason_in_a_row_are_one_span():
    timeline = [
        (T0, Status.OPEN),
        (at(1), Status.RESOLVED),
        (at(2), Status.CLOSED),
        (at(3), Status.OPEN),
    ]
    assert resolution_spans(timeline) == [
        Span(T0, at(1), COUNTING),
        Span(at(1), at(3), PAUSED, "resolved_then_reopened"),
        Span(at(3), None, COUNTING),
    ]


def test_stop_spans():
    assert stop_spans(T0, None) == [Span(T0, None, COUNTING)]
    assert stop_spans(T0, at(2)) == [Span(T0, at(2), COUNTING), Span(at(2), None, MET)]
    # A stop recorded before the opening (clock skew) stops at the opening.
    assert stop_spans(T0, at(-1)) == [Span(T0, T0, COUNTING), Span(T0, None, MET)]


def test_earliest_ignores_what_has_not_happened():
    assert _earliest(None, None) is None
    assert _earliest(at(2), None, at(1)) == at(1)
    assert _earliest(None, at(3)) == at(3)


# --- planned work's window ----------------------------------------------------------


@override_settings(TIME_ZONE="America/Sao_Paulo")
def test_an_agreed_end_falls_due_at_the_end_of_that_day_in_the_contracts_zone():
    assert end_of_day(dt.date(2026, 11, 27)) == dt.datetime(2026, 11, 28, tzinfo=SP)
    assert end_of_day(dt.date(2026, 12, 31)) == dt.datetime(2027, 1, 1, tzinfo=SP)
    assert planned_due(planned_ticket()) == dt.datetime(2026, 11, 28, tzinfo=SP)
    assert planned_due(planned_ticket(end=None)) is None


@override_settings(TIME_ZONE="America/Sao_Paulo")
@pytest.mark.parametrize(
    ("resolved_at", "now", "state", "breached"),
    [
        (None, dt.datetime(2026, 11, 25, 12, tzinfo=SP), ClockState.RUNNING, False),
        (None, dt.datetime(2026, 11, 28, 0, 0, 1, tzinfo=SP), ClockState.BREACHED, True),
        (None, dt.datetime(2026, 11, 28, tzinfo=SP), ClockState.RUNNING, False),  # the last instant
        (dt.datetime(2026, 11, 27, 23, 59, tzinfo=SP), None, ClockState.MET, False),
        (dt.datetime(2026, 11, 28, tzinfo=SP), None, ClockState.MET, False),
        (dt.datetime(2026, 11, 28, 0, 0, 1, tzinfo=SP), None, ClockState.BREACHED, True),
    ],
)
def test_the_planned_window_is_met_running_or_breached(resolved_at, now, state, breached):
    ticket = planned_ticket()
    timeline = [(T0, Status.OPEN)]
    if resolved_at is not None:
        timeline.append((resolved_at, Status.RESOLVED))
        # Long after the resolution: only the resolution's moment is judged.
        now = dt.datetime(2027, 3, 1, tzinfo=SP)
    results, planned = evaluate_ticket(ticket, now=now, timeline=timeline)
    assert results == {}
    assert planned == PlannedWindow(
        start=dt.datetime(2026, 11, 24, tzinfo=SP),
        due_at=dt.datetime(2026, 11, 28, tzinfo=SP),
        met_at=resolved_at,
        breached=breached,
        state=state,
    )


@override_settings(TIME_ZONE="America/Sao_Paulo")
def test_a_window_without_a_start_and_a_reopened_ticket_is_running_again():
    ticket = planned_ticket(start=None)
    timeline = [(T0, Status.OPEN), (at(1), Status.RESOLVED), (at(2), Status.OPEN)]
    _, planned = evaluate_ticket(ticket, now=at(3), timeline=timeline)
    assert planned is not None
    assert (planned.start, planned.met_at, planned.state) == (None, None, ClockState.RUNNING)


def test_no_policy_and_no_window_means_no_clocks():
    ticket = Ticket(created_at=T0, sla_policy=None)
    assert evaluate_ticket(ticket, now=at(1), timeline=[(T0, Status.OPEN)]) == ({}, None)


@override_settings(TIME_ZONE="America/Sao_Paulo")
def test_a_planned_ticket_stores_one_planned_clock_due_at_the_window_end():
    ticket = planned_ticket()
    clocks = new_ticket_clocks(ticket, now=T0)
    assert [(c.kind, c.due_at, c.warn_at, c.met_at) for c in clocks] == [
        (ClockKind.PLANNED, dt.datetime(2026, 11, 28, tzinfo=SP), None, None)
    ]
    clock = clocks[0]
    assert (clock.target_seconds, clock.used_seconds, clock.state, clock.breached) == (
        0,
        0,
        ClockState.RUNNING,
        False,
    )
    assert clock.computed_at == T0
    assert ticket.sla_next_due == dt.datetime(2026, 11, 28, tzinfo=SP)


def test_a_planned_clock_stores_no_target_and_no_warning():
    wanted = _wanted(
        {},
        PlannedWindow(start=None, due_at=at(10), met_at=at(5), breached=False, state="met"),
    )
    assert wanted == {
        ClockKind.PLANNED: {
            "target_seconds": 0,
            "used_seconds": 0,
            "due_at": at(10),
            "warn_at": None,
            "met_at": at(5),
            "state": "met",
            "breached": False,
        }
    }


# --- the contract's clocks -------------------------------------------------------------

SPECS = {
    kind: TargetSpec(kind, dt.timedelta(hours=hours), always_open())
    for kind, hours in [
        (ClockKind.FIRST_RESPONSE, 1),
        (ClockKind.TRIAGE, 2),
        (ClockKind.RESOLUTION, 6),
    ]
}


def test_a_ticket_resolved_untouched_stops_its_response_and_triage_clocks_then():
    ticket = Ticket(created_at=T0, first_response_at=None, triaged_at=None)
    timeline = [(T0, Status.OPEN), (at(0.5), Status.RESOLVED)]
    results, planned = evaluate_ticket(ticket, now=at(5), timeline=timeline, specs=SPECS)
    assert planned is None
    assert {kind: (r.met_at, r.state) for kind, r in results.items()} == {
        ClockKind.FIRST_RESPONSE: (at(0.5), "met"),
        ClockKind.TRIAGE: (at(0.5), "met"),
        ClockKind.RESOLUTION: (at(0.5), "met"),
    }


def test_each_clock_stops_at_its_own_moment():
    ticket = Ticket(created_at=T0, first_response_at=at(0.25), triaged_at=at(3))
    timeline = [(T0, Status.OPEN)]
    results, _ = evaluate_ticket(ticket, now=at(4), timeline=timeline, specs=SPECS)
    first, triage, resolution = (results[k] for k in SPECS)
    assert (first.met_at, first.breached) == (at(0.25), False)
    assert (triage.met_at, triage.breached, triage.state) == (at(3), True, "breached")
    assert (resolution.met_at, resolution.due_at, resolution.state) == (None, at(6), "running")


def test_the_ledger_is_computed_only_when_asked_for():
    ticket = Ticket(created_at=T0, first_response_at=None, triaged_at=None)
    timeline = [(T0, Status.OPEN)]
    plain, _ = evaluate_ticket(ticket, now=at(1), timeline=timeline, specs=SPECS)
    shown, _ = evaluate_ticket(ticket, now=at(1), timeline=timeline, specs=SPECS, ledger=True)
    assert all(result.segments == [] for result in plain.values())
    assert all(result.segments for result in shown.values())
