"""A major incident, its timeline of updates, and the tickets it caused."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IncidentState(models.TextChoices):
    INVESTIGATING = "investigating", _("Investigating")
    IDENTIFIED = "identified", _("Identified")
    MONITORING = "monitoring", _("Monitoring")
    RESOLVED = "resolved", _("Resolved")


class Incident(models.Model):
    """One outage. Its affected services are catalog entries of any organizations:
    a shared platform is named by each organization's service that runs on it."""

    title = models.CharField(_("title"), max_length=200)
    impact = models.TextField(_("impact"), max_length=5000, blank=True)
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=IncidentState.choices,
        default=IncidentState.INVESTIGATING,
    )
    services = models.ManyToManyField(
        "catalog.Service", related_name="incidents", verbose_name=_("affected services")
    )
    commander = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    declared_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("major incident")
        verbose_name_plural = _("major incidents")
        ordering = ["-declared_at", "-id"]
        indexes = [models.Index(fields=["state", "-declared_at"])]

    def __str__(self) -> str:
        return f"INC-{self.pk}: {self.title}"

    @property
    def number(self) -> str:
        return f"INC-{self.pk or 0:04d}"

    @property
    def is_active(self) -> bool:
        return self.state != IncidentState.RESOLVED


class IncidentUpdate(models.Model):
    """A line of the incident's timeline: public (sent to every linked ticket) or an
    internal note for the support team."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="updates")
    body = models.TextField(_("update"), max_length=10_000)
    public = models.BooleanField(_("public"), default=True)
    state = models.CharField(max_length=20, choices=IncidentState.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("incident update")
        verbose_name_plural = _("incident updates")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.body[:60]}"


class IncidentLink(models.Model):
    """A ticket the incident caused. It keeps its own SLA clocks; an agent may mark it
    as having a separate cause, and resolving the incident then leaves it alone."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="links")
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="incident_links"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    separate_cause = models.BooleanField(_("separate cause"), default=False)
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("linked ticket")
        verbose_name_plural = _("linked tickets")
        ordering = ["linked_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "ticket"], name="incident_ticket_once")
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} ↔ {self.ticket_id}"


class StatusSubscription(models.Model):
    """A client user who asked, on their status page, to be e-mailed every public update
    of an incident that touches their organization's services."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("incident e-mail subscription")
        verbose_name_plural = _("incident e-mail subscriptions")

    def __str__(self) -> str:
        return f"status subscription of {self.user_id}"


class Delivery(models.Model):
    """One linked ticket's share of an update: its public reply, and for the final
    update its resolution. Written in the update's transaction (one INSERT for every
    ticket), carried out by the worker through the ticket actions (incidents/jobs.py):
    the reply and `done_at` commit together, so a worker that dies mid-batch leaves
    the row to the next, and no ticket gets an update twice."""

    class Outcome(models.TextChoices):
        REPLIED = "replied", _("update posted")
        RESOLVED = "resolved", _("resolved")
        LEFT = "left", _("left as it was")
        FAILED = "failed", _("failed")

    update = models.ForeignKey(IncidentUpdate, on_delete=models.CASCADE, related_name="deliveries")
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    reply = models.BooleanField(default=True)
    resolve = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    note = models.CharField(max_length=300, blank=True)  # why a ticket was left
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("update delivery")
        verbose_name_plural = _("update deliveries")
        constraints = [
            models.UniqueConstraint(fields=["update", "ticket"], name="incident_delivery_once")
        ]
        indexes = [
            models.Index(
                fields=["attempts", "id"],
                name="incident_delivery_due_idx",
                condition=models.Q(done_at__isnull=True),
            ),
            models.Index(fields=["ticket", "id"], name="incident_delivery_ticket_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.update_id} → {self.ticket_id}: {self.outcome or 'pending'}"
