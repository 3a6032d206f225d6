"""Integration webhooks: endpoints admins register, and the log of each delivery."""

from __future__ import annotations

import secrets
import time

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helpcenter.core.webhooks import UnsafeTarget, check_target


class Event(models.TextChoices):
    TICKET_CREATED = "ticket.created", "ticket.created"
    TICKET_UPDATED = "ticket.updated", "ticket.updated"
    TICKET_COMMENTED = "ticket.commented", "ticket.commented"
    TICKET_STATUS_CHANGED = "ticket.status_changed", "ticket.status_changed"
    SLA_WARNING = "sla.warning", "sla.warning"
    SLA_BREACHED = "sla.breached", "sla.breached"
    INCIDENT_DECLARED = "incident.declared", "incident.declared"
    INCIDENT_UPDATED = "incident.updated", "incident.updated"
    INCIDENT_RESOLVED = "incident.resolved", "incident.resolved"
    INCIDENT_TICKET_LINKED = "incident.ticket_linked", "incident.ticket_linked"


def new_secret() -> str:
    return secrets.token_urlsafe(32)


# Active endpoints, read once per ENDPOINTS_TTL seconds per process (every audit event
# asks; an action when there are none costs no query). An edit in this process takes
# effect at once, in others within the TTL.
ENDPOINTS_TTL = 10.0
_active: list[WebhookEndpoint] = []
_read_at = float("-inf")


def forget_endpoints() -> None:
    global _read_at
    _read_at = float("-inf")


class WebhookEndpoint(models.Model):
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=128, default=new_secret)
    events = models.JSONField(
        _("events"), default=list, help_text=_("Which events to send; empty: all of them.")
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("only this organization"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: every organization's tickets."),
    )
    internal = models.BooleanField(
        _("internal"),
        default=False,
        help_text=_("Also send internal notes (for the support team's own tools only)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.description or self.url

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        forget_endpoints()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        forget_endpoints()
        return result

    def clean(self) -> None:
        from helpcenter.oncall.models import AllowedWebhookHost

        unknown = [e for e in self.events or [] if e not in Event.values]
        if unknown:
            raise ValidationError({"events": _("Unknown events: %s") % ", ".join(unknown)})
        try:
            check_target(self.url, is_allowed=AllowedWebhookHost.is_allowed)
        except UnsafeTarget as exc:
            raise ValidationError({"url": str(exc)}) from None

    def wants(self, event: str) -> bool:
        return not self.events or event in self.events

    @classmethod
    def active(cls) -> list[WebhookEndpoint]:
        global _active, _read_at
        if time.monotonic() - _read_at > ENDPOINTS_TTL:
            _active = list(cls.objects.filter(is_active=True))
            _read_at = time.monotonic()
        return _active


class WebhookDelivery(models.Model):
    """One attempt to deliver an outbox row to an endpoint: when, the answer, how long."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    outbox = models.ForeignKey(
        "notifications.OutboxMessage", on_delete=models.CASCADE, related_name="+"
    )
    event = models.CharField(max_length=40)
    attempted_at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"{self.event} -> {self.endpoint} ({self.status_code or self.error})"

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
