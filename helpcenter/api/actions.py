"""Creating and revoking API tokens: audit events, the secret shown once."""

from __future__ import annotations

import hashlib
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from helpcenter.accounts.models import User
from helpcenter.api.models import ApiToken, IdempotencyKey, RequestCount
from helpcenter.audit.events import EventType
from helpcenter.audit.record import record_event

SECRET_PREFIX = "hc_"


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class TooManyTokens(Exception):
    """A person has API_TOKENS_PER_PERSON tokens in use: revoke one first."""


def create_token(user: User, *, name: str, actor: User) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it and its secret (shown once, never stored)."""
    if actor.pk != user.pk and not actor.is_superuser:
        raise PermissionDenied("people create their own tokens")
    if not user.is_active:
        raise PermissionDenied("an inactive account cannot have tokens")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        # One at a time per person (the row lock), so the cap holds under races.
        User.objects.select_for_update().filter(pk=user.pk).first()
        if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= (
            settings.API_TOKENS_PER_PERSON
        ):
            raise TooManyTokens(settings.API_TOKENS_PER_PERSON)
        token = ApiToken.objects.create(
            user=user, name=name.strip()[:100], prefix=secret[:10], digest=digest_of(secret)
        )
        record_event(
            EventType.API_TOKEN_CREATED,
            actor=actor,
            organization=user.organization,
            public=False,
            data={"token": token.pk, "name": token.name, "prefix": token.prefix, "user": user.pk},
        )
    return token, secret


def revoke_token(token: ApiToken, *, actor: User) -> ApiToken:
    if actor.pk != token.user_id and not actor.is_superuser:
        raise PermissionDenied("people revoke their own tokens")
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(
            EventType.API_TOKEN_REVOKED,
            actor=actor,
            public=False,
            data={"token": token.pk, "name": token.name, "prefix": token.prefix},
        )
    return token


def note_use(token: ApiToken) -> None:
    """Last use, written at most once a minute per token (not on every request)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def remember_idempotency_key(user: User, *, key: str, digest: str, ticket) -> None:
    """Inside the transaction that opened `ticket`: a second request with the same key
    fails on the unique constraint and answers this ticket instead."""
    IdempotencyKey.objects.create(user=user, key=key, body_digest=digest, ticket=ticket)


def count_request(person_id: int, minute: int) -> int:
    """This person's requests in this minute (all their tokens), this one included:
    atomic on every backend (Redis INCR, or one INSERT ... ON CONFLICT DO UPDATE ...
    RETURNING on the database)."""
    if settings.REDIS_URL:
        key = f"api-rate:person:{person_id}:{minute}"
        cache.add(key, 0, timeout=120)
        return int(cache.incr(key))
    table = connection.ops.quote_name(RequestCount._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (person_id, minute, count) VALUES (%s, %s, 1) "  # noqa: S608 - the table name is ours
            f"ON CONFLICT (person_id, minute) DO UPDATE SET count = {table}.count + 1 "
            "RETURNING count",
            [person_id, minute],
        )
        return int(cursor.fetchone()[0])


def forget_old_counts(*, now=None) -> int:
    """The worker's purge of minutes long past."""
    current = int(time.time() // 60)
    deleted, _ = RequestCount.objects.filter(minute__lt=current - 2).delete()
    return deleted
