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

from helpcenter.accounts.models import Organization, User
from helpcenter.audit.events import EventType
from helpcenter.audit.models import AuditEvent
from helpcenter.audit.record import record_event, record_events
from helpcenter.catalog.models import Service
from helpcenter.incidents import status
from helpcenter.incidents.active import forget_active, incidents_on
from helpcenter.incidents.models import (
    Delivery,
    Incident,
    IncidentLink,
    IncidentState,
    IncidentUpdate,
    StatusSubscription,
)
from helpcenter.incidents.notify import tell_subscribers
from helpcenter.tickets.models import Ticket
from helpcenter.tickets.statuses import ACTIVE_STATUSES, ActionRefused


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
    incident: Incident,
    tickets: list[Ticket],
    *,
    actor: User | None,
    reason: str = "",
    new: bool = False,
) -> int:
    """Link tickets (an agent's choice, or `actor` None: on arrival). Each ticket's
    history says so; its SLA clocks are untouched. One INSERT for the links and one
    for their events, however many tickets an outage brought. `new`: tickets being
    opened in the caller's transaction (on arrival), which no link can name yet."""
    if actor is not None:
        _staff(actor)
    # No savepoint: on arrival this runs inside the opening's transaction, and a
    # failure here fails the whole action anyway (two statements fewer per ticket).
    with transaction.atomic(savepoint=False):
        given = {ticket.pk for ticket in tickets}
        # Only the given tickets' links: an outage's incident may have thousands.
        known = (
            set()
            if new
            else set(incident.links.filter(ticket_id__in=given).values_list("ticket_id", flat=True))
        )
        chosen: dict[int, Ticket] = {}
        for ticket in tickets:
            if ticket.pk not in known:
                chosen.setdefault(ticket.pk, ticket)
        if not chosen:
            return 0
        IncidentLink.objects.bulk_create(
            [
                IncidentLink(incident=incident, ticket=t, linked_by=actor, reason=reason[:500])
                for t in chosen.values()
            ],
            batch_size=1000,
        )
        # The events name each ticket's organization: read them at once, not one by one.
        missing = [t.organization_id for t in chosen.values() if not _organization_loaded(t)]
        organizations = Organization.objects.in_bulk(set(missing)) if missing else {}
        for ticket in chosen.values():
            if not _organization_loaded(ticket):
                ticket.organization = organizations[ticket.organization_id]
        data = {"incident": incident.number, "title": incident.title, "reason": reason}
        record_events(
            EventType.INCIDENT_TICKET_LINKED,
            [(ticket, data) for ticket in chosen.values()],
            actor=actor,
            public=True,
        )
    return len(chosen)


def _organization_loaded(ticket: Ticket) -> bool:
    return Ticket.organization.is_cached(ticket)


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
    queued: int = 0  # linked tickets the worker will give the update (or resolve)
    left: list[tuple[int, str]] = field(default_factory=list)  # ticket, why not


def post_update(incident: Incident, *, body: str, public: bool, state: str, actor: User) -> Sent:
    """A line of the timeline. Public: a public reply on every linked ticket that is
    still open, from `actor` (so it counts as the ticket's first response where it is
    the first, meets its periodic-update target, and each requester and CC is told in
    their own language). Resolved: each linked ticket is then resolved with it, except
    a separate cause.

    The tickets' share is queued here, one `Delivery` row per ticket in this
    transaction, and carried out by the worker through the ticket actions
    (`incidents/jobs.py`): the update is posted at once however many tickets the
    outage brought, and each ticket gets it exactly once."""
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
        _queue_deliveries(incident, update, sent, resolve=state == IncidentState.RESOLVED)
        if public:
            tell_subscribers(incident, update)
        status.changed()
    forget_active()
    return sent


def _queue_deliveries(
    incident: Incident, update: IncidentUpdate, sent: Sent, *, resolve: bool
) -> None:
    """One INSERT: a row per linked ticket still being worked that has something to
    get (the public update, the resolution, or both)."""
    rows = []
    links = incident.links.order_by("ticket_id").values_list(
        "ticket_id", "ticket__status", "separate_cause"
    )
    for ticket_id, ticket_status, separate in links:
        reply, close = update.public, resolve and not separate
        if not (reply or close):
            continue
        if ticket_status not in ACTIVE_STATUSES:
            sent.left.append((ticket_id, ticket_status))
            continue
        rows.append(Delivery(update=update, ticket_id=ticket_id, reply=reply, resolve=close))
    Delivery.objects.bulk_create(rows, batch_size=1000)
    sent.queued = len(rows)


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
            link_tickets(incident, [ticket], actor=None, reason=_("linked on arrival"), new=True)


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
