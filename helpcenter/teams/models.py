"""Teams, their members and the ordered rules that send a new ticket to one of them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from helpcenter.core.choices import Channel, Priority, TicketType


class Assignment(models.TextChoices):
    MANUAL = "manual", _("Manually (the team's queue)")
    ROUND_ROBIN = "round_robin", _("Round-robin among the members")
    FEWEST_OPEN = "fewest_open", _("To the member with the fewest open tickets")


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    services = models.ManyToManyField(
        "catalog.Service", verbose_name=_("services it owns"), blank=True, related_name="+"
    )
    organizations = models.ManyToManyField(
        "accounts.Organization",
        verbose_name=_("organizations it owns"),
        blank=True,
        related_name="+",
    )
    calendar = models.ForeignKey(
        "slas.BusinessCalendar",
        verbose_name=_("business hours (when they differ from the desk's)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rota = models.ForeignKey(
        "oncall.Rota",
        verbose_name=_("on-call rota"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teams",
    )
    assignment = models.CharField(
        _("new tickets are assigned"),
        max_length=20,
        choices=Assignment.choices,
        default=Assignment.MANUAL,
    )
    is_default = models.BooleanField(
        _("default team"),
        default=False,
        help_text=_("Receives every new ticket no routing rule sends elsewhere."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        permissions = [("shape_desk", _("Can shape the desk: teams and routing rules"))]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="one_default_team"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    is_away = models.BooleanField(
        _("away"), default=False, help_text=_("Skipped by automatic assignment.")
    )
    # Round-robin: the member assigned longest ago (or never) is next.
    last_assigned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["team", "id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="unique_team_member"),
        ]

    def __str__(self) -> str:
        return f"{self.team}: {self.user}"


class RoutingRule(models.Model):
    """Sends a new ticket that matches every condition given to `team`; the first
    matching rule by position wins."""

    position = models.PositiveIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=100)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="rules"
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    type = models.CharField(_("type"), max_length=20, choices=TicketType.choices, blank=True)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class Tag(models.Model):
    """A label agents put on tickets. Managers keep the list; with FREE_TAGS on, an agent
    may also type a new one (kept, not managed, until a manager adopts it)."""

    name = models.CharField(_("name"), max_length=50, unique=True)  # normalized: tags.py
    is_managed = models.BooleanField(_("on the managed list"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name
