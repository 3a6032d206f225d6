from __future__ import annotations

import zoneinfo
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helpcenter.accounts.roles import CLIENT_ROLES, STAFF_ROLES, Role
from helpcenter.core.choices import Priority, TicketType


def parse_domains(value: str) -> list[str]:
    """The domains written in an organization's `email_domains` (comma or space separated)."""
    return [d.strip().lower().lstrip("@") for d in value.replace(",", " ").split() if d.strip()]


def validate_domains(value: str) -> None:
    for domain in parse_domains(value):
        labels = domain.split(".")
        if len(labels) < 2 or not all(
            label and len(label) <= 63 and label.replace("-", "").isalnum() and label.isascii()
            for label in labels
        ):
            raise ValidationError(_("“%(domain)s” is not a domain name.") % {"domain": domain})


def validate_timezone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("Unknown time zone.")) from None


class Organization(models.Model):
    """A client account: the company whose services the support team runs."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    relationship_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("relationship manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_organizations",
        limit_choices_to={"role": Role.MANAGER},
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Where its people's login addresses may be (empty: anywhere).
    email_domains = models.CharField(
        _("e-mail domains"),
        max_length=500,
        blank=True,
        validators=[validate_domains],
        help_text=_(
            "Comma-separated, e.g. acme.com.br, acme.com. When set, a person of this"
            " organization can only change their login address to one of these domains."
        ),
    )
    # What a ticket opened by e-mail starts as, until an agent triages it.
    email_type = models.CharField(
        _("type of tickets opened by e-mail"),
        max_length=20,
        choices=TicketType.choices,
        default=TicketType.REQUEST,
    )
    email_priority = models.CharField(
        _("priority of tickets opened by e-mail"),
        max_length=10,
        choices=[(p.value, p.label) for p in Priority if p != Priority.PLANNED],
        default=Priority.P4,
    )
    email_service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("service of tickets opened by e-mail"),
        help_text=_("Empty: the organization's first service in production, by name."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name

    def allows_address(self, email: str) -> bool:
        """Whether a login address may be at this domain (any, when none is set)."""
        domains = parse_domains(self.email_domains)
        return not domains or email.rpartition("@")[2].lower() in domains


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.update(role=Role.ADMIN, is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CLIENT)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=settings.TIME_ZONE, validators=[validate_timezone]
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Notices (core.choices.Notice values) this person turned off in Preferences.
    muted_notices = models.JSONField(_("e-mails turned off"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("admin site access"), default=False)
    date_joined = models.DateTimeField(default=timezone.now, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="client_roles_have_organization",
                condition=~models.Q(role__in=["client", "client_admin"], organization__isnull=True),
            ),
            # A login address belongs to one person whatever its case: every lookup
            # by address (sign-in, reset, e-mail intake) finds one account or none.
            models.UniqueConstraint(Lower("email"), name="user_email_unique_any_case"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.email

    @property
    def is_client(self) -> bool:
        return self.role in CLIENT_ROLES

    @property
    def is_support_staff(self) -> bool:
        return self.role in STAFF_ROLES

    def clean(self) -> None:
        super().clean()
        if self.role in CLIENT_ROLES and self.organization_id is None:
            raise ValidationError({"organization": _("Client users belong to an organization.")})


class Invitation(models.Model):
    """First access: a single-use, expiring link that lets a person set a password.

    Only a hash of the token is stored; the token itself exists in the e-mail.
    """

    email = models.EmailField(_("e-mail"))
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CLIENT)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.email

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )
