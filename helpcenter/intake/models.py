"""What arrived by e-mail and what became of it: the intake's own record."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    TICKET = "ticket", "opened a ticket"
    REPLY = "reply", "added a reply"
    DUPLICATE = "duplicate", "already received"
    AUTOMATIC = "automatic", "automatic mail (auto-reply, bounce, list, loop): ignored"
    UNKNOWN_SENDER = "unknown_sender", "unknown sender: told how to get access"
    NOT_PARTICIPANT = "not_participant", "sender is not a party to the ticket: ignored"
    REFUSED = "refused", "refused (too large, inactive account, closed ticket...)"
    SET_ASIDE = "set_aside", "set aside, unanswered (its sender's domain disowns it)"
    NOT_A_MESSAGE = "not_a_message", "not an e-mail message: kept for an administrator"
    FAILED = "failed", "could not be taken: kept, with the error, for an administrator"


class InboundMessage(models.Model):
    """One received message, stored once per Message-ID and sender (a message without
    an id is known by the hash of its bytes)."""

    message_id = models.CharField(max_length=255)
    received_at = models.DateTimeField(default=timezone.now)
    sender = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=255, blank=True)
    size = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    detail = models.CharField(max_length=500, blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.ForeignKey(
        "tickets.Comment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The bytes as received, for what could not become a ticket or a reply (those keep
    # theirs on the ticket): an administrator downloads it from the admin site.
    original = models.FileField(upload_to="inbound/%Y/%m/", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("inbound message")
        verbose_name_plural = _("inbound messages")
        ordering = ["-id"]
        indexes = [models.Index(fields=["received_at"], name="inbound_received_idx")]
        constraints = [
            models.UniqueConstraint(fields=["message_id", "sender"], name="inbound_once_per_sender")
        ]

    def __str__(self) -> str:
        return f"{self.message_id} from {self.sender}: {self.outcome}"
