#!/usr/bin/env python3
"""Verify a Helpcenter audit export (JSON Lines) offline, with Python's standard library.

    python verify_audit_export.py trilha.jsonl [SEQ:HASH ...]

Each line's hash must be SHA-256 over its prev_hash followed by the canonical
JSON array of its fields; in a full export the lines run from seq 1 without gaps,
each prev_hash being the hash before it. A SEQ:HASH given (a checkpoint kept
elsewhere) must be on the chain. Exit 0 when all holds, 1 at the first break.
"""

import hashlib
import json
import sys

FIELDS = (
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


def link(prev_hash, record):
    text = json.dumps(
        [record[name] for name in FIELDS], sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256((prev_hash + text).encode()).hexdigest()


def main(path, marks):
    wanted = {int(s): h for s, h in (m.split(":", 1) for m in marks)}
    previous, expected = "0" * 64, 1
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            try:
                record = json.loads(line)
            except ValueError:
                return (
                    f"line {number}: not JSON. This verifies the JSON Lines export "
                    "(Audit trail → Export → JSON Lines); the CSV export is for reading only"
                )
            if not isinstance(record, dict) or not {"seq", "hash", "prev_hash"} <= set(record):
                return f"line {number}: not an audit event of the JSON Lines export"
            seq = record["seq"]
            if seq != expected:
                return f"event {expected}: missing (found {seq})"
            if record["prev_hash"] != previous:
                return f"event {seq}: its link to the previous event differs"
            if link(previous, record) != record["hash"]:
                return f"event {seq}: its content differs from its hash"
            if seq in wanted and wanted.pop(seq) != record["hash"]:
                return f"event {seq}: differs from the checkpoint"
            previous, expected = record["hash"], expected + 1
    if wanted:
        return f"event {expected}: the export ends before checkpoint {min(wanted)}"
    print(f"ok: {expected - 1} events, head {expected - 1}:{previous}")
    return None


if __name__ == "__main__":
    problem = main(sys.argv[1], sys.argv[2:])
    if problem:
        print(f"BROKEN at {problem}")
        sys.exit(1)
