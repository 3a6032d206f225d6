"""A fresh database for a bench, on SQLite (a file under var/) or PostgreSQL.

`database_url(name, pg=...)` before `django.setup()`; `fresh_database` and
`analyze` after it.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"


def database_url(name: str, *, pg: bool, keep: bool = False) -> str:
    """The bench's database URL; the SQLite file is removed so the run starts empty
    (unless `keep`: a bench reusing what an earlier run loaded)."""
    if pg:
        # Bulk loads run longer than a page's statement timeout.
        os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT_MS", "0")
        return f"{PG_SERVER}/{name}"
    db = ROOT / "var" / f"{name}.sqlite3"
    db.parent.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm") if not keep else ():
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{db}"


def served_env(name: str, *, pg: bool, keep: bool = False, **extra: str) -> dict[str, str]:
    """The environment of a bench that serves pages through gunicorn on loopback:
    DEBUG off, plain HTTP, the bench's own database; `extra` adds or overrides."""
    return {
        "DATABASE_URL": database_url(name, pg=pg, keep=keep),
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        **extra,
    }


def fresh_database(name: str, *, pg: bool) -> None:
    """Drop and create the PostgreSQL database (SQLite's file is already gone), migrate."""
    from django.core.management import call_command

    if pg:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {name}")
            c.execute(f"CREATE DATABASE {name}")
    call_command("migrate", verbosity=0)


def analyze() -> None:
    """Planner statistics after a bulk load, on either database."""
    from django.db import connection

    from helpcenter.core.database import optimize

    if not optimize(full=True):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
