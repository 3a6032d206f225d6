"""Boundaries of the SLA math that the property tests do not pin down: exact
equalities (a deadline met at the due instant, a span of zero length), error
messages, the table's first interval and growth, and the parsers. No Django."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from sla.calendar import Calendar, Interval, always_open
from sla.clocks import COUNTING, MET, PAUSED, Span, TargetSpec, evaluate
from sla.holidays_provider import public_holidays

T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # a Tuesday, 09:00 in São Paulo
H = timedelta(hours=1)
ALL_DAY = {d: (Interval(0, 1440),) for d in range(7)}
WEEKDAYS = {d: (Interval(480, 1080),) for d in range(5)}


def business() -> Calendar:
    return Calendar("America/Sao_Paulo", WEEKDAYS)


# --- Interval --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [("08:00-18:00", 480, 1080), ("00:00-24:00", 0, 1440), (" 9:30 - 12:15 ", 570, 735)],
)
def test_interval_parse(text, start, end):
    assert Interval.parse(text) == Interval(start, end)


@pytest.mark.parametrize("text", ["08:00", "08:00-18:00-19:00", "8-18", "aa:00-18:00", ""])
def test_interval_parse_refuses_other_shapes(text):
    with pytest.raises(ValueError, match="expected HH:MM-HH:MM"):
        Interval.parse(text)


@pytest.mark.parametrize(("start", "end"), [(480, 480), (600, 480), (-1, 60), (0, 1441)])
def test_interval_must_be_a_nonempty_stretch_of_one_day(start, end):
    with pytest.raises(ValueError, match="invalid interval"):
        Interval(start, end)


def test_interval_bounds_are_inclusive_where_a_day_allows():
    assert Interval(0, 1440) and Interval(0, 1) and Interval(1439, 1440)


# --- always open -------------------------------------------------------------------


def test_always_open_is_named_and_counts_elapsed_time():
    assert always_open().name == "24x7"
    assert always_open("x").name == "x"
    assert always_open().add(T0, H) == T0 + H
    assert always_open().add(T0.astimezone(business().tz), H).tzinfo is UTC
    assert always_open().is_open(T0)


def test_always_open_refuses_a_negative_duration_and_a_naive_start():
    with pytest.raises(ValueError, match="^duration must not be negative$"):
        always_open().add(T0, -H)
    with pytest.raises(ValueError, match="aware"):
        always_open().add(datetime(2026, 1, 1), H)


def test_always_open_agrees_with_an_all_day_calendar():
    table = Calendar("UTC", ALL_DAY)
    for start in (T0, datetime(2026, 1, 1, tzinfo=UTC), datetime(2025, 12, 31, 23, tzinfo=UTC)):
        assert always_open().add(start, 30 * H) == table.add(start, 30 * H)
        assert always_open().between(start, start + 30 * H) == table.between(start, start + 30 * H)
        assert table.is_open(start)


# --- Calendar.add -------------------------------------------------------------------


def test_add_zero_returns_the_start_even_when_closed():
    saturday = datetime(2026, 11, 28, 15, tzinfo=UTC)
    assert business().add(saturday, timedelta(0)) == saturday
    assert business().add(saturday.astimezone(business().tz), timedelta(0)).tzinfo is UTC


def test_add_one_second_counts_from_the_next_opening():
    saturday = datetime(2026, 11, 28, 15, tzinfo=UTC)
    monday_8 = datetime(2026, 11, 30, 11, tzinfo=UTC)  # 08:00 in São Paulo
    assert business().add(saturday, timedelta(seconds=1)) == monday_8 + timedelta(seconds=1)


def test_add_refuses_a_negative_duration():
    with pytest.raises(ValueError, match="^duration must not be negative$"):
        business().add(T0, timedelta(seconds=-1))


def test_a_second_long_duration_grows_the_table_already_loaded():
    cal = Calendar("UTC", ALL_DAY)
    assert cal.add(T0, H) == T0 + H  # loads 2025-2027
    assert cal.add(T0, timedelta(days=2000)) == T0 + timedelta(days=2000)
    assert cal.add(T0 - timedelta(days=800), H) == T0 - timedelta(days=800) + H


def test_add_across_the_table_edge_of_a_business_calendar():
    cal = business()
    first = cal.add(T0, H)
    far = cal.add(T0, timedelta(hours=10 * 260 * 3))  # about three years of working days
    assert first == T0 + H and far.year in (2029, 2030)
    assert cal.between(T0, far) == timedelta(hours=10 * 260 * 3)


def test_add_from_the_first_instant_of_a_year():
    cal = Calendar("UTC", ALL_DAY)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    assert cal.add(start, H) == start + H
    assert cal.is_open(start)
    assert cal.between(start - H, start + H) == 2 * H


# --- between, is_open, segments -------------------------------------------------------


def test_between_of_an_instant_and_itself_is_zero():
    assert business().between(T0, T0) == timedelta(0)
    assert business().between(T0 + H, T0) == timedelta(0)
    assert business().segments(T0, T0) == []


def test_is_open_in_the_first_interval_of_the_table():
    cal = Calendar("UTC", ALL_DAY)
    assert cal.is_open(datetime(2026, 6, 1, tzinfo=UTC))
    cal = Calendar("UTC", {0: (Interval(0, 60),)})
    assert cal.is_open(datetime(2026, 1, 5, 0, 30, tzinfo=UTC))  # a Monday
    assert not cal.is_open(datetime(2026, 1, 5, 1, 0, tzinfo=UTC))


def test_segments_from_inside_the_first_working_interval():
    cal = Calendar("UTC", ALL_DAY)
    a = datetime(2026, 3, 1, 10, tzinfo=UTC)
    assert cal.segments(a, a + H) == [(a, a + H, "working", "")]


def test_segments_end_exactly_at_a_closing_and_start_exactly_at_an_opening():
    cal = business()
    opening = datetime(2026, 11, 24, 11, tzinfo=UTC)  # Tuesday 08:00 local
    closing = datetime(2026, 11, 24, 21, tzinfo=UTC)  # 18:00 local
    assert cal.segments(opening, closing) == [(opening, closing, "working", "")]
    after = cal.segments(opening, closing + H)
    assert after == [(opening, closing, "working", ""), (closing, closing + H, "closed", "")]
    before = cal.segments(opening - H, closing)
    assert before == [(opening - H, opening, "closed", ""), (opening, closing, "working", "")]


def test_segments_over_several_days_alternate_without_gaps():
    cal = business()
    a, b = datetime(2026, 11, 23, 12, tzinfo=UTC), datetime(2026, 11, 27, 12, tzinfo=UTC)
    parts = cal.segments(a, b)
    assert parts[0][0] == a and parts[-1][1] == b
    assert all(x[1] == y[0] for x, y in zip(parts, parts[1:], strict=False))
    assert [p[2] for p in parts].count("working") == 5
    assert sum((p[1] - p[0] for p in parts if p[2] == "working"), timedelta()) == cal.between(a, b)


def test_a_holiday_gap_is_labelled_in_the_calendars_zone():
    christmas = {date(2026, 12, 25): "Natal"}
    cal = Calendar("America/Sao_Paulo", WEEKDAYS, closed_dates=christmas)
    a = datetime(2026, 12, 24, 21, tzinfo=UTC)  # Thursday 18:00 local
    b = datetime(2026, 12, 28, 11, tzinfo=UTC)  # Monday 08:00 local
    local_midnight = datetime(2026, 12, 25, 3, tzinfo=UTC)
    next_midnight = datetime(2026, 12, 26, 3, tzinfo=UTC)
    assert cal.segments(a, b) == [
        (a, local_midnight, "closed", ""),
        (local_midnight, next_midnight, "holiday", "Natal"),
        (next_midnight, b, "closed", ""),
    ]


def test_closed_dates_of_each_year_are_their_own():
    closed = {date(2026, 1, 1): "Ano novo", date(2027, 1, 1): "Ano novo"}
    cal = Calendar("UTC", ALL_DAY, closed_dates=closed)
    assert cal.closed_on(date(2026, 1, 1)) == "Ano novo"
    assert cal.closed_on(date(2027, 1, 1)) == "Ano novo"
    assert cal.closed_on(date(2026, 1, 2)) is None
    assert cal.closed_on(date(2026, 1, 1)) == "Ano novo"  # asked again: same answer


def test_holidays_of_a_state_and_an_unknown_state():
    sao_paulo = public_holidays("BR", "SP")(2026)
    assert date(2026, 7, 9) in sao_paulo and date(2026, 7, 9) not in public_holidays("BR")(2026)
    with pytest.raises(NotImplementedError):
        public_holidays("BR", "XX")


# --- clocks ---------------------------------------------------------------------------


def spec(hours: float = 2, calendar: Calendar | None = None, warn: float = 0.75) -> TargetSpec:
    return TargetSpec("resolution", timedelta(hours=hours), calendar or always_open(), warn)


def test_met_exactly_at_the_due_instant_is_met():
    spans = [Span(T0, T0 + 2 * H, COUNTING), Span(T0 + 2 * H, None, MET)]
    result = evaluate(spec(2), spans, T0 + 5 * H)
    assert (result.state, result.breached, result.name) == ("met", False, "resolution")
    assert result.due_at == T0 + 2 * H


def test_paused_exactly_at_the_target_is_not_breached():
    spans = [Span(T0, T0 + 2 * H, COUNTING), Span(T0 + 2 * H, None, PAUSED)]
    result = evaluate(spec(2), spans, T0 + 3 * H)
    assert (result.state, result.breached, result.due_at) == ("paused", False, None)


def test_a_counting_span_that_reaches_the_target_exactly_gives_its_end():
    spans = [
        Span(T0, T0 + 2 * H, COUNTING),
        Span(T0 + 2 * H, T0 + 5 * H, PAUSED),
        Span(T0 + 5 * H, None, COUNTING),
    ]
    result = evaluate(spec(2), spans, T0 + 6 * H)
    assert result.due_at == T0 + 2 * H and result.breached
    assert result.warn_at == T0 + timedelta(minutes=90)


def test_due_after_several_counting_spans():
    spans = [
        Span(T0, T0 + H, COUNTING),
        Span(T0 + H, T0 + 2 * H, PAUSED),
        Span(T0 + 2 * H, T0 + 2 * H + timedelta(minutes=30), COUNTING),
        Span(T0 + 2 * H + timedelta(minutes=30), T0 + 4 * H, PAUSED),
        Span(T0 + 4 * H, None, COUNTING),
    ]
    result = evaluate(spec(2), spans, T0 + 4 * H)
    assert result.due_at == T0 + 4 * H + timedelta(minutes=30)
    assert result.used == H + timedelta(minutes=30)


def test_a_span_starting_now_counts_nothing_yet_and_a_future_met_is_met():
    counting = evaluate(spec(2), [Span(T0, None, COUNTING)], T0)
    assert counting.used == timedelta(0) and counting.state == "running"
    future = [Span(T0, T0 + H, COUNTING), Span(T0 + H, None, MET)]
    met = evaluate(spec(2), future, T0 + timedelta(minutes=30))
    assert met.state == "met" and met.met_at == T0 + H


def test_a_span_that_begins_after_now_is_not_counted():
    spans = [
        Span(T0, T0 + H, COUNTING),
        Span(T0 + H, T0 + 3 * H, PAUSED),
        Span(T0 + 3 * H, None, COUNTING),
    ]
    result = evaluate(spec(5), spans, T0 + 2 * H, ledger=True)
    assert result.state == "paused" and result.used == H


def test_the_ledger_names_every_stretch():
    cal = business()
    spans = [
        Span(T0, T0 + H, COUNTING),
        Span(T0 + H, T0 + 2 * H, PAUSED, "waiting on client"),
        Span(T0 + 2 * H, T0 + 2 * H, PAUSED, "an instant"),
        Span(T0 + 2 * H, None, COUNTING),
    ]
    result = evaluate(spec(4, cal), spans, T0 + 3 * H, ledger=True)
    assert [(s.start, s.end, s.kind, s.note, s.working) for s in result.segments] == [
        (T0, T0 + H, "working", "", H),
        (T0 + H, T0 + 2 * H, "paused", "waiting on client", timedelta(0)),
        (T0 + 2 * H, T0 + 3 * H, "working", "", H),
    ]


def test_an_empty_history_is_running_with_nothing_used():
    result = evaluate(spec(2), [], T0)
    assert (result.state, result.used, result.due_at, result.breached) == (
        "running",
        timedelta(0),
        None,
        False,
    )


def test_an_instant_just_before_the_loaded_table_is_counted_from_itself():
    cal = Calendar("UTC", ALL_DAY)
    assert cal.add(T0, H) == T0 + H  # loads 2025-2027
    before = datetime(2024, 12, 31, 12, tzinfo=UTC)
    assert cal.add(before, H) == before + H


def test_whole_days_join_into_one_working_stretch_across_midnight():
    cal = Calendar("UTC", ALL_DAY)
    a, b = datetime(2026, 3, 1, 20, tzinfo=UTC), datetime(2026, 3, 3, 4, tzinfo=UTC)
    assert cal.segments(a, b) == [(a, b, "working", "")]


def test_an_instant_before_the_first_working_time_of_the_table():
    def all_of_2024_and_2025(year):
        if year not in (2024, 2025):
            return {}
        first = date(year, 1, 1).toordinal()
        return {
            date.fromordinal(first + n): "closed" for n in range(366) if n < 365 or year == 2024
        }

    cal = Calendar("UTC", ALL_DAY, holidays=all_of_2024_and_2025)
    late_2025 = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
    assert cal.add(late_2025, H) == datetime(2026, 1, 1, 1, tzinfo=UTC)
    assert cal.between(late_2025, datetime(2026, 1, 1, 1, tzinfo=UTC)) == H


def test_due_inside_a_finished_counting_span_after_earlier_ones():
    spans = [
        Span(T0, T0 + H, COUNTING),
        Span(T0 + H, T0 + 2 * H, PAUSED),
        Span(T0 + 2 * H, T0 + 5 * H, COUNTING),
        Span(T0 + 5 * H, None, MET),
    ]
    result = evaluate(spec(2), spans, T0 + 6 * H)
    assert result.due_at == T0 + 3 * H and result.breached
    assert result.warn_at == T0 + 2 * H + timedelta(minutes=30)


@pytest.mark.parametrize(
    ("zone", "change", "before", "after"),
    [
        ("America/New_York", datetime(2026, 3, 8, 7, tzinfo=UTC), -5 * 3600, -4 * 3600),
        ("America/New_York", datetime(2026, 11, 1, 6, tzinfo=UTC), -4 * 3600, -5 * 3600),
        ("Australia/Lord_Howe", datetime(2026, 4, 4, 15, tzinfo=UTC), 11 * 3600, 10.5 * 3600),
    ],
)
def test_offset_pieces_find_a_change_to_the_second(zone, change, before, after):
    from zoneinfo import ZoneInfo

    from sla.timezones import offset_pieces

    at = change.timestamp()
    start, end = at - 86400 - 17, at + 86400 + 5
    assert offset_pieces(ZoneInfo(zone), start, end) == [
        (start, at, before),
        (at, end, after),
    ]
    assert offset_pieces(ZoneInfo(zone), start, at - 1) == [(start, at - 1, before)]


def test_naive_datetimes_are_refused_with_their_reason():
    with pytest.raises(ValueError, match="^datetimes must be time-zone aware$"):
        business().between(datetime(2026, 1, 1), T0)


def test_a_calendar_keeps_its_zone_and_name():
    assert business().time_zone == "America/Sao_Paulo" and business().name == ""
    assert Calendar("UTC", ALL_DAY, name="x").name == "x"


def test_overlapping_opening_intervals_are_refused_and_touching_ones_allowed():
    with pytest.raises(ValueError, match="^opening intervals of a day overlap$"):
        Calendar("UTC", {0: (Interval(480, 600), Interval(540, 700), Interval(800, 900))})
    touching = Calendar("UTC", {0: (Interval(600, 700), Interval(480, 600))})
    monday = datetime(2026, 1, 5, 8, tzinfo=UTC)
    assert touching.between(monday, monday + 4 * H) == timedelta(minutes=220)


def test_closed_dates_given_as_a_list_have_no_name():
    cal = Calendar("UTC", ALL_DAY, closed_dates=[date(2026, 5, 1)])
    assert cal.closed_on(date(2026, 5, 1)) == ""
    assert cal.closed_on(date(2026, 5, 2)) is None


def test_holidays_are_labelled_by_midnights_of_a_zone_east_of_utc():
    closed = {date(2026, 12, 25): "Christmas"}
    cal = Calendar("Asia/Tokyo", {d: (Interval(540, 1080),) for d in range(5)}, closed_dates=closed)
    a = datetime(2026, 12, 24, 9, tzinfo=UTC)  # Thursday 18:00 in Tokyo
    midnight = datetime(2026, 12, 24, 15, tzinfo=UTC)  # Friday 00:00 in Tokyo
    next_midnight = datetime(2026, 12, 25, 15, tzinfo=UTC)
    b = datetime(2026, 12, 25, 16, tzinfo=UTC)
    assert cal.segments(a, b) == [
        (a, midnight, "closed", ""),
        (midnight, next_midnight, "holiday", "Christmas"),
        (next_midnight, b, "closed", ""),
    ]


def test_a_stretch_ending_at_the_midnight_a_holiday_starts_has_no_empty_holiday():
    closed = {date(2026, 12, 25): "Natal"}
    cal = Calendar("America/Sao_Paulo", WEEKDAYS, closed_dates=closed)
    a = datetime(2026, 12, 24, 21, tzinfo=UTC)  # Thursday 18:00 local
    midnight = datetime(2026, 12, 25, 3, tzinfo=UTC)
    assert cal.segments(a, midnight) == [(a, midnight, "closed", "")]


def test_segments_when_no_working_time_follows_in_the_table():
    def from_december_2026(year):
        first = date(year, 1, 1).toordinal()
        days = (date.fromordinal(first + n) for n in range(366))
        return {d: "closed" for d in days if d.year == year and d >= date(2026, 12, 1)}

    cal = Calendar("UTC", ALL_DAY, holidays=from_december_2026)
    a, b = datetime(2026, 11, 30, 23, tzinfo=UTC), datetime(2026, 12, 1, 2, tzinfo=UTC)
    parts = cal.segments(a, b)
    assert parts[0] == (a, datetime(2026, 12, 1, tzinfo=UTC), "working", "")
    assert parts[-1][1] == b and all(p[2] == "holiday" for p in parts[1:])
    late = datetime(2026, 12, 20, tzinfo=UTC)
    assert cal.segments(late, late + H) == [(late, late + H, "holiday", "closed")]


def test_working_time_just_after_a_change_of_offset():
    new_york = Calendar("America/New_York", WEEKDAYS)
    monday_9 = datetime(2026, 3, 9, 13, tzinfo=UTC)  # 09:00 EDT, the day after the change
    assert new_york.between(monday_9 - 5 * H, monday_9 + 9 * H) == 10 * H
    assert new_york.add(monday_9, H) == monday_9 + H


def test_a_holiday_evening_west_of_utc_is_labelled_by_the_calendars_date():
    closed = {date(2026, 12, 24): "Christmas Eve"}
    cal = Calendar("America/Los_Angeles", WEEKDAYS, closed_dates=closed)
    a = datetime(2026, 12, 25, 6, tzinfo=UTC)  # Thursday 22:00 in Los Angeles
    midnight = datetime(2026, 12, 25, 8, tzinfo=UTC)  # Friday 00:00 there
    b = datetime(2026, 12, 25, 9, tzinfo=UTC)
    assert cal.segments(a, b) == [
        (a, midnight, "holiday", "Christmas Eve"),
        (midnight, b, "closed", ""),
    ]
