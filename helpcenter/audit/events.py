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
    INVITATION_SENT = "invitation.sent", _("Invitation sent")
    INVITATION_ACCEPTED = "invitation.accepted", _("Invitation accepted")
    INVITATION_REVOKED = "invitation.revoked", _("Invitation revoked")
    USER_DEACTIVATED = "user.deactivated", _("User deactivated")
    USER_PREFERENCES_CHANGED = "user.preferences_changed", _("Preferences changed")
