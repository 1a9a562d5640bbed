"""The dashboard's reads (prima.mpp.dashboard): the period asked for and the one before, the
headline figures and exact averages, each tenant's activity and flags, the busiest hours, the
latest absent tenants and idle counters — all from TenantDay and MppDay rows made here — in
a number of queries that does not grow with the days or the tenants."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from prima.mpp import dashboard as reads
from prima.mpp.models import Counter, CounterDay, Mpp, MppDay, Source, Tenant, TenantDay
from prima.registry.models import ServiceUnit

TODAY = dt.date(2026, 12, 4)


# --- helpers shared by the dashboard's tests ------------------------------------------------
def make_mpp(world, code: str = "8171-MPP") -> Mpp:
    """An MPP of Kota Ambon, managed by nobody yet (marthen's agency owns its unit)."""
    unit = ServiceUnit.objects.create(
        code=code,
        agency=world.ambon,
        region=world.ambon_dukcapil.region,
        kind=ServiceUnit.Kind.MPP,
        name="Mal Pelayanan Publik Kota Ambon",
        opening_hours=[{"day": d, "opens": "08:00", "closes": "15:00"} for d in range(5)],
    )
    return Mpp.objects.create(unit=unit)


def make_tenant(mpp: Mpp, name: str, *, joined: dt.date = dt.date(2020, 1, 1), **extra) -> Tenant:
    return Tenant.objects.create(
        mpp=mpp, name=name, kind=Tenant.Kind.REGIONAL, joined_on=joined, **extra
    )


def mpp_day(mpp: Mpp, date: dt.date, **fields) -> MppDay:
    return MppDay.objects.create(mpp=mpp, date=date, **fields)


def tenant_day(tenant: Tenant, date: dt.date, **fields) -> TenantDay:
    return TenantDay.objects.create(tenant=tenant, date=date, **fields)


def hourly(**counts: int) -> list[int]:
    """24 counts from h8=3, h9=5 …"""
    hours = [0] * 24
    for name, count in counts.items():
        hours[int(name[1:])] = count
    return hours


# --- pure arithmetic ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("total", "count", "expected"),
    [
        (0, 0, None),  # no transactions: no average
        (10, 0, None),
        (0, 5, Decimal("0.0")),
        (10, 3, Decimal("3.3")),
        (5, 2, Decimal("2.5")),
        (1, 8, Decimal("0.1")),  # 0.125 → 0.1
        (3, 8, Decimal("0.4")),  # 0.375 → 0.4
        (1, 20, Decimal("0.1")),  # 0.05 → 0.1, half up
        (1, 21, Decimal("0.0")),
        (90, 1, Decimal("90.0")),
    ],
)
def test_an_average_is_the_total_over_the_count_rounded_half_up(total, count, expected):
    assert reads.average(total, count) == expected


@pytest.mark.parametrize(
    ("absent", "reported", "flagged"),
    [
        (0, 0, False),
        (1, 1, False),  # one absence is not a pattern
        (1, 5, False),
        (2, 10, True),  # exactly a fifth
        (2, 11, False),  # just under a fifth
        (3, 15, True),
        (2, 2, True),
        (5, 30, False),
        (6, 30, True),
    ],
)
def test_a_tenant_is_often_absent_from_two_days_and_a_fifth(absent, reported, flagged):
    assert reads.often_absent(absent, reported) is flagged


