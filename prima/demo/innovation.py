"""Demo innovations and competitions (docs/guide/innovation.md):

- innovations of Maluku and Papua Barat units, every stage and status: Disdukcapil Kab. Buru's
  "Dukcapil Jemput Bola" (anchored by a Perbup, funded, replicated by Seram Bagian Barat and
  being prepared in Teluk Wondama), Seram Bagian Barat's replication of it, RSUD Kota Ambon's
  online queue (a provincial award), a Teluk Wondama puskesmas' boat posyandu gone dormant,
  Disdukcapil Kota Ambon's birth certificates from the hospital (nobody confirmed its status
  for over a year: shown as unknown), a Manokwari licensing trial and a Namlea initiative;
- "KIPP 2026 (demo)", a national competition in the KIPP manner, finished: an umum and a
  replikasi group with their rubrics, four submissions (one refused at the administrative
  check for its age), two reviewers' scores, a Top 3, one objection not upheld, the winners'
  decree and published results;
- "Kompetisi Inovasi Kabupaten Buru", the regency's pre-selection, open for registration now,
  so that a newcomer can submit an innovation and score it.

Idempotent: nothing is added when any innovation exists.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from prima.accounts.models import User
from prima.innovation import contest_actions
from prima.innovation.models import (
    AdminCheck,
    Award,
    Category,
    Competition,
    Criterion,
    Group,
    Innovation,
    Measure,
    Objection,
    Replication,
    Review,
    ReviewScore,
    Submission,
    SubmissionAnswer,
    SustainabilityReport,
    TeamMember,
    Window,
)
from prima.registry.models import Agency, Service, ServiceUnit

WIB = ZoneInfo("Asia/Jakarta")

# KIPP 2023, kelompok umum: the sections and weights of the desk evaluation
# (docs/regulations.md §C6, from the ministry's KIPP 2023 proposal-writing slides).
UMUM_RUBRIC = [
    ("ringkasan", "Ringkasan", 0, 200, False),
    ("latar_belakang", "Latar belakang dan tujuan", 10, 500, False),
    ("kebaruan", "Kebaruan / nilai tambah", 15, 500, True),
    ("implementasi", "Implementasi inovasi", 5, 500, True),
    ("signifikansi", "Signifikansi", 30, 700, True),
    ("adaptabilitas", "Adaptabilitas", 20, 500, False),
    ("sumber_daya", "Sumber daya", 5, 300, False),
    ("keberlanjutan", "Strategi keberlanjutan", 15, 500, True),
]
# The replication group's weights are not published (unconfirmed): the demo's own.
REPLIKASI_RUBRIC = [
    ("ringkasan", "Ringkasan", 0, 200, False),
    ("latar_belakang", "Latar belakang dan tujuan", 10, 500, False),
    ("adaptasi", "Adaptasi dan modifikasi dari inovasi asal", 20, 500, True),
    ("implementasi", "Implementasi inovasi", 10, 500, True),
    ("signifikansi", "Signifikansi", 30, 700, True),
    ("sumber_daya", "Sumber daya", 10, 300, False),
    ("keberlanjutan", "Strategi keberlanjutan", 20, 500, True),
]
CATEGORIES = [
    ("inklusif", "Pelayanan publik inklusif dan berkeadilan"),
    ("tpb", "Efektivitas institusi publik untuk TPB/SDGs"),
    ("ketahanan", "Ketahanan institusi publik masa dan pasca-pandemi"),
]


def _unit_named(regency: str, kind: str) -> ServiceUnit:
    return ServiceUnit.objects.filter(region__name=regency, kind=kind).order_by("code").first()  # type: ignore[return-value]


def seed_innovation(*, today: dt.date | None = None) -> int:
    """Create the demo innovations and competitions if there are none; returns how many
    innovations were added."""
    today = today or timezone.localdate()
    if Innovation.objects.exists():
        return 0
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=[
                "admin.nasional",
                "evaluator.maluku",
                "admin.buru",
                "operator.dukcapil.buru",
            ]
        )
    }
    if len(users) < 4:
        return 0
    with transaction.atomic():
        items = _registry(today, users)
        _kipp(items, users)
        _buru_preselection(items, users, today)
    return len(items)


def _registry(today: dt.date, users: dict[str, User]) -> dict[str, Innovation]:
    operator = users["operator.dukcapil.buru"]
    buru = _unit_named("Kabupaten Buru", "disdukcapil")
    sbb = _unit_named("Kabupaten Seram Bagian Barat", "disdukcapil")
    wondama = _unit_named("Kabupaten Teluk Wondama", "disdukcapil")
    wondama_pkm = _unit_named("Kabupaten Teluk Wondama", "puskesmas")
    ambon_rsud = _unit_named("Kota Ambon", "rsud")
    ambon_dukcapil = _unit_named("Kota Ambon", "disdukcapil")
    manokwari_ptsp = _unit_named("Kabupaten Manokwari", "dpmptsp")
    namlea = _unit_named("Kabupaten Buru", "kecamatan")
    recent = today - dt.timedelta(days=60)

    jebol = Innovation.objects.create(
        unit=buru,
        title="Dukcapil Jemput Bola ke Desa (JEBOL)",
        summary=(
            "Petugas Disdukcapil datang ke desa-desa di pesisir dan pegunungan Pulau Buru "
            "dengan perangkat perekaman KTP-el keliling, sehingga warga tidak perlu "
            "menyeberang atau menempuh perjalanan sehari ke Namlea."
        ),
        problem=(
            "Warga desa terpencil harus menempuh perjalanan hingga sehari penuh dan biaya "
            "transportasi besar untuk merekam KTP-el; cakupan perekaman di kecamatan "
            "terjauh di bawah 70%."
        ),
        description=(
            "Jadwal kunjungan bulanan disusun bersama kepala desa; warga mendaftar lewat "
            "perangkat desa; perekaman, pencetakan akta dan KK dilakukan di balai desa."
        ),
        theme="tata_kelola",
        stage="penerapan",
        started_on=dt.date(2022, 3, 1),
        status="berkembang",
        status_confirmed_on=recent,
        decree_number="SK Kepala Dinas Dukcapil Kab. Buru Nomor 470/12/2022",
        decree_date=dt.date(2022, 2, 14),
        is_published=True,
        created_by=operator,
    )
    jebol.services.set(Service.objects.filter(unit=buru))
    TeamMember.objects.create(
        innovation=jebol,
        name="Abdul Rahman Tomia",
        role="Inovator",
        position="Kepala Bidang Pelayanan Pendaftaran Penduduk",
    )
    TeamMember.objects.create(
        innovation=jebol, name="Nurlela Wamese", role="Anggota tim", position="Operator perekaman"
    )
    Measure.objects.create(
        innovation=jebol,
        name="Cakupan perekaman KTP-el di Kecamatan Fena Leisela",
        unit_of_measure="%",
        before=Decimal("68.40"),
        after=Decimal("96.10"),
        measured_on=dt.date(2025, 12, 31),
        source="SIAK Disdukcapil Kab. Buru",
    )
    Measure.objects.create(
        innovation=jebol,
        name="Biaya perjalanan warga untuk merekam KTP-el",
        unit_of_measure="Rp",
        before=Decimal("350000"),
        after=Decimal("0"),
        measured_on=dt.date(2025, 12, 31),
        source="Survei warga 2025",
    )
    SustainabilityReport.objects.create(
        innovation=jebol,
        year=today.year - 1,
        reported_on=dt.date(today.year - 1, 11, 20),
        status="aktif",
        institutionalisation="ditetapkan",
        legal_basis="Peraturan Bupati Buru Nomor 21 Tahun 2023",
        funded=True,
        budget_source="APBD Kab. Buru, DPA Disdukcapil",
        has_team_decree=True,
        reported_by=operator,
    )
    SustainabilityReport.objects.create(
        innovation=jebol,
        year=today.year,
        reported_on=recent,
        status="berkembang",
        institutionalisation="ditetapkan",
        legal_basis="Peraturan Bupati Buru Nomor 21 Tahun 2023",
        funded=True,
        budget_source="APBD Kab. Buru, DPA Disdukcapil",
        has_team_decree=True,
        notes="Diperluas ke 12 desa baru di Kecamatan Fena Leisela.",
        reported_by=operator,
    )

    jebol_sbb = Innovation.objects.create(
        unit=sbb,
        title="Jemput Bola Adminduk Seram Bagian Barat",
        summary=(
            "Replikasi JEBOL Kabupaten Buru: perekaman KTP-el dan penerbitan akta keliling ke "
            "negeri-negeri di pesisir Seram Bagian Barat."
        ),
        problem="Negeri di pesisir utara jauh dari Piru; banyak warga belum merekam KTP-el.",
        theme="tata_kelola",
        kind="replikasi",
        stage="penerapan",
        started_on=dt.date(2024, 2, 5),
        status="aktif",
        status_confirmed_on=recent,
        decree_number="SK Kadis Dukcapil Kab. SBB Nomor 470/05/2024",
        decree_date=dt.date(2024, 1, 22),
        is_published=True,
    )
    SustainabilityReport.objects.create(
        innovation=jebol_sbb,
        year=today.year,
        reported_on=recent,
        status="aktif",
        institutionalisation="rancangan",
        legal_basis="Rancangan Perbup SBB",
        funded=True,
        budget_source="APBD Kab. SBB",
    )
    Replication.objects.create(
        source=jebol,
        adopter_unit=sbb,
        adopter_innovation=jebol_sbb,
        started_on=dt.date(2024, 2, 5),
        agreement="PKS Nomor 470/101/2023 antara Disdukcapil Kab. Buru dan Disdukcapil Kab. SBB",
        adaptation="Jadwal mengikuti hari pasar negeri; perangkat dibawa dengan speedboat.",
        state="berjalan",
    )
    Replication.objects.create(
        source=jebol,
        adopter_unit=wondama,
        started_on=today - dt.timedelta(days=30),
        agreement="Surat kesepakatan kunjungan belajar, November 2026",
        adaptation="Perekaman di kampung-kampung sepanjang Teluk Wondama dengan longboat.",
        state="dirintis",
    )

    antrean = Innovation.objects.create(
        unit=ambon_rsud,
        title="Antrean Daring Poliklinik RSUD Kota Ambon",
        summary=(
            "Pasien mengambil nomor antrean poliklinik lewat WhatsApp atau web sehari sebelumnya "
            "dan datang sesuai jam yang diberikan."
        ),
        problem=(
            "Pasien datang sejak subuh untuk mendapat nomor antrean; ruang tunggu penuh dan waktu"
            " tunggu rata-rata 4 jam."
        ),
        theme="kesehatan",
        stage="penerapan",
        started_on=dt.date(2023, 6, 12),
        status="berkembang",
        status_confirmed_on=recent,
        decree_number="SK Direktur RSUD Kota Ambon Nomor 445/88/2023",
        decree_date=dt.date(2023, 6, 1),
        is_published=True,
    )
    Measure.objects.create(
        innovation=antrean,
        name="Waktu tunggu rata-rata di poliklinik",
        unit_of_measure="menit",
        before=Decimal("240"),
        after=Decimal("55"),
        measured_on=dt.date(2025, 6, 30),
        source="Sistem antrean RSUD",
    )
    SustainabilityReport.objects.create(
        innovation=antrean,
        year=today.year,
        reported_on=recent,
        status="berkembang",
        institutionalisation="ditetapkan",
        legal_basis="SOP Pendaftaran Pasien Rawat Jalan Nomor 12/2024",
        funded=True,
        has_facilities=True,
        has_team_decree=True,
    )
    Award.objects.create(
        innovation=antrean,
        tier="pemenang",
        title="Juara I Inovasi Pelayanan Publik Provinsi Maluku 2025",
        level="provinsi",
        year=2025,
        decree_number="Kep. Gubernur Maluku Nomor 310 Tahun 2025",
    )

    perahu = Innovation.objects.create(
        unit=wondama_pkm,
        title="Posyandu Perahu Teluk Wondama",
        summary=(
            "Bidan dan kader posyandu mengunjungi kampung-kampung di pulau dengan perahu motor "
            "setiap bulan."
        ),
        problem="Balita di kampung pulau tidak pernah ditimbang dan diimunisasi tepat waktu.",
        theme="kesehatan",
        stage="penerapan",
        started_on=dt.date(2021, 8, 1),
        status="vakum",
        status_confirmed_on=recent,
        is_published=True,
    )
    SustainabilityReport.objects.create(
        innovation=perahu,
        year=today.year,
        reported_on=recent,
        status="vakum",
        notes="Perahu rusak sejak Maret; belum ada anggaran perbaikan.",
    )

    akta = Innovation.objects.create(
        unit=ambon_dukcapil,
        title="Akta Lahir Langsung dari Rumah Sakit",
        summary=(
            "Akta kelahiran dan KK baru diterbitkan sebelum ibu dan bayi pulang dari rumah sakit."
        ),
        problem="Orang tua menunda mengurus akta kelahiran; cakupan akta anak rendah.",
        theme="tata_kelola",
        stage="penerapan",
        started_on=dt.date(2021, 9, 1),
        status="aktif",
        status_confirmed_on=today - dt.timedelta(days=500),  # unconfirmed: shown as unknown
        is_published=True,
    )

    izin = Innovation.objects.create(
        unit=manokwari_ptsp,
        title="Izin Usaha Mikro lewat WhatsApp",
        summary=(
            "Pelaku usaha mikro mengirim berkas lewat WhatsApp dan menerima NIB tanpa datang ke "
            "kantor."
        ),
        problem="Pelaku usaha di distrik jauh tidak datang mengurus izin.",
        theme="ekonomi",
        stage="uji_coba",
        started_on=dt.date(today.year, 5, 2),
        status="aktif",
        status_confirmed_on=recent,
        is_published=True,
    )
    malam = Innovation.objects.create(
        unit=namlea,
        title="Layanan Kecamatan Malam Hari",
        summary=(
            "Kantor kecamatan membuka layanan surat keterangan pada malam hari dua kali seminggu."
        ),
        problem="Nelayan dan petani tidak bisa datang pada jam kerja.",
        theme="pemberdayaan",
        stage="inisiatif",
        status="aktif",
        status_confirmed_on=recent,
        is_published=False,
    )
    return {
        "jebol": jebol,
        "jebol_sbb": jebol_sbb,
        "antrean": antrean,
        "perahu": perahu,
        "akta": akta,
        "izin": izin,
        "malam": malam,
    }


def _rubric(group: Group, rows: list[tuple[str, str, int, int, bool]]) -> list[Criterion]:
    return [
        Criterion.objects.create(
            group=group,
            code=code,
            name=name,
            weight=Decimal(weight),
            max_words=words,
            evidence_required=evidence,
            order=n,
        )
        for n, (code, name, weight, words, evidence) in enumerate(rows, 1)
    ]


def _windows(competition: Competition, spans: list[tuple[str, dt.datetime, dt.datetime]]) -> None:
    for stage, opens, closes in spans:
        Window.objects.create(
            competition=competition, stage=stage, opens_at=opens, closes_at=closes
        )


def _at(day: dt.date, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=WIB)


def _kipp(items: dict[str, Innovation], users: dict[str, User]) -> None:
    """The finished KIPP: its registration and reviews lie in the past, so the entries and
    scores are recorded as they were; from the ranking on, the pages' actions run."""
    organiser = users["admin.nasional"]
    reviewers = [users["evaluator.maluku"], organiser]
    kipp = Competition.objects.create(
        title="KIPP 2026 (demo)",
        year=2026,
        level="nasional",
        legal_basis="PermenPANRB 7/2021; pedoman KIPP tahun berjalan",
        description="Kompetisi Inovasi Pelayanan Publik tingkat nasional, dalam bentuk demo.",
        top_n=2,
        passing_grade=Decimal("60"),
        scale_max=100,
        reviews_required=2,
        agreement_tolerance=10,
        quota_per_agency=3,
        state="dibuka",
        created_by=organiser,
    )
    _windows(
        kipp,
        [
            ("pendaftaran", _at(dt.date(2026, 3, 16)), _at(dt.date(2026, 4, 16), 12)),
            ("administrasi", _at(dt.date(2026, 4, 18)), _at(dt.date(2026, 4, 27), 23, 59)),
            ("penilaian", _at(dt.date(2026, 5, 9)), _at(dt.date(2026, 5, 30), 23, 59)),
            ("penetapan_top", _at(dt.date(2026, 6, 1)), _at(dt.date(2026, 6, 5), 23, 59)),
            ("uji_publik", _at(dt.date(2026, 6, 8)), _at(dt.date(2026, 6, 12), 23, 59)),
            ("presentasi", _at(dt.date(2026, 7, 1)), _at(dt.date(2026, 7, 15), 23, 59)),
            ("lapangan", _at(dt.date(2026, 7, 16)), _at(dt.date(2026, 7, 31), 23, 59)),
            ("penganugerahan", _at(dt.date(2026, 9, 15)), _at(dt.date(2026, 9, 16), 23, 59)),
        ],
    )
    umum = Group.objects.create(
        competition=kipp,
        code="umum",
        name="Kelompok Umum",
        description="Inovasi yang belum pernah menjadi pemenang KIPP dan belum dua kali masuk Top.",
        min_age_months=24,
        originals_only=True,
        max_times_shortlisted=2,
        past_winners_excluded=True,
    )
    replikasi = Group.objects.create(
        competition=kipp,
        code="replikasi",
        name="Kelompok Replikasi",
        description="Inovasi yang mengadaptasi inovasi lain, sebagian atau seluruhnya.",
        min_age_months=12,
        replication_only=True,
    )
    criteria = {
        umum.pk: _rubric(umum, UMUM_RUBRIC),
        replikasi.pk: _rubric(replikasi, REPLIKASI_RUBRIC),
    }
    categories = {
        code: Category.objects.create(competition=kipp, code=code, name=name)
        for code, name in CATEGORIES
    }
    # innovation, group, category, each criterion's two scores (first reviewer, second)
    entries = [
        (items["jebol"], umum, "inklusif",
         [(0, 0), (80, 85), (85, 80), (90, 90), (88, 84), (85, 90), (75, 80), (90, 88)]),
        (items["antrean"], umum, "tpb",
         [(0, 0), (75, 80), (80, 70), (85, 80), (78, 82), (70, 72), (80, 80), (85, 80)]),
        (items["akta"], umum, "inklusif",
         [(0, 0), (60, 70), (55, 75), (70, 60), (62, 58), (50, 66), (60, 60), (58, 64)]),
        (items["jebol_sbb"], replikasi, "inklusif",
         [(0, 0), (70, 75), (80, 85), (75, 70), (72, 78), (70, 70), (75, 72)]),
    ]  # fmt: skip
    submitted_at = _at(dt.date(2026, 4, 10), 14)
    for innovation, group, category, scores in entries:
        submission = Submission.objects.create(
            competition=kipp,
            innovation=innovation,
            group=group,
            category=categories[category],
            agency=innovation.unit.agency,
            state="dinilai",
            submitted_at=submitted_at,
        )
        for criterion in criteria[group.pk]:
            SubmissionAnswer.objects.create(
                submission=submission,
                criterion=criterion,
                text=f"{criterion.name}: {innovation.summary}",
            )
        AdminCheck.objects.create(submission=submission, passed=True, checked_by=organiser)
        for n, reviewer in enumerate(reviewers):
            review = Review.objects.create(
                submission=submission,
                reviewer=reviewer,
                state="selesai",
                declared_at=_at(dt.date(2026, 5, 10), 9),
                submitted_at=_at(dt.date(2026, 5, 20), 16),
                comment="Dampak terukur dan didukung data." if n == 0 else "",
                assigned_by=organiser,
            )
            for criterion, pair in zip(criteria[group.pk], scores, strict=True):
                ReviewScore.objects.create(review=review, criterion=criterion, score=pair[n])
    # The Manokwari trial is too young for the umum group: refused at the check.
    young = Submission.objects.create(
        competition=kipp,
        innovation=items["izin"],
        group=umum,
        category=categories["tpb"],
        agency=items["izin"].unit.agency,
        state="tidak_lolos_adm",
        submitted_at=submitted_at,
    )
    AdminCheck.objects.create(
        submission=young,
        passed=False,
        reasons=[AdminCheck.Reason.TOO_YOUNG],
        note="Diterapkan sejak Mei 2026; kelompok umum mensyaratkan 24 bulan.",
        checked_by=organiser,
    )
    contest_actions.compute_ranking(kipp, actor=organiser)
    contest_actions.set_shortlist(
        kipp,
        actor=organiser,
        decree_number="Keputusan Menteri PANRB Nomor 180 Tahun 2026",
        decree_date=dt.date(2026, 6, 5),
    )
    jebol = Submission.objects.get(competition=kipp, innovation=items["jebol"])
    objection = Objection.objects.create(
        submission=jebol,
        name="Yusuf Latuconsina",
        contact="yusuf@contoh.invalid",
        text=(
            "Menurut saya layanan jemput bola belum menjangkau desa kami di Kecamatan Lolong Guba."
        ),
    )
    Objection.objects.filter(pk=objection.pk).update(received_at=_at(dt.date(2026, 6, 10), 11))
    contest_actions.resolve_objection(
        objection,
        actor=organiser,
        upheld=False,
        resolution=(
            "Jadwal kunjungan ke Kecamatan Lolong Guba tercantum untuk triwulan berikutnya; "
            "keberatan tidak mengubah penilaian."
        ),
    )
    contest_actions.record_decree(
        kipp,
        actor=organiser,
        number="Keputusan Menteri PANRB Nomor 250 Tahun 2026",
        date=dt.date(2026, 9, 15),
    )
    outcomes = {
        items["jebol"].pk: ("pemenang", "Top Inovasi Pelayanan Publik 2026 (demo)"),
        items["antrean"].pk: ("finalis", ""),
        items["jebol_sbb"].pk: ("pemenang", "Top Replikasi 2026 (demo)"),
    }
    for submission in Submission.objects.filter(competition=kipp, state="top"):
        outcome, title = outcomes.get(submission.innovation_id, ("finalis", ""))
        contest_actions.decide(submission, actor=organiser, outcome=outcome, award_title=title)
    contest_actions.publish_results(kipp, actor=organiser)


