"""A raw e-mail into what intake needs; never raises, whatever the bytes.

Bodies become plain text: text/plain as sent, HTML-only mail through html2text
(a maintained converter: scripts, styles and markup never survive as active
HTML). Unknown charsets decode as UTF-8 with replacement characters; headers
are decoded from RFC 2047 encoded words.
"""

from __future__ import annotations

import contextlib
import email
import hashlib
import re
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parseaddr

import html2text
from django.conf import settings

from helpcenter.tickets.mail_threads import is_ours

AUTOMATIC_SENDERS = ("mailer-daemon", "postmaster", "mail-daemon", "bounce", "bounces")
TEXT_LIMIT = 100_000  # characters kept of a body; the original keeps the rest
PART_LIMIT = 1_000  # parts looked at in one message


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
    disowned: str = ""  # the receiving server's DMARC failure, when it reports one


def _decode_words(value: str) -> str:
    """RFC 2047 encoded words (`=?UTF-8?Q?...?=`) to text; undecodable ones as written."""
    try:
        return str(make_header(decode_header(value)))
    except Exception:  # an unknown charset or a broken encoded word
        return value


def _header(message: Message, name: str) -> str:
    value = message.get(name)
    if value is None:
        return ""
    return " ".join(_decode_words(str(value)).split())


def _addresses(message: Message, *names: str) -> list[str]:
    values: list[str] = []
    for name in names:
        with contextlib.suppress(Exception):  # a header the parser cannot read
            values.extend(str(v) for v in (message.get_all(name) or []))
    return [addr.strip().lower() for _name, addr in getaddresses(values) if "@" in addr]


def _ids(value: str) -> list[str]:
    return [f"<{token.strip('<>')}>" for token in value.replace(",", " ").split() if "@" in token]


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


def _attachment_name(part: Message, index: int) -> str:
    try:
        name = part.get_filename()
    except Exception:
        name = None
    if name:
        return _decode_words(str(name))
    if part.get_content_type() == "message/rfc822":
        return f"mensagem-encaminhada-{index}.eml"
    if part.get_content_type() == "text/calendar":
        return f"convite-{index}.ics"
    return f"anexo-{index}"


def _is_attachment(part: Message) -> bool:
    disposition = (_header(part, "Content-Disposition").split(";")[0]).strip().lower()
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
    disposition = (_header(part, "Content-Disposition").split(";")[0]).strip().lower()
    return (
        part.get_content_type().startswith("image/")
        and bool(_header(part, "Content-ID"))
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
            files.append(Part(_attachment_name(part, len(files) + 1), kind, _payload_bytes(part)))
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


def _automatic(message: Message, sender: str, message_id: str, own: set[str]) -> str:
    auto = _header(message, "Auto-Submitted").lower()
    if auto and auto != "no":
        return f"Auto-Submitted: {auto}"
    precedence = _header(message, "Precedence").lower()
    if precedence in ("bulk", "list", "junk", "auto_reply"):
        return f"Precedence: {precedence}"
    for name in ("X-Autoreply", "X-Autorespond", "List-Id", "List-Unsubscribe", "X-Loop"):
        if _header(message, name):
            return f"{name} header"
    if message.get_content_type() == "multipart/report":
        return "delivery report"
    if _header(message, "Return-Path") == "<>":
        return "empty Return-Path (a bounce)"
    local = sender.partition("@")[0]
    if not sender or local in AUTOMATIC_SENDERS:
        return f"sender {sender or '(none)'}"
    if sender in own:
        return "sent by this help desk (a loop)"
    if is_ours(message_id):
        return "our own Message-ID (a loop)"
    return ""


_DMARC = re.compile(r"(?:^|[;\s])dmarc\s*=\s*(fail)\b", re.IGNORECASE)


def _disowned(message: Message) -> str:
    """`dmarc=fail` in the Authentication-Results our receiving server added.

    Anyone can write such a header into a message; only the receiving server's
    counts: the one whose authserv-id is INBOUND_AUTHSERV_ID, or, with none
    configured, the topmost one (added by the last hop, which is ours).
    """
    headers = [str(value) for value in (message.get_all("Authentication-Results") or [])]
    wanted = settings.INBOUND_AUTHSERV_ID.strip().lower()
    if wanted:
        believed = [h for h in headers if h.partition(";")[0].strip().lower() == wanted]
    else:
        believed = headers[:1]
    for header in believed:
        if _DMARC.search(" ".join(header.split())):
            return "DMARC failed (Authentication-Results: " + " ".join(header.split())[:300] + ")"
    return ""


def parse(raw: bytes, *, own_addresses: set[str] | None = None) -> Inbound:
    """What intake needs of `raw`; machine mail is flagged in `automatic`."""
    own = own_addresses or set()
    try:
        # compat32 (the stdlib's default) builds the structure without parsing every
        # header into objects; the few headers read are decoded by _header.
        message: Message = email.message_from_bytes(raw)
    except Exception:  # nothing usable at all
        message = Message()
    message_id = (_ids(_header(message, "Message-ID")) or [""])[0][:255]
    if not message_id:
        message_id = "sha256:" + hashlib.sha256(raw).hexdigest()
    name, sender = parseaddr(_header(message, "From"))
    sender = sender.strip().lower() if "@" in sender else ""
    text, files = _body_and_files(message)
    return Inbound(
        raw=raw,
        message_id=message_id,
        sender=sender,
        sender_name=name.strip()[:150],
        subject=_header(message, "Subject")[:255],
        recipients=_addresses(message, "To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To"),
        copied=_addresses(message, "To", "Cc"),
        in_reply_to=_ids(_header(message, "In-Reply-To")),
        references=_ids(_header(message, "References")),
        text=text,
        attachments=files,
        automatic=_automatic(message, sender, message_id, own),
        disowned=_disowned(message),
    )
