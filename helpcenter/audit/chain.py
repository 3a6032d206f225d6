"""The hash chain over audit events: how a link is computed, appended and verified.

Each event's `hash` is SHA-256 over the previous event's hash followed by the
event's canonical content: a JSON array of its fields in a fixed order, keys of
`data` sorted, no spaces, UTF-8 (see `canonical`). `seq` starts at 1 and has no
gaps; the first event's `prev_hash` is 64 zeros. Changing, deleting, swapping or
inserting an event breaks every later link, and `verify` names the first broken
sequence number. A cut-off tail leaves a valid chain, so `verify` also checks
that the chain still reaches the head row and every checkpoint written down
(`audit_checkpoint` keeps copies outside the database too).

This module is the only writer of the chain fields; audit/verify.py checks them.
docs/audit.md has the format and a short script that verifies an export offline.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Field

from helpcenter.audit.models import AuditCheckpoint, AuditEvent, AuditHead

GENESIS = "0" * 64

# The stored fields the hash covers, in the order of the canonical array.
FIELDS = (
    "seq",
    "created_at",
    "type",
    "actor_id",
    "actor_kind",
    "actor_ref",
    "ip",
    "organization_id",
    "ticket_id",
    "subject",
    "public",
    "data",
)


def timestamp(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical(values: Sequence[Any]) -> str:
    """The canonical text of one event, from its FIELDS values in order."""
    return f"[{int(values[0])},{_tail(values)}"


def _tail(values: Sequence[Any]) -> str:
    """The canonical text after "[seq,": everything but the sequence number, which
    the database fills in when it numbers the event (`_append_one`)."""
    _seq, at, type_, actor, kind, ref, ip, organization, ticket, subject, public, data = values
    return _ENCODER.encode(
        [
            timestamp(at) if isinstance(at, datetime) else at,
            type_,
            actor,
            kind,
            ref,
            None if ip is None else str(ip),
            organization,
            ticket,
            subject,
            bool(public),
            data,
        ]
    )[1:]


def link(prev_hash: str, values: Sequence[Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(values)).encode()).hexdigest()


def _values(event: AuditEvent) -> tuple[Any, ...]:
    return tuple(getattr(event, name) for name in FIELDS)


def append(events: list[AuditEvent]) -> None:
    """Number, link and insert events, in the caller's transaction.

    The head row is locked until that transaction ends, so writers take their
    sequence numbers one transaction at a time (on SQLite the write lock already
    serializes them). Actions record their event late, to hold the lock briefly.
    """
    if not events:
        return
    for event in events:
        # What is hashed is what the database will give back: JSON-native data.
        event.data = json.loads(json.dumps(event.data or {}))
    if len(events) == 1 and connection.vendor == "postgresql":
        _append_one(events[0])
        return
    # No savepoint: its RELEASE would be one more round trip while the head is locked.
    with transaction.atomic(savepoint=False):
        try:
            head = AuditHead.objects.select_for_update().get(pk=1)
        except AuditHead.DoesNotExist:
            raise RuntimeError("the audit chain has no head row: run `manage.py migrate`") from None
        seq, prev = head.seq, head.hash
        for event in events:
            seq += 1
            event.seq, event.prev_hash = seq, prev
            event.hash = prev = link(prev, _values(event))
        if len(events) == 1:
            events[0].save(force_insert=True)
        else:
            AuditEvent.objects.bulk_create(events, batch_size=500)
        AuditHead.objects.filter(pk=1).update(seq=seq, hash=prev)


# One event on PostgreSQL in one statement: lock the head, number the event, hash
# the previous hash and the canonical text (the database puts its seq in front of
# what Python wrote), insert, move the head. With eight writers on two cores each
# extra round trip under the lock is a chance for its holder to lose the CPU while
# the others wait: one statement instead of three halves the creation drop.
_APPEND_ONE = """
WITH head AS (
    SELECT seq + 1 AS seq, hash AS prev_hash FROM audit_audithead WHERE id = 1 FOR UPDATE
), linked AS (
    SELECT seq, prev_hash,
           encode(sha256(convert_to(prev_hash || '[' || seq::text || ',' || %s, 'UTF8')), 'hex')
               AS hash
    FROM head
), event AS (
    INSERT INTO audit_auditevent ({columns}, seq, prev_hash, hash)
    SELECT {values}, seq, prev_hash, hash FROM linked
    RETURNING id, seq, prev_hash, hash
)
UPDATE audit_audithead SET seq = event.seq, hash = event.hash FROM event
WHERE audit_audithead.id = 1
RETURNING event.id, event.seq, event.prev_hash, event.hash
"""


@functools.cache
def _append_one_sql() -> tuple[list[Field], str]:
    """The event's own columns and the statement, built once per process (only
    PostgreSQL takes this path)."""
    fields = [
        f
        for f in AuditEvent._meta.concrete_fields
        if not f.primary_key and f.attname not in ("seq", "prev_hash", "hash")
    ]
    sql = _APPEND_ONE.format(
        columns=", ".join(connection.ops.quote_name(f.column) for f in fields),
        values=", ".join(["%s"] * len(fields)),
    )
    return fields, sql


def _append_one(event: AuditEvent) -> None:
    fields, sql = _append_one_sql()
    params = [_tail(_values(event))]
    # Each value as Django's insert compiler prepares a new row's (the fields' public API).
    params += [f.get_db_prep_save(f.pre_save(event, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        raise RuntimeError("the audit chain has no head row: run `manage.py migrate`")
    event.pk, event.seq, event.prev_hash, event.hash = row


def ensure_head(sender=None, using: str = "default", **kwargs) -> None:
    """The head row exists (after migrate, and after `flush` emptied every table): at
    the last event, or at the start of an empty chain."""
    if AuditHead.objects.using(using).filter(pk=1).exists():
        return
    last = AuditEvent.objects.using(using).order_by("-seq").values_list("seq", "hash").first()
    seq, digest = last or (0, GENESIS)
    AuditHead.objects.using(using).create(pk=1, seq=seq, hash=digest)


def checkpoint() -> AuditCheckpoint:
    """Write the current head down (the row is kept; copies go outside the database)."""
    head = AuditHead.objects.get(pk=1)
    return AuditCheckpoint.objects.create(seq=head.seq, hash=head.hash)


def parse_mark(text: str) -> tuple[int, str]:
    """ "SEQ:HASH" as printed by audit_checkpoint."""
    seq, _, digest = text.strip().partition(":")
    if not re.fullmatch(r"[0-9]{1,18}", seq) or not re.fullmatch(r"[0-9a-fA-F]{64}", digest):
        raise ValueError(f"not a checkpoint (SEQ:HASH): {text!r}")
    return int(seq), digest.lower()
