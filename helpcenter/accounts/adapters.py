from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from helpcenter.accounts.limits import mark_limited
from helpcenter.core.client_address import client_ip
from helpcenter.notifications import emails


@dataclass(frozen=True)
class ConfiguredSite:
    """What allauth's mail calls `current_site`, from SITE_URL, never from the Host header."""

    name: str
    domain: str


def configured_site() -> ConfiguredSite:
    return ConfiguredSite(
        name=f"{settings.COMPANY_NAME} Help Center", domain=urlsplit(settings.SITE_URL).netloc
    )


class AccountAdapter(DefaultAccountAdapter):
    """No public sign-up; allauth's mail (password reset) goes through the outbox.

    Every link and site name in allauth's mail comes from SITE_URL: a request's
    Host header is chosen by whoever sends it, so it never reaches an e-mail.
    """

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_login_redirect_url(self, request) -> str:
        return reverse("home")

    def get_client_ip(self, request) -> str:
        """The client as seen through TRUSTED_PROXIES (every per-address rate limit)."""
        ip = client_ip(request.META)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def pre_authenticate(self, request, **credentials) -> None:
        """allauth refuses a sign-in over the failure limit with a form error: the page
        answers 429 with Retry-After too (accounts/limits.py)."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            mark_limited(request, "login_failed")
            raise

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return settings.SITE_URL + path.replace("UID-KEY", quote(key))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context = {**context, "current_site": configured_site()}
        message = self.render_mail(template_prefix, email, context)
        html = None
        for content, mimetype in getattr(message, "alternatives", []) or []:
            if mimetype == "text/html":
                html = str(content)
        text = str(message.body)
        if message.content_subtype == "html":
            html, text = text, ""
        emails.prerendered(
            to=email,
            subject=str(message.subject),
            text=text,
            html=html,
            dedupe_key=f"allauth:{template_prefix}:{uuid.uuid4()}",
        )
