"""The filters of /api/v1/coaching/events/ and of the staff pages never answer 500: a value
out of range or malformed gets a 400 naming the filter (issue 16, item 2: `?year=32768`)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from prima.coaching.models import Event
from prima.coaching.tests.test_flow import _as, make_event, move_to_past
from prima.coaching.tests.test_times import WIT

URL = "/api/v1/coaching/events/"


@pytest.fixture
def held_2020(world) -> Event:
    return move_to_past(make_event(world), start=dt.datetime(2020, 5, 12, 9, tzinfo=WIT))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "count"),
    [("2020", 1), ("2021", 0), ("1", 0), ("9999", 0), ("", 1)],
)
def test_a_year_a_date_can_hold_filters_the_events(client, held_2020, year, count):
    response = client.get(URL, {"year": year})
    assert response.status_code == 200
    assert response.json()["count"] == count


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["0", "-1", "10000", "32768", "99999999999999999999", "abc"])
def test_a_year_out_of_range_or_malformed_is_refused_with_a_400(client, held_2020, year):
    response = client.get(URL, {"year": year})
    assert response.status_code == 400
    assert list(response.json()) == ["year"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("topic", "nope"),
        ("kind", "seminar"),
        ("agency", "Not a code!"),
        ("agency", "x" * 41),
        ("agency", "pemkab-nowhere"),
    ],
)
def test_an_unknown_topic_kind_or_agency_is_refused_with_a_400(client, held_2020, name, value):
    response = client.get(URL, {name: value})
    assert response.status_code == 400
    assert list(response.json()) == [name]


@pytest.mark.django_db
def test_known_topic_kind_and_agency_filter_the_events(client, held_2020):
    def count(**params: str) -> int:
        response = client.get(URL, params)
        assert response.status_code == 200
        return response.json()["count"]

    assert count(topic="standar_pelayanan", kind="bimtek", agency="pemkab-buru", year="2020") == 1
    assert count(topic="skm") == 0
    assert count(kind="rakor") == 0


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["1", "9999", "0", "-1", "10000", "32768", "abc"])
def test_the_staff_pages_answer_any_year(client, world, held_2020, year):
    _as(client, world.ratna)
    for name in ("manage:coaching_events", "manage:coaching_reach"):
        assert client.get(reverse(name), {"year": year}).status_code == 200
