"""The public reference API and staff writes through it."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from prima.accounts import actions
from prima.registry.models import ServiceUnit

pytestmark = pytest.mark.django_db


def test_the_api_serves_38_provinces_and_514_regencies_and_cities(db):
    provinces = Client().get("/api/v1/regions/?level=province").json()
    assert provinces["count"] == 38
    regencies = Client().get("/api/v1/regions/?level=regency").json()
    assert regencies["count"] == 514
    assert len(regencies["results"]) == 50 and regencies["next"]
    everything = Client().get("/api/v1/regions/?page_size=600").json()
    assert everything["count"] == 552 and len(everything["results"]) == 552


def test_96_01_is_kab_sorong(db):
    sorong = Client().get("/api/v1/regions/96.01/").json()
    assert sorong["name"] == "Kabupaten Sorong"
    assert sorong["parent"] == "96" and sorong["timezone"] == "WIT" and sorong["level"] == 2


def test_regencies_of_one_province(db):
    maluku = Client().get("/api/v1/regions/?parent=81").json()
    assert maluku["count"] == 11
    assert all(r["code"].startswith("81.") for r in maluku["results"])


def test_an_unknown_region_is_404(db):
    assert Client().get("/api/v1/regions/99.99/").status_code == 404


def test_units_filter_by_region_code_prefix(world):
    province = Client().get("/api/v1/units/?region=81").json()
    assert {u["code"] for u in province["results"]} == {"8104-DUKCAPIL", "8171-DUKCAPIL"}
    regency = Client().get("/api/v1/units/?region=96.01").json()
    assert [u["code"] for u in regency["results"]] == ["9601-DUKCAPIL"]
    # "81.0" is not a region: a prefix matches whole code segments only.
    assert Client().get("/api/v1/units/?region=81.0").json()["count"] == 0


def test_each_unit_carries_its_code_agency_region_time_zone_and_services(world):
    unit = Client().get("/api/v1/units/8104-DUKCAPIL/").json()
    assert unit["code"] == "8104-DUKCAPIL" and unit["agency"] == "pemkab-buru"
    assert unit["region"] == "81.04" and unit["timezone"] == "WIT"
    assert unit["services"] == ["Penerbitan KTP-el"]


def test_agencies_and_services_are_public(world):
    agencies = Client().get("/api/v1/agencies/?region=81").json()
    assert {a["code"] for a in agencies["results"]} == {
        "pemprov-maluku",
        "pemkab-buru",
        "pemkot-ambon",
    }
    services = Client().get("/api/v1/services/?unit=8171-DUKCAPIL").json()
    assert [s["name"] for s in services["results"]] == ["Penerbitan KTP-el"]
    wilayah = Client().get("/api/v1/coordination-regions/III/").json()
    assert "81" in wilayah["provinces"] and "96" in wilayah["provinces"]


def test_reference_data_is_read_only_for_the_public(world):
    for method, url in [
        ("post", "/api/v1/regions/"),
        ("patch", "/api/v1/units/8104-DUKCAPIL/"),
        ("post", "/api/v1/services/"),
        ("delete", "/api/v1/units/8104-DUKCAPIL/"),
    ]:
        response = getattr(Client(), method)(url, "{}", content_type="application/json")
        assert response.status_code in (401, 403, 405), (method, url)


def test_a_staff_token_changes_hours_with_validation(world):
    _token, raw = actions.create_api_token(world.abdul, name="t")
    api = Client(HTTP_AUTHORIZATION=f"Token {raw}")
    bad = api.patch(
        "/api/v1/units/8104-DUKCAPIL/",
        json.dumps({"opening_hours": [{"day": 0, "opens": "15:00", "closes": "08:00"}]}),
        content_type="application/json",
    )
    assert bad.status_code == 400 and "opening_hours" in bad.json()
    good = api.patch(
        "/api/v1/units/8104-DUKCAPIL/",
        json.dumps({"opening_hours": [{"day": 0, "opens": "07:30", "closes": "16:00"}]}),
        content_type="application/json",
    )
    assert good.status_code == 200
    assert ServiceUnit.objects.get(code="8104-DUKCAPIL").opening_hours == [
        {"day": 0, "opens": "07:30", "closes": "16:00"}
    ]


def test_a_duplicate_service_name_is_a_clear_400(world):
    _token, raw = actions.create_api_token(world.siti, name="t")
    api = Client(HTTP_AUTHORIZATION=f"Token {raw}")
    response = api.post(
        "/api/v1/services/",
        json.dumps({"unit": "8104-DUKCAPIL", "name": "penerbitan ktp-el"}),
        content_type="application/json",
    )
    assert response.status_code == 400 and "name" in response.json()


def test_the_openapi_schema_describes_every_endpoint(db):
    schema = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    paths = set(schema["paths"])
    for path in [
        "/api/v1/regions/",
        "/api/v1/regions/{code}/",
        "/api/v1/units/",
        "/api/v1/units/{code}/",
        "/api/v1/agencies/",
        "/api/v1/services/",
        "/api/v1/coordination-regions/",
        "/api/v1/me/",
    ]:
        assert path in paths
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_the_api_docs_page_loads_swagger_from_our_own_static_files(db):
    page = Client().get("/api/v1/docs/").content.decode()
    assert "/static/vendor/swagger-ui-dist/" in page
    assert "cdn" not in page.lower()


def test_list_filters_do_not_hide_the_unit_asked_for_by_code(world):
    _token, raw = actions.create_api_token(world.siti, name="t")
    api = Client(HTTP_AUTHORIZATION=f"Token {raw}")
    assert api.get("/api/v1/units/8104-RSUD/?region=96").status_code == 200
    assert Client().get("/api/v1/units/8104-DUKCAPIL/?kind=rsud").status_code == 200


def test_staff_see_withdrawn_services_of_their_own_units_only(world):
    from prima.registry.models import Service

    Service.objects.create(unit=world.ambon_dukcapil, name="Layanan lama", is_active=False)
    Service.objects.create(unit=world.buru_dukcapil, name="Layanan lama", is_active=False)
    _token, raw = actions.create_api_token(world.siti, name="t")
    names = {
        (s["unit"], s["name"])
        for s in Client(HTTP_AUTHORIZATION=f"Token {raw}")
        .get("/api/v1/services/")
        .json()["results"]
    }
    assert ("8104-DUKCAPIL", "Layanan lama") in names
    assert ("8171-DUKCAPIL", "Layanan lama") not in names
    public = {(s["unit"], s["name"]) for s in Client().get("/api/v1/services/").json()["results"]}
    assert not any(name == "Layanan lama" for _unit, name in public)


def test_a_unit_cannot_be_moved_outside_its_governments_region_through_the_api(world):
    _token, raw = actions.create_api_token(world.siti, name="t")
    response = Client(HTTP_AUTHORIZATION=f"Token {raw}").patch(
        "/api/v1/units/8104-DUKCAPIL/",
        json.dumps({"region": "96.01"}),
        content_type="application/json",
    )
    assert response.status_code == 400 and "region" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        {"unit": "8104-DUKCAPIL", "name": 0},  # a number where the schema says text
        {"unit": "8104-DUKCAPIL", "name": "Akta", "is_active": 0},  # not true or false
        {"unit": "8104-DUKCAPIL", "name": "Akta", "is_active": "true"},
        {"unit": "8104-DUKCAPIL", "name": "Akta", "kind": 1},
    ],
)
def test_a_write_takes_each_field_in_its_own_json_type_only(world, body):
    """Schemathesis holds the API to its schema: DRF's form-style coercion (0 → "0", "true" →
    True) would accept what the schema refuses."""
    _token, raw = actions.create_api_token(world.siti, name="t")
    api = Client(HTTP_AUTHORIZATION=f"Token {raw}")
    response = api.post("/api/v1/services/", json.dumps(body), content_type="application/json")
    assert response.status_code == 400, response.content
    multipart = api.post(
        "/api/v1/services/", {"unit": "8104-DUKCAPIL", "name": "A", "is_active": "0"}
    )
    assert multipart.status_code == 400
