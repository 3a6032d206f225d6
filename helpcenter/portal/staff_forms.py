"""Forms for the agent actions available on the ticket page (the console builds on them)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from helpcenter.accounts.access import staff_users
from helpcenter.accounts.models import User
from helpcenter.catalog.selectors import services_of
from helpcenter.console.selectors import canned_responses
from helpcenter.core.forms import ContractDateField, IdModelChoiceField, MultipleFileField
from helpcenter.portal.forms import AttachmentsMixin
from helpcenter.tickets.models import Priority, Ticket, TicketType, parse_number


class TriageForm(forms.Form):
    ticket_type = forms.ChoiceField(label=_("Type"), choices=TicketType.choices)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    service = IdModelChoiceField(label=_("Affected service"), queryset=None)
    assignee = IdModelChoiceField(label=_("Assign to"), queryset=None)
    reason = forms.CharField(
        label=_("Reason (needed when type or priority changes)"), required=False, max_length=2000
    )

    def __init__(self, *args, ticket: Ticket, actor: User, **kwargs):
        kwargs.setdefault("auto_id", "triage_%s")
        kwargs.setdefault(
            "initial",
            {
                "ticket_type": ticket.type,
                "priority": ticket.priority,
                "service": ticket.service_id,
                "assignee": actor.pk,
            },
        )
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["service"]).queryset = services_of(
            ticket.organization
        )
        cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = staff_users()


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    reason = forms.CharField(label=_("Reason"), max_length=2000)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "priority_%s")  # its own ids on a page of several forms
        super().__init__(*args, **kwargs)


class MoveTeamForm(forms.Form):
    """The active teams, from the routing snapshot (no query on the ticket page)."""

    team = forms.TypedChoiceField(label=_("Team"), coerce=int)
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False)

    def __init__(self, *args, **kwargs):
        from helpcenter.teams.selectors import routing_snapshot

        kwargs.setdefault("auto_id", "team_%s")
        super().__init__(*args, **kwargs)
        teams = sorted(routing_snapshot().teams.values(), key=lambda t: t.name.lower())
        cast(forms.TypedChoiceField, self.fields["team"]).choices = [(t.pk, t.name) for t in teams]


class TagsForm(forms.Form):
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas."),
        widget=forms.TextInput(attrs={"list": "tag-names", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "tags_%s")
        super().__init__(*args, **kwargs)


class WindowForm(forms.Form):
    start = ContractDateField(
        label=_("Agreed start"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = ContractDateField(label=_("Agreed end"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "window_%s")  # its own ids on a page of several forms
        super().__init__(*args, **kwargs)


class ComposerForm(AttachmentsMixin, forms.Form):
    """The agent's one composer: a public reply or an internal note, same box."""

    PUBLIC, INTERNAL = "public", "internal"
    visibility = forms.ChoiceField(
        label=_("Send as"),
        choices=[(PUBLIC, _("Public reply")), (INTERNAL, _("Internal note"))],
        initial=PUBLIC,
        widget=forms.RadioSelect,
    )
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}), max_length=50000
    )
    attachments = MultipleFileField(label=_("Attachments"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "compose_%s")  # its own ids on a page of several forms
        super().__init__(*args, **kwargs)

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError(_("This field is required."))
        return body

    @property
    def is_internal(self) -> bool:
        return self.cleaned_data.get("visibility") == self.INTERNAL


class NoteForm(AttachmentsMixin, forms.Form):
    body = forms.CharField(
        label=_("Internal note (never shown to the client)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=50000,
    )
    attachments = MultipleFileField(label=_("Attachments"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "note_%s")  # its own ids on a page of several forms
        super().__init__(*args, **kwargs)


class AssignForm(forms.Form):
    assignee = IdModelChoiceField(label=_("Assign to"), queryset=None)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "assign_%s")
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = staff_users()


class VersionForm(forms.Form):
    """The ticket version the agent's page showed (hidden field), for the stale check."""

    version = forms.IntegerField(required=False, min_value=0, max_value=2**62)


class ResolveForm(forms.Form):
    note = forms.CharField(label=_("Resolution note"), required=False, max_length=5000)


class CannedPickForm(forms.Form):
    canned = IdModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["canned"]).queryset = canned_responses()


class TicketNumberField(forms.CharField):
    """`HS-000123`, `hs-123` or `123`, cleaned to the ticket id."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        text = super().clean(value)
        number = parse_number(text)
        if number is None:
            raise forms.ValidationError(_("No ticket with that number."))
        return number


class MergeForm(forms.Form):
    into = TicketNumberField(label=_("This is a duplicate of"))


class LinkForm(forms.Form):
    other = TicketNumberField(label=_("Related ticket"))
