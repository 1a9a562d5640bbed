"""The MPP's evidence for its yearly evaluation (prima.mpp.evidence): the levels at their
boundaries, and the findings read from an MPP's records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from prima.mpp import evidence
from prima.mpp.models import (
    Counter,
    CounterDay,
    DigitalCriterion,
    Mpp,
    Offering,
    OfferingDay,
    Source,
    Tenant,
)
from prima.registry.models import Region, Service, ServiceUnit


@pytest.mark.parametrize(
    ("present", "agreed", "kinds", "level"),
    [
        (0, 0, 0, 0),
        (1, 1, 1, 1),
        (4, 4, 2, 1),
        (5, 4, 2, 2),
        (5, 5, 1, 3),
        (9, 9, 3, 3),
        (10, 10, 1, 3),
        (10, 10, 2, 4),
        (14, 14, 3, 4),
        (15, 15, 2, 4),
        (15, 15, 3, 5),
    ],
)
def test_tenants_level(present, agreed, kinds, level):
    assert evidence.tenants_level(present=present, with_agreement=agreed, kinds=kinds) == level


@pytest.mark.parametrize(
    ("offered", "with_standard", "level"),
    [
        (0, 0, 0),
        (4, 0, 1),
        (100, 24, 1),
        (100, 25, 2),
        (100, 49, 2),
        (100, 50, 3),
        (100, 79, 3),
        (100, 80, 4),
        (100, 99, 4),
        (100, 100, 5),
    ],
)
def test_services_level(offered, with_standard, level):
    assert evidence.services_level(offered=offered, with_standard=with_standard) == level


@pytest.mark.parametrize(
    ("idle", "level"),
    [(0, 5), (1, 5), (2, 4), (4, 4), (5, 3), (9, 3), (10, 2), (20, 2), (21, 1), (100, 1)],
)
def test_figures_level_per_100_counter_days(idle, level):
    assert evidence.figures_level(counter_days=100, idle=idle) == level


def test_figures_level_without_records_is_0():
    assert evidence.figures_level(counter_days=0, idle=0) == 0


@pytest.mark.parametrize(
    ("on_time", "level"),
    [
        (0, 0),
        (1, 1),
        (49, 1),
        (50, 2),
        (69, 2),
        (70, 3),
        (84, 3),
        (85, 4),
        (94, 4),
        (95, 5),
        (100, 5),
    ],
)
def test_complaints_level_per_100_complaints(on_time, level):
    assert evidence.complaints_level(received=100, on_time=on_time) == level


def test_no_complaint_leaves_the_level_to_the_evaluator():
    assert evidence.complaints_level(received=0, on_time=0) is None


@pytest.mark.parametrize(
    ("ready", "started", "level"),
    [
        (0, 0, 0),
        (0, 3, 1),
        (1, 0, 2),
        (3, 5, 2),
        (4, 0, 3),
        (7, 0, 3),
        (8, 0, 4),
        (10, 1, 4),
        (11, 0, 5),
    ],
)
def test_digital_level(ready, started, level):
    assert evidence.digital_level(ready=ready, started=started) == level


def make_mpp(world) -> Mpp:
    unit = ServiceUnit.objects.create(
        code="8171-MPP",
        agency=world.ambon,
        region=Region.objects.get(code="81.71"),
        kind=ServiceUnit.Kind.MPP,
        name="Mal Pelayanan Publik Kota Ambon",
    )
    return Mpp.objects.create(unit=unit, manager=world.ambon_dukcapil)


def test_findings_read_the_mpps_records(world):
    mpp = make_mpp(world)
    today = dt.date(2026, 3, 10)
    tenant = Tenant.objects.create(
        mpp=mpp,
        name="Disdukcapil Kota Ambon",
        kind=Tenant.Kind.REGIONAL,
        joined_on=dt.date(2025, 1, 1),
        agreement_number="PKS/1/2025",
    )
    counter = Counter.objects.create(tenant=tenant, code="A-01")
    Counter.objects.create(tenant=tenant, code="A-02")
    offering = Offering.objects.create(
        tenant=tenant,
        service=Service.objects.create(unit=mpp.unit, name="KTP-el"),
        home_service=world.ambon_ktp,
    )
    for day in (dt.date(2026, 3, 2), dt.date(2026, 3, 3)):
        OfferingDay.objects.create(
            offering=offering, date=day, visitors=40, transactions=38, source=Source.MANUAL
        )
        CounterDay.objects.create(
            counter=counter, date=day, opened_at=dt.time(8), staff=1, source=Source.MANUAL
        )
    DigitalCriterion.objects.create(mpp=mpp, code="antrean", state="siap")
    DigitalCriterion.objects.create(mpp=mpp, code="skm", state="proses")

    with translation.override("en"):  # the facts are read in English here
        found = evidence.findings(mpp.unit, year=2026, today=today)

    assert set(evidence.SLOTS) <= set(found)
    assert found["mpp.tenants"].level == 1  # one tenant, with an agreement
    assert found["mpp.services"].level == 1  # no set standard
    # Two days, two counters, the second never staffed: 2 of 4 counter-days idle.
    assert found["mpp.figures"].level == 1
    assert "80 visitors" in " ".join(found["mpp.figures"].facts)
    assert found["mpp.complaints"].level is None
    assert found["mpp.digital"].level == 2
    assert found["mpp.digital"].links[0][1] == "mpp_digital"


def test_a_unit_without_an_mpp_profile_has_no_findings(world):
    assert evidence.findings(world.ambon_dukcapil, year=2026, today=dt.date(2026, 3, 1)) == {}
