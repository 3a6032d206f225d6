"""Reads of the audit trail that other apps need, so they never parse event JSON themselves."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from helpcenter.audit.models import AuditEvent


def status_changes(ticket_id: int) -> list[tuple[datetime, str]]:
    """Every status a ticket was moved to, with when, in order (from the events' `after`)."""
    rows = (
        AuditEvent.objects.filter(ticket_id=ticket_id)
        .order_by("created_at", "id")
        .values_list("created_at", "data")
    )
    return statuses_in(rows)


def statuses_in(rows: Iterable[tuple[datetime, dict | None]]) -> list[tuple[datetime, str]]:
    """`status_changes` over (created_at, data) of a ticket's events already read, in
    the trail's order (the ticket page reads them once for its history and its SLA)."""
    changes = []
    for at, data in rows:
        status = ((data or {}).get("after") or {}).get("status")
        if status:
            changes.append((at, status))
    return changes


def search_events(
    *,
    ticket_id: int | None = None,
    subject: str = "",
    person: str = "",
    type: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
    before_seq: int | None = None,
):
    """The trail filtered by object (a ticket, or any subject), person (e-mail of
    the user who acted, or the address a token/message/attempt named), type and
    period. Admins only: the console view checks the role; nothing here scopes."""
    from django.db.models import Q

    events = AuditEvent.objects.select_related("actor", "organization")
    if ticket_id is not None:
        events = events.filter(Q(ticket_id=ticket_id) | Q(subject=f"tickets.ticket:{ticket_id}"))
    if subject:
        events = events.filter(subject=subject)
    if person:
        events = events.filter(Q(actor__email__iexact=person) | Q(actor_ref__iexact=person))
    if type:
        events = events.filter(type=type)
    if since is not None:
        events = events.filter(created_at__gte=since)
    if until is not None:
        events = events.filter(created_at__lt=until)
    if before_seq is not None:
        events = events.filter(seq__lt=before_seq)
    return events


def chain_head() -> tuple[int, str]:
    """The trail's last (seq, hash), as a record or statement quotes it."""
    from helpcenter.audit.models import AuditHead

    head = AuditHead.objects.filter(pk=1).values_list("seq", "hash").first()
    return head or (0, "0" * 64)


def head_before(moment) -> tuple[int, str]:
    """The trail's last (seq, hash) written before `moment`: the head that covers a
    period ending then (a statement quotes it)."""
    last = (
        AuditEvent.objects.filter(created_at__lt=moment)
        .order_by("-seq")
        .values_list("seq", "hash")
        .first()
    )
    return last or (0, "0" * 64)
