"""Every read of tickets and their parts that pages and the API use, scoped here.

A view never filters `Ticket.objects` itself; an architecture test
(tests/test_architecture.py) keeps it so.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from helpcenter.accounts.models import User
from helpcenter.audit.selectors import statuses_in
from helpcenter.tickets.models import Attachment, Comment, Ticket, TicketLink


def visible_tickets(user: User) -> QuerySet[Ticket]:
    """Every ticket `user` may see (the one rule is `TicketQuerySet.visible_to`)."""
    return Ticket.objects.visible_to(user)


def access_ticket(user: User, pk: int) -> Ticket:
    """The ticket `pk` if `user` may see it; otherwise 404, whether or not it exists."""
    return get_object_or_404(_with_parties(visible_tickets(user)), pk=pk)


def _with_parties(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """With what the ticket page and most actions read: the organization, requester,
    service, assignee, and the policy with its calendar."""
    return tickets.select_related(
        "organization", "requester", "service", "assignee", "sla_policy__calendar"
    )


def ticket_for_page(user: User, pk: int, **also: Exists) -> Ticket:
    """`access_ticket` for the ticket page, which also learns, in the same statement,
    whether the ticket has any comments `user` may see, opening files, CC'd people and
    links (`has_comments`, `has_opening_files`, `has_participants`, `has_links`): the
    page then reads only the parts there are; a new ticket has none of them. `also`:
    more such flags from apps this one does not know (a known incident)."""
    ticket = OuterRef("pk")
    qs = _with_parties(visible_tickets(user)).annotate(
        has_comments=Exists(_comments_for(user, Comment.objects.filter(ticket=ticket))),
        has_opening_files=Exists(Attachment.objects.filter(ticket=ticket, comment__isnull=True)),
        has_participants=Exists(Ticket.participants.through.objects.filter(ticket=ticket)),
        has_links=Exists(TicketLink.objects.filter(Q(from_ticket=ticket) | Q(to_ticket=ticket))),
        **also,
    )
    return get_object_or_404(qs, pk=pk)


def find_visible_ticket(user: User, pk: int) -> Ticket | None:
    """The ticket `pk` if `user` may see it, else None (for a number typed in a form)."""
    return visible_tickets(user).filter(pk=pk).first()


def linked_tickets(user: User, ticket: Ticket) -> list[Ticket]:
    """Tickets linked to `ticket` (either direction) that `user` may see."""
    links = TicketLink.objects.filter(Q(from_ticket=ticket) | Q(to_ticket=ticket))
    other_ids = [
        lk.to_ticket_id if lk.from_ticket_id == ticket.pk else lk.from_ticket_id for lk in links
    ]
    if not other_ids:  # most tickets: no second query built only to find nothing
        return []
    return list(visible_tickets(user).filter(pk__in=other_ids))


def opening_files(ticket: Ticket) -> QuerySet[Attachment]:
    """Files attached when the ticket was opened (not to a comment)."""
    return ticket.attachments.filter(comment__isnull=True)


def access_attachment(user: User, ticket_pk: int, attachment_pk: int) -> Attachment:
    ticket = access_ticket(user, ticket_pk)
    qs = Attachment.objects.filter(ticket=ticket)
    if not user.is_support_staff:
        qs = qs.exclude(comment__is_internal=True)
    return get_object_or_404(qs, pk=attachment_pk)


def visible_comments(user: User, ticket: Ticket) -> QuerySet[Comment]:
    return _comments_for(
        user, ticket.comments.select_related("author").prefetch_related("attachments")
    )


def _comments_for(user: User, comments: QuerySet[Comment]) -> QuerySet[Comment]:
    """The comments `user` may see: clients never see internal notes."""
    return comments if user.is_support_staff else comments.filter(is_internal=False)


def visible_attachments(user: User, ticket: Ticket):
    """The ticket's files the user may see: for clients, none from internal notes."""
    qs = ticket.attachments.select_related("uploaded_by").order_by("created_at", "id")
    if not user.is_support_staff:
        qs = qs.exclude(comment__is_internal=True)
    return qs


def visible_events(user: User, ticket: Ticket):
    qs = ticket.events.select_related("actor")
    if not user.is_support_staff:
        qs = qs.filter(public=True)
    return qs


def events_and_statuses(user: User, ticket: Ticket) -> tuple[list, list[tuple[datetime, str]]]:
    """The ticket's events `user` may see and every status change it went through (for
    its SLA, internal events included), from one read of its trail."""
    events = list(ticket.events.select_related("actor"))
    changes = statuses_in((e.created_at, e.data) for e in events)
    if not user.is_support_staff:
        events = [e for e in events if e.public]
    return events, changes


def participant_choices(ticket_or_org, *, exclude: User | None = None) -> QuerySet[User]:
    """Users who may be CC'd: active members of the ticket's organization."""
    organization = getattr(ticket_or_org, "organization", ticket_or_org)
    qs = User.objects.filter(organization=organization, is_active=True)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs


def ticket_samples():
    """Open tickets by priority, for /metrics."""
    from django.db.models import Count

    from helpcenter.tickets.statuses import ACTIVE_STATUSES

    rows = (
        Ticket.objects.filter(status__in=list(ACTIVE_STATUSES))
        .values("priority")
        .annotate(n=Count("id"))
    )
    for row in rows:
        yield "tickets_open", "Open tickets by priority", {"priority": row["priority"]}, row["n"]


# --- Reads no person asks for: the worker rendering an e-mail, the SLA back-test. ---


def ticket_for_mail(pk: int) -> Ticket:
    """A ticket an outbox row reports, with what its e-mails show."""
    return Ticket.objects.select_related("service", "requester", "organization").get(pk=pk)


def comment_for_mail(pk: int) -> Comment:
    return Comment.objects.select_related("author").get(pk=pk)


def source_message_id(pk: int) -> str:
    """The Message-ID of the e-mail that opened the ticket ('' if it did not come by mail)."""
    return Ticket.objects.filter(pk=pk).values_list("source_message_id", flat=True).first() or ""


def tickets_opened_since(moment: datetime, **filters) -> QuerySet[Ticket]:
    """Every ticket opened since `moment` that matches `filters` (replays read them whole)."""
    return Ticket.objects.filter(created_at__gte=moment, **filters)
