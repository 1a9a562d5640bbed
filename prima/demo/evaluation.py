"""Demo PEKPPP cycles, created through the same actions the pages use:

- PEKPPP 2024 (published): four Maluku lokus scored from their uploaded evidence (the demo's
  other records are dated relative to today, so they did not exist then), one score contested
  and accepted by the moderator, mentoring for Disdukcapil Kab. Buru and an action plan with
  one step done and one left overdue — followed into the current cycle;
- PEKPPP of the current year (in the verification window): nine lokus across Maluku, Papua
  Barat and Bengkulu, self-assessed with Prima's own records attached (standards, SKM,
  complaints), scored (one lokus twice), rated by service users (F-03), one contested score
  awaiting the moderator, and recommendations drafted for the lokus below the priority line;
  the coaching-priority page ranks them;
- PEKPPP Mandiri of Kabupaten Buru for the current year (in scoring), run by its Bagian
  Organisasi (admin.buru) with the Maluku evaluator: Puskesmas Namlea self-assessed and partly
  scored, Kecamatan Namlea's self-assessment still a draft, so every form of the stage can be
  tried — and Puskesmas Namlea's public F-03 form is open at a fixed address
  (/evaluasi/demo-puskesmas-namlea/, given in the README).

Current-cycle scores are the levels Prima's records support where they decide one, and
otherwise a fixed profile per lokus, so the demo is the same on every machine. Idempotent:
the national cycles are added when there is no national cycle, the Mandiri cycle when its F-03
address is not taken and Kab. Buru has no Mandiri cycle that year.
"""

from __future__ import annotations

import datetime as dt
import zlib
from typing import Any

from django.db import transaction
from django.utils import timezone

from prima.accounts.models import User
from prima.evaluation import actions, evidence
from prima.evaluation.instrument import Instrument, built_in
from prima.evaluation.models import ActionItem, Assignment, Cycle, Lokus
from prima.evaluation.queries import draft_recommendations, lokus_for_page
from prima.lib.history import save_recorded
from prima.registry.models import Agency, ServiceUnit

INSTRUMENT = "pekppp-2023"

# unit code → (typical level of the indicators the records do not decide, evaluator)
LOKUS_EARLIER = {
    "8104-DUKCAPIL": (3, "evaluator.maluku"),
    "8171-DUKCAPIL": (4, "evaluator.maluku"),
    "8102-DUKCAPIL": (2, "evaluator.maluku"),
    "81-SAMSAT-AMBON": (4, "evaluator.maluku"),
}
LOKUS_CURRENT = {
    "8104-DUKCAPIL": (2, "evaluator.maluku"),
    "8171-DUKCAPIL": (4, "evaluator.maluku"),
    "8102-DUKCAPIL": (2, "evaluator.maluku"),
    "8106-DUKCAPIL": (3, "evaluator.maluku"),
    "81-SAMSAT-AMBON": (4, "evaluator.maluku"),
    "8171-MPP": (5, "evaluator.maluku"),
    "9207-DUKCAPIL": (1, "admin.nasional"),  # the ministry evaluates special Papua lokus
    "9202-DPMPTSP": (3, "admin.nasional"),
    "17-DPMPTSP": (4, "admin.nasional"),
}
SECOND_EVALUATOR = ("8171-DUKCAPIL", "admin.nasional")
CONTESTED = ("8104-DUKCAPIL", "18.c.K")

# Who signs the national results for the ministry: an invented official, NIP in the 18-digit
# form.
NATIONAL_SIGNER = {
    "signer_name": "Dr. Hendra Wicaksono, M.P.P.",
    "signer_position": "Deputi Bidang Pelayanan Publik",
    "signer_nip": "197206142000031002",
}
# The field visits of the current cycle, with their berita acara (unit code → visit): Kota
# Ambon's Dukcapil, scored twice, was visited by both its evaluators.
VISITS: dict[str, dict[str, Any]] = {
    "8171-DUKCAPIL": {
        "days_before": 12,
        "evaluators": "Yohanis Latuheru — Analis Organisasi, Biro Organisasi Setda Provinsi "
        "Maluku\nRatna Sari — Analis Kebijakan, Deputi Bidang Pelayanan Publik",
        "unit_officials": "Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Ambon — Kepala "
        "Dinas\nJoice Pattinama — Kepala Bidang Pelayanan Pendaftaran Penduduk\nRudy "
        "Sahetapy — Operator Pelayanan",
        "findings": "Standar pelayanan dan maklumat terpasang di ruang tunggu; hasil SKM "
        "semester lalu dipublikasikan di papan informasi. Ruang tunggu bersih dan cukup "
        "luas, tersedia kursi roda dan loket prioritas, tetapi ruang laktasi belum ada. "
        "Pengaduan diterima melalui SP4N-LAPOR! dan kotak saran; rekap tindak lanjut "
        "belum diumumkan. Aplikasi antrean daring berjalan, namun belum terhubung dengan "
        "Mal Pelayanan Publik.",
    },
    "8104-DUKCAPIL": {
        "days_before": 9,
        "evaluators": "Yohanis Latuheru — Analis Organisasi, Biro Organisasi Setda Provinsi Maluku",
        "unit_officials": "Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buru — "
        "Kepala Dinas\nAbdul Fatah Tuanany — Operator Pelayanan",
        "findings": "Standar pelayanan sudah ditetapkan tetapi belum dipasang di ruang "
        "pelayanan. Belum ada ramp di pintu masuk; kursi roda tersedia. SKM dilaksanakan, "
        "hasilnya belum dipublikasikan. Petugas ramah; antrean dicatat manual.",
    },
}

