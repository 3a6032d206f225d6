"""Opening a ticket, whatever the channel (portal, phone, API, e-mail)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helpcenter.accounts.models import Organization, User
from helpcenter.audit.events import EventType
from helpcenter.audit.record import record_event
from helpcenter.catalog.models import Service
from helpcenter.oncall.models import PageReason
from helpcenter.oncall.paging import alert_urgent
from helpcenter.slas.compute import (
    assign_policy,
    new_ticket_clocks,
    store_new_clocks,
)
from helpcenter.tickets import notify as emails
from helpcenter.tickets.actions.routing import assign_in_team, route
from helpcenter.tickets.actions.steps import (
    check_participants,
)
from helpcenter.tickets.attachments import attach_staged, store_attachment
from helpcenter.tickets.models import (
    Channel,
    Priority,
    StagedUpload,
    Ticket,
)
from helpcenter.tickets.statuses import ActionRefused, Status
from helpcenter.tickets.windows import check_planned_window


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
    received_at: datetime | None = None,
    source_message_id: str = "",
    also: Callable[[Ticket], None] | None = None,
) -> Ticket:
    """Create a ticket in `open` with its first history entry and confirmation e-mails.

    `received_at` is when a phone call came in (the SLA starts then); a member of
    the support team who took the call is on the ticket, so nobody is paged for it.
    `also`: a channel's own write that must commit or fail with the ticket (the API's
    idempotency key), run last inside the same transaction.
    """
    now = timezone.now()
    if received_at is not None:
        check_received_at(received_at, now=now)
    if requester.organization_id != organization.pk or not requester.is_client:
        raise PermissionDenied("the requester must be a client user of the organization")
    if service.organization_id != organization.pk or not service.is_active:
        raise PermissionDenied("the service must be one of the organization's own")
    if actor.is_client and actor.pk != requester.pk:
        raise PermissionDenied("clients open tickets for themselves")
    check_participants(organization, participants)
    if priority != Priority.PLANNED:
        planned_start = planned_end = None
    check_planned_window(priority, planned_start, planned_end)
    ticket = Ticket(
        organization=organization,
        requester=requester,
        service=service,
        type=type,
        priority=priority,
        status=Status.OPEN,
        channel=channel,
        source_message_id=source_message_id[:255],
        title=title.strip(),
        description=description.strip(),
        search_text=f"{title.strip()}\n{description.strip()}",
        planned_start=planned_start,
        planned_end=planned_end,
        created_at=received_at or now,
    )
    # Before the transaction, which then holds only writes (on SQLite, the database's
    # one write lock): the policy read, and the clocks computed from what is in memory
    # (a new ticket has no history), its next deadline set before its one INSERT.
    assign_policy(ticket)
    routed = route(ticket)
    clocks = new_ticket_clocks(ticket, now=now)
    with transaction.atomic():
        assign_in_team(ticket, routed, now=now)
        ticket.save(force_insert=True)
        others = [p for p in participants if p.pk != requester.pk]
        if others:
            ticket.participants.set(others)
        for upload in attachments:
            store_attachment(upload, ticket=ticket, comment=None, uploaded_by=actor)
        for kept in staged:
            if kept.owner_id != actor.pk:
                raise PermissionDenied("staged files belong to the person who uploaded them")
            attach_staged(kept, ticket=ticket, comment=None, uploaded_by=actor)
        clocks = store_new_clocks(ticket, clocks)
        emails.ticket_created(ticket, clocks=clocks, participants=others)
        # Late: the audit chain's head stays locked from here to the commit (a page,
        # for P1/P2, is the one event that follows).
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
                    **({"received_at": received_at.isoformat()} if received_at else {}),
                    **({"assignee": ticket.assignee_id} if ticket.assignee_id else {}),
                },
                # The routing decision is part of how the ticket opened: one event (one
                # statement on PostgreSQL), shown to the team as its own history line.
                **({"routed": routed.as_data()} if routed else {}),
            },
        )
        taken_by = actor if channel == Channel.PHONE and actor.is_support_staff else None
        alert_urgent(ticket, reason=PageReason.OPENED, now=now, taken_by=taken_by)
        if also is not None:
            also(ticket)
    return ticket


CLOCK_SKEW = timedelta(minutes=2)
OLDEST_CALL = timedelta(days=7)


def open_ticket_from_form(
    data: Mapping, *, requester: User, actor: User, staged: Sequence, **more
) -> Ticket:
    """`open_ticket` with the fields the two ticket forms share (the client's own and
    the console's phone intake): the service (with its organization), type, priority,
    title, description, CC, files and the desired window. `more`: channel, received_at."""
    service = data["service"]
    return open_ticket(
        organization=service.organization,
        requester=requester,
        actor=actor,
        type=data["type"],
        priority=data["priority"],
        service=service,
        title=data["title"],
        description=data["description"],
        participants=list(data["participants"]),
        attachments=data["attachments"],
        staged=staged,
        planned_start=data.get("planned_start"),
        planned_end=data.get("planned_end"),
        **more,
    )


def check_received_at(received_at: datetime, *, now: datetime) -> None:
    """A call's time is in the past (a little skew allowed) and within the last week."""
    if received_at > now + CLOCK_SKEW:
        raise ActionRefused(_("The call cannot have come in in the future."))
    if received_at < now - OLDEST_CALL:
        raise ActionRefused(_("The call must have come in within the last 7 days."))
