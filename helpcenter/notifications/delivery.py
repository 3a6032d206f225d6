"""The worker's side of the outbox: claim due rows, render, send, retry."""

from __future__ import annotations

import contextlib
import logging
import time
import uuid
from datetime import datetime, timedelta
from email.utils import formataddr, parseaddr
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from helpcenter.core import request_ids
from helpcenter.core.choices import ClockKind, ClockState, Priority, Status
from helpcenter.core.jobs import stop_requested
from helpcenter.notifications import registry
from helpcenter.notifications.models import OutboxKind, OutboxMessage, OutboxStatus
from helpcenter.notifications.recording import record_sent

log = logging.getLogger(__name__)

# A claimed row is leased briefly and the lease is renewed while the worker lives:
# before each message is sent (which also proves the row is still ours) and for the
# rest of its batch every third of a lease. A killed worker's rows are due again
# within one lease; a slow relay never lets a second worker take a row mid-batch.
# EMAIL_TIMEOUT must stay below it (settings checks), so a send cannot outlive it.
LEASE = timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
# On-call pages (e-mail and webhook) are claimed before routine mail.
PAGE_TEMPLATE, PAGE_WEBHOOK_KEY = "page", "page_webhook:"
URGENT = Q(template=PAGE_TEMPLATE) | Q(dedupe_key__startswith=PAGE_WEBHOOK_KEY)
# Context keys holding secrets (invitation and reset links): blanked once sent.
SECRET_KEYS = ("token", "text", "html")


class NothingToSend(Exception):
    """The row was a request whose answer is to send nothing (an unknown reset address)."""


class Undeliverable(Exception):
    """The message can never be sent (its ticket is gone): retrying is pointless."""


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def claim_due(*, now: datetime, batch: int) -> list[OutboxMessage]:
    """Lease up to `batch` due rows, on-call pages first, under one new lease token.
    SKIP LOCKED lets several workers share the table."""
    token = uuid.uuid4().hex
    with transaction.atomic():
        due = OutboxMessage.objects.select_for_update(skip_locked=True).filter(
            status=OutboxStatus.PENDING, next_attempt_at__lte=now
        )
        rows = list(due.filter(URGENT).order_by("next_attempt_at", "id")[:batch])
        if len(rows) < batch:
            routine = due.exclude(URGENT).order_by("next_attempt_at", "id")
            rows += list(routine[: batch - len(rows)])
        OutboxMessage.objects.filter(pk__in=[r.pk for r in rows]).update(
            attempts=F("attempts") + 1, next_attempt_at=now + LEASE, lease_token=token
        )
        for row in rows:
            row.attempts += 1
            row.next_attempt_at, row.lease_token = now + LEASE, token
    return rows


def still_ours(message: OutboxMessage, *, now: datetime) -> bool:
    """Renew the lease of the message about to be sent; False when its lease ran out
    and another worker claimed it (that worker sends it, not us)."""
    renewed = OutboxMessage.objects.filter(
        pk=message.pk, lease_token=message.lease_token, status=OutboxStatus.PENDING
    ).update(next_attempt_at=now + LEASE)
    return renewed == 1


def release(token: str, *, now: datetime) -> int:
    """Give back the rows of a batch not yet sent (the worker is stopping)."""
    return OutboxMessage.objects.filter(lease_token=token, status=OutboxStatus.PENDING).update(
        next_attempt_at=now, lease_token=""
    )


def renew(token: str, *, now: datetime) -> int:
    """The heartbeat: extend the lease of every row of this batch not yet sent."""
    return OutboxMessage.objects.filter(lease_token=token, status=OutboxStatus.PENDING).update(
        next_attempt_at=now + LEASE
    )


def build_context(message: OutboxMessage) -> dict[str, Any]:
    """The template context of a row: the site's facts, plus what each domain adds."""
    context: dict[str, Any] = {
        "site_url": settings.SITE_URL,
        "company_name": settings.COMPANY_NAME,
        "hotline_phone": settings.SUPPORT_HOTLINE_PHONE,
        "hotline_email": settings.SUPPORT_HOTLINE_EMAIL,
        "ticket_prefix": settings.TICKET_PREFIX,
        "recipient": message.to,  # whom this copy goes to (the requester, or someone in CC)
        "Status": Status,
        "Priority": Priority,
        "ClockKind": ClockKind,
        "ClockState": ClockState,
    }
    try:
        for build in registry.context_builders:
            build(message.context, context)
    except ObjectDoesNotExist as exc:
        raise Undeliverable(str(exc)) from None
    return context


SUBJECT_MAX = 200


def render_plain(name: str, context: dict[str, Any]) -> str:
    """A text template rendered without HTML escaping: text mail is not HTML.

    (Autoescaping would turn `P&D "mensal"` into `P&amp;D &quot;mensal&quot;`.)
    Only the `.html` part is escaped.
    """
    template = get_template(name)
    return template.template.render(Context(context, autoescape=False))  # type: ignore[attr-defined]


def plain_subject(text: str) -> str:
    """One line, no control characters, at most SUBJECT_MAX characters."""
    line = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return line if len(line) <= SUBJECT_MAX else line[: SUBJECT_MAX - 1].rstrip() + "…"


