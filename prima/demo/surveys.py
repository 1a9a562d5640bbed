"""Demo SKM data: survey periods with answers at a few demo units, so every survey page has
something to show — a unit whose IKM rises towards its target, units in each quality
category, a period still collecting (and short of its sample), flagged answers to review, a
follow-up plan, publication records, an extra question and a kiosk waiting for enrolment.

The answers are generated (a fixed seed per unit, so each run gives the same numbers); they are
not real survey data. Dates are relative to today, so the open period is always open.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from prima.accounts.models import User
from prima.lib.masking import mask_identifiers
from prima.registry.models import ServiceUnit
from prima.surveys import actions, aggregates, submission
from prima.surveys.models import ELEMENT_KEYS, SurveyPeriod, SurveyResponse


@dataclass(frozen=True)
class DemoSurvey:
    unit: str  # "agency code/unit suffix", as in prima.demo.data
    quality: float  # the typical answer, 1.0 – 4.0
    weak: tuple[str, ...] = ()  # elements answered lower than the rest
    target: str = "80.00"


SURVEYS = [
    DemoSurvey("pemkab-buru/DUKCAPIL", 3.15, ("waktu", "sarpras"), "80.00"),
    DemoSurvey("pemkot-ambon/DUKCAPIL", 3.7, ("biaya",), "88.00"),
    DemoSurvey("pemkab-maluku-tenggara/DPMPTSP", 2.85, ("prosedur", "waktu"), "78.00"),
    DemoSurvey("pemkab-seram-bagian-barat/RSUD", 3.05, ("perilaku",), "78.00"),
    DemoSurvey("pemkab-teluk-wondama/DUKCAPIL", 2.45, ("waktu", "pengaduan", "sarpras"), "70.00"),
    DemoSurvey("pemkab-manokwari/DUKCAPIL", 3.3, ("pengaduan",), "82.00"),
]


def _unit(spec: DemoSurvey) -> ServiceUnit | None:
    from prima.demo.seed import unit_code
    from prima.registry.models import Agency

    agency_code, suffix = spec.unit.split("/")
    agency = Agency.objects.select_related("region").filter(code=agency_code).first()
    if agency is None or agency.region is None:
        return None
    return (
        ServiceUnit.objects.select_related("region", "agency")
        .filter(code=unit_code(agency.region, suffix))
        .first()
    )


def _answer(rng: random.Random, mean: float) -> int:
    value = round(rng.gauss(mean, 0.6))
    return min(4, max(1, value))


def _responses(
    rng: random.Random,
    period: SurveyPeriod,
    spec: DemoSurvey,
    *,
    count: int,
    shift: float,
    last_day: dt.date,
) -> list[SurveyResponse]:
    unit = period.unit
    zone = unit.region.zoneinfo
    services = list(unit.services.filter(is_active=True).values_list("pk", flat=True))
    days = max((last_day - period.starts_on).days, 0)
    rows = []
    for _ in range(count):
        day = period.starts_on + dt.timedelta(days=rng.randint(0, days))
        moment = dt.datetime.combine(day, dt.time(rng.randint(8, 14)), tzinfo=zone)
        paper = rng.random() < 0.25
        answers = {}
        for key in ELEMENT_KEYS:
            mean = spec.quality + shift - (0.55 if key in spec.weak else 0)
            answers[key] = None if paper and rng.random() < 0.03 else _answer(rng, mean)
        rows.append(
            SurveyResponse(
                period=period,
                unit=unit,
                service_id=rng.choice(services) if services else None,
                channel="paper" if paper else rng.choice(["web", "web", "kiosk"]),
                submitted_at=submission.hour_of(moment),
                local_date=day,
                fill_seconds=None if paper else rng.randint(45, 400),
                sex=rng.choice(["L", "P"]),
                age=rng.randint(18, 72),
                education=rng.choice(["sd", "smp", "sma", "sma", "diploma", "s1", "s1", "s2"]),
                occupation=rng.choice(["pns", "swasta", "wirausaha", "wirausaha", "lainnya"]),
                **answers,
            )
        )
    return rows


SUGGESTIONS = [
    "Antrean pagi terlalu panjang, mohon tambah loket.",
    "Petugas ramah dan membantu. Terima kasih.",
    "Ruang tunggu panas, perlu kipas angin atau AC.",
    "Mohon informasi persyaratan dipasang di papan depan kantor.",
    "Pelayanan cepat, tidak dipungut biaya. Pertahankan.",
    "Tolong hubungi saya di 0812-4455-6677 soal berkas yang belum jadi.",
]


@transaction.atomic
def seed_surveys(*, today: dt.date | None = None) -> int:
    """Create the demo survey periods that do not exist yet; returns how many were added."""
    today = today or timezone.localdate()
    year = today.year
    added = 0
    # The demo's national administrator keeps the demo surveys (named in their history).
    actor = User.objects.get(username="admin.nasional")
    for spec in SURVEYS:
        unit = _unit(spec)
        if unit is None or SurveyPeriod.objects.filter(unit=unit).exists():
            continue
        rng = random.Random(unit.code)
        actions.set_target(unit, actor=actor, year=year - 1, target=Decimal(spec.target) - 2)
        actions.set_target(unit, actor=actor, year=year, target=Decimal(spec.target))
        # (name, kind, first day, last day, service users, responses, shift of the answers)
        last = year - 1
        plan = [
            ("Semester I", last, "semester", (1, 1), (6, 30), 300, 190, -0.15),
            ("Semester II", last, "semester", (7, 1), (12, 31), 320, 200, 0.0),
            ("Tahun", year, "year", (1, 1), (12, 31), 1200, 140, 0.12),
        ]
        periods = []
        for label, in_year, kind, first, final, population, count, shift in plan:
            starts, ends = dt.date(in_year, *first), dt.date(in_year, *final)
            period = actions.create_period(
                actor=actor,
                unit=unit,
                name=f"{label} {in_year}",
                kind=kind,
                starts_on=starts,
                ends_on=ends,
                population=population,
                accepting=ends >= today,
            )
            rows = _responses(
                rng, period, spec, count=count, shift=shift, last_day=min(ends, today)
            )
            for row in rng.sample(rows, 3):
                row.suggestion = rng.choice(SUGGESTIONS)
                row.suggestion_masked = mask_identifiers(row.suggestion)
            SurveyResponse.objects.bulk_create(rows, batch_size=1000)
            periods.append(period)
            added += 1
        last_year, previous, current = periods[1], periods[0], periods[2]
        # Two answers from one phone on one day: the second was held back for review.
        flagged = SurveyResponse.objects.filter(period=current).order_by("pk")[:2]
        SurveyResponse.objects.filter(pk__in=[r.pk for r in flagged]).update(
            is_flagged=True, flags=["device_limit"]
        )
        aggregates.rebuild(SurveyPeriod.objects.filter(pk__in=[p.pk for p in periods]))
        for period in (previous, last_year):
            actions.publish_results(period, actor=actor)
            actions.add_publication(
                period,
                actor=actor,
                medium="website",
                url=f"https://{unit.agency.code}.go.id/skm",
                published_on=period.ends_on + dt.timedelta(days=20),
            )
            actions.add_publication(
                period,
                actor=actor,
                medium="notice_board",
                published_on=period.ends_on + dt.timedelta(days=25),
            )
        report_day = last_year.ends_on
        actions.save_followup(
            None,
            actor=actor,
            period=last_year,
            element=spec.weak[0] if spec.weak else "",
            problem="Waktu tunggu panjang pada jam sibuk.",
            action="Menambah satu loket dan sistem nomor antrean pada jam 08.00–10.00.",
            owner="Kepala Seksi Pelayanan",
            deadline=report_day + dt.timedelta(days=60),
            status="done",
            completed_on=report_day + dt.timedelta(days=45),
            evidence_note="Berita acara penambahan loket.",
        )
        actions.save_followup(
            None,
            actor=actor,
            period=last_year,
            element=spec.weak[-1] if spec.weak else "",
            problem="Informasi persyaratan belum terpasang di ruang tunggu.",
            action="Memasang papan informasi standar pelayanan dan persyaratan.",
            owner="Sekretaris Dinas",
            deadline=report_day + dt.timedelta(days=120),
            status="in_progress",
        )
        if unit.code.endswith("8104-DUKCAPIL"):
            actions.save_extra_question(
                None,
                actor=actor,
                unit=unit,
                text="Dari mana Anda mengetahui layanan ini?",
                kind="choice",
                choices=["Teman/keluarga", "Media sosial", "Papan informasi", "Lainnya"],
                position=1,
                is_active=True,
            )
            actions.create_kiosk(unit, actor=actor, name="Loket 1")
    return added
