"""Read helpers: every ticket, attachment and participant read is scoped here."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from helpcenter.accounts.models import User
from helpcenter.tickets.models import Attachment, Comment, Ticket


def access_ticket(user: User, pk: int, *, for_update: bool = False) -> Ticket:
    """The ticket `pk` if `user` may see it; otherwise 404, whether or not it exists."""
    qs = Ticket.objects.visible_to(user).select_related(
        "organization", "requester", "service", "assignee"
    )
    if for_update:
        qs = qs.select_for_update(of=("self",))
    return get_object_or_404(qs, pk=pk)


def access_attachment(user: User, ticket_pk: int, attachment_pk: int) -> Attachment:
    ticket = access_ticket(user, ticket_pk)
    qs = Attachment.objects.filter(ticket=ticket)
    if not user.is_support_staff:
        qs = qs.exclude(comment__is_internal=True)
    return get_object_or_404(qs, pk=attachment_pk)


def visible_comments(user: User, ticket: Ticket) -> QuerySet[Comment]:
    qs = ticket.comments.select_related("author").prefetch_related("attachments")
    if not user.is_support_staff:
        qs = qs.filter(is_internal=False)
    return qs


def visible_events(user: User, ticket: Ticket):
    qs = ticket.events.select_related("actor")
    if not user.is_support_staff:
        qs = qs.filter(public=True)
    return qs


def participant_choices(ticket_or_org, *, exclude: User | None = None) -> QuerySet[User]:
    """Users who may be CC'd: active members of the ticket's organization."""
    organization = getattr(ticket_or_org, "organization", ticket_or_org)
    qs = User.objects.filter(organization=organization, is_active=True)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs
