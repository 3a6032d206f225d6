"""The configuration pages' forms: a team (with its members) and a routing rule."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from helpcenter.accounts.access import staff_users
from helpcenter.catalog.selectors import services_in_production
from helpcenter.core.forms import (
    IdModelChoiceField,
    PeopleField,
    PersonField,
    ServiceField,
    ServicesField,
)
from helpcenter.teams.models import RoutingRule, Tag, Team
from helpcenter.teams.selectors import active_teams, tag_name_taken
from helpcenter.teams.tags import invalid, normalize


class TeamForm(forms.ModelForm):
    members = PeopleField(
        label=_("Members"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    away = PeopleField(
        label=_("Away (skipped by automatic assignment)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Team
        fields = [
            "name",
            "lead",
            "assignment",
            "rota",
            "calendar",
            "services",
            "organizations",
            "is_default",
            "is_active",
        ]
        field_classes = {"lead": PersonField, "services": ServicesField}
        widgets = {
            "services": forms.CheckboxSelectMultiple,
            "organizations": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        staff = staff_users().order_by("full_name", "email")
        for name in ("members", "away", "lead"):
            cast(forms.ModelChoiceField, self.fields[name]).queryset = staff
        cast(forms.ModelChoiceField, self.fields["services"]).queryset = services_in_production()
        if self.instance.pk:
            memberships = list(self.instance.members.all())
            self.initial["members"] = [m.user_id for m in memberships]
            self.initial["away"] = [m.user_id for m in memberships if m.is_away]

    def clean(self):
        data = super().clean() or {}
        members = set(data.get("members") or [])
        if data.get("lead") and data["lead"] not in members:
            self.add_error("lead", _("The lead must be one of the members."))
        if set(data.get("away") or []) - members:
            self.add_error("away", _("Only members can be away."))
        if self.instance.pk and self.instance.is_default and not data.get("is_default"):
            self.add_error(
                "is_default", _("Make another team the default instead: one team always is.")
            )
        if data.get("is_default") and not data.get("is_active", True):
            self.add_error("is_active", _("The default team cannot be inactive."))
        return data


class RuleForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = [
            "position",
            "name",
            "team",
            "organization",
            "service",
            "type",
            "priority",
            "channel",
            "is_active",
        ]
        field_classes = {
            "team": IdModelChoiceField,
            "organization": IdModelChoiceField,
            "service": ServiceField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["team"]).queryset = active_teams()
        cast(forms.ModelChoiceField, self.fields["service"]).queryset = services_in_production()

    def clean(self):
        data = super().clean() or {}
        service, organization = data.get("service"), data.get("organization")
        if service and organization and service.organization_id != organization.pk:
            self.add_error("service", _("This service is not one of that organization's."))
        if not any(data.get(f) for f in ("organization", "service", "type", "priority", "channel")):
            self.add_error(
                None,
                _("Give at least one condition; the default team takes what no rule matches."),
            )
        return data


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "is_managed", "is_active"]

    def clean_name(self):
        name = normalize(self.cleaned_data["name"])
        if invalid(name):
            raise forms.ValidationError(
                _("A tag has up to 50 letters, digits, spaces or . : / + # - _.")
            )
        if tag_name_taken(name, but=self.instance.pk):
            raise forms.ValidationError(_("That tag already exists."))
        return name
