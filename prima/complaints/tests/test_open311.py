"""Open311 GeoReport v2 in JSON and XML (issue 5 §1): public reports only, no identity."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from prima.complaints import actions, tokens
from prima.complaints.models import Complaint
from prima.complaints.tests.factories import file


def test_discovery_and_services_answer_in_json_and_xml(client, world):
    assert client.get("/open311/v2/discovery.json").json()["endpoints"][0]["formats"] == [
        "application/json",
        "text/xml",
    ]
    root = ET.fromstring(client.get("/open311/v2/discovery.xml").content)
    assert root.tag == "discovery" and root.find("endpoints/endpoint/url") is not None
    services = client.get("/open311/v2/services.json").json()
    assert {"service_code": "perizinan"}.items() <= next(
        s for s in services if s["service_code"] == "perizinan"
    ).items()
    xml = ET.fromstring(client.get("/open311/v2/services.xml").content)
    assert xml.tag == "services" and xml.find("service/service_code") is not None


def test_requests_list_public_reports_without_identity_or_secrets(client, world):
    public = file(world, title="Antrean panjang di loket").complaint
    file(world, title="Laporan rahasia", is_secret=True)
    archived = file(world, title="Iklan").complaint
    actions.archive(archived, actor=world.siti, reason="Bukan pengaduan")
    rows = client.get("/open311/v2/requests.json").json()
    assert [r["service_request_id"] for r in rows] == [public.public_id]
    row = rows[0]
    assert row["status"] == "open" and row["tahap"] == "Proses Verifikasi"
    assert row["expected_datetime"] and row["prima_status"] == "received"
    text = client.get("/open311/v2/requests.xml").content.decode()
    for secret in ("Rahma", "rahma@example.test", "0812345678", "Laporan rahasia"):
        assert secret not in text and secret not in str(rows)
    one = client.get(f"/open311/v2/requests/{public.public_id}.xml")
    assert ET.fromstring(one.content).find("request/service_request_id").text == public.public_id
    secret = Complaint.objects.get(is_secret=True)
    assert client.get(f"/open311/v2/requests/{secret.public_id}.json").status_code == 404


def test_filters_and_errors(client, world):
    file(world)
    assert client.get("/open311/v2/requests.json?status=closed").json() == []
    assert len(client.get("/open311/v2/requests.json?status=open").json()) == 1
    bad = client.get("/open311/v2/requests.xml?status=maybe")
    assert bad.status_code == 400 and ET.fromstring(bad.content).tag == "errors"
    assert client.get("/open311/v2/requests.json?start_date=yesterday").status_code == 400


def test_a_request_is_filed_through_open311_and_gets_a_tracking_code(client, world, settings):
    response = client.post(
        "/open311/v2/requests.json",
        {
            "unit": "8104-DUKCAPIL",
            "service_code": "administrasi-kependudukan",
            "description": "Blanko KTP-el habis sejak dua minggu lalu di kecamatan.",
            "first_name": "Rahma",
            "email": "rahma@example.test",
            "anonymous": "true",
        },
    )
    assert response.status_code == 201
    [row] = response.json()
    complaint = Complaint.objects.get(public_id=row["service_request_id"])
    assert complaint.channel == "open311" and complaint.is_anonymous
    assert len(row["tracking_code"].replace("-", "")) == 27
    assert tokens.secret_matches(
        row["secret_code"], number=complaint.public_id, stored=complaint.secret_hash
    )
    bad = client.post("/open311/v2/requests.xml", {"description": "pendek"})
    assert bad.status_code == 400 and b"<errors>" in bad.content


# --- issue 16: bad input answers 400 with GeoReport's error list, never 500 -----------------
def _errors(response, fmt):
    if fmt == "json":
        return response.json()
    root = ET.fromstring(response.content)
    assert root.tag == "errors"
    return [
        {"code": int(e.findtext("code")), "description": e.findtext("description")}
        for e in root.findall("error")
    ]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    "value",
    [
        "2026-13-45T00:00:00Z",
        "2026-02-30T00:00:00+07:00",
        "2026-11-01T25:61:00Z",
        "2026-11-01T00:00:00+99:00",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-14:00",
        "2026-11-01T10",  # not a W3C form (Python would read it)
        "2026-W44-1",
    ],
)
@pytest.mark.parametrize("name", ["start_date", "end_date"])
def test_a_date_that_reads_like_one_but_does_not_exist_is_a_400(client, world, fmt, value, name):
    response = client.get(f"/open311/v2/requests.{fmt}", {name: value})
    assert response.status_code == 400
    [error] = _errors(response, fmt)
    assert error["code"] == 400 and name in error["description"]


def test_every_parameter_is_checked_also_when_ids_make_the_others_irrelevant(client, world):
    complaint = file(world).complaint
    response = client.get(
        "/open311/v2/requests.json",
        {"service_request_id": complaint.public_id, "end_date": "kemarin", "status": "maybe"},
    )
    assert response.status_code == 400
    assert sorted(e["description"].split(":")[0] for e in response.json()) == [
        "end_date",
        "status",
    ]
    assert client.get("/open311/v2/requests.json", {"end_date": ""}).status_code == 200


def test_a_date_without_an_offset_is_read_in_western_indonesian_time(client, world):
    file(world, at=dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.UTC))  # 08:00 WIB
    rows = client.get("/open311/v2/requests.json", {"start_date": "2026-11-02T07:30:00"}).json()
    assert len(rows) == 1
    assert client.get("/open311/v2/requests.json", {"start_date": "2026-11-02T08:30"}).json() == []
    assert len(client.get("/open311/v2/requests.json", {"start_date": "2026-11-02"}).json()) == 1


def test_another_method_is_a_405_not_a_csrf_403(world):
    from django.test import Client

    browserless = Client(enforce_csrf_checks=True)
    for path in ("/open311/v2/discovery.json", "/open311/v2/services.xml"):
        assert browserless.put(path).status_code == 405, path
    assert browserless.delete("/open311/v2/requests/PRM-1.json").status_code == 405


def test_unknown_formats_and_paths_answer_geo_reports_404(client, world):
    for path in ("/open311/v2/requests.csv", "/open311/v2/requests/a/b.json", "/open311/v2/x"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()[0]["code"] == 404, path
    xml = client.get("/open311/v2/requests/a/b.xml")
    assert xml.status_code == 404 and ET.fromstring(xml.content).tag == "errors"


# --- issue 16: the XML feed is well-formed whatever is stored -------------------------------
CONTROL = "".join(chr(c) for c in [*range(1, 32), 0x7F, 0xFFFE, 0xFFFF])


def test_the_xml_feed_stays_well_formed_whatever_control_characters_are_stored(client, world):
    complaint = file(
        world,
        title=f"Judul{CONTROL}akhir",
        description=f"Isi{CONTROL}akhir pengaduan yang panjang",
        location=f"Jalan{CONTROL}Baru",
    ).complaint
    actions.postpone(complaint, actor=world.siti, question=f"Nomor{CONTROL}NIK?")
    for path in (
        "/open311/v2/requests.xml",
        f"/open311/v2/requests/{complaint.public_id}.xml",
        "/open311/v2/services.xml",
        "/open311/v2/discovery.xml",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        ET.fromstring(response.content)  # raises when not well-formed
    row = ET.fromstring(client.get("/open311/v2/requests.xml").content).find("request")
    # Tab, newline and carriage return are XML text; the rest is left out.
    assert row.findtext("description").startswith("Judul\t\n")
    assert "akhir" in row.findtext("description") and "\x01" not in row.findtext("description")
    assert row.findtext("status_notes") == "Nomor\t\n\nNIK?"
    assert row.findtext("address") == "Jalan\t\n\nBaru"
    # JSON keeps what is stored: its escaping can carry any character.
    [data] = client.get("/open311/v2/requests.json").json()
    assert "\x01" in data["description"]


def test_a_category_name_with_a_control_character_does_not_break_services_xml(client, world):
    from prima.complaints.models import Category

    Category.objects.create(key="rusak", name="Rusak\x0bparah")
    response = client.get("/open311/v2/services.xml")
    names = [s.findtext("service_name") for s in ET.fromstring(response.content)]
    assert "Rusakparah" in names


# --- issue 16: one validation for every door ------------------------------------------------
GOOD = {
    "unit": "8104-DUKCAPIL",
    "description": "Blanko KTP-el habis sejak dua minggu lalu di kecamatan.",
}


def _post(client, fmt="json", **values):
    return client.post(f"/open311/v2/requests.{fmt}", {**GOOD, **values})


@pytest.mark.parametrize(
    ("values", "parameter"),
    [
        ({"first_name": "R" * 5000}, "first_name, last_name"),
        ({"phone": "0" * 41}, "phone"),
        ({"email": "not-an-email<script>"}, "email"),
        ({"email": "a" * 250 + "@x.id"}, "email"),
        ({"description": "Blanko habis. " * 400}, "description"),
        ({"title": "T" * 201}, "title"),
        ({"address_string": "J" * 301}, "address_string"),
        ({"type": "keluhan"}, "type"),
        ({"lat": "abc", "long": "128.1"}, "lat"),
        ({"lat": "999", "long": "128.1"}, "lat"),
        ({"lat": "NaN", "long": "128.1"}, "lat"),
        ({"lat": "-3.2", "long": "inf"}, "long"),
        ({"lat": "-3.2", "long": "-180.5"}, "long"),
        ({"lat": "-3.2"}, "long"),
    ],
)
def test_open311_refuses_what_the_web_form_refuses_with_a_400_naming_the_parameter(
    client, world, values, parameter
):
    for fmt in ("json", "xml"):
        response = _post(client, fmt, **values)
        assert response.status_code == 400, (fmt, response.content[:300])
        [error] = _errors(response, fmt)
        assert error["code"] == 400 and error["description"].startswith(f"{parameter}: ")
    assert not Complaint.objects.exists()


def test_every_problem_is_one_entry_of_the_error_list(client, world):
    response = _post(
        client, phone="0" * 41, email="nope", lat="91", long="0", service_code="tidak-ada"
    )
    assert response.status_code == 400
    described = [e["description"].split(":")[0] for e in response.json()]
    assert sorted(described) == ["email", "lat", "phone", "service_code"]


def test_open311_gives_the_web_forms_own_messages(client, world):
    from prima.complaints.forms import ComplaintForm

    form = ComplaintForm({"description": "x" * 5001, "email": "nope"}, unit=world.buru_dukcapil)
    form.is_valid()
    response = _post(client, description="x" * 5001, email="nope")
    descriptions = {e["description"] for e in response.json()}
    assert f"description: {form.errors['description'][0]}" in descriptions
    assert f"email: {form.errors['email'][0]}" in descriptions


def test_a_valid_location_is_kept_and_served(client, world):
    response = _post(client, lat="-3.2543", long="127.0937", address_string="Kantor Camat Namlea")
    assert response.status_code == 201
    complaint = Complaint.objects.get()
    assert (complaint.latitude, complaint.longitude) == (-3.2543, 127.0937)
    [row] = client.get("/open311/v2/requests.json").json()
    assert (row["lat"], row["long"]) == (-3.2543, 127.0937)
    xml = ET.fromstring(client.get("/open311/v2/requests.xml").content).find("request")
    assert (xml.findtext("lat"), xml.findtext("long")) == ("-3.2543", "127.0937")


def test_a_short_first_line_does_not_make_a_title_too_short(client, world):
    response = _post(client, description="Tolong\nBlanko KTP-el habis sejak dua minggu lalu.")
    assert response.status_code == 201
    assert Complaint.objects.get().title == "Tolong"
    _post(client, description="KTP\nBlanko KTP-el habis sejak dua minggu lalu.")
    assert Complaint.objects.order_by("pk").last().title.startswith("KTP Blanko KTP-el habis")


# --- issue 16: Open311 has an OpenAPI schema of its own, covering every route ---------------
def test_open311_has_a_valid_openapi_schema_describing_every_route(client, world):
    from django.urls import get_resolver
    from drf_spectacular.validation import validate_schema

    schema = client.get("/open311/v2/openapi.json").json()
    validate_schema(schema)
    routes = [
        str(p.pattern)
        for p in get_resolver().url_patterns
        if getattr(p, "name", "") and p.name.startswith("open311_") and p.name != "open311_openapi"
    ]
    assert len(routes) == 4
    for route in routes:
        for fmt in ("json", "xml"):
            path = "/" + route.replace("<str:fmt>", fmt).replace(
                "<str:public_id>", "{service_request_id}"
            )
            assert path in schema["paths"], path
    assert set(schema["paths"]["/open311/v2/requests.xml"]) == {"get", "post"}


def test_open311_errors_speak_the_readers_language(world):
    from django.test import Client

    indonesian = Client().get("/open311/v2/requests/PRM-0000-000000.json").json()
    assert indonesian[0]["description"] == "Tidak ada laporan publik dengan nomor ini."
