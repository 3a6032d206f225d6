"""Forms for the agent actions available on the ticket page (the console builds on them)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from helpcenter.accounts.models import User
from helpcenter.accounts.roles import STAFF_ROLES
from helpcenter.catalog.models import Service
from helpcenter.core.forms import MultipleFileField
from helpcenter.portal.forms import AttachmentsMixin
from helpcenter.tickets.models import Priority, Ticket, TicketType


class TriageForm(forms.Form):
    ticket_type = forms.ChoiceField(label=_("Type"), choices=TicketType.choices)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    service = forms.ModelChoiceField(label=_("Affected service"), queryset=Service.objects.none())
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=User.objects.none())
    reason = forms.CharField(
        label=_("Reason (needed when type or priority changes)"), required=False, max_length=2000
    )

    def __init__(self, *args, ticket: Ticket, actor: User, **kwargs):
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
        cast(
            forms.ModelChoiceField, self.fields["service"]
        ).queryset = Service.objects.for_organization(ticket.organization)
        cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = User.objects.filter(
            role__in=STAFF_ROLES, is_active=True
        )


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class WindowForm(forms.Form):
    start = forms.DateField(label=_("Agreed start"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Agreed end"), widget=forms.DateInput(attrs={"type": "date"}))


class NoteForm(AttachmentsMixin, forms.Form):
    body = forms.CharField(
        label=_("Internal note (never shown to the client)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=50000,
    )
    attachments = MultipleFileField(label=_("Attachments"))


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = User.objects.filter(
            role__in=STAFF_ROLES, is_active=True
        )