MANDIRI_AGENCY = "pemkab-buru"
LOKUS_MANDIRI = {"8104-PKM-NAMLEA": 3, "8104-KEC-NAMLEA": 2}  # unit code → typical level
# The F-03 address of Puskesmas Namlea, fixed so that the README can give it.
RATING_TOKEN = "demo-puskesmas-namlea"


def _level(code: str, indicator: str, base: int) -> int:
    """A fixed spread of ±1 around the lokus's typical level, the same on every machine."""
    spread = zlib.crc32(f"{code}:{indicator}".encode()) % 3 - 1
    return max(0, min(5, base + spread))


def _scores(
    lokus: Lokus, instrument: Instrument, base: int, today: dt.date, *, records: bool
) -> dict[str, int]:
    slots = {i.code: i.evidence for i in instrument.indicators.values() if i.evidence}
    found = (
        evidence.prefill_for(lokus.unit, year=lokus.cycle.year, slots=slots, today=today)
        if records
        else {}
    )
    scores = {}
    for code in instrument.indicators:
        level = found[code].level if code in found else None
        if level is None or found[code].source == "complaints":
            level = _level(lokus.unit.code, code, base)
        scores[code] = level
    return scores


def _run(
    cycle: Cycle,
    plan: dict[str, tuple[int, str]],
    users: dict[str, User],
    *,
    verification_day: dt.date,
    records: bool,
) -> list[Lokus]:
    instrument = built_in(INSTRUMENT)
    admin = users["admin.nasional"]
    units = {u.code: u for u in ServiceUnit.objects.filter(code__in=plan)}
    added = []
    for code, (_base, evaluator) in plan.items():
        unit = units.get(code)
        if unit is None:
            continue
        lokus = actions.add_lokus(
            cycle, unit=unit, kind=actions.default_kind(unit), mode=unit.delivery_mode, actor=admin
        )
        actions.assign(
            lokus,
            evaluator=users[evaluator],
            role=Assignment.Role.PRIMARY,
            level=Assignment.Level.BIRO
            if evaluator == "evaluator.maluku"
            else Assignment.Level.KEMENTERIAN,
            actor=admin,
        )
        added.append(lokus)
    second_code, second_user = SECOND_EVALUATOR
    for lokus in added:
        if lokus.unit.code == second_code:
            lokus.double_scored = True
            save_recorded(lokus, admin)
            actions.assign(
                lokus,
                evaluator=users[second_user],
                role=Assignment.Role.SECOND,
                level=Assignment.Level.KEMENTERIAN,
                actor=admin,
            )
    actions.advance(cycle, actor=admin, today=verification_day)  # → self-assessment
    for lokus in added:
        base = plan[lokus.unit.code][0]
        scores = _scores(lokus, instrument, base, verification_day, records=records)
        claims: dict[str, tuple[int | None, str]] = {
            code: (min(5, value + (1 if value < 3 else 0)), "Bukti dukung terlampir.")
            for code, value in scores.items()
        }
        actor = users.get("operator.dukcapil.buru") if lokus.unit.code == "8104-DUKCAPIL" else admin
        actions.save_answers(lokus, answers=claims, actor=actor or admin)
        actions.submit_self_assessment(lokus, actor=actor or admin, today=verification_day)
    actions.advance(cycle, actor=admin, today=verification_day)  # → scoring
    for lokus in added:
        base, evaluator = plan[lokus.unit.code]
        scores = _scores(lokus, instrument, base, verification_day, records=records)
        actions.save_scores(
            lokus,
            evaluator=users[evaluator],
            scores={code: (value, "") for code, value in scores.items()},
            actor=users[evaluator],
        )
        if lokus.double_scored:
            second = {
                code: (max(0, value - (zlib.crc32(code.encode()) % 4 == 0)), "")
                for code, value in scores.items()
            }
            actions.save_scores(
                lokus, evaluator=users[second_user], scores=second, actor=users[second_user]
            )
        for n in range(12 if lokus.unit.code.endswith("DUKCAPIL") else 4):
            answers = {
                item.code: max(0, min(5, base + (zlib.crc32(f"{n}{item.code}".encode()) % 3) - 1))
                for item in instrument.user_items
            }
            actions.submit_rating(lokus, answers=answers, actor=None)
    actions.advance(cycle, actor=admin, today=verification_day)  # → verification
    return added


