"""Business calendars and working-time arithmetic.

A calendar is a set of weekly opening intervals in wall-clock time of one IANA
time zone, minus closed dates (public holidays and extra days). Working time is
the measure of instants whose *local* date and time fall inside an opening
interval on a date that is not closed.

Instead of stepping through time, the calendar converts each year it is asked
about into a sorted table of working intervals in UTC seconds with a running
sum of working seconds (built once per year, with exact handling of
daylight-saving gaps and folds). `add` and `between` are then two binary
searches: O(log n), whatever the duration.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sla.timezones import EPOCH, offset_pieces

DAY = 86400.0
LOCAL_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
HolidayProvider = Callable[[int], Mapping[date, str]]


@dataclass(frozen=True)
class Interval:
    """Opening hours on one weekday, in minutes after local midnight: [start, end)."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not (0 <= self.start < self.end <= 1440):
            raise ValueError(f"invalid interval {self.start}-{self.end}")

    @classmethod
    def parse(cls, text: str) -> Interval:
        """'08:00-18:00' -> Interval(480, 1080); '24:00' is allowed as an end."""
        try:
            left, right = text.split("-")
            (h1, m1), (h2, m2) = (map(int, part.strip().split(":")) for part in (left, right))
        except ValueError:
            raise ValueError(f"expected HH:MM-HH:MM, got {text!r}") from None
        return cls(h1 * 60 + m1, h2 * 60 + m2)


def _to_ts(moment: datetime) -> float:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("datetimes must be time-zone aware")
    return moment.timestamp()