def _buru_preselection(
    items: dict[str, Innovation], users: dict[str, User], today: dt.date
) -> None:
    admin = users["admin.buru"]
    agency = Agency.objects.get(code="pemkab-buru")
    competition = Competition.objects.create(
        title=f"Kompetisi Inovasi Kabupaten Buru {today.year + 1}",
        year=today.year + 1,
        level="instansi",
        organiser=agency,
        legal_basis="Keputusan Bupati Buru tentang Seleksi Inovasi Pelayanan Publik",
        description="Seleksi internal Pemerintah Kabupaten Buru sebelum mengirim inovasi ke KIPP.",
        top_n=2,
        scale_max=100,
        reviews_required=2,
        quota_per_agency=None,
        state="dibuka",
        created_by=admin,
    )
    start = _at(today - dt.timedelta(days=10))
    _windows(
        competition,
        [
            ("pendaftaran", start, _at(today + dt.timedelta(days=30), 23, 59)),
            (
                "administrasi",
                _at(today + dt.timedelta(days=31)),
                _at(today + dt.timedelta(days=37), 23, 59),
            ),
            (
                "penilaian",
                _at(today + dt.timedelta(days=38)),
                _at(today + dt.timedelta(days=52), 23, 59),
            ),
            (
                "uji_publik",
                _at(today + dt.timedelta(days=55)),
                _at(today + dt.timedelta(days=59), 23, 59),
            ),
            (
                "penganugerahan",
                _at(today + dt.timedelta(days=70)),
                _at(today + dt.timedelta(days=70), 23, 59),
            ),
        ],
    )
    group = Group.objects.create(
        competition=competition,
        code="umum",
        name="Kelompok Umum",
        min_age_months=12,
    )
    _rubric(group, UMUM_RUBRIC)
    for code, name in CATEGORIES:
        Category.objects.create(competition=competition, code=code, name=name)
