"""Who may read and change what, through every page and endpoint (ASVS 5.0 8.2.2).

The matrix is the specification: for each page or endpoint, and for each persona of
prima/test.py, the status the server must answer. An officer of one agency asking for
another agency's data gets 404 — the same answer as for something that does not exist.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from prima.accounts import actions
from prima.accounts.models import AuditEvent
from prima.test import World, sign_in

PERSONAS = ["anonymous", "ratna", "yohanis", "siti", "marthen", "abdul"]
LOGIN = "login"  # pages send an anonymous visitor to the sign-in page (302)


@dataclass
class Case:
    name: str
    method: str
    url: Callable[[World], str]
    expect: dict[str, int | str]
    data: Callable[[World], dict[str, Any]] = field(default=lambda w: {})
    api: bool = False


def w_(attr: str) -> Callable[[World], Any]:
    return lambda w: getattr(w, attr)


PAGE_CASES = [
    Case(
        "read Buru agency",
        "GET",
        lambda w: "/manage/agencies/pemkab-buru/",
        {
            "anonymous": LOGIN,
            "ratna": 200,
            "yohanis": 200,
            "siti": 200,
            "marthen": 404,
            "abdul": 200,
        },
    ),
    Case(
        "read Sorong agency (outside Maluku)",
        "GET",
        lambda w: "/manage/agencies/pemkab-sorong/",
        {
            "anonymous": LOGIN,
            "ratna": 200,
            "yohanis": 404,
            "siti": 404,
            "marthen": 404,
            "abdul": 404,
        },
    ),
    Case(
        "edit Buru agency",
        "GET",
        lambda w: "/manage/agencies/pemkab-buru/edit/",
        {
            "anonymous": LOGIN,
            "ratna": 200,
            "yohanis": 404,
            "siti": 200,
            "marthen": 404,
            "abdul": 404,
        },
    ),
    Case(
        "Buru agency history",
        "GET",
        lambda w: "/manage/agencies/pemkab-buru/history/",
        {
            "anonymous": LOGIN,
            "ratna": 200,
            "yohanis": 404,
            "siti": 200,
            "marthen": 404,
            "abdul": 404,
        },
    ),
    Case(
        "new unit in Buru",
        "GET",
        lambda w: "/manage/agencies/pemkab-buru/units/new/",
        {
            "anonymous": LOGIN,
            "ratna": 200,
            "yohanis": 404,
            "siti": 200,
            "marthen": 404,
            "abdul": 404,
        },
    ),
    Case(
        "read unlisted Buru RSUD",
        "GET",
        lambda w: "/manage/units/8104-RSUD/",
        {
            "anonymous": LOGIN,
            "ratna": 200,
            "yohanis": 200,
            "siti": 200,
            "marthen": 404,
            "abdul": 404,
        },
    ),
    Case(
        "read Buru Disdukcapil",
        "GET",
        lambda w: "/manage/units/8104-DUKCAPIL/",
        {
            "anonymous": LOGIN,
            "ratna": 200,
            "yohanis": 200,
            "siti": 200,
            "marthen": 404,
            "abdul": 200,
        },
    ),
    Case(
        "edit Buru Disdukcapil",
        "GET",
        lambda w: "/manage/units/8104-DUKCAPIL/edit/",
        {
            "anonymous": LOGIN,
            "ratna": 200,
            "yohanis": 404,
            "siti": 200,
            "marthen": 404,
            "abdul": 200,
        },
    ),
    Case(
        "Buru Disdukcapil history",
        "GET",
        lambda w: "/manage/units/8104-DUKCAPIL/history/",
        {
            "anonymous": LOGIN,
            "ratna": 200,
            "yohanis": 404,
            "siti": 200,
            "marthen": 404,
            "abdul": 200,
        },
    ),
    Case(
        "new service at Buru Disdukcapil",
        "GET",
        lambda w: "/manage/units/8104-DUKCAPIL/services/new/",
        {
            "anonymous": LOGIN,
            "ratna": 200,
            "yohanis": 404,
            "siti": 200,
            "marthen": 404,
            "abdul": 200,
        },
    ),
    Case(
        "edit Buru KTP service",
        "GET",
        lambda w: f"/manage/services/{w.buru_ktp.pk}/edit/",
        {
            "anonymous": LOGIN,
            "ratna": 200,
            "yohanis": 404,
            "siti": 200,
            "marthen": 404,
            "abdul": 200,
        },
    ),
    Case(
        "edit Buru Disdukcapil (post)",
        "POST",
        lambda w: "/manage/units/8104-DUKCAPIL/edit/",
        {
            "anonymous": LOGIN,
            "ratna": 302,
            "yohanis": 404,
            "siti": 302,
            "marthen": 404,
            "abdul": 302,
        },
        data=lambda w: {
            "address": "Jl. Baru",
            "delivery_mode": "luring",
            "phone": "",
            "email": "",
            "website": "",
            "name": w.buru_dukcapil.name,
            "kind": "disdukcapil",
            "region": "81.04",
            "is_active": "on",
            **{f"hours_{d}": "" for d in range(7)},
        },
    ),
    Case(
        "edit Buru KTP service (post)",
        "POST",
        lambda w: f"/manage/services/{w.buru_ktp.pk}/edit/",
        {
            "anonymous": LOGIN,
            "ratna": 302,
            "yohanis": 404,
            "siti": 302,
            "marthen": 404,
            "abdul": 302,
        },
        data=lambda w: {
            "name": "Penerbitan KTP Elektronik",
            "kind": "administratif",
            "is_active": "on",
        },
    ),
    Case(
        "list people",
        "GET",
        lambda w: "/manage/users/",
        {
            "anonymous": LOGIN,
            "ratna": 200,
            "yohanis": 404,
            "siti": 200,
            "marthen": 200,
            "abdul": 404,
        },
    ),
    Case(
        "read Buru operator's account",
        "GET",
        lambda w: f"/manage/users/{w.abdul.pk}/",
        {
            "anonymous": LOGIN,
            "ratna": 200,
            "yohanis": 404,
            "siti": 200,
            "marthen": 404,
            "abdul": 404,
        },
    ),
    Case(
        "Buru operator's history",
        "GET",
        lambda w: f"/manage/users/{w.abdul.pk}/history/",
        {
            "anonymous": LOGIN,
            "ratna": 200,
            "yohanis": 404,
            "siti": 200,
            "marthen": 404,
            "abdul": 404,
        },
    ),
    Case(
        "deactivate Buru operator",
        "POST",
        lambda w: f"/manage/users/{w.abdul.pk}/active/",
        {
            "anonymous": LOGIN,
            "ratna": 302,
            "yohanis": 404,
            "siti": 302,
            "marthen": 404,
            "abdul": 404,
        },
        data=lambda w: {"active": "0"},
    ),
    Case(
        "set Buru operator's password",
        "POST",
        lambda w: f"/manage/users/{w.abdul.pk}/password/",
        {
            "anonymous": LOGIN,
            "ratna": 302,
            "yohanis": 404,
            "siti": 302,
            "marthen": 404,
            "abdul": 404,
        },
        data=lambda w: {"password": "a long new passphrase 2026"},
    ),
    Case(
        "revoke Buru operator's role",
        "POST",
        lambda w: f"/manage/roles/{w.abdul.memberships.get().pk}/revoke/",
        {
            "anonymous": LOGIN,
            "ratna": 302,
            "yohanis": 404,
            "siti": 302,
            "marthen": 404,
            "abdul": 404,
        },
    ),
    Case(
        "read the national administrator",
        "GET",
        lambda w: f"/manage/users/{w.ratna.pk}/",
        {
            "anonymous": LOGIN,
            "ratna": 200,
            "yohanis": 404,
            "siti": 404,
            "marthen": 404,
            "abdul": 404,
        },
    ),
    Case(
        "security log",
        "GET",
        lambda w: "/manage/audit/",
        {
            "anonymous": LOGIN,
            "ratna": 200,
            "yohanis": 404,
            "siti": 200,
            "marthen": 200,
            "abdul": 404,
        },
    ),
    Case(
        "change history of everything",
        "GET",
        lambda w: "/manage/changes/",
        {
            "anonymous": LOGIN,
            "ratna": 200,
            "yohanis": 404,
            "siti": 404,
            "marthen": 404,
            "abdul": 404,
        },
    ),
    Case(
        "new agency",
        "GET",
        lambda w: "/manage/agencies/new/",
        {
            "anonymous": LOGIN,
            "ratna": 200,
            "yohanis": 404,
            "siti": 404,
            "marthen": 404,
            "abdul": 404,
        },
    ),
    Case(
        "edit coordination region",
        "GET",
        lambda w: "/manage/coordination-regions/III/edit/",
        {
            "anonymous": LOGIN,
            "ratna": 200,
            "yohanis": 404,
            "siti": 404,
            "marthen": 404,
            "abdul": 404,
        },
    ),
    Case(
        "public page of an unlisted unit",
        "GET",
        lambda w: "/units/8104-RSUD/",
        {"anonymous": 404, "ratna": 404, "yohanis": 404, "siti": 404, "marthen": 404, "abdul": 404},
    ),
]

API_CASES = [
    Case(
        "API: read unlisted Buru RSUD",
        "GET",
        lambda w: "/api/v1/units/8104-RSUD/",
        {"anonymous": 404, "ratna": 200, "yohanis": 200, "siti": 200, "marthen": 404, "abdul": 404},
        api=True,
    ),
    Case(
        "API: read listed Buru Disdukcapil",
        "GET",
        lambda w: "/api/v1/units/8104-DUKCAPIL/",
        {"anonymous": 200, "ratna": 200, "yohanis": 200, "siti": 200, "marthen": 200, "abdul": 200},
        api=True,
    ),
    Case(
        "API: change Buru Disdukcapil",
        "PATCH",
        lambda w: "/api/v1/units/8104-DUKCAPIL/",
        {"anonymous": 401, "ratna": 200, "yohanis": 404, "siti": 200, "marthen": 404, "abdul": 200},
        data=lambda w: {"phone": "0913-21000"},
        api=True,
    ),
    Case(
        "API: add a service to Buru Disdukcapil",
        "POST",
        lambda w: "/api/v1/services/",
        {"anonymous": 401, "ratna": 201, "yohanis": 404, "siti": 201, "marthen": 404, "abdul": 201},
        data=lambda w: {"unit": "8104-DUKCAPIL", "name": "Akta Perkawinan"},
        api=True,
    ),
    Case(
        "API: change Buru KTP service",
        "PATCH",
        lambda w: f"/api/v1/services/{w.buru_ktp.pk}/",
        {"anonymous": 401, "ratna": 200, "yohanis": 404, "siti": 200, "marthen": 404, "abdul": 200},
        data=lambda w: {"description": "Perekaman dan pencetakan"},
        api=True,
    ),
    Case(
        # No period is open in this world: the unit's staff get as far as "no open period".
        "API: survey invitation after a Buru Disdukcapil queue ticket",
        "POST",
        lambda w: "/api/v1/surveys/invitations/",
        {"anonymous": 401, "ratna": 409, "yohanis": 404, "siti": 409, "marthen": 404, "abdul": 409},
        data=lambda w: {
            "unit": "8104-DUKCAPIL",
            "ticket": "A-001",
            "channel": "sms",
            "number": "081234567890",
            "agreed": True,
        },
        api=True,
    ),
    Case(
        "API: who am I",
        "GET",
        lambda w: "/api/v1/me/",
        {"anonymous": 401, "ratna": 200, "yohanis": 200, "siti": 200, "marthen": 200, "abdul": 200},
        api=True,
    ),
]


def _client_for(world: World, persona: str, *, api: bool) -> Client:
    if persona == "anonymous":
        return Client()
    user = getattr(world, persona)
    if api:
        _token, raw = actions.create_api_token(user, name="matrix")
        return Client(HTTP_AUTHORIZATION=f"Token {raw}")
    return sign_in(Client(), user)


def _request(client: Client, case: Case, world: World):
    url, data = case.url(world), case.data(world)
    if case.method == "GET":
        return client.get(url)
    if case.api:
        return client.generic(case.method, url, json.dumps(data), content_type="application/json")
    return client.post(url, data)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("case", PAGE_CASES + API_CASES, ids=lambda c: c.name)
def test_access_matrix(world, case, persona):
    response = _request(_client_for(world, persona, api=case.api), case, world)
    expected = case.expect[persona]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == expected, (case.name, persona, response.content[:300])


def test_a_refusal_is_recorded_in_the_security_log(world):
    client = sign_in(Client(), world.marthen)
    assert client.get("/manage/units/8104-RSUD/").status_code == 404
    event = AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCESS_DENIED).latest("at")
    assert event.actor == world.marthen
    assert event.detail == {"object_type": "service_unit", "key": "8104-RSUD", "write": False}
    assert event.path == "/manage/units/8104-RSUD/"


def test_a_refused_write_changes_nothing(world):
    client = sign_in(Client(), world.marthen)
    client.post(f"/manage/services/{world.buru_ktp.pk}/edit/", {"name": "Hacked", "kind": "jasa"})
    world.buru_ktp.refresh_from_db()
    assert world.buru_ktp.name == "Penerbitan KTP-el"
    world.abdul.refresh_from_db()
    client.post(f"/manage/users/{world.abdul.pk}/active/", {"active": "0"})
    world.abdul.refresh_from_db()
    assert world.abdul.is_active


def test_an_operator_cannot_move_or_unlist_their_unit_through_the_api(world):
    _token, raw = actions.create_api_token(world.abdul, name="t")
    client = Client(HTTP_AUTHORIZATION=f"Token {raw}")
    response = client.patch(
        "/api/v1/units/8104-DUKCAPIL/",
        json.dumps({"is_active": False}),
        content_type="application/json",
    )
    assert response.status_code == 403
    world.buru_dukcapil.refresh_from_db()
    assert world.buru_dukcapil.is_active


def test_lists_show_each_officer_only_their_scope(world):
    ambon = sign_in(Client(), world.marthen)
    page = ambon.get("/manage/units/").content.decode()
    assert "8171-DUKCAPIL" in page and "8104-" not in page
    people = ambon.get("/manage/users/").content.decode()
    assert "abdul" not in people and "ratna" not in people
    evaluator = sign_in(Client(), world.yohanis)
    page = evaluator.get("/manage/units/").content.decode()
    assert "8104-RSUD" in page and "8171-DUKCAPIL" in page and "9601-" not in page


def test_the_public_api_lists_only_listed_units_but_staff_also_see_their_unlisted_ones(world):
    public = Client().get("/api/v1/units/?region=81.04").json()
    assert [u["code"] for u in public["results"]] == ["8104-DUKCAPIL"]
    _token, raw = actions.create_api_token(world.siti, name="t")
    staff = Client(HTTP_AUTHORIZATION=f"Token {raw}").get("/api/v1/units/?region=81.04").json()
    assert sorted(u["code"] for u in staff["results"]) == ["8104-DUKCAPIL", "8104-RSUD"]
    _token, raw = actions.create_api_token(world.marthen, name="t")
    other = Client(HTTP_AUTHORIZATION=f"Token {raw}").get("/api/v1/units/?region=81.04").json()
    assert [u["code"] for u in other["results"]] == ["8104-DUKCAPIL"]
