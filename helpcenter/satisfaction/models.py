from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Rating(models.TextChoices):
    GOOD = "good", _("Good")
    BAD = "bad", _("Bad")


class Survey(models.Model):
    """One per resolution of a ticket, to its requester. Its answer can be changed (or a
    comment added) until it expires; a reopen of the ticket closes it (`superseded_at`):
    that resolution did not hold, and the next one gets a survey of its own."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="surveys")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    rating = models.CharField(_("rating"), max_length=10, choices=Rating.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["ticket", "-sent_at"])]

    def __str__(self) -> str:
        return f"survey of ticket {self.ticket_id}"

    def is_open(self, now=None) -> bool:
        """Whether it still takes an answer (a first one, or a change)."""
        return self.superseded_at is None and (now or timezone.now()) < self.expires_at
