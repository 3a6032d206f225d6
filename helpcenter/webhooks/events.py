"""Which audit events become which webhook events, and queuing their deliveries.

Called for every audit event as it is written (audit.record listeners), inside the
action's or the worker's transaction: a delivery is queued exactly when the change
commits. Endpoints are read once per 10 seconds per process (and at once after an
edit in this process), so an action without endpoints costs no query.
"""

from __future__ import annotations

import json
import uuid

from helpcenter.audit.events import EventType
from helpcenter.core.links import absolute_url
from helpcenter.notifications.outbox import queue_webhook
from helpcenter.webhooks.models import Event, WebhookEndpoint

UPDATED = {
    EventType.TICKET_TRIAGED,
    EventType.TICKET_PRIORITY_CHANGED,
    EventType.TICKET_ASSIGNED,
    EventType.TICKET_PARTICIPANTS_ADDED,
    EventType.TICKET_WINDOW_AGREED,
    EventType.TICKET_MERGED,
    EventType.TICKET_MERGED_IN,
    EventType.TICKET_LINKED,
    EventType.TICKET_TEAM_CHANGED,
    EventType.TICKET_TAGGED,
}
STATUS = {
    EventType.TICKET_STATUS_CHANGED,
    EventType.TICKET_RESOLVED,
    EventType.TICKET_REOPENED,
    EventType.TICKET_CLOSED,
}


def names_for(event) -> list[str]:  # noqa: PLR0911
    """The webhook events an audit event is."""
    kind = event.type
    data = event.data or {}
    if kind == EventType.TICKET_CREATED:
        return [Event.TICKET_CREATED]
    if kind in (EventType.TICKET_REPLIED, EventType.TICKET_NOTE_ADDED):
        names: list[str] = [Event.TICKET_COMMENTED]
        if "status" in (data.get("after") or {}):  # a client's reply moved it back to work
            names.append(Event.TICKET_STATUS_CHANGED)
        return names
    if kind in STATUS:
        return [Event.TICKET_STATUS_CHANGED]
    if kind in UPDATED:
        before, after = data.get("before") or {}, data.get("after") or {}
        moved = "status" in after and before.get("status") != after.get("status")
        return [Event.TICKET_UPDATED, *([Event.TICKET_STATUS_CHANGED] if moved else [])]
    if kind == EventType.SLA_WARNING:
        return [Event.SLA_WARNING]
    if kind == EventType.SLA_BREACHED:
        return [Event.SLA_BREACHED]
    if kind == EventType.INCIDENT_TICKET_LINKED:
        return [Event.INCIDENT_TICKET_LINKED]
    return []


INCIDENT = {
    EventType.INCIDENT_DECLARED: Event.INCIDENT_DECLARED,
    EventType.INCIDENT_UPDATED: Event.INCIDENT_UPDATED,
    EventType.INCIDENT_RESOLVED: Event.INCIDENT_RESOLVED,
}


def _incident_event(event, endpoints) -> None:
    """An incident's own event: to the endpoints of every organization it touches (the
    action writes them in `organizations`), only what clients may read (no internal
    update's text, no other organization's names)."""
    data = event.data or {}
    incident = data.get("incident") or {}
    after = data.get("after") or {}
    if not after.get("public", True) and after.get("state") != "resolved":
        return  # an internal note is the support team's
    name = INCIDENT[event.type]
    touched = set(data.get("organizations") or [])
    payload = {
        "event": name,
        "occurred_at": event.created_at.isoformat(),
        "audit_event": event.pk,
        "incident": {
            "number": incident.get("number"),
            "title": incident.get("title"),
            "state": after.get("state", incident.get("state")),
            "update": after.get("body", "") if after.get("public", True) else "",
        },
    }
    for endpoint in endpoints:
        if endpoint.wants(name) and endpoint.organization_id in (None, *touched):
            _queue(endpoint, event, name, payload)


def _queue(endpoint, event, name: str, payload: dict) -> None:
    """One delivery of `payload` to `endpoint`, once per audit event and name."""
    body = json.dumps({"id": str(uuid.uuid4()), **payload}, sort_keys=True, default=str)
    queue_webhook(
        url=endpoint.url,
        body=body,
        dedupe_key=f"webhook:{endpoint.pk}:{event.pk}:{name}",
        endpoint_id=endpoint.pk,
        event=name,
    )


# The support team's own labels and moves: only to the company's internal endpoints.
INTERNAL_ONLY = {EventType.TICKET_TEAM_CHANGED, EventType.TICKET_TAGGED}


def _for_clients(payload: dict) -> dict:
    """What an organization's own endpoint receives: no team, tags or routing."""
    ticket = {k: v for k, v in payload["ticket"].items() if k not in ("team", "tags")}
    data = {k: v for k, v in payload["data"].items() if k != "routed"}
    return {**payload, "ticket": ticket, "data": data}


def _ticket(ticket) -> dict:
    return {
        "id": ticket.pk,
        "number": ticket.number,
        "title": ticket.title,
        "type": ticket.type,
        "priority": ticket.priority,
        "status": ticket.status,
        "organization": ticket.organization_id,
        "team": ticket.team_id,
        "tags": sorted(t.name for t in ticket.tags.all()),
        "version": ticket.version,
        "url": absolute_url("portal:ticket_detail", ticket.pk),
    }


def _comment(event) -> dict | None:
    from helpcenter.tickets.models import Comment

    comment_id = (event.data or {}).get("comment")
    if not isinstance(comment_id, int):
        return None
    found = Comment.objects.select_related("author").filter(pk=comment_id).first()
    if found is None:
        return None
    return {
        "id": found.pk,
        "author": {"id": found.author_id, "name": found.author.display_name},
        "body": found.body,
        "internal": found.is_internal,
    }


def on_audit_events(events: list) -> None:
    endpoints = WebhookEndpoint.active()
    if not endpoints:
        return
    for event in events:
        if event.type in INCIDENT:
            _incident_event(event, endpoints)
            continue
        if event.ticket_id is None:
            continue
        internal_note = event.type == EventType.TICKET_NOTE_ADDED
        for name in names_for(event):
            targets = [
                endpoint
                for endpoint in endpoints
                if endpoint.wants(name)
                and endpoint.organization_id in (None, event.organization_id)
                and (endpoint.internal or not (internal_note and name == Event.TICKET_COMMENTED))
                and (endpoint.internal or event.type not in INTERNAL_ONLY)
            ]
            if not targets:
                continue
            payload = {
                "event": name,
                "occurred_at": event.created_at.isoformat(),
                "audit_event": event.pk,
                "ticket": _ticket(event.ticket),
                "data": event.data or {},
            }
            if name == Event.TICKET_COMMENTED:
                payload["comment"] = _comment(event)
            shared = _for_clients(payload)
            for endpoint in targets:
                _queue(endpoint, event, name, payload if endpoint.internal else shared)
