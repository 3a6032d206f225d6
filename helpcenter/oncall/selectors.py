"""Reads of rotas and pages, scoped to the tickets the viewer may see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from helpcenter.accounts.models import User
from helpcenter.oncall.models import Page, Rota
from helpcenter.tickets.selectors import visible_tickets


def active_rotas() -> QuerySet[Rota]:
    return Rota.objects.filter(is_active=True)


def pages_visible_to(user: User) -> QuerySet[Page]:
    """Pages about tickets `user` may see, newest first."""
    return Page.objects.filter(ticket__in=visible_tickets(user)).select_related(
        "ticket", "user", "acknowledged_by", "rota"
    )


def access_page(user: User, page_id: int) -> Page:
    return get_object_or_404(pages_visible_to(user), pk=page_id)
