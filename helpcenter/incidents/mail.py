"""The confirmation e-mail of a ticket linked on arrival says a known incident is
being worked, with its last public update (a context builder of the outbox)."""

from __future__ import annotations

from typing import Any

from helpcenter.incidents.active import any_active
from helpcenter.incidents.selectors import known_incident
from helpcenter.tickets.models import Ticket


def incident_context(data: dict[str, Any], context: dict[str, Any]) -> None:
    # The worker renders every ticket e-mail through here: no query while no incident
    # is active (the per-process copy of incidents/active.py, at most 10 s old).
    if "ticket_id" not in data or "incident" in context or not any_active():
        return
    found = known_incident(Ticket(pk=data["ticket_id"]))
    if found is not None:
        context["incident"], context["incident_update"] = found
