"""The JSON API says what it does: the OpenAPI schema at /api/v1/schema/ tells the truth about
nulls, who may call, the status codes and the query parameters, and what it declares is what
the endpoints check. (scripts/schemathesis.py tries it all against a running server in CI.)"""

from __future__ import annotations

import pytest
from django.test import Client

from prima.accounts import actions
from prima.lib.text import WITHOUT_CONTROL

pytestmark = pytest.mark.django_db

SAFE = {"get", "head", "options"}


@pytest.fixture
def schema(db):
    return Client().get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_a_region_without_a_coordination_region_is_declared_nullable(schema, world):
    region = schema["components"]["schemas"]["Region"]["properties"]["coordination_region"]
    assert region.get("nullable") is True
    assert Client().get("/api/v1/regions/81.04/").json()["coordination_region"] is None


def test_public_endpoints_are_declared_public_and_staff_ones_are_not(schema):
    public_reads = {
        (path, method)
        for path, method, operation in _operations(schema)
        if {} in operation.get("security", [])
    }
    for path, method, _operation in _operations(schema):
        if path in ("/api/v1/me/", "/api/v1/readiness/") or method not in SAFE:
            assert (path, method) not in public_reads, (method, path)
        else:
            assert (path, method) in public_reads, (method, path)


def test_every_operation_documents_the_errors_it_can_answer(schema):
    for path, method, operation in _operations(schema):
        codes = set(operation["responses"])
        # Any call with a bad token answers 401; any caller can be rate-limited.
        assert {"401", "429"} <= codes, (method, path)
        parameters = operation.get("parameters", [])
        queries = [p for p in parameters if p["in"] == "query"]
        if parameters or "requestBody" in operation:
            assert "400" in codes, (method, path)
        if "{" in path or any(p["name"] == "page" for p in queries) or method not in SAFE:
            assert "404" in codes, (method, path)
        if method not in SAFE:
            assert "403" in codes, (method, path)
        if queries:
            assert "414" in codes, (method, path)
        retry = operation["responses"]["429"].get("headers", {})
        assert "Retry-After" in retry, (method, path)


def test_string_parameters_are_declared_free_of_control_characters(schema):
    # The input boundary refuses them (a 400), so the schema says so: tests that send them
    # must see them refused.
    for path, method, operation in _operations(schema):
        for parameter in operation.get("parameters", []):
            if parameter["schema"].get("type") == "string" and "enum" not in parameter["schema"]:
                assert parameter["schema"]["pattern"] == WITHOUT_CONTROL, (method, path)
    assert Client().get("/api/v1/regions/?q=a%01b").status_code == 400


def test_errors_are_json_with_a_detail_even_for_paths_no_route_matches(db):
    for path in ("/api/v1/services/abc/", "/api/v1/regions/x/", "/api/v1/nothing/"):
        response = Client().get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json", path
        assert response.json()["detail"], path


@pytest.mark.parametrize("value", ["abc", "0", "-3", "1.5"])
def test_a_page_size_that_is_not_a_positive_number_is_a_clear_400(db, value):
    response = Client().get(f"/api/v1/regions/?page_size={value}")
    assert response.status_code == 400
    assert "page_size" in response.json()


def test_a_page_size_above_the_maximum_gives_the_maximum(db):
    assert len(Client().get("/api/v1/regions/?page_size=100000").json()["results"]) == 552


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/regions/?level=district",
        "/api/v1/regions/?include_inactive=maybe",
        "/api/v1/agencies/?kind=perusahaan",
        "/api/v1/units/?kind=warung",
        "/api/v1/standards/?status=draft",
        "/api/v1/standards/sippn/?output=pdf",
        "/api/v1/surveys/results/?year=32768",
        "/api/v1/surveys/results/?year=abc",
        "/api/v1/coaching/events/?year=32768",
        "/api/v1/coaching/events/?year=0",
        "/api/v1/coaching/events/?topic=nothing",
        "/api/v1/coaching/events/?kind=party",
    ],
)
def test_a_query_parameter_outside_what_the_schema_declares_is_a_clear_400(world, query):
    response = Client().get(query)
    assert response.status_code == 400, response.content
    name = query.split("?")[1].split("=")[0]
    assert name in response.json()


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/surveys/results/?year=",
        "/api/v1/coaching/events/?year=&kind=&topic=",
        "/api/v1/regions/?include_inactive=&level=&q=&page=&page_size=",
    ],
)
def test_an_empty_value_means_not_given_as_a_form_sends_it(world, query):
    response = Client().get(query)
    assert response.status_code == 200
    assert response.json()["count"] == Client().get(query.split("?")[0]).json()["count"]


def test_every_optional_query_parameter_is_declared_to_take_an_empty_value(schema):
    import jsonschema

    required = set()
    for path, _method, operation in _operations(schema):
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "query":
                continue
            declared = {**parameter["schema"], "components": schema["components"]}
            if parameter.get("required"):
                # Empty means "not given", which a required parameter cannot be: a 400.
                required.add((path, parameter["name"]))
                with pytest.raises(jsonschema.ValidationError):
                    jsonschema.validate("", declared)
            else:
                jsonschema.validate("", declared)  # raises when "" is not allowed
    assert required == {("/api/v1/readiness/", "agency")}


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/regions/?regoin=81",
        "/api/v1/units/?agensi=x",
        "/api/v1/standards/sippn/?outptu=csv",
    ],
)
def test_a_query_parameter_a_list_does_not_know_is_a_clear_400_not_ignored(world, query):
    response = Client().get(query)
    assert response.status_code == 400
    assert query.split("?")[1].split("=")[0] in response.json()


def test_the_declared_query_parameters_are_the_ones_checked(schema):
    def params(path):
        return {
            p["name"]: p.get("schema", {})
            for p in schema["paths"][path]["get"].get("parameters", [])
        }

    regions = params("/api/v1/regions/")
    assert set(regions["level"]["enum"]) == {"province", "regency", ""}  # empty: not given
    assert regions["include_inactive"]["anyOf"][0]["type"] == "boolean"
    events = params("/api/v1/coaching/events/")
    year = events["year"]["anyOf"][0]
    assert (year["minimum"], year["maximum"]) == (1, 9999)
    assert set(params("/api/v1/standards/")["status"]["enum"]) == {"published", "under_review", ""}
    assert regions["page_size"]["anyOf"][0]["minimum"] == 1


def test_a_staff_token_on_a_public_endpoint_still_works_and_a_bad_one_is_401(world):
    _token, raw = actions.create_api_token(world.siti, name="t")
    assert Client(HTTP_AUTHORIZATION=f"Token {raw}").get("/api/v1/regions/").status_code == 200
    bad = Client(HTTP_AUTHORIZATION="Token prima_nope").get("/api/v1/regions/")
    assert bad.status_code == 401 and bad.json()["detail"]
