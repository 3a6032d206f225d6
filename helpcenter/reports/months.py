"""Months in the desk's time zone: the reports' and statements' unit of time."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings


def month_start(value: date, shift: int = 0) -> date:
    """The first day of `value`'s month, `shift` months on."""
    index = value.year * 12 + value.month - 1 + shift
    return date(index // 12, index % 12 + 1, 1)


def month_bounds(start: date, end: date) -> list[tuple[str, datetime, datetime]]:
    """("YYYY-MM", first moment, first moment after) of each month from `start`'s to
    the one before `end`, at midnight in TIME_ZONE (the last one cut at `end`)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    months, first = [], month_start(start)
    while first < end:
        after = month_start(first, 1)
        lo, hi = (datetime.combine(d, time.min, zone) for d in (first, min(after, end)))
        months.append((first.strftime("%Y-%m"), lo, hi))
        first = after
    return months
