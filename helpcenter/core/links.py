"""Absolute links for e-mails and webhooks: `reverse()` on top of SITE_URL, never the request."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def absolute_url(name: str, *args: object, **kwargs: object) -> str:
    return settings.SITE_URL + reverse(name, args=args or None, kwargs=kwargs or None)
