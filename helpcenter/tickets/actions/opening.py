"""Opening a ticket, whatever the channel (portal, phone, and later API and e-mail)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from helpcenter.accounts.models import Organization, User
from helpcenter.audit.events import EventType
from helpcenter.audit.record import record_event
from helpcenter.catalog.models import Service
from helpcenter.oncall.models import PageReason
from helpcenter.oncall.paging import alert_urgent
from helpcenter.slas.compute import assign_policy, sync_clocks
from helpcenter.tickets import notify as emails
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
from helpcenter.tickets.statuses import (
    Status,
)
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
) -> Ticket:
    """Create a ticket in `open` with its first history entry and confirmation e-mails."""
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
        alert_urgent(ticket, reason=PageReason.OPENED, now=ticket.created_at)
    return ticket
