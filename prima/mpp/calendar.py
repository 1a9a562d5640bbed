"""The days an MPP is open: a weekday its opening hours list (the unit's, in the registry),
not a national holiday or cuti bersama (the complaints' working-day calendar, which offices
close on), and not one of the MPP's own closures. The daily figures flag an absent tenant or
an idle counter only on these days."""

from __future__ import annotations

import datetime as dt

from prima.complaints.calendar import closed_days
from prima.mpp.models import Mpp
from prima.registry import opening_hours


def open_weekdays(mpp: Mpp) -> frozenset[int]:
    """The weekdays (0 = Monday) the MPP's opening hours cover."""
    try:
        periods = opening_hours.parse(mpp.unit.opening_hours or [])
    except opening_hours.OpeningHoursError:
        return frozenset()
    return frozenset(period.day for period in periods)


def open_days(mpp: Mpp, first: dt.date, last: dt.date) -> list[dt.date]:
    """The days from `first` to `last` (inclusive) the MPP is open, oldest first."""
    if last < first:
        return []
    weekdays = open_weekdays(mpp)
    closed = set(closed_days(around=first, skip_cuti_bersama=True))
    if last.year != first.year:
        closed |= closed_days(around=last, skip_cuti_bersama=True)
    closed |= set(
        mpp.closures.filter(date__gte=first, date__lte=last).values_list("date", flat=True)
    )
    days = []
    day = first
    while day <= last:
        if day.weekday() in weekdays and day not in closed:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def is_open_on(mpp: Mpp, day: dt.date) -> bool:
    return bool(open_days(mpp, day, day))
