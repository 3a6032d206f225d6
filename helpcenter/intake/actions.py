"""E-mail in: one message, one decision, in one transaction.

A message is recorded once per Message-ID (InboundMessage, unique), then either
opens a ticket, adds a reply, or is set aside (machine mail, unknown sender, not
a party, refused), through the same ticket actions as the pages, so permissions,
audit, SLA clocks and notifications are the same whatever the channel. If
anything unexpected fails, the transaction rolls back as a whole and the caller
reports a temporary failure: the mail server or the mailbox keeps the message.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from helpcenter.audit.actors import ActorKind, acting_through
from helpcenter.intake import notify
from helpcenter.intake.models import InboundMessage, Outcome
from helpcenter.intake.parse import Inbound, Part, parse
from helpcenter.intake.selectors import (
    already_received,
    clients_copied,
    intake_service,
    is_party,
    person_by_address,
    ticket_by_id,
    ticket_of_thread,
)
from helpcenter.intake.trim import trim_reply
from helpcenter.tickets.actions import add_reply, open_ticket
from helpcenter.tickets.attachments import store_original_message, validate_upload
from helpcenter.tickets.mail_threads import is_reply_address, ticket_of_reply_address
from helpcenter.tickets.models import Channel, Ticket
from helpcenter.tickets.statuses import ActionRefused, Status, TransitionError

log = logging.getLogger(__name__)
# Failures worth another try later: the database or the disk is away. Anything else
# would fail the same way on every try, so the message is set aside instead.
TEMPORARY = (OperationalError, InterfaceError, OSError)


@dataclass
class Receipt:
    outcome: str
    message_id: str
    ticket_id: int | None = None
    detail: str = ""


def own_addresses() -> set[str]:
    found = {
        settings.SUPPORT_HOTLINE_EMAIL,
        settings.SUPPORT_REPLY_EMAIL,
        parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
        *settings.INBOUND_EMAILS,
    }
    return {address.lower() for address in found if address}


def _headers_only(raw: bytes) -> bytes:
    for separator in (b"\r\n\r\n", b"\n\n"):
        head, found, _rest = raw.partition(separator)
        if found:
            return head + separator
    return raw[:65536]


def receive(raw: bytes) -> Receipt:
    """Take one message; raises only when it should be tried again later."""
    too_big = len(raw) > settings.INBOUND_MAX_MB * 1024 * 1024
    mail = parse(_headers_only(raw) if too_big else raw, own_addresses=own_addresses())
    mail.raw = raw
    if already_received(mail.message_id, mail.sender[:254]):
        return Receipt(Outcome.DUPLICATE, mail.message_id)
    try:
        return _take(mail, too_big=too_big)
    except TEMPORARY:
        raise
    except Exception as exc:
        # It would fail the same way on every try: kept with its bytes and the error,
        # never retried forever by the mail server or left unread in the mailbox.
        log.exception("intake of %s failed; set aside for an administrator", mail.message_id)
        return _set_aside(mail, Outcome.FAILED, f"{type(exc).__name__}: {exc}")


def _take(mail: Inbound, *, too_big: bool) -> Receipt:
    if mail.unreadable:
        return _set_aside(mail, Outcome.NOT_A_MESSAGE, mail.unreadable)
    record = _record(mail)
    try:
        with transaction.atomic():
            with acting_through(ActorKind.INBOUND_EMAIL, mail.message_id):
                _route(mail, record, too_big=too_big)
            record.detail = record.detail[:500]
            # Written last, in the same transaction: the same message taken twice at
            # once (two pollers, a retrying mail server) fails here and leaves nothing.
            record.save()
    except IntegrityError:
        if already_received(mail.message_id, mail.sender[:254]):
            return Receipt(Outcome.DUPLICATE, mail.message_id)
        raise
    return Receipt(record.outcome, mail.message_id, record.ticket_id, record.detail)


def _record(mail: Inbound) -> InboundMessage:
    return InboundMessage(
        message_id=mail.message_id,
        sender=mail.sender[:254],
        subject=mail.subject[:255],
        size=len(mail.raw),
    )


def _set_aside(mail: Inbound, outcome: str, reason: str) -> Receipt:
    record = _record(mail)
    record.outcome, record.detail = outcome, reason.replace("\x00", "")[:500]
    digest = hashlib.sha256(mail.raw).hexdigest()
    try:
        with transaction.atomic():
            record.original.save(f"{digest}.eml", ContentFile(mail.raw), save=False)
            record.save()
    except IntegrityError:
        if already_received(mail.message_id, mail.sender[:254]):
            return Receipt(Outcome.DUPLICATE, mail.message_id)
        raise
    return Receipt(outcome, mail.message_id, None, record.detail)


def _route(mail: Inbound, record: InboundMessage, *, too_big: bool) -> None:
    if mail.automatic:
        record.outcome, record.detail = Outcome.AUTOMATIC, mail.automatic
        return
    if mail.disowned:
        # The sender's domain says it did not send this: answering would write to
        # whoever was impersonated. Kept, unanswered, for the admin site.
        record.outcome, record.detail = Outcome.SET_ASIDE, mail.disowned
        return
    person = person_by_address(mail.sender)
    record.user = person
    if person is None or not person.is_active or (person.is_client and not person.organization):
        record.outcome = Outcome.UNKNOWN_SENDER
        notify.unknown_sender(mail.sender, message_id=mail.message_id)
        return
    with translation.override(person.language or settings.LANGUAGE_CODE):
        if too_big:
            _refuse(
                record,
                mail,
                person,
                _("The message is larger than %(limit)s MB.") % {"limit": settings.INBOUND_MAX_MB},
            )
            return
        ticket, signed = _ticket_answered(mail)
        if ticket is not None and person.is_support_staff and not signed:
            _refuse(
                record,
                mail,
                person,
                _("Answer on the ticket's page, or reply to a message that was sent to you."),
            )
        elif ticket is not None:
            _reply(mail, record, person, ticket)
        elif person.is_support_staff:
            _refuse(
                record,
                mail,
                person,
                _("The support team opens tickets for clients on the phone intake page."),
            )
        else:
            _open(mail, record, person)


def _ticket_answered(mail: Inbound) -> tuple[Ticket | None, bool]:
    """The ticket a message answers, and whether a signed reply address said so."""
    today = timezone.localdate()
    for address in mail.recipients:
        if is_reply_address(address):
            ticket_id = ticket_of_reply_address(address, sender=mail.sender, today=today)
            if ticket_id is not None:
                return ticket_by_id(ticket_id), True
    return ticket_of_thread([*mail.references, *mail.in_reply_to], sender=mail.sender), False


def _refuse(record: InboundMessage, mail: Inbound, person, reason: str) -> None:
    record.outcome, record.detail = Outcome.REFUSED, reason
    notify.refused(person, subject=mail.subject, message_id=mail.message_id, reason=reason)


def _files(parts: list[Part]) -> tuple[list[SimpleUploadedFile], str]:
    """The attachments that pass the upload checks, and a note naming the others."""
    kept: list[SimpleUploadedFile] = []
    refused: list[str] = []
    for part in parts:
        upload = SimpleUploadedFile(part.name, part.data, content_type=part.content_type)
        try:
            validate_upload(upload)
        except ValidationError as exc:
            refused.append(" ".join(exc.messages))
            continue
        if len(kept) >= settings.ATTACHMENT_MAX_FILES:
            refused.append(
                ngettext(
                    "“%(name)s”: at most %(count)s file per message.",
                    "“%(name)s”: at most %(count)s files per message.",
                    settings.ATTACHMENT_MAX_FILES,
                )
                % {"name": part.name, "count": settings.ATTACHMENT_MAX_FILES}
            )
            continue
        kept.append(upload)
    if not refused:
        return kept, ""
    shown = refused[:20] + ([f"… (+{len(refused) - 20})"] if len(refused) > 20 else [])
    note = _("Attachments not accepted (they are in the original message):")
    return kept, "\n\n" + note + "\n" + "\n".join(f"- {line}" for line in shown)


def _reply(mail: Inbound, record: InboundMessage, person, ticket: Ticket) -> None:
    if not is_party(person, ticket):
        record.ticket = ticket
        record.outcome = Outcome.NOT_PARTICIPANT
        notify.refused(
            person,
            subject=mail.subject,
            message_id=mail.message_id,
            reason=_(
                "Only the ticket's requester and the people in copy can answer it by e-mail. "
                "Ask the requester to add you."
            ),
        )
        return
    if ticket.status == Status.CLOSED and person.is_client:
        _open(mail, record, person, follows=ticket)
        return
    uploads, note = _files(mail.attachments)
    body = (trim_reply(mail.text) or _("(no text)")) + note
    try:
        with transaction.atomic():
            comment = add_reply(ticket, body=body, actor=person, attachments=uploads)
            store_original_message(mail.raw, ticket=ticket, comment=comment, uploaded_by=person)
    except (ActionRefused, TransitionError, PermissionDenied, ValidationError) as exc:
        _refuse(record, mail, person, _message(exc))
        return
    record.outcome, record.ticket, record.comment = Outcome.REPLY, ticket, comment


def _open(mail: Inbound, record: InboundMessage, person, *, follows: Ticket | None = None) -> None:
    organization = person.organization
    service = intake_service(organization)
    if service is None:
        _refuse(record, mail, person, _("Your organization has no service in production yet."))
        return
    uploads, note = _files(mail.attachments)
    text = mail.text.strip() or _("(no text)")
    if follows is not None:
        text = (
            _("Follows up closed ticket %(number)s.") % {"number": follows.number}
            + "\n\n"
            + trim_reply(mail.text)
        )
    source = "" if mail.message_id.startswith("sha256:") else mail.message_id
    try:
        with transaction.atomic():
            ticket = open_ticket(
                organization=organization,
                requester=person,
                type=organization.email_type,
                priority=organization.email_priority,
                service=service,
                title=(mail.subject.strip() or _("(no subject)"))[:200],
                description=text + note,
                actor=person,
                participants=clients_copied(organization.pk, mail.copied, besides=person),
                attachments=uploads,
                channel=Channel.EMAIL,
                source_message_id=source,
            )
            store_original_message(mail.raw, ticket=ticket, comment=None, uploaded_by=person)
    except (ActionRefused, TransitionError, PermissionDenied, ValidationError) as exc:
        _refuse(record, mail, person, _message(exc))
        return
    record.outcome, record.ticket = Outcome.TICKET, ticket


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or type(exc).__name__
