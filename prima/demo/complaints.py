"""Demo complaints across the demo units, in every state, some overdue — created through the
same actions the pages use, with times relative to now so the clock always has something to
show. Tracking codes are not kept (a demo user files their own to try tracking).
Idempotent: nothing is added when complaints exist already."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from prima.accounts.models import User
from prima.complaints import actions, workflow
from prima.complaints.models import Category, Complaint, ResponseTemplate
from prima.registry.models import ServiceUnit

C = workflow.COORDINATOR
U = workflow.UNIT


@dataclass(frozen=True)
class DemoComplaint:
    unit: str
    title: str
    description: str
    category: str
    days_ago: float
    # (action, days after receipt, message) applied in order
    steps: tuple[tuple[str, float, str], ...] = ()
    anonymous: bool = False
    secret: bool = False
    kind: str = "pengaduan"
    identity: dict[str, str] = field(default_factory=dict)
    # What the complaint led to, recorded by the unit's operator (public once closed: the
    # unit's results page lists it under "Changes after complaints").
    improvement: str = ""
    skm_element: str = ""


ANSWER_KTP = (
    "Terima kasih atas laporan Anda. Blanko KTP-el sudah kami terima kembali dari Ditjen "
    "Dukcapil; KTP-el Anda sudah dicetak dan dapat diambil di loket 2 pada jam kerja."
)

DEMO = [
    DemoComplaint(
        "8104-DUKCAPIL",
        "KTP-el belum jadi setelah tiga minggu",
        "Saya merekam KTP-el tiga minggu lalu di Disdukcapil Namlea, tetapi setiap datang "
        "dikatakan blanko habis. Mohon kepastian kapan bisa diambil.",
        "administrasi-kependudukan",
        days_ago=12,
        steps=(("verify", 1, ""), ("start", 2, ""), ("respond", 3, ANSWER_KTP), ("close", 5, "")),
        identity={"name": "Rahmawati", "email": "rahmawati@demo.prima.invalid"},
        improvement="Stok blanko KTP-el kini diperiksa setiap pekan dan diminta ke Ditjen "
        "Dukcapil sebelum habis; KTP-el yang sudah dicetak diumumkan di papan loket 2.",
        skm_element="waktu",
    ),
    DemoComplaint(
        "8104-DUKCAPIL",
        "Petugas meminta uang untuk mempercepat akta",
        "Di loket akta kelahiran ada petugas yang meminta uang Rp 100.000 agar akta anak saya "
        "selesai hari itu juga. Setahu saya pelayanan ini gratis.",
        "biaya-pungutan",
        days_ago=6,
        steps=(("verify", 1, ""),),
        anonymous=True,
        secret=True,
        identity={"name": "Warga Namlea", "phone": "081200000001"},
    ),
    DemoComplaint(
        "8104-DUKCAPIL",
        "Antrean pagi sangat panjang",
        "Antrean sudah penuh sejak pukul 07.00 dan nomor antrean habis pukul 08.30. Mohon "
        "ditambah kuota atau loket.",
        "waktu-pelayanan",
        days_ago=9,
        steps=(("verify", 1, ""), ("start", 2, "")),  # overdue: answer due after 5 working days
        kind="aspirasi",
    ),
    DemoComplaint(
        "8171-DUKCAPIL",
        "Data di Kartu Keluarga salah",
        "Nama ibu saya salah ketik di Kartu Keluarga yang baru terbit. Bagaimana cara "
        "memperbaikinya dan apa saja yang perlu dibawa?",
        "administrasi-kependudukan",
        days_ago=4,
        steps=(("postpone", 1, "Mohon sebutkan nomor KK dan lampirkan foto halaman yang salah."),),
        kind="permintaan_informasi",
    ),
    DemoComplaint(
        "8171-DPMPTSP",
        "NIB tidak bisa diterbitkan di OSS",
        "Sudah dua minggu pengajuan NIB saya di OSS berhenti di tahap verifikasi lokasi. "
        "Petugas di MPP menyarankan menunggu tanpa kepastian.",
        "perizinan",
        days_ago=20,
        steps=(
            ("verify", 2, ""),
            ("start", 3, ""),
            ("respond", 8, "Verifikasi lokasi memerlukan PKKPR; kami bantu ajukan di gerai OSS."),
            ("dispute", 10, "Sudah saya ajukan PKKPR tetapi tetap belum diproses."),
        ),
    ),
    DemoComplaint(
        "8104-DUKCAPIL",
        "Iklan obat",
        "Jual obat herbal murah hubungi nomor berikut untuk pemesanan cepat dan antar gratis.",
        "lainnya",
        days_ago=3,
        steps=(("archive", 1, "Bukan pengaduan pelayanan publik (iklan)."),),
    ),
    DemoComplaint(
        "9601-DUKCAPIL",
        "Layanan jemput bola ke distrik",
        "Mohon Disdukcapil mengadakan perekaman KTP-el keliling ke distrik-distrik yang jauh "
        "karena ongkos ke Aimas mahal.",
        "administrasi-kependudukan",
        days_ago=8,  # never verified: overdue at the coordinator
        kind="aspirasi",
    ),
]


def _unit(code: str) -> ServiceUnit | None:
    return ServiceUnit.objects.filter(code=code).select_related("agency").first()


@transaction.atomic
def seed_complaints(*, now: dt.datetime | None = None) -> int:
    if Complaint.objects.exists():
        return 0
    now = now or timezone.now()
    added = 0
    categories = {c.key: c for c in Category.objects.all()}
    operator = User.objects.filter(username="operator.dukcapil.buru").first()
    for spec in DEMO:
        unit = _unit(spec.unit)
        if unit is None:
            continue
        received = now - dt.timedelta(days=spec.days_ago)
        filed = actions.file_complaint(
            agency=unit.agency,
            unit=unit,
            kind=spec.kind,
            category=categories.get(spec.category),
            title=spec.title,
            description=spec.description,
            is_anonymous=spec.anonymous,
            is_secret=spec.secret,
            identity=spec.identity,
            channel="web",
            received_at=received,
            actor=None,
        )
        complaint = filed.complaint
        for action, after, message in spec.steps:
            at = received + dt.timedelta(days=after)
            role = workflow.COMPLAINANT if action == "dispute" else C
            if action in ("start", "respond"):
                role = U
            extra: dict[str, Any] = {}
            if action == "verify":
                extra = {"unit": unit}
            if action == "archive":
                extra = {"archive_reason": message}
            complaint = actions.transition(
                complaint,
                action,
                actor=None,
                role=role,
                at=at,
                message=message,
                public=True,
                actor_label="demo",
                **extra,
            )
        if spec.improvement and operator is not None:
            actions.record_improvement(
                complaint,
                actor=operator,
                improvement=spec.improvement,
                standard=None,
                skm_element=spec.skm_element,
            )
        added += 1
    actions.run_clock(actor=None, now=now)
    for agency_id in {
        u.agency_id for u in ServiceUnit.objects.filter(code__in=[d.unit for d in DEMO])
    }:
        ResponseTemplate.objects.get_or_create(
            agency_id=agency_id,
            title="Terima kasih, sedang ditindaklanjuti",
            defaults={
                "body": "Terima kasih atas laporan Anda. Laporan sedang kami tindak lanjuti dan "
                "hasilnya akan kami sampaikan melalui kanal ini paling lambat 5 hari kerja."
            },
        )
    return added
