"""Reads of services: an organization's own, for the forms that offer them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from helpcenter.accounts.models import Organization
from helpcenter.catalog.models import Service


def services_of(organization: Organization | None) -> QuerySet[Service]:
    """The active services of one organization (none without one)."""
    if organization is None:
        return Service.objects.none()
    return Service.objects.for_organization(organization)


def services_for_client(user) -> QuerySet[Service]:
    """The active services of a client user's organization, each with that organization
    (what a ticket is then opened for, without reading the organization again)."""
    if user.organization_id is None:
        return Service.objects.none()
    return Service.objects.filter(
        organization_id=user.organization_id, is_active=True
    ).select_related("organization")


def services_of_any(
    organizations: QuerySet[Organization] | Iterable[Organization], *, active_only: bool = False
) -> QuerySet[Service]:
    """The services of several organizations, with their organization (console forms)."""
    services = Service.objects.filter(organization__in=organizations)
    if active_only:
        services = services.filter(is_active=True)
    return services.select_related("organization")


def services_in_production() -> QuerySet[Service]:
    """Every organization's services in production, with their organization: what an
    incident may name, or a team own, or a routing rule match."""
    return (
        Service.objects.filter(is_active=True)
        .select_related("organization")
        .order_by("organization__name", "name")
    )
