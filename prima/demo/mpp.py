"""The demo MPP (docs/guide/mpp.md): Mal Pelayanan Publik Kota Ambon, managed by the city's
DPMPTSP, with seven tenants — the city's Disdukcapil and DPMPTSP, the province's Samsat, the
police (SKCK), the immigration office, BPJS Kesehatan and Bank Maluku Malut — their counters,
the services they offer there (each a service of the MPP's unit in the registry, linked to the
same service at the home office where that office is in Prima), and the last 30 days of daily
figures as a queue machine would report them: busy Disdukcapil mornings, a BPJS counter left
empty on some days (an absent tenant), an immigration counter idle on Fridays.

Names of real offices are used for realism; every figure is invented. Idempotent: nothing is
added when the MPP profile exists.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from prima.accounts.models import User
from prima.mpp.calendar import open_days
from prima.mpp.models import (
    Closure,
    Counter,
    CounterDay,
    DigitalCriterion,
    Mpp,
    Offering,
    OfferingDay,
    Source,
    Tenant,
)
from prima.registry import actions as registry_actions
from prima.registry.models import Service, ServiceUnit
from prima.standards import actions as standards_actions
from prima.standards.models import FacilityType

MPP_CODE = "8171-MPP"
DAYS = 30

# The MPP's hours: Monday–Friday 08:00–15:00.
MPP_HOURS = [{"day": d, "opens": "08:00", "closes": "15:00"} for d in range(5)]


@dataclass(frozen=True)
class DemoOffering:
    service: str  # a service of the MPP unit (created when missing)
    home: tuple[str, str] | None  # (home unit code, service name) when the office is in Prima
    visitors: int  # a typical day
    wait: int  # minutes a visitor typically waits
    serve: int  # minutes a transaction typically takes
    quota: int | None = None
    pre_registration: bool = False
    digital: bool = False


@dataclass(frozen=True)
class DemoTenant:
    name: str
    kind: str
    home_unit: str | None
    counters: tuple[str, ...]
    floor: str
    offerings: tuple[DemoOffering, ...]
    joined: int  # days before today
    agreement: str = ""


TENANTS = (
    DemoTenant(
        "Dinas Kependudukan dan Pencatatan Sipil Kota Ambon",
        Tenant.Kind.REGIONAL,
        "8171-DUKCAPIL",
        ("A-01", "A-02", "A-03"),
        "Lantai 1",
        (
            DemoOffering(
                "Administrasi Kependudukan",
                ("8171-DUKCAPIL", "Penerbitan KTP-el"),
                70,
                45,
                12,
                quota=80,
            ),
            DemoOffering(
                "Penerbitan Kartu Keluarga (gerai Disdukcapil)",
                ("8171-DUKCAPIL", "Penerbitan Kartu Keluarga"),
                25,
                30,
                10,
                digital=True,
            ),
        ),
        900,
        "470/PKS/MPP/2022",
    ),
    DemoTenant(
        "Dinas Penanaman Modal dan PTSP Kota Ambon",
        Tenant.Kind.REGIONAL,
        "8171-DPMPTSP",
        ("B-01", "B-02"),
        "Lantai 1",
        (
            DemoOffering(
                "Perizinan Berusaha",
                ("8171-DPMPTSP", "Perizinan Berusaha Berbasis Risiko (OSS RBA)"),
                18,
                15,
                25,
                digital=True,
            ),
        ),
        900,
        "503/PKS/MPP/2022",
    ),
    DemoTenant(
        "Samsat Kota Ambon",
        Tenant.Kind.REGIONAL,
        "81-SAMSAT-AMBON",
        ("C-01",),
        "Lantai 1",
        (
            DemoOffering(
                "Pajak Daerah",
                ("81-SAMSAT-AMBON", "Pembayaran Pajak Kendaraan Bermotor"),
                30,
                20,
                8,
            ),
        ),
        800,
        "973/PKS/MPP/2022",
    ),
    DemoTenant(
        "Polresta Pulau Ambon dan Pulau-Pulau Lease",
        Tenant.Kind.VERTICAL,
        None,
        ("D-01",),
        "Lantai 2",
        (DemoOffering("Penerbitan SKCK", None, 22, 25, 10, quota=40),),
        700,
        "B/12/V/2023",
    ),
    DemoTenant(
        "Kantor Imigrasi Kelas I TPI Ambon",
        Tenant.Kind.VERTICAL,
        None,
        ("D-02", "D-03"),
        "Lantai 2",
        (
            DemoOffering(
                "Penerbitan Paspor (gerai Kantor Imigrasi)",
                None,
                15,
                35,
                20,
                quota=30,
                pre_registration=True,
            ),
        ),
        700,
        "IMI.10-UM.01/2023",
    ),
    DemoTenant(
        "BPJS Kesehatan Cabang Ambon",
        Tenant.Kind.BUMN,
        None,
        ("E-01",),
        "Lantai 2",
        (DemoOffering("Layanan BPJS Kesehatan", None, 12, 15, 12),),
        600,
        "PKS/BPJS-AMB/2023",
    ),
    DemoTenant(
        "Bank Maluku Malut",
        Tenant.Kind.BUMD,
        None,
        ("E-02",),
        "Lantai 2",
        (DemoOffering("Pembayaran Retribusi dan Tabungan (Bank Maluku Malut)", None, 10, 5, 6),),
        400,
        "PKS/BMM/2024",
    ),
)

# Share of a day's visitors arriving in each hour (local time), most before noon.
ARRIVALS = {8: 0.24, 9: 0.22, 10: 0.18, 11: 0.13, 12: 0.07, 13: 0.09, 14: 0.07}
# The MPP's facilities on the standards' checklist (docs/guide/standards.md).
FACILITIES = (
    "ramp",
    "kursi_roda",
    "toilet_difabel",
    "parkir_khusus",
    "loket_prioritas",
    "kursi_prioritas",
    "ruang_laktasi",
    "ruang_bermain",
    "lift",
)
# Which MPP Digital criteria the demo MPP has met and started.
DIGITAL_READY = ("informasi", "antrean", "skm", "konsultasi", "platform")
DIGITAL_STARTED = ("pelaporan", "komitmen", "keamanan")


def _service(unit: ServiceUnit, name: str) -> Service:
    found = Service.objects.filter(unit=unit, name=name).first()
    if found is not None:
        return found
    return registry_actions.create_service(
        actor=None, unit=unit, name=name, kind=Service.Kind.ADMINISTRATIF
    )


def _hourly(visitors: int, rng: random.Random) -> list[int]:
    hours = [0] * 24
    left = visitors
    for hour, share in ARRIVALS.items():
        count = min(left, round(visitors * share * rng.uniform(0.8, 1.2)))
        hours[hour] = count
        left -= count
    hours[9] += left  # whatever rounding left over
    return hours


@transaction.atomic
def seed_mpp() -> int:
    """The demo MPP with its tenants and a month of figures; returns 1 when added."""
    unit = ServiceUnit.objects.filter(code=MPP_CODE).first()
    if unit is None or Mpp.objects.filter(unit=unit).exists():
        return 0
    today = timezone.localdate()
    unit.opening_hours = MPP_HOURS
    unit.address = "Jl. Jenderal Sudirman, Batu Merah, Kec. Sirimau, Kota Ambon"
    unit.save(update_fields=["opening_hours", "address"])
    mpp = Mpp.objects.create(
        unit=unit,
        manager=ServiceUnit.objects.filter(code="8171-DPMPTSP").first(),
        legal_basis="Peraturan Wali Kota Ambon tentang Penyelenggaraan Mal Pelayanan Publik",
        proposed_on=today - dt.timedelta(days=1100),
        soft_launched_on=today - dt.timedelta(days=920),
        inaugurated_on=today - dt.timedelta(days=880),
        latitude=-3.6954,
        longitude=128.1814,
        is_digital_pilot=True,
        digital_url="https://mpp.ambon.go.id.invalid/",
    )
    if not unit.facilities.exists():
        standards_actions.save_facilities(
            unit,
            actor=User.objects.get(username="admin.ambon"),
            rows={
                kind: {"condition": "fair" if kind.key == "lift" else "good", "note": ""}
                for kind in FacilityType.objects.filter(key__in=FACILITIES)
            },
        )
    Closure.objects.create(
        mpp=mpp, date=today - dt.timedelta(days=12), reason="Perawatan listrik gedung"
    )
    rng = random.Random(8171)
    days = open_days(mpp, today - dt.timedelta(days=DAYS), today - dt.timedelta(days=1))
    for spec in TENANTS:
        home = ServiceUnit.objects.filter(code=spec.home_unit).first() if spec.home_unit else None
        tenant = Tenant.objects.create(
            mpp=mpp,
            name=spec.name,
            kind=spec.kind,
            agency=home.agency if home else None,
            home_unit=home,
            agreement_number=spec.agreement,
            agreement_signed_on=today - dt.timedelta(days=spec.joined + 14),
            joined_on=today - dt.timedelta(days=spec.joined),
            floor=spec.floor,
        )
        counters = [
            Counter.objects.create(tenant=tenant, code=code, floor=spec.floor)
            for code in spec.counters
        ]
        offerings = []
        for item in spec.offerings:
            home_service = None
            if item.home:
                home_service = Service.objects.filter(
                    unit__code=item.home[0], name=item.home[1]
                ).first()
            offerings.append(
                (
                    item,
                    Offering.objects.create(
                        tenant=tenant,
                        service=_service(unit, item.service),
                        home_service=home_service,
                        walk_in=not item.pre_registration,
                        pre_registration=item.pre_registration,
                        registration_url=(
                            "https://antrian.imigrasi.go.id.invalid/"
                            if item.pre_registration
                            else ""
                        ),
                        digital=item.digital,
                        daily_quota=item.quota,
                    ),
                )
            )
        absent_bpjs = tenant.kind == Tenant.Kind.BUMN
        for day in days:
            absent = absent_bpjs and rng.random() < 0.3
            for n, counter in enumerate(counters):
                idle = counter.code == "D-03" and day.weekday() == 4
                if absent or idle:
                    continue
                CounterDay.objects.create(
                    counter=counter,
                    date=day,
                    opened_at=dt.time(8, rng.choice((0, 5, 10, 20, 40))),
                    closed_at=dt.time(15, 0),
                    staff=1 if n else rng.choice((1, 2)),
                    source=Source.MANUAL,
                )
            if absent:
                continue
            for item, offering in offerings:
                share = rng.uniform(0.6, 1.3)
                visitors = max(0, round(item.visitors * share))
                if item.quota is not None:
                    visitors = min(visitors, item.quota)
                transactions = visitors - rng.randint(0, max(1, visitors // 12))
                transactions = max(0, transactions)
                OfferingDay.objects.create(
                    offering=offering,
                    date=day,
                    visitors=visitors,
                    transactions=transactions,
                    wait_minutes=round(transactions * item.wait * rng.uniform(0.7, 1.4)),
                    service_minutes=round(transactions * item.serve * rng.uniform(0.8, 1.2)),
                    hourly=_hourly(visitors, rng),
                    source=Source.IMPORT,
                )
    for code in DigitalCriterion.Code.values:
        state = (
            DigitalCriterion.State.READY
            if code in DIGITAL_READY
            else DigitalCriterion.State.IN_PROGRESS
            if code in DIGITAL_STARTED
            else DigitalCriterion.State.NOT_STARTED
        )
        DigitalCriterion.objects.create(mpp=mpp, code=code, state=state)
    # --- mpp:figures ---
    from prima.mpp.aggregates import rebuild

    rebuild(mpp)  # the per-day aggregates of the month of figures above
    # --- end mpp:figures ---
    return 1
