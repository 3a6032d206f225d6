"""A raw e-mail into what intake needs; never raises, whatever the bytes.

Bodies become plain text: text/plain as sent, HTML-only mail through html2text
(a maintained converter: scripts, styles and markup never survive as active
HTML). Unknown charsets decode as UTF-8 with replacement characters.

Headers and file names are decoded as the modern policy (`email.policy.default`)
decodes them (intake/headers.py): RFC 2047 encoded words in any charset Python
knows, RFC 2231 file names, RFC 6532 raw UTF-8, and raw 8-bit bytes in the
charset the message declares; whatever is readable is kept. NUL characters never
get through.
"""

from __future__ import annotations

import email
import hashlib
import mimetypes
from dataclasses import dataclass, field
from email.message import Message
from email.utils import parseaddr

import html2text

from helpcenter.intake.headers import addresses, clean, decode_words, header, ids
from helpcenter.intake.kinds import PART_LIMIT, automatic, disowned, unreadable
from helpcenter.tickets.attachments import extension_of_content

TEXT_LIMIT = 100_000  # characters kept of a body; the original keeps the rest


@dataclass
class Part:
    name: str
    content_type: str
    data: bytes


@dataclass
class Inbound:
    raw: bytes
    message_id: str
    sender: str = ""
    sender_name: str = ""
    subject: str = ""
    recipients: list[str] = field(default_factory=list)  # To, Cc and delivery headers
    copied: list[str] = field(default_factory=list)  # To and Cc only
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    text: str = ""
    attachments: list[Part] = field(default_factory=list)
    automatic: str = ""  # why this is machine mail, when it is
    unreadable: str = ""  # why these bytes are not an e-mail message at all, when they are not
    disowned: str = ""  # the receiving server's DMARC failure, when it reports one


def html_to_text(html: str) -> str:
    converter = html2text.HTML2Text()
    converter.ignore_images = True
    converter.body_width = 0
    converter.unicode_snob = True
    try:
        return converter.handle(html).strip()
    except Exception:  # the converter gave up: keep nothing active, nothing at all
        return ""


def _decoded(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    try:
        return payload.decode(part.get_content_charset() or "utf-8", errors="replace")
    except LookupError:  # an unknown charset
        return payload.decode("utf-8", errors="replace")


def _payload_bytes(part: Message) -> bytes:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        if isinstance(inner, list) and inner and isinstance(inner[0], Message):
            return inner[0].as_bytes()
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def _attachment_name(part: Message, index: int, data: bytes) -> str:
    try:
        name = part.get_filename()
    except Exception:
        name = None
    name = clean(decode_words(str(name), part.get_content_charset())) if name else ""
    if not name:
        if part.get_content_type() == "message/rfc822":
            return f"mensagem-encaminhada-{index}.eml"
        if part.get_content_type() == "text/calendar":
            return f"convite-{index}.ics"
        name = f"anexo-{index}"
    if "." not in name.strip(".").rpartition("/")[2]:
        # No extension: the content says what it is (a PNG named "screenshot"), else
        # the declared type; the upload checks still compare the two.
        ext = extension_of_content(data) or (
            (mimetypes.guess_extension(part.get_content_type()) or "").lstrip(".")
        )
        if ext:
            name = f"{name}.{ext}"
    return name


def _is_attachment(part: Message) -> bool:
    disposition = (header(part, "Content-Disposition").split(";")[0]).strip().lower()
    try:
        named = part.get_filename() is not None
    except Exception:
        named = False
    kind = part.get_content_type()
    return (
        disposition == "attachment"
        or named
        or kind in ("message/rfc822", "text/calendar")
        or not kind.startswith(("text/", "multipart/"))
    )


def _inline_image(part: Message) -> bool:
    disposition = (header(part, "Content-Disposition").split(";")[0]).strip().lower()
    return (
        part.get_content_type().startswith("image/")
        and bool(header(part, "Content-ID"))
        and disposition != "attachment"
    )


def _body_and_files(message: Message) -> tuple[str, list[Part]]:
    plain: str | None = None
    html: str | None = None
    files: list[Part] = []
    for index, part in enumerate(message.walk()):
        if index >= PART_LIMIT:
            break
        kind = part.get_content_type()
        if part.is_multipart() and kind != "message/rfc822":
            continue
        if _inline_image(part):
            continue  # a logo in a signature, shown inside the HTML we do not keep
        if _is_attachment(part):
            data = _payload_bytes(part)
            files.append(Part(_attachment_name(part, len(files) + 1, data), kind, data))
        elif kind == "text/plain" and plain is None:
            plain = _decoded(part)
        elif kind == "text/html" and html is None:
            html = _decoded(part)
    if plain is not None and plain.strip():
        text = plain
    elif html is not None:
        text = html_to_text(html)
    else:
        text = plain or _unparsed_body(message)
    text = text.replace("\r\n", "\n").replace("\x00", "")
    return text[:TEXT_LIMIT], files


def _unparsed_body(message: Message) -> str:
    """A multipart message whose parts could not be found: its body, as text."""
    payload = message.get_payload()
    return payload if isinstance(payload, str) and message.defects else ""


def _declared_charset(message: Message) -> str | None:
    """The charset the message declares for its text: raw 8-bit headers are most
    likely in it too."""
    for index, part in enumerate(message.walk()):
        if index >= 20:
            break
        charset = part.get_content_charset()
        if charset and charset not in ("us-ascii", "utf-8"):
            return charset
    return None


def parse(raw: bytes, *, own_addresses: set[str] | None = None) -> Inbound:
    """What intake needs of `raw`; machine mail is flagged in `automatic`."""
    own = own_addresses or set()
    try:
        # compat32 (the stdlib's default) builds the structure without parsing every
        # header into objects; the few headers read are decoded by intake.headers.
        message: Message = email.message_from_bytes(raw)
    except Exception:  # nothing usable at all
        message = Message()
    not_mail = unreadable(raw, message)
    message_id = (ids(header(message, "Message-ID")) or [""])[0][:255]
    if not message_id:
        message_id = "sha256:" + hashlib.sha256(raw).hexdigest()
    charset = _declared_charset(message)
    name, sender = parseaddr(header(message, "From", charset))
    sender = sender.strip().lower() if "@" in sender else ""
    text, files = _body_and_files(message)
    return Inbound(
        raw=raw,
        message_id=message_id,
        sender=sender,
        sender_name=name.strip()[:150],
        subject=header(message, "Subject", charset)[:255],
        recipients=addresses(message, "To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To"),
        copied=addresses(message, "To", "Cc"),
        in_reply_to=ids(header(message, "In-Reply-To")),
        references=ids(header(message, "References")),
        text=text,
        attachments=files,
        automatic="" if not_mail else automatic(message, sender, message_id, own),
        unreadable=not_mail,
        disowned=disowned(message),
    )
