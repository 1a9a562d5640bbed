"""Opening hours: parsing what officers type, validation, and "open now" at the edges."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prima.registry.opening_hours import (
    OpeningHoursError,
    Period,
    format_day,
    is_open,
    parse,
    parse_day_text,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("  ", []),
        ("08.00-15.00", [("08:00", "15:00")]),
        ("8.00-15.00", [("08:00", "15:00")]),
        ("08:00 – 11:30, 13.30-15.00", [("08:00", "11:30"), ("13:30", "15:00")]),
        ("00.00-24.00", [("00:00", "24:00")]),
        ("13.00-16.00, 08.00-12.00", [("08:00", "12:00"), ("13:00", "16:00")]),
    ],
)
def test_officers_can_type_hours_the_indonesian_way(text, expected):
    assert [(p.opens, p.closes) for p in parse_day_text(2, text)] == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("08-15", "bad_range"),
        ("pagi", "bad_range"),
        ("08.00-25.00", "bad_time"),
        ("24.30-24.45", "bad_time"),
        ("08.60-09.00", "bad_time"),
        ("15.00-08.00", "closes_before_opens"),
        ("08.00-08.00", "closes_before_opens"),
        ("08.00-12.00, 11.00-14.00", "overlap"),
    ],
)
def test_bad_hours_are_refused_with_a_code_the_form_can_translate(text, code):
    with pytest.raises(OpeningHoursError) as error:
        parse_day_text(0, text)
    assert error.value.code == code


def test_touching_periods_do_not_overlap():
    assert len(parse_day_text(0, "08.00-12.00, 12.00-16.00")) == 2


@pytest.mark.parametrize("day", [-1, 7, "1", None])
def test_a_stored_period_needs_a_weekday_from_0_to_6(day):
    with pytest.raises(OpeningHoursError):
        parse([{"day": day, "opens": "08:00", "closes": "09:00"}])


WIT = ZoneInfo("Asia/Jayapura")  # a unit in Maluku

WEEKDAYS = [Period(d, "08:00", "15:00") for d in range(4)] + [
    Period(4, "08:00", "11:30"),
    Period(4, "13:30", "15:00"),
]


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 11, 23, 7, 59, tzinfo=WIT), False),  # Monday, one minute early
        (datetime(2026, 11, 23, 8, 0, tzinfo=WIT), True),  # opening minute
        (datetime(2026, 11, 23, 14, 59, tzinfo=WIT), True),
        (datetime(2026, 11, 23, 15, 0, tzinfo=WIT), False),  # closing minute is closed
        (datetime(2026, 11, 27, 11, 29, tzinfo=WIT), True),  # Friday before prayers
        (datetime(2026, 11, 27, 12, 0, tzinfo=WIT), False),  # Friday prayers
        (datetime(2026, 11, 27, 13, 30, tzinfo=WIT), True),
        (datetime(2026, 11, 28, 10, 0, tzinfo=WIT), False),  # Saturday
    ],
)
def test_open_now_respects_the_edges_of_each_period(moment, expected):
    assert is_open(WEEKDAYS, moment) is expected


def test_a_24_hour_unit_is_open_at_midnight_and_just_before():
    always = parse([{"day": 0, "opens": "00:00", "closes": "24:00"}])
    assert is_open(always, datetime(2026, 11, 23, 0, 0, tzinfo=WIT))
    assert is_open(always, datetime(2026, 11, 23, 23, 59, tzinfo=WIT))


times = st.integers(min_value=0, max_value=24 * 60).map(lambda m: f"{m // 60:02d}:{m % 60:02d}")


@given(st.lists(st.tuples(times, times), max_size=4))
def test_formatting_and_parsing_a_valid_day_gives_the_same_periods(pairs):
    raw = [{"day": 3, "opens": a, "closes": b} for a, b in pairs]
    try:
        periods = parse(raw)
    except OpeningHoursError:
        return
    assert parse_day_text(3, format_day(periods)) == periods