def render_message(message: OutboxMessage) -> EmailMultiAlternatives:
    render = registry.renderer_for(message.template)
    if render is not None:
        email = render(message)
        if email is None:
            raise NothingToSend
        return email
    if message.template == "prerendered":
        data = message.context
        email = EmailMultiAlternatives(data["subject"], data["text"], to=[message.to])
        if data.get("html"):
            email.attach_alternative(data["html"], "text/html")
        return email
    with translation.override(message.language), timezone.override(message.time_zone):
        context = build_context(message)
        base = f"emails/{message.template}"
        subject = plain_subject(render_plain(f"{base}.subject.txt", context))
        text = render_plain(f"{base}.txt", context)
        html = render_to_string(f"{base}.html", context)
        sender = sender_address()
    email = EmailMultiAlternatives(subject, text, from_email=sender, to=[message.to])
    email.attach_alternative(html, "text/html")
    return email


def sender_address() -> str:
    """DEFAULT_FROM_EMAIL, its display name in the current language when it is the
    product's own ("Central de Ajuda" / "Help Center"); a name of the operator's own
    choosing is kept as written."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    with translation.override("pt-br"):
        ours = {"Help Center", gettext("Help Center")}
    if name in ours:
        return formataddr((gettext("Help Center"), address))
    return settings.DEFAULT_FROM_EMAIL


# Every message of ours is machine-written: out-of-office replies must not answer it.
AUTOMATIC = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"}


def add_headers(message: OutboxMessage, email: EmailMultiAlternatives) -> None:
    """Thread, reply and automatic-mail headers (registry.header_builders)."""
    headers = dict(AUTOMATIC)
    for build in registry.header_builders:
        headers.update(build(message))
    reply_to = headers.pop("Reply-To", "")
    if reply_to:
        email.reply_to = [reply_to]
    email.extra_headers = {**headers, **email.extra_headers}


def deliver(message: OutboxMessage, *, connection, now: datetime) -> bool:
    try:
        send = registry.senders.get(message.kind)
        if send is not None:
            send(message)
        else:
            email = render_message(message)
            add_headers(message, email)
            email.connection = connection
            email.send()
    except NothingToSend:
        message.status = OutboxStatus.SKIPPED
        message.save(update_fields=["status"])
        return False
    except Undeliverable as exc:
        message.status = OutboxStatus.DEAD
        message.last_error = f"undeliverable: {exc}"[:2000]
        message.save(update_fields=["status", "last_error"])
        return False
    except Exception as exc:  # SMTP down, refused, timed out: try again later.
        message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            message.status = OutboxStatus.DEAD
        message.next_attempt_at = now + backoff(message.attempts)
        message.save(update_fields=["status", "last_error", "next_attempt_at"])
        log.warning("outbox %s attempt %s failed: %s", message.pk, message.attempts, type(exc))
        return False
    log.info("outbox %s sent (%s, attempt %s)", message.pk, message.template, message.attempts)
    message.status = OutboxStatus.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    if message.kind == OutboxKind.EMAIL:
        message.context = {k: v for k, v in message.context.items() if k not in SECRET_KEYS}
    record_sent(message, lease_ends=time.monotonic() + LEASE.total_seconds())
    return True


def page_waiting(*, now: datetime) -> bool:
    """Whether an on-call page is due that no worker holds."""
    return OutboxMessage.objects.filter(
        URGENT, status=OutboxStatus.PENDING, next_attempt_at__lte=now
    ).exists()


def _urgent(row: OutboxMessage) -> bool:
    """The row-level twin of URGENT."""
    return row.template == PAGE_TEMPLATE or row.dedupe_key.startswith(PAGE_WEBHOOK_KEY)


# How often a worker sending routine mail looks for a page queued since its claim.
PAGE_CHECK_SECONDS = 1.0


def deliver_due(*, now: datetime | None = None, batch: int = 20) -> int:
    """Send what is due; returns how many were sent. Each message is marked in its
    own short transaction right after it is sent. A page queued while a batch of
    routine mail is going out does not wait for it: the worker hands the rest of
    the batch back and claims again (pages first)."""
    now = now or timezone.now()
    started = time.monotonic()
    rows = claim_due(now=now, batch=batch)
    if not rows:
        return 0
    sent = 0
    renewed_at = checked_at = started
    connection = get_connection(fail_silently=False)
    try:
        for row in rows:
            if stop_requested.is_set():  # SIGTERM: hand the rest back at once
                release(row.lease_token, now=now)
                break
            clock = time.monotonic()
            current = now + timedelta(seconds=clock - started)
            if clock - renewed_at >= LEASE.total_seconds() / 3:
                renew(row.lease_token, now=current)
                renewed_at = clock
            if not _urgent(row) and clock - checked_at >= PAGE_CHECK_SECONDS:
                checked_at = clock
                if page_waiting(now=current):
                    release(row.lease_token, now=current)
                    log.info("outbox: a page is waiting; the rest of the batch goes back")
                    break
            if not still_ours(row, now=current):
                log.info("outbox %s: lease taken over by another worker, skipped", row.pk)
                continue
            with request_ids.acting_for(row.request_id):
                sent += deliver(row, connection=connection, now=current)
    finally:
        with contextlib.suppress(Exception):  # closing a broken SMTP connection may fail too
            connection.close()
    return sent
