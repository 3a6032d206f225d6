"""Agent-only state changes used by the console: priority, waiting on client, agreed
window, assign, internal notes, merge, link.

Same rules as actions.py: keyword-only, required actor, one transaction, one
audit event, outbox rows for e-mail, optional `expected_version` check.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helpcenter.accounts.models import User
from helpcenter.audit.events import EventType
from helpcenter.audit.record import record_event
from helpcenter.core.dates import in_contract_range
from helpcenter.notifications import emails
from helpcenter.oncall.paging import alert_urgent
from helpcenter.slas.compute import assign_policy, sync_clocks
from helpcenter.tickets.actions import _lock, _require_staff, _touch, _write_comment
from helpcenter.tickets.models import (
    URGENT_PRIORITIES,
    Attachment,
    Comment,
    Priority,
    Ticket,
    TicketLink,
)
from helpcenter.tickets.search import refresh_search_text
from helpcenter.tickets.statuses import (
    ActionRefused,
    Move,
    Status,
    TransitionError,
    check_move,
)


def assign_ticket(
    ticket: Ticket, *, assignee: User, actor: User, expected_version: int | None = None
) -> Ticket:
    _require_staff(actor)
    if not assignee.is_support_staff or not assignee.is_active:
        raise PermissionDenied("tickets are assigned to active support staff")
    with transaction.atomic():
        ticket = _lock(ticket, expected_version)
        if ticket.status == Status.CLOSED:
            raise TransitionError(_("This ticket is closed."))
        if ticket.assignee_id == assignee.pk:
            return ticket
        before = ticket.assignee_id
        ticket.assignee = assignee
        _touch(ticket, "assignee")
        event = record_event(
            EventType.TICKET_ASSIGNED,
            actor=actor,
            ticket=ticket,
            data={
                "before": {"assignee": before},
                "after": {"assignee": assignee.pk, "assignee_name": assignee.display_name},
            },
        )
        if assignee.pk != actor.pk:
            emails.ticket_assigned(ticket, event_id=event.pk)
    return ticket


def add_internal_note(
    ticket: Ticket,
    *,
    body: str,
    actor: User,
    attachments: Sequence[UploadedFile] = (),
    expected_version: int | None = None,
) -> Comment:
    """A note for the support team only: never shown or sent to clients."""
    _require_staff(actor)
    with transaction.atomic():
        ticket = _lock(ticket, expected_version)
        comment = _write_comment(
            ticket, author=actor, body=body, attachments=attachments, internal=True
        )
        _touch(ticket, "search_text")
        record_event(
            EventType.TICKET_NOTE_ADDED,
            actor=actor,
            ticket=ticket,
            public=False,
            data={"comment": comment.pk, "attachments": len(attachments)},
        )
    return comment


def merge_ticket(duplicate: Ticket, *, into: Ticket, actor: User) -> Ticket:
    """Merge a duplicate: its conversation, files and watchers move; it closes with a link."""
    _require_staff(actor)
    if duplicate.pk == into.pk:
        raise ActionRefused(_("A ticket cannot be merged into itself."))
    with transaction.atomic():
        # Lock both rows in id order so two opposite merges cannot deadlock.
        first, second = sorted([duplicate.pk, into.pk])
        locked = {
            t.pk: t
            for t in Ticket.objects.select_for_update(of=("self",))
            .select_related("organization", "requester")
            .filter(pk__in=[first, second])
            .order_by("pk")
        }
        duplicate, into = locked[duplicate.pk], locked[into.pk]
        if duplicate.organization_id != into.organization_id:
            raise ActionRefused(_("Only tickets of the same organization can be merged."))
        if duplicate.status == Status.CLOSED or into.status == Status.CLOSED:
            raise TransitionError(_("Closed tickets cannot be merged."))
        closed = check_move(
            duplicate.status, Move.MERGE, actor=actor, organization_id=duplicate.organization_id
        )
        moved_comments = Comment.objects.filter(ticket=duplicate).update(ticket=into)
        Attachment.objects.filter(ticket=duplicate).update(ticket=into)
        watchers = [duplicate.requester, *duplicate.participants.all()]
        new_watchers = [w for w in watchers if w.pk != into.requester_id and w.is_active]
        into.participants.add(*new_watchers)
        Comment.objects.create(
            ticket=into,
            author=actor,
            body=_("Merged from %(number)s: %(title)s\n\n%(description)s")
            % {
                "number": duplicate.number,
                "title": duplicate.title,
                "description": duplicate.description,
            },
        )
        before = duplicate.status
        duplicate.status = closed
        duplicate.closed_at = timezone.now()
        duplicate.merged_into = into
        _touch(duplicate, "status", "closed_at", "merged_into")
        refresh_search_text(into)
        _touch(into, "search_text")
        record_event(
            EventType.TICKET_MERGED,
            actor=actor,
            ticket=duplicate,
            data={
                "before": {"status": before},
                "after": {"status": Status.CLOSED, "merged_into": into.pk},
                "into_number": into.number,
            },
        )
        record_event(
            EventType.TICKET_MERGED_IN,
            actor=actor,
            ticket=into,
            data={
                "merged": duplicate.pk,
                "merged_number": duplicate.number,
                "comments": moved_comments,
                "names": [w.display_name for w in new_watchers],
            },
        )
        sync_clocks(duplicate)
        sync_clocks(into)
    return into


def link_tickets(ticket: Ticket, *, other: Ticket, actor: User) -> TicketLink:
    _require_staff(actor)
    if ticket.pk == other.pk:
        raise ActionRefused(_("A ticket cannot be linked to itself."))
    a, b = sorted([ticket, other], key=lambda t: t.pk)
    with transaction.atomic():
        link, created = TicketLink.objects.get_or_create(
            from_ticket=a, to_ticket=b, defaults={"created_by": actor}
        )
        if created:
            for here, there in ((ticket, other), (other, ticket)):
                record_event(
                    EventType.TICKET_LINKED,
                    actor=actor,
                    ticket=here,
                    public=here.organization_id == there.organization_id,
                    data={"other": there.pk, "other_number": there.number},
                )
    return link


def change_priority(
    ticket: Ticket, *, priority: str, reason: str, actor: User, expected_version: int | None = None
) -> Ticket:
    """Re-prioritize: targets are recomputed from the opening time under the new policy."""
    _require_staff(actor)
    if priority not in Priority.values:
        raise ActionRefused(_("Unknown type or priority."))
    if not reason.strip():
        raise ActionRefused(_("Changing the type or the priority needs a reason."))
    with transaction.atomic():
        ticket = _lock(ticket, expected_version)
        if ticket.status == Status.CLOSED:
            raise TransitionError(_("This ticket is closed."))
        if priority == ticket.priority:
            return ticket
        before = {"priority": ticket.priority, "sla_policy": ticket.sla_policy_id}
        ticket.priority = priority
        assign_policy(ticket)
        _touch(ticket, "priority", "sla_policy")
        record_event(
            EventType.TICKET_PRIORITY_CHANGED,
            actor=actor,
            ticket=ticket,
            data={
                "before": before,
                "after": {"priority": priority, "sla_policy": ticket.sla_policy_id},
                "reason": reason.strip(),
            },
        )
        sync_clocks(ticket)
        if before["priority"] not in URGENT_PRIORITIES:
            alert_urgent(ticket, reason="raised", now=timezone.now())
    return ticket


def change_status(
    ticket: Ticket, *, status: str, actor: User, expected_version: int | None = None
) -> Ticket:
    """Move between in progress and waiting on the client (the resolution clock pauses)."""
    _require_staff(actor)
    if status not in (Status.IN_PROGRESS, Status.WAITING_ON_CLIENT):
        raise TransitionError(_("Use triage, resolve, reopen or close for this change."))
    with transaction.atomic():
        ticket = _lock(ticket, expected_version)
        if ticket.status == Status.OPEN:
            raise TransitionError(_("Triage the ticket first."))
        move = Move.WAIT_ON_CLIENT if status == Status.WAITING_ON_CLIENT else Move.BACK_TO_WORK
        check_move(ticket.status, move, actor=actor, organization_id=ticket.organization_id)
        before = ticket.status
        ticket.status = status
        _touch(ticket, "status")
        event = record_event(
            EventType.TICKET_STATUS_CHANGED,
            actor=actor,
            ticket=ticket,
            data={"before": {"status": before}, "after": {"status": status}},
        )
        sync_clocks(ticket)
        emails.status_changed(ticket, event_id=event.pk)
    return ticket


def agree_window(
    ticket: Ticket, *, start: date, end: date, actor: User, expected_version: int | None = None
) -> Ticket:
    """Planned work: the agreed start and end; overdue once the end passes unresolved."""
    _require_staff(actor)
    if end < start:
        raise ActionRefused(_("The end of the window is before its start."))
    if not in_contract_range(start, end):
        raise ActionRefused(_("The window's dates are out of range."))
    with transaction.atomic():
        ticket = _lock(ticket, expected_version)
        if ticket.priority != Priority.PLANNED:
            raise ActionRefused(_("Only planned tickets have an agreed window."))
        if ticket.status == Status.CLOSED:
            raise TransitionError(_("This ticket is closed."))
        before = {"start": str(ticket.agreed_start or ""), "end": str(ticket.agreed_end or "")}
        ticket.agreed_start, ticket.agreed_end = start, end
        _touch(ticket, "agreed_start", "agreed_end")
        record_event(
            EventType.TICKET_WINDOW_AGREED,
            actor=actor,
            ticket=ticket,
            data={"before": before, "after": {"start": str(start), "end": str(end)}},
        )
        sync_clocks(ticket)
    return ticket
