from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "pending"
    SENT = "sent", "sent"
    DEAD = "dead", "dead"
    # Nothing to send after all (a password reset asked for an unknown address).
    SKIPPED = "skipped", "skipped"


class OutboxKind(models.TextChoices):
    EMAIL = "email", "e-mail"
    WEBHOOK = "webhook", "signed webhook"


class OutboxMessage(models.Model):
    """A side effect to perform after commit, written in the action's transaction.

    The table is the queue: workers claim due rows (SKIP LOCKED on PostgreSQL),
    deliver them, and on failure push `next_attempt_at` back with exponential
    backoff. A crashed worker's claim expires with its lease. Rows are never
    deleted on failure; after OUTBOX_MAX_ATTEMPTS they are marked dead for an
    operator to look at (admin), never silently dropped.
    """

    kind = models.CharField(max_length=20, choices=OutboxKind.choices, default=OutboxKind.EMAIL)
    template = models.CharField(max_length=100)
    to = models.EmailField(blank=True)
    url = models.CharField(max_length=500, blank=True)  # webhooks
    language = models.CharField(max_length=10)
    time_zone = models.CharField(max_length=64)
    context = models.JSONField(default=dict)
    dedupe_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(
        max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # Which claim holds the row (delivery.claim_due); renewed and checked before sending.
    lease_token = models.CharField(max_length=32, blank=True, default="")
    # The request that queued it (core/request_ids.py), for following it in the logs.
    request_id = models.CharField(max_length=64, blank=True, default="")
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_due_idx",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} -> {self.to} ({self.status})"


class DigestItem(models.Model):
    """A notice waiting to go out in a digest: one e-mail per person per few minutes lists
    everything that fell due meanwhile (flushed by the worker, `digests.py`). Alone in
    its window, an item goes out as its own e-mail (`single_template`)."""

    template = models.CharField(max_length=100)  # the digest's template
    single_template = models.CharField(max_length=100)  # the e-mail when it is alone
    to = models.EmailField()
    language = models.CharField(max_length=10)
    time_zone = models.CharField(max_length=64)
    context = models.JSONField(default=dict)
    dedupe_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("digest item")
        verbose_name_plural = _("digest items")
        ordering = ["id"]
        indexes = [models.Index(fields=["created_at"], name="digest_item_age_idx")]

    def __str__(self) -> str:
        return f"{self.single_template} -> {self.to} (digest {self.template})"
