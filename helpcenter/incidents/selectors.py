"""Reads of incidents: staff see all; a client sees an incident only through a ticket
of theirs it is linked to."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from helpcenter.catalog.models import Service
from helpcenter.incidents.models import Incident, IncidentLink, IncidentState, IncidentUpdate
from helpcenter.tickets.models import Ticket
from helpcenter.tickets.statuses import ACTIVE_STATUSES


def services_in_production() -> QuerySet[Service]:
    """Every organization's services in production: what an incident may name."""
    return (
        Service.objects.filter(is_active=True)
        .select_related("organization")
        .order_by("organization__name", "name")
    )


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


def incident_flag() -> Exists:
    """For `ticket_for_page`: whether the ticket is linked to an active incident, in
    the page's one ticket statement (most tickets are not: no second query)."""
    return Exists(
        IncidentLink.objects.filter(ticket=OuterRef("pk"), separate_cause=False).exclude(
            incident__state=IncidentState.RESOLVED
        )
    )


def known_incident(ticket: Ticket) -> tuple[Incident, IncidentUpdate | None] | None:
    """The active incident `ticket` is linked to (its latest public update), if any:
    what its client sees on the ticket page and in the confirmation e-mail."""
    link = (
        IncidentLink.objects.filter(ticket=ticket, separate_cause=False)
        .exclude(incident__state=IncidentState.RESOLVED)
        .select_related("incident")
        .order_by("-linked_at")
        .first()
    )
    if link is None:
        return None
    latest = link.incident.updates.filter(public=True).order_by("-created_at", "-id").first()
    return link.incident, latest


def handled_by_incident(ticket: Ticket) -> str:
    """For paging: a P1/P2 linked on arrival to an active incident wakes nobody again
    (its commander is on the outage). A query only for urgent tickets, and none when
    no incident is active (incidents/active.py)."""
    from helpcenter.incidents.active import incidents_on  # it reads through this module

    if not incidents_on(ticket.service_id):
        return ""
    link = (
        IncidentLink.objects.filter(ticket=ticket, separate_cause=False)
        .exclude(incident__state=IncidentState.RESOLVED)
        .select_related("incident")
        .first()
    )
    return f"linked to {link.incident.number}" if link is not None else ""


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
