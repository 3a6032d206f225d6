"""One function per e-mail: who receives it and what it refers to.

Each writes outbox rows only; `delivery.py` renders them in the recipient's
language and time zone when the worker sends them.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings

from helpcenter.notifications.outbox import queue_email, queue_email_to_user


def _client_parties(ticket) -> list:
    people = [ticket.requester, *ticket.participants.filter(is_active=True)]
    seen: set[int] = set()
    result = []
    for person in people:
        if person.pk not in seen and person.is_active:
            seen.add(person.pk)
            result.append(person)
    return result


def _to_client_parties(template: str, ticket, *, key: str) -> None:
    for person in _client_parties(ticket):
        queue_email_to_user(
            template,
            user=person,
            dedupe_key=f"{template}:{key}:{person.pk}",
            context={"ticket_id": ticket.pk},
        )


def ticket_created(ticket) -> None:
    _to_client_parties("ticket_created", ticket, key=str(ticket.pk))


def reply_added(comment) -> None:
    """A public reply: every party on the ticket except its author hears of it."""
    ticket = comment.ticket
    recipients = _client_parties(ticket)
    if ticket.assignee is not None:
        recipients.append(ticket.assignee)
    for person in recipients:
        if person.pk == comment.author_id:
            continue
        queue_email_to_user(
            "reply_added",
            user=person,
            dedupe_key=f"reply_added:{comment.pk}:{person.pk}",
            context={"ticket_id": ticket.pk, "comment_id": comment.pk},
        )


def participants_added(ticket, people: Iterable, *, event_id: int) -> None:
    for person in people:
        queue_email_to_user(
            "participant_added",
            user=person,
            dedupe_key=f"participant_added:{event_id}:{person.pk}",
            context={"ticket_id": ticket.pk},
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
        context={"ticket_id": ticket.pk},
    )


def invitation(invitation, *, token: str) -> None:
    queue_email(
        "invitation",
        to=invitation.email,
        dedupe_key=f"invitation:{invitation.pk}",
        context={"invitation_id": invitation.pk, "token": token},
    )


def prerendered(*, to: str, subject: str, text: str, html: str | None, dedupe_key: str) -> None:
    """For mail rendered elsewhere (allauth's password reset); still sent by the worker."""
    queue_email(
        "prerendered",
        to=to,
        dedupe_key=dedupe_key,
        context={"subject": subject, "text": text, "html": html or ""},
    )


def _staff_recipients(addresses: str, roles: tuple[str, ...]) -> list:
    """A configured address list, or else the active users with these roles."""
    from helpcenter.accounts.models import User

    if addresses.strip():
        return [a.strip() for a in addresses.split(",") if a.strip()]
    return list(User.objects.filter(role__in=roles, is_active=True))


def _send_to(template: str, recipients: list, *, key: str, context: dict) -> None:
    for recipient in recipients:
        if isinstance(recipient, str):
            queue_email(template, to=recipient, dedupe_key=f"{key}:{recipient}", context=context)
        else:
            queue_email_to_user(
                template, user=recipient, dedupe_key=f"{key}:{recipient.pk}", context=context
            )


def sla_warning(ticket, clock) -> None:
    """75% of a target used: the assignee, or the triage queue while unassigned."""
    if ticket.assignee is not None and ticket.assignee.is_active:
        recipients: list = [ticket.assignee]
    else:
        recipients = _staff_recipients(settings.SUPPORT_TRIAGE_EMAIL, ("agent",))
    due = clock.due_at.isoformat() if clock.due_at else ""
    _send_to(
        "sla_warning",
        recipients,
        key=f"sla_warning:{clock.pk}:{due}",
        context={"ticket_id": ticket.pk, "clock_id": clock.pk},
    )


def sla_breached(ticket, clock) -> None:
    """A target missed: the assignee and the support lead."""
    recipients: list = _staff_recipients(settings.SUPPORT_LEAD_EMAIL, ("admin",))
    if ticket.assignee is not None and ticket.assignee.is_active:
        recipients.insert(0, ticket.assignee)
    due = clock.due_at.isoformat() if clock.due_at else ""
    _send_to(
        "sla_breached",
        recipients,
        key=f"sla_breached:{clock.pk}:{due}",
        context={"ticket_id": ticket.pk, "clock_id": clock.pk},
    )


def page(page, *, token: str) -> None:
    """The on-call agent's page, with a one-time acknowledgement link."""
    queue_email_to_user(
        "page",
        user=page.user,
        dedupe_key=f"page_email:{page.pk}",
        context={"ticket_id": page.ticket_id, "page_id": page.pk, "token": token},
    )


def urgent_ticket_to_team(ticket, *, key: str) -> None:
    """A P1/P2 during business hours (or with nobody on call): every active agent hears."""
    from helpcenter.accounts.models import User

    for agent in User.objects.filter(role="agent", is_active=True):
        queue_email_to_user(
            "urgent_ticket",
            user=agent,
            dedupe_key=f"urgent_ticket:{key}:{agent.pk}",
            context={"ticket_id": ticket.pk},
        )
