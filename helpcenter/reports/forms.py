"""The report's filters, all in the URL so a view can be bookmarked."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helpcenter.core.choices import Priority, TicketType
from helpcenter.core.forms import ContractDateField
from helpcenter.reports.months import month_start
from helpcenter.reports.selectors import Scope, services_of

GROUP_CHOICES = [
    ("", _("Month only")),
    ("organization", _("Organization")),
    ("priority", _("Priority")),
    ("type", _("Type")),
    ("service", _("Service")),
    ("team", _("Team")),
]
MAX_MONTHS = 36


class MonthField(ContractDateField):
    """A month as YYYY-MM (the browser's month picker), within the contract's years."""

    widget = forms.DateInput(attrs={"type": "month"})
    input_formats = ["%Y-%m"]

    def prepare_value(self, value):
        return value.strftime("%Y-%m") if isinstance(value, date) else value


class ReportForm(forms.Form):
    since = MonthField(label=_("From (month)"), required=False)
    until = MonthField(label=_("Until (month)"), required=False)
    organization: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Organization"), queryset=None, required=False, empty_label=_("All")
    )
    priority = forms.ChoiceField(
        label=_("Priority"), required=False, choices=[("", _("All"))] + list(Priority.choices)
    )
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All"))] + list(TicketType.choices)
    )
    service: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Service"), queryset=None, required=False, empty_label=_("All")
    )
    group = forms.ChoiceField(label=_("Break down by"), required=False, choices=GROUP_CHOICES)

    def __init__(self, data, *, organizations):
        super().__init__(data)
        self.organizations = organizations
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["service"].queryset = services_of(organizations)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        until = month_start(data.get("until") or today)
        since = month_start(data.get("since") or month_start(until, -5))
        if since > until:
            self.add_error("until", _("The end of the period comes before its start."))
        elif month_start(since, MAX_MONTHS) <= until:
            self.add_error("since", _("A report covers at most 36 months."))
        data["since"], data["until"] = since, until
        return data

    def scope(self) -> Scope:
        data = self.cleaned_data if self.is_bound else {}
        until = data.get("until") or month_start(timezone.localdate())
        since = data.get("since") or month_start(until, -5)
        organization, service = data.get("organization"), data.get("service")
        return Scope(
            organization_ids=list(self.organizations.values_list("id", flat=True)),
            start=since,
            end=month_start(until, 1),
            organization=organization.pk if organization else None,
            priority=data.get("priority", ""),
            type=data.get("type", ""),
            service=service.pk if service else None,
            group=data.get("group", ""),
        )
