"""The calendar engine against the seed's contract and a minute-by-minute reference.

No database and no Django: `sla/` is pure Python.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sla.calendar import Calendar, Interval, always_open
from sla.holidays_provider import public_holidays
from tests.sla.reference import Reference

SAO_PAULO = "America/Sao_Paulo"
WEEKDAYS_8_18 = {d: (Interval(8 * 60, 18 * 60),) for d in range(5)}


def business() -> Calendar:
    return Calendar(SAO_PAULO, WEEKDAYS_8_18, holidays=public_holidays("BR"))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(
    ("opened", "hours", "due"),
    [
        # The example: Friday 17:30 in São Paulo.
        ("2026-11-27T17:30:00-03:00", 1, "2026-11-30T11:30:00+00:00"),
        ("2026-11-27T17:30:00-03:00", 2, "2026-11-30T12:30:00+00:00"),
        ("2026-11-27T17:30:00-03:00", 24, "2026-12-02T14:30:00+00:00"),
        # Runs out exactly at closing time: due at closing, not next opening.
        ("2026-11-27T17:00:00-03:00", 1, "2026-11-27T21:00:00+00:00"),
        # Opened at night: counting starts at the next opening.
        ("2026-11-24T22:10:00-03:00", 1, "2026-11-25T12:00:00+00:00"),
        # Christmas (national holiday) and the weekend are skipped.
        ("2026-12-24T17:00:00-03:00", 2, "2026-12-28T12:00:00+00:00"),
        # Tiradentes (21 April 2026 is a Tuesday).
        ("2026-04-20T17:00:00-03:00", 2, "2026-04-22T12:00:00+00:00"),
    ],
)
def test_business_hours_examples(opened, hours, due):
    assert business().add(at(opened), timedelta(hours=hours)) == at(due)


def test_between_and_add_are_inverse_examples():
    cal = business()
    start = at("2026-11-27T17:30:00-03:00")
    due = cal.add(start, timedelta(hours=24))
    assert cal.between(start, due) == timedelta(hours=24)
    assert cal.between(due, start) == timedelta(0)


def test_always_open_is_elapsed_time():
    cal = always_open()
    start = at("2026-11-27T23:30:00-03:00")
    assert cal.add(start, timedelta(hours=6)) == at("2026-11-28T05:30:00-03:00")
    assert cal.between(start, start + timedelta(hours=5)) == timedelta(hours=5)


def test_extra_closed_day_and_segments_explain_the_gap():
    cal = Calendar(
        SAO_PAULO,
        WEEKDAYS_8_18,
        holidays=public_holidays("BR"),
        closed_dates={date(2026, 1, 25): "Aniversário de São Paulo"},
    )
    # 25 Jan 2026 is a Sunday; use 2027 when it is a Monday.
    cal2 = Calendar(
        SAO_PAULO, WEEKDAYS_8_18, closed_dates={date(2027, 1, 25): "Aniversário de São Paulo"}
    )
    start = at("2027-01-22T17:00:00-03:00")  # Friday
    assert cal2.add(start, timedelta(hours=2)) == at("2027-01-26T09:00:00-03:00")
    kinds = [(k, n) for _s, _e, k, n in cal2.segments(start, at("2027-01-26T09:00:00-03:00"))]
    assert kinds == [
        ("working", ""),
        ("closed", ""),
        ("holiday", "Aniversário de São Paulo"),
        ("closed", ""),
        ("working", ""),
    ]
    assert cal.closed_on(date(2026, 11, 20)) is not None  # Consciência Negra, national since 2024


def test_naive_datetimes_refused():
    with pytest.raises(ValueError, match="aware"):
        business().add(datetime(2026, 1, 1, 9), timedelta(hours=1))


def test_calendar_without_hours_fails_loudly():
    with pytest.raises(ValueError, match="no working time"):
        Calendar("UTC", {}).add(at("2026-01-01T00:00:00+00:00"), timedelta(minutes=1))


def test_calendar_closed_on_every_date_fails_loudly():
    def every_day(year):
        first = date(year, 1, 1).toordinal()
        return {
            date.fromordinal(first + n): "closed"
            for n in range(366)
            if date.fromordinal(first + n).year == year
        }

    always = {d: (Interval(0, 1440),) for d in range(7)}
    with pytest.raises(ValueError, match="no working time"):
        Calendar("UTC", always, holidays=every_day).add(
            at("2026-01-01T00:00:00+00:00"), timedelta(minutes=1)
        )


def test_a_long_duration_reaches_years_ahead():
    """Ten years of working time: the table grows far beyond the next year."""
    start = at("2026-01-01T00:00:00+00:00")
    assert always_open().add(start, timedelta(days=3650)) == Calendar(
        "UTC", {d: (Interval(0, 1440),) for d in range(7)}
    ).add(start, timedelta(days=3650))


# --- property tests against the brute-force reference --------------------------

ZONES = [
    "America/Sao_Paulo",  # DST until 2019, transitions at local midnight
    "America/New_York",
    "Europe/London",
    "Australia/Lord_Howe",  # 30-minute DST shift
    "Asia/Kathmandu",  # +05:45
    "Pacific/Chatham",  # +12:45 / +13:45
    "America/Santiago",
    "UTC",
]


@st.composite
def day_hours(draw):
    bounds = sorted(draw(st.sets(st.integers(0, 96).map(lambda q: q * 15), max_size=4)))
    if len(bounds) % 2:
        bounds = bounds[:-1]
    return [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]


@st.composite
def calendars(draw):
    zone = draw(st.sampled_from(ZONES))
    hours = {d: draw(day_hours()) for d in range(7)}
    assume(any(hours.values()))
    base = draw(st.dates(date(2016, 1, 1), date(2030, 12, 31)))
    closed = set(draw(st.lists(st.integers(0, 40), max_size=6)))
    closed_dates = {base + timedelta(days=k) for k in closed}
    return zone, hours, closed_dates, base


def build(zone, hours, closed_dates):
    return (
        Calendar(
            zone,
            {d: tuple(Interval(s, e) for s, e in iv) for d, iv in hours.items()},
            closed_dates=closed_dates,
        ),
        Reference(zone, hours, closed_dates),
    )


def instant(base: date, minute_offset: int) -> datetime:
    return datetime(base.year, base.month, base.day, tzinfo=UTC) + timedelta(minutes=minute_offset)


# `make mutation` runs these once per mutant: fewer examples there (scripts/mutation.py).
SCALE = 0.2 if os.environ.get("HELPCENTER_MUTATION") else 1.0
COMMON = settings(
    max_examples=int(150 * SCALE), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@COMMON
@given(calendars(), st.integers(-3 * 1440, 20 * 1440), st.integers(0, 3000))
def test_add_matches_reference(cal_def, offset, minutes):
    zone, hours, closed, base = cal_def
    weekly = sum(e - s for iv in hours.values() for s, e in iv)
    assume(weekly >= 60)
    calendar, reference = build(zone, hours, closed)
    start = instant(base, offset)
    # Enough steps for a sparse week (an hour a week takes 50 weeks for 3,000 minutes),
    # plus the closed days and the offset before the calendar starts.
    steps = (minutes // weekly + 2) * 7 * 1440 + 64 * 1440
    expected = reference.add(start, minutes, limit=steps)
    assert calendar.add(start, timedelta(minutes=minutes)) == expected


@COMMON
@given(calendars(), st.integers(-3 * 1440, 20 * 1440), st.integers(0, 6 * 1440))
def test_between_matches_reference(cal_def, offset, length):
    zone, hours, closed, base = cal_def
    calendar, reference = build(zone, hours, closed)
    a = instant(base, offset)
    b = a + timedelta(minutes=length)
    assert calendar.between(a, b) == timedelta(minutes=reference.between(a, b))


@COMMON
@given(calendars(), st.integers(0, 20 * 1440), st.integers(0, 4 * 1440))
def test_segments_add_up_to_between(cal_def, offset, length):
    zone, hours, closed, base = cal_def
    calendar, _ = build(zone, hours, closed)
    a = instant(base, offset)
    b = a + timedelta(minutes=length)
    segments = calendar.segments(a, b)
    worked = sum((e - s for s, e, kind, _ in segments if kind == "working"), timedelta(0))
    assert worked == calendar.between(a, b)
    if segments:
        assert segments[0][0] == a and segments[-1][1] == b
        assert all(x[1] == y[0] for x, y in zip(segments, segments[1:], strict=False))


@settings(max_examples=int(60 * SCALE), deadline=None)
@given(
    st.datetimes(datetime(2015, 1, 1), datetime(2035, 1, 1), timezones=st.just(UTC)),
    st.integers(1, 48 * 60),
)
def test_seed_calendar_add_then_between_round_trips(start, minutes):
    cal = business()
    start = start.replace(second=0, microsecond=0)
    due = cal.add(start, timedelta(minutes=minutes))
    assert cal.between(start, due) == timedelta(minutes=minutes)
    assert cal.is_open(due - timedelta(seconds=1))


# When the desk is closed: is_open must say False, not only True when open.


@pytest.mark.parametrize(
    "moment",
    [
        "2026-11-24T07:59:59-03:00",  # Tuesday, a second before opening
        "2026-11-24T18:00:00-03:00",  # Tuesday, closing instant
        "2026-11-24T23:30:00-03:00",  # Tuesday night
        "2026-11-25T03:00:00-03:00",  # early Wednesday
        "2026-11-28T10:00:00-03:00",  # Saturday
        "2026-11-29T15:00:00-03:00",  # Sunday
        "2026-12-25T10:00:00-03:00",  # Christmas, a Friday
        "2026-11-20T10:00:00-03:00",  # Black Consciousness Day (national since 2024), a Friday
    ],
)
def test_is_open_is_false_at_night_weekends_and_holidays(moment):
    assert business().is_open(at(moment)) is False


@pytest.mark.parametrize(
    "moment",
    ["2026-11-24T08:00:00-03:00", "2026-11-24T17:59:59-03:00", "2026-11-27T12:00:00-03:00"],
)
def test_is_open_is_true_in_business_hours(moment):
    assert business().is_open(at(moment)) is True


def test_a_state_holiday_closes_only_that_states_calendar():
    """9 July (Revolução Constitucionalista) is a holiday in São Paulo state, not nationally."""
    sao_paulo = Calendar(SAO_PAULO, WEEKDAYS_8_18, holidays=public_holidays("BR", "SP"))
    national = business()
    rio = Calendar("America/Sao_Paulo", WEEKDAYS_8_18, holidays=public_holidays("BR", "RJ"))
    july_9 = at("2026-07-09T10:00:00-03:00")  # a Thursday
    assert sao_paulo.is_open(july_9) is False and sao_paulo.closed_on(july_9.date())
    assert national.is_open(july_9) is True and rio.is_open(july_9) is True
    # An hour of work asked at 17:30 on the 8th finishes on Friday the 10th in São Paulo.
    due = sao_paulo.add(at("2026-07-08T17:30:00-03:00"), timedelta(hours=1))
    assert due == at("2026-07-10T08:30:00-03:00")
    assert national.add(at("2026-07-08T17:30:00-03:00"), timedelta(hours=1)) == at(
        "2026-07-09T08:30:00-03:00"
    )


def test_always_open_in_detail():
    cal = always_open("Plantão")
    assert cal.name == "Plantão" and str(cal.tz) == "UTC"
    assert cal.hours == {d: (Interval(0, 1440),) for d in range(7)}
    start = at("2026-11-27T23:30:00-03:00")
    assert cal.add(start, timedelta(0)) == start
    due = cal.add(start, timedelta(minutes=1))
    assert due == at("2026-11-28T02:31:00+00:00") and due.utcoffset() == timedelta(0)
    with pytest.raises(ValueError):
        cal.add(start, timedelta(seconds=-1))
    with pytest.raises(ValueError):
        cal.add(datetime(2026, 1, 1), timedelta(hours=1))  # naive: refused
    assert cal.is_open(start)
    end = start + timedelta(hours=2)
    (segment,) = cal.segments(start, end)
    assert segment == (start, end, "working", "")
    assert segment[0].utcoffset() == timedelta(0) and segment[1].utcoffset() == timedelta(0)
    assert cal.segments(end, start) == [] and cal.segments(start, start) == []


def _with_closed_day(zone: str, day: date) -> Calendar:
    return Calendar(zone, WEEKDAYS_8_18, closed_dates={day: "Feriado"})


def test_segments_label_a_holiday_by_the_calendars_own_midnights():
    cal = _with_closed_day(SAO_PAULO, date(2026, 4, 21))  # a Tuesday
    # Starting late on the holiday (already the next day in UTC).
    a, b = at("2026-04-21T22:00:00-03:00"), at("2026-04-22T09:00:00-03:00")
    assert cal.segments(a, b) == [
        (a, at("2026-04-22T00:00:00-03:00"), "holiday", "Feriado"),
        (at("2026-04-22T00:00:00-03:00"), at("2026-04-22T08:00:00-03:00"), "closed", ""),
        (at("2026-04-22T08:00:00-03:00"), b, "working", ""),
    ]
    # Ending on the holiday: its part is labelled too.
    a, b = at("2026-04-20T17:00:00-03:00"), at("2026-04-21T10:00:00-03:00")
    assert cal.segments(a, b) == [
        (a, at("2026-04-20T18:00:00-03:00"), "working", ""),
        (at("2026-04-20T18:00:00-03:00"), at("2026-04-21T00:00:00-03:00"), "closed", ""),
        (at("2026-04-21T00:00:00-03:00"), b, "holiday", "Feriado"),
    ]
    # East of UTC, the holiday's date is still the calendar's, not UTC's.
    tokyo = _with_closed_day("Asia/Tokyo", date(2026, 4, 22))
    a, b = at("2026-04-21T17:00:00+09:00"), at("2026-04-22T05:00:00+09:00")
    assert tokyo.segments(a, b) == [
        (a, at("2026-04-21T18:00:00+09:00"), "working", ""),
        (at("2026-04-21T18:00:00+09:00"), at("2026-04-22T00:00:00+09:00"), "closed", ""),
        (at("2026-04-22T00:00:00+09:00"), b, "holiday", "Feriado"),
    ]
