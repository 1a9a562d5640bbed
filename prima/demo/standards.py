"""Demo service standards, maklumat, a public consultation forum and facilities, created through
the same actions the pages use:

- Disdukcapil Kab. Buru: KTP-el in its second version — the forum with service users, a
  community organisation, the local radio and an academic agreed to drop the neighbourhood
  letter and to shorten the time, and version 2 carries both changes (linked to the agreements);
  Kartu Keluarga published and now under review; Akta Kelahiran published; a signed maklumat
  published on two kinds of media; publication records including SIPP Nasional; facilities for
  vulnerable groups;
- DPMPTSP Kota Ambon: business permits (OSS RBA) and building approval (PBG) published, and a
  signed maklumat.

Dates are relative to today so that the review dates stay meaningful. Idempotent: a service
that has any standard is left as it is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from prima.accounts.models import User
from prima.registry.models import Service, ServiceUnit
from prima.standards import actions
from prima.standards.models import FacilityType, Maklumat, ServiceStandard, StandardPublication

COMMON_MANAGEMENT = {
    "kompetensi": "Pendidikan minimal SMA/sederajat; memahami peraturan yang menjadi dasar "
    "layanan; mampu mengoperasikan aplikasi layanan; ramah dan komunikatif.",
    "pengawasan": "Pengawasan melekat oleh kepala bidang dan kepala dinas; pemeriksaan oleh "
    "Inspektorat daerah.",
    "jaminan_pelayanan": "Pelayanan diberikan sesuai standar pelayanan ini; petugas yang "
    "melanggar dikenai sanksi sesuai ketentuan.",
    "jaminan_keamanan": "Dokumen dan data pribadi pemohon dijaga kerahasiaannya; ruang "
    "pelayanan dilengkapi APAR, jalur evakuasi dan CCTV.",
    "evaluasi_kinerja": "Evaluasi kinerja pelaksana setiap triwulan melalui Survei Kepuasan "
    "Masyarakat dan rapat evaluasi internal.",
}

BURU_COMPLAINTS = {
    "channels": [
        "SP4N-LAPOR! https://www.lapor.go.id",
        "Kotak saran di ruang pelayanan",
        "Telepon/WhatsApp pengaduan Disdukcapil",
    ],
    "procedure": "Pengaduan dicatat, diverifikasi paling lama 3 hari kerja, dan ditanggapi "
    "paling lama 5 hari kerja.",
}


def _ktp(**changes: Any) -> dict[str, Any]:
    components: dict[str, Any] = {
        "persyaratan": [
            "Telah berusia 17 tahun, sudah kawin, atau pernah kawin",
            "Fotokopi Kartu Keluarga",
            "Surat pengantar RT/RW",
        ],
        "prosedur": {
            "steps": [
                "Pemohon mengambil nomor antrean",
                "Petugas memeriksa kelengkapan berkas",
                "Perekaman sidik jari, iris mata, foto dan tanda tangan",
                "Verifikasi dan validasi data",
                "Pencetakan KTP-el",
                "KTP-el diserahkan kepada pemohon",
            ]
        },
        "waktu": {"amount": 3, "unit": "hari_kerja"},
        "biaya": {"free": True, "basis": "UU 24/2013 Pasal 79A"},
        "produk": "Kartu Tanda Penduduk elektronik (KTP-el)",
        "pengaduan": BURU_COMPLAINTS,
        "dasar_hukum": [
            "UU 23/2006 tentang Administrasi Kependudukan sebagaimana diubah dengan UU 24/2013",
            "Perpres 96/2018 tentang Persyaratan dan Tata Cara Pendaftaran Penduduk dan "
            "Pencatatan Sipil",
            "Permendagri 108/2019",
        ],
        "sarana": "Ruang tunggu ber-AC dengan kursi prioritas, mesin antrean, alat perekaman "
        "KTP-el, printer kartu, ramp dan kursi roda.",
        "jumlah_pelaksana": "6 orang",
        **COMMON_MANAGEMENT,
    }
    components.update(changes)
    return components


def _kk() -> dict[str, Any]:
    return _ktp(
        persyaratan=[
            "Buku nikah/akta perkawinan atau akta perceraian",
            "Surat keterangan pindah bagi penduduk yang pindah",
            "Kartu Keluarga lama (untuk perubahan data)",
        ],
        prosedur={
            "steps": [
                "Pemohon mengambil nomor antrean",
                "Petugas memeriksa kelengkapan berkas",
                "Entri data dan verifikasi",
                "Pencetakan dan penandatanganan elektronik Kartu Keluarga",
                "Kartu Keluarga diserahkan atau dikirim ke surel pemohon",
            ]
        },
        waktu={"amount": 1, "unit": "hari_kerja"},
        produk="Kartu Keluarga (KK)",
    )


def _akta() -> dict[str, Any]:
    return _ktp(
        persyaratan=[
            "Surat keterangan kelahiran dari rumah sakit, puskesmas atau bidan",
            "Kartu Keluarga",
            "Buku nikah/akta perkawinan orang tua",
        ],
        prosedur={
            "steps": [
                "Pemohon mengambil nomor antrean atau mendaftar daring",
                "Petugas memeriksa kelengkapan berkas",
                "Pencatatan dan penerbitan kutipan akta kelahiran",
                "Akta diserahkan kepada pemohon",
            ]
        },
        waktu={"amount": 1, "unit": "hari_kerja"},
        produk="Kutipan Akta Kelahiran",
    )


AMBON_COMPLAINTS = {
    "channels": [
        "SP4N-LAPOR! https://www.lapor.go.id",
        "Meja pengaduan di Mal Pelayanan Publik Kota Ambon",
        "Surel pengaduan DPMPTSP",
    ],
    "procedure": "Pengaduan ditanggapi paling lama 5 hari kerja.",
}


def _oss() -> dict[str, Any]:
    return {
        **COMMON_MANAGEMENT,
        "persyaratan": [
            "Nomor Induk Kependudukan (NIK) dan NPWP",
            "Akta pendirian dan pengesahan badan usaha (bagi badan usaha)",
            "Data lokasi dan kegiatan usaha (KBLI)",
        ],
        "prosedur": {
            "steps": [
                "Pelaku usaha membuat akun di oss.go.id",
                "Mengisi data usaha dan memilih KBLI",
                "Sistem menentukan tingkat risiko usaha",
                "Penerbitan NIB dan perizinan sesuai tingkat risiko",
                "Pendampingan oleh petugas DPMPTSP bila diperlukan",
            ]
        },
        "waktu": {"amount": 1, "unit": "hari", "note": "NIB terbit setelah data lengkap"},
        "biaya": {"free": True, "basis": "PP 5/2021 tentang Perizinan Berusaha Berbasis Risiko"},
        "produk": "Nomor Induk Berusaha (NIB) dan perizinan berusaha",
        "pengaduan": AMBON_COMPLAINTS,
        "dasar_hukum": [
            "UU 6/2023 tentang Penetapan Perppu Cipta Kerja",
            "PP 5/2021 tentang Penyelenggaraan Perizinan Berusaha Berbasis Risiko",
        ],
        "sarana": "Gerai pendampingan OSS, komputer dan jaringan internet untuk pemohon, ruang "
        "tunggu dengan kursi prioritas.",
        "jumlah_pelaksana": "4 orang",
    }


def _pbg() -> dict[str, Any]:
    return {
        **_oss(),
        "persyaratan": [
            "Data pemohon dan bukti kepemilikan tanah",
            "Dokumen rencana teknis bangunan",
            "Pernyataan pemenuhan standar teknis",
        ],
        "prosedur": {
            "steps": [
                "Pemohon mendaftar di SIMBG",
                "Konsultasi dengan Tim Profesi Ahli",
                "Penilaian dokumen rencana teknis",
                "Pembayaran retribusi",
                "Penerbitan PBG",
            ]
        },
        "waktu": {"amount": 28, "unit": "hari_kerja"},
        "biaya": {
            "amount": 2500000,
            "basis": "Perda Kota Ambon tentang Retribusi PBG (tarif per m²)",
        },
        "produk": "Persetujuan Bangunan Gedung (PBG)",
        "dasar_hukum": ["PP 16/2021 tentang Bangunan Gedung"],
    }


def _publish(
    service: Service,
    components: dict[str, Any],
    *,
    actor: User,
    decree_date: dt.date,
    number: str,
) -> ServiceStandard:
    draft = actions.create_draft(service, actor=actor, components=components)
    standard = actions.set_standard(
        draft,
        actor=actor,
        decree_number=number,
        decree_date=decree_date,
        signer_name=service.unit.head_name or "Kepala Dinas",
        signer_position=service.unit.head_position or f"Kepala {service.unit.name}",
        today=decree_date,
    )
    return actions.publish_standard(standard, actor=actor)


def _service(unit: ServiceUnit, name: str) -> Service | None:
    return Service.objects.filter(unit=unit, name=name).first()


def _seed_buru(unit: ServiceUnit, today: dt.date, actor: User) -> int:
    added = 0
    ktp = _service(unit, "Penerbitan KTP-el")
    if ktp is not None and not ktp.standards.exists():
        first = _publish(
            ktp,
            _ktp(),
            actor=actor,
            decree_date=today - dt.timedelta(days=420),
            number="470/21/SK/DUKCAPIL",
        )
        forum = actions.save_forum(
            unit,
            actor=actor,
            title="FKP Peninjauan Standar Pelayanan KTP-el",
            purpose="review",
            mode="tatap_muka",
            stage="pasca",
            held_on=today - dt.timedelta(days=120),
            place="Aula Kantor Disdukcapil Kabupaten Buru, Namlea",
            chair="Mohammad Saleh Tomia, S.Sos., M.Si.",
            chair_position="Sekretaris Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buru",
            chair_nip="197805142003121002",
            agenda="1. Paparan standar pelayanan KTP-el yang berlaku\n"
            "2. Tanggapan dan masukan peserta\n3. Kesepakatan perubahan",
            summary="Peserta menyampaikan bahwa surat pengantar RT/RW memperlama pengurusan "
            "dan tidak lagi diwajibkan oleh Perpres 96/2018. Pemohon dari desa jauh meminta "
            "KTP-el dapat selesai pada hari yang sama bila blanko tersedia.",
            standards=[first],
        )
        review = actions.start_review(first, actor=actor, started_on=forum.held_on, forum=forum)
        for name, organisation, element in [
            ("Ibu Rahmawati", "Warga Kecamatan Namlea", "pengguna_layanan"),
            ("Bapak La Ode Hasan", "Warga Desa Waeperang", "pengguna_layanan"),
            ("Dr. Yusuf Latuconsina", "Universitas Iqra Buru", "ahli_praktisi_akademisi"),
            ("Maria Wattimena", "LSM Peduli Disabilitas Buru", "organisasi_masyarakat"),
            ("Ahmad Tuasikal", "Radio Suara Buru", "media_massa"),
            ("Kepala Bidang PIAK", "Disdukcapil Kabupaten Buru", "penyelenggara"),
            ("Camat Namlea", "Kecamatan Namlea", "instansi_terkait"),
        ]:
            actions.add_participant(
                forum,
                actor=actor,
                name=name,
                organisation=organisation,
                element=element,
                attended=name != "Camat Namlea",  # invited, did not come
            )
        draft = actions.finish_review(
            review,
            actor=actor,
            finished_on=forum.held_on + dt.timedelta(days=5),
            outcome="revised",
            note="Persyaratan dan jangka waktu diubah sesuai kesepakatan FKP.",
        )
        second = actions.save_draft(
            draft,
            actor=actor,
            revision=draft.revision,
            components=_ktp(
                persyaratan=[
                    "Telah berusia 17 tahun, sudah kawin, atau pernah kawin",
                    "Fotokopi Kartu Keluarga",
                ],
                waktu={"amount": 1, "unit": "hari_kerja", "note": "Bila blanko tersedia"},
            ),
            change_note="Hasil FKP: surat pengantar RT/RW dihapus; waktu menjadi 1 hari kerja.",
        )
        for text, component in [
            ("Surat pengantar RT/RW tidak lagi disyaratkan.", "persyaratan"),
            ("KTP-el selesai dalam 1 hari kerja bila blanko tersedia.", "waktu"),
        ]:
            actions.add_agreement(
                forum, actor=actor, text=text, standard=second, component=component
            )
        actions.add_agreement(
            forum, actor=actor, text="Disdukcapil mengumumkan perubahan melalui radio lokal."
        )
        second = actions.set_standard(
            second,
            actor=actor,
            decree_number="470/08/SK/DUKCAPIL",
            decree_date=today - dt.timedelta(days=90),
            signer_name=unit.head_name or "Kepala Dinas",
            signer_position=unit.head_position or "Kepala Disdukcapil Kabupaten Buru",
            today=today,
        )
        actions.publish_standard(second, actor=actor)
        added += 2
    kk = _service(unit, "Penerbitan Kartu Keluarga")
    if kk is not None and not kk.standards.exists():
        standard = _publish(
            kk,
            _kk(),
            actor=actor,
            decree_date=today - dt.timedelta(days=370),
            number="470/22/SK/DUKCAPIL",
        )
        actions.start_review(standard, actor=actor, started_on=today - dt.timedelta(days=10))
        added += 1
    akta = _service(unit, "Penerbitan Akta Kelahiran")
    if akta is not None and not akta.standards.exists():
        _publish(
            akta,
            _akta(),
            actor=actor,
            decree_date=today - dt.timedelta(days=200),
            number="470/23/SK/DUKCAPIL",
        )
        added += 1
    if not Maklumat.objects.filter(unit=unit).exists():
        maklumat = actions.save_maklumat(
            unit,
            actor=actor,
            promise="Dengan ini, kami menyatakan sanggup menyelenggarakan pelayanan sesuai "
            "standar pelayanan yang telah ditetapkan.",
            commitment="Kami berkomitmen memberikan pelayanan sesuai kewajiban dan melakukan "
            "perbaikan secara terus-menerus.",
            sanction="Apabila tidak menepati janji ini, kami siap menerima sanksi dan/atau "
            "memberikan kompensasi sesuai peraturan perundang-undangan yang berlaku.",
            signer_name="Kepala Dinas",
            signer_position="Kepala Disdukcapil Kabupaten Buru",
            signed_on=today - dt.timedelta(days=300),
        )
        for medium in ("notice_board", "website"):
            actions.record_maklumat_publication(
                maklumat, actor=actor, medium=medium, published_on=today - dt.timedelta(days=298)
            )
    if not StandardPublication.objects.filter(unit=unit).exists():
        for medium, url in [
            ("notice_board", ""),
            ("website", "https://disdukcapil.burukab.go.id/standar-pelayanan"),
            ("social", ""),
            ("sippn", "https://sippn.menpan.go.id"),
        ]:
            actions.record_publication(
                unit,
                actor=actor,
                medium=medium,
                url=url,
                published_on=today - dt.timedelta(days=85),
            )
    if not unit.facilities.exists():
        wanted = [
            "ramp",
            "kursi_roda",
            "loket_prioritas",
            "kursi_prioritas",
            "ruang_laktasi",
            "toilet_difabel",
            "petugas_pendamping",
        ]
        rows: dict[FacilityType, dict[str, Any] | None] = {
            t: {"condition": "fair" if t.key == "toilet_difabel" else "good", "note": ""}
            for t in FacilityType.objects.filter(key__in=wanted)
        }
        actions.save_facilities(unit, actor=actor, rows=rows)
    return added


def _seed_ambon(unit: ServiceUnit, today: dt.date, actor: User) -> int:
    added = 0
    for name, components, number in [
        ("Perizinan Berusaha Berbasis Risiko (OSS RBA)", _oss(), "503/15/SK/DPMPTSP"),
        ("Persetujuan Bangunan Gedung (PBG)", _pbg(), "503/16/SK/DPMPTSP"),
    ]:
        service = _service(unit, name)
        if service is not None and not service.standards.exists():
            _publish(
                service,
                components,
                actor=actor,
                decree_date=today - dt.timedelta(days=150),
                number=number,
            )
            added += 1
    if not Maklumat.objects.filter(unit=unit).exists():
        actions.save_maklumat(
            unit,
            actor=actor,
            promise="Kami sanggup menyelenggarakan pelayanan perizinan sesuai standar pelayanan.",
            commitment="Kami berkomitmen melayani dengan cepat, mudah dan transparan serta terus "
            "memperbaiki pelayanan.",
            sanction="Apabila kami tidak menepati janji ini, kami siap menerima sanksi sesuai "
            "peraturan perundang-undangan.",
            signer_name="Kepala Dinas",
            signer_position="Kepala DPMPTSP Kota Ambon",
            signed_on=today - dt.timedelta(days=140),
        )
    return added


@transaction.atomic
def seed_standards(*, today: dt.date | None = None) -> int:
    """Create the demo standards that do not exist yet; returns how many versions were added."""
    today = today or timezone.localdate()
    added = 0
    buru = ServiceUnit.objects.filter(code="8104-DUKCAPIL").first()
    if buru is not None:
        added += _seed_buru(buru, today, User.objects.get(username="operator.dukcapil.buru"))
    ambon = ServiceUnit.objects.filter(code="8171-DPMPTSP").first()
    if ambon is not None:
        added += _seed_ambon(ambon, today, User.objects.get(username="admin.ambon"))
    return added