@pytest.mark.parametrize(
    ("value", "first", "last", "key"),
    [
        ("", dt.date(2026, 11, 5), TODAY, "30"),  # the default: the last 30 days, today too
        ("30", dt.date(2026, 11, 5), TODAY, "30"),
        ("7", dt.date(2026, 11, 28), TODAY, "7"),
        ("90", dt.date(2026, 9, 6), TODAY, "90"),
        ("15", dt.date(2026, 11, 5), TODAY, "30"),  # not offered
        ("-7", dt.date(2026, 11, 5), TODAY, "30"),
        ("2026-11", dt.date(2026, 11, 1), dt.date(2026, 11, 30), "2026-11"),
        ("2026-12", dt.date(2026, 12, 1), dt.date(2026, 12, 31), "2026-12"),  # this month
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "2024-02"),
        ("2027-01", dt.date(2026, 11, 5), TODAY, "30"),  # the future
        ("2026-13", dt.date(2026, 11, 5), TODAY, "30"),
        ("2026-00", dt.date(2026, 11, 5), TODAY, "30"),
        ("2026-1", dt.date(2026, 11, 5), TODAY, "30"),
        ("1999-12", dt.date(2026, 11, 5), TODAY, "30"),
        ("abc", dt.date(2026, 11, 5), TODAY, "30"),
        ("２０２６-１１", dt.date(2026, 11, 5), TODAY, "30"),  # full-width digits
    ],
)
def test_the_period_asked_for(value, first, last, key):
    period = reads.period_from({"period": value}, today=TODAY)
    assert (period.first, period.last, period.key) == (first, last, key)


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("7", dt.date(2026, 11, 21), dt.date(2026, 11, 27)),
        ("30", dt.date(2026, 10, 6), dt.date(2026, 11, 4)),
        ("2026-03", dt.date(2026, 2, 1), dt.date(2026, 2, 28)),  # the month before
        ("2026-01", dt.date(2025, 12, 1), dt.date(2025, 12, 31)),  # across the year
    ],
)
def test_the_period_before(value, first, last):
    period = reads.period_from({"period": value}, today=TODAY)
    assert (period.previous.first, period.previous.last) == (first, last)
    if not period.is_month:
        assert period.previous.days == period.days


def test_the_months_offered_go_back_a_year_from_this_one():
    months = reads.months_offered(dt.date(2026, 3, 15))
    assert [m.key for m in months][:4] == ["2026-03", "2026-02", "2026-01", "2025-12"]
    assert len(months) == 12 and months[-1].key == "2025-04"


@pytest.mark.parametrize(
    ("peak", "top"), [(0, 4), (3, 4), (5, 8), (9, 20), (21, 40), (61, 80), (81, 200), (799, 800)]
)
def test_the_hour_chart_axis_ends_on_a_round_number(peak, top):
    assert reads._nice_ceiling(peak) == top


# --- the page's figures from the aggregate tables -------------------------------------------
@pytest.fixture(autouse=True)
def english():
    """The figures' labels are read in English here."""
    with translation.override("en"):
        yield


@pytest.fixture
def mpp(world) -> Mpp:
    return make_mpp(world)


def _period(value: str = "7") -> reads.Period:
    return reads.period_from({"period": value}, today=TODAY)


@pytest.mark.django_db
def test_days_on_the_period_boundaries_count_and_those_outside_do_not(mpp):
    period = _period("2026-11")  # 1–30 November; before: October
    for date, visitors in [
        (dt.date(2026, 9, 30), 1000),  # before both periods
        (dt.date(2026, 10, 1), 1),  # first day of the period before
        (dt.date(2026, 10, 31), 2),  # last day of the period before
        (dt.date(2026, 11, 1), 10),  # first day
        (dt.date(2026, 11, 30), 20),  # last day
        (dt.date(2026, 12, 1), 5000),  # after
    ]:
        mpp_day(mpp, date, visitors=visitors, transactions=visitors)
    board = reads.dashboard(mpp, period, today=TODAY)
    assert (board.current.days, board.current.visitors) == (2, 30)
    assert (board.before.days, board.before.visitors) == (2, 3)
    assert board.latest == dt.date(2026, 12, 1)


@pytest.mark.django_db
def test_headline_figures_and_their_change_from_the_period_before(mpp):
    period = _period("7")  # 28 Nov – 4 Dec; before: 21–27 Nov
    mpp_day(
        mpp,
        dt.date(2026, 12, 1),
        visitors=12,
        transactions=10,
        wait_minutes=125,
        service_minutes=33,
        tenants=3,
        tenants_absent=1,
        counters=5,
        counters_idle=2,
    )
    mpp_day(mpp, dt.date(2026, 12, 2), visitors=8, transactions=6, wait_minutes=35)
    mpp_day(mpp, dt.date(2026, 11, 27), visitors=30, transactions=0, wait_minutes=0)
    board = reads.dashboard(mpp, period, today=TODAY)
    shown = {f.label: (f.shown, f.shown_previous, f.shown_change, f.trend) for f in board.figures}
    assert board.current.average_wait == Decimal("10.0")  # (125 + 35) / 16
    assert board.current.average_service == Decimal("2.1")  # 33 / 16 = 2.0625
    assert board.before.average_wait is None  # no transactions before
    assert shown["visitors"] == ("20", "30", "−10", "worse")
    assert shown["transactions"] == ("16", "0", "+16", "better")
    assert shown["average wait (minutes)"][1:] == ("—", "", "")
    assert shown["days reported"] == ("2", "1", "+1", "better")
    assert shown["tenant-days absent"] == ("1", "0", "+1", "worse")
    assert shown["counter-days idle"] == ("2", "0", "+2", "worse")


