"""Paging the person on call for urgent tickets, escalating, and acknowledging.

Pages go through the outbox like e-mail (an e-mail and, when the rota has a
URL, a signed webhook), so a crash or an outage delays a page but never loses
it; the dedupe keys stop the same page from being queued twice.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction

from helpcenter.accounts.models import User
from helpcenter.audit.events import EventType
from helpcenter.audit.record import record_event
from helpcenter.core.choices import URGENT_PRIORITIES, ClockKind, Status
from helpcenter.core.links import absolute_url
from helpcenter.core.tokens import hash_token
from helpcenter.notifications.delivery import PAGE_WEBHOOK_KEY
from helpcenter.notifications.outbox import queue_webhook
from helpcenter.oncall import notify as emails
from helpcenter.oncall.models import Page, PageReason, Rota
from helpcenter.oncall.schedule import next_in_rota, on_call
from helpcenter.oncall.selectors import rotas_to_page
from helpcenter.slas.models import BusinessCalendar, SlaClock
from helpcenter.slas.policies import engine_calendar
from helpcenter.slas.selectors import update_overdue
from helpcenter.teams.selectors import team_hours_open, team_rota_id

if TYPE_CHECKING:
    from helpcenter.tickets.models import Ticket


def in_business_hours(at: datetime) -> bool:
    """Whether the desk is staffed: the calendar named by ONCALL_BUSINESS_CALENDAR.

    Outside it, urgent tickets page the person on call. A name no calendar has
    counts as always staffed (nobody is paged); an empty name as never staffed
    (every P1/P2 pages: how to see paging in the demo during the day).
    """
    if not settings.ONCALL_BUSINESS_CALENDAR:
        return False
    row = BusinessCalendar.objects.filter(name=settings.ONCALL_BUSINESS_CALENDAR).first()
    if row is None:
        return True
    return engine_calendar(row).is_open(at)


def page_person(
    ticket: Ticket, rota: Rota, user: User, *, level: int, reason: str, now: datetime
) -> Page:
    token = secrets.token_urlsafe(24)
    page = Page.objects.create(
        ticket=ticket,
        rota=rota,
        user=user,
        level=level,
        reason=reason,
        created_at=now,
        escalate_at=now + timedelta(minutes=rota.escalate_after_minutes),
        token_hash=hash_token(token),
    )
    record_event(
        EventType.ONCALL_PAGED,
        actor=None,
        ticket=ticket,
        public=False,
        data={"page": page.pk, "user": user.pk, "name": user.display_name, "level": level},
    )
    emails.page(page, token=token)
    if rota.webhook_url:
        body = {
            "event": "page",
            "page_id": page.pk,
            "level": level,
            "reason": reason,
            "ticket": {
                "id": ticket.pk,
                "number": ticket.number,
                "title": ticket.title,
                "priority": ticket.priority,
                "organization": ticket.organization.name,
                "url": absolute_url("portal:ticket_detail", ticket.pk),
            },
            "on_call": {"id": user.pk, "name": user.display_name, "email": user.email},
            "acknowledge_url": absolute_url("oncall:ack_email", token),
            "sent_for": now.isoformat(),
        }
        queue_webhook(
            url=rota.webhook_url,
            body=json.dumps(body, sort_keys=True),
            rota_id=rota.pk,
            dedupe_key=f"{PAGE_WEBHOOK_KEY}{page.pk}",
        )
    return page


# Who may say a new urgent ticket needs nobody woken, because someone is already on
# it (a major incident it was linked to on arrival: its commander is working the
# outage). Registered in AppConfig.ready(), so paging knows nothing of them. Each
# returns a reason, or "" to let the page go.
AlreadyHandled = Callable[["Ticket"], str]
_already_handled: list[AlreadyHandled] = []


def add_already_handled(check: AlreadyHandled) -> None:
    if check not in _already_handled:
        _already_handled.append(check)


def alert_urgent(
    ticket: Ticket, *, reason: str, now: datetime, taken_by: User | None = None
) -> list[Page]:
    """A ticket became P1/P2: page the on-call agents out of hours (the ticket's team's
    own, when it has them), else tell the whole team. `taken_by` took the hotline call:
    they are on it, so nobody is woken (the team still hears in business hours, the
    taker excepted). Call inside the action's transaction."""
    if ticket.priority not in URGENT_PRIORITIES:
        return []
    for check in _already_handled:
        why = check(ticket)
        if why:
            return []  # the ticket's own history says why (the listener's event)
    team_open = team_hours_open(ticket.team_id, now)
    staffed = in_business_hours(now) if team_open is None else team_open
    if taken_by is not None:
        record_event(
            EventType.ONCALL_ACKNOWLEDGED,
            actor=taken_by,
            ticket=ticket,
            public=False,
            data={"taken_by_phone": True, "name": taken_by.display_name},
        )
        if staffed:
            emails.urgent_ticket_to_team(
                ticket, key=f"{reason}:{ticket.pk}:{ticket.version}", skip=taken_by
            )
        return []
    if staffed:
        emails.urgent_ticket_to_team(ticket, key=f"{reason}:{ticket.pk}:{ticket.version}")
        return []
    return page_on_call(
        ticket,
        _on_call_now(now, team_id=ticket.team_id),
        reason=reason,
        now=now,
        team_key=f"{reason}:{ticket.pk}:{ticket.version}",
    )


