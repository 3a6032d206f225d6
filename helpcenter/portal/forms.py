from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from helpcenter.catalog.selectors import services_for_client
from helpcenter.core.forms import (
    ContractDateField,
    IdListField,
    IdModelChoiceField,
    IdModelMultipleChoiceField,
    MultipleFileField,
)
from helpcenter.tickets.attachments import validate_uploads
from helpcenter.tickets.models import PRIORITY_DESCRIPTIONS, Priority, TicketType
from helpcenter.tickets.selectors import participant_choices
from helpcenter.tickets.statuses import Status
from helpcenter.tickets.windows import desired_window_fields, planned_window_errors


class AttachmentsMixin:
    cleaned_data: dict

    def clean_attachments(self):
        return validate_uploads(self.cleaned_data.get("attachments") or [])


class PeopleField(IdModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} <{obj.email}>" if obj.full_name else obj.email


class TicketForm(AttachmentsMixin, forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=TicketType.choices, widget=forms.RadioSelect)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, widget=forms.RadioSelect
    )
    service = IdModelChoiceField(
        label=_("Affected service"),
        queryset=None,
        empty_label=_("Choose a service"),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Detailed description"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=50000,
        help_text=_(
            "What happened, since when, who is affected, error messages, steps to reproduce."
        ),
    )
    planned_start, planned_end = desired_window_fields()
    participants = PeopleField(
        label=_("CC (people of your organization who follow this ticket)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachments = MultipleFileField(label=_("Attachments"))
    # Files kept from an earlier submit that came back with errors (their ids).
    staged = IdListField(max_count=settings.ATTACHMENT_MAX_FILES)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        cast(IdModelChoiceField, self.fields["service"]).queryset = services_for_client(user)
        cast(PeopleField, self.fields["participants"]).queryset = participant_choices(
            user.organization_id, exclude=user
        )
        self.priority_descriptions = {str(k): v for k, v in PRIORITY_DESCRIPTIONS.items()}

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise ValidationError(_("This field is required."))
        return title

    def clean(self):
        data = super().clean() or {}
        planned_window_errors(self, data, start="planned_start", end="planned_end")
        return data


class ReplyForm(AttachmentsMixin, forms.Form):
    body = forms.CharField(
        label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 5}), max_length=50000
    )
    attachments = MultipleFileField(label=_("Attachments"))

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError(_("This field is required."))
        return body


class ParticipantsForm(forms.Form):
    # Not marked required (CC is optional on a ticket); an empty submit still says why.
    people = PeopleField(
        label=_("Add people to CC"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_people(self):
        people = self.cleaned_data["people"]
        if not people:
            raise ValidationError(_("Choose at least one person."))
        return people

    def __init__(self, *args, ticket, participants=None, **kwargs):
        """`participants`: the ticket's, when the caller has read them already."""
        super().__init__(*args, **kwargs)
        if participants is None:
            participants = ticket.participants.all()
        current = [p.pk for p in participants] + [ticket.requester_id]
        cast(forms.ModelMultipleChoiceField, self.fields["people"]).queryset = participant_choices(
            ticket
        ).exclude(pk__in=current)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("What is still not solved?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class StatusFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"placeholder": _("Number, title, description or reply"), "type": "search"}
        ),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), ("active", _("Not yet resolved")), *Status.choices],
        required=False,
    )


class PromiseForm(forms.Form):
    """What the new-ticket form has chosen so far, for the promise shown before sending."""

    type = forms.ChoiceField(choices=TicketType.choices, required=False)
    priority = forms.ChoiceField(choices=Priority.choices, required=False)
    planned_end = ContractDateField(required=False)
