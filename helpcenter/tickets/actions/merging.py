"""Duplicates and related tickets: merge and link."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helpcenter.accounts.models import User
from helpcenter.audit.events import EventType
from helpcenter.audit.record import record_event
from helpcenter.slas.compute import sync_clocks
from helpcenter.tickets.actions.steps import (
    require_staff,
    snapshot,
    touch,
)
from helpcenter.tickets.models import (
    Attachment,
    Comment,
    Ticket,
    TicketLink,
)
from helpcenter.tickets.search import refresh_search_text
from helpcenter.tickets.statuses import (
    ActionRefused,
    Move,
    Status,
    TransitionError,
    check_move,
)

MERGED_FIELDS = ("status", "merged_into")


def lock_pair(one: Ticket, other: Ticket) -> tuple[Ticket, Ticket]:
    """Both rows under lock, taken in id order so two opposite requests cannot deadlock."""
    locked = {
        t.pk: t
        for t in Ticket.objects.select_for_update(of=("self",))
        .select_related("organization", "requester")
        .filter(pk__in=[one.pk, other.pk])
        .order_by("pk")
    }
    return locked[one.pk], locked[other.pk]


def merge_ticket(duplicate: Ticket, *, into: Ticket, actor: User) -> Ticket:
    """Merge a duplicate: its conversation, files and watchers move; it closes with a link."""
    require_staff(actor)
    if duplicate.pk == into.pk:
        raise ActionRefused(_("A ticket cannot be merged into itself."))
    with transaction.atomic():
        duplicate, into = lock_pair(duplicate, into)
        if duplicate.organization_id != into.organization_id:
            raise ActionRefused(_("Only tickets of the same organization can be merged."))
        if duplicate.status == Status.CLOSED or into.status == Status.CLOSED:
            raise TransitionError(_("Closed tickets cannot be merged."))
        closed = check_move(
            duplicate.status, Move.MERGE, actor=actor, organization_id=duplicate.organization_id
        )
        moved_comments = Comment.objects.filter(ticket=duplicate).update(ticket=into)
        Attachment.objects.filter(ticket=duplicate).update(ticket=into)
        watchers = [duplicate.requester, *duplicate.participants.all()]
        new_watchers = [w for w in watchers if w.pk != into.requester_id and w.is_active]
        into.participants.add(*new_watchers)
        Comment.objects.create(
            ticket=into,
            author=actor,
            body=_("Merged from %(number)s: %(title)s\n\n%(description)s")
            % {
                "number": duplicate.number,
                "title": duplicate.title,
                "description": duplicate.description,
            },
        )
        before = snapshot(duplicate, *MERGED_FIELDS)
        duplicate.status = closed
        duplicate.closed_at = timezone.now()
        duplicate.merged_into = into
        touch(duplicate, "status", "closed_at", "merged_into")
        refresh_search_text(into)
        touch(into, "search_text")
        record_event(
            EventType.TICKET_MERGED,
            actor=actor,
            ticket=duplicate,
            data={
                "before": before,
                "after": snapshot(duplicate, *MERGED_FIELDS),
                "into_number": into.number,
            },
        )
        record_event(
            EventType.TICKET_MERGED_IN,
            actor=actor,
            ticket=into,
            data={
                "merged": duplicate.pk,
                "merged_number": duplicate.number,
                "comments": moved_comments,
                "names": [w.display_name for w in new_watchers],
            },
        )
        sync_clocks(duplicate)
        sync_clocks(into)
    return into


def link_tickets(ticket: Ticket, *, other: Ticket, actor: User) -> TicketLink:
    require_staff(actor)
    if ticket.pk == other.pk:
        raise ActionRefused(_("A ticket cannot be linked to itself."))
    with transaction.atomic():
        # Locked and versioned like every other change: an agent's page that
        # showed either ticket learns that it changed.
        ticket, other = lock_pair(ticket, other)
        a, b = sorted([ticket, other], key=lambda t: t.pk)
        link, created = TicketLink.objects.get_or_create(
            from_ticket=a, to_ticket=b, defaults={"created_by": actor}
        )
        if created:
            touch(ticket)
            touch(other)
            for here, there in ((ticket, other), (other, ticket)):
                record_event(
                    EventType.TICKET_LINKED,
                    actor=actor,
                    ticket=here,
                    public=here.organization_id == there.organization_id,
                    data={"other": there.pk, "other_number": there.number},
                )
    return link
