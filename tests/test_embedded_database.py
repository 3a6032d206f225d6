"""SQLite as a real embedded default: statistics after migrate and daily, WAL, a busy
timeout, IMMEDIATE write transactions; per-process caches warmed at start."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from helpcenter.core import jobs
from helpcenter.core.database import optimize
from helpcenter.core.warm import warm_up
from helpcenter.slas import policies

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite settings")


@sqlite_only
def test_sqlite_is_configured_for_concurrent_writers(db):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 1  # NORMAL
    options = connection.settings_dict["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


@sqlite_only
def test_migrate_leaves_planner_statistics(transactional_db):
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1")
        assert cursor.fetchone()[0] > 0


def test_the_worker_optimizes_when_it_starts_and_hourly():
    job = {j.name: j for j in jobs.registered()}["core.sqlite_optimize"]
    assert job.every == 3600  # and on a fresh worker's first pass: nothing ran it yet


def test_optimize_is_a_no_op_off_sqlite(db):
    assert optimize() == (connection.vendor == "sqlite")


def test_warm_up_builds_the_calendars(db):
    policies._cache.clear()
    assert warm_up() >= 1
    assert len(policies._cache) >= 2  # the contract's 24x7 and business-hours calendars


def test_a_closed_day_makes_its_calendar_a_new_version(db):
    """The engine's tables are cached by calendar row; adding or removing a closed day
    must not leave a stale cache (ClosedDay.save/delete touch the calendar)."""
    import datetime as dt

    from helpcenter.slas.models import BusinessCalendar, ClosedDay

    day = dt.date(2026, 12, 1)
    row = BusinessCalendar.objects.get(always_open=False)
    assert policies.engine_calendar(row).closed_on(day) is None
    closed = ClosedDay.objects.create(calendar=row, date=day, name="Aniversário")
    row.refresh_from_db()
    assert policies.engine_calendar(row).closed_on(day) == "Aniversário"
    closed.delete()
    row.refresh_from_db()
    assert policies.engine_calendar(row).closed_on(day) is None
