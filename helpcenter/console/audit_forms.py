"""The audit trail search: by object, person, type and period (all optional)."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helpcenter.audit.events import EventType
from helpcenter.core.forms import ContractDateField, is_id
from helpcenter.tickets.models import parse_number

SUBJECT = re.compile(r"[a-z_]+\.[a-z_]+:[0-9]{1,18}")


class AuditPageForm(forms.Form):
    """The page of results: events older than `before` (a sequence number)."""

    before = forms.IntegerField(required=False, min_value=1, max_value=2**62)


class AuditSearchForm(forms.Form):
    object = forms.CharField(
        label=_("Object"),
        required=False,
        max_length=120,
        help_text=_("A ticket number, or app.model:id (e.g. slas.slapolicy:3)."),
    )
    person = forms.CharField(label=_("Person (e-mail)"), required=False, max_length=254)
    type = forms.ChoiceField(
        label=_("Event"), required=False, choices=[("", _("Any"))] + list(EventType.choices)
    )
    since = ContractDateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = ContractDateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_object(self) -> str:
        value = self.cleaned_data["object"].strip()
        if not value or SUBJECT.fullmatch(value):
            return value
        number = parse_number(value)  # HS-000004, hs-4, #4, 000004, 4
        if number is None or not is_id(str(number)):
            raise forms.ValidationError(_("Type a ticket number or app.model:id."))
        return str(number)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end of the period comes before its start."))
        return data

    def filters(self) -> dict[str, Any]:
        """The selector's keyword arguments (dates in the viewer's time zone; until inclusive)."""
        data = self.cleaned_data
        target = data.get("object", "")
        zone = timezone.get_current_timezone()
        since, until = data.get("since"), data.get("until")
        return {
            "ticket_id": int(target) if is_id(target) else None,
            "subject": target if target and not is_id(target) else "",
            "person": data.get("person", "").strip(),
            "type": data.get("type", ""),
            "since": datetime.combine(since, time.min, zone) if since else None,
            "until": datetime.combine(until + timedelta(days=1), time.min, zone) if until else None,
        }
