"""What kind of mail this is, when it is not a person writing: machine mail (auto-
replies, bounces, lists, receipts, loops), mail its sender's domain disowns, and
bytes that are not an e-mail message at all."""

from __future__ import annotations

import re
from email.message import Message

from django.conf import settings

from helpcenter.intake.headers import decode_words, header
from helpcenter.tickets.mail_threads import is_ours

AUTOMATIC_SENDERS = ("mailer-daemon", "postmaster", "mail-daemon", "bounce", "bounces")
PART_LIMIT = 1_000  # parts looked at in one message


def automatic(message: Message, sender: str, message_id: str, own: set[str]) -> str:
    auto = header(message, "Auto-Submitted").lower()
    if auto and auto != "no":
        return f"Auto-Submitted: {auto}"
    precedence = header(message, "Precedence").lower()
    if precedence in ("bulk", "list", "junk", "auto_reply"):
        return f"Precedence: {precedence}"
    for name in ("X-Autoreply", "X-Autorespond", "List-Id", "List-Unsubscribe", "X-Loop"):
        if header(message, name):
            return f"{name} header"
    if message.get_content_type() == "multipart/report":
        return "delivery report"
    receipt = _receipt_inside(message)
    if receipt:
        return receipt
    if header(message, "Return-Path") == "<>":
        return "empty Return-Path (a bounce)"
    local = sender.partition("@")[0]
    if not sender or local in AUTOMATIC_SENDERS:
        return f"sender {sender or '(none)'}"
    if sender in own:
        return "sent by this help desk (a loop)"
    if is_ours(message_id):
        return "our own Message-ID (a loop)"
    return ""


# Outlook sends read and delivery receipts as TNEF (winmail.dat) whose message class
# names them: REPORT.IPM.Note.IPNRN (read), .IPNNRN (not read), .DR, .NDR.
_TNEF_REPORT = re.compile(rb"REPORT\.IPM\.Note\.(?:IPNRN|IPNNRN|DR|NDR)", re.IGNORECASE)


def _receipt_inside(message: Message) -> str:
    for index, part in enumerate(message.walk()):
        if index >= PART_LIMIT:
            break
        kind = part.get_content_type()
        if kind in ("message/disposition-notification", "message/delivery-status"):
            return f"receipt ({kind})"
        if kind == "application/ms-tnef":
            data = part.get_payload(decode=True)
            if isinstance(data, bytes) and _TNEF_REPORT.search(data[:65536]):
                return "receipt (Outlook TNEF report)"
    return ""


# An Outlook .msg file (OLE compound document), a ZIP, a PDF: bytes, not a message.
_NOT_MAIL = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PK\x03\x04", b"%PDF-", b"\x89PNG")


def unreadable(raw: bytes, message: Message) -> str:
    if raw.lstrip()[:8].startswith(_NOT_MAIL):
        return "not an e-mail message (an Outlook .msg file or another document?)"
    present = {name.lower() for name in message}
    if not present & {"from", "subject", "date", "message-id", "to"}:
        return "not an e-mail message (no From, To, Subject, Date or Message-ID header)"
    return ""


_DMARC = re.compile(r"(?:^|[;\s])dmarc\s*=\s*(fail)\b", re.IGNORECASE)


def disowned(message: Message) -> str:
    """`dmarc=fail` in the Authentication-Results our receiving server added.

    Anyone can write such a header into a message; only the receiving server's
    counts: the one whose authserv-id is INBOUND_AUTHSERV_ID, or, with none
    configured, the topmost one (added by the last hop, which is ours).
    """
    headers = [
        decode_words(value)
        for name, value in message.raw_items()
        if name.lower() == "authentication-results"
    ]
    wanted = settings.INBOUND_AUTHSERV_ID.strip().lower()
    if wanted:
        believed = [h for h in headers if h.partition(";")[0].strip().lower() == wanted]
    else:
        believed = headers[:1]
    for value in believed:
        if _DMARC.search(" ".join(value.split())):
            return "DMARC failed (Authentication-Results: " + " ".join(value.split())[:300] + ")"
    return ""
