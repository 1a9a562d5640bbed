"""GET /api/v1/readiness/?agency=<code>: an agency's readiness board as JSON, for staff within
their scope (issue 19, item 6)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from prima.accounts.actions import create_api_token
from prima.accounts.models import AuditEvent
from prima.insights import store
from prima.insights.links import duty_link
from prima.insights.models import UnitReadiness
from prima.insights.readiness import DUTIES
from prima.registry.models import ServiceUnit
from prima.surveys import actions as survey_actions
from prima.test import sign_in

pytestmark = pytest.mark.django_db

URL = "/api/v1/readiness/"


def _token_client(user) -> Client:
    _token, raw = create_api_token(user, name="test", days=30)
    return Client(HTTP_AUTHORIZATION=f"Token {raw}")


@pytest.fixture
def buru(world):
    """Buru's Disdukcapil runs a survey period ending in ten days, without its sample yet;
    the unlisted RSUD has no records at all."""
    today = timezone.localdate()
    survey_actions.create_period(
        actor=None,
        unit=world.buru_dukcapil,
        name="Tahun ini",
        kind="custom",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=10),
    )
    store.rebuild()
    return world


def test_an_agency_administrator_reads_every_unit_of_their_agency_with_the_boards_values(buru):
    body = _token_client(buru.siti).get(URL, {"agency": "pemkab-buru"}).json()
    assert body["agency"] == "pemkab-buru" and body["count"] == 2
    assert [u["code"] for u in body["units"]] == ["8104-DUKCAPIL", "8104-RSUD"]
    for unit in body["units"]:
        row = UnitReadiness.objects.select_related("unit").get(unit__code=unit["code"])
        assert unit["name"] == row.unit.name
        assert list(unit["duties"]) == list(DUTIES)
        for duty, cell in unit["duties"].items():
            if cell is None:  # mpp:reach — a duty of units of another kind (MPP)
                assert duty not in row.duties
                continue
            stored = row.duties[duty]
            assert cell["status"] == stored["status"], (unit["code"], duty)
            assert cell["indicator"] == stored["indicator"]
            assert cell["level"] == stored["level"]
            assert cell["due_on"] == stored["due_on"]
            assert cell["link"] == duty_link(duty, row.unit.code, stored["period"])
        assert unit["projected_ipp"] == float(row.projected_ipp)
        assert unit["projected_category"] == row.projected_category
        assert unit["indicators_to_next"] == row.indicators_to_next
        assert unit["late"] == row.late_count and unit["missing"] == row.missing_count


def test_the_running_survey_is_due_with_its_end_date_and_a_unit_without_records_is_missing(buru):
    units = {
        u["code"]: u
        for u in _token_client(buru.siti).get(f"{URL}?agency=pemkab-buru").json()["units"]
    }
    skm = units["8104-DUKCAPIL"]["duties"]["skm"]
    ends = timezone.localdate() + dt.timedelta(days=10)
    assert skm["status"] == "due" and skm["due_on"] == ends.isoformat()
    assert skm["link"] == "/manage/units/8104-DUKCAPIL/surveys/"
    assert units["8104-DUKCAPIL"]["duties"]["standards"]["status"] == "missing"
    rsud = units["8104-RSUD"]["duties"]
    assert {rsud[d]["status"] for d in ("standards", "fkp", "maklumat", "skm")} == {"missing"}
    assert rsud["complaints"]["status"] == "ok"  # nothing open, nothing late


def test_a_unit_operator_sees_only_their_own_unit(buru):
    body = _token_client(buru.abdul).get(URL, {"agency": "pemkab-buru"}).json()
    assert [u["code"] for u in body["units"]] == ["8104-DUKCAPIL"] and body["count"] == 1


def test_a_provincial_evaluator_reads_agencies_of_their_province_only(buru):
    client = _token_client(buru.yohanis)
    body = client.get(URL, {"agency": "pemkab-buru"}).json()
    assert body["count"] == 2
    # An evaluator does not edit the maklumat: its link leads to the unit's standards page,
    # as the board's cell does; the agency's administrator gets the editing page.
    assert {u["duties"]["maklumat"]["link"] for u in body["units"]} == {
        "/manage/units/8104-DUKCAPIL/standards/",
        "/manage/units/8104-RSUD/standards/",
    }
    admin = _token_client(buru.siti).get(URL, {"agency": "pemkab-buru"}).json()
    assert admin["units"][0]["duties"]["maklumat"]["link"] == duty_link("maklumat", "8104-DUKCAPIL")
    assert client.get(URL, {"agency": "pemkab-sorong"}).status_code == 404


def test_another_agency_or_an_unknown_one_is_404_and_recorded(buru):
    client = _token_client(buru.marthen)
    for code in ("pemkab-buru", "no-such-agency", "bukan kode"):
        response = client.get(URL, {"agency": code})
        assert response.status_code == 404 and "detail" in response.json()
        assert AuditEvent.objects.filter(
            kind=AuditEvent.Kind.ACCESS_DENIED, actor=buru.marthen, detail__key=code
        ).exists()


def test_the_agency_is_required(buru):
    client = _token_client(buru.siti)
    for query in ("", "?agency=", f"?agency={'x' * 41}", "?agensi=pemkab-buru"):
        response = client.get(URL + query)
        assert response.status_code == 400, query
        assert set(response.json()) & {"agency", "agensi"}, query
    assert "pemkab-buru" in client.get(URL).json()["agency"][0]  # the message shows the form


def test_anonymous_callers_are_refused(buru):
    assert Client().get(URL, {"agency": "pemkab-buru"}).status_code == 401


def test_a_fully_signed_in_session_works_too(buru):
    client = sign_in(Client(), buru.ratna)
    assert client.get(URL, {"agency": "pemkab-buru"}).json()["count"] == 2


def test_the_units_come_in_pages(buru):
    client = _token_client(buru.siti)
    first = client.get(URL, {"agency": "pemkab-buru", "page_size": 1}).json()
    assert first["count"] == 2 and len(first["units"]) == 1 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert [u["code"] for u in second["units"]] == ["8104-RSUD"] and second["next"] is None
    assert client.get(URL, {"agency": "pemkab-buru", "page": 3}).status_code == 404


def test_queries_do_not_grow_with_the_number_of_units(buru):
    client = _token_client(buru.siti)
    client.get(URL, {"agency": "pemkab-buru"})  # the token's last use written once

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"agency": "pemkab-buru", "page_size": 600})
        assert response.status_code == 200
        return len(queries)

    few = count()
    ServiceUnit.objects.bulk_create(
        ServiceUnit(
            code=f"8104-U{n:02d}",
            agency=buru.buru,
            region=buru.buru_dukcapil.region,
            kind="puskesmas",
            name=f"Puskesmas {n}",
        )
        for n in range(30)
    )
    store.rebuild()
    assert UnitReadiness.objects.filter(agency=buru.buru).count() == 32
    assert count() == few


def test_the_schema_describes_the_answer(buru):
    import jsonschema

    schema = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"][URL]["get"]
    agency = next(p for p in operation["parameters"] if p["name"] == "agency")
    assert agency["required"] is True
    assert {"400", "401", "404", "429"} <= set(operation["responses"])
    declared = {
        **operation["responses"]["200"]["content"]["application/json"]["schema"],
        "components": schema["components"],
    }
    body = _token_client(buru.siti).get(URL, {"agency": "pemkab-buru"}).json()
    # OpenAPI 3.0 is JSON Schema draft 4 (boolean exclusiveMinimum), plus `nullable`.
    jsonschema.Draft4Validator(_json_schema(declared)).validate(body)


def _json_schema(openapi: object) -> object:
    """OpenAPI 3.0's `nullable` as JSON Schema says it (jsonschema does not know it)."""
    if isinstance(openapi, list):
        return [_json_schema(item) for item in openapi]
    if not isinstance(openapi, dict):
        return openapi
    converted = {key: _json_schema(value) for key, value in openapi.items() if key != "nullable"}
    if openapi.get("nullable"):
        if "type" in converted:
            converted["type"] = [converted["type"], "null"]
        elif "allOf" in converted or "$ref" in converted:
            converted = {"anyOf": [converted, {"type": "null"}]}
    return converted
