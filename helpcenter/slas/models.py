"""The support contract as data: calendars, policies, and each ticket's clocks."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helpcenter.accounts.models import validate_timezone
from helpcenter.core.choices import ClockKind, ClockState, Priority, TicketType
from sla.calendar import Interval


def validate_hours(value) -> None:
    if not isinstance(value, dict):
        raise ValidationError(
            _("Opening hours must map weekdays (0=Monday) to lists of HH:MM-HH:MM.")
        )
    for day, spans in value.items():
        if str(day) not in {str(d) for d in range(7)} or not isinstance(spans, list):
            raise ValidationError(
                _("Opening hours must map weekdays (0=Monday) to lists of HH:MM-HH:MM.")
            )
        try:
            for span in spans:
                Interval.parse(span)
        except (ValueError, TypeError) as exc:
            raise ValidationError(str(exc)) from None


def default_hours() -> dict:
    return {str(d): ["08:00-18:00"] for d in range(5)}


class BusinessCalendar(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    always_open = models.BooleanField(_("24x7"), default=False)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="America/Sao_Paulo", validators=[validate_timezone]
    )
    hours = models.JSONField(
        _("opening hours"),
        default=default_hours,
        validators=[validate_hours],
        help_text=_('Weekday (0=Monday) to intervals, e.g. {"0": ["08:00-18:00"]}.'),
    )
    holiday_country = models.CharField(_("holiday country"), max_length=8, blank=True, default="BR")
    holiday_subdivision = models.CharField(_("holiday subdivision"), max_length=16, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.holiday_country:
            import holidays

            try:
                holidays.country_holidays(
                    self.holiday_country, subdiv=self.holiday_subdivision or None
                )
            except (NotImplementedError, KeyError, ValueError):
                raise ValidationError(
                    {"holiday_country": _("Unknown holiday country or subdivision.")}
                ) from None


class ClosedDay(models.Model):
    """An extra closed day of a calendar, e.g. a state or city holiday."""

    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.CASCADE, related_name="closed_days"
    )
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("closed day")
        verbose_name_plural = _("closed days")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="unique_closed_day")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"

    # The engine's tables are cached per calendar row version (slas/policies.py): a
    # closed day added, changed or removed makes its calendar a new version. The admin
    # edits closed days inline, which saves and deletes them one by one.
    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        self._touch_calendar()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self._touch_calendar()
        return result

    def _touch_calendar(self) -> None:
        BusinessCalendar.objects.filter(pk=self.calendar_id).update(updated_at=timezone.now())


class SlaPolicy(models.Model):
    """Targets for one priority, for every type or one type, by default or for one client.

    A ticket runs under the most specific policy: organization + type, then
    organization, then type, then the default. A policy with no calendar has
    no clocks (Planned: it follows its agreed window).
    """

    name = models.CharField(_("name"), max_length=100)
    organization = models.ForeignKey(
        "accounts.Organization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sla_policies",
        verbose_name=_("organization (empty: default contract)"),
    )
    ticket_type = models.CharField(
        _("ticket type (empty: any)"), max_length=20, choices=TicketType.choices, blank=True
    )
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices)
    calendar = models.ForeignKey(
        BusinessCalendar, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    first_response_minutes = models.PositiveIntegerField(
        _("first response (minutes)"), null=True, blank=True
    )
    triage_minutes = models.PositiveIntegerField(
        _("assessment & triage (minutes)"), null=True, blank=True
    )
    resolution_minutes = models.PositiveIntegerField(
        _("resolution (minutes)"), null=True, blank=True
    )
    update_minutes = models.PositiveIntegerField(
        _("periodic update (minutes)"),
        null=True,
        blank=True,
        help_text=_(
            "After the first response, a public update is due every this many minutes "
            "of the calendar until the ticket is resolved. Empty: no update target."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization__name", "priority", "ticket_type"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.UniqueConstraint(
                fields=["ticket_type", "priority"],
                condition=models.Q(organization__isnull=True),
                name="unique_default_policy",
            ),
            models.UniqueConstraint(
                fields=["organization", "ticket_type", "priority"],
                condition=models.Q(organization__isnull=False),
                name="unique_org_policy",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.calendar_id is not None and not (
            self.first_response_minutes or self.triage_minutes or self.resolution_minutes
        ):
            raise ValidationError(_("A policy with a calendar needs at least one target."))


class SlaClock(models.Model):
    """One target of one ticket, with its deadline stored and indexed.

    Rewritten by the action that changes what it depends on. The worker finds
    due warnings and breaches through the two partial indexes, never by
    scanning tickets.
    """

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="sla_clocks"
    )
    kind = models.CharField(max_length=20, choices=ClockKind.choices)
    target_seconds = models.PositiveIntegerField()
    used_seconds = models.PositiveIntegerField(default=0)
    due_at = models.DateTimeField(null=True, blank=True)
    warn_at = models.DateTimeField(null=True, blank=True)
    met_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=ClockState.choices, default=ClockState.RUNNING)
    breached = models.BooleanField(default=False)
    warned_at = models.DateTimeField(null=True, blank=True)
    breach_notified_at = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("SLA clock")
        verbose_name_plural = _("SLA clocks")
        ordering = ["ticket", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "kind"], name="one_clock_per_kind")
        ]
        indexes = [
            models.Index(
                fields=["warn_at"],
                name="slaclock_warn_due_idx",
                condition=models.Q(
                    met_at__isnull=True, warned_at__isnull=True, warn_at__isnull=False
                ),
            ),
            models.Index(
                fields=["due_at"],
                name="slaclock_breach_due_idx",
                condition=models.Q(
                    met_at__isnull=True, breach_notified_at__isnull=True, due_at__isnull=False
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind} {self.state}"
