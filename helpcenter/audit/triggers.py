"""The database itself refuses to change or delete audit events.

PostgreSQL: one row trigger raising on UPDATE or DELETE. SQLite: two triggers
that ABORT. Installed by migration; a later migration that makes SQLite rebuild
the audit table (Django copies the table on many ALTERs, which drops triggers)
must call `install` again — tests/test_audit_chain.py fails if they are gone.

`lifted` drops them for the length of a block: only `manage.py flush` (which
empties every table, the test suite's teardown included) and the tampering tests
use it. A table owner can always drop a trigger; that is what the chain and the
checkpoints kept outside the database are for.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "audit_auditevent"

_INSTALL = {
    "postgresql": [
        """
        CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP;
        END
        $$
        """,
        f"DROP TRIGGER IF EXISTS audit_append_only ON {TABLE}",
        f"""CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION audit_append_only()""",
    ],
    "sqlite": [
        f"""CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only (UPDATE refused)'); END""",
        f"""CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only (DELETE refused)'); END""",
    ],
}

_REMOVE = {
    "postgresql": [f"DROP TRIGGER IF EXISTS audit_append_only ON {TABLE}"],
    "sqlite": ["DROP TRIGGER IF EXISTS audit_no_update", "DROP TRIGGER IF EXISTS audit_no_delete"],
}


def _run(connection: BaseDatabaseWrapper, statements: dict[str, list[str]]) -> None:
    with connection.cursor() as cursor:
        for sql in statements.get(connection.vendor, []):
            cursor.execute(sql)


def install(connection: BaseDatabaseWrapper) -> None:
    _run(connection, _INSTALL)


def remove(connection: BaseDatabaseWrapper) -> None:
    _run(connection, _REMOVE)


def installed(connection: BaseDatabaseWrapper) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname = 'audit_append_only'"
                " AND tgenabled <> 'D'"
            )
            return cursor.fetchone()[0] == 1
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            [TABLE],
        )
        return cursor.fetchone()[0] == 2


@contextmanager
def lifted(connection: BaseDatabaseWrapper) -> Iterator[None]:
    remove(connection)
    try:
        yield
    finally:
        install(connection)
