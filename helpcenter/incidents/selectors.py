"""Reads of incidents: staff see all; a client sees an incident only through a ticket
of theirs it is linked to."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from helpcenter.accounts.models import User
from helpcenter.accounts.roles import CLIENT_ROLES
from helpcenter.audit.models import AuditEvent
from helpcenter.catalog.models import Service
from helpcenter.incidents.models import (
    Delivery,
    Incident,
    IncidentLink,
    IncidentState,
    IncidentUpdate,
    StatusSubscription,
)
from helpcenter.slas.models import SlaClock
from helpcenter.tickets.models import Ticket
from helpcenter.tickets.statuses import ACTIVE_STATUSES


def link_of(incident_id: int, ticket_id: int) -> IncidentLink | None:
    return (
        IncidentLink.objects.select_related("incident", "ticket")
        .filter(incident_id=incident_id, ticket_id=ticket_id)
        .first()
    )


def incidents_for_staff() -> QuerySet[Incident]:
    return Incident.objects.select_related("commander")


def proposed_tickets(incident: Incident) -> QuerySet[Ticket]:
    """Unresolved tickets on an affected service, not yet linked."""
    return (
        Ticket.objects.filter(service__in=incident.services.all(), status__in=list(ACTIVE_STATUSES))
        .exclude(incident_links__incident=incident)
        .select_related("organization", "service")
        .order_by("created_at", "id")
    )


def links_of(incident: Incident) -> QuerySet[IncidentLink]:
    return incident.links.select_related(
        "ticket", "ticket__organization", "ticket__service", "linked_by"
    )


def timeline(incident: Incident, *, public_only: bool) -> QuerySet[IncidentUpdate]:
    updates = incident.updates.select_related("author")
    return updates.filter(public=True) if public_only else updates


def timeline_with_deliveries(incident: Incident) -> QuerySet[IncidentUpdate]:
    """The whole timeline for the support team, each update with how far the worker
    has carried it to the linked tickets (incidents/jobs.py)."""
    done = Q(deliveries__done_at__isnull=False)
    return timeline(incident, public_only=False).annotate(
        to_deliver=Count("deliveries"),
        delivered=Count("deliveries", filter=done),
        resolved_count=Count("deliveries", filter=Q(deliveries__outcome="resolved")),
        left_count=Count("deliveries", filter=Q(deliveries__outcome__in=["left", "failed"])),
    )


def _active_links() -> QuerySet[IncidentLink]:
    """Links to an incident not resolved, of tickets not marked as a separate cause."""
    return IncidentLink.objects.filter(separate_cause=False).exclude(
        incident__state=IncidentState.RESOLVED
    )


def incident_flag() -> Exists:
    """For `ticket_for_page`: whether the ticket is linked to an active incident, in
    the page's one ticket statement (most tickets are not: no second query)."""
    return Exists(_active_links().filter(ticket=OuterRef("pk")))


def active_link(ticket: Ticket) -> IncidentLink | None:
    """The ticket's latest link to an active incident, if any."""
    return (
        _active_links()
        .filter(ticket=ticket)
        .select_related("incident")
        .order_by("-linked_at")
        .first()
    )


def known_incident(ticket: Ticket) -> tuple[Incident, IncidentUpdate | None] | None:
    """The active incident `ticket` is linked to (its latest public update), if any:
    what its client sees on the ticket page and in the confirmation e-mail."""
    link = active_link(ticket)
    if link is None:
        return None
    latest = link.incident.updates.filter(public=True).order_by("-created_at", "-id").first()
    return link.incident, latest


# --- For the per-process copy of active incidents and the status pages. ---


def active_service_pairs() -> list[tuple[int, int]]:
    """(service id, incident id) of every incident not resolved."""
    return list(
        Incident.services.through.objects.exclude(
            incident__state=IncidentState.RESOLVED
        ).values_list("service_id", "incident_id")
    )


def services_of(organization_id: int) -> list[Service]:
    return list(Service.objects.filter(organization_id=organization_id, is_active=True))


