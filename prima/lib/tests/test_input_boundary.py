"""The input boundary: characters no person types are refused in addresses and query strings,
removed from submitted forms and imported tables, and never reach the database — checked
over every URL pattern, not page by page (issue 16, item 1)."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from prima.lib.tables import read_table
from prima.lib.text import has_control, strip_control


@pytest.mark.parametrize(
    ("value", "control"),
    [
        ("Kab. Buru", False),
        ("baris\nbaru\r\ndan\ttab", False),
        ("\x00", True),
        ("a\x01b", True),
        ("\x08", True),
        ("\x0b", True),
        ("\x0c", True),
        ("\x1f", True),
        ("\x7f", True),
        ("\ufffe", True),
        ("\uffff", True),
        ("\ud800", True),
        ("\x80 Latin-1 supplement control is kept", False),
        ("é ü ñ — “” 🙂", False),
    ],
)
def test_no_person_types_c0_controls_but_whitespace_nor_del_nor_non_characters(value, control):
    assert has_control(value) is control
    assert not has_control(strip_control(value))
    if not control:
        assert strip_control(value) is value


def _patterns(resolver: URLResolver, prefix: str = "") -> list[str]:
    routes: list[str] = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            routes += _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            routes.append(route)
    return routes


def _with_nul(route: str) -> str | None:
    """The route with every parameter replaced by a NUL (path converters and the API
    router's regular expressions alike); None for routes without a parameter."""
    if "<" not in route:
        return None
    while (start := route.find("(?P<")) >= 0:  # the API router's groups, maybe nested
        depth, end = 0, start
        while True:
            depth += {"(": 1, ")": -1}.get(route[end], 0)
            if depth == 0:
                break
            end += 1
        route = route[:start] + "%00" + route[end + 1 :]
    route = re.sub(r"<[^>]+>", "%00", route)  # path converters
    route = route.replace("^", "").replace("/?$", "").replace("$", "").replace("\\.", ".")
    return "/" + route


ROUTES_WITH_PARAMETERS = sorted({p for r in _patterns(get_resolver()) if (p := _with_nul(r))})


def test_the_crawl_below_covers_the_paths_people_found_failing():
    for path in [
        "/s/%00/",
        "/units/%00/",
        "/regions/%00/",
        "/complaints/unit/%00/new/",
        "/pembinaan/%00/",
        "/evaluasi/%00/",
        "/open311/v2/requests/%00.%00",
    ]:
        assert path in ROUTES_WITH_PARAMETERS
    assert any(p.startswith("/api/v1/units/%00") for p in ROUTES_WITH_PARAMETERS)


@pytest.mark.django_db
def test_a_nul_in_any_path_parameter_is_refused_with_400(client):
    answers = {
        (method, path): getattr(client, method)(path).status_code
        for path in ROUTES_WITH_PARAMETERS
        for method in ("get", "post")
    }
    assert {key: status for key, status in answers.items() if status != 400} == {}


@pytest.mark.django_db
def test_a_nul_in_an_api_address_is_refused_in_the_apis_own_shape(client):
    response = client.get("/api/v1/units/%00/")
    assert response.status_code == 400
    assert set(response.json()) == {"detail"}


@pytest.mark.django_db
def test_a_nul_in_an_open311_address_is_refused_in_georeports_shape(client):
    response = client.get("/open311/v2/requests/%00.json")
    assert response.status_code == 400
    assert response.json()[0]["code"] == 400
    xml = client.get("/open311/v2/requests/%01.xml")
    assert xml.status_code == 400
    assert b"<errors><error><code>400</code>" in xml.content


@pytest.mark.django_db
def test_the_refusal_page_speaks_the_visitors_language(client):
    response = client.get("/units/%00/")
    assert "Permintaan tidak dapat dibaca" in response.content.decode()
    client.cookies["prima_language"] = "en"
    assert "The request cannot be read" in client.get("/units/%00/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/regions/?q=%00",
        "/api/v1/services/?q=a%00b",
        "/api/v1/services/?unit=%00",
        "/api/v1/units/?q=%00",
        "/api/v1/units/?region=%00",
        "/api/v1/agencies/?region=%00",
        "/api/v1/agencies/?q=%00",
        "/api/v1/standards/?q=%00",
        "/api/v1/standards/?unit=%00",
        "/api/v1/coaching/events/?agency=%00",
        "/api/v1/regions/?%00=1",
        "/open311/v2/requests.json?service_request_id=%00",
        "/open311/v2/requests.json?agency=%00",
        "/open311/v2/requests.json?service_code=%00",
        "/open311/v2/requests.xml?start_date=%1f",
        "/units/?q=%00",
        "/regions/?q=%07",
    ],
)
def test_a_control_character_in_a_query_string_is_refused_with_400(address, client):
    assert client.get(address).status_code == 400


@pytest.mark.django_db
def test_tabs_and_line_breaks_in_a_query_string_are_ordinary_text(client):
    assert client.get("/units/?q=Kab.%09Buru%0A").status_code == 200


@pytest.mark.django_db
def test_control_characters_in_a_submitted_form_are_removed_and_the_rest_kept(world):
    client = Client()
    response = client.post(
        "/open311/v2/requests.json",
        {
            "jurisdiction_id": world.buru.code,
            "title": "Antrean\x00 panjang\x01",
            "description": "Antrean\x00 di loket KTP sangat panjang\x0b sejak pagi.\nTolong.",
            "first_name": "Sit\x00i",
        },
    )
    assert response.status_code == 201, response.content
    from prima.complaints.models import Complaint

    complaint = Complaint.objects.get(public_id=response.json()[0]["service_request_id"])
    assert complaint.title == "Antrean panjang"
    assert complaint.description == "Antrean di loket KTP sangat panjang sejak pagi.\nTolong."
    assert complaint.identity.name == "Siti"


@pytest.mark.django_db
def test_a_cookie_holding_a_control_character_is_ignored(client):
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_a_json_body_holding_a_control_character_is_refused_by_the_api(world):
    from prima.test import sign_in

    client = sign_in(Client(), world.siti)
    response = client.post(
        "/api/v1/services/",
        data=json.dumps({"unit": world.buru_dukcapil.code, "name": "Akta\u0000"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "detail" in response.json()


def test_imported_tables_lose_control_characters(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("nama\x00,catatan\nBu\x01ru,baris\x0b satu\n", encoding="utf-8")
    table = read_table(path)
    assert table.header == ["nama", "catatan"]
    assert list(table.rows) == [(2, {"nama": "Buru", "catatan": "baris satu"})]
