"""Reads of rotas and pages. Pages are scoped by the tickets the viewer may see,
which the caller passes in (the ticket app's selector), so on-call never
imports the ticket domain."""

from __future__ import annotations

from collections.abc import Iterator

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


def page_samples():
    """On-call pages waiting for an answer and the mean time to acknowledge (30 days)."""
    from datetime import timedelta

    from django.db.models import Avg, DurationField, ExpressionWrapper, F
    from django.utils import timezone

    waiting = Page.objects.filter(acknowledged_at__isnull=True, escalated_at__isnull=True)
    yield "oncall_pages_unacknowledged", "On-call pages not yet acknowledged", {}, waiting.count()
    recent = Page.objects.filter(
        acknowledged_at__isnull=False, created_at__gte=timezone.now() - timedelta(days=30)
    ).annotate(
        took=ExpressionWrapper(F("acknowledged_at") - F("created_at"), output_field=DurationField())
    )
    mean = recent.aggregate(mean=Avg("took"))["mean"]
    yield (
        "oncall_ack_seconds_mean",
        "Mean time from page to acknowledgement over the last 30 days",
        {},
        mean.total_seconds() if mean else 0.0,
    )


def rotas_to_page(team_rota: int | None) -> Iterator[list[Rota]]:
    """The rotas to page, in order of preference, each read only when the one before
    found nobody: the team's own (when it has an active one), then the company-wide
    ones (active rotas no team owns)."""
    if team_rota:
        yield list(Rota.objects.filter(pk=team_rota, is_active=True))
    yield list(Rota.objects.filter(is_active=True, teams__isnull=True))
