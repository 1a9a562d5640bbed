"""Demo staff recognition, created through the same actions the pages use: the quarterly
"Pelaksana Pelayanan Terbaik" programme of Disdukcapil Kabupaten Buru, with its five
published criteria (PEKPPP 13.b.K level 5), a committee chaired by the agency's administrator,
last quarter's three nominations — one on which a member declared a conflict of interest and
did not score — decided by decree with the committee's reasons, a certificate and a plaque for
the first and career development for the second, published on /apresiasi/; and one
nomination of the current quarter waiting for the committee.

Idempotent: nothing is added when any programme exists.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from prima.accounts.models import User
from prima.recognition import actions, rules
from prima.recognition.models import CommitteeMember, Nomination, Placement, Programme
from prima.registry.models import ServiceUnit

CRITERIA = [
    (
        "kinerja",
        "Kinerja pelayanan",
        30,
        "Jumlah dan ketuntasan layanan yang diselesaikan sesuai standar pelayanan.",
    ),
    ("kehadiran", "Kehadiran dan ketepatan waktu", 20, "Rekap presensi triwulan berjalan."),
    (
        "tanpa_pengaduan",
        "Tanpa pengaduan yang terbukti",
        20,
        "Tidak ada pengaduan masyarakat terhadap petugas yang terbukti benar.",
    ),
    ("kerja_sama", "Kerja sama dalam tim", 15, "Penilaian atasan langsung dan rekan kerja."),
    (
        "penampilan",
        "Penampilan dan sikap (3S)",
        15,
        "Seragam, tanda pengenal, senyum, sapa, salam.",
    ),
]

# Last quarter's nominees: name, NIP, position, reasons, the chair's and the member's scores
# (None: the member declared a conflict of interest).
NOMINEES = [
    (
        "Nurul Hasanah Tuasikal",
        "199103122015032004",
        "Pengadministrasi Perekaman KTP-el",
        "Menuntaskan perekaman KTP-el pemilih pemula di 10 kecamatan, termasuk layanan jemput "
        "bola ke Pulau Ambalau, tanpa satu pun keluhan.",
        92,
        88,
    ),
    (
        "Bayu Lessy",
        "",
        "Petugas Loket Akta Kelahiran (tenaga kontrak)",
        "Membantu warga lanjut usia dan penyandang disabilitas mengisi formulir; dipuji warga "
        "dalam tiga surat terima kasih.",
        85,
        84,
    ),
    (
        "Maryam Wamnebo",
        "198807252010012002",
        "Pengelola Data Kependudukan",
        "Memperbaiki 1.200 data ganda dan mempercepat penerbitan Kartu Identitas Anak.",
        80,
        None,
    ),
]


def _previous_round(today: dt.date) -> dt.date:
    current = rules.round_start(rules.QUARTERLY, today)
    return rules.round_start(rules.QUARTERLY, current - dt.timedelta(days=1))


@transaction.atomic
def seed_recognition() -> int:
    """The demo's recognition programme; returns how many programmes were added."""
    if Programme.objects.exists():
        return 0
    chair_user = User.objects.get(username="admin.buru")
    member_user = User.objects.get(username="operator.dukcapil.buru")
    unit = ServiceUnit.objects.select_related("agency").get(
        agency__code="pemkab-buru", kind="disdukcapil"
    )
    today = timezone.localdate()
    programme = actions.create_programme(
        actor=chair_user,
        name="Pelaksana Pelayanan Terbaik Disdukcapil Kabupaten Buru",
        agency=unit.agency,
        unit=unit,
        period=rules.QUARTERLY,
        description=(
            "Apresiasi triwulanan bagi petugas garda depan yang melayani masyarakat dengan "
            "baik. Penghargaan nonfinansial: sertifikat, plakat, dan kesempatan pengembangan "
            "karier."
        ),
        legal_basis=(
            "Keputusan Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buru Nomor "
            "800/27/DUKCAPIL/2026"
        ),
        award_kinds=["sertifikat", "plakat", "pengembangan_karier"],
        publish_awards=True,
    )
    criteria = [
        actions.add_criterion(
            programme, actor=chair_user, element=e, title=t, weight=w, description=d
        )
        for e, t, w, d in CRITERIA
    ]
    chair = actions.add_member(
        programme, actor=chair_user, user=chair_user, role=CommitteeMember.Role.CHAIR
    )
    member = actions.add_member(programme, actor=chair_user, user=member_user)
    actions.open_programme(programme, actor=chair_user)

    last = _previous_round(today)
    nominations: list[Nomination] = []
    for name, nip, position, reasons, chair_score, member_score in NOMINEES:
        nomination = actions.nominate(
            programme,
            actor=member_user,
            round_start=last,
            unit=unit,
            staff_name=name,
            staff_nip=nip,
            staff_position=position,
            reasons=reasons,
        )
        nominations.append(nomination)
        for seat, score in ((chair, chair_score), (member, member_score)):
            if score is None:
                actions.declare(
                    nomination,
                    actor=seat.user,
                    member=seat,
                    has_conflict=True,
                    nature="Nomine adalah sepupu saya.",
                )
                continue
            actions.declare(nomination, actor=seat.user, member=seat, has_conflict=False)
            actions.score(
                nomination,
                actor=seat.user,
                member=seat,
                values={c.pk: score for c in criteria},
            )
    decree_date = last + dt.timedelta(days=100)
    actions.decide(
        programme,
        actor=chair_user,
        round_start=last,
        decree_number="800/41/DUKCAPIL/2026",
        decree_date=min(decree_date, today),
        reasons=(
            "Nilai tertimbang tertinggi pada kinerja dan tanpa pengaduan. Anggota yang "
            "menyatakan konflik kepentingan tidak menilai nomine yang bersangkutan."
        ),
    )
    awarded_on = min(decree_date + dt.timedelta(days=3), today)
    first = Placement.objects.get(nomination=nominations[0])
    second = Placement.objects.get(nomination=nominations[1])
    label = programme.round_label(last)
    for kind, title in (
        ("sertifikat", f"Pelaksana Pelayanan Terbaik {label}"),
        ("plakat", f"Plakat Pelaksana Pelayanan Terbaik {label}"),
    ):
        actions.give_award(
            first,
            actor=chair_user,
            kind=kind,
            title=title,
            reasons="Peringkat pertama dengan nilai tertimbang tertinggi.",
            awarded_on=awarded_on,
        )
    actions.give_award(
        second,
        actor=chair_user,
        kind="pengembangan_karier",
        title="Diikutsertakan Bimtek Pelayanan Prima Provinsi Maluku",
        reasons="Peringkat kedua; pelayanan ramah kepada kelompok rentan.",
        awarded_on=awarded_on,
    )
    actions.nominate(
        programme,
        actor=member_user,
        round_start=rules.round_start(rules.QUARTERLY, today),
        unit=unit,
        staff_name="Hendrik Soulissa",
        staff_nip="199505172019031003",
        staff_position="Operator Layanan Daring Dukcapil",
        reasons="Menjawab pertanyaan warga di kanal WhatsApp layanan dalam hari yang sama.",
    )
    return 1
