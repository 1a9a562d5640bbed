"""The directory's search finds services by their names, their standards' words, synonyms,
stems and misspellings, and lists the visitor's region first (issue 22, item 2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client

from prima.registry import search, search_index
from prima.registry.models import Agency, SearchDocument, Service, ServiceUnit
from prima.standards.models import ServiceStandard

pytestmark = pytest.mark.django_db


def in_force(service: Service, **components: str) -> ServiceStandard:
    """A published standard of `service` with these components."""
    return ServiceStandard.objects.create(
        service=service,
        version=1,
        status="published",
        decree_number=f"{service.pk}/2026",
        decree_date=dt.date(2026, 1, 5),
        components=components,
    )


@pytest.fixture
def places(world):
    """Beside the shared world (KTP-el at the Disdukcapil of Buru and Ambon, an unlisted
    RSUD in Buru): birth certificates, a listed hospital, a licensing office, a standard."""

    def unit(code: str, kind: str, name: str, agency: Agency = world.ambon) -> ServiceUnit:
        return ServiceUnit.objects.create(
            code=code, agency=agency, region=agency.region, kind=kind, name=name
        )

    for dukcapil in (world.sorong_dukcapil, world.buru_dukcapil, world.ambon_dukcapil):
        Service.objects.create(unit=dukcapil, name="Penerbitan Akta Kelahiran")
    Service.objects.create(unit=world.sorong_dukcapil, name="Penerbitan Kartu Keluarga")
    Service.objects.create(unit=world.buru_rsud, name="Rawat Inap")  # unlisted unit
    rsud = unit("8171-RSUD", "rsud", "RSUD dr. M. Haulussy")
    Service.objects.create(unit=rsud, name="Rawat Jalan")
    Service.objects.create(unit=rsud, name="Hemodialisa", is_active=False)  # not offered
    ptsp = unit("8171-DPMPTSP", "dpmptsp", "DPMPTSP Kota Ambon")
    Service.objects.create(unit=ptsp, name="Surat Izin Praktik Tenaga Kesehatan")
    kecamatan = unit("8171-SIRIMAU", "kecamatan", "Kecamatan Sirimau")
    legalisasi = Service.objects.create(unit=kecamatan, name="Legalisasi Dokumen")
    in_force(legalisasi, persyaratan="Fotokopi ijazah dan aslinya", produk="Salinan sah")
    mpp = unit("8171-MPP", "mpp", "Mal Pelayanan Publik Kota Ambon")
    Service.objects.create(unit=mpp, name="Penerbitan Paspor (gerai Kantor Imigrasi)")
    return world


def found(query: str, **params: str) -> list[tuple[str, str]]:
    page = Client().get("/units/", {"q": query, **params})
    assert page.status_code == 200
    services = page.context["services"]
    return [(s.unit.code, s.name) for s in (services.object_list if services else [])]


KTP_EL = [("8104-DUKCAPIL", "Penerbitan KTP-el"), ("8171-DUKCAPIL", "Penerbitan KTP-el")]
AKTA = [
    ("8104-DUKCAPIL", "Penerbitan Akta Kelahiran"),
    ("8171-DUKCAPIL", "Penerbitan Akta Kelahiran"),
    ("9601-DUKCAPIL", "Penerbitan Akta Kelahiran"),
]
RSUD = [("8171-RSUD", "Rawat Jalan")]
PASPOR = [("8171-MPP", "Penerbitan Paspor (gerai Kantor Imigrasi)")]
DUKCAPIL_SERVICES = [
    *KTP_EL,
    *AKTA,
    ("9601-DUKCAPIL", "Penerbitan Kartu Keluarga"),
]
DUKCAPIL_UNITS = ["8104-DUKCAPIL", "8171-DUKCAPIL", "9601-DUKCAPIL"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # service names
        ("KTP", KTP_EL),
        ("ktp", KTP_EL),
        ("akta kelahiran", AKTA),
        ("Kartu Keluarga", [("9601-DUKCAPIL", "Penerbitan Kartu Keluarga")]),
        # synonyms: a unit's common name finds its services
        ("rumah sakit", RSUD),
        ("RSUD", RSUD),
        (
            "dukcapil sorong",
            [
                ("9601-DUKCAPIL", "Penerbitan Akta Kelahiran"),
                ("9601-DUKCAPIL", "Penerbitan Kartu Keluarga"),
            ],
        ),
        ("KK", [("9601-DUKCAPIL", "Penerbitan Kartu Keluarga")]),
        ("akte kelahiran", AKTA),
        ("catatan sipil", DUKCAPIL_SERVICES),
        ("capil", DUKCAPIL_SERVICES),
        ("imigrasi", PASPOR),
        # a topic of a unit type: the type's services when none is named for it
        ("rawat inap", RSUD),
        ("igd", RSUD),
        # stems: "perizinan" and "izin" are one word
        ("perizinan", [("8171-DPMPTSP", "Surat Izin Praktik Tenaga Kesehatan")]),
        ("kelahiran", AKTA),
        ("lahir", AKTA),
        # typos
        ("ktp-el", KTP_EL),
        ("KTP el", KTP_EL),
        ("rumah sakitt", RSUD),
        ("akta kelahran", AKTA),
        ("kartu kelurga", [("9601-DUKCAPIL", "Penerbitan Kartu Keluarga")]),
        ("paspor", PASPOR),
        ("pasport", PASPOR),
        ("PASPOR", PASPOR),
        # the last word while it is being typed
        ("pasp", PASPOR),
        ("akta kelah", []),  # a prefix of the word, not of its stem ("lahir")
        # the words of a service's standard in force
        ("ijazah", [("8171-SIRIMAU", "Legalisasi Dokumen")]),
        ("salinan", [("8171-SIRIMAU", "Legalisasi Dokumen")]),
        # the unit's words: its name, region, agency
        ("ktp ambon", [("8171-DUKCAPIL", "Penerbitan KTP-el")]),
        ("ktp maluku", KTP_EL),
        # nothing offered
        ("hemodialisa", []),
        ("sertifikat halal", []),
    ],
)
def test_the_directory_finds_services(places, query, expected):
    assert sorted(found(query)) == sorted(expected)


@pytest.mark.parametrize(
    ("params", "first"),
    [
        ({"province": "96"}, "9601-DUKCAPIL"),
        ({"region": "96.01"}, "9601-DUKCAPIL"),
        ({"region": "81.04"}, "8104-DUKCAPIL"),
        ({"region": "81.71"}, "8171-DUKCAPIL"),
        ({}, "8104-DUKCAPIL"),  # by Kemendagri code when no region is chosen
    ],
)
def test_services_in_the_chosen_region_come_first(places, params, first):
    results = found("akta kelahiran", **params)
    assert results[0][0] == first
    assert len(results) == 3  # the others still follow


@pytest.mark.parametrize(
    ("query", "units"),
    [
        ("rumah sakit", ["8171-RSUD"]),
        ("KTP", DUKCAPIL_UNITS),
        ("KK", DUKCAPIL_UNITS),
        ("akta", DUKCAPIL_UNITS),
        ("akte", DUKCAPIL_UNITS),
        ("perizinan", ["8171-DPMPTSP"]),
        ("dukcapil buru", ["8104-DUKCAPIL"]),
        # units found through their services
        ("paspor", ["8171-MPP"]),
        ("pasport", ["8171-MPP"]),
        ("ijazah", ["8171-SIRIMAU"]),
        ("rawat jalan", ["8171-RSUD"]),
        ("hemodialisa", []),
    ],
)
def test_the_unit_list_knows_the_common_names_of_unit_types_and_the_services(places, query, units):
    page = Client().get("/units/", {"q": query})
    assert sorted(u.code for u in page.context["page"].object_list) == units
    assert page.context["page"].paginator.count == len(units)


def test_unlisted_units_and_services_not_offered_are_never_found(places):
    body = Client().get("/units/", {"q": "rawat"}).content.decode()
    assert "RSUD Namlea" not in body and "Rawat Inap" not in body
    assert "Rawat Jalan" in body and 'href="/units/8171-RSUD/"' in body


def test_a_search_with_no_match_says_what_to_try(places):
    body = Client().get("/units/", {"q": "sertifikat halal"}).content.decode()
    assert "Nothing matches your search" in body or "Tidak ada yang cocok" in body


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        "a" * 500,
        "ktp " * 200,
        "\"ktp\" OR 'akta'",
        "ktp*",
        "-ktp",
        "NOT ktp",
        "ktp AND (akta OR kk)",
        "'; DROP TABLE registry_service; --",
        "%_%",
        "\\",
        "NEAR(ktp akta)",
        "ktp:akta ^ ~ @@ &&",
        "\x00",
        "ـ",
        "😀 ktp",
    ],
)
def test_odd_input_never_fails(places, query):
    # A NUL byte is refused at the input boundary (400, ADR 0008); nothing is a 500.
    expected = 400 if "\x00" in query else 200
    assert Client().get("/units/", {"q": query}).status_code == expected
    assert Client().get("/units/", {"q": query}, HTTP_HX_REQUEST="true").status_code == expected


@pytest.mark.parametrize(
    ("word", "stem"),
    [("perizinan", "izin"), ("kelahiran", "lahir"), ("pemeriksaan", "periksa")],
)
def test_words_are_stemmed_in_indonesian(word, stem):
    assert search.stem(word) == stem


def test_every_synonym_kind_is_a_unit_type():
    kinds = {g.kind for g in search.synonym_groups()} - {""}
    assert kinds <= set(ServiceUnit.Kind.values)


def test_a_service_named_for_the_words_comes_before_one_whose_standard_mentions_them(places):
    akta = Service.objects.get(unit=places.buru_dukcapil, name="Penerbitan Akta Kelahiran")
    in_force(akta, persyaratan="KTP-el kedua orang tua")
    assert found("KTP", region="81.04")[:2] == [
        ("8104-DUKCAPIL", "Penerbitan KTP-el"),
        ("8104-DUKCAPIL", "Penerbitan Akta Kelahiran"),
    ]


def test_the_province_filters_the_units_but_only_orders_the_services(places):
    page = Client().get("/units/", {"q": "akta kelahiran", "province": "96"})
    assert [u.code for u in page.context["page"].object_list] == ["9601-DUKCAPIL"]
    assert [s.unit.code for s in page.context["services"].object_list] == [
        "9601-DUKCAPIL",
        "8104-DUKCAPIL",
        "8171-DUKCAPIL",
    ]


def test_the_type_filters_services_and_units(places):
    page = Client().get("/units/", {"q": "ambon", "kind": "rsud"})
    assert [u.code for u in page.context["page"].object_list] == ["8171-RSUD"]
    assert [s.name for s in page.context["services"].object_list] == ["Rawat Jalan"]


@pytest.fixture
def many(places):
    """25 services named alike in Ambon, and one in Sorong."""
    for i in range(25):
        Service.objects.create(unit=places.ambon_dukcapil, name=f"Surat Keterangan {i:02d}")
    Service.objects.create(unit=places.sorong_dukcapil, name="Surat Keterangan Domisili")
    return places


@pytest.mark.parametrize(
    ("params", "shown", "first"),
    [
        ({}, 20, ("8171-DUKCAPIL", "Surat Keterangan 00")),
        ({"spage": "2"}, 6, ("8171-DUKCAPIL", "Surat Keterangan 20")),
        ({"spage": "99"}, 6, ("8171-DUKCAPIL", "Surat Keterangan 20")),  # the last page
        ({"spage": "x"}, 20, ("8171-DUKCAPIL", "Surat Keterangan 00")),  # the first page
        ({"region": "96.01"}, 20, ("9601-DUKCAPIL", "Surat Keterangan Domisili")),
        ({"region": "96.01", "spage": "2"}, 6, ("8171-DUKCAPIL", "Surat Keterangan 19")),
    ],
)
def test_services_found_are_paged(many, params, shown, first):
    page = Client().get("/units/", {"q": "surat keterangan", **params})
    services = page.context["services"]
    assert services.paginator.count == 26
    assert len(services.object_list) == shown
    assert (services.object_list[0].unit.code, services.object_list[0].name) == first


def test_the_pages_of_services_keep_the_search_and_the_units_page(many):
    body = Client().get("/units/", {"q": "surat keterangan", "page": "1"}).content.decode()
    assert 'href="?q=surat+keterangan&amp;page=1&amp;spage=2#services" rel="next"' in body
    body = Client().get("/units/", {"q": "surat keterangan", "spage": "2"}).content.decode()
    assert 'href="?q=surat+keterangan&amp;spage=1#services" rel="prev"' in body
    assert "26 services found" in body or "26 layanan ditemukan" in body


def test_results_are_cards_not_a_table(places):
    body = Client().get("/units/", {"q": "ktp"}).content.decode()
    assert "<table" not in body
    assert '<h3><a href="/units/8104-DUKCAPIL/">' in body
    assert "Pemerintah Kabupaten Buru" in body  # the unit's agency
    assert '<p>Offered at: <a href="/units/8104-DUKCAPIL/">' in body or (
        '<p>Tersedia di: <a href="/units/8104-DUKCAPIL/">' in body
    )


def rename(world, service: Service) -> None:
    service.name = "Perekaman Data Kependudukan"
    service.save()


def stop_offering(world, service: Service) -> None:
    service.is_active = False
    service.save()


def unlist_unit(world, service: Service) -> None:
    service.unit.is_active = False
    service.unit.save()


def close_agency(world, service: Service) -> None:
    service.unit.agency.is_active = False
    service.unit.agency.save()


def rename_unit(world, service: Service) -> None:
    service.unit.name = "Kantor Catatan Sipil Buru"
    service.unit.save()


def delete_service(world, service: Service) -> None:
    service.delete()


@pytest.mark.parametrize(
    ("write", "query", "before", "after"),
    [
        (rename, "perekaman", 0, 1),
        (rename, "ktp-el buru", 1, 0),
        (stop_offering, "ktp buru", 1, 0),
        (unlist_unit, "ktp buru", 1, 0),
        (close_agency, "ktp buru", 1, 0),
        (rename_unit, "kantor catatan sipil", 0, 1),
        (delete_service, "ktp buru", 1, 0),
    ],
)
def test_every_write_keeps_the_index_current(world, write, query, before, after):
    def count() -> int:
        services = Client().get("/units/", {"q": query}).context["services"]
        return services.paginator.count if services else 0

    assert count() == before
    write(world, world.buru_ktp)
    assert count() == after
    assert search_index.check() == []


def test_a_standard_counts_while_it_is_in_force(world):
    standard = in_force(world.buru_ktp, persyaratan="Surat pengantar RT/RW")
    assert found("pengantar") == [("8104-DUKCAPIL", "Penerbitan KTP-el")]
    standard.status = "superseded"
    standard.save()
    assert found("pengantar") == []
    draft = ServiceStandard.objects.create(
        service=world.buru_ktp, version=2, components={"persyaratan": "Surat pengantar"}
    )
    assert found("pengantar") == []
    draft.status = "under_review"
    draft.decree_number, draft.decree_date = "2/2026", dt.date(2026, 2, 1)
    draft.save()
    assert found("pengantar") == [("8104-DUKCAPIL", "Penerbitan KTP-el")]
    assert search_index.check() == []


def test_the_rebuild_gives_the_rows_every_write_gave(places, capsys):
    def rows() -> list[tuple]:
        values = SearchDocument.objects.values_list(
            "unit_id", "service_id", "region_code", "title", "body"
        )
        return sorted(values, key=lambda row: (row[0], row[1] or 0))

    stored = rows()
    call_command("search", "rebuild")
    assert "Rebuilt the search index" in capsys.readouterr().out
    assert rows() == stored
    call_command("search", "check")
    assert "0 rows differ." in capsys.readouterr().out


def test_the_check_finds_a_row_that_differs(places, capsys):
    SearchDocument.objects.filter(service=places.buru_ktp).update(title="lain")
    with pytest.raises(SystemExit):
        call_command("search", "check")
    assert "1 rows differ." in capsys.readouterr().out


def test_a_search_reads_the_index_not_every_service(places, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        page = Client().get("/units/", {"q": "akte kelahran", "region": "81.04"})
    assert page.context["services"].paginator.count == 3


@pytest.mark.parametrize(
    ("query", "fts5", "tsquery"),
    [
        ("izin", '("izin")', "(('izin'))"),
        # a unit type's common names, stemmed ("perizinan" → "izin")
        ("perizinan", '("dpmptsp" OR "izin" OR "ptsp")', "(('dpmptsp') | ('izin') | ('ptsp'))"),
        ("kelahiran", '("lahir")', "(('lahir'))"),
        ("kelah", '("kelah" OR "kelah"*)', "(('kelah') | 'kelah':*)"),
        ("pasport", '("imigrasi" OR "paspor")', "(('imigrasi') | ('paspor'))"),
        (
            "rumah sakit",
            '("rsud" OR "rumah sakit" OR "rumah sakit umum daerah")',
            "(('rsud') | ('rumah' <-> 'sakit') | ('rumah' <-> 'sakit' <-> 'umum' <-> 'daerah'))",
        ),
        # what would be syntax is a separator or a word
        ("\"izin\" OR 'x' *", '("izin") AND ("or")', "(('izin')) & (('or'))"),
        ("izin:* & !'", '("izin")', "(('izin'))"),
    ],
)
def test_a_query_is_written_for_both_databases(query, fts5, tsquery):
    parsed = search.parse(query, vocabulary={"izin", "or", "lahir", "kelahiran"})
    assert parsed.fts5() == fts5
    assert parsed.tsquery() == tsquery
    assert parsed.fts5(titles=True) == f"title : ({fts5})"
