"""The public directory and the staff pages that manage agencies, units and services."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from prima.registry.models import Agency, Service, ServiceUnit
from prima.test import sign_in

pytestmark = pytest.mark.django_db


def test_the_home_page_counts_what_is_listed(world):
    page = Client().get("/")
    assert page.status_code == 200
    assert page.context["unit_count"] == 3  # Buru's RSUD is unlisted
    assert page.context["regency_count"] == 514


def test_the_directory_searches_by_words_across_name_agency_and_region(world):
    page = Client().get("/units/?q=dukcapil+buru")
    assert [u.code for u in page.context["page"].object_list] == ["8104-DUKCAPIL"]


def test_the_directory_filters_by_province_and_type(world):
    page = Client().get("/units/?province=81&kind=disdukcapil")
    assert {u.code for u in page.context["page"].object_list} == {"8104-DUKCAPIL", "8171-DUKCAPIL"}
    page = Client().get("/units/?region=96.01")
    assert [u.code for u in page.context["page"].object_list] == ["9601-DUKCAPIL"]


def test_the_directory_never_lists_unlisted_units(world):
    page = Client().get("/units/?q=RSUD").content.decode()
    assert "8104-RSUD" not in page and "RSUD Namlea" not in page


def test_an_htmx_search_returns_only_the_results_fragment(world):
    response = Client().get("/units/?q=ambon", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"') and "<html" not in body
    assert "Disdukcapil Kota Ambon" in body


def test_a_bad_filter_value_is_ignored_not_an_error(world):
    assert Client().get("/units/?province=99&kind=zzz&page=abc").status_code == 200


def test_a_unit_page_shows_hours_in_the_units_own_time_zone(world):
    # 06:30 WIB on a Monday is 08:30 WIT in Buru: open there.
    with time_machine.travel("2026-11-23 06:30 +0700", tick=False):
        page = Client().get("/units/8104-DUKCAPIL/")
    assert page.context["open_now"] is True
    assert page.context["local_now"].hour == 8
    assert "WIT" in page.content.decode()
    with time_machine.travel("2026-11-23 13:30 +0700", tick=False):  # 15:30 WIT
        assert Client().get("/units/8104-DUKCAPIL/").context["open_now"] is False


def test_the_regions_pages_list_every_province_and_the_regencies_of_one(world):
    page = Client().get("/regions/")
    assert len(page.context["provinces"]) == 38
    assert page.context["regency_total"] == 514
    maluku = Client().get("/regions/81/")
    assert maluku.context["regencies"].count() == 11
    assert Client().get("/regions/96.01/").context["region"].name == "Kabupaten Sorong"
    assert Client().get("/regions/99/").status_code == 404


def test_a_national_administrator_adds_an_agency_and_the_form_checks_its_region(world):
    client = sign_in(Client(), world.ratna)
    wrong = client.post(
        "/manage/agencies/new/",
        {
            "code": "pemkab-buru-selatan",
            "name": "Pemerintah Kabupaten Buru Selatan",
            "kind": "pemerintah_kabupaten",
            "region": "81",
            "is_active": "on",
        },
    )
    assert wrong.status_code == 200 and "region" in wrong.context["form"].errors
    assert wrong.context["form"]["name"].value() == "Pemerintah Kabupaten Buru Selatan"
    ok = client.post(
        "/manage/agencies/new/",
        {
            "code": "pemkab-buru-selatan",
            "name": "Pemerintah Kabupaten Buru Selatan",
            "kind": "pemerintah_kabupaten",
            "region": "81.09",
            "is_active": "on",
        },
    )
    assert ok.status_code == 302
    assert Agency.objects.get(code="pemkab-buru-selatan").region_id == "81.09"


def test_an_agency_administrator_adds_a_unit_with_hours_and_a_service(world):
    client = sign_in(Client(), world.siti)
    response = client.post(
        "/manage/agencies/pemkab-buru/units/new/",
        {
            "code": "8104-pkm-air-buaya",
            "name": "Puskesmas Air Buaya",
            "kind": "puskesmas",
            "region": "81.04",
            "delivery_mode": "luring",
            "is_active": "on",
            "hours_0": "08.00-14.00",
            "hours_4": "08.00-11.00",
            **{f"hours_{d}": "" for d in (1, 2, 3, 5, 6)},
        },
    )
    assert response.status_code == 302
    unit = ServiceUnit.objects.get(code="8104-PKM-AIR-BUAYA")  # codes are kept in capitals
    assert unit.opening_hours == [
        {"day": 0, "opens": "08:00", "closes": "14:00"},
        {"day": 4, "opens": "08:00", "closes": "11:00"},
    ]
    client.post(
        f"/manage/units/{unit.code}/services/new/",
        {"name": "Imunisasi", "kind": "jasa", "is_active": "on"},
    )
    assert Service.objects.filter(unit=unit, name="Imunisasi").exists()
    duplicate = client.post(
        f"/manage/units/{unit.code}/services/new/", {"name": "imunisasi", "kind": "jasa"}
    )
    assert duplicate.status_code == 200 and "name" in duplicate.context["form"].errors


def test_a_unit_code_is_unique_nationally_and_well_formed(world):
    client = sign_in(Client(), world.siti)
    base = {"name": "X", "kind": "other", "region": "81.04", "delivery_mode": "luring"}
    for code in ("8171-DUKCAPIL", "with space", "-LEADING", "A--B"):
        response = client.post("/manage/agencies/pemkab-buru/units/new/", {**base, "code": code})
        assert response.status_code == 200 and "code" in response.context["form"].errors, code


def test_bad_hours_are_shown_next_to_the_day_and_nothing_is_saved(world):
    client = sign_in(Client(), world.abdul)
    response = client.post(
        "/manage/units/8104-DUKCAPIL/edit/",
        {
            "address": "Jl. Baru",
            "delivery_mode": "luring",
            "hours_0": "16.00-08.00",
            **{f"hours_{d}": "" for d in range(1, 7)},
        },
    )
    assert response.status_code == 200
    assert "hours_0" in response.context["form"].errors
    assert response.context["form"]["address"].value() == "Jl. Baru"
    world.buru_dukcapil.refresh_from_db()
    assert world.buru_dukcapil.address == ""


def test_an_operator_edits_contact_details_but_not_the_name_region_or_listing(world):
    client = sign_in(Client(), world.abdul)
    form = client.get("/manage/units/8104-DUKCAPIL/edit/").context["form"]
    assert {"name", "region", "is_active", "kind"}.isdisjoint(form.fields)
    client.post(
        "/manage/units/8104-DUKCAPIL/edit/",
        {
            "name": "Renamed",
            "is_active": "",
            "address": "Jl. Baru",
            "delivery_mode": "daring",
            **{f"hours_{d}": "" for d in range(7)},
        },
    )
    world.buru_dukcapil.refresh_from_db()
    assert world.buru_dukcapil.name == "Disdukcapil Kabupaten Buru"
    assert world.buru_dukcapil.is_active and world.buru_dukcapil.delivery_mode == "daring"


def test_the_unit_list_exports_csv_of_the_officers_scope(world):
    response = sign_in(Client(), world.siti).get("/manage/units/?format=csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0].startswith("code,name,type")
    assert sorted(line.split(",")[0] for line in lines[1:]) == ["8104-DUKCAPIL", "8104-RSUD"]


def test_coordination_regions_can_be_reassigned_by_a_national_administrator(world):
    client = sign_in(Client(), world.ratna)
    from prima.registry.models import Region

    wilayah_ii = list(
        Region.objects.filter(coordination_region__code="II").values_list("code", flat=True)
    )
    response = client.post(
        "/manage/coordination-regions/II/edit/",
        {
            "name": "Wilayah II",
            "description": "Kalimantan, Bali, Nusa Tenggara, Sulawesi",
            "provinces": [*wilayah_ii, "71"],
        },
    )
    assert response.status_code == 302
    assert Region.objects.get(code="71").coordination_region.code == "II"
    assert Region.objects.get(code="71").history.latest().history_user == world.ratna


def test_a_regency_governments_unit_serves_inside_its_regency(world):
    client = sign_in(Client(), world.siti)
    response = client.post(
        "/manage/agencies/pemkab-buru/units/new/",
        {
            "code": "8104-X",
            "name": "X",
            "kind": "other",
            "region": "96.01",
            "delivery_mode": "luring",
        },
    )
    assert response.status_code == 200 and "region" in response.context["form"].errors
    assert not ServiceUnit.objects.filter(code="8104-X").exists()


def test_a_ministrys_unit_may_serve_anywhere(world):
    ministry = Agency.objects.create(
        code="kemenpanrb", name="Kementerian PANRB", kind="kementerian"
    )
    client = sign_in(Client(), world.ratna)
    response = client.post(
        "/manage/agencies/kemenpanrb/units/new/",
        {
            "code": "PANRB-MPP-DIGITAL",
            "name": "MPP Digital",
            "kind": "mpp",
            "region": "96.01",
            "delivery_mode": "daring",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert ServiceUnit.objects.get(code="PANRB-MPP-DIGITAL").agency == ministry


def test_agency_codes_are_kept_in_lower_case(world):
    sign_in(Client(), world.ratna).post(
        "/manage/agencies/new/",
        {
            "code": "Pemkab-Buru-Selatan",
            "name": "Pemerintah Kabupaten Buru Selatan",
            "kind": "pemerintah_kabupaten",
            "region": "81.09",
            "is_active": "on",
        },
    )
    assert Agency.objects.filter(code="pemkab-buru-selatan").exists()


def test_a_province_page_lists_the_provinces_own_units(world):
    ServiceUnit.objects.create(
        code="81-SAMSAT",
        agency=world.pemprov_maluku,
        region_id="81",
        kind="samsat",
        name="Samsat Ambon",
    )
    page = Client().get("/regions/81/").content.decode()
    assert "Samsat Ambon" in page and "Kab. Buru" not in page or "Kabupaten Buru" in page
