"""The transition table, pinned by a copy written out by hand, and refused through the pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from helpcenter.tickets.models import Ticket
from helpcenter.tickets.statuses import (
    MOVES,
    TRANSITIONS,
    Move,
    TransitionError,
    check_move,
    check_transition,
)
from tests.helpers import open_ticket

OPEN, P, W, R, C = "open", "in_progress", "waiting_on_client", "resolved", "closed"

# Written out by hand from the contract, not derived from the code:
# move: (from which statuses, to which status, who may make it)
EXPECTED_MOVES = {
    "triage": ({OPEN}, P, {"staff"}),
    "wait_on_client": ({P}, W, {"staff"}),
    "client_replied": ({W}, P, {"client"}),
    "back_to_work": ({W, R}, P, {"staff"}),
    "resolve": ({OPEN, P, W}, R, {"staff"}),
    "reopen": ({R}, P, {"client"}),
    "close": ({R}, C, {"client", "system"}),
    "merge": ({OPEN, P, W, R}, C, {"staff"}),
}
EXPECTED_TRANSITIONS = {
    OPEN: {P, R, C},
    P: {W, R, C},
    W: {P, R, C},
    R: {P, C},
    C: set(),
}


def test_moves_match_the_written_out_table():
    actual = {
        str(move): (
            {str(s) for s in rule.sources},
            str(rule.target),
            {str(p) for p in rule.parties},
        )
        for move, rule in MOVES.items()
    }
    assert actual == EXPECTED_MOVES


def test_transitions_match_the_written_out_table():
    assert {k: {str(v) for v in vs} for k, vs in TRANSITIONS.items()} == EXPECTED_TRANSITIONS


@pytest.mark.parametrize("current", [OPEN, P, W, R, C])
@pytest.mark.parametrize("target", [OPEN, P, W, R, C])
def test_check_transition_agrees_with_the_written_out_table(current, target):
    if target in EXPECTED_TRANSITIONS[current]:
        check_transition(current, target)
    else:
        with pytest.raises(TransitionError):
            check_transition(current, target)


@pytest.mark.parametrize("move", list(EXPECTED_MOVES))
@pytest.mark.parametrize("status", [OPEN, P, W, R, C])
@pytest.mark.parametrize("party", ["client", "other_client", "staff", "system"])
def test_check_move_for_every_status_and_party(world, move, status, party):
    actor = {
        "client": world.client_a,
        "other_client": world.client_b,
        "staff": world.agent,
        "system": None,
    }[party]
    sources, target, parties = EXPECTED_MOVES[move]
    allowed_party = party in parties  # a client of another organization is never a party
    if not allowed_party:
        with pytest.raises(PermissionDenied):
            check_move(status, Move(move), actor=actor, organization_id=world.org_a.pk)
    elif status not in sources:
        with pytest.raises(TransitionError):
            check_move(status, Move(move), actor=actor, organization_id=world.org_a.pk)
    else:
        assert check_move(status, Move(move), actor=actor, organization_id=world.org_a.pk) == target


def test_inactive_staff_is_no_party(world):
    world.agent.is_active = False
    with pytest.raises(PermissionDenied):
        check_move(OPEN, Move.RESOLVE, actor=world.agent, organization_id=world.org_a.pk)


# Refused through the pages: the status stays, nothing is written.


def _at(world, status):
    ticket = open_ticket(world)
    Ticket.objects.filter(pk=ticket.pk).update(status=status)
    return ticket


@pytest.mark.parametrize("status", [OPEN, P, W, C])
def test_client_reopen_page_refuses_all_but_resolved(client, world, status):
    ticket = _at(world, status)
    client.force_login(world.client_a)
    client.post(reverse("portal:ticket_reopen", args=[ticket.pk]), {"reason": "still broken"})
    after = Ticket.objects.get(pk=ticket.pk)
    assert (after.status, after.version) == (status, 1)


@pytest.mark.parametrize("status", [OPEN, P, W, C])
def test_client_close_page_refuses_all_but_resolved(client, world, status):
    ticket = _at(world, status)
    client.force_login(world.client_a)
    client.post(reverse("portal:ticket_close", args=[ticket.pk]))
    assert Ticket.objects.get(pk=ticket.pk).status == status


def test_client_reopen_and_close_a_resolved_ticket_through_the_pages(client, world):
    ticket = _at(world, R)
    Ticket.objects.filter(pk=ticket.pk).update(resolved_at=ticket.created_at)
    client.force_login(world.client_a)
    client.post(reverse("portal:ticket_reopen", args=[ticket.pk]), {"reason": "still broken"})
    assert Ticket.objects.get(pk=ticket.pk).status == P
    resolved = _at(world, R)
    Ticket.objects.filter(pk=resolved.pk).update(resolved_at=resolved.created_at)
    client.post(reverse("portal:ticket_close", args=[resolved.pk]))
    assert Ticket.objects.get(pk=resolved.pk).status == C


@pytest.mark.parametrize(("status", "target"), [(OPEN, P), (OPEN, W), (C, P), (C, W), (P, P)])
def test_agent_status_page_refuses_what_the_table_refuses(client, world, status, target):
    ticket = _at(world, status)
    client.force_login(world.agent)
    client.post(reverse("portal:ticket_status", args=[ticket.pk]), {"status": target})
    after = Ticket.objects.get(pk=ticket.pk)
    assert (after.status, after.version) == (status, 1)


@pytest.mark.parametrize(("status", "target"), [(P, W), (W, P), (R, P)])
def test_agent_status_page_allows_what_the_table_allows(client, world, status, target):
    ticket = _at(world, status)
    client.force_login(world.agent)
    client.post(reverse("portal:ticket_status", args=[ticket.pk]), {"status": target})
    assert Ticket.objects.get(pk=ticket.pk).status == target


@pytest.mark.parametrize("status", [OPEN, P, W])
def test_resolve_from_every_active_status(client, world, status):
    ticket = _at(world, status)
    client.force_login(world.agent)
    client.post(reverse("portal:ticket_resolve", args=[ticket.pk]))
    assert Ticket.objects.get(pk=ticket.pk).status == R


@pytest.mark.parametrize("status", [R, C])
def test_resolve_refused_when_resolved_or_closed(client, world, status):
    ticket = _at(world, status)
    client.force_login(world.agent)
    client.post(reverse("portal:ticket_resolve", args=[ticket.pk]))
    assert Ticket.objects.get(pk=ticket.pk).status == status
