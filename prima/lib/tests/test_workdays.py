"""Working days and deadlines (prima.lib.workdays): "N working days after" is the end of the
N-th working day after the event's local day (docs/regulations.md §C1.1, §C4)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from prima.lib import workdays

WIB, WITA, WIT = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura")
# 2026: Idul Fitri 21–22 Mar (Sat, Sun) with cuti bersama Fri 20, Mon 23, Tue 24 Mar; Nyepi
# Thu 19 Mar (holiday) and Wed 18 Mar (cuti bersama); Christmas Fri 25 Dec, cuti Thu 24 Dec.
NATIONAL = {dt.date(2026, 3, 19), dt.date(2026, 3, 21), dt.date(2026, 3, 22), dt.date(2026, 12, 25)}
CUTI = {
    dt.date(2026, 3, 18),
    dt.date(2026, 3, 20),
    dt.date(2026, 3, 23),
    dt.date(2026, 3, 24),
    dt.date(2026, 12, 24),
}
CLOSED = NATIONAL | CUTI


@pytest.mark.parametrize(
    ("day", "n", "closed", "expected"),
    [
        (dt.date(2026, 11, 23), 3, set(), dt.date(2026, 11, 26)),  # Mon + 3 = Thu
        (dt.date(2026, 11, 26), 3, set(), dt.date(2026, 12, 1)),  # Thu + 3 skips the weekend
        (dt.date(2026, 11, 28), 1, set(), dt.date(2026, 11, 30)),  # Sat + 1 = Mon
        (dt.date(2026, 11, 29), 5, set(), dt.date(2026, 12, 4)),  # Sun + 5 = Fri
        (dt.date(2026, 11, 27), 0, set(), dt.date(2026, 11, 27)),  # a working day itself
        (dt.date(2026, 11, 28), 0, set(), dt.date(2026, 11, 30)),  # 0 from a Saturday
        (dt.date(2026, 3, 17), 1, CLOSED, dt.date(2026, 3, 25)),  # Lebaran week closed
        (dt.date(2026, 3, 17), 1, NATIONAL, dt.date(2026, 3, 18)),  # cuti bersama counted
        (dt.date(2026, 3, 17), 3, NATIONAL, dt.date(2026, 3, 23)),
        (dt.date(2026, 12, 23), 1, CLOSED, dt.date(2026, 12, 28)),
        (dt.date(2026, 12, 23), 10, CLOSED, dt.date(2027, 1, 8)),
    ],
)
def test_add_working_days(day, n, closed, expected):
    assert workdays.add_working_days(day, n, closed) == expected


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        workdays.add_working_days(dt.date(2026, 1, 1), -1, set())


# Thursday 26 Nov 2026 + 3 working days = Tue 1 Dec; from Friday it is Wed 2 Dec. Midnight
# local falls at 17:00 UTC in WIB, 16:00 in WITA and 15:00 in WIT.
THU_DUE, FRI_DUE = (2026, 12, 1, 23, 59, 59), (2026, 12, 2, 23, 59, 59)


@pytest.mark.parametrize(
    ("event_utc", "zone", "expected_local"),
    [
        (dt.datetime(2026, 11, 26, 16, 59, 59, tzinfo=dt.UTC), WIB, THU_DUE),
        (dt.datetime(2026, 11, 26, 17, 0, 0, tzinfo=dt.UTC), WIB, FRI_DUE),
        (dt.datetime(2026, 11, 26, 15, 59, 59, tzinfo=dt.UTC), WITA, THU_DUE),
        (dt.datetime(2026, 11, 26, 16, 0, 0, tzinfo=dt.UTC), WITA, FRI_DUE),
        (dt.datetime(2026, 11, 26, 14, 59, 59, tzinfo=dt.UTC), WIT, THU_DUE),
        (dt.datetime(2026, 11, 26, 15, 0, 0, tzinfo=dt.UTC), WIT, FRI_DUE),
        # Late Friday in Jakarta is already Saturday in Jayapura: both count from Monday.
        (dt.datetime(2026, 11, 27, 16, 30, tzinfo=dt.UTC), WIB, FRI_DUE),
        (dt.datetime(2026, 11, 27, 16, 30, tzinfo=dt.UTC), WIT, FRI_DUE),
    ],
)
def test_three_working_days_end_at_midnight_local_in_each_time_zone(
    event_utc, zone, expected_local
):
    due = workdays.due_at(event_utc, 3, zone=zone, closed=set())
    assert due == dt.datetime(*expected_local, tzinfo=zone)
    assert due.tzinfo == zone


def test_a_deadline_is_the_same_instant_seen_from_utc():
    # Thursday 10:00 in Ambon (WIT) + 3 working days = Tuesday 23:59:59 WIT = 14:59:59 UTC.
    event = dt.datetime(2026, 11, 26, 10, 0, tzinfo=WIT)
    due = workdays.due_at(event, 3, zone=WIT, closed=set())
    assert due.astimezone(dt.UTC) == dt.datetime(2026, 12, 1, 14, 59, 59, tzinfo=dt.UTC)


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        workdays.due_at(dt.datetime(2026, 1, 1, 9), 3, zone=WIB, closed=set())  # noqa: DTZ001


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (dt.datetime(2026, 11, 23, 9, tzinfo=WIB), dt.datetime(2026, 11, 23, 17, tzinfo=WIB), 0),
        (dt.datetime(2026, 11, 23, 9, tzinfo=WIB), dt.datetime(2026, 11, 24, 8, tzinfo=WIB), 1),
        (dt.datetime(2026, 11, 27, 9, tzinfo=WIB), dt.datetime(2026, 11, 30, 8, tzinfo=WIB), 1),
        (dt.datetime(2026, 3, 17, 9, tzinfo=WIB), dt.datetime(2026, 3, 25, 8, tzinfo=WIB), 1),
    ],
)
def test_working_days_between(start, end, days):
    assert workdays.working_days_between(start, end, zone=WIB, closed=CLOSED) == days
