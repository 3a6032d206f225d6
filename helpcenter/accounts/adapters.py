from __future__ import annotations

import uuid

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from helpcenter.notifications import emails


class AccountAdapter(DefaultAccountAdapter):
    """No public sign-up; allauth's mail (password reset) goes through the outbox."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_login_redirect_url(self, request) -> str:
        return reverse("home")

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
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
