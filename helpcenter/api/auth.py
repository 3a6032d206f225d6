"""Bearer tokens: who calls, in their language, within their rate limit."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import translation
from ninja.security import HttpBearer

from helpcenter.accounts.access import lacks_required_second_factor
from helpcenter.accounts.models import User
from helpcenter.api.actions import count_request, note_use
from helpcenter.api.selectors import token_for_secret
from helpcenter.core.client_address import client_ip


class SecondFactorRequired(Exception):
    """The token's owner must turn on two-factor sign-in first (REQUIRE_STAFF_2FA)."""


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


def check_rate(person_id: int, *, now: float | None = None) -> None:
    """At most API_RATE_PER_MINUTE requests per person per minute, whatever the number
    of their tokens, counted where every process and node counts together (the
    database, or Redis when configured)."""
    now = time.time() if now is None else now
    if count_request(person_id, int(now // 60)) > settings.API_RATE_PER_MINUTE:
        raise RateLimited(retry_after=max(1, 60 - int(now) % 60))


def check_bad_tokens(request: HttpRequest, *, now: float | None = None) -> None:
    """At most API_BAD_TOKENS_PER_MINUTE unknown tokens per client address (through
    TRUSTED_PROXIES) per minute, in the shared cache: guessing answers 429."""
    now = time.time() if now is None else now
    key = f"api-bad-token:{client_ip(request.META)}:{int(now // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        tries = cache.incr(key)
    except ValueError:  # the cache lost the key between add and incr (Redis away)
        return
    if tries > settings.API_BAD_TOKENS_PER_MINUTE:
        raise RateLimited(retry_after=max(1, 60 - int(now) % 60))


def caller(request: HttpRequest) -> User:
    """The person whose token authenticated this request (set by TokenAuth)."""
    return request.auth  # type: ignore[attr-defined]


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        found = token_for_secret(token)
        if found is None:
            check_bad_tokens(request)
            return None
        if lacks_required_second_factor(found.user):
            raise SecondFactorRequired
        check_rate(found.user_id)
        note_use(found)
        request.user = found.user
        request.api_token = found
        translation.activate(found.user.language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        return found.user
