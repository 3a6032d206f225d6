"""What the status pages show, built from the database once per change and then
served from the cache: the pages' data is kept under a version that every incident
action moves on (after its commit), so a reader never waits for a timeout to see an
update, and a page read between two changes costs two cache reads."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from helpcenter.incidents.models import Incident, IncidentUpdate
from helpcenter.incidents.selectors import (
    naming,
    public_updates,
    services_of,
    shown_incidents,
)

VERSION_KEY = "incidents:status-version"
KEEP = 60 * 60  # seconds a built page stays cached (a new version replaces it sooner)
RECENT = timedelta(days=7)  # resolved incidents still shown


def _version() -> int:
    return cache.get(VERSION_KEY) or 1


def changed() -> None:
    """Call inside an incident action: the pages are rebuilt once it commits."""

    def bump() -> None:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no version yet (or the cache was emptied)
            cache.set(VERSION_KEY, 2, None)

    transaction.on_commit(bump)


def _cached(key: str, build) -> Any:
    full = f"incidents:status:{key}:v{_version()}"
    found = cache.get(full)
    if found is None:
        found = build()
        cache.set(full, found, KEEP)
    return found


def _incident(incident: Incident, updates: list[IncidentUpdate]) -> dict[str, Any]:
    return {
        "number": incident.number,
        "title": incident.title,
        "impact": incident.impact,
        "state": incident.state,
        "declared_at": incident.declared_at,
        "resolved_at": incident.resolved_at,
        "updates": [
            {"at": u.created_at, "state": u.state, "body": u.body}
            for u in updates
            if u.incident_id == incident.pk
        ],
    }


def organization_status(organization_id: int) -> dict[str, Any]:
    """One organization's services and the incidents that named any of them (no other
    organization's names)."""

    def build() -> dict[str, Any]:
        services = services_of(organization_id)
        incidents = shown_incidents(services=services, since=timezone.now() - RECENT)
        named = naming(incidents, services)
        active = {i.pk: i for i in incidents if i.is_active}
        updates = public_updates(incidents)
        return {
            "services": [
                {
                    "name": s.name,
                    "incident": active[named[s.pk]].number if named.get(s.pk) in active else "",
                    "state": active[named[s.pk]].state if named.get(s.pk) in active else "",
                }
                for s in services
            ],
            "incidents": [_incident(i, updates) for i in incidents],
        }

    return _cached(f"org:{organization_id}", build)


def public_status() -> dict[str, Any]:
    """Every active and recent incident, with no client's name or service."""

    def build() -> dict[str, Any]:
        incidents = shown_incidents(services=None, since=timezone.now() - RECENT)
        updates = public_updates(incidents)
        return {"incidents": [_incident(i, updates) for i in incidents]}

    return _cached("public", build)
