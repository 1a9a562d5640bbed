"""The directory's search finds services by their names, their standards' words, synonyms,
stems and misspellings, and lists the visitor's region first (issue 22, item 2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from prima.registry import search
from prima.registry.models import Agency, Service, ServiceUnit
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
        # the words of a service's standard in force
        ("ijazah", [("8171-SIRIMAU", "Legalisasi Dokumen")]),
        # nothing offered
        ("paspor", []),
        ("hemodialisa", []),
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
        ("KTP", ["8104-DUKCAPIL", "8171-DUKCAPIL", "9601-DUKCAPIL"]),
        ("perizinan", ["8171-DPMPTSP"]),
        ("dukcapil buru", ["8104-DUKCAPIL"]),
    ],
)
def test_the_unit_list_knows_the_common_names_of_unit_types(places, query, units):
    page = Client().get("/units/", {"q": query})
    assert sorted(u.code for u in page.context["page"].object_list) == units


def test_unlisted_units_and_services_not_offered_are_never_found(places):
    body = Client().get("/units/", {"q": "rawat"}).content.decode()
    assert "RSUD Namlea" not in body and "Rawat Inap" not in body
    assert "Rawat Jalan" in body and 'href="/units/8171-RSUD/"' in body


def test_a_search_with_no_match_says_what_to_try(places):
    body = Client().get("/units/", {"q": "paspor"}).content.decode()
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
