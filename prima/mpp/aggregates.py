"""The per-day pre-aggregates of an MPP's figures: `TenantDay` and `MppDay`, computed from the
raw rows (`OfferingDay`, `CounterDay`), kept current by every write of those rows
(`refresh_days`, called by prima.mpp.figures_actions) and rebuildable from scratch
(`rebuild`, `prima mpp_figures rebuild`). Both paths run the same computation for a set of
days, so they agree exactly (tested as a property in test_figures_aggregates.py).

Rules (docs/guide/mpp-figures.md):

- A day is *reported* for an MPP when it has any OfferingDay or CounterDay row. Only reported
  days have aggregate rows: a day nobody reported is unknown, not a day of zeros.
- A reported day has a TenantDay for every tenant present that day (Tenant.is_present_on) and
  for any other tenant with raw rows that day (figures entered for a tenant whose dates were
  changed later are kept, never flagged).
- Flags only on reported days the MPP is open (prima.mpp.calendar.open_days): a present tenant
  with none of its counters in use (Counter.is_active) staffed is *absent*; a counter in use
  of a present tenant not staffed is *idle*. Staffed = opened, with at least one person.
- MppDay sums the TenantDay rows of the tenants present that day.

`Counter.is_active` and a tenant's join and leave dates are read as they are now: after
changing them, run `rebuild` (or `refresh_days`) for the days concerned.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from prima.lib.changes import units_changed
from prima.mpp.calendar import open_days
from prima.mpp.models import (
    HOURS,
    Counter,
    CounterDay,
    Mpp,
    MppDay,
    OfferingDay,
    Tenant,
    TenantDay,
)

SUMS = ("visitors", "transactions", "wait_minutes", "service_minutes")


def hourly_of(raw: Any) -> list[int]:
    """A stored list of visitors per hour as 24 whole numbers (a malformed list is read as far
    as it goes; negative or non-numeric entries count 0)."""
    hours = [0] * HOURS
    if isinstance(raw, list):
        for index, value in enumerate(raw[:HOURS]):
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                hours[index] = value
    return hours


@dataclass
class _Tally:
    visitors: int = 0
    transactions: int = 0
    wait_minutes: int = 0
    service_minutes: int = 0
    hourly: list[int] = field(default_factory=lambda: [0] * HOURS)
    counters_open: int = 0
    staffed: set[int] = field(default_factory=set)  # counter ids
    has_rows: bool = False


def _open_days(mpp: Mpp, first: dt.date, last: dt.date) -> set[dt.date]:
    # prima.mpp.calendar reads the national calendar around `first` and `last`; a long range
    # is taken a year at a time so that no year in between is missed.
    found: set[dt.date] = set()
    start = first
    while start <= last:
        end = min(last, dt.date(start.year, 12, 31))
        found.update(open_days(mpp, start, end))
        start = end + dt.timedelta(days=1)
    return found


def _recompute(mpp: Mpp, days: set[dt.date]) -> tuple[int, int]:
    """Replace the aggregate rows of `mpp` on `days` by what the raw rows say; returns the
    numbers of TenantDay and MppDay rows written."""
    if not days:
        return 0, 0
    first, last = min(days), max(days)
    tenants = list(Tenant.objects.filter(mpp=mpp).order_by("pk"))
    active: dict[int, list[int]] = defaultdict(list)  # tenant → its counters in use
    for counter_id, tenant_id in Counter.objects.filter(
        tenant__mpp=mpp, is_active=True
    ).values_list("pk", "tenant_id"):
        active[tenant_id].append(counter_id)

    tallies: dict[tuple[int, dt.date], _Tally] = defaultdict(_Tally)
    reported: set[dt.date] = set()
    offering_rows = OfferingDay.objects.filter(
        offering__tenant__mpp=mpp, date__gte=first, date__lte=last
    ).values_list("offering__tenant_id", "date", *SUMS, "hourly")
    for tenant_id, day, visitors, transactions, wait, service, hourly in offering_rows:
        if day not in days:
            continue
        reported.add(day)
        tally = tallies[tenant_id, day]
        tally.has_rows = True
        tally.visitors += visitors
        tally.transactions += transactions
        tally.wait_minutes += wait
        tally.service_minutes += service
        for hour, count in enumerate(hourly_of(hourly)):
            tally.hourly[hour] += count
    counter_rows = CounterDay.objects.filter(
        counter__tenant__mpp=mpp, date__gte=first, date__lte=last
    ).values_list("counter_id", "counter__tenant_id", "date", "opened_at", "staff")
    for counter_id, tenant_id, day, opened_at, staff in counter_rows:
        if day not in days:
            continue
        reported.add(day)
        tally = tallies[tenant_id, day]
        tally.has_rows = True
        if opened_at is not None:
            tally.counters_open += 1
            if staff > 0:
                tally.staffed.add(counter_id)

    open_reported = _open_days(mpp, min(reported), max(reported)) if reported else set()
    tenant_days: list[TenantDay] = []
    mpp_days: list[MppDay] = []
    for day in sorted(reported):
        is_open = day in open_reported
        total = MppDay(mpp=mpp, date=day, hourly=[0] * HOURS)
        for tenant in tenants:
            present = tenant.is_present_on(day)
            found = tallies.get((tenant.pk, day))
            if not present and found is None:
                continue
            tally = found or _Tally()
            in_use = active.get(tenant.pk, [])
            staffed = sum(1 for counter_id in in_use if counter_id in tally.staffed)
            absent = present and is_open and staffed == 0
            tenant_days.append(
                TenantDay(
                    tenant=tenant,
                    date=day,
                    visitors=tally.visitors,
                    transactions=tally.transactions,
                    wait_minutes=tally.wait_minutes,
                    service_minutes=tally.service_minutes,
                    counters=len(in_use),
                    counters_open=tally.counters_open,
                    counters_staffed=len(tally.staffed),
                    is_absent=absent,
                    hourly=tally.hourly,
                )
            )
            if not present:
                continue
            total.tenants += 1
            total.tenants_absent += absent
            total.counters += len(in_use)
            if is_open:
                total.counters_idle += len(in_use) - staffed
            for name in SUMS:
                setattr(total, name, getattr(total, name) + getattr(tally, name))
            total.hourly = [a + b for a, b in zip(total.hourly, tally.hourly, strict=True)]
        mpp_days.append(total)

    TenantDay.objects.filter(tenant__mpp=mpp, date__in=days).delete()
    MppDay.objects.filter(mpp=mpp, date__in=days).delete()
    TenantDay.objects.bulk_create(tenant_days, batch_size=500)
    MppDay.objects.bulk_create(mpp_days, batch_size=500)
    # Rows written in bulk send no signals: tell the boards (readiness, national picture).
    units_changed([mpp.pk])
    return len(tenant_days), len(mpp_days)


def refresh_days(mpp: Mpp, days: Iterable[dt.date]) -> None:
    """The incremental path: recompute the aggregate rows of `mpp` on `days` (the days whose
    raw rows a write added, changed or deleted — both days when a row moved)."""
    wanted = set(days)
    with transaction.atomic():
        # A few days at a time keeps the `date IN (…)` lists short on SQLite.
        ordered = sorted(wanted)
        for start in range(0, len(ordered), 200):
            _recompute(mpp, set(ordered[start : start + 200]))


@dataclass(frozen=True)
class Rebuilt:
    mpps: int
    tenant_days: int
    mpp_days: int


def rebuild(
    mpp: Mpp | None = None, first: dt.date | None = None, last: dt.date | None = None
) -> Rebuilt:
    """Recompute every aggregate row from the raw rows: of one MPP or all, on the days from
    `first` to `last` (inclusive; open-ended when None). Rows on days with no raw rows left
    are removed."""
    mpps = [mpp] if mpp is not None else list(Mpp.objects.select_related("unit"))
    tenant_total = mpp_total = 0
    with transaction.atomic():
        for one in mpps:
            bounds: dict[str, dt.date] = {}
            if first is not None:
                bounds["date__gte"] = first
            if last is not None:
                bounds["date__lte"] = last
            TenantDay.objects.filter(tenant__mpp=one, **bounds).delete()
            MppDay.objects.filter(mpp=one, **bounds).delete()
            days = set(
                OfferingDay.objects.filter(offering__tenant__mpp=one, **bounds).values_list(
                    "date", flat=True
                )
            ) | set(
                CounterDay.objects.filter(counter__tenant__mpp=one, **bounds).values_list(
                    "date", flat=True
                )
            )
            ordered = sorted(days)
            for start in range(0, len(ordered), 200):
                tenants, totals = _recompute(one, set(ordered[start : start + 200]))
                tenant_total += tenants
                mpp_total += totals
    return Rebuilt(len(mpps), tenant_total, mpp_total)


@dataclass
class DayFlags:
    absent: list[str] = field(default_factory=list)  # tenants' names
    idle: list[str] = field(default_factory=list)  # counters' codes


def flags_for(mpp: Mpp, days: Iterable[MppDay]) -> dict[dt.date, DayFlags]:
    """The absent tenants and idle counters of the given MPP days, by day (for the figures
    page: the names behind MppDay's counts), in three queries."""
    wanted = {row.date for row in days if row.tenants_absent or row.counters_idle}
    flags: dict[dt.date, DayFlags] = {day: DayFlags() for day in wanted}
    if not wanted:
        return flags
    for name, day in (
        TenantDay.objects.filter(tenant__mpp=mpp, date__in=wanted, is_absent=True)
        .order_by("tenant__name")
        .values_list("tenant__name", "date")
    ):
        flags[day].absent.append(name)
    staffed = set(
        CounterDay.objects.filter(
            counter__tenant__mpp=mpp, date__in=wanted, opened_at__isnull=False, staff__gt=0
        ).values_list("counter_id", "date")
    )
    counters = list(
        Counter.objects.filter(tenant__mpp=mpp, is_active=True)
        .select_related("tenant")
        .order_by("code")
    )
    for day in sorted(wanted):
        for counter in counters:
            if counter.tenant.is_present_on(day) and (counter.pk, day) not in staffed:
                flags[day].idle.append(counter.code)
    return flags
