"""The hash chain over audit events: how a link is computed, appended and verified.

Each event's `hash` is SHA-256 over the previous event's hash followed by the
event's canonical content: a JSON array of its fields in a fixed order, keys of
`data` sorted, no spaces, UTF-8 (see `canonical`). `seq` starts at 1 and has no
gaps; the first event's `prev_hash` is 64 zeros. Changing, deleting, swapping or
inserting an event breaks every later link, and `verify` names the first broken
sequence number. A cut-off tail leaves a valid chain, so `verify` also checks
that the chain still reaches the head row and every checkpoint written down
(`audit_checkpoint` keeps copies outside the database too).

This module is the only writer of the chain fields. docs/audit.md has the format
and a short script that verifies an export offline.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import transaction

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


def canonical(values: Sequence[Any]) -> str:
    """The canonical text of one event, from its FIELDS values in order."""
    seq, at, type_, actor, kind, ref, ip, organization, ticket, subject, public, data = values
    return json.dumps(
        [
            seq,
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
        ],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


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
    with transaction.atomic():
        try:
            head = AuditHead.objects.select_for_update().get(pk=1)
        except AuditHead.DoesNotExist:
            raise RuntimeError("the audit chain has no head row: run `manage.py migrate`") from None
        seq, prev = head.seq, head.hash
        for event in events:
            # What is hashed is what the database will give back: JSON-native data.
            event.data = json.loads(json.dumps(event.data or {}))
            seq += 1
            event.seq, event.prev_hash = seq, prev
            event.hash = prev = link(prev, _values(event))
        if len(events) == 1:
            events[0].save(force_insert=True)
        else:
            AuditEvent.objects.bulk_create(events, batch_size=500)
        AuditHead.objects.filter(pk=1).update(seq=seq, hash=prev)


def ensure_head(sender=None, using: str = "default", **kwargs) -> None:
    """The head row exists (after migrate, and after `flush` emptied every table): at
    the last event, or at the start of an empty chain."""
    if AuditHead.objects.using(using).filter(pk=1).exists():
        return
    last = AuditEvent.objects.using(using).order_by("-seq").values_list("seq", "hash").first()
    seq, digest = last or (0, GENESIS)
    AuditHead.objects.using(using).create(pk=1, seq=seq, hash=digest)


@dataclass(frozen=True)
class Verdict:
    checked: int
    head_seq: int
    head_hash: str
    broken_at: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_rows(
    rows: Iterable[Sequence[Any]],
    *,
    head: tuple[int, str] | None = None,
    checkpoints: Iterable[tuple[int, str]] = (),
) -> Verdict:
    """Walk rows of (prev_hash, hash, *FIELDS values) in seq order.

    `head` is where the chain must end (the head row); each checkpoint (seq, hash)
    must still be on it. Used on the database and on exports alike.
    """
    wanted = dict(checkpoints)
    expected, prev = 1, GENESIS
    for row in rows:
        prev_hash, stored, values = row[0], row[1], row[2:]
        seq = values[0]
        if seq != expected:
            reason = f"event {expected} is missing" if seq > expected else f"event {seq} repeats"
            return Verdict(expected - 1, seq, stored, expected, reason)
        if prev_hash != prev:
            return Verdict(expected - 1, seq, stored, seq, "its link to the previous event differs")
        if link(prev, values) != stored:
            return Verdict(expected - 1, seq, stored, seq, "its content differs from its hash")
        if seq in wanted and wanted.pop(seq) != stored:
            return Verdict(expected - 1, seq, stored, seq, "it differs from the checkpoint")
        prev, expected = stored, expected + 1
    last = expected - 1
    if head is not None and head != (last, prev):
        if head[0] > last:
            return Verdict(last, last, prev, last + 1, f"the chain ends before its head {head[0]}")
        return Verdict(last, last, prev, min(head[0], last) + 1, "the head row does not match")
    if wanted:
        cut = min(wanted)
        return Verdict(last, last, prev, last + 1, f"the chain ends before checkpoint {cut}")
    return Verdict(last, last, prev)


def stored_rows(chunk: int = 5000) -> Iterable[tuple[Any, ...]]:
    return (
        AuditEvent.objects.order_by("seq")
        .values_list("prev_hash", "hash", *FIELDS)
        .iterator(chunk_size=chunk)
    )


def verify(*, expect: Iterable[tuple[int, str]] = ()) -> Verdict:
    """Recompute the stored chain against its head row, the stored checkpoints and
    `expect` (heads kept outside the database)."""
    head = AuditHead.objects.values_list("seq", "hash").get(pk=1)
    marks = list(AuditCheckpoint.objects.values_list("seq", "hash")) + list(expect)
    return verify_rows(stored_rows(), head=(head[0], head[1]), checkpoints=marks)


def checkpoint() -> AuditCheckpoint:
    """Write the current head down (the row is kept; copies go outside the database)."""
    head = AuditHead.objects.get(pk=1)
    return AuditCheckpoint.objects.create(seq=head.seq, hash=head.hash)


def parse_mark(text: str) -> tuple[int, str]:
    """ "SEQ:HASH" as printed by audit_checkpoint."""
    seq, _, digest = text.strip().partition(":")
    if not seq.isdigit() or len(digest) != 64:
        raise ValueError(f"not a checkpoint (SEQ:HASH): {text!r}")
    return int(seq), digest.lower()