def seed_evaluation(*, today: dt.date | None = None) -> int:
    """Create the demo cycles that are missing; returns how many lokus were added."""
    today = today or timezone.localdate()
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=[
                "admin.nasional",
                "evaluator.maluku",
                "operator.dukcapil.buru",
                "admin.ambon",
                "admin.buru",
            ]
        )
    }
    if "admin.nasional" not in users or "evaluator.maluku" not in users:
        return 0
    added = 0
    if not Cycle.objects.filter(scheme=Cycle.Scheme.NASIONAL).exists():
        added += _seed_national(users, today)
    added += _seed_mandiri(users, today)
    return added


def _seed_national(users: dict[str, User], today: dt.date) -> int:
    admin = users["admin.nasional"]
    with transaction.atomic():
        earlier = actions.create_cycle(
            actor=admin,
            year=2024,
            scheme=Cycle.Scheme.NASIONAL,
            agency=None,
            name="PEKPPP 2024",
            instrument_code=INSTRUMENT,
            self_assessment_due=dt.date(2024, 6, 28),
            scoring_due=dt.date(2024, 8, 30),
            **NATIONAL_SIGNER,
        )
        old = _run(
            earlier, LOKUS_EARLIER, users, verification_day=dt.date(2024, 9, 2), records=False
        )
        for lokus in old:
            if lokus.unit.code == "8171-DUKCAPIL":
                contest = actions.raise_contest(
                    lokus,
                    indicator="5.a.K",
                    reason="Maklumat pelayanan sudah ditandatangani dan dipasang di ruang tunggu; "
                    "foto terlampir.",
                    proposed_score=min(5, actions.current_score(lokus, "5.a.K").score + 1),
                    actor=users.get("admin.ambon") or admin,
                    today=dt.date(2024, 9, 3),
                )
                actions.decide_contest(
                    contest,
                    accept=True,
                    note="Foto maklumat yang ditandatangani diterima sebagai bukti.",
                    score=None,
                    actor=admin,
                )
            actions.accept_scores(lokus, actor=admin, today=dt.date(2024, 9, 4))
        actions.advance(earlier, actor=admin, today=dt.date(2024, 9, 20))  # → published
        buru_earlier = next((lokus for lokus in old if lokus.unit.code == "8104-DUKCAPIL"), None)
        if buru_earlier is not None:
            _mentor(buru_earlier, admin)

        year = max(today.year, 2025)
        current = actions.create_cycle(
            actor=admin,
            year=year,
            scheme=Cycle.Scheme.NASIONAL,
            agency=None,
            name=f"PEKPPP {year}",
            instrument_code=INSTRUMENT,
            **NATIONAL_SIGNER,
        )
        added = _run(current, LOKUS_CURRENT, users, verification_day=today, records=True)
        for lokus in added:
            visit = VISITS.get(lokus.unit.code)
            if visit is not None:
                actions.record_visit(
                    lokus,
                    actor=users[LOKUS_CURRENT[lokus.unit.code][1]],
                    visited_on=today - dt.timedelta(days=visit["days_before"]),
                    evaluators=visit["evaluators"],
                    unit_officials=visit["unit_officials"],
                    findings=visit["findings"],
                )
        contested_code, indicator = CONTESTED
        for lokus in added:
            if lokus.unit.code == contested_code:
                score = actions.current_score(lokus, indicator)
                actions.raise_contest(
                    lokus,
                    indicator=indicator,
                    reason="Ramp, kursi roda dan loket prioritas sudah tersedia; foto terlampir "
                    "pada daftar fasilitas unit.",
                    proposed_score=min(5, score.score + 1) if score.score < 5 else 4,
                    actor=users.get("operator.dukcapil.buru") or admin,
                    today=today,
                )
            page = lokus_for_page(lokus.pk)
            if page.ipp_rounded is not None and page.ipp_rounded < current.priority_below:
                for aspect, text in draft_recommendations(page):
                    actions.save_recommendation(
                        lokus,
                        aspect=aspect.code,
                        text=text,
                        actor=users[LOKUS_CURRENT[lokus.unit.code][1]],
                    )
    return len(old) + len(added)


