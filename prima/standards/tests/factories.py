"""Builders for standards tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from prima.standards import actions
from prima.standards.models import ServiceStandard

DECREE_DATE = dt.date(2026, 1, 15)


def complete_components(**changes: Any) -> dict[str, Any]:
    components: dict[str, Any] = {
        "persyaratan": ["Fotokopi Kartu Keluarga", "Surat pengantar RT/RW"],
        "prosedur": {"steps": ["Ambil nomor antrean", "Serahkan berkas", "Rekam biometrik"]},
        "waktu": {"amount": 3, "unit": "hari_kerja"},
        "biaya": {"free": True, "basis": "UU 24/2013 Pasal 79A"},
        "produk": "KTP-el",
        "pengaduan": {"channels": ["SP4N-LAPOR!", "Kotak saran di loket"]},
        "dasar_hukum": ["UU 23/2006", "UU 24/2013"],
        "sarana": "Ruang tunggu, kursi roda, loket prioritas",
        "kompetensi": "Memahami administrasi kependudukan",
        "pengawasan": "Kepala dinas dan inspektorat",
        "jumlah_pelaksana": "5 orang",
        "jaminan_pelayanan": "Pelayanan diberikan sesuai standar",
        "jaminan_keamanan": "Data pribadi dijaga kerahasiaannya",
        "evaluasi_kinerja": "Evaluasi setiap triwulan",
    }
    components.update(changes)
    return components


def set_standard(service: Any, actor: Any = None, **changes: Any) -> ServiceStandard:
    draft = actions.create_draft(service, actor=actor, components=complete_components(**changes))
    return actions.set_standard(
        draft,
        actor=actor,
        decree_number="800/12/SK/2026",
        decree_date=DECREE_DATE,
        signer_name="Kepala Dinas",
        today=DECREE_DATE,
    )


def published_standard(service: Any, actor: Any = None, **changes: Any) -> ServiceStandard:
    return actions.publish_standard(set_standard(service, actor, **changes), actor=actor)