def _on_call_now(now: datetime, *, team_id: int | None = None) -> list[tuple[Rota, User]]:
    """Who to page for a ticket of `team_id`: the person on call of the team's own rota,
    else of each company-wide rota (`rotas_to_page`)."""
    for rotas in rotas_to_page(team_rota_id(team_id)):
        people = [(r, u) for r in rotas if (u := on_call(r, now).user) is not None and u.is_active]
        if people:
            return people
    return []


def page_on_call(
    ticket: Ticket, people: list[tuple[Rota, User]], *, reason: str, now: datetime, team_key: str
) -> list[Page]:
    """Page each of `people`; with nobody on call, the team still hears of it."""
    pages = [
        page_person(ticket, rota, user, level=0, reason=reason, now=now) for rota, user in people
    ]
    if not pages:
        emails.urgent_ticket_to_team(ticket, key=team_key)
    return pages


# The periodic-update target's breach (the SLA sweep tells this in its transaction;
# registered in apps.py): the person on call of each active rota is paged, as for a
# new urgent ticket, and the page escalates the same way until the update is given.
def page_for_overdue_updates(clocks: list[SlaClock], now: datetime) -> None:
    overdue = [
        c for c in clocks if c.kind == ClockKind.UPDATE and c.ticket.priority in URGENT_PRIORITIES
    ]
    if not overdue:
        return
    people: dict[int | None, list[tuple[Rota, User]]] = {}  # read once per team
    for clock in overdue:
        due = clock.due_at.isoformat() if clock.due_at else ""
        team = clock.ticket.team_id
        if team not in people:
            people[team] = _on_call_now(now, team_id=team)
        page_on_call(
            clock.ticket,
            people[team],
            reason=PageReason.UPDATE_OVERDUE,
            now=now,
            team_key=f"update_overdue:{clock.pk}:{due}",
        )


def is_answered(ticket: Ticket) -> bool:
    """Someone is on it: triaged, assigned, answered publicly, waiting, resolved, closed or merged.

    Any of these answers a page as surely as the acknowledge button, so the
    escalation chain stops (nobody else is woken for a ticket in hand).
    """
    return (
        ticket.status != Status.OPEN
        or ticket.assignee_id is not None
        or ticket.first_response_at is not None
    )


def _answered_by_handling(page: Page, *, now: datetime) -> None:
    """Close the chain of a page whose ticket was handled; the event says who handled it."""
    ticket = page.ticket
    by = ticket.assignee
    Page.objects.filter(ticket=ticket, rota=page.rota, acknowledged_at__isnull=True).update(
        acknowledged_at=now, acknowledged_by=by
    )
    record_event(
        EventType.ONCALL_ACKNOWLEDGED,
        actor=None,
        ticket=ticket,
        public=False,
        data={
            "page": page.pk,
            "answered_by_handling": True,
            "status": ticket.status,
            "name": by.display_name if by else "",
        },
    )


def escalate_due(*, now: datetime, batch: int = 100) -> int:
    """Unacknowledged pages past their time go to the next person in the rota (index range)."""
    with transaction.atomic():
        due = list(
            Page.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("rota", "user", "ticket", "ticket__organization", "ticket__assignee")
            .filter(acknowledged_at__isnull=True, escalated_at__isnull=True, escalate_at__lte=now)
            .order_by("escalate_at")[:batch]
        )
        for page in due:
            if page.reason == PageReason.UPDATE_OVERDUE:
                # Answered by the update it asked for, not by the ticket's having been
                # answered once: a public update started the target's next round.
                answered = not update_overdue(page.ticket, now=now)
            else:
                answered = is_answered(page.ticket)
            if answered:
                _answered_by_handling(page, now=now)
                continue
            page.escalated_at = now
            page.save(update_fields=["escalated_at"])
            members = page.rota.members.count()
            nxt = next_in_rota(page.rota, page.user)
            if nxt is not None and page.level + 1 < members:
                page_person(
                    page.ticket,
                    page.rota,
                    nxt,
                    level=page.level + 1,
                    reason=PageReason.ESCALATED,
                    now=now,
                )
            else:
                emails.urgent_ticket_to_team(page.ticket, key=f"unacknowledged:{page.pk}")
    return len(due)


def acknowledge(page: Page, *, actor: User, now: datetime) -> Page:
    """Stop the escalation chain of this ticket's pages on this rota."""
    if not actor.is_support_staff:
        raise PermissionDenied("only support staff acknowledge pages")
    with transaction.atomic():
        open_pages = Page.objects.select_for_update().filter(
            ticket=page.ticket, rota=page.rota, acknowledged_at__isnull=True
        )
        count = open_pages.update(acknowledged_at=now, acknowledged_by=actor)
        if count:
            record_event(
                EventType.ONCALL_ACKNOWLEDGED,
                actor=actor,
                ticket=page.ticket,
                public=False,
                data={"page": page.pk, "name": actor.display_name},
            )
    page.refresh_from_db()
    return page


def find_page(token: str) -> Page | None:
    return (
        Page.objects.select_related("ticket", "user").filter(token_hash=hash_token(token)).first()
    )
