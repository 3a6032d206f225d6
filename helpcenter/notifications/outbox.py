"""Writing outbox rows. Call inside the action's transaction; nothing is sent here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone

from helpcenter.core import request_ids
from helpcenter.notifications.models import DigestItem, OutboxKind, OutboxMessage


@dataclass
class Mail:
    """One e-mail to queue in bulk (`queue_many`) or to hold for a digest (`hold_for_digest`)."""

    template: str
    to: str
    dedupe_key: str
    context: dict[str, Any]
    language: str = ""
    time_zone: str = ""


def mail_to(template: str, recipient, *, dedupe_key: str, context: dict[str, Any]) -> Mail | None:
    """A Mail to a person (their language and zone; None if they muted it) or to an address."""
    if isinstance(recipient, str):
        return Mail(template, recipient, dedupe_key, context)
    if is_muted(recipient, template):
        return None
    return Mail(
        template,
        recipient.email,
        dedupe_key,
        context,
        recipient.language,
        recipient.time_zone,
    )


def queue_email(
    template: str,
    *,
    to: str,
    dedupe_key: str,
    context: dict[str, Any],
    language: str | None = None,
    time_zone: str | None = None,
) -> OutboxMessage:
    """Queue one e-mail; a second call with the same dedupe_key queues nothing.

    One INSERT ... ON CONFLICT DO NOTHING (the returned row has no id when it was
    new on some databases; nothing reads it)."""
    message = _row(Mail(template, to, dedupe_key, context, language or "", time_zone or ""))
    OutboxMessage.objects.bulk_create([message], ignore_conflicts=True)
    return message


def is_muted(user, template: str) -> bool:
    """The person turned this notice off in Preferences."""
    return template in (getattr(user, "muted_notices", None) or ())


def queue_email_to_user(template: str, *, user, dedupe_key: str, context: dict[str, Any]):
    """Queue one e-mail to a person, unless they turned this notice off (returns None)."""
    mail = mail_to(template, user, dedupe_key=dedupe_key, context=context)
    if mail is None:
        return None
    return queue_email(
        template,
        to=mail.to,
        dedupe_key=dedupe_key,
        context=context,
        language=mail.language,
        time_zone=mail.time_zone,
    )


def queue_webhook(*, url: str, body: str, dedupe_key: str, **refs: int | str) -> OutboxMessage:
    """A signed POST of `body` (JSON text, signed at delivery with the secret of what
    `refs` names: `rota_id` for an on-call page, `endpoint_id` for an integration)."""
    message, _created = OutboxMessage.objects.get_or_create(
        dedupe_key=dedupe_key[:200],
        defaults={
            "kind": OutboxKind.WEBHOOK,
            "template": "webhook",
            "url": url,
            "context": {"body": body, **refs},
            "request_id": request_ids.current(),
            "language": settings.LANGUAGE_CODE,
            "time_zone": settings.TIME_ZONE,
        },
    )
    return message


def _row(mail: Mail) -> OutboxMessage:
    return OutboxMessage(
        template=mail.template,
        to=mail.to,
        dedupe_key=mail.dedupe_key[:200],
        context=mail.context,
        language=mail.language or settings.LANGUAGE_CODE,
        time_zone=mail.time_zone or settings.TIME_ZONE,
        request_id=request_ids.current(),
    )


def queue_many(mails: list[Mail]) -> None:
    """Queue many e-mails in a few statements; a dedupe_key already queued is skipped."""
    OutboxMessage.objects.bulk_create(
        [_row(m) for m in mails], batch_size=500, ignore_conflicts=True
    )


def hold_for_digest(digest_template: str, mails: list[Mail], *, now=None) -> None:
    """Hold notices for the next digest of each recipient (notifications/digests.py);
    `now` is when they fell due (the digest window starts then)."""
    held_at = now or timezone.now()
    rows = []
    for mail in mails:
        row = _row(mail)
        rows.append(
            DigestItem(
                created_at=held_at,
                template=digest_template,
                single_template=row.template,
                to=row.to,
                dedupe_key=row.dedupe_key,
                context=row.context,
                language=row.language,
                time_zone=row.time_zone,
            )
        )
    DigestItem.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
