from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helpcenter.audit.actors import ActorKind
from helpcenter.audit.events import EventType


class AuditEvent(models.Model):
    """Append-only record of every state change: who did what, when, before and after.

    Written by the action that made the change, in the same transaction. The
    ticket history timeline is a read of these rows; `public` marks what the
    client may see. The rows are never updated; each is a link of the hash chain
    (audit/chain.py numbers, links and inserts them; audit/verify.py checks them).
    """

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    type = models.CharField(max_length=64, choices=EventType.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_kind = models.CharField(max_length=20, choices=ActorKind.choices, default=ActorKind.USER)
    # Which token or message acted (an id, never a secret); empty for people and the worker.
    actor_ref = models.CharField(max_length=200, blank=True)
    organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    public = models.BooleanField(default=True)
    data = models.JSONField(default=dict, blank=True)
    # Which object changed when it is not (only) a ticket: "app_label.model:pk".
    subject = models.CharField(max_length=120, blank=True, db_index=True)
    # The client address as seen through the configured trusted proxies only.
    ip = models.GenericIPAddressField(null=True, blank=True)
    seq = models.BigIntegerField(unique=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"])]

    def __str__(self) -> str:
        return f"{self.type} #{self.pk}"

    @property
    def label(self) -> str:
        return str(EventType(self.type).label)


class AuditHead(models.Model):
    """The chain's last link (one row, pk 1): locked by every writer of events, so
    sequence numbers are allocated one transaction at a time and never fork."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("audit head")
        verbose_name_plural = _("audit heads")

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"


class AuditCheckpoint(models.Model):
    """A head written down (daily by the worker, or by `audit_checkpoint`): verification
    proves the chain still reaches it, so a cut-off tail is found. Copies kept outside
    the database (e-mailed, printed) are the stronger proof."""

    created_at = models.DateTimeField(default=timezone.now)
    seq = models.BigIntegerField()
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")
        ordering = ["-seq"]

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"