def _seed_mandiri(users: dict[str, User], today: dt.date) -> int:
    """Kab. Buru's own evaluation in the scoring stage, with an open F-03 form."""
    year = max(today.year, 2025)
    agency = Agency.objects.filter(code=MANDIRI_AGENCY).first()
    if (
        agency is None
        or Lokus.objects.filter(user_token=RATING_TOKEN).exists()
        or Cycle.objects.filter(scheme=Cycle.Scheme.MANDIRI, agency=agency, year=year).exists()
    ):
        return 0
    units = {u.code: u for u in ServiceUnit.objects.filter(code__in=LOKUS_MANDIRI)}
    if set(units) != set(LOKUS_MANDIRI):
        return 0
    admin = users.get("admin.buru") or users["admin.nasional"]
    evaluator = users["evaluator.maluku"]
    instrument = built_in(INSTRUMENT)
    with transaction.atomic():
        cycle = actions.create_cycle(
            actor=admin,
            year=year,
            scheme=Cycle.Scheme.MANDIRI,
            agency=agency,
            name=f"PEKPPP Mandiri Kabupaten Buru {year}",
            instrument_code=INSTRUMENT,
            signer_name=admin.full_name if admin.username == "admin.buru" else "",
            signer_position=admin.position if admin.username == "admin.buru" else "",
            signer_nip=admin.nip if admin.username == "admin.buru" else "",
            self_assessment_due=today + dt.timedelta(days=14),
            scoring_due=today + dt.timedelta(days=45),
        )
        puskesmas, kecamatan = (
            actions.add_lokus(
                cycle,
                unit=units[code],
                kind=actions.default_kind(units[code]),
                mode=units[code].delivery_mode,
                actor=admin,
            )
            for code in LOKUS_MANDIRI
        )
        # The fixed F-03 link of the demo; the token is kept out of the lokus's history.
        puskesmas.user_token = RATING_TOKEN
        Lokus.objects.filter(pk=puskesmas.pk).update(user_token=RATING_TOKEN)
        for lokus in (puskesmas, kecamatan):
            actions.assign(
                lokus,
                evaluator=evaluator,
                role=Assignment.Role.PRIMARY,
                level=Assignment.Level.BIRO,
                actor=admin,
            )
        actions.advance(cycle, actor=admin, today=today)  # → self-assessment
        levels = {
            lokus.pk: _scores(
                lokus, instrument, LOKUS_MANDIRI[lokus.unit.code], today, records=True
            )
            for lokus in (puskesmas, kecamatan)
        }
        claims = {
            code: (value, "Bukti dukung terlampir.") for code, value in levels[puskesmas.pk].items()
        }
        actions.save_answers(puskesmas, answers=dict(claims), actor=admin)
        actions.submit_self_assessment(puskesmas, actor=admin, today=today)
        # Kecamatan Namlea has answered the first aspect only: its F-01 is open to finish.
        first = instrument.aspects[0].indicators
        actions.save_answers(
            kecamatan,
            answers={i.code: (levels[kecamatan.pk][i.code], "") for i in first},
            actor=admin,
        )
        actions.advance(cycle, actor=admin, today=today)  # → scoring
        # The evaluator has scored the first aspect of Puskesmas Namlea; the rest is open.
        actions.save_scores(
            puskesmas,
            evaluator=evaluator,
            scores={i.code: (levels[puskesmas.pk][i.code], "") for i in first},
            actor=evaluator,
        )
        for n in range(6):
            answers = {
                item.code: max(0, min(5, 3 + (zlib.crc32(f"m{n}{item.code}".encode()) % 3) - 1))
                for item in instrument.user_items
            }
            actions.submit_rating(puskesmas, answers=answers, actor=None)
    return 2


def _mentor(lokus: Lokus, actor: User) -> None:
    """A mentoring session after the 2023 result, and its action plan."""
    actions.record_session(
        lokus,
        actor=actor,
        held_on=dt.date(2024, 10, 15),
        mode="online",
        topic="Pendampingan tindak lanjut hasil PEKPPP 2024",
        attendees="Abdul Fatah Tuanany — Operator Pelayanan\n"
        "Kepala Dinas Dukcapil Kabupaten Buru — Kepala Dinas\n"
        "Siti Wael — Kepala Bagian Organisasi",
        notes="Fokus: fasilitas kelompok rentan dan publikasi hasil SKM.",
    )
    actions.save_action_item(
        lokus,
        actor=actor,
        action="Publikasikan hasil SKM di papan informasi dan situs web",
        owner="Sekretaris Dinas",
        due_on=dt.date(2024, 12, 15),
        status=ActionItem.Status.DONE,
        done_on=dt.date(2024, 12, 9),
        progress="Dipublikasikan di papan informasi dan disdukcapil.burukab.go.id.",
    )
    actions.save_action_item(
        lokus,
        actor=actor,
        action="Sediakan ruang laktasi dan kursi roda",
        owner="Kepala Sub Bagian Umum",
        due_on=dt.date(2025, 3, 31),
        status=ActionItem.Status.IN_PROGRESS,
        progress="Kursi roda tersedia; ruang laktasi menunggu anggaran perubahan.",
    )
