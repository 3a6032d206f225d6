"""On-call rotas (plantão), overrides, and the pages sent to the person on call."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helpcenter.core.webhooks import UnsafeTarget, check_target


def new_secret() -> str:
    return secrets.token_hex(32)


class Rota(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    anchor = models.DateTimeField(
        _("first hand-over"),
        help_text=_("A hand-over instant, e.g. a Monday 08:00; shifts repeat from it."),
    )
    shift_days = models.PositiveSmallIntegerField(_("shift length (days)"), default=7)
    escalate_after_minutes = models.PositiveIntegerField(_("escalate after (minutes)"), default=15)
    webhook_url = models.URLField(_("paging webhook URL"), blank=True, max_length=500)
    webhook_secret = models.CharField(
        _("webhook signing secret"), max_length=128, default=new_secret
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("on-call rota")
        verbose_name_plural = _("on-call rotas")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.shift_days < 1:
            raise ValidationError({"shift_days": _("A shift lasts at least one day.")})
        if self.webhook_url:
            try:
                check_target(self.webhook_url, is_allowed=AllowedWebhookHost.is_allowed)
            except UnsafeTarget as exc:
                raise ValidationError({"webhook_url": str(exc)}) from None


class RotaMember(models.Model):
    rota = models.ForeignKey(Rota, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("rota member")
        verbose_name_plural = _("rota members")
        ordering = ["rota", "position"]
        constraints = [
            models.UniqueConstraint(fields=["rota", "position"], name="unique_rota_position"),
            models.UniqueConstraint(fields=["rota", "user"], name="unique_rota_user"),
        ]

    def __str__(self) -> str:
        return f"{self.rota} #{self.position} {self.user}"


class RotaOverride(models.Model):
    """Someone else covers a stretch (holiday, swap)."""

    rota = models.ForeignKey(Rota, on_delete=models.CASCADE, related_name="overrides")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("rota override")
        verbose_name_plural = _("rota overrides")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="override_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.starts_at:%Y-%m-%d} – {self.ends_at:%Y-%m-%d}"


class AllowedWebhookHost(models.Model):
    """A host (or IP) an admin allows as a webhook target although it is not public."""

    host = models.CharField(_("host or IP"), max_length=255, unique=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("allowed webhook host")
        verbose_name_plural = _("allowed webhook hosts")

    def __str__(self) -> str:
        return self.host

    @classmethod
    def is_allowed(cls, host: str) -> bool:
        return cls.objects.filter(host__iexact=host).exists()


class PageReason(models.TextChoices):
    OPENED = "opened", _("opened urgent")
    RAISED = "raised", _("raised to urgent")
    ESCALATED = "escalated", _("escalated: not acknowledged in time")
    UPDATE_OVERDUE = "update_overdue", _("the periodic update is overdue")


class Page(models.Model):
    """One page of one person about one urgent ticket; escalates if not acknowledged."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="pages")
    rota = models.ForeignKey(Rota, on_delete=models.CASCADE, related_name="pages")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pages"
    )
    level = models.PositiveSmallIntegerField(default=0)
    reason = models.CharField(max_length=20, choices=PageReason.choices)
    created_at = models.DateTimeField(default=timezone.now)
    escalate_at = models.DateTimeField()
    escalated_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("page (on-call)")
        verbose_name_plural = _("pages (on-call)")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["escalate_at"],
                name="page_escalation_due_idx",
                condition=models.Q(acknowledged_at__isnull=True, escalated_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"page {self.pk} {self.user} ticket {self.ticket_id}"
