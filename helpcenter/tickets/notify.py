"""The ticket domain's e-mails: one function per e-mail, who receives it and what it
refers to. Each writes outbox rows only; the worker renders them at delivery."""

from __future__ import annotations

from collections.abc import Iterable

from helpcenter.notifications.outbox import queue_email_to_user
from helpcenter.slas.facts import ticket_facts


def _client_parties(ticket, participants=None) -> list:
    """The requester and the CCs (`participants` when the caller has them)."""
    if participants is None:
        participants = ticket.participants.filter(is_active=True)
    people = [ticket.requester, *participants]
    seen: set[int] = set()
    result = []
    for person in people:
        if person.pk not in seen and person.is_active:
            seen.add(person.pk)
            result.append(person)
    return result


def _to_client_parties(template: str, ticket, *, key: str, clocks=None, participants=None) -> None:
    facts = ticket_facts(ticket, clocks=clocks)
    for person in _client_parties(ticket, participants):
        queue_email_to_user(
            template,
            user=person,
            dedupe_key=f"{template}:{key}:{person.pk}",
            context={"ticket_id": ticket.pk, "facts": facts},
        )


def ticket_created(ticket, *, clocks=None, participants=None) -> None:
    """The confirmation; `clocks` and `participants` when the opening action has them."""
    _to_client_parties(
        "ticket_created", ticket, key=str(ticket.pk), clocks=clocks, participants=participants
    )


def reply_added(comment) -> None:
    """A public reply: every party on the ticket except its author hears of it."""
    ticket = comment.ticket
    recipients = _client_parties(ticket)
    if ticket.assignee is not None:
        recipients.append(ticket.assignee)
    facts = ticket_facts(ticket)
    said = {"author": comment.author.display_name, "body": comment.body}
    for person in recipients:
        if person.pk == comment.author_id:
            continue
        queue_email_to_user(
            "reply_added",
            user=person,
            dedupe_key=f"reply_added:{comment.pk}:{person.pk}",
            context={
                "ticket_id": ticket.pk,
                "comment_id": comment.pk,
                "facts": facts,
                "comment": said,
            },
        )


def participants_added(ticket, people: Iterable, *, event_id: int) -> None:
    facts = ticket_facts(ticket)
    for person in people:
        queue_email_to_user(
            "participant_added",
            user=person,
            dedupe_key=f"participant_added:{event_id}:{person.pk}",
            context={"ticket_id": ticket.pk, "facts": facts},
        )


def ticket_resolved(ticket, *, event_id: int) -> None:
    _to_client_parties("ticket_resolved", ticket, key=str(event_id))


def status_changed(ticket, *, event_id: int) -> None:
    """The requester and CCs hear when the ticket waits on them or goes back to work."""
    _to_client_parties("status_changed", ticket, key=str(event_id))


def ticket_assigned(ticket, *, event_id: int) -> None:
    if ticket.assignee is None or not ticket.assignee.is_active:
        return
    queue_email_to_user(
        "ticket_assigned",
        user=ticket.assignee,
        dedupe_key=f"ticket_assigned:{event_id}",
        context={"ticket_id": ticket.pk, "facts": ticket_facts(ticket)},
    )
