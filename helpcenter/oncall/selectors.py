"""Reads of rotas and pages. Pages are scoped by the tickets the viewer may see,
which the caller passes in (the ticket app's selector), so on-call never
imports the ticket domain."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from helpcenter.oncall.models import Page, Rota


def active_rotas() -> QuerySet[Rota]:
    return Rota.objects.filter(is_active=True)


def pages_about(tickets: QuerySet) -> QuerySet[Page]:
    """Pages about these tickets (the ones the viewer may see), newest first."""
    return Page.objects.filter(ticket__in=tickets).select_related(
        "ticket", "user", "acknowledged_by", "rota"
    )


def access_page(tickets: QuerySet, page_id: int) -> Page:
    return get_object_or_404(pages_about(tickets), pk=page_id)
