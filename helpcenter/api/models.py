"""Personal API tokens and the idempotency keys of ticket creation."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A person's key to the API: it acts with their permissions, never more.

    Only the SHA-256 of the secret is stored; `prefix` (the first characters of
    the secret, not enough to use it) tells tokens apart on pages and in logs.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class IdempotencyKey(models.Model):
    """The ticket an `Idempotency-Key` created, with the hash of the request that did:
    the same key and body answer the same ticket; another body is refused."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    body_digest = models.CharField(max_length=64)
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_ticket_per_idempotency_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} -> {self.ticket_id}"


class RequestCount(models.Model):
    """Requests of a person's tokens in one minute (the rate limit without Redis): one
    atomic upsert per request, shared by every process and node on the database. The
    limit is per person, so several tokens of one person share it."""

    person_id = models.BigIntegerField()
    minute = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("API request count")
        verbose_name_plural = _("API request counts")
        constraints = [
            models.UniqueConstraint(fields=["person_id", "minute"], name="one_count_per_minute")
        ]

    def __str__(self) -> str:
        return f"person {self.person_id} minute {self.minute}: {self.count}"
