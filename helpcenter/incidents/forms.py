from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from helpcenter.accounts.access import staff_users
from helpcenter.catalog.selectors import services_in_production
from helpcenter.core.forms import ServicesField
from helpcenter.incidents.models import IncidentState


class StaffField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class DeclareForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    impact = forms.CharField(
        label=_("Impact"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the clients see failing, in words they use."),
    )
    services = ServicesField(
        label=_("Affected services (of every organization that runs on the platform)"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    commander = StaffField(label=_("Commander"), queryset=staff_users())
    from_ticket = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelMultipleChoiceField, self.fields["services"]
        ).queryset = services_in_production()


class UpdateForm(forms.Form):
    body = forms.CharField(
        label=_("Update"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    public = forms.BooleanField(
        label=_("Public: sent as a reply on every linked ticket"), required=False, initial=True
    )
    state = forms.ChoiceField(label=_("State"), choices=IncidentState.choices)


class LinkForm(forms.Form):
    tickets: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(queryset=None)

    def __init__(self, *args, proposed, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["tickets"]).queryset = proposed


class UnlinkForm(forms.Form):
    reason = forms.CharField(label=_("Why is it not part of the incident?"), max_length=500)
