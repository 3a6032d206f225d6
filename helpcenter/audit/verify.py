"""Checking the chain: recompute every link in seq order, name the first break.

On a large trail the work is split into seq ranges verified by several
processes at once (each checks the links inside its range; the ranges are then
stitched: each range's first `prev_hash` must be the hash that ends the range
before it), since one core does about 60,000 events a second.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any

from django.db import connection, connections, transaction
from django.db.models import Max

from helpcenter.audit.chain import FIELDS, GENESIS, link
from helpcenter.audit.models import AuditCheckpoint, AuditEvent, AuditHead

# Below this many events one process is quicker than starting several.
PARALLEL_FROM = 50_000


@dataclass(frozen=True)
class Verdict:
    checked: int
    head_seq: int
    head_hash: str
    broken_at: int | None = None
    reason: str = ""
    first_prev: str = ""  # the prev_hash of the first row walked (for stitching ranges)

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_rows(
    rows: Iterable[Sequence[Any]],
    *,
    head: tuple[int, str] | None = None,
    checkpoints: Iterable[tuple[int, str]] = (),
    start: int = 1,
    prev: str | None = GENESIS,
) -> Verdict:
    """Walk rows of (prev_hash, hash, *FIELDS values) in seq order from `start`.

    `prev` is the hash before `start` (None: take the first row's word for it, the
    caller stitches). `head` is where the chain must end (the head row); each
    checkpoint (seq, hash) must still be on it. Used on the database and on exports.
    """
    wanted = dict(checkpoints)
    expected, first_prev = start, prev
    for row in rows:
        prev_hash, stored, values = row[0], row[1], row[2:]
        seq = values[0]
        if prev is None:
            prev = first_prev = prev_hash
        problem = ""
        if seq != expected:
            problem = f"event {expected} is missing" if seq > expected else f"event {seq} repeats"
            seq = expected
        elif prev_hash != prev:
            problem = "its link to the previous event differs"
        elif link(prev, values) != stored:
            problem = "its content differs from its hash"
        elif seq in wanted and wanted.pop(seq) != stored:
            problem = "it differs from the checkpoint"
        if problem:
            return Verdict(expected - start, seq, stored, seq, problem, first_prev or "")
        prev, expected = stored, expected + 1
    return _ending(expected - 1, prev or GENESIS, expected - start, head, wanted, first_prev or "")


def _ending(
    last: int, prev: str, checked: int, head, wanted: dict[int, str], first_prev: str
) -> Verdict:
    if head is not None and tuple(head) != (last, prev):
        if head[0] > last:
            reason = f"the chain ends before its head {head[0]}"
            return Verdict(checked, last, prev, last + 1, reason, first_prev)
        return Verdict(
            checked, last, prev, min(head[0], last) + 1, "the head row does not match", first_prev
        )
    if wanted:
        reason = f"the chain ends before checkpoint {min(wanted)}"
        return Verdict(checked, last, prev, last + 1, reason, first_prev)
    return Verdict(checked, last, prev, first_prev=first_prev)


def stored_rows(lo: int = 1, hi: int | None = None, chunk: int = 5000):
    """(prev_hash, hash, *FIELDS) in seq order. On PostgreSQL a server-side cursor
    without the ORM's per-row work (twice as fast); elsewhere the ORM's values."""
    if connection.vendor == "postgresql":
        return _raw_rows(lo, hi, chunk)
    events = AuditEvent.objects.filter(seq__gte=lo)
    if hi is not None:
        events = events.filter(seq__lte=hi)
    return events.order_by("seq").values_list("prev_hash", "hash", *FIELDS).iterator(chunk)


def _raw_rows(lo: int, hi: int | None, chunk: int):
    sql = (
        "SELECT prev_hash, hash, seq, created_at, type, actor_id, actor_kind, actor_ref, ip,"
        " organization_id, ticket_id, subject, public, data FROM audit_auditevent"
        " WHERE seq >= %s AND seq <= %s ORDER BY seq"
    )
    loads = json.loads
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(sql, [lo, hi if hi is not None else 2**62])
        while batch := cursor.fetchmany(chunk):
            for row in batch:
                data = row[13]
                yield (*row[:13], loads(data) if isinstance(data, str) else data)


def _verify_range(job: tuple[int, int, dict[int, str]]) -> Verdict:
    lo, hi, marks = job
    try:
        return verify_rows(
            stored_rows(lo, hi),
            checkpoints=marks.items(),
            start=lo,
            prev=None if lo > 1 else GENESIS,
        )
    finally:
        connections.close_all()


def verify(*, expect: Iterable[tuple[int, str]] = (), jobs: int | None = None) -> Verdict:
    """Recompute the stored chain against its head row, the stored checkpoints and
    `expect` (heads kept outside the database), with `jobs` processes (default:
    one per core) when the trail is long."""
    head = AuditHead.objects.values_list("seq", "hash").get(pk=1)
    marks = dict(AuditCheckpoint.objects.values_list("seq", "hash"))
    for seq, digest in expect:
        if marks.setdefault(seq, digest) != digest:
            return Verdict(0, 0, "", seq, "two heads kept for the same event differ")
    top = AuditEvent.objects.aggregate(top=Max("seq"))["top"] or 0
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or top < PARALLEL_FROM:
        return verify_rows(stored_rows(), head=head, checkpoints=marks.items())
    size = -(-top // jobs)
    ranges = [(lo, min(lo + size - 1, top)) for lo in range(1, top + 1, size)]
    work = [(lo, hi, {s: h for s, h in marks.items() if lo <= s <= hi}) for lo, hi in ranges]
    connections.close_all()  # children must not share the parent's connection
    with ProcessPoolExecutor(len(work), mp_context=get_context("fork")) as pool:
        parts = list(pool.map(_verify_range, work))
    prev, checked = GENESIS, 0
    for (lo, hi), part in zip(ranges, parts, strict=True):
        if part.checked and part.first_prev != prev:
            return Verdict(checked, lo, "", lo, "its link to the previous event differs")
        if part.ok and part.head_seq != hi:
            missing = part.head_seq + 1
            return Verdict(
                checked + part.checked,
                part.head_seq,
                part.head_hash,
                missing,
                f"event {missing} is missing",
            )
        if not part.ok:
            return Verdict(
                checked + part.checked, part.head_seq, part.head_hash, part.broken_at, part.reason
            )
        prev, checked = part.head_hash, checked + part.checked
    later = {s: h for s, h in marks.items() if s > top}
    return _ending(top, prev, checked, head, later, GENESIS)
