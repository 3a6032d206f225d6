"""Which services have an active incident, read once per ACTIVE_TTL seconds per
process: every ticket opened asks (to link it on arrival), and a ticket opened when
no incident is active must cost no query. A change in this process (declare,
resolve) takes effect at once; in other processes within the TTL, and a ticket
opened meanwhile is proposed on the incident's page instead. The same trade-off as
the webhooks' endpoints (webhooks/models.py)."""

from __future__ import annotations

import time

from helpcenter.incidents.selectors import active_link, active_service_pairs

ACTIVE_TTL = 10.0
_by_service: dict[int, list[int]] = {}
_read_at = float("-inf")


def forget_active() -> None:
    global _read_at
    _read_at = float("-inf")


def _current() -> dict[int, list[int]]:
    global _by_service, _read_at
    if time.monotonic() - _read_at > ACTIVE_TTL:
        found: dict[int, list[int]] = {}
        for service, incident in active_service_pairs():
            found.setdefault(service, []).append(incident)
        _by_service, _read_at = found, time.monotonic()
    return _by_service


def incidents_on(service_id: int | None) -> list[int]:
    """Ids of the active incidents naming `service_id` (as of at most ACTIVE_TTL ago)."""
    return _current().get(service_id or 0, [])


def any_active() -> bool:
    """Whether any incident is active (as of at most ACTIVE_TTL ago)."""
    return bool(_current())


def handled_by_incident(ticket) -> str:
    """For paging: a P1/P2 linked on arrival to an active incident wakes nobody again
    (its commander is on the outage). No query when no incident is active."""
    if not incidents_on(ticket.service_id):
        return ""
    link = active_link(ticket)
    return f"linked to {link.incident.number}" if link is not None else ""
