"""The per-day aggregates of an MPP's figures (prima.mpp.aggregates): the flags at their
boundaries, and any sequence of writes leaving exactly what a rebuild computes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from prima.mpp import aggregates, figures_actions
from prima.mpp.figures_actions import CounterFigures, ServiceFigures
from prima.mpp.importing import ParsedFigures
from prima.mpp.models import (
    Closure,
    Counter,
    CounterDay,
    Mpp,
    MppDay,
    Offering,
    OfferingDay,
    Tenant,
    TenantDay,
)
from prima.registry.models import Region, Service, ServiceUnit
from prima.test import World, make_world

# The first week of December 2025: Monday 1 to Sunday 7; the MPP opens Monday to Friday.
MON, TUE, WED, THU, FRI, SAT = (dt.date(2025, 12, d) for d in range(1, 7))
CLOSURE = WED  # the MPP's own closure
HOLIDAY = dt.date(2025, 12, 25)  # Christmas, a Thursday
JOINED = WED  # BPJS joins on the closure day …
LEFT = WED  # … the bank leaves on it (present up to Tuesday)
LONG_AGO = dt.date(2020, 1, 1)


@dataclass
class Place:
    mpp: Mpp
    dukcapil: Tenant
    bpjs: Tenant
    bank: Tenant
    counters: dict[str, Counter]
    offerings: dict[str, Offering]


def make_place(world: World) -> Place:
    unit = ServiceUnit.objects.create(
        code="8171-MPP",
        agency=world.ambon,
        region=Region.objects.get(code="81.71"),
        kind=ServiceUnit.Kind.MPP,
        name="Mal Pelayanan Publik Kota Ambon",
        opening_hours=[{"day": d, "opens": "08:00", "closes": "15:00"} for d in range(5)],
    )
    mpp = Mpp.objects.create(unit=unit)
    Closure.objects.create(mpp=mpp, date=CLOSURE, reason="Perawatan listrik")
    dukcapil = Tenant.objects.create(
        mpp=mpp, name="Disdukcapil Kota Ambon", kind="opd", joined_on=LONG_AGO
    )
    bpjs = Tenant.objects.create(
        mpp=mpp, name="BPJS Kesehatan Cabang Ambon", kind="bumn", joined_on=JOINED
    )
    bank = Tenant.objects.create(
        mpp=mpp, name="Bank Maluku Malut", kind="bumd", joined_on=LONG_AGO, left_on=LEFT
    )
    counters = {
        "A-01": Counter.objects.create(tenant=dukcapil, code="A-01"),
        "A-02": Counter.objects.create(tenant=dukcapil, code="A-02"),
        "A-09": Counter.objects.create(tenant=dukcapil, code="A-09", is_active=False),
        "E-01": Counter.objects.create(tenant=bpjs, code="E-01"),
        "E-02": Counter.objects.create(tenant=bank, code="E-02"),
    }
    offerings = {}
    for key, tenant, name in (
        ("adminduk", dukcapil, "Administrasi Kependudukan"),
        ("kk", dukcapil, "Penerbitan Kartu Keluarga"),
        ("bpjs", bpjs, "Layanan BPJS Kesehatan"),
        ("bank", bank, "Tabungan Bank Maluku Malut"),
    ):
        service = Service.objects.create(unit=unit, name=name)
        offerings[key] = Offering.objects.create(tenant=tenant, service=service)
    return Place(mpp, dukcapil, bpjs, bank, counters, offerings)


@pytest.fixture
def place(world) -> Place:
    return make_place(world)


def staffed(staff: int = 1) -> CounterFigures:
    return CounterFigures(opened_at=dt.time(8), closed_at=dt.time(15), staff=staff)


def write(
    place: Place,
    day: dt.date,
    *,
    counters: dict[str, CounterFigures | None] | None = None,
    services: dict[str, ServiceFigures | None] | None = None,
) -> None:
    figures_actions.record_day(
        place.mpp,
        actor=None,
        day=day,
        services={place.offerings[k]: v for k, v in (services or {}).items()},
        counters={place.counters[k]: v for k, v in (counters or {}).items()},
    )


def snapshot() -> dict[str, list[Any]]:
    fields = [f.name for f in TenantDay._meta.fields if f.name not in {"id", "tenant"}]
    return {
        "tenants": sorted(TenantDay.objects.values_list("tenant_id", *fields), key=str),
        "mpps": sorted(
            MppDay.objects.values_list(*[f.attname for f in MppDay._meta.fields if f.name != "id"]),
            key=str,
        ),
    }


# --- the flags at their boundaries ----------------------------------------------------------
# day, counters written → (tenant days: name → absent, MPP day: tenants, absent, counters, idle)
CASES = [
    pytest.param(
        MON,
        {"A-01": staffed()},
        {"dukcapil": False, "bank": True},
        (2, 1, 3, 2),
        id="open day: the bank left empty, BPJS not yet joined",
    ),
    pytest.param(
        TUE,
        {"A-01": staffed(), "E-02": staffed()},
        {"dukcapil": False, "bank": False},
        (2, 0, 3, 1),
        id="the bank's last day, staffed",
    ),
    pytest.param(
        WED,
        {"A-01": staffed()},
        {"dukcapil": False, "bpjs": False},
        (2, 0, 3, 0),
        id="closure day, BPJS joins and the bank has left: no flags",
    ),
    pytest.param(
        THU,
        {"A-01": staffed()},
        {"dukcapil": False, "bpjs": True},
        (2, 1, 3, 2),
        id="BPJS's first open day, unstaffed",
    ),
    pytest.param(
        FRI,
        {"A-01": staffed(staff=0)},
        {"dukcapil": True, "bpjs": True},
        (2, 2, 3, 3),
        id="opened with nobody is not staffed",
    ),
    pytest.param(
        FRI,
        {"A-09": staffed()},
        {"dukcapil": True, "bpjs": True},
        (2, 2, 3, 3),
        id="a counter out of use does not count",
    ),
    pytest.param(
        SAT,
        {"A-01": staffed()},
        {"dukcapil": False, "bpjs": False},
        (2, 0, 3, 0),
        id="weekend: no flags",
    ),
    pytest.param(
        HOLIDAY,
        {"A-01": staffed()},
        {"dukcapil": False, "bpjs": False},
        (2, 0, 3, 0),
        id="national holiday: no flags",
    ),
]


@pytest.mark.parametrize(("day", "counters", "absent", "totals"), CASES)
def test_flags_on_a_reported_day(place, day, counters, absent, totals):
    write(place, day, counters=counters)
    names = {place.dukcapil.pk: "dukcapil", place.bpjs.pk: "bpjs", place.bank.pk: "bank"}
    rows = {names[row.tenant_id]: row.is_absent for row in TenantDay.objects.filter(date=day)}
    assert rows == absent
    total = MppDay.objects.get(mpp=place.mpp, date=day)
    assert (total.tenants, total.tenants_absent, total.counters, total.counters_idle) == totals
    assert snapshot() == (aggregates.rebuild(), snapshot())[1]


def test_a_day_nobody_reported_has_no_rows(place):
    write(place, MON, counters={"A-01": staffed()})
    assert not MppDay.objects.filter(date=TUE).exists()
    assert not TenantDay.objects.filter(date=TUE).exists()


def test_sums_counts_and_hours_of_a_tenant_and_the_mpp(place):
    hourly = [0] * 24
    hourly[8], hourly[9] = 6, 4
    write(
        place,
        MON,
        services={
            "adminduk": ServiceFigures(10, 9, 300, 90, hourly),
            "kk": ServiceFigures(5, 5, 50, 40),
            "bank": ServiceFigures(2, 1, 10, 5),
        },
        counters={"A-01": staffed(2), "A-02": CounterFigures(dt.time(8), None, 0)},
    )
    day = TenantDay.objects.get(tenant=place.dukcapil, date=MON)
    assert (day.visitors, day.transactions, day.wait_minutes, day.service_minutes) == (
        15,
        14,
        350,
        130,
    )
    assert (day.counters, day.counters_open, day.counters_staffed) == (2, 2, 1)
    assert day.hourly[8] == 6 and day.hourly[9] == 4 and sum(day.hourly) == 10
    total = MppDay.objects.get(date=MON)
    assert (total.visitors, total.transactions, total.wait_minutes) == (17, 15, 360)
    assert total.hourly == day.hourly


def test_clearing_the_last_figure_of_a_day_removes_its_rows(place):
    write(place, MON, counters={"A-01": staffed()}, services={"kk": ServiceFigures(3, 3)})
    write(place, MON, counters={"A-01": None}, services={"kk": None})
    assert not MppDay.objects.exists() and not TenantDay.objects.exists()


@pytest.mark.parametrize(
    ("figures", "counter"),
    [
        (ServiceFigures(3, 4), None),
        (None, CounterFigures(None, dt.time(15), 1)),
        (None, CounterFigures(dt.time(15), dt.time(15), 1)),
        (None, CounterFigures(dt.time(15), dt.time(8), 1)),
    ],
)
def test_a_wrong_day_is_refused_whole(place, figures, counter):
    with pytest.raises(ValidationError):
        write(
            place,
            MON,
            services={"kk": figures or ServiceFigures(1, 1)},
            counters={"A-01": counter or staffed()},
        )
    assert not OfferingDay.objects.exists() and not CounterDay.objects.exists()
    assert not MppDay.objects.exists()


def test_rebuild_of_one_mpp_and_a_range_keeps_the_rest(place):
    write(place, MON, counters={"A-01": staffed()})
    write(place, THU, counters={"A-01": staffed()})
    MppDay.objects.filter(date=THU).update(visitors=99)
    TenantDay.objects.filter(date=MON).update(visitors=99)
    aggregates.rebuild(place.mpp, first=TUE, last=FRI)
    assert MppDay.objects.get(date=THU).visitors == 0
    assert TenantDay.objects.filter(date=MON, visitors=99).exists()


# --- the property ---------------------------------------------------------------------------
DAYS = [MON, TUE, WED, THU, FRI, SAT, HOLIDAY]
SERVICES = ["adminduk", "kk", "bpjs", "bank"]
COUNTERS = ["A-01", "A-02", "A-09", "E-01", "E-02"]
small = st.integers(min_value=0, max_value=3)
operation = st.tuples(
    st.sampled_from(["service", "service_clear", "counter", "counter_clear", "import"]),
    st.integers(min_value=0, max_value=len(SERVICES) - 1),
    st.integers(min_value=0, max_value=len(COUNTERS) - 1),
    st.integers(min_value=0, max_value=len(DAYS) - 1),
    small,
)


class TestIncrementalEqualsRebuild(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.place = make_place(make_world())

    def apply(self, kind: str, s: int, c: int, d: int, n: int, step: int) -> None:
        place, day = self.place, DAYS[d]
        service, counter = SERVICES[s], COUNTERS[c]
        if kind == "service":
            write(place, day, services={service: ServiceFigures(n + 1, n, 10 * n, 5 * n)})
        elif kind == "service_clear":
            write(place, day, services={service: None})
        elif kind == "counter":
            write(place, day, counters={counter: CounterFigures(dt.time(8), None, n)})
        elif kind == "counter_clear":
            write(place, day, counters={counter: None})
        else:
            parsed = ParsedFigures(rows=2)
            parsed.services[place.offerings[service], day] = ServiceFigures(n, n, n, n)
            parsed.counters[place.counters[counter], DAYS[(d + 1) % len(DAYS)]] = staffed(n)
            figures_actions.import_figures(
                place.mpp, actor=None, parsed=parsed, filename="x.csv", sha256=f"{step:064d}"
            )

    @settings(
        max_examples=int(__import__("os").environ.get("PROP_EXAMPLES", "30")),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(operations=st.lists(operation, min_size=1, max_size=25))
    def test_any_sequence_of_writes_leaves_the_rows_a_rebuild_makes(self, operations):
        for step, (kind, s, c, d, n) in enumerate(operations):
            try:
                self.apply(kind, s, c, d, n, step)
            except ValidationError:
                continue
        incremental = snapshot()
        aggregates.rebuild()
        assert incremental == snapshot(), operations
