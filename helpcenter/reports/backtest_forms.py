"""What an admin proposes to back-test: a policy's targets and calendar, or a
calendar's opening hours."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from helpcenter.slas.models import BusinessCalendar, SlaPolicy
from sla.calendar import Interval


def hours_from_text(text: str) -> dict[str, list[str]]:
    """{"0": ["08:00-12:00", "13:00-18:00"], ...} with 0 = Monday; ValueError if not."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise ValueError(_('Opening hours must be JSON, e.g. {"0": ["08:00-18:00"]}.')) from None
    if not isinstance(data, dict):
        raise ValueError(_('Opening hours must be JSON, e.g. {"0": ["08:00-18:00"]}.'))
    hours: dict[str, list[str]] = {}
    for day, spans in data.items():
        if str(day) not in {str(n) for n in range(7)} or not isinstance(spans, list):
            raise ValueError(_("Days are 0 (Monday) to 6 (Sunday), each with a list of spans."))
        for span in spans:
            try:
                Interval.parse(str(span))
            except (ValueError, TypeError):
                raise ValueError(
                    _("“%(span)s” is not a span like 08:00-18:00.") % {"span": span}
                ) from None
        hours[str(day)] = [str(s) for s in spans]
    return hours


class PolicyBacktestForm(forms.Form):
    policy = forms.ModelChoiceField(label=_("Policy"), queryset=SlaPolicy.objects.none())
    first_response_minutes = forms.IntegerField(
        label=_("First response (minutes)"), required=False, min_value=0, max_value=10**6
    )
    triage_minutes = forms.IntegerField(
        label=_("Assessment & triage (minutes)"), required=False, min_value=0, max_value=10**6
    )
    resolution_minutes = forms.IntegerField(
        label=_("Resolution (minutes)"), required=False, min_value=0, max_value=10**6
    )
    calendar = forms.ModelChoiceField(
        label=_("Calendar"),
        queryset=BusinessCalendar.objects.none(),
        required=False,
        empty_label=_("Keep the policy's"),
    )
    months = forms.IntegerField(label=_("Months to replay"), min_value=1, max_value=24, initial=3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = SlaPolicy.objects.select_related(  # type: ignore[attr-defined]
            "calendar", "organization"
        )
        self.fields["calendar"].queryset = BusinessCalendar.objects.all()  # type: ignore[attr-defined]

    def minutes(self) -> dict[str, int]:
        data = self.cleaned_data
        return {
            kind: data[f"{kind}_minutes"]
            for kind in ("first_response", "triage", "resolution")
            if data.get(f"{kind}_minutes") is not None
        }


class CalendarBacktestForm(forms.Form):
    for_calendar = forms.ModelChoiceField(
        label=_("Calendar"), queryset=BusinessCalendar.objects.none()
    )
    always_open = forms.BooleanField(label=_("24x7"), required=False)
    hours = forms.CharField(
        label=_("Opening hours (JSON, 0 = Monday)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    months = forms.IntegerField(label=_("Months to replay"), min_value=1, max_value=24, initial=3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["for_calendar"].queryset = BusinessCalendar.objects.all()  # type: ignore[attr-defined]

    def clean_hours(self) -> dict[str, list[str]] | None:
        text = self.cleaned_data["hours"].strip()
        if not text:
            return None
        try:
            return hours_from_text(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
