"""The audit trail as files an auditor can take away: CSV and JSON Lines.

Each line carries the chained fields under their export names, in seq order, so
`scripts/verify_audit_export.py` (standard library only) recomputes every link
offline. An export of a filtered search is a selection: its lines verify one by
one (each hash against its own content and stated previous hash) but gaps are
expected; only a full export proves the chain from event 1.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet

from helpcenter.audit.chain import FIELDS, timestamp
from helpcenter.core.spreadsheets import safe_cell

# Export names of FIELDS, in the canonical order.
NAMES = (
    "seq",
    "created_at",
    "type",
    "actor",
    "actor_kind",
    "actor_ref",
    "ip",
    "organization",
    "ticket",
    "subject",
    "public",
    "data",
)


def _records(events: QuerySet) -> Iterator[dict[str, Any]]:
    rows = events.order_by("seq").values_list("prev_hash", "hash", *FIELDS)
    for prev_hash, digest, *values in rows.iterator(chunk_size=2000):
        record = dict(zip(NAMES, values, strict=True))
        record["created_at"] = timestamp(record["created_at"])
        record["ip"] = None if record["ip"] is None else str(record["ip"])
        record["prev_hash"], record["hash"] = prev_hash, digest
        yield record


def jsonl_lines(events: QuerySet) -> Iterator[str]:
    for record in _records(events):
        yield json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"


def csv_lines(events: QuerySet) -> Iterable[str]:
    """CSV with the same columns; `data` is its canonical JSON text. Cells that a
    spreadsheet would run as a formula are prefixed with an apostrophe."""
    header = [*NAMES, "prev_hash", "hash"]
    yield _csv_row(header)
    for record in _records(events):
        record["data"] = json.dumps(
            record["data"], sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        yield _csv_row([safe_cell(record[name]) for name in header])


def _csv_row(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(cells)
    return buffer.getvalue()
