"""The 14 components of a service standard and the PEKPPP scores read from them
(docs/regulations.md §2.2–2.3, §4.4, §7), table-driven at the boundaries."""

from __future__ import annotations

from datetime import date

import pytest

from prima.standards import components as c

COMPLETE = {
    "persyaratan": ["KTP-el asli", "Kartu Keluarga"],
    "prosedur": {"steps": ["Ambil antrean", "Serahkan berkas", "Terima dokumen"]},
    "waktu": {"amount": 3, "unit": "hari_kerja"},
    "biaya": {"free": True, "basis": "UU 24/2013 Pasal 79A"},
    "produk": "Kartu Tanda Penduduk elektronik",
    "pengaduan": {"channels": ["SP4N-LAPOR!", "Kotak saran"]},
    "dasar_hukum": ["UU 24/2013"],
    "sarana": "Ruang tunggu, kursi roda",
    "kompetensi": "Memahami administrasi kependudukan",
    "pengawasan": "Oleh kepala dinas",
    "jumlah_pelaksana": "4 orang",
    "jaminan_pelayanan": "Pelayanan sesuai standar",
    "jaminan_keamanan": "Data pribadi dijaga",
    "evaluasi_kinerja": "Setiap triwulan",
}


def test_there_are_six_delivery_and_eight_management_components_in_the_regulations_order():
    assert [x.number for x in c.COMPONENTS] == list(range(1, 15))
    assert [x.key for x in c.COMPONENTS if x.group == c.DELIVERY] == [
        "persyaratan",
        "prosedur",
        "waktu",
        "biaya",
        "produk",
        "pengaduan",
    ]
    assert len([x for x in c.COMPONENTS if x.group == c.MANAGEMENT]) == 8


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("persyaratan", [], "needs at least one item"),
        ("persyaratan", ["  "], "needs at least one item"),
        ("persyaratan", ["KTP"], ""),
        ("prosedur", {"steps": []}, "needs at least one step"),
        ("prosedur", "a text", "needs at least one step"),
        ("waktu", {"amount": 0, "unit": "hari"}, "needs an amount above zero"),
        ("waktu", {"amount": "x", "unit": "hari"}, "needs an amount above zero"),
        ("waktu", {"amount": 3, "unit": "fortnight"}, "needs a unit of time"),
        ("waktu", {"amount": "0.5", "unit": "jam"}, ""),
        ("biaya", {"free": True}, "a free service needs its legal basis"),
        ("biaya", {"amount": 0}, "needs an amount in rupiah above zero"),
        ("biaya", {"amount": "NaN"}, "needs an amount in rupiah above zero"),
        ("biaya", {"amount": 50000}, ""),
        ("pengaduan", {"channels": []}, "needs at least one complaint channel"),
        ("pengaduan", ["SP4N-LAPOR!"], ""),
        ("produk", "", "is empty"),
        ("produk", None, "is empty"),
        ("nonsense", "x", "unknown component"),
    ],
)
def test_each_component_is_checked_for_what_it_must_hold(key, value, problem):
    assert c.component_problem(key, value) == problem


def test_the_completeness_check_names_the_missing_components_in_order():
    assert c.missing_components(COMPLETE) == []
    partial = {**COMPLETE, "biaya": {}, "evaluasi_kinerja": ""}
    del partial["persyaratan"]
    assert c.missing_components(partial) == ["persyaratan", "biaya", "evaluasi_kinerja"]


@pytest.mark.parametrize(
    ("components", "is_set", "community", "evaluated", "score"),
    [
        (None, True, True, True, 0),
        ({}, True, True, True, 0),
        ({"produk": "KTP-el"}, True, True, True, 1),
        (COMPLETE, False, True, True, 2),  # each level needs the ones below it
        (COMPLETE, True, False, True, 3),
        (COMPLETE, True, True, False, 4),
        (COMPLETE, True, True, True, 5),
    ],
)
def test_indicator_1a_scores_the_standard(components, is_set, community, evaluated, score):
    assert (
        c.standard_score(
            components, is_set=is_set, community_involved=community, evaluated=evaluated
        )
        == score
    )


@pytest.mark.parametrize(
    ("intervals", "score"),
    [
        ([], 0),
        ([None, None], 0),
        ([1, 1], 5),
        ([0.5, 1], 5),
        ([1, 1.01], 4),
        ([1, None], 4),
        ([2, 2], 3),
        ([1.5, 2], 3),
        ([2, None], 2),
        ([2, 3], 2),
        ([3, 5], 1),
        ([2.01, None], 1),
    ],
)
def test_indicator_4a_scores_how_often_standards_are_reviewed(intervals, score):
    assert c.review_score(intervals) == score


