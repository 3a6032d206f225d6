"""Every state change of a ticket: one function, one transaction, one audit event.

Views, the console, the worker (and later the API and e-mail intake) call these
and nothing else to change a ticket. Each takes a required keyword `actor`
(None only for the system's own jobs), locks the ticket row, checks the
transition table, writes the audit event and the outbox rows, and bumps the
ticket's version.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helpcenter.accounts.models import Organization, User
from helpcenter.audit.events import EventType
from helpcenter.audit.record import record_event
from helpcenter.catalog.models import Service
from helpcenter.core.dates import in_contract_range
from helpcenter.notifications import emails
from helpcenter.oncall.paging import alert_urgent
from helpcenter.slas.compute import assign_policy, sync_clocks
from helpcenter.tickets.attachments import attach_staged, store_attachment
from helpcenter.tickets.models import (
    URGENT_PRIORITIES,
    Channel,
    Comment,
    Priority,
    StagedUpload,
    Ticket,
    TicketType,
)
from helpcenter.tickets.search import refresh_search_text
from helpcenter.tickets.statuses import (
    ActionRefused,
    Move,
    Status,
    TransitionError,
    check_move,
)


class StaleTicket(ActionRefused):
    """The change was based on an older view of the ticket."""


def _lock(ticket: Ticket, expected_version: int | None = None) -> Ticket:
    """Re-read the ticket under a row lock so concurrent actions serialize.

    With `expected_version` (the version the person's page showed), a change
    based on a stale view is refused instead of silently overwriting another's.
    """
    locked = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("organization", "requester", "assignee")
        .get(pk=ticket.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise StaleTicket(
            _(
                "This ticket changed since you opened it. Review the latest state below and try again."
            )
        )
    return locked


def _touch(ticket: Ticket, *fields: str) -> None:
    ticket.version += 1
    ticket.updated_at = timezone.now()
    ticket.save(update_fields=[*fields, "version", "updated_at"])


def _write_comment(
    ticket: Ticket,
    *,
    author: User,
    body: str,
    attachments: Sequence[UploadedFile],
    internal: bool,
) -> Comment:
    """A comment with its files, and the ticket's search text brought up to date."""
    comment = Comment.objects.create(
        ticket=ticket, author=author, body=body.strip(), is_internal=internal
    )
    for upload in attachments:
        store_attachment(upload, ticket=ticket, comment=comment, uploaded_by=author)
    refresh_search_text(ticket)
    return comment


def _check_participants(organization: Organization, people: Sequence[User]) -> None:
    for person in people:
        if person.organization_id != organization.pk or not person.is_active:
            raise PermissionDenied("participants must be active users of the organization")


def open_ticket(
    *,
    organization: Organization,
    requester: User,
    type: str,
    priority: str,
    service: Service,
    title: str,
    description: str,
    actor: User,
    participants: Sequence[User] = (),
    attachments: Sequence[UploadedFile] = (),
    staged: Sequence[StagedUpload] = (),
    planned_start: date | None = None,
    planned_end: date | None = None,
    channel: str = Channel.PORTAL,
) -> Ticket:
    """Create a ticket in `open` with its first history entry and confirmation e-mails."""
    if requester.organization_id != organization.pk or not requester.is_client:
        raise PermissionDenied("the requester must be a client user of the organization")
    if service.organization_id != organization.pk or not service.is_active:
        raise PermissionDenied("the service must be one of the organization's own")
    if actor.is_client and actor.pk != requester.pk:
        raise PermissionDenied("clients open tickets for themselves")
    _check_participants(organization, participants)
    if priority != Priority.PLANNED:
        planned_start = planned_end = None
    if not in_contract_range(planned_start, planned_end):
        raise ActionRefused(_("The window's dates are out of range."))
    with transaction.atomic():
        ticket = Ticket(
            organization=organization,
            requester=requester,
            service=service,
            type=type,
            priority=priority,
            status=Status.OPEN,
            channel=channel,
            title=title.strip(),
            description=description.strip(),
            search_text=f"{title.strip()}\n{description.strip()}",
            planned_start=planned_start,
            planned_end=planned_end,
        )
        assign_policy(ticket)
        ticket.save()
        others = [p for p in participants if p.pk != requester.pk]
        if others:
            ticket.participants.set(others)
        for upload in attachments:
            store_attachment(upload, ticket=ticket, comment=None, uploaded_by=actor)
        for kept in staged:
            if kept.owner_id != actor.pk:
                raise PermissionDenied("staged files belong to the person who uploaded them")
            attach_staged(kept, ticket=ticket, comment=None, uploaded_by=actor)
        record_event(
            EventType.TICKET_CREATED,
            actor=actor,
            ticket=ticket,
            data={
                "after": {
                    "status": ticket.status,
                    "type": type,
                    "priority": priority,
                    "service": service.pk,
                    "channel": channel,
                    "participants": [p.pk for p in others],
                    "attachments": len(attachments) + len(staged),
                    "sla_policy": ticket.sla_policy_id,
                }
            },
        )
        sync_clocks(ticket)
        emails.ticket_created(ticket)
        alert_urgent(ticket, reason="opened", now=ticket.created_at)
    return ticket


def add_reply(
    ticket: Ticket,
    *,
    body: str,
    actor: User,
    attachments: Sequence[UploadedFile] = (),
    expected_version: int | None = None,
) -> Comment:
    """A public reply. A client's reply on a ticket waiting on them moves it back to work."""
    with transaction.atomic():
        ticket = _lock(ticket, expected_version)
        if ticket.status == Status.CLOSED:
            raise TransitionError(_("This ticket is closed. Open a new ticket that refers to it."))
        comment = _write_comment(
            ticket, author=actor, body=body, attachments=attachments, internal=False
        )
        data: dict = {"comment": comment.pk, "attachments": len(attachments)}
        fields = []
        if actor.is_client and ticket.status == Status.WAITING_ON_CLIENT:
            target = check_move(
                ticket.status,
                Move.CLIENT_REPLIED,
                actor=actor,
                organization_id=ticket.organization_id,
            )
            data["before"], data["after"] = ({"status": ticket.status}, {"status": target})
            ticket.status = target
            fields.append("status")
        if actor.is_support_staff and ticket.first_response_at is None:
            # The first public reply of an agent meets the first-response target.
            ticket.first_response_at = comment.created_at
            data["first_response"] = True
            fields.append("first_response_at")
        _touch(ticket, "search_text", *fields)
        record_event(EventType.TICKET_REPLIED, actor=actor, ticket=ticket, data=data)
        sync_clocks(ticket)
        emails.reply_added(comment)
    return comment


def add_participants(
    ticket: Ticket, *, people: Sequence[User], actor: User, expected_version: int | None = None
) -> list[User]:
    """CC more people of the ticket's organization; returns those newly added."""
    with transaction.atomic():
        ticket = _lock(ticket, expected_version)
        if ticket.status == Status.CLOSED:
            raise TransitionError(_("This ticket is closed."))
        _check_participants(ticket.organization, people)
        current = set(ticket.participants.values_list("pk", flat=True)) | {ticket.requester_id}
        added = [p for p in people if p.pk not in current]
        if not added:
            return []
        ticket.participants.add(*added)
        _touch(ticket)
        event = record_event(
            EventType.TICKET_PARTICIPANTS_ADDED,
            actor=actor,
            ticket=ticket,
            data={"added": [p.pk for p in added], "names": [p.display_name for p in added]},
        )
        emails.participants_added(ticket, added, event_id=event.pk)
    return added


def resolve_ticket(
    ticket: Ticket, *, actor: User, note: str = "", expected_version: int | None = None
) -> Ticket:
    """An agent marks the ticket resolved; the client may reopen it within the window."""
    with transaction.atomic():
        ticket = _lock(ticket, expected_version)
        target = check_move(
            ticket.status, Move.RESOLVE, actor=actor, organization_id=ticket.organization_id
        )
        before = ticket.status
        ticket.status = target
        ticket.resolved_at = timezone.now()
        _touch(ticket, "status", "resolved_at")
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
        ticket = _lock(ticket, expected_version)
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
            _write_comment(ticket, author=actor, body=reason, attachments=(), internal=False)
            fields.append("search_text")
        _touch(ticket, *fields)
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
        ticket = _lock(ticket, expected_version)
        if ticket.status != Status.RESOLVED:
            raise TransitionError(_("Only a resolved ticket can be closed."))
        ticket.status = check_move(
            ticket.status, Move.CLOSE, actor=actor, organization_id=ticket.organization_id
        )
        ticket.closed_at = timezone.now()
        _touch(ticket, "status", "closed_at")
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


def _require_staff(actor: User) -> None:
    if not actor.is_support_staff:
        raise PermissionDenied("only support staff may do this")


def triage_ticket(
    ticket: Ticket,
    *,
    ticket_type: str,
    priority: str,
    service: Service,
    assignee: User,
    actor: User,
    reason: str = "",
    expected_version: int | None = None,
) -> Ticket:
    """Assessment & triage: confirm type and priority, pick the service, assign.

    Completes the triage target. Changing the type or priority needs a reason;
    the SLA targets are then recomputed from the opening time under the new policy.
    """
    _require_staff(actor)
    if not assignee.is_support_staff or not assignee.is_active:
        raise PermissionDenied("tickets are assigned to active support staff")
    if ticket_type not in TicketType.values or priority not in Priority.values:
        raise ActionRefused(_("Unknown type or priority."))
    with transaction.atomic():
        ticket = _lock(ticket, expected_version)
        if service.organization_id != ticket.organization_id:
            raise PermissionDenied("the service must be one of the organization's own")
        if ticket.status != Status.OPEN:
            raise TransitionError(_("This ticket was already triaged."))
        target = check_move(
            ticket.status, Move.TRIAGE, actor=actor, organization_id=ticket.organization_id
        )
        changed = ticket_type != ticket.type or priority != ticket.priority
        if changed and not reason.strip():
            raise ActionRefused(_("Changing the type or the priority needs a reason."))
        before = {
            "status": ticket.status,
            "type": ticket.type,
            "priority": ticket.priority,
            "service": ticket.service_id,
            "assignee": ticket.assignee_id,
            "sla_policy": ticket.sla_policy_id,
        }
        ticket.type, ticket.priority, ticket.service, ticket.assignee = (
            ticket_type,
            priority,
            service,
            assignee,
        )
        ticket.status = target
        ticket.triaged_at = timezone.now()
        if changed:
            assign_policy(ticket)
        _touch(
            ticket, "type", "priority", "service", "assignee", "status", "triaged_at", "sla_policy"
        )
        event = record_event(
            EventType.TICKET_TRIAGED,
            actor=actor,
            ticket=ticket,
            data={
                "before": before,
                "after": {
                    "status": ticket.status,
                    "type": ticket.type,
                    "priority": ticket.priority,
                    "service": ticket.service_id,
                    "assignee": assignee.pk,
                    "assignee_name": assignee.display_name,
                    "sla_policy": ticket.sla_policy_id,
                },
                "reason": reason.strip(),
            },
        )
        sync_clocks(ticket)
        if assignee.pk != actor.pk:
            emails.ticket_assigned(ticket, event_id=event.pk)
        if before["priority"] not in URGENT_PRIORITIES:
            alert_urgent(ticket, reason="raised", now=timezone.now())
    return ticket
