from __future__ import annotations

from typing import cast

from allauth.account.forms import ResetPasswordForm
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from helpcenter.accounts.access import invitable_roles
from helpcenter.accounts.models import Organization, User, parse_domains
from helpcenter.accounts.password_reset import request_reset
from helpcenter.core.choices import CLIENT_NOTICES, Notice
from helpcenter.core.time_zones import zone_choices


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, inviter: User, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        cast(forms.ChoiceField, self.fields["role"]).choices = invitable_roles(inviter)

    def clean_email(self):
        """Refuse only what the inviter already sees: a member of this organization.

        Whether the address has an account elsewhere (another client, or staff)
        is never told: such an invitation is sent like any other, and its
        acceptance page tells the mailbox's owner to sign in instead.
        """
        email = self.cleaned_data["email"].strip().lower()
        if self.organization.users.filter(email__iexact=email).exists():
            raise ValidationError(_("This person is already a member of this organization."))
        return email


class QueuedResetPasswordForm(ResetPasswordForm):
    """allauth's reset form, but the request only queues; see accounts/password_reset.py."""

    def save(self, request, **kwargs) -> str:
        email = self.cleaned_data["email"]
        request_reset(email)
        return email


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords do not match."))
        elif p1:
            try:
                password_validation.validate_password(
                    p1, User(email=self.email, full_name=data.get("full_name", ""))
                )
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class PreferencesForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Time zone"))
    notices = forms.MultipleChoiceField(
        label=_("E-mail me when"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The confirmation of your own tickets, invitations, password resets and"
            " on-call pages are always sent."
        ),
    )

    class Meta:
        model = User
        fields = ["full_name", "phone", "language", "time_zone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["language"]).choices = settings.LANGUAGES
        current = self.instance.time_zone if self.instance else None
        cast(forms.ChoiceField, self.fields["time_zone"]).choices = zone_choices(current)
        user = self.instance
        offered = [n for n in Notice if user.is_support_staff or n in CLIENT_NOTICES]
        field = cast(forms.MultipleChoiceField, self.fields["notices"])
        field.choices = [(n.value, n.label) for n in offered]
        muted = set(user.muted_notices or ())
        field.initial = [n.value for n in offered if n.value not in muted]
        self.offered = [n.value for n in offered]

    def muted(self) -> list[str]:
        """The offered notices left unticked (kept: muted ones no longer offered)."""
        chosen = set(self.cleaned_data.get("notices") or ())
        others = [n for n in (self.instance.muted_notices or ()) if n not in self.offered]
        return sorted({*others, *(n for n in self.offered if n not in chosen)})


class LoginAddressForm(forms.Form):
    """A new login address, asked for with the current password."""

    email = forms.EmailField(label=_("New login e-mail"), max_length=254)
    password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email == self.user.email.lower():
            raise ValidationError(_("This is already your login e-mail."))
        organization = self.user.organization
        if organization is not None and not organization.allows_address(email):
            raise ValidationError(
                _("Your organization's login e-mails are at: %(domains)s.")
                % {"domains": ", ".join(parse_domains(organization.email_domains))}
            )
        return email

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your current password."))
        return password
