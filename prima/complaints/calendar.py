"""The days the complaint clock does not count: weekends (in lib/workdays), Indonesia's national
holidays from the `holidays` package, and Prima's own table (`CalendarDay`): holidays the
package lacks or dates it has wrong, *cuti bersama* days (not counted unless a policy says so),
and working-day overrides."""

from __future__ import annotations

import datetime as dt

import holidays

from prima.complaints.models import CalendarDay, ClockPolicy


def closed_days(policy: ClockPolicy, *, around: dt.date) -> frozenset[dt.date]:
    """Non-working days (besides weekends) from a year before `around` to two years after."""
    years = range(around.year - 1, around.year + 3)
    closed = set(holidays.country_holidays("ID", years=years).keys())
    rows = CalendarDay.objects.filter(
        date__gte=dt.date(years[0], 1, 1), date__lte=dt.date(years[-1], 12, 31)
    )
    for row in rows:
        if row.kind == CalendarDay.Kind.WORKING:
            closed.discard(row.date)
        elif row.kind == CalendarDay.Kind.NATIONAL_HOLIDAY or policy.skip_cuti_bersama:
            closed.add(row.date)
    return frozenset(closed)
