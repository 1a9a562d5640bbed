"""Working days and the deadlines counted in them — pure, no Django.

SP4N-LAPOR! counts its deadlines in working days: a report is verified within 3 working days,
the agency follows up within 5, and an answered report closes after 10 working days of silence
(docs/regulations.md §C1.1). Prima reads "N working days after an event" as the end
(23:59:59) of the N-th working day after the local calendar day of the event, that day itself
not counted, in the time zone of the unit concerned (WIB, WITA or WIT).

A working day is Monday to Friday, not a national holiday and — by default, switchable per
deployment, since no rule says either way (docs/regulations.md §C4.2) — not a *cuti
bersama* day. The calendar of non-working days is passed in, so this module stays pure: Prima
builds it from the `holidays` package (Indonesia) and its own editable table
(prima.complaints.calendar).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container
from zoneinfo import ZoneInfo

END_OF_DAY = dt.time(23, 59, 59)


def is_working_day(day: dt.date, closed: Container[dt.date]) -> bool:
    return day.weekday() < 5 and day not in closed


def add_working_days(day: dt.date, n: int, closed: Container[dt.date]) -> dt.date:
    """The n-th working day after `day` (`day` itself not counted). n = 0 gives `day` if it
    is a working day, else the next working day."""
    if n < 0:
        raise ValueError("n must not be negative")
    current = day
    if n == 0:
        while not is_working_day(current, closed):
            current += dt.timedelta(days=1)
        return current
    counted = 0
    while counted < n:
        current += dt.timedelta(days=1)
        if is_working_day(current, closed):
            counted += 1
    return current


def due_at(
    event: dt.datetime, n: int, *, zone: ZoneInfo, closed: Container[dt.date]
) -> dt.datetime:
    """The end (23:59:59, local time) of the n-th working day after the local day of `event`,
    as an aware datetime in `zone`."""
    if event.tzinfo is None:
        raise ValueError("event must be timezone-aware")
    local_day = event.astimezone(zone).date()
    return dt.datetime.combine(add_working_days(local_day, n, closed), END_OF_DAY, tzinfo=zone)


def working_days_between(
    start: dt.datetime, end: dt.datetime, *, zone: ZoneInfo, closed: Container[dt.date]
) -> int:
    """Working days after the local day of `start` up to and including the local day of `end`
    (0 when `end` falls on the same local day or earlier) — how late a step was, or how long
    it took, in the clock's own unit."""
    first = start.astimezone(zone).date()
    last = end.astimezone(zone).date()
    count = 0
    day = first
    while day < last:
        day += dt.timedelta(days=1)
        if is_working_day(day, closed):
            count += 1
    return count