@pytest.mark.django_db
def test_one_day_without_transactions_shows_no_average(mpp):
    mpp_day(mpp, TODAY, visitors=4, transactions=0, wait_minutes=0)
    board = reads.dashboard(mpp, _period("7"), today=TODAY)
    wait = next(f for f in board.figures if f.label == "average wait (minutes)")
    assert (board.current.days, wait.value, wait.shown) == (1, None, "—")


@pytest.mark.django_db
def test_an_mpp_without_figures_has_none(mpp):
    make_tenant(mpp, "Disdukcapil")
    board = reads.dashboard(mpp, _period(), today=TODAY)
    assert not board.has_figures
    assert [row.tenant.name for row in board.tenants] == ["Disdukcapil"]
    assert board.hours == [] and board.chart == "" and board.issues == []


@pytest.mark.django_db
def test_each_tenants_activity_over_the_period(mpp):
    busy = make_tenant(mpp, "Disdukcapil")
    quiet = make_tenant(mpp, "PDAM")
    absent = make_tenant(mpp, "BPJS Kesehatan")
    make_tenant(mpp, "Kantor Pos", joined=dt.date(2020, 1, 1), left_on=dt.date(2026, 11, 28))
    make_tenant(mpp, "Bank Baru", joined=dt.date(2026, 12, 5))  # joins after the period
    for date in (dt.date(2026, 11, 28), dt.date(2026, 12, 4)):
        tenant_day(
            busy,
            date,
            visitors=50,
            transactions=45,
            wait_minutes=450,
            service_minutes=91,
            counters=3,
            counters_staffed=2,
        )
        tenant_day(quiet, date, counters=1, counters_staffed=1)
        tenant_day(absent, date, counters=1, is_absent=True)
    tenant_day(busy, dt.date(2026, 11, 27), visitors=999, transactions=999)  # before
    rows = {row.tenant.name: row for row in reads.dashboard(mpp, _period("7"), today=TODAY).tenants}
    assert list(rows) == ["Disdukcapil", "BPJS Kesehatan", "PDAM"]  # by visitors, then name
    row = rows["Disdukcapil"]
    assert (row.visitors, row.transactions, row.days_present, row.days_absent) == (100, 90, 2, 0)
    assert (row.average_wait, row.average_service) == (Decimal("10.0"), Decimal("2.0"))
    assert row.staffed_share == Decimal("0.6667")
    assert not row.is_quiet and not row.is_often_absent
    assert rows["PDAM"].is_quiet and rows["PDAM"].average_wait is None
    assert rows["PDAM"].staffed_share == 1
    assert rows["BPJS Kesehatan"].is_often_absent and rows["BPJS Kesehatan"].is_quiet
    assert rows["BPJS Kesehatan"].days_absent == 2
    assert rows["BPJS Kesehatan"].staffed_share == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("visitors", ["B", "A", "C"]),
        ("name", ["A", "B", "C"]),
        ("wait", ["A", "B", "C"]),  # longest wait first; C has none and goes last
        ("absent", ["C", "A", "B"]),
        ("nonsense", ["B", "A", "C"]),
    ],
)
def test_the_tenants_table_sorts(mpp, sort, order):
    a, b, c = (make_tenant(mpp, name) for name in "ABC")
    tenant_day(a, TODAY, visitors=5, transactions=5, wait_minutes=100)
    tenant_day(b, TODAY, visitors=9, transactions=9, wait_minutes=9)
    tenant_day(c, TODAY, is_absent=True)
    board = reads.dashboard(mpp, _period("7"), today=TODAY, sort=sort)
    assert [row.tenant.name for row in board.tenants] == order


