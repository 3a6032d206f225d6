"""A ticket's life after triage: waiting on the client, resolved, reopened, closed;
and the agreed window of planned work."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helpcenter.accounts.models import User
from helpcenter.audit.events import EventType
from helpcenter.audit.record import record_event
from helpcenter.core.dates import in_contract_range
from helpcenter.slas.compute import sync_clocks
from helpcenter.tickets import notify as emails
from helpcenter.tickets.actions.steps import (
    lock,
    require_staff,
    touch,
    write_comment,
)
from helpcenter.tickets.models import (
    Priority,
    Ticket,
)
from helpcenter.tickets.statuses import (
    ActionRefused,
    Move,
    Status,
    TransitionError,
    check_move,
)


def change_status(
    ticket: Ticket, *, status: str, actor: User, expected_version: int | None = None
) -> Ticket:
    """Move between in progress and waiting on the client (the resolution clock pauses)."""
    require_staff(actor)
    if status not in (Status.IN_PROGRESS, Status.WAITING_ON_CLIENT):
        raise TransitionError(_("Use triage, resolve, reopen or close for this change."))
    with transaction.atomic():
        ticket = lock(ticket, expected_version)
        if ticket.status == Status.OPEN:
            raise TransitionError(_("Triage the ticket first."))
        move = Move.WAIT_ON_CLIENT if status == Status.WAITING_ON_CLIENT else Move.BACK_TO_WORK
        check_move(ticket.status, move, actor=actor, organization_id=ticket.organization_id)
        before = ticket.status
        ticket.status = status
        touch(ticket, "status")
        event = record_event(
            EventType.TICKET_STATUS_CHANGED,
            actor=actor,
            ticket=ticket,
            data={"before": {"status": before}, "after": {"status": status}},
        )
        sync_clocks(ticket)
        emails.status_changed(ticket, event_id=event.pk)
    return ticket


def resolve_ticket(
    ticket: Ticket, *, actor: User, note: str = "", expected_version: int | None = None
) -> Ticket:
    """An agent marks the ticket resolved; the client may reopen it within the window."""
    with transaction.atomic():
        ticket = lock(ticket, expected_version)
        target = check_move(
            ticket.status, Move.RESOLVE, actor=actor, organization_id=ticket.organization_id
        )
        before = ticket.status
        ticket.status = target
        ticket.resolved_at = timezone.now()
        touch(ticket, "status", "resolved_at")
        event = record_event(
            EventType.TICKET_RESOLVED,
            actor=actor,
            ticket=ticket,
            data={"before": {"status": before}, "after": {"status": ticket.status}, "note": note},
        )
        sync_clocks(ticket)
        emails.ticket_resolved(ticket, event_id=event.pk)
    return ticket


def reopen_ticket(
    ticket: Ticket, *, actor: User, reason: str, expected_version: int | None = None
) -> Ticket:
    """The client says a resolved ticket is not solved; it goes back to the team.

    Only from resolved (a new or running ticket is not "reopened"), only by a
    client of the ticket's organization, and only within the reopening window.
    """
    with transaction.atomic():
        ticket = lock(ticket, expected_version)
        target = check_move(
            ticket.status, Move.REOPEN, actor=actor, organization_id=ticket.organization_id
        )
        if not ticket.can_be_reopened:
            raise TransitionError(
                _("The reopening window has passed. Please open a new ticket that refers to it.")
            )
        before = ticket.status
        ticket.status = target
        ticket.resolved_at = None
        fields = ["status", "resolved_at"]
        if reason.strip():
            write_comment(ticket, author=actor, body=reason, attachments=(), internal=False)
            fields.append("search_text")
        touch(ticket, *fields)
        record_event(
            EventType.TICKET_REOPENED,
            actor=actor,
            ticket=ticket,
            data={
                "before": {"status": before},
                "after": {"status": ticket.status},
                "reason": reason.strip(),
            },
        )
        sync_clocks(ticket)
    return ticket


def close_ticket(
    ticket: Ticket,
    *,
    actor: User | None,
    automatic: bool = False,
    expected_version: int | None = None,
) -> Ticket:
    """Close a resolved ticket (the client confirms, or the reopening window ran out).

    `actor` None is the system's own job (`automatic`).
    """
    with transaction.atomic():
        ticket = lock(ticket, expected_version)
        if ticket.status != Status.RESOLVED:
            raise TransitionError(_("Only a resolved ticket can be closed."))
        ticket.status = check_move(
            ticket.status, Move.CLOSE, actor=actor, organization_id=ticket.organization_id
        )
        ticket.closed_at = timezone.now()
        touch(ticket, "status", "closed_at")
        record_event(
            EventType.TICKET_CLOSED,
            actor=actor,
            ticket=ticket,
            data={
                "before": {"status": Status.RESOLVED},
                "after": {"status": Status.CLOSED},
                "automatic": automatic,
            },
        )
        sync_clocks(ticket)
    return ticket


def agree_window(
    ticket: Ticket, *, start: date, end: date, actor: User, expected_version: int | None = None
) -> Ticket:
    """Planned work: the agreed start and end; overdue once the end passes unresolved."""
    require_staff(actor)
    if end < start:
        raise ActionRefused(_("The end of the window is before its start."))
    if not in_contract_range(start, end):
        raise ActionRefused(_("The window's dates are out of range."))
    with transaction.atomic():
        ticket = lock(ticket, expected_version)
        if ticket.priority != Priority.PLANNED:
            raise ActionRefused(_("Only planned tickets have an agreed window."))
        if ticket.status == Status.CLOSED:
            raise TransitionError(_("This ticket is closed."))
        before = {"start": str(ticket.agreed_start or ""), "end": str(ticket.agreed_end or "")}
        ticket.agreed_start, ticket.agreed_end = start, end
        touch(ticket, "agreed_start", "agreed_end")
        record_event(
            EventType.TICKET_WINDOW_AGREED,
            actor=actor,
            ticket=ticket,
            data={"before": before, "after": {"start": str(start), "end": str(end)}},
        )
        sync_clocks(ticket)
    return ticket
