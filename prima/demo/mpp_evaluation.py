"""The demo Monev MPP (docs/guide/mpp-evaluation.md): "Monev MPP <last year> (demo)", the
ministry's yearly evaluation of MPPs, published, with Mal Pelayanan Publik Kota Ambon
(8171-MPP) as its lokus — created through the same actions the pages use.

The MPP's demo records (prima.demo.mpp) are dated relative to today, so they did not exist
last year: the scores are the levels those records support today (prima.mpp.evidence, the
same findings that prefill the self-assessment), and a fixed profile where the records decide
nothing (investment, innovation). Then a category, two recommendations and an action plan
with one step done and one open. Idempotent: nothing is added when that year has a Monev MPP
cycle, the MPP is missing or the ministry's demo users are.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from prima.accounts.models import User
from prima.evaluation import actions
from prima.evaluation.instrument import built_in
from prima.evaluation.models import ActionItem, Assignment, Cycle, Lokus
from prima.mpp import evidence as mpp_evidence
from prima.registry.models import ServiceUnit

INSTRUMENT = "mpp-2022"
MPP_CODE = "8171-MPP"
# Indicators the MPP's records do not decide: the level the evaluator gives.
FIXED = {"MPP.1": 4, "MPP.2": 3, "MPP.9": 3}
SIGNER = {
    "signer_name": "Dr. Hendra Wicaksono, M.P.P.",
    "signer_position": "Deputi Bidang Pelayanan Publik",
    "signer_nip": "197206142000031002",
}
RECOMMENDATIONS = {
    "penyelenggaraan": (
        "Pastikan setiap gerai instansi dijaga petugas sepanjang jam layanan; gerai BPJS "
        "Kesehatan beberapa kali kosong. Lengkapi standar pelayanan untuk layanan yang belum "
        "memilikinya.",
        [
            (
                "Menyusun jadwal piket petugas gerai bersama setiap instansi",
                "Kepala DPMPTSP",
                30,
                True,
            ),
            (
                "Menetapkan standar pelayanan layanan yang belum memilikinya",
                "Pengelola MPP",
                120,
                False,
            ),
        ],
    ),
    "perbaikan": (
        "Siapkan kriteria MPP Digital yang belum siap, dimulai dari antrean daring dan "
        "pelaporan kinerja.",
        [("Membuka antrean daring untuk layanan kependudukan", "Pengelola MPP", 90, False)],
    ),
}


def seed_mpp_evaluation() -> int:
    """The published demo Monev MPP cycle; the number of lokus added (0 or 1)."""
    today = timezone.localdate()
    year = today.year - 1
    unit = ServiceUnit.objects.filter(code=MPP_CODE, mpp__isnull=False).first()
    admin = User.objects.filter(username="admin.nasional").first()
    evaluator = User.objects.filter(username="evaluator.maluku").first() or admin
    if unit is None or admin is None or evaluator is None:
        return 0
    if Cycle.objects.filter(scheme=Cycle.Scheme.MPP, year=year).exists():
        return 0
    instrument = built_in(INSTRUMENT)
    found = mpp_evidence.findings(unit, year=today.year, today=today)
    scores: dict[str, int] = {}
    for code, indicator in instrument.indicators.items():
        finding = found.get(indicator.evidence)
        level = finding.level if finding is not None else None
        scores[code] = level if level is not None else FIXED.get(code, 3)
    with transaction.atomic():
        cycle = actions.create_cycle(
            actor=admin,
            year=year,
            scheme=Cycle.Scheme.MPP,
            agency=None,
            name=f"Monev MPP {year} (demo)",
            instrument_code=INSTRUMENT,
            self_assessment_due=dt.date(year, 7, 31),
            scoring_due=dt.date(year, 9, 30),
            user_weight=0,
            **SIGNER,
        )
        lokus = actions.add_lokus(
            cycle, unit=unit, kind=Lokus.Kind.ADMINISTRATIF, mode=Lokus.Mode.LURING, actor=admin
        )
        actions.assign(
            lokus,
            evaluator=evaluator,
            role=Assignment.Role.PRIMARY,
            level=Assignment.Level.KEMENTERIAN,
            actor=admin,
        )
        actions.advance(cycle, actor=admin, today=dt.date(year, 7, 1))  # → self-assessment
        actions.save_answers(
            lokus,
            answers={
                code: (value, "Data dari catatan MPP di Prima.") for code, value in scores.items()
            },
            actor=admin,
        )
        actions.submit_self_assessment(lokus, actor=admin, today=dt.date(year, 7, 25))
        actions.advance(cycle, actor=admin, today=dt.date(year, 8, 1))  # → scoring
        actions.save_scores(
            lokus,
            evaluator=evaluator,
            scores={code: (value, "") for code, value in scores.items()},
            actor=evaluator,
        )
        actions.advance(cycle, actor=admin, today=dt.date(year, 10, 1))  # → verification
        actions.accept_scores(lokus, actor=admin, today=dt.date(year, 10, 2))
        actions.advance(cycle, actor=admin, today=dt.date(year, 10, 20))  # → published
        for aspect, (text, steps) in RECOMMENDATIONS.items():
            recommendation = actions.save_recommendation(
                lokus, aspect=aspect, text=text, actor=evaluator
            )
            for action, owner, days, done in steps:
                actions.save_action_item(
                    lokus,
                    actor=admin,
                    recommendation=recommendation,
                    action=action,
                    owner=owner,
                    due_on=dt.date(year, 10, 20) + dt.timedelta(days=days),
                    status=ActionItem.Status.DONE if done else ActionItem.Status.IN_PROGRESS,
                    progress="Selesai; jadwal piket ditempel di setiap gerai." if done else "",
                )
    return 1
