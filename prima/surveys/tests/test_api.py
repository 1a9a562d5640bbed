"""Published survey results as open data: GET /api/v1/surveys/results/."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from prima.surveys import actions, submission
from prima.surveys.tests.factories import answers, make_period

NOW = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)


def test_only_published_results_of_listed_units_are_served(world):
    shown = make_period(world, population=10)
    hidden = make_period(world, unit=world.ambon_dukcapil)
    unlisted = make_period(world, unit=world.buru_rsud)
    for period in (shown, hidden, unlisted):
        for value in (3, 4):
            submission.submit_response(period, answers=answers(value), channel="web", now=NOW)
    actions.publish_results(shown, actor=None)
    actions.publish_results(unlisted, actor=None)

    body = Client().get("/api/v1/surveys/results/").json()
    assert body["count"] == 1
    item = body["results"][0]
    assert (item["unit"], item["region"], item["name"]) == (
        "8104-DUKCAPIL",
        "81.04",
        "Semester I 2026",
    )
    result = item["result"]
    assert result["ikm_rounded"] == 87.5 and result["mutu"] == "B" and result["kinerja"] == "Baik"
    assert result["respondents"] == 2 and result["sample_required"] == 10
    assert result["sample_met"] is False
    assert result["elements"]["waktu"] == {"n": 2, "nrr": 3.5, "value": 87.5, "mutu": "B"}
    assert "suggestion" not in str(body)

    assert Client().get(f"/api/v1/surveys/results/{hidden.pk}/").status_code == 404


def test_results_filter_by_unit_region_and_year(world):
    period = make_period(world)
    actions.publish_results(period, actor=None)
    client = Client()
    assert client.get("/api/v1/surveys/results/?region=81").json()["count"] == 1
    assert client.get("/api/v1/surveys/results/?region=81.04").json()["count"] == 1
    assert client.get("/api/v1/surveys/results/?region=96").json()["count"] == 0
    assert client.get("/api/v1/surveys/results/?unit=8104-DUKCAPIL&year=2026").json()["count"] == 1
    assert client.get("/api/v1/surveys/results/?year=2025").json()["count"] == 0
