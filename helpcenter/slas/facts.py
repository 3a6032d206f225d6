"""The facts an e-mail reports, captured when the message is queued.

Mail is rendered by the worker, maybe minutes later: by then the ticket may
have another status, assignee or due time. So each notification stores a
snapshot of the ticket (and of the SLA clock or reply it is about) in its
outbox row, and the worker renders that snapshot; only presentation (the
recipient's language and time zone) is decided at delivery. It lives in
slas, the lowest of the apps whose mail reports a ticket (slas, oncall,
tickets: tickets imports the other two), so all three can use it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from helpcenter.core.choices import URGENT_PRIORITIES, ClockKind, Priority, Status, TicketType


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def clock_facts(clock) -> dict[str, Any]:
    return {"kind": clock.kind, "due_at": _iso(clock.due_at)}


def ticket_facts(ticket, *, clocks=None, lean: bool = False) -> dict[str, Any]:
    """A JSON snapshot of what the ticket e-mails show, as it is now.

    `clocks`: the ticket's SLA clocks when the caller already has them. `lean`: only
    what the SLA notices show (number, title, type, priority, status, organization,
    assignee), for the worker's bursts.
    """
    assignee = ticket.assignee
    facts = {
        "number": ticket.number,
        "title": ticket.title,
        "type": ticket.type,
        "priority": ticket.priority,
        "status": ticket.status,
        "organization": ticket.organization.name,
        "assignee": assignee.display_name if assignee else "",
    }
    if lean:
        return facts
    if clocks is None:
        clocks = ticket.sla_clocks.all()
    facts.update(
        service=ticket.service.name if ticket.service_id else "",
        requester=ticket.requester.display_name,
        requester_email=ticket.requester.email,
        reopen_deadline=_iso(ticket.reopen_deadline),
        sla_next_due=_iso(ticket.sla_next_due),
        clocks=[clock_facts(c) for c in clocks],
    )
    return facts


class _Named:
    def __init__(self, name: str, email: str = "") -> None:
        self.name = name
        self.display_name = name
        self.email = email

    def __str__(self) -> str:
        return self.name


class ClockSnapshot:
    def __init__(self, data: dict[str, Any]) -> None:
        self.kind = data["kind"]
        self.due_at = _dt(data.get("due_at"))

    def get_kind_display(self) -> str:
        return str(ClockKind(self.kind).label)


class _Clocks:
    def __init__(self, clocks: list[ClockSnapshot]) -> None:
        self._clocks = clocks

    def all(self) -> list[ClockSnapshot]:
        return self._clocks


class TicketSnapshot:
    """Reads like a Ticket in the e-mail templates; labels translate at render time."""

    def __init__(self, pk: int, data: dict[str, Any]) -> None:
        self.pk = pk
        self.number = data["number"]
        self.title = data["title"]
        self.type = data["type"]
        self.priority = data["priority"]
        self.status = data["status"]
        self.service = _Named(data.get("service", ""))
        self.organization = _Named(data.get("organization", ""))
        self.requester = _Named(data.get("requester", ""), data.get("requester_email", ""))
        self.assignee = _Named(data["assignee"]) if data.get("assignee") else None
        self.reopen_deadline = _dt(data.get("reopen_deadline"))
        self.sla_next_due = _dt(data.get("sla_next_due"))
        self.sla_clocks = _Clocks([ClockSnapshot(c) for c in data.get("clocks", [])])
        self.is_urgent = self.priority in URGENT_PRIORITIES

    def get_type_display(self) -> str:
        return str(TicketType(self.type).label)

    def get_priority_display(self) -> str:
        return str(Priority(self.priority).label)

    def get_status_display(self) -> str:
        return str(Status(self.status).label)

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class CommentSnapshot:
    def __init__(self, author: str, body: str) -> None:
        self.author = _Named(author)
        self.body = body
