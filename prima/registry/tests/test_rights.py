"""What the registry's access functions say a user may do, and the pages that read it."""

from __future__ import annotations

import pytest
from django.test import Client

from prima.accounts import actions as account_actions
from prima.registry import access
from prima.test import sign_in

pytestmark = pytest.mark.django_db


def test_an_agency_administrator_changes_their_agencys_profile_but_not_its_kind_region_or_listing(
    world,
):
    agency, rights = access.get_agency_for_user(world.siti, "pemkab-buru", write=True)
    assert rights.change and not rights.administer
    assert {"kind", "region", "is_active"}.isdisjoint(rights.fields)
    form = sign_in(Client(), world.siti).get("/manage/agencies/pemkab-buru/edit/").context["form"]
    assert form.fields["kind"].disabled and form.fields["region"].disabled
    assert form.fields["is_active"].disabled and not form.fields["name"].disabled


def test_a_national_administrator_changes_every_field_of_an_agency(world):
    _agency, rights = access.get_agency_for_user(world.ratna, "pemkab-buru", write=True)
    assert rights.administer and "is_active" in rights.fields


def test_an_evaluator_reads_an_agency_but_changes_nothing_there(world):
    _agency, rights = access.get_agency_for_user(world.yohanis, "pemkab-buru")
    assert rights.read and not (rights.change or rights.add_unit or rights.manage_users)
    assert rights.fields == ()
    page = sign_in(Client(), world.yohanis).get("/manage/agencies/pemkab-buru/")
    assert page.context["rights"] == rights
    assert b"/manage/agencies/pemkab-buru/edit/" not in page.content


def test_only_national_administrators_change_coordination_regions(world):
    assert access.can_change_coordination_regions(world.ratna)
    assert not access.can_change_coordination_regions(world.siti)
    assert (
        not sign_in(Client(), world.siti).get("/manage/coordination-regions/").context["can_change"]
    )


def test_an_api_write_names_the_token_holder_in_the_history(world):
    _token, raw = account_actions.create_api_token(world.abdul, name="t")
    response = Client(HTTP_AUTHORIZATION=f"Token {raw}").patch(
        "/api/v1/units/8104-DUKCAPIL/", {"phone": "0913-21000"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert world.buru_dukcapil.history.latest().history_user == world.abdul
