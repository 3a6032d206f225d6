"""Ticket statuses and the one table of allowed transitions: from where, to where, by whom.

Every status change an action makes is a named move in `MOVES`. The action calls
`check_move(ticket, move, actor)`, which refuses a move from the wrong status
(TransitionError, shown to the person) or by the wrong party (PermissionDenied).
Pages, the API and e-mail intake all go through actions, so none of them can
skip these rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from helpcenter.core.choices import Status

if TYPE_CHECKING:
    from helpcenter.accounts.models import User


class Party(StrEnum):
    """Who asks for a move: a client of the ticket's organization, support staff, or a job."""

    CLIENT = "client"
    STAFF = "staff"
    SYSTEM = "system"


class Move(StrEnum):
    TRIAGE = "triage"
    WAIT_ON_CLIENT = "wait_on_client"
    CLIENT_REPLIED = "client_replied"
    BACK_TO_WORK = "back_to_work"
    RESOLVE = "resolve"
    REOPEN = "reopen"
    CLOSE = "close"
    MERGE = "merge"


@dataclass(frozen=True)
class Rule:
    sources: frozenset[Status]
    target: Status
    parties: frozenset[Party]


_NOT_CLOSED = frozenset(
    {Status.OPEN, Status.IN_PROGRESS, Status.WAITING_ON_CLIENT, Status.RESOLVED}
)

MOVES: dict[Move, Rule] = {
    # Assessment & triage takes a new ticket into work, with an assignee.
    Move.TRIAGE: Rule(frozenset({Status.OPEN}), Status.IN_PROGRESS, frozenset({Party.STAFF})),
    Move.WAIT_ON_CLIENT: Rule(
        frozenset({Status.IN_PROGRESS}), Status.WAITING_ON_CLIENT, frozenset({Party.STAFF})
    ),
    # A client's reply on a ticket waiting on them moves it back to the team.
    Move.CLIENT_REPLIED: Rule(
        frozenset({Status.WAITING_ON_CLIENT}), Status.IN_PROGRESS, frozenset({Party.CLIENT})
    ),
    Move.BACK_TO_WORK: Rule(
        frozenset({Status.WAITING_ON_CLIENT, Status.RESOLVED}),
        Status.IN_PROGRESS,
        frozenset({Party.STAFF}),
    ),
    Move.RESOLVE: Rule(
        frozenset({Status.OPEN, Status.IN_PROGRESS, Status.WAITING_ON_CLIENT}),
        Status.RESOLVED,
        frozenset({Party.STAFF}),
    ),
    # Only a resolved ticket is reopened, and only by the client (within the window).
    Move.REOPEN: Rule(frozenset({Status.RESOLVED}), Status.IN_PROGRESS, frozenset({Party.CLIENT})),
    Move.CLOSE: Rule(
        frozenset({Status.RESOLVED}), Status.CLOSED, frozenset({Party.CLIENT, Party.SYSTEM})
    ),
    Move.MERGE: Rule(_NOT_CLOSED, Status.CLOSED, frozenset({Party.STAFF})),
}

# Which status may follow which, whoever asks: derived from MOVES.
TRANSITIONS: dict[str, frozenset[str]] = {
    status: frozenset(rule.target for rule in MOVES.values() if status in rule.sources)
    for status in Status
}

ACTIVE_STATUSES = frozenset({Status.OPEN, Status.IN_PROGRESS, Status.WAITING_ON_CLIENT})


class ActionRefused(Exception):
    """An action refused for a reason the person who asked can act on; shown to them."""


class TransitionError(ActionRefused):
    """A refused status change."""


def party_of(actor: User | None, organization_id: int) -> Party | None:
    """The actor's side on a ticket of `organization_id`, or None if they are no party."""
    if actor is None:
        return Party.SYSTEM
    if not actor.is_active:
        return None
    if actor.is_support_staff:
        return Party.STAFF
    if actor.is_client and actor.organization_id == organization_id:
        return Party.CLIENT
    return None


def check_move(status: str, move: Move, *, actor: User | None, organization_id: int) -> Status:
    """The status `move` leads to; refused if `actor` may not make it or not from `status`."""
    rule = MOVES[move]
    if party_of(actor, organization_id) not in rule.parties:
        raise PermissionDenied(f"{move} is not for this person")
    if status not in rule.sources:
        raise TransitionError(
            _("A ticket that is “%(current)s” cannot become “%(target)s”.")
            % {"current": Status(status).label, "target": rule.target.label}
        )
    return rule.target


def check_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS[current]:
        raise TransitionError(
            _("A ticket that is “%(current)s” cannot become “%(target)s”.")
            % {"current": Status(current).label, "target": Status(target).label}
        )
