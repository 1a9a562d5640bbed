"""The days the complaint clock does not count: weekends (in lib/workdays), Indonesia's national
holidays from the `holidays` package, and Prima's own table (`CalendarDay`): holidays the
package lacks or dates it has wrong, *cuti bersama* days (not counted unless a policy says so),
and working-day overrides."""

from __future__ import annotations

import datetime as dt

import holidays

from prima.complaints.models import CalendarDay


def closed_days(*, around: dt.date, skip_cuti_bersama: bool) -> frozenset[dt.date]:
    """Non-working days (besides weekends) from a year before `around` to two years after;
    cuti bersama days count as closed when `skip_cuti_bersama` (a complaint clock policy's
    choice; offices are closed on them, so other working-day windows pass True)."""
    years = range(around.year - 1, around.year + 3)
    closed = set(holidays.country_holidays("ID", years=years).keys())
    rows = CalendarDay.objects.filter(
        date__gte=dt.date(years[0], 1, 1), date__lte=dt.date(years[-1], 12, 31)
    )
    for row in rows:
        if row.kind == CalendarDay.Kind.WORKING:
            closed.discard(row.date)
        elif row.kind == CalendarDay.Kind.NATIONAL_HOLIDAY or skip_cuti_bersama:
            closed.add(row.date)
    return frozenset(closed)
