"""The conversation on a ticket: public replies, internal notes, people in CC."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from helpcenter.accounts.models import User
from helpcenter.audit.events import EventType
from helpcenter.audit.record import record_event
from helpcenter.slas.compute import has_update_target, sync_clocks
from helpcenter.tickets import notify as emails
from helpcenter.tickets.actions.steps import (
    check_participants,
    lock,
    require_party,
    require_staff,
    touch,
    write_comment,
)
from helpcenter.tickets.models import (
    Comment,
    Ticket,
)
from helpcenter.tickets.statuses import (
    Move,
    Status,
    TransitionError,
    check_move,
)


def add_reply(
    ticket: Ticket,
    *,
    body: str,
    actor: User,
    attachments: Sequence[UploadedFile] = (),
    expected_version: int | None = None,
) -> Comment:
    """A public reply. A client's reply on a ticket waiting on them moves it back to work."""
    with transaction.atomic():
        ticket = lock(ticket, expected_version)
        require_party(actor, ticket)
        if ticket.status == Status.CLOSED:
            raise TransitionError(_("This ticket is closed. Open a new ticket that refers to it."))
        comment = write_comment(
            ticket, author=actor, body=body, attachments=attachments, internal=False
        )
        data: dict = {"comment": comment.pk, "attachments": len(attachments)}
        fields = []
        if actor.is_client and ticket.status == Status.WAITING_ON_CLIENT:
            target = check_move(
                ticket.status,
                Move.CLIENT_REPLIED,
                actor=actor,
                organization_id=ticket.organization_id,
            )
            data["before"], data["after"] = ({"status": ticket.status}, {"status": target})
            ticket.status = target
            fields.append("status")
        if actor.is_support_staff and ticket.first_response_at is None:
            # The first public reply of an agent meets the first-response target.
            ticket.first_response_at = comment.created_at
            data["first_response"] = True
            fields.append("first_response_at")
        touch(ticket, "search_text", *fields)
        record_event(EventType.TICKET_REPLIED, actor=actor, ticket=ticket, data=data)
        if fields or (actor.is_support_staff and has_update_target(ticket)):
            # The status or the first response changed, or a public update started the
            # periodic-update target's next round: the clocks follow.
            sync_clocks(ticket)
        emails.reply_added(comment)
    return comment


def add_participants(
    ticket: Ticket, *, people: Sequence[User], actor: User, expected_version: int | None = None
) -> list[User]:
    """CC more people of the ticket's organization; returns those newly added."""
    with transaction.atomic():
        ticket = lock(ticket, expected_version)
        require_party(actor, ticket)
        if ticket.status == Status.CLOSED:
            raise TransitionError(_("This ticket is closed."))
        check_participants(ticket.organization, people)
        current = set(ticket.participants.values_list("pk", flat=True)) | {ticket.requester_id}
        added = [p for p in people if p.pk not in current]
        if not added:
            return []
        ticket.participants.add(*added)
        touch(ticket)
        event = record_event(
            EventType.TICKET_PARTICIPANTS_ADDED,
            actor=actor,
            ticket=ticket,
            data={"added": [p.pk for p in added], "names": [p.display_name for p in added]},
        )
        emails.participants_added(ticket, added, event_id=event.pk)
    return added


def add_internal_note(
    ticket: Ticket,
    *,
    body: str,
    actor: User,
    attachments: Sequence[UploadedFile] = (),
    expected_version: int | None = None,
) -> Comment:
    """A note for the support team only: never shown or sent to clients."""
    require_staff(actor)
    with transaction.atomic():
        ticket = lock(ticket, expected_version)
        comment = write_comment(
            ticket, author=actor, body=body, attachments=attachments, internal=True
        )
        touch(ticket, "search_text")
        record_event(
            EventType.TICKET_NOTE_ADDED,
            actor=actor,
            ticket=ticket,
            public=False,
            data={"comment": comment.pk, "attachments": len(attachments)},
        )
    return comment
