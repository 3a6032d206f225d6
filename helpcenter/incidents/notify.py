"""The e-mails of the status page's subscribers: one per public update of an incident
and subscriber, queued in the update's transaction (exactly once: the outbox's
dedupe key names the update and the person), in each one's language."""

from __future__ import annotations

from typing import Any

from helpcenter.core.links import absolute_url
from helpcenter.incidents.models import Incident, IncidentUpdate
from helpcenter.incidents.selectors import (
    affected_services_of,
    status_subscribers,
    update_with_incident,
)
from helpcenter.notifications.outbox import mail_to, queue_many

TEMPLATE = "incident_update"


def tell_subscribers(incident: Incident, update: IncidentUpdate) -> int:
    mails = [
        mail_to(
            TEMPLATE,
            person,
            dedupe_key=f"incident-update:{update.pk}:{person.pk}",
            context={"incident_update_id": update.pk, "organization_id": person.organization_id},
        )
        for person in status_subscribers(incident)
    ]
    queued = [m for m in mails if m is not None]
    queue_many(queued)
    return len(queued)


def subscriber_context(data: dict[str, Any], context: dict[str, Any]) -> None:
    """For the outbox (registered in apps.py): the incident, its update, the reader's
    own affected services and their status page."""
    if "incident_update_id" not in data:
        return
    update = update_with_incident(data["incident_update_id"])
    context["incident"] = update.incident
    context["update"] = update
    context["services"] = affected_services_of(update.incident_id, data["organization_id"])
    context["status_url"] = absolute_url("status:page")
