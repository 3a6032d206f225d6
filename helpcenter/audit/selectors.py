"""Reads of the audit trail that other apps need, so they never parse event JSON themselves."""

from __future__ import annotations

from datetime import datetime

from helpcenter.audit.models import AuditEvent


def status_changes(ticket_id: int) -> list[tuple[datetime, str]]:
    """Every status a ticket was moved to, with when, in order (from the events' `after`)."""
    changes = []
    rows = (
        AuditEvent.objects.filter(ticket_id=ticket_id)
        .order_by("created_at", "id")
        .values_list("created_at", "data")
    )
    for at, data in rows:
        status = ((data or {}).get("after") or {}).get("status")
        if status:
            changes.append((at, status))
    return changes
