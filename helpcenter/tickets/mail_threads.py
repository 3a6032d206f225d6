"""How a ticket's e-mails thread together and how answers find their way back.

- Every ticket has a thread root `<helpcenter.ticket-<id>.<mac>@<domain>>`: its
  first message (the confirmation) carries it as Message-ID, every later one
  refers to it (and to the message that opened the ticket, when it came by
  e-mail). Every Message-ID of ours about a ticket carries the same `<mac>`, an
  HMAC of the ticket's id with the SECRET_KEY (80 bits): the ids cannot be
  guessed from the ticket's number, so a reply that refers to one proves its
  sender received our mail. An id without a valid mac names no ticket.
- Each message to a person carries a Reply-To `<local>+<token>@<domain>`
  (SUPPORT_REPLY_EMAIL tagged): the token names the ticket and the day it was
  issued, signed (HMAC-SHA256 with the SECRET_KEY) for that recipient's address,
  and expires after REPLY_ADDRESS_DAYS. Mail systems may lower-case local parts,
  so the token is lower-case only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from datetime import date

from django.conf import settings

PREFIX = "helpcenter"
EPOCH = date(2020, 1, 1)
MAC_CHARS = 16  # 80 bits


def _reply_parts() -> tuple[str, str]:
    local, _at, domain = settings.SUPPORT_REPLY_EMAIL.partition("@")
    return local.lower(), (domain or "localhost").lower()


def mail_domain() -> str:
    return _reply_parts()[1]


def _thread_mac(ticket_id: int) -> str:
    key = hashlib.sha256(f"helpcenter.thread:{settings.SECRET_KEY}".encode()).digest()
    digest = hmac.new(key, str(ticket_id).encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode().lower()[:MAC_CHARS]


def thread_root(ticket_id: int) -> str:
    return f"<{PREFIX}.ticket-{ticket_id}.{_thread_mac(ticket_id)}@{mail_domain()}>"


def new_message_id(ticket_id: int | None = None) -> str:
    """A fresh Message-ID of ours (it names the ticket, with its mac, when there is one)."""
    token = secrets.token_hex(8)
    middle = f"ticket-{ticket_id}.{_thread_mac(ticket_id)}.{token}" if ticket_id else token
    return f"<{PREFIX}.{middle}@{mail_domain()}>"


_OURS = re.compile(
    rf"^<?helpcenter\.(?:ticket-(\d{{1,18}})\.([a-z2-7]{{{MAC_CHARS}}}))?[^@<>]*@([^>]+)>?$",
    re.IGNORECASE,
)


def is_ours(message_id: str) -> bool:
    found = _OURS.match(message_id.strip())
    return found is not None and found.group(3).lower() == mail_domain()


def ticket_of_message_id(message_id: str) -> int | None:
    """The ticket one of our Message-IDs names, when its mac is right (None for anyone
    else's, for a forged or guessed one, and for the unsigned ids of before 2026-12)."""
    found = _OURS.match(message_id.strip())
    if not found or not found.group(1) or found.group(3).lower() != mail_domain():
        return None
    ticket_id = int(found.group(1))
    if not hmac.compare_digest(found.group(2).lower(), _thread_mac(ticket_id)):
        return None
    return ticket_id


def _day(today: date) -> int:
    return (today - EPOCH).days


def _mac(ticket_id: int, day: int, address: str) -> str:
    key = hashlib.sha256(f"helpcenter.reply-address:{settings.SECRET_KEY}".encode()).digest()
    message = f"{ticket_id}:{day}:{address.strip().lower()}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return base64.b32encode(digest).decode().lower()[:MAC_CHARS]


def reply_address(ticket_id: int, recipient: str, *, today: date) -> str:
    """The address a recipient answers to: `<local>+<ticket>-<day>-<mac>@<domain>`."""
    local, domain = _reply_parts()
    day = _day(today)
    return f"{local}+{ticket_id}-{day}-{_mac(ticket_id, day, recipient)}@{domain}"


_TAG = re.compile(rf"^(\d{{1,12}})-(\d{{1,6}})-([a-z2-7]{{{MAC_CHARS}}})$")


def is_reply_address(address: str) -> bool:
    local, domain = _reply_parts()
    box, _at, host = address.strip().lower().partition("@")
    return host == domain and box.startswith(local + "+")


def ticket_of_reply_address(address: str, *, sender: str, today: date) -> int | None:
    """The ticket a signed reply address names, when it was issued to `sender` and has
    not expired; None otherwise (forged, someone else's, expired, not ours)."""
    if not is_reply_address(address):
        return None
    tag = address.strip().lower().partition("@")[0].partition("+")[2]
    found = _TAG.match(tag)
    if not found:
        return None
    ticket_id, day, mac = int(found.group(1)), int(found.group(2)), found.group(3)
    if not hmac.compare_digest(mac, _mac(ticket_id, day, sender)):
        return None
    if _day(today) - day > settings.REPLY_ADDRESS_DAYS or day > _day(today) + 1:
        return None
    return ticket_id
