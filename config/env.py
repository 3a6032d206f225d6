"""Typed readers for environment variables.

Every setting comes from the environment. A bad value stops start-up with an
ImproperlyConfigured error that names the variable, so a typo never turns
into a silent default.
"""

from __future__ import annotations

import os
import zoneinfo
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    return (os.environ if environ is None else environ).get(name)


def env_str(name: str, default: str, environ: Mapping[str, str] | None = None) -> str:
    value = _raw(name, environ)
    return default if value is None else value


def env_bool(name: str, default: bool, environ: Mapping[str, str] | None = None) -> bool:
    value = _raw(name, environ)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(
    name: str,
    default: int,
    environ: Mapping[str, str] | None = None,
    *,
    minimum: int | None = None,
) -> int:
    value = _raw(name, environ)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}")
    return number


def env_list(name: str, default: list[str], environ: Mapping[str, str] | None = None) -> list[str]:
    value = _raw(name, environ)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_timezone(name: str, default: str, environ: Mapping[str, str] | None = None) -> str:
    value = env_str(name, default, environ)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(f"{name} must be an IANA time zone, got {value!r}") from None
    return value


def env_database(name: str, default: str, environ: Mapping[str, str] | None = None) -> dict:
    import dj_database_url

    url = env_str(name, default, environ)
    if not url.startswith(("sqlite:", "postgres:", "postgresql:", "pgsql:")):
        raise ImproperlyConfigured(
            f"{name} must be a sqlite:/// or postgres:// URL, got {url.split(':', 1)[0]!r}"
        )
    try:
        config = dict(dj_database_url.parse(url, conn_max_age=60))
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from None
    if config["ENGINE"] != "django.db.backends.sqlite3":
        # A database that is away or hung must not hang pages and the worker: the
        # connection attempt gives up after DATABASE_CONNECT_TIMEOUT seconds (pages
        # then answer 503), a statement after DATABASE_STATEMENT_TIMEOUT_MS (0: never).
        connect = env_int("DATABASE_CONNECT_TIMEOUT", 5, environ=environ, minimum=1)
        statement = env_int("DATABASE_STATEMENT_TIMEOUT_MS", 30000, environ=environ, minimum=0)
        options: dict[str, object] = {}
        options.update(config.get("OPTIONS") or {})  # type: ignore[call-overload]
        options.setdefault("connect_timeout", connect)
        options["options"] = f"-c statement_timeout={statement}"
        # Parameters bound on the server, and a statement run twice on a connection
        # prepared there: PostgreSQL then plans the ticket page's query once per
        # connection, not on every request (planning cost several times the running;
        # docs/performance.md). DATABASE_PREPARED_STATEMENTS=0 for a
        # pooler that cannot keep prepared statements (PgBouncer in transaction
        # mode before 1.21).
        if env_bool("DATABASE_PREPARED_STATEMENTS", True, environ=environ):
            options["server_side_binding"] = True
            options["prepare_threshold"] = 2
        config["OPTIONS"] = options
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the worker write while the web server reads; IMMEDIATE
        # transactions take the write lock up front instead of failing on upgrade.
        # Connections persist like PostgreSQL's (60 s): a new one per request cost
        # Django's connection set-up and SQLite's page cache every time (ticket
        # creation through the form 171 -> 228/s, bench/web.py --create-only).
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return config


def load_dotenv(path, environ=None) -> list[str]:
    """Read KEY=VALUE lines of a local `.env` into the environment; returns the names set.

    Variables already in the environment win (the process's own settings are
    never overridden). Blank lines and `#` comments are skipped; a value may be
    quoted. `make run` writes this file on first run (DEBUG=1 and a generated
    SECRET_KEY), so `manage.py` commands work afterwards without exports.
    """
    target = os.environ if environ is None else environ
    set_names = []
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except FileNotFoundError:
        return []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, _, value = line.partition("=")
        name, value = name.strip(), value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if name and name not in target:
            target[name] = value
            set_names.append(name)
    return set_names
