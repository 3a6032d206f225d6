"""Polling the hotline mailbox over IMAP (TLS or STARTTLS).

Each message is fetched without touching its flags (BODY.PEEK[]), taken in by
`receive` (which commits), and only then marked \\Seen or moved to
INBOUND_IMAP_DONE_FOLDER (marked \\Seen first, so the copy there is seen too). A
crash in between leaves it unread: the next poll fetches it again and the
Message-ID check stores it once. A message whose intake fails for a temporary
reason stays where it is for the next poll; one that IMAP refuses to mark or move
is logged and the poll goes on with the rest.

A done folder that does not exist is created (IMAP's TRYCREATE). If it cannot be
created, that is reported once and messages are marked \\Seen where they are.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import ssl
from dataclasses import dataclass, field

from django.conf import settings

from helpcenter.intake.actions import receive

log = logging.getLogger(__name__)
PER_POLL = 200
# (host, user, folder) of done folders that could not be created: reported once.
_unusable: set[tuple[str, str, str]] = set()


@dataclass
class Mailbox:
    host: str
    port: int
    user: str
    password: str
    security: str = "ssl"
    folder: str = "INBOX"
    done_folder: str = ""
    ca_file: str = ""
    timeout: int = 30

    @classmethod
    def from_settings(cls) -> Mailbox:
        return cls(
            host=settings.INBOUND_IMAP_HOST,
            port=settings.INBOUND_IMAP_PORT,
            user=settings.INBOUND_IMAP_USER,
            password=settings.INBOUND_IMAP_PASSWORD,
            security=settings.INBOUND_IMAP_SECURITY,
            folder=settings.INBOUND_IMAP_FOLDER,
            done_folder=settings.INBOUND_IMAP_DONE_FOLDER,
            ca_file=settings.INBOUND_IMAP_CA_FILE,
            timeout=settings.INBOUND_IMAP_TIMEOUT,
        )


@dataclass
class Poll:
    fetched: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    failed: int = 0


def _connect(box: Mailbox) -> imaplib.IMAP4:
    context = ssl.create_default_context(cafile=box.ca_file or None)
    if box.security == "ssl":
        client: imaplib.IMAP4 = imaplib.IMAP4_SSL(
            box.host, box.port, ssl_context=context, timeout=box.timeout
        )
    else:
        client = imaplib.IMAP4(box.host, box.port, timeout=box.timeout)
        client.starttls(ssl_context=context)
    client.login(box.user, box.password)
    return client


def _check(result: tuple[str, list]) -> list:
    status, data = result
    if status != "OK":
        raise imaplib.IMAP4.error(f"IMAP answered {status}: {data!r}")
    return data


def _done_folder(box: Mailbox) -> str:
    if box.done_folder and (box.host, box.user, box.done_folder) not in _unusable:
        return box.done_folder
    return ""


def _move(client: imaplib.IMAP4, uid: str, box: Mailbox) -> bool:
    """Copy to the done folder (created when missing); False when that cannot be."""
    status, data = client.uid("COPY", uid, box.done_folder)
    if status != "OK" and b"TRYCREATE" in b" ".join(d for d in data if isinstance(d, bytes)):
        client.create(box.done_folder)
        status, data = client.uid("COPY", uid, box.done_folder)
    if status == "OK":
        return True
    _unusable.add((box.host, box.user, box.done_folder))
    log.error(
        "IMAP folder %r cannot take messages (%r); messages are marked seen in %r instead",
        box.done_folder,
        data,
        box.folder,
    )
    return False


def _done(client: imaplib.IMAP4, uid: str, box: Mailbox) -> None:
    _check(client.uid("STORE", uid, "+FLAGS.SILENT", r"(\Seen)"))
    if _done_folder(box) and _move(client, uid, box):
        _check(client.uid("STORE", uid, "+FLAGS.SILENT", r"(\Deleted)"))


def fetch_mail(box: Mailbox | None = None, *, limit: int = PER_POLL) -> Poll:
    """One poll of the mailbox: take in what is unread, mark or move what was taken."""
    box = box or Mailbox.from_settings()
    poll = Poll()
    client = _connect(box)
    try:
        _check(client.select(box.folder))
        wanted = "UNDELETED" if _done_folder(box) else "UNSEEN UNDELETED"
        uids = _check(client.uid("SEARCH", wanted))[0].split()[:limit]
        for uid in (u.decode() for u in uids):
            data = _check(client.uid("FETCH", uid, "(BODY.PEEK[])"))
            raw = next((item[1] for item in data if isinstance(item, tuple)), None)
            if raw is None:
                continue
            poll.fetched += 1
            try:
                receipt = receive(raw)
            except Exception:
                # Left unread for the next poll; the rest of the mailbox goes on.
                log.exception("intake of IMAP message %s failed; it stays for the next poll", uid)
                poll.failed += 1
                continue
            poll.outcomes[receipt.outcome] = poll.outcomes.get(receipt.outcome, 0) + 1
            try:
                _done(client, uid, box)
            except imaplib.IMAP4.error:
                log.exception("IMAP message %s was taken but could not be marked or moved", uid)
        if box.done_folder:
            client.expunge()
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            client.logout()
    return poll


def fetch_job(*, now=None) -> int:
    """The worker's periodic poll (registered when INBOUND_IMAP_HOST is set)."""
    try:
        poll = fetch_mail()
    except (imaplib.IMAP4.error, OSError) as exc:
        log.warning("IMAP poll of %s failed: %s", settings.INBOUND_IMAP_HOST, exc)
        return 0
    return poll.fetched
