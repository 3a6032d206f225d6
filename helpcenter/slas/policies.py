"""From policy rows to the pure engine's objects."""

from __future__ import annotations

from datetime import timedelta
from threading import Lock

from django.db.models import Q

from helpcenter.slas.models import BusinessCalendar, ClockKind, SlaPolicy
from sla.calendar import Calendar, Interval, always_open
from sla.clocks import TargetSpec
from sla.holidays_provider import public_holidays

_cache: dict[tuple[int, float], Calendar] = {}
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
    """The most specific policy: org + type, org, type, default."""
    candidates = list(
        SlaPolicy.objects.select_related("calendar")
        .filter(priority=priority)
        .filter(Q(organization_id=organization_id) | Q(organization__isnull=True))
        .filter(Q(ticket_type=ticket_type) | Q(ticket_type=""))
    )

    def rank(policy: SlaPolicy) -> tuple[int, int]:
        return (policy.organization_id is None, policy.ticket_type == "")

    return min(candidates, key=rank) if candidates else None


def target_specs(policy: SlaPolicy) -> dict[str, TargetSpec]:
    if policy.calendar is None:
        return {}
    calendar = engine_calendar(policy.calendar)
    specs = {}
    for kind, minutes in (
        (ClockKind.FIRST_RESPONSE, policy.first_response_minutes),
        (ClockKind.TRIAGE, policy.triage_minutes),
        (ClockKind.RESOLUTION, policy.resolution_minutes),
    ):
        if minutes:
            specs[str(kind)] = TargetSpec(str(kind), timedelta(minutes=minutes), calendar)
    return specs
