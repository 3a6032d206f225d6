"""The contract's vocabulary, shared by every app: a leaf module that imports no app.

Tickets, SLA policies, on-call paging and the coming API all speak of types,
priorities and statuses; keeping the enums here (and not in the tickets app)
lets the SLA and on-call apps name them without importing the ticket domain.
Who may move a ticket between statuses is in `tickets/statuses.py`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_ON_CLIENT = "waiting_on_client", _("Waiting on client")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


def status_label(value: str | None) -> str:
    """A stored status value as people read it ('waiting_on_client' → 'Aguardando cliente');
    "" for a value that is no status."""
    try:
        return str(Status(value or "").label)
    except ValueError:
        return ""


class TicketType(models.TextChoices):
    INCIDENT = "incident", _("Incident")
    REQUEST = "request", _("Request")


class Priority(models.TextChoices):
    P1 = "P1", _("P1 – Critical")
    P2 = "P2", _("P2 – High")
    P3 = "P3", _("P3 – Medium")
    P4 = "P4", _("P4 – Low")
    PLANNED = "planned", _("Planned")


PRIORITY_DESCRIPTIONS = {
    Priority.P1: _("Service completely unavailable."),
    Priority.P2: _("Service slow or partly unavailable."),
    Priority.P3: _("Intermittent slowness or degraded response time."),
    Priority.P4: _("Service without performance degradation."),
    Priority.PLANNED: _(
        "New projects or features, scheduled for an agreed development window "
        "without compromising your use of the solution."
    ),
}
URGENT_PRIORITIES = frozenset({Priority.P1, Priority.P2})


class Channel(models.TextChoices):
    PORTAL = "portal", _("Help Center")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    API = "api", _("API")


class Role(models.TextChoices):
    CLIENT = "client", _("Client user")
    CLIENT_ADMIN = "client_admin", _("Client organization admin")
    AGENT = "agent", _("Agent")
    MANAGER = "manager", _("Relationship manager")
    ADMIN = "admin", _("Administrator")


CLIENT_ROLES = frozenset({Role.CLIENT, Role.CLIENT_ADMIN})
STAFF_ROLES = frozenset({Role.AGENT, Role.MANAGER, Role.ADMIN})


class ClockKind(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("First response")
    TRIAGE = "triage", _("Assessment & triage")
    RESOLUTION = "resolution", _("Resolution")
    UPDATE = "update", _("Next update")
    PLANNED = "planned", _("Agreed window")


class ClockState(models.TextChoices):
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    MET = "met", _("Met")
    BREACHED = "breached", _("Breached")


class Notice(models.TextChoices):
    """E-mails a person may turn off in Preferences (the value is the e-mail's template).

    Not listed, so always sent: the confirmation of one's own ticket, invitations,
    password resets and on-call pages.
    """

    REPLY_ADDED = "reply_added", _("A new reply on a ticket I follow")
    STATUS_CHANGED = "status_changed", _("A ticket I follow waits on me or goes back to work")
    TICKET_RESOLVED = "ticket_resolved", _("A ticket I follow is resolved")
    PARTICIPANT_ADDED = "participant_added", _("I am added to a ticket")
    TICKET_ASSIGNED = "ticket_assigned", _("A ticket is assigned to me")
    URGENT_TICKET = "urgent_ticket", _("A P1/P2 ticket arrives in business hours")
    SLA_WARNING = "sla_warning", _("An SLA target is near")
    SLA_BREACHED = "sla_breached", _("An SLA target was missed")


CLIENT_NOTICES = (
    Notice.REPLY_ADDED,
    Notice.STATUS_CHANGED,
    Notice.TICKET_RESOLVED,
    Notice.PARTICIPANT_ADDED,
)
