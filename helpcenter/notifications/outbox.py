"""Writing outbox rows. Call inside the action's transaction; nothing is sent here."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from helpcenter.notifications.models import OutboxKind, OutboxMessage


def queue_email(
    template: str,
    *,
    to: str,
    dedupe_key: str,
    context: dict[str, Any],
    language: str | None = None,
    time_zone: str | None = None,
) -> OutboxMessage:
    """Queue one e-mail; a second call with the same dedupe_key queues nothing."""
    message, _created = OutboxMessage.objects.get_or_create(
        dedupe_key=dedupe_key[:200],
        defaults={
            "template": template,
            "to": to,
            "context": context,
            "language": language or settings.LANGUAGE_CODE,
            "time_zone": time_zone or settings.TIME_ZONE,
        },
    )
    return message


def queue_email_to_user(template: str, *, user, dedupe_key: str, context: dict[str, Any]):
    return queue_email(
        template,
        to=user.email,
        dedupe_key=dedupe_key,
        context=context,
        language=user.language,
        time_zone=user.time_zone,
    )


def queue_webhook(*, url: str, body: str, rota_id: int, dedupe_key: str) -> OutboxMessage:
    """A signed POST of `body` (JSON text, signed at delivery with the rota's secret)."""
    message, _created = OutboxMessage.objects.get_or_create(
        dedupe_key=dedupe_key[:200],
        defaults={
            "kind": OutboxKind.WEBHOOK,
            "template": "webhook",
            "url": url,
            "context": {"body": body, "rota_id": rota_id},
            "language": settings.LANGUAGE_CODE,
            "time_zone": settings.TIME_ZONE,
        },
    )
    return message
