"""Demo of the MPP's own survey and complaints (prima.mpp.quality): an SKM period of the MPP
Kota Ambon this year with answers spread over its tenants' services — each tenant answered
at its own typical level, so the IKM per tenant differs — and complaints filed at the MPP,
one sent on to Disdukcapil Kota Ambon's own office and one kept at the MPP for a tenant
whose office is not in Prima.

Generated answers (a fixed seed), not real survey data; dates relative to today.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from prima.accounts.models import User
from prima.complaints import actions as complaint_actions
from prima.mpp.models import ComplaintAtMpp, Mpp, Offering
from prima.mpp.quality_actions import forward_to_tenant
from prima.surveys import actions, aggregates, submission
from prima.surveys.models import ELEMENT_KEYS, SurveyPeriod, SurveyResponse

MPP_CODE = "8171-MPP"
# The typical answer at each tenant's services (by the start of the tenant's name).
QUALITY = {
    "Dinas Kependudukan": 3.55,
    "Dinas Penanaman": 3.3,
    "Samsat": 3.0,
    "Polresta": 2.7,
    "Kantor Imigrasi": 3.15,
    "BPJS": 3.4,
    "Bank Maluku": 3.6,
}
COMPLAINTS = (
    # (tenant name starts with, title, description, send on)
    (
        "Dinas Kependudukan",
        "Gerai KTP-el di MPP kehabisan blangko",
        "Sudah tiga hari datang ke gerai Disdukcapil di MPP, petugas bilang blangko habis.",
        True,
    ),
    (
        "Polresta",
        "Antrean SKCK dipanggil tidak berurutan",
        "Nomor antrean saya dilewati dua kali di gerai SKCK lantai 2.",
        True,
    ),
    (
        "Kantor Imigrasi",
        "Jadwal gerai paspor tidak jelas",
        "Gerai paspor tutup pada hari Kamis tanpa pemberitahuan di papan informasi.",
        False,
    ),
)


def _answer(rng: random.Random, mean: float) -> int:
    return min(4, max(1, round(rng.gauss(mean, 0.55))))


def _quality(tenant_name: str) -> float:
    return next((q for start, q in QUALITY.items() if tenant_name.startswith(start)), 3.2)


@transaction.atomic
def seed_mpp_quality(*, today: dt.date | None = None) -> int:
    """Create the MPP's survey period and complaints if missing; returns the answers added."""
    mpp = (
        Mpp.objects.select_related("unit__region", "unit__agency")
        .filter(unit__code=MPP_CODE)
        .first()
    )
    if mpp is None or SurveyPeriod.objects.filter(unit=mpp.unit).exists():
        return 0
    today = today or timezone.localdate()
    actor = User.objects.get(username="admin.ambon")
    unit = mpp.unit
    period = actions.create_period(
        actor=actor,
        unit=unit,
        name=f"SKM MPP {today.year}",
        kind="year",
        starts_on=dt.date(today.year, 1, 1),
        ends_on=dt.date(today.year, 12, 31),
        population=2400,
        accepting=True,
    )
    rng = random.Random(MPP_CODE)
    zone = unit.region.zoneinfo
    offerings = list(Offering.objects.filter(tenant__mpp=mpp).select_related("tenant"))
    days = max((today - period.starts_on).days, 0)
    rows = []
    for offering in offerings:
        mean = _quality(offering.tenant.name)
        for _ in range(rng.randint(25, 45)):
            day = period.starts_on + dt.timedelta(days=rng.randint(0, days))
            moment = dt.datetime.combine(day, dt.time(rng.randint(8, 14)), tzinfo=zone)
            rows.append(
                SurveyResponse(
                    period=period,
                    unit=unit,
                    service_id=offering.service_id,
                    channel=rng.choice(["web", "web", "kiosk", "paper"]),
                    submitted_at=submission.hour_of(moment),
                    local_date=day,
                    sex=rng.choice(["L", "P"]),
                    age=rng.randint(18, 70),
                    education=rng.choice(["sma", "sma", "diploma", "s1"]),
                    occupation=rng.choice(["pns", "swasta", "wirausaha", "lainnya"]),
                    **{key: _answer(rng, mean) for key in ELEMENT_KEYS},
                )
            )
    SurveyResponse.objects.bulk_create(rows, batch_size=1000)
    aggregates.rebuild(SurveyPeriod.objects.filter(pk=period.pk))

    by_name = {o.tenant.name: o for o in offerings}
    for start, title, description, send_on in COMPLAINTS:
        found = [o for name, o in by_name.items() if name.startswith(start)]
        if not found:
            continue
        offering = found[0]
        complaint = complaint_actions.file_complaint(
            agency=unit.agency,
            unit=unit,
            service=offering.service,
            title=title,
            description=description,
            channel="web",
            identity={"name": "Warga Kota Ambon (demo)"},
            actor=None,
        ).complaint
        record = ComplaintAtMpp.objects.filter(complaint=complaint).first()
        if send_on and record is not None:
            forward_to_tenant(record, actor=actor, tenant=offering.tenant)
    return len(rows)
