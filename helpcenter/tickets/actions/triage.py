"""Assessment & triage and the agent's hold on a ticket: triage, assignment, priority."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helpcenter.accounts.models import User
from helpcenter.audit.events import EventType
from helpcenter.audit.record import record_event
from helpcenter.catalog.models import Service
from helpcenter.oncall.models import PageReason
from helpcenter.oncall.paging import alert_urgent
from helpcenter.slas.compute import assign_policy, sync_clocks
from helpcenter.tickets import notify as emails
from helpcenter.tickets.actions.steps import (
    lock,
    require_staff,
    snapshot,
    touch,
)
from helpcenter.tickets.models import (
    URGENT_PRIORITIES,
    Priority,
    Ticket,
    TicketType,
)
from helpcenter.tickets.statuses import (
    ActionRefused,
    Move,
    Status,
    TransitionError,
    check_move,
)

TRIAGED_FIELDS = ("status", "type", "priority", "service", "assignee", "sla_policy")


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
    require_staff(actor)
    if not assignee.is_support_staff or not assignee.is_active:
        raise PermissionDenied("tickets are assigned to active support staff")
    if ticket_type not in TicketType.values or priority not in Priority.values:
        raise ActionRefused(_("Unknown type or priority."))
    with transaction.atomic():
        ticket = lock(ticket, expected_version)
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
        before = snapshot(ticket, *TRIAGED_FIELDS)
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
        touch(
            ticket, "type", "priority", "service", "assignee", "status", "triaged_at", "sla_policy"
        )
        event = record_event(
            EventType.TICKET_TRIAGED,
            actor=actor,
            ticket=ticket,
            data={
                "before": before,
                "after": {
                    **snapshot(ticket, *TRIAGED_FIELDS),
                    "assignee_name": assignee.display_name,
                },
                "reason": reason.strip(),
            },
        )
        sync_clocks(ticket)
        if assignee.pk != actor.pk:
            emails.ticket_assigned(ticket, event_id=event.pk)
        if before["priority"] not in URGENT_PRIORITIES:
            alert_urgent(ticket, reason=PageReason.RAISED, now=timezone.now())
    return ticket


def assign_ticket(
    ticket: Ticket, *, assignee: User, actor: User, expected_version: int | None = None
) -> Ticket:
    require_staff(actor)
    if not assignee.is_support_staff or not assignee.is_active:
        raise PermissionDenied("tickets are assigned to active support staff")
    with transaction.atomic():
        ticket = lock(ticket, expected_version)
        if ticket.status == Status.CLOSED:
            raise TransitionError(_("This ticket is closed."))
        if ticket.assignee_id == assignee.pk:
            return ticket
        before = ticket.assignee
        ticket.assignee = assignee
        touch(ticket, "assignee")
        event = record_event(
            EventType.TICKET_ASSIGNED,
            actor=actor,
            ticket=ticket,
            data={
                "before": {
                    "assignee": before.pk if before else None,
                    "assignee_name": before.display_name if before else "",
                },
                "after": {"assignee": assignee.pk, "assignee_name": assignee.display_name},
            },
        )
        if assignee.pk != actor.pk:
            emails.ticket_assigned(ticket, event_id=event.pk)
    return ticket


def change_priority(
    ticket: Ticket, *, priority: str, reason: str, actor: User, expected_version: int | None = None
) -> Ticket:
    """Re-prioritize: targets are recomputed from the opening time under the new policy."""
    require_staff(actor)
    if priority not in Priority.values:
        raise ActionRefused(_("Unknown type or priority."))
    if not reason.strip():
        raise ActionRefused(_("Changing the type or the priority needs a reason."))
    with transaction.atomic():
        ticket = lock(ticket, expected_version)
        if ticket.status == Status.CLOSED:
            raise TransitionError(_("This ticket is closed."))
        if priority == ticket.priority:
            return ticket
        before = {"priority": ticket.priority, "sla_policy": ticket.sla_policy_id}
        ticket.priority = priority
        assign_policy(ticket)
        touch(ticket, "priority", "sla_policy")
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
            alert_urgent(ticket, reason=PageReason.RAISED, now=timezone.now())
    return ticket
