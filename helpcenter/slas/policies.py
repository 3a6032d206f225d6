"""From policy rows to the pure engine's objects."""

from __future__ import annotations

import copy
from datetime import timedelta
from threading import Lock

from django.db import connection

from helpcenter.slas.models import BusinessCalendar, ClockKind, SlaPolicy
from sla.calendar import Calendar, Interval, always_open
from sla.clocks import TargetSpec
from sla.holidays_provider import public_holidays

_cache: dict[tuple[int, float], Calendar] = {}
_policies: dict[tuple, SlaPolicy] = {}
_lock = Lock()


def engine_calendar(row: BusinessCalendar) -> Calendar:
    """The engine calendar for a row; cached per process until the row or its closed days change."""
    # A closed day's change touches its calendar's updated_at (ClosedDay.save), so the
    # row alone says whether the cached tables are current: no query per use.
    key = (row.pk, row.updated_at.timestamp() if row.updated_at else 0.0)
    with _lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    calendar = build_calendar(row)
    with _lock:
        if len(_cache) > 256:
            _cache.clear()
        _cache[key] = calendar
    return calendar


def build_calendar(
    row: BusinessCalendar, *, always_open_: bool | None = None, hours: dict | None = None
) -> Calendar:
    """The engine calendar of a row (its closed days and holidays), optionally with
    other opening hours or 24x7: what a proposed calendar would be (back-testing)."""
    closed = tuple(row.closed_days.values_list("date", "name"))
    if row.always_open if always_open_ is None else always_open_:
        return always_open(row.name)
    spans_by_day = row.hours if hours is None else hours
    parsed = {
        int(day): tuple(Interval.parse(span) for span in spans)
        for day, spans in (spans_by_day or {}).items()
    }
    return Calendar(
        row.time_zone,
        parsed,
        closed_dates=dict(closed),
        holidays=public_holidays(row.holiday_country, row.holiday_subdivision or None)
        if row.holiday_country
        else None,
        name=row.name,
    )


def warm_calendars() -> int:
    """Build every calendar's engine tables for this year (the first request then finds them)."""
    from django.utils import timezone

    now = timezone.now()
    count = 0
    for row in BusinessCalendar.objects.all():
        calendar = engine_calendar(row)
        calendar.add(now, timedelta(minutes=1))  # builds this year's interval table
        count += 1
    return count


def find_policy(
    *, organization_id: int | None, ticket_type: str, priority: str
) -> SlaPolicy | None:
    """The most specific policy: org + type, org, type, default.

    Every ticket opened asks this, so the candidates come from one small SQL statement
    (ids, rank fields and both rows' `updated_at`) and the chosen row, with its calendar,
    from a per-process copy that those `updated_at` values key: an edited policy or
    calendar (a closed day touches its calendar) is a new key, read afresh. The ORM's
    select_related lookup was the largest single cost of a creation; the figures are
    in docs/performance.md.
    """
    with connection.cursor() as cursor:
        cursor.execute(_CANDIDATES, [priority, organization_id, ticket_type])
        candidates = cursor.fetchall()
    if not candidates:
        return None
    # (id, organization_id, ticket_type, updated_at, calendar_id, calendar updated_at)
    best = min(candidates, key=lambda row: (row[1] is None, row[2] == ""))
    key = (best[0], str(best[3]), best[4], str(best[5]))
    with _lock:
        policy = _policies.get(key)
    if policy is None:
        policy = SlaPolicy.objects.select_related("calendar").filter(pk=best[0]).first()
        if policy is None:  # deleted in between
            return None
        with _lock:
            if len(_policies) > 256:
                _policies.clear()
            _policies[key] = policy
    return copy.copy(policy)


# Double-quoted names: the same text on SQLite and PostgreSQL.
_CANDIDATES = (
    'SELECT p."id", p."organization_id", p."ticket_type", p."updated_at", c."id", c."updated_at" '
    'FROM "slas_slapolicy" p LEFT JOIN "slas_businesscalendar" c ON c."id" = p."calendar_id" '
    'WHERE p."priority" = %s AND (p."organization_id" = %s OR p."organization_id" IS NULL) '
    "AND p.\"ticket_type\" IN (%s, '')"
)


def forget_rows() -> None:
    """Empty this process's copies of policy rows and calendars (tests, after a rollback
    may have reused ids)."""
    with _lock:
        _policies.clear()
        _cache.clear()


def target_specs(policy: SlaPolicy) -> dict[str, TargetSpec]:
    if policy.calendar is None:
        return {}
    calendar = engine_calendar(policy.calendar)
    specs = {}
    for kind, minutes in (
        (ClockKind.FIRST_RESPONSE, policy.first_response_minutes),
        (ClockKind.TRIAGE, policy.triage_minutes),
        (ClockKind.RESOLUTION, policy.resolution_minutes),
        (ClockKind.UPDATE, policy.update_minutes),
    ):
        if minutes:
            specs[str(kind)] = TargetSpec(str(kind), timedelta(minutes=minutes), calendar)
    return specs
