"""MPP data for the reach tests (API, open data, readiness, national picture), written with
prima.mpp.models directly: the MPP Kota Ambon on the test world's Kota Ambon."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from prima.mpp.models import Counter, Mpp, MppDay, Offering, Tenant, TenantDay
from prima.registry.models import Service, ServiceUnit


@dataclass
class Place:
    mpp: Mpp
    dukcapil: Tenant
    bpjs: Tenant
    gone: Tenant
    ktp: Offering


def mpp_unit(world, code: str = "8171-MPP", *, name: str = "MPP Kota Ambon", agency=None):
    agency = agency or world.ambon
    return ServiceUnit.objects.create(
        code=code, agency=agency, region=agency.region, kind=ServiceUnit.Kind.MPP, name=name
    )


def build_mpp(world, code: str = "8171-MPP", **profile) -> Place:
    """An MPP with two tenants present (Disdukcapil with two services, BPJS with none), one
    that left, and no daily figures."""
    unit = mpp_unit(world, code)
    values = {
        "manager": world.ambon_dukcapil,
        "legal_basis": "Perwali Ambon 12/2021",
        "proposed_on": dt.date(2020, 5, 1),
        "inaugurated_on": dt.date(2021, 10, 1),
        "latitude": -3.69,
        "longitude": 128.18,
    }
    values.update(profile)
    mpp = Mpp.objects.create(unit=unit, **values)
    dukcapil = Tenant.objects.create(
        mpp=mpp,
        name="Disdukcapil Kota Ambon",
        kind=Tenant.Kind.REGIONAL,
        home_unit=world.ambon_dukcapil,
        joined_on=dt.date(2021, 10, 1),
    )
    bpjs = Tenant.objects.create(
        mpp=mpp, name="BPJS Kesehatan", kind=Tenant.Kind.BUMN, joined_on=dt.date(2021, 10, 1)
    )
    gone = Tenant.objects.create(
        mpp=mpp,
        name="Bank Lama",
        kind=Tenant.Kind.PRIVATE,
        joined_on=dt.date(2021, 10, 1),
        left_on=dt.date(2023, 1, 1),
    )
    Counter.objects.create(tenant=dukcapil, code="A-01")
    ktp = Offering.objects.create(
        tenant=dukcapil,
        service=Service.objects.create(unit=unit, name="Penerbitan KTP-el"),
        home_service=world.ambon_ktp,
        daily_quota=80,
    )
    Offering.objects.create(
        tenant=dukcapil,
        service=Service.objects.create(unit=unit, name="Kartu Keluarga"),
        pre_registration=True,
        digital=True,
        walk_in=False,
        registration_url="https://antrian.example.test/kk",
    )
    Offering.objects.create(
        tenant=gone,
        service=Service.objects.create(unit=unit, name="Tabungan"),
    )
    return Place(mpp=mpp, dukcapil=dukcapil, bpjs=bpjs, gone=gone, ktp=ktp)


def add_day(place: Place, day: dt.date, visitors: int = 40, *, bpjs_absent: bool = False) -> MppDay:
    """One day of figures as the aggregates would hold it."""
    TenantDay.objects.create(
        tenant=place.dukcapil, date=day, visitors=visitors, transactions=visitors - 5
    )
    TenantDay.objects.create(tenant=place.bpjs, date=day, is_absent=bpjs_absent)
    return MppDay.objects.create(
        mpp=place.mpp,
        date=day,
        visitors=visitors,
        transactions=visitors - 5,
        wait_minutes=(visitors - 5) * 12,
        service_minutes=(visitors - 5) * 7,
        tenants=2,
        tenants_absent=int(bpjs_absent),
        counters=2,
        counters_idle=int(bpjs_absent),
    )
