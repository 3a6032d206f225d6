"""Tickets, comments and files as the API shows them (plain dicts the schemas check)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from helpcenter.core.choices import ClockState
from helpcenter.teams.selectors import team_name


def ref(obj) -> dict[str, Any] | None:
    if obj is None:
        return None
    name = getattr(obj, "display_name", None) or getattr(obj, "name", None) or str(obj)
    return {"id": obj.pk, "name": name}


def sla(clocks) -> dict[str, Any]:
    return {
        clock.kind: {
            "due_at": clock.due_at,
            "met_at": clock.met_at,
            "breached": clock.breached,
            "paused": clock.state == ClockState.PAUSED,
        }
        for clock in clocks
    }


def ticket(t, *, participants=None, tags=None) -> dict[str, Any]:
    """`t` with organization, service, requester, assignee, participants and sla_clocks
    fetched (the selectors do it); a ticket just opened passes its `participants` and
    `tags` (none yet)."""
    return {
        "id": t.pk,
        "number": t.number,
        "type": t.type,
        "priority": t.priority,
        "status": t.status,
        "title": t.title,
        "description": t.description,
        "service": ref(t.service),
        "organization": ref(t.organization),
        "requester": ref(t.requester),
        "assignee": ref(t.assignee),
        # Its name from the routing snapshot: no read per ticket.
        "team": {"id": t.team_id, "name": team_name(t.team_id)} if t.team_id else None,
        "participants": [
            ref(p) for p in (t.participants.all() if participants is None else participants)
        ],
        # Internal: read for the support team only (api_tickets), [] for clients.
        "tags": sorted(x.name for x in getattr(t, "tag_list", [])) if tags is None else tags,
        "channel": t.channel,
        "planned_start": t.planned_start,
        "planned_end": t.planned_end,
        "created_at": t.created_at,
        "updated_at": t.updated_at,
        "version": t.version,
        "sla": sla(t.sla_clocks.all()),
    }


def attachment(a) -> dict[str, Any]:
    return {
        "id": a.pk,
        "name": a.original_name,
        "content_type": a.content_type,
        "size": a.size,
        "created_at": a.created_at,
        "url": reverse("api-v1:attachment_download", args=[a.ticket_id, a.pk]),
    }


def comment(c) -> dict[str, Any]:
    return {
        "id": c.pk,
        "author": ref(c.author),
        "body": c.body,
        "internal": c.is_internal,
        "created_at": c.created_at,
        "attachments": [attachment(a) for a in c.attachments.all()],
    }
