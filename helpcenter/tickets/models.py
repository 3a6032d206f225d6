from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helpcenter.core.choices import (  # noqa: F401 - re-exported for the ticket domain
    PRIORITY_DESCRIPTIONS,
    URGENT_PRIORITIES,
    Channel,
    Priority,
    Status,
    TicketType,
)


class TicketQuerySet(models.QuerySet["Ticket"]):
    def visible_to(self, user) -> TicketQuerySet:
        """The tickets `user` may see. Every ticket read goes through here."""
        from helpcenter.accounts.roles import Role

        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.role in (Role.AGENT, Role.ADMIN):
            return self.all()
        if user.role == Role.MANAGER:
            return self.filter(organization__relationship_manager=user)
        if user.role == Role.CLIENT_ADMIN:
            return self.filter(organization_id=user.organization_id)
        cc = Ticket.participants.through.objects.filter(user=user).values("ticket_id")
        return self.filter(organization_id=user.organization_id).filter(
            models.Q(requester=user) | models.Q(pk__in=cc)
        )


class Ticket(models.Model):
    # No index of their own: the composite indexes below lead with each (one index
    # fewer to write on every ticket opened and every status change).
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="tickets", db_index=False
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="requested_tickets",
        db_index=False,
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="cc_tickets"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_tickets",
    )
    # The team that owns the ticket (routing sets it on arrival); its index below.
    team = models.ForeignKey(
        "teams.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    tags = models.ManyToManyField("teams.Tag", blank=True, related_name="+")
    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT, related_name="+")
    type = models.CharField(_("type"), max_length=20, choices=TicketType.choices)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.PORTAL)
    # The Message-ID of the e-mail that opened the ticket: our mail threads with it.
    source_message_id = models.CharField(max_length=255, blank=True, default="")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    planned_start = models.DateField(_("desired start"), null=True, blank=True)
    planned_end = models.DateField(_("desired end"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # SLA: the policy the ticket runs under, the instants that stop its clocks,
    # and the nearest unmet deadline (for "breaching soon" lists). The clocks
    # themselves are slas.SlaClock rows.
    sla_policy = models.ForeignKey(
        "slas.SlaPolicy", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    first_response_at = models.DateTimeField(null=True, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    sla_next_due = models.DateTimeField(null=True, blank=True, db_index=True)
    agreed_start = models.DateField(_("agreed start"), null=True, blank=True)
    agreed_end = models.DateField(_("agreed end"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_tickets"
    )
    # Title, description and every reply, for full-text search (kept by the actions).
    search_text = models.TextField(blank=True, default="")
    # Bumped by every action; the console's stale-view check compares it.
    version = models.PositiveIntegerField(default=1)

    objects = TicketQuerySet.as_manager()

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "status", "-created_at"]),
            models.Index(fields=["requester", "-created_at"]),
            # The client list (an organization's tickets, newest first): walked in order,
            # stopping after a page, instead of sorting the organization's every ticket.
            models.Index(
                fields=["organization", "-created_at", "-id"], name="ticket_org_newest_idx"
            ),
            models.Index(fields=["status", "resolved_at"]),
            # Console queues: each first page is a range of one of these.
            models.Index(fields=["-created_at", "-id"], name="ticket_newest_idx"),
            models.Index(fields=["status", "-created_at", "-id"], name="ticket_status_newest_idx"),
            models.Index(
                fields=["sla_next_due", "id"],
                name="ticket_open_due_idx",
                condition=models.Q(status="open"),
            ),
            models.Index(
                fields=["sla_next_due", "id"],
                name="ticket_active_due_idx",
                condition=models.Q(status__in=["open", "in_progress", "waiting_on_client"]),
            ),
            models.Index(
                fields=["assignee", "sla_next_due", "id"],
                name="ticket_mine_due_idx",
                condition=models.Q(status__in=["open", "in_progress", "waiting_on_client"]),
            ),
            # "My team's queue": a team's active tickets, next deadline first.
            models.Index(
                fields=["team", "sla_next_due", "id"],
                name="ticket_team_due_idx",
                condition=models.Q(status__in=["open", "in_progress", "waiting_on_client"]),
            ),
            models.Index(
                fields=["sla_next_due", "id"],
                name="ticket_urgent_due_idx",
                condition=models.Q(
                    status__in=["open", "in_progress", "waiting_on_client"],
                    priority__in=["P1", "P2"],
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        return format_number(self.pk)

    @property
    def is_urgent(self) -> bool:
        return self.priority in URGENT_PRIORITIES

    @property
    def reopen_deadline(self):
        if self.status != Status.RESOLVED or self.resolved_at is None:
            return None
        return self.resolved_at + timedelta(days=settings.REOPEN_WINDOW_DAYS)

    @property
    def can_be_reopened(self) -> bool:
        deadline = self.reopen_deadline
        return deadline is not None and timezone.now() < deadline


def format_number(pk: int | None) -> str:
    return f"{settings.TICKET_PREFIX}-{pk or 0:06d}"


_DIGITS = re.compile(r"[0-9]{1,11}")


def parse_number(text: str) -> int | None:
    """A ticket number in any form people say it: `HS-000123`, `hs-123`, `HS 123`,
    `#123`, `000123` or `123` -> 123; anything else -> None."""
    text = text.strip().upper().lstrip("#").strip()
    prefix = settings.TICKET_PREFIX.upper()
    if text.startswith(prefix):
        text = text[len(prefix) :].lstrip("-# ")
    # ASCII digits only: "²" is a digit to str.isdigit() but not to int().
    if not _DIGITS.fullmatch(text) or int(text) == 0:
        return None
    return int(text)


class Comment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    is_internal = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"])]

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.ticket_id}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is generated; the user's file name is only ever metadata.
    return f"attachments/{timezone.now():%Y/%m}/{instance.storage_key}"


class Attachment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    storage_key = models.CharField(max_length=64, unique=True)
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class TicketLink(models.Model):
    """Two related tickets (stored once, smaller id first)."""

    from_ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="links_out")
    to_ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="links_in")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ticket link")
        verbose_name_plural = _("ticket links")
        constraints = [
            models.UniqueConstraint(fields=["from_ticket", "to_ticket"], name="unique_ticket_link"),
            models.CheckConstraint(
                condition=models.Q(from_ticket__lt=models.F("to_ticket")),
                name="ticket_link_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_ticket_id} <-> {self.to_ticket_id}"


def staged_path(instance: StagedUpload, filename: str) -> str:
    return f"staged/{timezone.now():%Y/%m}/{instance.storage_key}"


class StagedUpload(models.Model):
    """A file from a form that came back with errors, kept so the person need not choose it
    again. Only its owner can use it; the worker deletes those older than a day."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    storage_key = models.CharField(max_length=64, unique=True)
    file = models.FileField(upload_to=staged_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("file awaiting its message")
        verbose_name_plural = _("files awaiting their message")

    def __str__(self) -> str:
        return self.original_name
