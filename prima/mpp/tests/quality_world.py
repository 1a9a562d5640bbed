"""A small MPP for the quality tests: the MPP of Kota Ambon with three tenants — Disdukcapil
(its office in Prima, same agency), a vertical office without an office in Prima, and one
whose office is a unit of another agency."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from prima.mpp.models import Mpp, Offering, Tenant
from prima.registry.models import Service, ServiceUnit
from prima.test import World


@dataclass
class MppWorld:
    mpp: Mpp
    dukcapil: Tenant
    polres: Tenant
    sorong: Tenant
    ktp: Offering
    kk: Offering
    skck: Offering
    elsewhere: Offering


def make_mpp(world: World) -> MppWorld:
    unit = ServiceUnit.objects.create(
        code="8171-MPP",
        agency=world.ambon,
        region=world.ambon_dukcapil.region,
        kind=ServiceUnit.Kind.MPP,
        name="Mal Pelayanan Publik Kota Ambon",
        opening_hours=[{"day": d, "opens": "08:00", "closes": "15:00"} for d in range(5)],
    )
    mpp = Mpp.objects.create(unit=unit)
    joined = dt.date(2024, 1, 1)

    def tenant(name: str, kind: str, home: ServiceUnit | None) -> Tenant:
        return Tenant.objects.create(
            mpp=mpp, name=name, kind=kind, home_unit=home, joined_on=joined
        )

    def offer(tenant: Tenant, name: str, home: Service | None = None) -> Offering:
        service = Service.objects.create(unit=unit, name=name)
        return Offering.objects.create(tenant=tenant, service=service, home_service=home)

    dukcapil = tenant("Disdukcapil Kota Ambon", Tenant.Kind.REGIONAL, world.ambon_dukcapil)
    polres = tenant("Polresta Ambon", Tenant.Kind.VERTICAL, None)
    sorong = tenant("Gerai Sorong", Tenant.Kind.REGIONAL, world.sorong_dukcapil)
    return MppWorld(
        mpp=mpp,
        dukcapil=dukcapil,
        polres=polres,
        sorong=sorong,
        ktp=offer(dukcapil, "Administrasi Kependudukan", world.ambon_ktp),
        kk=offer(dukcapil, "Kartu Keluarga"),
        skck=offer(polres, "Penerbitan SKCK"),
        elsewhere=offer(sorong, "Layanan Sorong"),
    )
