from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    """Stable English codes; labels are what the history timeline shows."""

    TICKET_CREATED = "ticket.created", _("Ticket opened")
    TICKET_REPLIED = "ticket.replied", _("Public reply")
    TICKET_PARTICIPANTS_ADDED = "ticket.participants_added", _("Participants added")
    TICKET_RESOLVED = "ticket.resolved", _("Marked as resolved")
    TICKET_REOPENED = "ticket.reopened", _("Reopened: not solved")
    TICKET_CLOSED = "ticket.closed", _("Closed")
    TICKET_TRIAGED = "ticket.triaged", _("Assessed and assigned")
    TICKET_PRIORITY_CHANGED = "ticket.priority_changed", _("Priority changed")
    TICKET_STATUS_CHANGED = "ticket.status_changed", _("Status changed")
    TICKET_WINDOW_AGREED = "ticket.window_agreed", _("Planned window agreed")
    TICKET_ASSIGNED = "ticket.assigned", _("Assigned")
    TICKET_NOTE_ADDED = "ticket.note_added", _("Internal note")
    TICKET_MERGED = "ticket.merged", _("Merged into another ticket")
    TICKET_MERGED_IN = "ticket.merged_in", _("Another ticket merged into this one")
    TICKET_LINKED = "ticket.linked", _("Related ticket linked")
    INCIDENT_DECLARED = "incident.declared", _("Major incident declared")
    INCIDENT_UPDATED = "incident.updated", _("Major incident updated")
    INCIDENT_RESOLVED = "incident.resolved", _("Major incident resolved")
    INCIDENT_TICKET_LINKED = "incident.ticket_linked", _("Linked to a major incident")
    INCIDENT_TICKET_UNLINKED = "incident.ticket_unlinked", _("Unlinked from a major incident")
    INCIDENT_SEPARATE_CAUSE = "incident.separate_cause", _("Marked as a separate cause")
    STATUS_SUBSCRIBED = "status.subscribed", _("Subscribed to incident e-mails")
    STATUS_UNSUBSCRIBED = "status.unsubscribed", _("Unsubscribed from incident e-mails")
    ONCALL_PAGED = "oncall.paged", _("On-call agent paged")
    ONCALL_ACKNOWLEDGED = "oncall.acknowledged", _("Page acknowledged")
    SLA_WARNING = "sla.warning", _("SLA warning")
    SLA_BREACHED = "sla.breached", _("SLA target missed")
    INVITATION_SENT = "invitation.sent", _("Invitation sent")
    INVITATION_ACCEPTED = "invitation.accepted", _("Invitation accepted")
    INVITATION_REVOKED = "invitation.revoked", _("Invitation revoked")
    USER_DEACTIVATED = "user.deactivated", _("User deactivated")
    USER_PREFERENCES_CHANGED = "user.preferences_changed", _("Preferences changed")
    LOGIN_ADDRESS_CHANGE_REQUESTED = (
        "user.login_address_change_requested",
        _("Login e-mail change requested"),
    )
    LOGIN_ADDRESS_CHANGED = "user.login_address_changed", _("Login e-mail changed")
    API_TOKEN_CREATED = "api_token.created", _("API token created")
    API_TOKEN_REVOKED = "api_token.revoked", _("API token revoked")
    TICKET_SURVEY_ANSWERED = "ticket.survey_answered", _("Satisfaction survey answered")
    STATEMENT_SENT = "statement.sent", _("Monthly statement sent")
    ACCOUNT_SIGNED_IN = "account.signed_in", _("Signed in")
    ACCOUNT_SIGN_IN_FAILED = "account.sign_in_failed", _("Sign-in failed")
    ACCOUNT_SIGNED_OUT = "account.signed_out", _("Signed out")
    RECORD_CREATED = "record.created", _("Setting created")
    RECORD_CHANGED = "record.changed", _("Setting changed")
    RECORD_DELETED = "record.deleted", _("Setting deleted")