@pytest.mark.django_db
def test_the_busiest_hours_add_up_the_days(mpp):
    mpp_day(mpp, dt.date(2026, 12, 1), visitors=8, hourly=hourly(h8=3, h9=5))
    mpp_day(mpp, dt.date(2026, 12, 2), visitors=5, hourly=hourly(h9=1, h11=4))
    mpp_day(mpp, dt.date(2026, 12, 3), hourly="broken")  # counts as nothing
    board = reads.dashboard(mpp, _period("7"), today=TODAY)
    assert [(h.label, h.visitors) for h in board.hours] == [
        ("08.00–09.00", 3),
        ("09.00–10.00", 6),
        ("10.00–11.00", 0),
        ("11.00–12.00", 4),
    ]
    assert 'aria-hidden="true"' in board.chart and "09.00–10.00" in board.chart


@pytest.mark.django_db
def test_absent_tenants_and_idle_counters_of_the_latest_days(mpp):
    dukcapil = make_tenant(mpp, "Disdukcapil")
    bpjs = make_tenant(mpp, "BPJS")
    a1, a2 = (Counter.objects.create(tenant=dukcapil, code=code) for code in ("A-01", "A-02"))
    Counter.objects.create(tenant=dukcapil, code="A-09", is_active=False)  # not in use
    Counter.objects.create(tenant=bpjs, code="B-01")
    monday, tuesday, wednesday = dt.date(2026, 11, 30), dt.date(2026, 12, 1), dt.date(2026, 12, 2)
    # Monday: BPJS absent. Tuesday: A-02 opened without staff, so idle. Wednesday: all fine.
    mpp_day(mpp, monday, tenants_absent=1)
    tenant_day(bpjs, monday, counters=1, is_absent=True)
    tenant_day(dukcapil, monday, counters=2, counters_staffed=2)
    mpp_day(mpp, tuesday, counters_idle=1)
    tenant_day(bpjs, tuesday, counters=1, counters_staffed=1)
    tenant_day(dukcapil, tuesday, counters=2, counters_staffed=1)
    CounterDay.objects.create(
        counter=a1, date=tuesday, opened_at=dt.time(8), staff=1, source=Source.MANUAL
    )
    CounterDay.objects.create(
        counter=a2, date=tuesday, opened_at=dt.time(8), staff=0, source=Source.MANUAL
    )
    mpp_day(mpp, wednesday)
    issues = reads.dashboard(mpp, _period("7"), today=TODAY).issues
    assert [(i.date, [t.name for t in i.absent], [c.code for c in i.idle]) for i in issues] == [
        (tuesday, [], ["A-02"]),
        (monday, ["BPJS"], []),
    ]


def _seed(mpp: Mpp, *, days: int, tenants: int) -> None:
    for n in range(tenants):
        tenant = make_tenant(mpp, f"Tenant {n:02d}")
        counter = Counter.objects.create(tenant=tenant, code=f"K-{n:02d}")
        for d in range(days):
            date = TODAY - dt.timedelta(days=d)
            tenant_day(tenant, date, visitors=n, counters=2, counters_staffed=1, is_absent=n == 0)
            CounterDay.objects.create(counter=counter, date=date, source=Source.MANUAL)
    for d in range(days):
        mpp_day(mpp, TODAY - dt.timedelta(days=d), tenants_absent=1, counters_idle=tenants - 1)


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_days_or_tenants(world):
    counts = []
    for code, days, tenants in (("8171-MPP", 2, 2), ("8171-MPP2", 90, 12)):
        mpp = make_mpp(world, code)
        _seed(mpp, days=days, tenants=tenants)
        with CaptureQueriesContext(connection) as queries:
            board = reads.dashboard(mpp, _period("90"), today=TODAY)
        assert board.issues and board.issues[0].idle
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8


@pytest.mark.django_db
def test_nothing_is_compared_with_a_period_that_reported_no_day(mpp):
    mpp_day(mpp, TODAY, visitors=4, transactions=2, wait_minutes=3)
    with translation.override("id"):
        board = reads.dashboard(mpp, _period("7"), today=TODAY)
        assert board.figures[2].shown == "1,5"  # in Indonesian: a decimal comma
    assert [(f.previous, f.shown_change, f.trend) for f in board.figures] == [(None, "", "")] * 7
