from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helpcenter.accounts.access import client_users_of, staff_users
from helpcenter.catalog.selectors import services_of_any
from helpcenter.core.forms import (
    IdListField,
    IdModelChoiceField,
    IdModelMultipleChoiceField,
    MultipleFileField,
    is_id,
)
from helpcenter.teams.selectors import routing_snapshot
from helpcenter.teams.tags import normalize
from helpcenter.tickets.actions.opening import check_received_at
from helpcenter.tickets.attachments import validate_uploads
from helpcenter.tickets.models import Priority, TicketType
from helpcenter.tickets.statuses import ActionRefused, Status
from helpcenter.tickets.windows import desired_window_fields, planned_window_errors


class QueueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"placeholder": _("Number, title, description or reply"), "type": "search"}
        ),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "—"), *Status.choices]
    )
    priority = forms.ChoiceField(
        label=_("Priority"), required=False, choices=[("", "—"), *Priority.choices]
    )
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", "—"), *TicketType.choices]
    )
    organization = IdModelChoiceField(label=_("Organization"), required=False, queryset=None)
    service = IdModelChoiceField(label=_("Service"), required=False, queryset=None)
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)
    tag = forms.CharField(
        label=_("Tag"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"list": "tag-names", "autocomplete": "off"}),
    )
    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations
        cast(forms.ModelChoiceField, self.fields["service"]).queryset = services_of_any(
            organizations
        )
        teams = sorted(routing_snapshot().teams.values(), key=lambda t: t.name.lower())
        cast(forms.ChoiceField, self.fields["team"]).choices = [
            ("", "—"),
            *[(t.pk, t.name) for t in teams],
        ]
        cast(forms.ChoiceField, self.fields["assignee"]).choices = [
            ("", "—"),
            ("none", _("Nobody")),
            *[(str(u.pk), u.display_name) for u in staff_users()],
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "status": data["status"],
            "priority": data["priority"],
            "type": data["type"],
            "organization_id": data["organization"].pk if data["organization"] else None,
            "service_id": data["service"].pk if data["service"] else None,
            "assignee": data["assignee"],
            "tag": normalize(data["tag"]),
            "team_id": data["team"],
        }


class BulkForm(forms.Form):
    ACTIONS = [
        ("assign", _("Assign to")),
        ("status_in_progress", _("Set in progress")),
        ("status_waiting_on_client", _("Set waiting on client")),
        ("resolve", _("Mark as resolved")),
        ("tag_add", _("Add the tag")),
        ("tag_remove", _("Remove the tag")),
    ]
    ids = IdListField(required=True)
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    assignee = IdModelChoiceField(label=_("Agent"), queryset=None, required=False)
    tag = forms.CharField(
        label=_("Tag"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"list": "tag-names", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "bulk_%s")  # beside the filters' own assignee
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = staff_users()

    def clean_ids(self):
        ids = self.cleaned_data["ids"]
        if not ids:
            raise ValidationError(_("Select at least one ticket."))
        return ids

    def clean(self):
        data = super().clean() or {}
        if data.get("action") == "assign" and not data.get("assignee"):
            self.add_error("assignee", _("Choose the agent."))
        if str(data.get("action", "")).startswith("tag_") and not normalize(data.get("tag", "")):
            self.add_error("tag", _("Type the tag."))
        return data


class RequesterField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} <{obj.email}> — {obj.organization}"


class ServiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.organization} — {obj.name}"


class CallerPeopleField(IdModelMultipleChoiceField):
    def label_from_instance(self, obj):
        name = f"{obj.display_name} <{obj.email}>" if obj.full_name else obj.email
        return f"{name} · {obj.organization}"


class PhoneIntakeForm(forms.Form):
    requester = RequesterField(label=_("Caller (client user)"), queryset=None)
    type = forms.ChoiceField(
        label=_("Type"), choices=TicketType.choices, initial=TicketType.INCIDENT
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    service = ServiceField(label=_("Affected service"), queryset=None)
    planned_start, planned_end = desired_window_fields()
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What the caller reported"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=50000,
    )
    received_at = forms.DateTimeField(
        label=_("Call came in at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        help_text=_("The SLA starts then. Leave empty for now."),
    )
    participants = CallerPeopleField(
        label=_("CC (people of the caller's organization)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachments = MultipleFileField(label=_("Attachments"))
    staged = IdListField(max_count=settings.ATTACHMENT_MAX_FILES)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        callers = client_users_of(organizations)
        cast(forms.ModelChoiceField, self.fields["requester"]).queryset = callers
        people, services = callers, services_of_any(organizations, active_only=True)
        # Read once: the view's due times and the template ask for it again.
        self.caller = caller = self._named_caller(callers)
        if caller is not None:
            # Once the caller is known, only their organization's services and people;
            # another's is refused with the reason, not as an unknown choice.
            people = people.filter(organization_id=caller.organization_id).exclude(pk=caller.pk)
            services = services.filter(organization_id=caller.organization_id)
            self.fields["service"].error_messages["invalid_choice"] = _(
                "This service belongs to another organization than the caller's."
            )
            self.fields["participants"].error_messages["invalid_choice"] = _(
                "Only people of the caller's organization can be in CC."
            )
        cast(forms.ModelMultipleChoiceField, self.fields["participants"]).queryset = people
        cast(forms.ModelChoiceField, self.fields["service"]).queryset = services

    def _named_caller(self, callers):
        """The caller the form names (posted, or given as initial), if they may be chosen."""
        value = (self.data or {}).get("requester") or self.initial.get("requester")
        if not value or not is_id(str(value)):
            return None
        return callers.filter(pk=int(value)).select_related("organization").first()

    def clean(self):
        data = super().clean() or {}
        requester, service = data.get("requester"), data.get("service")
        if requester and service and requester.organization_id != service.organization_id:
            self.add_error(
                "service", _("This service belongs to another organization than the caller's.")
            )
        planned_window_errors(self, data, start="planned_start", end="planned_end")
        if requester and any(
            p.organization_id != requester.organization_id for p in data.get("participants") or []
        ):
            self.add_error(
                "participants", _("Only people of the caller's organization can be in CC.")
            )
        received_at = data.get("received_at")
        if received_at is not None:
            try:
                check_received_at(received_at, now=timezone.now())
            except ActionRefused as refused:
                self.add_error("received_at", str(refused))
        return data

    def clean_attachments(self):
        return validate_uploads(self.cleaned_data.get("attachments") or [])


class CallPromiseForm(forms.Form):
    """What the phone form has chosen so far, for the due times shown before saving."""

    type = forms.ChoiceField(choices=TicketType.choices, required=False)
    priority = forms.ChoiceField(choices=Priority.choices, required=False)
    received_at = forms.DateTimeField(
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    planned_end = forms.DateField(required=False)