def shown_incidents(*, services: list[Service] | None, since) -> list[Incident]:
    """Active incidents, and those resolved since `since`; naming `services` if given."""
    incidents = Incident.objects.all()
    if services is not None:
        incidents = incidents.filter(services__in=services).distinct()
    return list(
        incidents.exclude(state=IncidentState.RESOLVED, resolved_at__lt=since).order_by(
            "-declared_at"
        )[:50]
    )


def naming(incidents: list[Incident], services: list[Service]) -> dict[int, int]:
    """service id → an incident of `incidents` that names it."""
    return dict(
        Incident.services.through.objects.filter(
            incident__in=incidents, service__in=services
        ).values_list("service_id", "incident_id")
    )


def public_updates(incidents: list[Incident]) -> list[IncidentUpdate]:
    return list(
        IncidentUpdate.objects.filter(incident__in=incidents, public=True).order_by(
            "-created_at", "-id"
        )
    )


# --- For the post-incident record and the monthly statement. ---


def record_events(incident: Incident) -> list:
    """The incident's own audit events and those of its linked tickets' links."""
    return list(
        AuditEvent.objects.filter(subject=f"incidents.incident:{incident.pk}")
        .select_related("actor")
        .order_by("seq")
    )


def linked_clocks(incident: Incident) -> list:
    """Every SLA clock of the incident's linked tickets, with its ticket."""
    return list(
        SlaClock.objects.filter(ticket__incident_links__incident=incident)
        .select_related("ticket", "ticket__organization")
        .order_by("ticket_id", "kind")
    )


def incidents_touching(organization_id: int, start, end) -> list[tuple[Incident, set[int]]]:
    """Incidents declared in [start, end) or still active then, linked to tickets of the
    organization, each with those tickets' ids."""
    links = (
        IncidentLink.objects.filter(
            ticket__organization_id=organization_id, incident__declared_at__lt=end
        )
        .exclude(incident__resolved_at__lt=start)
        .select_related("incident")
        .order_by("incident__declared_at", "ticket_id")
    )
    found: dict[int, tuple[Incident, set[int]]] = {}
    for link in links:
        found.setdefault(link.incident_id, (link.incident, set()))[1].add(link.ticket_id)
    return list(found.values())


def is_subscribed(user: User) -> bool:
    return StatusSubscription.objects.filter(user=user).exists()


def status_subscribers(incident: Incident) -> QuerySet[User]:
    """Active client users who subscribed and whose organization has a service the
    incident names: nobody hears of an incident that does not touch them."""
    return User.objects.filter(
        is_active=True,
        role__in=list(CLIENT_ROLES),
        organization_id__in=incident.services.values("organization_id"),
        pk__in=StatusSubscription.objects.values("user_id"),
    ).order_by("pk")


def affected_services_of(incident_id: int, organization_id: int) -> list[str]:
    """The names of one organization's services an incident names (its e-mail says
    no other organization's)."""
    return list(
        Service.objects.filter(incidents__pk=incident_id, organization_id=organization_id)
        .order_by("name")
        .values_list("name", flat=True)
    )


def update_with_incident(update_id: int) -> IncidentUpdate:
    return IncidentUpdate.objects.select_related("incident").get(pk=update_id)


def delivery_samples():
    """For /metrics: linked tickets still waiting for an incident update (a worker
    must be running for them to get it), the oldest wait, and what was set aside."""
    from django.db.models import Min
    from django.utils import timezone

    pending = Delivery.objects.filter(done_at__isnull=True)
    found = pending.aggregate(n=Count("id"), oldest=Min("update__created_at"))
    yield (
        "incident_deliveries_pending",
        "Linked tickets still to get a major incident's update",
        {},
        found["n"],
    )
    oldest = found["oldest"]
    yield (
        "incident_deliveries_oldest_pending_seconds",
        "Age of the oldest incident update still to reach a linked ticket",
        {},
        (timezone.now() - oldest).total_seconds() if oldest else 0.0,
    )
    failed = Delivery.objects.filter(outcome=Delivery.Outcome.FAILED).count()
    yield (
        "incident_deliveries_failed",
        "Incident updates the worker set aside after repeated failures",
        {},
        failed,
    )
