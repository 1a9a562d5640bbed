"""GET /api/v1/insights/areas/<code>/: the national picture of an area, public figures for
anyone, staff figures for callers whose roles cover the area (issue 20 item 5)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from prima.accounts.actions import create_api_token
from prima.complaints.tests.factories import file as file_complaint
from prima.insights import figures_store, national
from prima.surveys import actions as surveys
from prima.surveys import submission
from prima.surveys.tests.factories import answers

pytestmark = pytest.mark.django_db

URL = "/api/v1/insights/areas/{}/"
YEAR = timezone.localdate().year


def _token_client(user) -> Client:
    _token, raw = create_api_token(user, name="test", days=30)
    return Client(HTTP_AUTHORIZATION=f"Token {raw}")


@pytest.fixture
def buru(world):
    """Buru's Disdukcapil has an SKM period this year with two answers, not published; the
    unlisted RSUD a complaint."""
    today = timezone.localdate()
    period = surveys.create_period(
        actor=None,
        unit=world.buru_dukcapil,
        name="Tahun ini",
        kind="custom",
        starts_on=dt.date(today.year, 1, 1),
        ends_on=dt.date(today.year, 12, 31),
    )
    for _ in range(2):
        submission.submit_response(period, answers=answers(3), channel="web")
    file_complaint(world, unit=world.buru_rsud)
    figures_store.rebuild()
    return world


def test_anyone_reads_the_public_figures_of_a_regency(buru, client):
    body = client.get(URL.format("81.04")).json()
    assert body["code"] == "81.04" and body["level"] == "regency" and body["audience"] == "public"
    assert body["parent_code"] == "81" and body["year"] == YEAR
    assert body["children"] == ["agency:pemkab-buru"]
    figures = body["figures"]
    assert figures["units"] == 1  # the RSUD is not listed
    assert figures["skm"]["units_with_result"] == 0  # the results are not published
    assert figures["complaints"]["received"] == 0
    assert set(figures) == {
        "units",
        "skm",
        "ipp",
        "standards",
        "complaints",
        "innovation",
        "mpp",  # mpp:reach
        "coaching",
    }
    assert figures["innovation"] == {"units_with_living": 0, "living": 0, "replicated": 0}


def test_a_caller_whose_roles_cover_the_area_reads_the_staff_figures(buru):
    body = _token_client(buru.yohanis).get(URL.format("81.04")).json()
    assert body["audience"] == "staff"
    assert body["figures"]["units"] == 2
    assert body["figures"]["skm"]["units_with_result"] == 1
    assert body["figures"]["skm"]["ikm_mean_rounded"] == 75.0  # every answer 3 of 4
    assert body["figures"]["complaints"]["received"] == 1
    assert body["figures"] == national.figures("81.04", year=YEAR, audience="staff")


def test_above_the_callers_scope_the_figures_are_public(buru):
    client = _token_client(buru.siti)
    assert client.get(URL.format("agency:pemkab-buru")).json()["audience"] == "staff"
    assert client.get(URL.format("81")).json()["audience"] == "public"
    assert client.get(URL.format("ID")).json()["audience"] == "public"
    assert _token_client(buru.ratna).get(URL.format("ID")).json()["audience"] == "staff"


@pytest.mark.parametrize("code", ["ID", "III", "81", "81.04", "agency:pemkab-buru"])
def test_every_level_answers_with_its_children(buru, client, code):
    body = client.get(URL.format(code)).json()
    assert body["code"] == code and body["figures"]["units"] >= 1
    for child in body["children"]:
        assert client.get(URL.format(child)).status_code == 200, child


def test_an_unlisted_unit_is_not_public_and_unknown_codes_are_404(buru, client):
    assert client.get(URL.format("unit:8104-RSUD")).status_code == 404
    assert _token_client(buru.siti).get(URL.format("unit:8104-RSUD")).status_code == 200
    assert "unit:8104-RSUD" not in client.get(URL.format("agency:pemkab-buru")).json()["children"]
    for code in ("XX", "99.99", "agency:nope", "unit:NOPE"):
        response = client.get(URL.format(code))
        assert response.status_code == 404 and "detail" in response.json(), code


@pytest.mark.parametrize("query", ["?year=1999", "?year=abc", "?year=2101", "?tahun=2026"])
def test_a_bad_year_or_an_unknown_parameter_is_a_400_naming_it(buru, client, query):
    response = client.get(URL.format("ID") + query)
    assert response.status_code == 400


def test_a_past_year_reads_that_years_rows(buru, client):
    body = client.get(URL.format("ID") + f"?year={YEAR - 3}").json()
    assert body["year"] == YEAR - 3 and body["figures"]["skm"]["units_with_result"] == 0


def test_queries_do_not_grow_with_the_area(buru, client):
    def count(code: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL.format(code)).status_code == 200
        return len(queries)

    assert count("ID") <= 12 and count("81.04") <= 12 and count("81") <= 12