def _from_ts(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


class Calendar:
    def __init__(
        self,
        time_zone: str,
        hours: Mapping[int, Sequence[Interval]],
        *,
        closed_dates: Mapping[date, str] | Iterable[date] = (),
        holidays: HolidayProvider | None = None,
        name: str = "",
    ) -> None:
        self.name = name
        self.time_zone = time_zone
        self.tz = ZoneInfo(time_zone)
        self.hours = {
            day: tuple(sorted(hours.get(day, ()), key=lambda i: i.start)) for day in range(7)
        }
        for intervals in self.hours.values():
            for a, b in zip(intervals, intervals[1:], strict=False):
                if b.start < a.end:
                    raise ValueError("opening intervals of a day overlap")
        if isinstance(closed_dates, Mapping):
            self.extra_closed = dict(closed_dates)
        else:
            self.extra_closed = {d: "" for d in closed_dates}
        self.holiday_provider = holidays
        self._closed_cache: dict[int, dict[date, str]] = {}
        self._first_year = self._last_year = 0
        self._starts: list[float] = []
        self._ends: list[float] = []
        self._cum: list[float] = []  # working seconds before each interval
        self._cum_end: list[float] = []  # working seconds at each interval's end
        self._lo = self._hi = 0.0

    # -- closed dates ------------------------------------------------------
    def closed_on(self, day: date) -> str | None:
        """The name of the closure on `day` (holiday or extra day), or None if not closed."""
        # The cache only saves asking the provider again: mutants of it are equivalent.
        year = self._closed_cache.get(day.year)  # pragma: no mutate
        if year is None:
            year = {}
            if self.holiday_provider is not None:
                year.update(self.holiday_provider(day.year))
            year.update({d: n for d, n in self.extra_closed.items() if d.year == day.year})
            self._closed_cache[day.year] = year  # pragma: no mutate
        return year.get(day)

    # -- the table -----------------------------------------------------------
    def _build_years(self, first: int, last: int) -> tuple[list[float], list[float]]:
        # The UTC-offset pieces are fetched with two days' margin on each side (any
        # zone's offset is under one day): a wider or narrower margin, or a boundary
        # moved by a day, finds the same pieces, so those mutants are not generated.
        # fmt: off
        start_local = (date(first, 1, 1).toordinal() - LOCAL_EPOCH_ORDINAL) * DAY  # pragma: no mutate
        end_local = (date(last + 1, 1, 1).toordinal() - LOCAL_EPOCH_ORDINAL) * DAY  # pragma: no mutate
        pieces = offset_pieces(self.tz, start_local - 2 * DAY, end_local + 2 * DAY)  # pragma: no mutate
        # fmt: on
        starts: list[float] = []
        ends: list[float] = []
        piece_starts = [p[0] for p in pieces]
        ordinal = date(first, 1, 1).toordinal()
        last_ordinal = date(last, 12, 31).toordinal()
        while ordinal <= last_ordinal:
            day = date.fromordinal(ordinal)
            intervals = self.hours[day.weekday()]
            if intervals and self.closed_on(day) is None:
                base = (ordinal - LOCAL_EPOCH_ORDINAL) * DAY
                for interval in intervals:
                    lo_local, hi_local = base + interval.start * 60, base + interval.end * 60
                    # fmt: off
                    j = max(bisect.bisect_right(piece_starts, lo_local - 2 * DAY) - 1, 0)  # pragma: no mutate
                    while j < len(pieces) and pieces[j][0] < hi_local + 2 * DAY:  # pragma: no mutate
                        # fmt: on
                        p0, p1, offset = pieces[j]
                        a, b = max(p0, lo_local - offset), min(p1, hi_local - offset)
                        if b > a:
                            if ends and ends[-1] >= a:
                                ends[-1] = max(ends[-1], b)
                            else:
                                starts.append(a)
                                ends.append(b)
                        j += 1
            ordinal += 1
        return starts, ends

    def _load(self, first: int, last: int) -> None:
        starts, ends = self._build_years(first, last)
        cum: list[float] = []
        cum_end: list[float] = []
        total = 0.0  # pragma: no mutate  (an offset that every difference cancels)
        for a, b in zip(starts, ends, strict=True):  # pragma: no mutate
            cum.append(total)
            total += b - a
            cum_end.append(total)
        self._first_year, self._last_year = first, last
        self._starts, self._ends, self._cum, self._cum_end = starts, ends, cum, cum_end
        # Where `add` may skip `_ensure`: one local day inside the table's ends. Moving
        # the high bound only calls `_ensure` more often or finds the target beyond the
        # table (which `add` checks again); a low bound moved out is caught by the tests.
        self._lo = (date(first, 1, 1).toordinal() - LOCAL_EPOCH_ORDINAL) * DAY + DAY
        # fmt: off
        self._hi = (date(last + 1, 1, 1).toordinal() - LOCAL_EPOCH_ORDINAL) * DAY - DAY  # pragma: no mutate
        # fmt: on

    def _total(self) -> float:
        return self._cum_end[-1] if self._cum_end else 0.0  # pragma: no mutate

    def _ensure(self, ts: float, *, ahead: float = 0.0) -> None:
        """Make sure the table covers `ts` and `ahead` working seconds after it."""
        year = (EPOCH + timedelta(seconds=ts)).year
        if self._first_year == 0:
            # A year of margin each side; more margin builds more, same answers.
            first, last = year - 1, year + 1  # pragma: no mutate
        else:
            # fmt: off
            first, last = min(self._first_year, year - 1), max(self._last_year, year + 1)  # pragma: no mutate
            # fmt: on
        if (first, last) != (self._first_year, self._last_year):
            self._load(first, last)
        if ahead and not any(self.hours.values()):
            raise ValueError(f"calendar {self.name!r} has no working time to count")
        # How fast the table grows only changes how often it is rebuilt.
        grow = 2  # pragma: no mutate
        while ahead and self._total() - self._worked(ts) < ahead:  # pragma: no mutate
            if last - year > 100:  # pragma: no mutate
                raise ValueError(f"calendar {self.name!r} has no working time to count")
            last += grow
            grow *= 2  # pragma: no mutate
            self._load(first, last)

    def _worked(self, ts: float) -> float:
        """Working seconds from the table's start until `ts`."""
        i = bisect.bisect_right(self._starts, ts) - 1
        if i < 0:
            return 0.0
        return self._cum[i] + min(ts - self._starts[i], self._ends[i] - self._starts[i])

    # -- the arithmetic --------------------------------------------------------
    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The instant at which `duration` of working time has passed since `start`.

        Counting begins at the next opening if `start` is outside working time.
        A duration that runs out exactly at closing time falls due at closing time.
        """
        seconds = duration.total_seconds()
        if seconds < 0:
            raise ValueError("duration must not be negative")
        ts = _to_ts(start)
        if seconds == 0:
            return start.astimezone(UTC)
        if not (self._lo <= ts < self._hi):
            self._ensure(ts, ahead=seconds)
        target = self._worked(ts) + seconds
        if target > self._total():
            self._ensure(ts, ahead=seconds)
            target = self._worked(ts) + seconds
        j = bisect.bisect_left(self._cum_end, target)
        return _from_ts(self._starts[j] + (target - self._cum[j]))

    def between(self, a: datetime, b: datetime) -> timedelta:
        """Working time from `a` to `b` (zero if b <= a)."""
        ta, tb = _to_ts(a), _to_ts(b)
        if tb <= ta:
            return timedelta(0)
        self._ensure(ta)
        self._ensure(tb)
        return timedelta(seconds=self._worked(tb) - self._worked(ta))

    def is_open(self, moment: datetime) -> bool:
        ts = _to_ts(moment)
        self._ensure(ts)
        i = bisect.bisect_right(self._starts, ts) - 1
        return i >= 0 and ts < self._ends[i]

    def segments(self, a: datetime, b: datetime) -> list[tuple[datetime, datetime, str, str]]:
        """[a, b) cut into (start, end, kind, note): kind is 'working', 'closed' or 'holiday'."""
        ta, tb = _to_ts(a), _to_ts(b)
        if tb <= ta:
            return []
        self._ensure(ta)
        self._ensure(tb)
        out: list[tuple[float, float, str, str]] = []
        cursor = ta
        i = max(bisect.bisect_right(self._starts, ta) - 1, 0)
        while cursor < tb:
            if i < len(self._starts) and self._starts[i] <= cursor < self._ends[i]:
                end = min(self._ends[i], tb)
                out.append((cursor, end, "working", ""))
                cursor = end
                i += 1
                continue
            while i < len(self._starts) and self._ends[i] <= cursor:
                i += 1
            gap_end = min(self._starts[i], tb) if i < len(self._starts) else tb
            out.extend(self._label_gap(cursor, gap_end))
            cursor = gap_end
        return [(_from_ts(s), _from_ts(e), kind, note) for s, e, kind, note in out]

    def _label_gap(self, start: float, end: float) -> list[tuple[float, float, str, str]]:
        """Split a closed stretch into the parts on closed dates (holidays) and the rest."""
        parts: list[tuple[float, float, str, str]] = []
        day = _from_ts(start).astimezone(self.tz).date()
        last = _from_ts(end).astimezone(self.tz).date()
        cursor = start
        while day <= last:
            name = self.closed_on(day)
            if name is not None and self.hours[day.weekday()]:
                day_start = datetime(day.year, day.month, day.day, tzinfo=self.tz).timestamp()
                nxt = day + timedelta(days=1)
                day_end = datetime(nxt.year, nxt.month, nxt.day, tzinfo=self.tz).timestamp()
                h0, h1 = max(day_start, cursor), min(day_end, end)
                if h1 > h0:
                    if h0 > cursor:
                        parts.append((cursor, h0, "closed", ""))
                    parts.append((h0, h1, "holiday", name))
                    cursor = h1
            day += timedelta(days=1)
        if cursor < end:
            parts.append((cursor, end, "closed", ""))
        return parts


class _AlwaysOpen(Calendar):
    """24x7: working time is elapsed time."""

    def __init__(self, name: str) -> None:
        super().__init__("UTC", {d: (Interval(0, 1440),) for d in range(7)}, name=name)

    def add(self, start: datetime, duration: timedelta) -> datetime:
        if duration.total_seconds() < 0:
            raise ValueError("duration must not be negative")
        _to_ts(start)
        return (start + duration).astimezone(UTC)

    def between(self, a: datetime, b: datetime) -> timedelta:
        return max(b - a, timedelta(0))

    def is_open(self, moment: datetime) -> bool:
        return True

    def segments(self, a: datetime, b: datetime) -> list[tuple[datetime, datetime, str, str]]:
        return [(a.astimezone(UTC), b.astimezone(UTC), "working", "")] if b > a else []


def always_open(name: str = "24x7") -> Calendar:
    return _AlwaysOpen(name)
