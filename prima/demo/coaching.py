"""Demo coaching events, created through the same actions the pages use:

- May 2020, online, the ministry's Wilayah III: bimtek on service standards and FKP for
  Provinsi Maluku with Kab. Buru, Kab. Maluku Tenggara, Kab. Seram Bagian Barat and Kota Ambon;
  bimtek on FKP and the SKM for Papua Barat with Kab. Manokwari, Kab. Sorong and Kab. Teluk
  Wondama; a talk session on services for people with special needs for all of them — with
  attendance from the meeting tool's join list, questions, evaluations and follow-up tasks in
  every state (verified with linked standards and survey results, reported done and awaiting
  verification, in progress, never started and overdue);
- November 2020, hybrid: the Wilayah I lokakarya on applying service standards (Sumatera and
  Jawa) with Provinsi Bengkulu taking part;
- recent months: a Wilayah III coordination meeting with tasks coming due (reminders) and one
  already overdue, and an upcoming Provinsi Maluku bimtek on the SKM open for registration.

Idempotent: nothing is added when any event exists.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from prima.accounts.models import User
from prima.coaching import actions
from prima.coaching.models import Event, FollowUpTask, ProgressReport
from prima.registry.models import Agency, CoordinationRegion, Region
from prima.standards.models import ServiceStandard
from prima.surveys.models import SurveyPeriod

WIT = ZoneInfo("Asia/Jayapura")
WIB = ZoneInfo("Asia/Jakarta")

# Who signs the certificates (invented officials; NIPs in the 18-digit form): the ministry's
# assistant deputies for the coordination regions' events, the head of the provincial
# organisation bureau for the province's.
WILAYAH_III_SIGNS: dict[str, Any] = {
    "signatory_name": "Drs. Agus Hidayat Tuasikal, M.Si.",
    "signatory_position": (
        "Asisten Deputi Koordinasi Pelaksanaan Kebijakan Pelayanan Publik Wilayah III"
    ),
    "signatory_nip": "197002151995031002",
    "signing_place": "Jakarta",
}
WILAYAH_I_SIGNS: dict[str, Any] = {
    "signatory_name": "Dra. Sri Wahyuningsih, M.A.P.",
    "signatory_position": (
        "Asisten Deputi Koordinasi Pelaksanaan Kebijakan Pelayanan Publik Wilayah I"
    ),
    "signatory_nip": "196908221994032001",
    "signing_place": "Jakarta",
}
MALUKU_SIGNS: dict[str, Any] = {
    "signatory_name": "Drs. Benediktus Sarkol, M.Si.",
    "signatory_position": "Kepala Biro Organisasi Sekretariat Daerah Provinsi Maluku",
    "signatory_nip": "197204101998031005",
}

MALUKU = [
    "pemprov-maluku",
    "pemkab-buru",
    "pemkab-maluku-tenggara",
    "pemkab-seram-bagian-barat",
    "pemkot-ambon",
]
PAPUA_BARAT = ["pemprov-papua-barat", "pemkab-manokwari", "pemkab-sorong", "pemkab-teluk-wondama"]

# agency → participants (name, position, work unit); who attended comes from the join list.
PEOPLE = {
    "pemprov-maluku": [("Johanis Pattiasina", "Kepala Biro Organisasi", "Biro Organisasi Setda")],
    "pemkab-buru": [
        ("La Ode Ahmad", "Kepala Bagian Organisasi", "Bagian Organisasi Setda"),
        ("Maria Sahetapy", "Analis Kebijakan", "Disdukcapil Kabupaten Buru"),
    ],
    "pemkab-maluku-tenggara": [
        ("Yosef Rahanubun", "Kepala Sub Bagian Ketatalaksanaan", "Bagian Organisasi Setda")
    ],
    "pemkab-seram-bagian-barat": [
        ("Hasan Tuhepaly", "Analis Tata Laksana", "Bagian Organisasi Setda")
    ],
    "pemkot-ambon": [
        ("Yusuf Latuconsina", "Kepala Bagian Organisasi", "Bagian Organisasi Setda"),
        ("Grace Pattikawa", "Kepala Bidang Pelayanan", "DPMPTSP Kota Ambon"),
    ],
    "pemprov-papua-barat": [
        ("Origenes Mandacan", "Kepala Biro Organisasi", "Biro Organisasi Setda")
    ],
    "pemkab-manokwari": [("Yance Wonggor", "Kepala Bagian Organisasi", "Bagian Organisasi Setda")],
    "pemkab-sorong": [("Agustina Malak", "Analis Kebijakan", "Bagian Organisasi Setda")],
    "pemkab-teluk-wondama": [
        ("Markus Torey", "Kepala Bagian Organisasi", "Bagian Organisasi Setda"),
        ("Selvi Marani", "Kepala Seksi Pelayanan", "Disdukcapil Kabupaten Teluk Wondama"),
    ],
    "pemprov-bengkulu": [
        ("Rahmat Hidayat", "Kepala Biro Organisasi", "Biro Organisasi Setda"),
        ("Dewi Kurniasih", "Analis Kebijakan", "DPMPTSP Provinsi Bengkulu"),
    ],
}
ABSENT = {"Agustina Malak"}  # registered from Kab. Sorong, not in the join list


def _agencies(codes: list[str]) -> list[Agency]:
    found = Agency.objects.in_bulk(codes, field_name="code")
    return [found[c] for c in codes if c in found]


def _event(
    organiser: User,
    *,
    held: tuple[dt.datetime, dt.datetime],
    topics: list[str],
    agencies: list[Agency],
    register: list[str] | None = None,
    **fields: object,
) -> Event:
    """Create, invite, publish and register as the pages do (registration is open only
    before an event ends), then move the event to when it was held."""
    soon = timezone.now() + dt.timedelta(days=1)
    event = actions.create_event(
        actor=organiser, topics=topics, starts_at=soon, ends_at=soon + (held[1] - held[0]), **fields
    )
    actions.invite(event, actor=organiser, agencies=agencies)
    actions.publish_event(event, actor=organiser)
    for agency in agencies:
        if register is not None and agency.code not in register:
            continue
        for name, position, unit in PEOPLE.get(agency.code, []):
            actions.register(
                event,
                actor=organiser,
                agency=agency,
                name=name,
                position=position,
                unit_name=unit,
                email=f"{name.split()[0].lower()}.{agency.code}@example.go.id",
            )
    Event.objects.filter(pk=event.pk).update(starts_at=held[0], ends_at=held[1])
    event.refresh_from_db()
    return event


def _attend(event: Event, organiser: User) -> None:
    """Attendance from a Zoom participant report, as the organiser would upload it."""
    rows = []
    for number, person in enumerate(event.participants.select_related("agency"), start=2):
        if person.name in ABSENT:
            continue
        label = person.agency.name.replace("Pemerintah ", "").upper()
        rows.append(
            (
                number,
                {"Name (Original Name)": f"{label} - {person.name}", "Duration (Minutes)": "150"},
            )
        )
    actions.import_join_list(
        event,
        actor=organiser,
        header=["Name (Original Name)", "Duration (Minutes)"],
        rows=rows,
        min_minutes=30,
    )


def _back_date(report: ProgressReport, day: dt.date) -> None:
    at = dt.datetime.combine(day, dt.time(10), tzinfo=WIT)
    ProgressReport.objects.filter(pk=report.pk).update(reported_at=at)


def _feedback(event: Event, scores: list[tuple[int, int, int, int, str]]) -> None:
    attendees = list(event.participants.filter(attended_at__isnull=False).order_by("pk"))
    for person, (use, speakers, org, apply, comment) in zip(attendees, scores, strict=False):
        actions.give_feedback(
            person,
            actor=None,  # the participant's own evaluation, from the participants' page
            usefulness=use,
            speakers=speakers,
            organisation=org,
            applicability=apply,
            comment=comment,
        )


@transaction.atomic
def seed_coaching() -> int:
    """The demo's coaching events; returns how many were added."""
    if Event.objects.exists():
        return 0
    ministry = User.objects.get(username="admin.nasional")
    buru_admin = User.objects.get(username="admin.buru")
    ambon_admin = User.objects.get(username="admin.ambon")
    wilayah_1 = CoordinationRegion.objects.get(code="I")
    wilayah_3 = CoordinationRegion.objects.get(code="III")
    # Where each event keeps its clock (WIT for Maluku and Papua Barat, WIB for Jakarta).
    province = {r.code: r for r in Region.objects.filter(code__in=["31", "81", "92"])}
    agency = {a.code: a for a in Agency.objects.all()}
    ministry_signs: dict[str, Any] = {
        "issuing_agency": agency.get("kemenpanrb"),
        **WILAYAH_III_SIGNS,
    }
    standards = {
        s.service.name: s
        for s in ServiceStandard.objects.filter(
            service__unit__agency__code__in=["pemkab-buru", "pemkot-ambon"],
            status__in=ServiceStandard.IN_FORCE,
        ).select_related("service")
    }
    published = {
        p.unit.agency.code: p
        for p in SurveyPeriod.objects.filter(results_published_at__isnull=False)
        .select_related("unit__agency")
        .order_by("ends_on")
    }
    count = 0

    # --- May 2020, Wilayah III, online -------------------------------------------------------
    maluku = _event(
        ministry,
        held=(
            dt.datetime(2020, 5, 12, 9, tzinfo=WIT),
            dt.datetime(2020, 5, 12, 12, 30, tzinfo=WIT),
        ),
        topics=["standar_pelayanan", "fkp"],
        agencies=_agencies(MALUKU),
        title="Bimtek Penyusunan Standar Pelayanan dan Forum Konsultasi Publik — Provinsi Maluku",
        kind=Event.Kind.BIMTEK,
        mode=Event.Mode.ONLINE,
        meeting_link="https://zoom.example/j/2020051201",
        coordination_region=wilayah_3,
        **ministry_signs,
        venue_province=province["81"],
        agenda=(
            "09.00 Pembukaan oleh Asisten Deputi Pelayanan Publik Wilayah III\n"
            "09.20 Penyusunan standar pelayanan (PermenPANRB 15/2014)\n"
            "10.30 Forum Konsultasi Publik (PermenPANRB 16/2017)\n"
            "11.30 Tanya jawab dan rencana tindak lanjut"
        ),
        description=(
            "Bimbingan teknis daring masa pandemi bagi organisasi perangkat daerah di "
            "Provinsi Maluku."
        ),
    )
    papua = _event(
        ministry,
        held=(
            dt.datetime(2020, 5, 14, 9, tzinfo=WIT),
            dt.datetime(2020, 5, 14, 12, 30, tzinfo=WIT),
        ),
        topics=["fkp", "skm"],
        agencies=_agencies(PAPUA_BARAT),
        title=(
            "Bimtek Forum Konsultasi Publik dan Survei Kepuasan Masyarakat — Provinsi Papua Barat"
        ),
        kind=Event.Kind.BIMTEK,
        mode=Event.Mode.ONLINE,
        meeting_link="https://zoom.example/j/2020051401",
        coordination_region=wilayah_3,
        **ministry_signs,
        venue_province=province["92"],
        agenda=(
            "09.00 Pembukaan\n09.20 Forum Konsultasi Publik\n"
            "10.30 SKM menurut PermenPANRB 14/2017: sampel, kuesioner, IKM\n11.45 Tanya jawab"
        ),
    )
    talk = _event(
        ministry,
        held=(dt.datetime(2020, 5, 20, 10, tzinfo=WIT), dt.datetime(2020, 5, 20, 12, tzinfo=WIT)),
        topics=["kelompok_rentan"],
        agencies=_agencies(MALUKU + PAPUA_BARAT),
        register=["pemkab-buru", "pemkot-ambon"],
        title=(
            "Ngobrol Urusan Pelayanan Publik: Pelayanan bagi Penyandang Disabilitas "
            "dan Kelompok Rentan"
        ),
        kind=Event.Kind.TALK,
        mode=Event.Mode.ONLINE,
        meeting_link="https://zoom.example/j/2020052001",
        coordination_region=wilayah_3,
        **ministry_signs,
        venue_province=province["81"],
    )
    for event in (maluku, papua, talk):
        _attend(event, ministry)
    count += 3

    actions.record_question(
        maluku,
        actor=ministry,
        asked_by="La Ode Ahmad",
        agency=agency["pemkab-buru"],
        topic="standar_pelayanan",
        question=(
            "Apakah standar pelayanan harus ditetapkan untuk setiap jenis layanan, atau "
            "cukup satu untuk satu OPD?"
        ),
        answer=(
            "Untuk setiap jenis pelayanan (PermenPANRB 15/2014), ditetapkan dengan "
            "keputusan pimpinan penyelenggara."
        ),
        answered_by="Narasumber Kementerian PANRB",
    )
    actions.record_question(
        maluku,
        actor=ministry,
        asked_by="Yusuf Latuconsina",
        agency=agency["pemkot-ambon"],
        topic="fkp",
        question="Dalam masa pandemi, bolehkah FKP dilaksanakan secara daring?",
        answer="Boleh; undangan, daftar hadir dan berita acara tetap dibuat.",
        answered_by="Narasumber Kementerian PANRB",
    )
    actions.record_question(
        papua,
        actor=ministry,
        asked_by="Markus Torey",
        agency=agency["pemkab-teluk-wondama"],
        topic="skm",
        question=(
            "Berapa responden yang dibutuhkan bila jumlah pengguna layanan 1.200 orang setahun?"
        ),
        answer="291 responden menurut tabel Krejcie dan Morgan.",
        answered_by="Narasumber Kementerian PANRB",
    )
    actions.record_question(
        papua,
        actor=ministry,
        asked_by="Yance Wonggor",
        agency=agency["pemkab-manokwari"],
        topic="skm",
        question="Apakah kuesioner boleh ditambah pertanyaan sendiri?",
    )
    _feedback(
        maluku,
        [
            (5, 5, 3, 4, "Materi sangat jelas; sinyal di Namlea sering putus."),
            (4, 4, 3, 4, ""),
            (5, 4, 4, 5, "Mohon contoh SK standar pelayanan."),
        ],
    )
    _feedback(papua, [(4, 5, 3, 4, "Perlu pendampingan lanjutan untuk SKM."), (5, 4, 3, 5, "")])

    # Follow-up tasks after the Maluku bimtek: standards for two priority services each.
    tasks = actions.set_tasks(
        maluku,
        actor=ministry,
        agencies=_agencies(MALUKU),
        title="Tetapkan standar pelayanan untuk dua jenis layanan prioritas",
        description=(
            "Disusun bersama masyarakat melalui FKP dan ditetapkan dengan keputusan kepala "
            "daerah atau kepala OPD."
        ),
        topic="standar_pelayanan",
        evidence=FollowUpTask.Evidence.STANDARD_SET,
        target=2,
        due_on=dt.date(2020, 12, 31),
    )
    by_agency = {t.agency.code: t for t in tasks}
    buru = by_agency["pemkab-buru"]
    _back_date(
        actions.report_progress(
            buru,
            actor=buru_admin,
            progress=40,
            note="Draf standar pelayanan KTP-el dan akta kelahiran dibahas dalam FKP.",
            today=dt.date(2020, 9, 15),
        ),
        dt.date(2020, 9, 15),
    )
    for name in ("Penerbitan Akta Kelahiran", "Penerbitan KTP-el"):
        if name in standards:
            actions.report_progress(
                buru,
                actor=buru_admin,
                progress=100,
                note=f"Standar pelayanan {name} ditetapkan dan dipublikasikan.",
                standard=standards[name],
                done=name == "Penerbitan KTP-el",
            )
    buru.refresh_from_db()
    if buru.status == FollowUpTask.Status.DONE:
        actions.verify(buru, actor=ministry)
    ambon = by_agency["pemkot-ambon"]
    oss = next(
        (s for n, s in standards.items() if s.service.unit.agency.code == "pemkot-ambon"), None
    )
    actions.report_progress(
        ambon,
        actor=ambon_admin,
        progress=50,
        note="Standar pelayanan perizinan berusaha ditetapkan; layanan kedua masih dibahas.",
        standard=oss,
    )
    _back_date(
        actions.report_progress(
            by_agency["pemkab-seram-bagian-barat"],
            actor=ministry,
            progress=20,
            note="Tim penyusun dibentuk (laporan melalui surat, dicatat oleh Wilayah III).",
            today=dt.date(2020, 10, 2),
        ),
        dt.date(2020, 10, 2),
    )
    # Maluku Tenggara and the province have not reported: overdue since 2020.

    # After the Papua Barat bimtek: run the SKM and publish the result.
    tasks = actions.set_tasks(
        papua,
        actor=ministry,
        agencies=_agencies([c for c in PAPUA_BARAT if c != "pemkab-sorong"]),  # Sorong was absent
        title="Laksanakan SKM dan publikasikan hasilnya",
        topic="skm",
        evidence=FollowUpTask.Evidence.SURVEY_PUBLISHED,
        due_on=dt.date(2020, 12, 31),
    )
    by_agency = {t.agency.code: t for t in tasks}
    for code, verify in (("pemkab-teluk-wondama", True), ("pemkab-manokwari", False)):
        if code in published:
            actions.report_progress(
                by_agency[code],
                actor=ministry,
                progress=100,
                note="Hasil SKM dipublikasikan di Prima dan papan pengumuman unit.",
                survey_period=published[code],
                done=True,
            )
            if verify:
                actions.verify(by_agency[code], actor=ministry)
    # Sorong did not attend; the province has not reported.

    tasks = actions.set_tasks(
        talk,
        actor=ministry,
        agencies=[agency["pemkab-buru"], agency["pemkot-ambon"]],
        title="Sediakan loket prioritas dan sarana bagi penyandang disabilitas",
        topic="kelompok_rentan",
        evidence=FollowUpTask.Evidence.DOCUMENT,
        due_on=dt.date(2020, 11, 30),
    )
    by_agency = {t.agency.code: t for t in tasks}
    actions.report_progress(
        by_agency["pemkot-ambon"],
        actor=ambon_admin,
        progress=100,
        note="Loket prioritas, kursi roda dan jalur pemandu tersedia di MPP Kota Ambon.",
        link="https://ambon.example.go.id/mpp/sarana-disabilitas",
        done=True,
    )
    actions.verify(by_agency["pemkot-ambon"], actor=ministry)
    actions.report_progress(
        by_agency["pemkab-buru"],
        actor=buru_admin,
        progress=30,
        note="Ramp di Disdukcapil dibangun; loket prioritas belum.",
    )

    # --- November 2020, Wilayah I lokakarya -------------------------------------------------------
    lokakarya = _event(
        ministry,
        held=(dt.datetime(2020, 11, 17, 8, tzinfo=WIB), dt.datetime(2020, 11, 18, 16, tzinfo=WIB)),
        topics=["standar_pelayanan"],
        agencies=_agencies(["pemprov-bengkulu"]),
        title="Lokakarya Penerapan Standar Pelayanan — Wilayah I (Sumatera dan Jawa)",
        kind=Event.Kind.LOKAKARYA,
        mode=Event.Mode.HYBRID,
        meeting_link="https://zoom.example/j/2020111701",
        location="Kantor Kementerian PANRB, Jakarta",
        coordination_region=wilayah_1,
        issuing_agency=agency.get("kemenpanrb"),
        **WILAYAH_I_SIGNS,
        venue_province=province["31"],
    )
    _attend(lokakarya, ministry)
    actions.set_tasks(
        lokakarya,
        actor=ministry,
        agencies=_agencies(["pemprov-bengkulu"]),
        title="Terapkan standar pelayanan di DPMPTSP dan umumkan maklumat pelayanan",
        topic="standar_pelayanan",
        evidence=FollowUpTask.Evidence.STANDARD_SET,
        due_on=dt.date(2021, 6, 30),
    )
    count += 1

    # --- recent and upcoming ------------------------------------------------------------------
    today = timezone.localdate()
    start = dt.datetime.combine(today - dt.timedelta(days=45), dt.time(9), tzinfo=WIT)
    rakor = _event(
        ministry,
        held=(start, start + dt.timedelta(hours=3)),
        topics=["skm", "pengaduan"],
        agencies=_agencies(MALUKU),
        title="Rakor Tindak Lanjut Hasil SKM dan Pengelolaan Pengaduan — Provinsi Maluku",
        kind=Event.Kind.RAKOR,
        mode=Event.Mode.ONLINE,
        meeting_link="https://zoom.example/j/rakor-maluku",
        coordination_region=wilayah_3,
        **ministry_signs,
        venue_province=province["81"],
    )
    _attend(rakor, ministry)
    tasks = actions.set_tasks(
        rakor,
        actor=ministry,
        agencies=_agencies(["pemkab-buru", "pemkot-ambon", "pemkab-maluku-tenggara"]),
        title="Selesaikan rencana tindak lanjut SKM untuk unsur terlemah",
        topic="skm",
        evidence=FollowUpTask.Evidence.FOLLOW_UP_DONE,
        due_on=today + dt.timedelta(days=7),
    )
    buru_rtl = next(t for t in tasks if t.agency.code == "pemkab-buru")
    actions.report_progress(
        buru_rtl,
        actor=buru_admin,
        progress=60,
        note="Jam layanan Sabtu dibuka; penambahan loket menunggu anggaran perubahan.",
    )
    actions.set_tasks(
        rakor,
        actor=ministry,
        agencies=_agencies(["pemkab-seram-bagian-barat"]),
        title="Kirim rekap pengaduan triwulan III",
        topic="pengaduan",
        evidence=FollowUpTask.Evidence.DOCUMENT,
        due_on=today - dt.timedelta(days=5),
    )
    upcoming = dt.datetime.combine(today + dt.timedelta(days=10), dt.time(9), tzinfo=WIT)
    future = actions.create_event(
        actor=ministry,
        topics=["skm"],
        title="Bimtek Survei Kepuasan Masyarakat — Provinsi Maluku",
        kind=Event.Kind.BIMTEK,
        mode=Event.Mode.ONLINE,
        meeting_link="https://zoom.example/j/bimtek-skm-maluku",
        province=Region.objects.get(code="81"),
        issuing_agency=agency.get("pemprov-maluku"),
        **MALUKU_SIGNS,
        starts_at=upcoming,
        ends_at=upcoming + dt.timedelta(hours=4),
        agenda=(
            "09.00 Pembukaan\n09.15 Menyusun sampel dan kuesioner\n"
            "10.30 Membaca IKM dan menyusun RTL"
        ),
    )
    actions.invite(future, actor=ministry, agencies=_agencies(MALUKU))
    actions.publish_event(future, actor=ministry)
    actions.register(
        future,
        actor=buru_admin,
        agency=agency["pemkab-buru"],
        name="Maria Sahetapy",
        position="Analis Kebijakan",
        unit=None,
        unit_name="Disdukcapil Kabupaten Buru",
    )
    count += 2
    return count
