"""/api/v1/innovations/ (issue 23): published entries for everyone, the unpublished ones of
their scope for signed-in officers; the status as shown today; the replication network
without leaking an unpublished entry; filters checked, 400 naming the filter."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from drf_spectacular.validation import validate_schema

from prima.accounts.actions import create_api_token
from prima.innovation import actions
from prima.innovation.models import Innovation
from prima.innovation.tests.test_registry_actions import register

pytestmark = pytest.mark.django_db

URL = "/api/v1/innovations/"


@pytest.fixture
def made(world) -> dict[str, Innovation]:
    ktp = register(world, title="KTP Antar", services=[world.buru_ktp])
    draft = register(world, title="Akta Draft")
    ambon = register(world, title="Ambon Cepat", unit=world.ambon_dukcapil, actor=world.marthen)
    actions.publish_innovation(ktp, actor=world.abdul)
    actions.record_replication(
        ktp,
        actor=world.marthen,
        adopter_unit=world.ambon_dukcapil,
        adopter_innovation=ambon,
        started_on=dt.date(2025, 1, 1),
    )
    return {"ktp": ktp, "draft": draft, "ambon": ambon}


def _titles(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["title"] for row in response.json()["results"]}


def test_the_public_sees_published_innovations_only(made):
    assert _titles(Client().get(URL)) == {"KTP Antar"}
    assert Client().get(f"{URL}{made['ktp'].pk}/").status_code == 200
    assert Client().get(f"{URL}{made['draft'].pk}/").status_code == 404


def test_a_staff_token_also_sees_the_unpublished_ones_of_its_scope(world, made):
    _token, raw = create_api_token(world.abdul, name="t")
    api = Client(HTTP_AUTHORIZATION=f"Token {raw}")
    assert _titles(api.get(URL)) == {"KTP Antar", "Akta Draft"}
    draft = api.get(f"{URL}{made['draft'].pk}/").json()
    assert draft["is_published"] is False and draft["url"] is None
    assert api.get(f"{URL}{made['ambon'].pk}/").status_code == 404  # Ambon's, unpublished


def test_an_innovation_shows_its_spread_without_leaking_an_unpublished_entry(world, made):
    row = Client().get(f"{URL}{made['ktp'].pk}/").json()
    assert row["services"] == ["Penerbitan KTP-el"]
    assert row["spread"] == [
        {
            "adopter_unit": "8171-DUKCAPIL",
            "adopter_unit_name": "Disdukcapil Kota Ambon",
            "adopter_innovation": None,  # Ambon's entry is not published
            "started_on": "2025-01-01",
            "state": "dirintis",
        }
    ]
    assert row["url"].endswith(f"/inovasi/{made['ktp'].pk}/")
    _token, raw = create_api_token(world.marthen, name="t")
    own = Client(HTTP_AUTHORIZATION=f"Token {raw}").get(f"{URL}{made['ktp'].pk}/").json()
    assert own["spread"][0]["adopter_innovation"] == made["ambon"].pk
    adopter = Client(HTTP_AUTHORIZATION=f"Token {raw}").get(f"{URL}{made['ambon'].pk}/").json()
    assert adopter["kind"] == "replikasi" and adopter["replicates"] == [made["ktp"].pk]


def test_the_status_is_shown_as_of_today(made):
    Innovation.objects.filter(pk=made["ktp"].pk).update(
        status_confirmed_on=timezone.localdate() - dt.timedelta(days=366)
    )
    row = Client().get(f"{URL}{made['ktp'].pk}/").json()
    assert (row["status"], row["confirmed_status"]) == ("tidak_diketahui", "aktif")
    assert _titles(Client().get(URL, {"status": "tidak_diketahui"})) == {"KTP Antar"}
    assert _titles(Client().get(URL, {"status": "aktif"})) == set()


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({"region": "81"}, {"KTP Antar"}),
        ({"region": "96"}, set()),
        ({"service": "ktp"}, {"KTP Antar"}),
        ({"q": "antar"}, {"KTP Antar"}),
        ({"stage": "uji_coba"}, set()),
        ({"unit": "8104-DUKCAPIL"}, {"KTP Antar"}),
    ],
)
def test_the_filters(made, params, shown):
    assert _titles(Client().get(URL, params)) == shown


@pytest.mark.parametrize(
    ("params", "field"),
    [({"stage": "done"}, "stage"), ({"region": "81x"}, "region"), ({"status": "alive"}, "status")],
)
def test_a_bad_filter_answers_400_naming_it(made, params, field):
    response = Client().get(URL, params)
    assert response.status_code == 400 and field in response.json()


def test_the_schema_stays_valid_and_describes_the_endpoint(db):
    schema = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    validate_schema(schema)
    assert "/api/v1/innovations/" in schema["paths"]
    assert "/api/v1/innovations/{id}/" in schema["paths"]
