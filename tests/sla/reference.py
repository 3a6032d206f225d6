"""A brute-force, minute-by-minute reference for working time. Slow on purpose."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

MINUTE = timedelta(minutes=1)


class Reference:
    def __init__(self, time_zone: str, hours: dict[int, list[tuple[int, int]]], closed: set):
        self.tz = ZoneInfo(time_zone)
        self.hours = hours
        self.closed = closed

    def working(self, minute_start: datetime) -> bool:
        local = minute_start.astimezone(self.tz)
        if local.date() in self.closed:
            return False
        m = local.hour * 60 + local.minute
        return any(s <= m < e for s, e in self.hours.get(local.weekday(), []))

    def add(self, start: datetime, minutes: int, limit: int = 400_000) -> datetime:
        t = start.astimezone(UTC)
        if minutes == 0:
            return t
        count = 0
        for _ in range(limit):
            if self.working(t):
                count += 1
                if count == minutes:
                    return t + MINUTE
            t += MINUTE
        raise AssertionError("reference ran out of steps")

    def between(self, a: datetime, b: datetime) -> int:
        t, count = a.astimezone(UTC), 0
        while t < b:
            count += self.working(t)
            t += MINUTE
        return count
