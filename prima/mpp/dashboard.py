"""Reads for the manager's dashboard of one MPP (docs/guide/mpp-dashboard.md).

The dashboard reads only the pre-aggregated tables — `MppDay` (the MPP's days) and
`TenantDay` (each tenant's days), kept by the daily figures — plus the tenant and counter
rows for names, and a few `CounterDay` rows for the latest days the MPP flagged an idle
counter. Every read here is a fixed number of queries, whatever the number of days, tenants
or counters (tests/test_dashboard_queries.py).

Averages are totals over transactions (minutes waited in total / transactions), exact, and
none when there were no transactions: an average of daily averages would weigh a quiet day
like a busy one. Days are the MPP's local dates (its unit's region time zone).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Max, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from prima.lib import charts, formats
from prima.mpp.models import HOURS, Counter, CounterDay, Mpp, MppDay, Tenant, TenantDay

ROLLING = (7, 30, 90)  # the "last N days" a manager may choose
DEFAULT_DAYS = 30
MONTHS_OFFERED = 12  # the months the selector lists, this one first
ISSUE_DAYS = 10  # the latest days listed with an absent tenant or an idle counter
# A tenant is flagged "often absent" when absent on at least this share of its reported
# days, and on at least ABSENT_MIN_DAYS of them (one absence in a week is not a pattern).
ABSENT_SHARE = Decimal("0.2")
ABSENT_MIN_DAYS = 2
PLACES = 1  # decimals of an average in minutes


# --- the period -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    """The days shown, both inclusive, and the period they are compared with."""

    first: dt.date
    last: dt.date
    key: str  # "30" or "2026-11": the selector's value
    is_month: bool

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def previous(self) -> Period:
        """The period before: the calendar month before a month; otherwise as many days,
        ending the day before this period starts."""
        if self.is_month:
            last = self.first - dt.timedelta(days=1)
            first = last.replace(day=1)
            return Period(first=first, last=last, key=f"{first:%Y-%m}", is_month=True)
        last = self.first - dt.timedelta(days=1)
        return Period(
            first=last - dt.timedelta(days=self.days - 1), last=last, key=self.key, is_month=False
        )

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.first <= day <= self.last


def rolling(days: int, *, today: dt.date) -> Period:
    """The last `days` days, today included."""
    return Period(
        first=today - dt.timedelta(days=days - 1), last=today, key=str(days), is_month=False
    )


def month(year: int, number: int) -> Period:
    first = dt.date(year, number, 1)
    following = dt.date(year + number // 12, number % 12 + 1, 1)
    return Period(
        first=first,
        last=following - dt.timedelta(days=1),
        key=f"{first:%Y-%m}",
        is_month=True,
    )


def period_from(params: Mapping[str, Any], *, today: dt.date) -> Period:
    """The period a request asks for (`?period=7|30|90` or `?period=YYYY-MM`, a month up to
    the current one); the last 30 days for anything else."""
    value = str(params.get("period") or "").strip()
    if re.fullmatch(r"\d{1,2}", value, re.ASCII) and int(value) in ROLLING:
        return rolling(int(value), today=today)
    found = re.fullmatch(r"(\d{4})-(\d{2})", value, re.ASCII)
    if found:
        year, number = int(found[1]), int(found[2])
        if 1 <= number <= 12 and year >= 2000 and (year, number) <= (today.year, today.month):
            return month(year, number)
    return rolling(DEFAULT_DAYS, today=today)


def months_offered(today: dt.date) -> list[Period]:
    """The months the selector lists: this one and the eleven before, newest first."""
    offered = []
    year, number = today.year, today.month
    for _i in range(MONTHS_OFFERED):
        offered.append(month(year, number))
        year, number = (year, number - 1) if number > 1 else (year - 1, 12)
    return offered


# --- pure arithmetic ------------------------------------------------------------------------
def average(total: int, count: int) -> Decimal | None:
    """total / count in minutes, rounded half up to one decimal; none without a count."""
    if count <= 0:
        return None
    exact = Decimal(total) / Decimal(count)
    return exact.quantize(Decimal(1).scaleb(-PLACES), rounding=ROUND_HALF_UP)


def share(part: int, whole: int) -> Decimal | None:
    """part / whole (0–1), exact to four decimals; none when the whole is zero."""
    if whole <= 0:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def often_absent(absent_days: int, reported_days: int) -> bool:
    """At least ABSENT_MIN_DAYS absences, on at least ABSENT_SHARE of the reported days."""
    if absent_days < ABSENT_MIN_DAYS or reported_days <= 0:
        return False
    return Decimal(absent_days) >= ABSENT_SHARE * reported_days


# --- headline figures -----------------------------------------------------------------------
@dataclass
class Totals:
    days: int = 0  # days reported (MppDay rows)
    visitors: int = 0
    transactions: int = 0
    wait_minutes: int = 0
    service_minutes: int = 0
    tenants_absent: int = 0  # tenant-days absent
    counters_idle: int = 0  # counter-days idle
    hourly: list[int] = field(default_factory=lambda: [0] * HOURS)

    def add(self, day: MppDay) -> None:
        self.days += 1
        self.visitors += day.visitors
        self.transactions += day.transactions
        self.wait_minutes += day.wait_minutes
        self.service_minutes += day.service_minutes
        self.tenants_absent += day.tenants_absent
        self.counters_idle += day.counters_idle
        for hour, count in enumerate(_hours_of(day.hourly)):
            self.hourly[hour] += count

    @property
    def average_wait(self) -> Decimal | None:
        return average(self.wait_minutes, self.transactions)

    @property
    def average_service(self) -> Decimal | None:
        return average(self.service_minutes, self.transactions)


def _hours_of(value: Any) -> list[int]:
    """The 24 counts of an `hourly` field; anything malformed counts as none."""
    if not isinstance(value, list):
        return [0] * HOURS
    counts = [v if isinstance(v, int) and v > 0 else 0 for v in value[:HOURS]]
    return counts + [0] * (HOURS - len(counts))


@dataclass(frozen=True)
class Figure:
    """A headline figure with the same figure of the previous period."""

    label: str
    value: int | Decimal | None
    previous: int | Decimal | None
    unit: str = ""  # "min" after an average
    lower_is_better: bool = False

    @property
    def change(self) -> int | Decimal | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def shown(self) -> str:
        return _shown(self.value)

    @property
    def shown_previous(self) -> str:
        return _shown(self.previous)

    @property
    def shown_change(self) -> str:
        change = self.change
        if change is None:
            return ""
        if change == 0:
            return pgettext("change", "no change")
        sign = "+" if change > 0 else "−"
        size: int | Decimal = -change if change < 0 else change
        return f"{sign}{_shown(size)}"

    @property
    def trend(self) -> str:
        """ "better", "worse" or "" (no change, or nothing to compare): for the marker."""
        change = self.change
        if not change:
            return ""
        rising_is_good = not self.lower_is_better
        return "better" if (change > 0) == rising_is_good else "worse"


def _shown(value: int | Decimal | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return formats.decimal(value, PLACES)
    return formats.integer(value)


def headline(current: Totals, previous: Totals) -> list[Figure]:
    """The period's figures beside the period before's — none when that period reported no
    day, rather than a comparison with zeros that were never reported."""
    figures = [
        Figure(_("visitors"), current.visitors, previous.visitors),
        Figure(_("transactions"), current.transactions, previous.transactions),
        Figure(
            _("average wait (minutes)"),
            current.average_wait,
            previous.average_wait,
            lower_is_better=True,
        ),
        Figure(
            _("average service (minutes)"),
            current.average_service,
            previous.average_service,
            lower_is_better=True,
        ),
        Figure(_("days reported"), current.days, previous.days),
        Figure(
            _("tenant-days absent"),
            current.tenants_absent,
            previous.tenants_absent,
            lower_is_better=True,
        ),
        Figure(
            _("counter-days idle"),
            current.counters_idle,
            previous.counters_idle,
            lower_is_better=True,
        ),
    ]
    if not previous.days:
        return [replace(figure, previous=None) for figure in figures]
    return figures


# --- tenants' activity ----------------------------------------------------------------------
@dataclass
class TenantRow:
    tenant: Tenant
    visitors: int = 0
    transactions: int = 0
    wait_minutes: int = 0
    service_minutes: int = 0
    days_present: int = 0
    days_absent: int = 0
    counters: int = 0  # counter-days in use
    counters_staffed: int = 0  # counter-days staffed

    @property
    def average_wait(self) -> Decimal | None:
        return average(self.wait_minutes, self.transactions)

    @property
    def average_service(self) -> Decimal | None:
        return average(self.service_minutes, self.transactions)

    @property
    def staffed_share(self) -> Decimal | None:
        return share(self.counters_staffed, self.counters)

    @property
    def shown(self) -> dict[str, str]:
        """The row's numbers as the page writes them (thousands separator, decimal comma in
        Indonesian, "—" for an average without transactions)."""
        staffed = self.staffed_share
        return {
            "visitors": formats.integer(self.visitors),
            "transactions": formats.integer(self.transactions),
            "wait": _shown(self.average_wait),
            "service": _shown(self.average_service),
            "present": formats.integer(self.days_present),
            "absent": formats.integer(self.days_absent),
            "staffed": "—" if staffed is None else formats.percent(staffed),
        }

    @property
    def is_quiet(self) -> bool:
        """No visitor and no transaction in the whole period (sepi)."""
        return self.visitors == 0 and self.transactions == 0

    @property
    def is_often_absent(self) -> bool:
        return often_absent(self.days_absent, self.days_present + self.days_absent)


SORTS: dict[str, tuple[str, bool]] = {
    # key: (what it sorts by, descending by default)
    "visitors": ("visitors", True),
    "transactions": ("transactions", True),
    "wait": ("average_wait", True),
    "service": ("average_service", True),
    "absent": ("days_absent", True),
    "staffed": ("staffed_share", False),
    "name": ("name", False),
}
DEFAULT_SORT = "visitors"


def sort_key(value: str) -> str:
    return value if value in SORTS else DEFAULT_SORT


def sort_rows(rows: list[TenantRow], key: str) -> list[TenantRow]:
    """Rows by `key`, ties (and missing values, last) by name."""
    attribute, descending = SORTS[sort_key(key)]
    by_name = sorted(rows, key=lambda row: row.tenant.name.casefold())
    if attribute == "name":
        return by_name
    known = [row for row in by_name if getattr(row, attribute) is not None]
    unknown = [row for row in by_name if getattr(row, attribute) is None]
    return sorted(known, key=lambda row: getattr(row, attribute), reverse=descending) + unknown


def _tenants_in(mpp: Mpp, period: Period) -> Q:
    """Tenants that belonged to the MPP on some day of the period."""
    return Q(mpp=mpp, joined_on__lte=period.last) & (
        Q(left_on__isnull=True) | Q(left_on__gt=period.first)
    )


def tenant_rows(mpp: Mpp, period: Period) -> list[TenantRow]:
    """One row per tenant present during the period (or with figures in it): two queries."""
    days = TenantDay.objects.filter(tenant__mpp=mpp, date__gte=period.first, date__lte=period.last)
    sums = {
        item["tenant_id"]: item
        for item in days.values("tenant_id").annotate(
            s_visitors=Sum("visitors"),
            s_transactions=Sum("transactions"),
            s_wait=Sum("wait_minutes"),
            s_service=Sum("service_minutes"),
            n_present=Count("pk", filter=Q(is_absent=False)),
            n_absent=Count("pk", filter=Q(is_absent=True)),
            s_counters=Sum("counters"),
            s_staffed=Sum("counters_staffed"),
        )
    }
    tenants = Tenant.objects.filter(_tenants_in(mpp, period) | Q(pk__in=list(sums))).order_by(
        "name"
    )
    rows = []
    for tenant in tenants:
        row = TenantRow(tenant=tenant)
        item = sums.get(tenant.pk)
        if item:
            row.visitors = item["s_visitors"] or 0
            row.transactions = item["s_transactions"] or 0
            row.wait_minutes = item["s_wait"] or 0
            row.service_minutes = item["s_service"] or 0
            row.days_present = item["n_present"]
            row.days_absent = item["n_absent"]
            row.counters = item["s_counters"] or 0
            row.counters_staffed = item["s_staffed"] or 0
        rows.append(row)
    return rows


# --- busiest hours --------------------------------------------------------------------------
@dataclass(frozen=True)
class HourRow:
    hour: int
    visitors: int
    share: Decimal | None

    @property
    def label(self) -> str:
        return f"{self.hour:02d}.00–{(self.hour + 1) % 24:02d}.00"

    @property
    def shown_visitors(self) -> str:
        return formats.integer(self.visitors)

    @property
    def shown_share(self) -> str:
        return "—" if self.share is None else formats.percent(self.share)


def hour_rows(hourly: Sequence[int]) -> list[HourRow]:
    """The hours from the first to the last with a visitor (none when there is none)."""
    busy = [hour for hour, count in enumerate(hourly) if count]
    if not busy:
        return []
    total = sum(hourly)
    return [
        HourRow(hour=hour, visitors=hourly[hour], share=share(hourly[hour], total))
        for hour in range(busy[0], busy[-1] + 1)
    ]


def hour_chart(rows: Sequence[HourRow]) -> str:
    """Visitors per hour as the project's SVG bar chart (both layouts); the busiest hour's
    bar stands out. Escaped by prima.lib.charts; the table beside it carries the numbers."""
    if not rows:
        return ""
    peak = max(row.visitors for row in rows)
    high = _nice_ceiling(peak)
    bars = [
        charts.Bar(
            label=row.label,
            value=row.visitors,
            note=formats.integer(row.visitors),
        )
        for row in rows
    ]
    ticks = [high * i / 4 for i in range(5)]
    return charts.responsive(
        charts.bar_chart(bars, low=0, high=high, ticks=ticks, fmt=_tick),
        charts.bar_chart(bars, low=0, high=high, ticks=ticks, fmt=_tick, narrow=True),
    )


def _tick(value: float) -> str:
    return formats.integer(round(value))


def _nice_ceiling(value: int) -> int:
    """A round top for the axis at or above `value` whose quarters are whole numbers."""
    if value <= 4:
        return 4
    scale = 1
    while True:
        for step in (4, 8, 20, 40, 60, 80):
            if step * scale >= value:
                return step * scale
        scale *= 10


# --- absent tenants and idle counters -------------------------------------------------------
@dataclass
class IssueDay:
    date: dt.date
    tenants_absent: int  # as MppDay counted them
    counters_idle: int
    absent: list[Tenant] = field(default_factory=list)
    idle: list[Counter] = field(default_factory=list)


def issue_days(mpp: Mpp, days: Iterable[MppDay], *, limit: int = ISSUE_DAYS) -> list[IssueDay]:
    """The latest `limit` days of `days` on which a tenant was absent or a counter idle, with
    which: absent tenants from TenantDay.is_absent; idle counters — in use, of a tenant there
    that day and not absent, without a staffed CounterDay — on the days the MPP counted one.
    Three queries, whatever the number of days, tenants or counters."""
    flagged = sorted(
        (day for day in days if day.tenants_absent or day.counters_idle),
        key=lambda day: day.date,
        reverse=True,
    )[:limit]
    if not flagged:
        return []
    result = [
        IssueDay(date=day.date, tenants_absent=day.tenants_absent, counters_idle=day.counters_idle)
        for day in flagged
    ]
    dates = [day.date for day in flagged]
    tenant_days = list(
        TenantDay.objects.filter(tenant__mpp=mpp, date__in=dates)
        .select_related("tenant")
        .order_by("tenant__name")
    )
    idle_dates = {day.date for day in flagged if day.counters_idle}
    # Tenants whose day shows fewer counters staffed than in use, and who were not absent.
    short: dict[dt.date, set[int]] = defaultdict(set)
    by_date: dict[dt.date, list[Tenant]] = defaultdict(list)
    for tenant_day in tenant_days:
        if tenant_day.is_absent:
            by_date[tenant_day.date].append(tenant_day.tenant)
        elif tenant_day.date in idle_dates and tenant_day.counters_staffed < tenant_day.counters:
            short[tenant_day.date].add(tenant_day.tenant_id)
    idle: dict[dt.date, list[Counter]] = defaultdict(list)
    wanted = {tenant_id for ids in short.values() for tenant_id in ids}
    if wanted:
        counters = list(
            Counter.objects.filter(tenant_id__in=wanted, is_active=True)
            .select_related("tenant")
            .order_by("tenant__name", "code")
        )
        staffed = set(
            CounterDay.objects.filter(
                counter__in=counters,
                date__in=sorted(idle_dates),
                opened_at__isnull=False,
                staff__gt=0,
            ).values_list("counter_id", "date")
        )
        for date in sorted(idle_dates):
            for counter in counters:
                if (
                    counter.tenant_id in short[date]
                    and (counter.pk, date) not in staffed
                    and counter.tenant.is_present_on(date)
                ):
                    idle[date].append(counter)
    for item in result:
        item.absent = by_date[item.date]
        item.idle = idle[item.date]
    return result


# --- the whole page -------------------------------------------------------------------------
@dataclass
class Dashboard:
    mpp: Mpp
    today: dt.date
    period: Period
    previous: Period
    latest: dt.date | None  # the latest day with figures, at any time
    current: Totals
    before: Totals
    figures: list[Figure]
    tenants: list[TenantRow]
    hours: list[HourRow]
    chart: str
    issues: list[IssueDay]

    @property
    def has_figures(self) -> bool:
        return self.latest is not None

    @property
    def quiet(self) -> list[TenantRow]:
        return [row for row in self.tenants if row.is_quiet]

    @property
    def often_absent(self) -> list[TenantRow]:
        return [row for row in self.tenants if row.is_often_absent]


def local_today(mpp: Mpp) -> dt.date:
    """Today in the MPP's region (its unit's time zone)."""
    return mpp.local_today()


def dashboard(mpp: Mpp, period: Period, *, today: dt.date, sort: str = DEFAULT_SORT) -> Dashboard:
    """Everything the page shows, in a fixed number of queries (five, six with idle
    counters to name)."""
    previous = period.previous
    latest = MppDay.objects.filter(mpp=mpp).aggregate(latest=Max("date"))["latest"]
    current, before = Totals(), Totals()
    in_period: list[MppDay] = []
    if latest is not None:
        for day in MppDay.objects.filter(
            mpp=mpp, date__gte=min(previous.first, period.first), date__lte=period.last
        ):
            if day.date in period:
                current.add(day)
                in_period.append(day)
            elif day.date in previous:
                before.add(day)
    hours = hour_rows(current.hourly)
    return Dashboard(
        mpp=mpp,
        today=today,
        period=period,
        previous=previous,
        latest=latest,
        current=current,
        before=before,
        figures=headline(current, before),
        tenants=sort_rows(tenant_rows(mpp, period), sort),
        hours=hours,
        chart=hour_chart(hours),
        issues=issue_days(mpp, in_period) if in_period else [],
    )


# --- the export -----------------------------------------------------------------------------
def export_header() -> list[str]:
    return [
        _("Tenant"),
        _("First day"),
        _("Last day"),
        _("Visitors"),
        _("Transactions"),
        _("Minutes waited, in total"),
        _("Minutes served, in total"),
        _("Average wait (minutes)"),
        _("Average service (minutes)"),
        _("Days present"),
        _("Days absent"),
        _("Counter-days in use"),
        _("Counter-days staffed"),
        _("Counters staffed (%)"),
        _("No visitors"),
        _("Often absent"),
    ]


def export_rows(rows: Iterable[TenantRow], period: Period) -> Iterable[list[Any]]:
    yes, no = _("yes"), _("no")
    for row in rows:
        staffed = row.staffed_share
        yield [
            row.tenant.name,
            period.first.isoformat(),
            period.last.isoformat(),
            row.visitors,
            row.transactions,
            row.wait_minutes,
            row.service_minutes,
            row.average_wait,
            row.average_service,
            row.days_present,
            row.days_absent,
            row.counters,
            row.counters_staffed,
            (staffed * 100).quantize(Decimal("0.1")) if staffed is not None else None,
            yes if row.is_quiet else no,
            yes if row.is_often_absent else no,
        ]
