"""Every change to a major incident: one named action, one transaction, its audit
events. Tickets are changed through the ticket actions (replies, resolution), so
their clocks, history and e-mails are exactly those of a reply typed on the page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helpcenter.accounts.models import User
from helpcenter.audit.events import EventType
from helpcenter.audit.models import AuditEvent
from helpcenter.audit.record import record_event
from helpcenter.catalog.models import Service
from helpcenter.incidents import status
from helpcenter.incidents.active import forget_active, incidents_on
from helpcenter.incidents.models import (
    Incident,
    IncidentLink,
    IncidentState,
    IncidentUpdate,
    StatusSubscription,
)
from helpcenter.incidents.notify import tell_subscribers
from helpcenter.tickets.actions import add_reply, resolve_ticket
from helpcenter.tickets.models import Ticket
from helpcenter.tickets.statuses import ACTIVE_STATUSES, ActionRefused, Status, TransitionError


def _subject(incident: Incident) -> str:
    return f"incidents.incident:{incident.pk}"


def _staff(actor: User) -> None:
    if not (actor.is_support_staff and actor.is_active):
        raise PermissionDenied("major incidents are the support team's")


def declare_incident(
    *,
    title: str,
    impact: str,
    services: Iterable[Service],
    commander: User,
    actor: User,
    tickets: Iterable[Ticket] = (),
) -> Incident:
    """Declare it (its commander: the on-call agent by default, chosen by the page),
    and link the tickets given (the one it was declared from, the proposals ticked)."""
    _staff(actor)
    if not commander.is_support_staff:
        raise PermissionDenied("the commander is a member of the support team")
    with transaction.atomic():
        incident = Incident.objects.create(
            title=title, impact=impact, commander=commander, declared_by=actor
        )
        chosen = list(services)
        incident.services.set(chosen)
        record_event(
            EventType.INCIDENT_DECLARED,
            actor=actor,
            public=False,
            subject=_subject(incident),
            data={
                "incident": {"number": incident.number, "title": title, "state": incident.state},
                "organizations": sorted({s.organization_id for s in chosen}),
                "after": {
                    "title": title,
                    "commander": commander.display_name,
                    "services": [f"{s.organization.name} — {s.name}" for s in chosen],
                },
            },
        )
        link_tickets(incident, list(tickets), actor=actor, reason=_("declared from it"))
        status.changed()
    forget_active()
    return incident


def link_tickets(
    incident: Incident, tickets: list[Ticket], *, actor: User | None, reason: str = ""
) -> int:
    """Link tickets (an agent's choice, or `actor` None: on arrival). Each ticket's
    history says so; its SLA clocks are untouched."""
    if actor is not None:
        _staff(actor)
    linked = 0
    with transaction.atomic():
        known = set(incident.links.values_list("ticket_id", flat=True))
        for ticket in tickets:
            if ticket.pk in known:
                continue
            IncidentLink.objects.create(
                incident=incident, ticket=ticket, linked_by=actor, reason=reason[:500]
            )
            known.add(ticket.pk)
            linked += 1
            record_event(
                EventType.INCIDENT_TICKET_LINKED,
                actor=actor,
                ticket=ticket,
                data={"incident": incident.number, "title": incident.title, "reason": reason},
            )
    return linked


def unlink_ticket(incident: Incident, ticket: Ticket, *, actor: User, reason: str) -> None:
    _staff(actor)
    if not reason.strip():
        raise ActionRefused(_("Say why the ticket is not part of the incident."))
    with transaction.atomic():
        deleted, _rows = IncidentLink.objects.filter(incident=incident, ticket=ticket).delete()
        if deleted:
            record_event(
                EventType.INCIDENT_TICKET_UNLINKED,
                actor=actor,
                ticket=ticket,
                data={"incident": incident.number, "reason": reason.strip()},
            )


def mark_separate_cause(link: IncidentLink, *, separate: bool, actor: User) -> IncidentLink:
    """A linked ticket whose cause turned out to be its own: the incident's resolution
    leaves it open (its updates still reach it)."""
    _staff(actor)
    with transaction.atomic():
        link.separate_cause = separate
        link.save(update_fields=["separate_cause"])
        record_event(
            EventType.INCIDENT_SEPARATE_CAUSE,
            actor=actor,
            ticket=link.ticket,
            public=False,
            data={"incident": link.incident.number, "after": {"separate_cause": separate}},
        )
    return link


@dataclass
class Sent:
    update: IncidentUpdate
    replied: list[int] = field(default_factory=list)  # tickets that got the update
    resolved: list[int] = field(default_factory=list)
    left: list[tuple[int, str]] = field(default_factory=list)  # ticket, why not


def post_update(incident: Incident, *, body: str, public: bool, state: str, actor: User) -> Sent:
    """A line of the timeline. Public: a public reply on every linked ticket that is
    still open, from `actor` (so it counts as the ticket's first response where it is
    the first, and each requester and CC is told in their own language)."""
    _staff(actor)
    if state not in IncidentState.values:
        raise ActionRefused(_("Choose a state."))
    if not incident.is_active:
        raise ActionRefused(_("This incident is resolved."))
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        update = IncidentUpdate.objects.create(
            incident=incident, body=body.strip(), public=public, state=state, author=actor
        )
        before = incident.state
        incident.state = state
        if state == IncidentState.RESOLVED:
            incident.resolved_at = timezone.now()
        incident.save(update_fields=["state", "resolved_at"])
        record_event(
            EventType.INCIDENT_RESOLVED
            if state == IncidentState.RESOLVED
            else EventType.INCIDENT_UPDATED,
            actor=actor,
            public=False,
            subject=_subject(incident),
            data={
                "incident": {"number": incident.number, "title": incident.title},
                "organizations": sorted(
                    set(incident.services.values_list("organization_id", flat=True))
                ),
                "before": {"state": before},
                "after": {"state": state, "public": public, "body": update.body[:500]},
            },
        )
        sent = Sent(update)
        if public:
            _reply_everywhere(incident, update, actor, sent)
            tell_subscribers(incident, update)
        if state == IncidentState.RESOLVED:
            _resolve_linked(incident, update, actor, sent)
        status.changed()
    forget_active()
    return sent


def _text(incident: Incident, update: IncidentUpdate) -> str:
    return f"[{incident.number}] {update.body}"


def _reply_everywhere(incident: Incident, update: IncidentUpdate, actor: User, sent: Sent):
    links = incident.links.select_related("ticket").order_by("ticket_id")
    for link in links:
        ticket = link.ticket
        if ticket.status not in ACTIVE_STATUSES:
            sent.left.append((ticket.pk, ticket.status))
            continue
        add_reply(ticket, body=_text(incident, update), actor=actor)
        sent.replied.append(ticket.pk)


def _resolve_linked(incident: Incident, update: IncidentUpdate, actor: User, sent: Sent):
    """Each linked ticket resolved with the final update (its client can still reopen
    it), except those marked as a separate cause and those already resolved."""
    links = list(incident.links.order_by("ticket_id"))
    # As the replies just left them (one read, not one per ticket).
    current = Ticket.objects.in_bulk([link.ticket_id for link in links])
    for link in links:
        ticket = current[link.ticket_id]
        if link.separate_cause or ticket.status not in ACTIVE_STATUSES:
            continue
        if ticket.status == Status.OPEN:
            sent.left.append((ticket.pk, _("not triaged yet")))
            continue
        try:
            resolve_ticket(ticket, actor=actor, note=_text(incident, update))
        except (ActionRefused, TransitionError) as exc:
            sent.left.append((ticket.pk, str(exc)))
        else:
            sent.resolved.append(ticket.pk)


def on_audit_events(events: list[AuditEvent]) -> None:
    """A new ticket on an affected service is linked on arrival (same transaction).
    With no incident active this costs no query (incidents/active.py)."""
    for event in events:
        if event.type != EventType.TICKET_CREATED or event.ticket_id is None:
            continue
        ticket = event.ticket  # the instance the opening action wrote: no query
        if ticket is None:
            continue
        ids = incidents_on(ticket.service_id)
        if not ids:
            continue
        for incident in Incident.objects.filter(pk__in=ids).exclude(state=IncidentState.RESOLVED):
            link_tickets(incident, [ticket], actor=None, reason=_("linked on arrival"))


def subscribe_to_status(user: User, *, on: bool) -> bool:
    """Turn the e-mails of public incident updates on the client's organization on or
    off; returns whether anything changed (the same choice twice changes nothing)."""
    if not user.is_client or user.organization_id is None:
        raise PermissionDenied("status e-mails are for client users of an organization")
    with transaction.atomic():
        if on:
            changed = StatusSubscription.objects.get_or_create(user=user)[1]
        else:
            changed = StatusSubscription.objects.filter(user=user).delete()[0] > 0
        if changed:
            record_event(
                EventType.STATUS_SUBSCRIBED if on else EventType.STATUS_UNSUBSCRIBED,
                actor=user,
                organization=user.organization,
                public=False,
                subject=f"accounts.user:{user.pk}",
            )
    return changed