@pytest.mark.parametrize(
    ("elements", "score"),
    [
        ([], 0),
        (["pengguna_layanan", "pengguna_layanan"], 1),
        (["pengguna_layanan", "unknown"], 1),
        (list(c.COMMUNITY_ELEMENTS[:4]), 4),
        (list(c.COMMUNITY_ELEMENTS), 5),
    ],
)
def test_indicator_2a_counts_distinct_community_elements(elements, score):
    assert c.community_score(elements) == score


@pytest.mark.parametrize(
    ("count", "score"),
    [(0, 0), (1, 1), (3, 1), (4, 2), (6, 2), (7, 3), (9, 3), (10, 4), (12, 4), (13, 5), (40, 5)],
)
def test_indicator_18c_scores_facilities_for_vulnerable_groups(count, score):
    assert c.facilities_score(count) == score


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        (date(2025, 1, 15), date(2025, 1, 15), 0),
        (date(2025, 1, 15), date(2025, 1, 16), 1),
        (date(2025, 1, 15), date(2026, 1, 15), 1),
        (date(2025, 1, 15), date(2026, 1, 16), 2),
        (date(2024, 2, 29), date(2025, 2, 28), 1),
        (date(2024, 2, 29), date(2025, 3, 1), 2),
        (date(2023, 6, 1), date(2026, 6, 1), 3),
        (date(2026, 6, 1), date(2025, 6, 1), 0),
    ],
)
def test_years_between_counts_calendar_years_rounding_up(start, end, years):
    assert c.years_between(start, end) == years


@pytest.mark.parametrize(
    ("media", "sippn", "complete", "score"),
    [
        (0, False, True, 0),
        (1, False, False, 1),
        (1, False, True, 1),
        (1, True, True, 1),
        (2, False, False, 1),
        (2, False, True, 2),
        (5, False, True, 2),
        (2, True, True, 3),
        (3, True, True, 4),
        (4, True, True, 5),
        (7, True, True, 5),
        (0, True, True, 1),
    ],
)
def test_publication_score_3aT(media, sippn, complete, score):
    names = [f"m{i}" for i in range(media)]
    assert c.publication_score(media=names, on_sippn=sippn, all_components=complete) == score


@pytest.mark.parametrize(
    ("exists", "is_set", "complete", "electronic", "printed", "score"),
    [
        (False, False, False, False, False, 0),
        (True, False, True, True, True, 1),
        (True, True, False, True, True, 2),
        (True, True, True, False, False, 3),
        (True, True, True, True, False, 4),
        (True, True, True, False, True, 4),
        (True, True, True, True, True, 5),
    ],
)
def test_maklumat_score_5aK(exists, is_set, complete, electronic, printed, score):
    assert (
        c.maklumat_score(
            exists=exists, is_set=is_set, complete=complete, electronic=electronic, printed=printed
        )
        == score
    )


@pytest.mark.parametrize(
    ("amount", "text"),
    [(25000, "Rp 25.000"), ("1500000", "Rp 1.500.000"), ("12500.50", "Rp 12.500,50"), ("x", "")],
)
def test_rupiah_uses_indonesian_grouping(amount, text):
    assert c.rupiah(amount) == text


@pytest.mark.parametrize(
    ("key", "value", "lines"),
    [
        ("waktu", {"amount": 3, "unit": "hari_kerja"}, ["3 hari kerja"]),
        ("waktu", {"amount": "1.5", "unit": "jam"}, ["1,5 jam"]),
        (
            "biaya",
            {"free": True, "basis": "Perda 2/2020"},
            ["Tidak dipungut biaya (gratis)", "Dasar: Perda 2/2020"],
        ),
        ("biaya", {"amount": 50000}, ["Rp 50.000"]),
        ("prosedur", {"steps": ["Antre", " ", "Serahkan"]}, ["Antre", "Serahkan"]),
        (
            "pengaduan",
            {"channels": ["LAPOR!"], "procedure": "Dijawab\n3 hari"},
            ["LAPOR!", "Dijawab", "3 hari"],
        ),
        ("persyaratan", ["KK", ""], ["KK"]),
        ("produk", "KTP-el\n\nKartu", ["KTP-el", "Kartu"]),
        ("produk", None, []),
    ],
)
def test_component_lines_read_as_plain_indonesian(key, value, lines):
    assert c.component_lines(key, value) == lines
