"""What a signed-in user may reach in the staff area: StaffRights, offered to every template
as `staff`, and the API's acting user."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request

from prima.accounts.access import StaffRights, audit_events_visible_to, staff_rights
from prima.accounts.requests import api_user
from prima.test import sign_in

pytestmark = pytest.mark.django_db


def test_administrators_manage_people_and_only_national_ones_read_all_changes(world):
    assert staff_rights(world.ratna) == StaffRights(
        manage_users=True, read_changes=True, create_agencies=True, operate_jobs=True
    )
    assert staff_rights(world.siti) == StaffRights(
        manage_users=True, read_changes=False, create_agencies=False, operate_jobs=False
    )
    assert staff_rights(world.abdul) == StaffRights(
        manage_users=False, read_changes=False, create_agencies=False, operate_jobs=False
    )
    assert staff_rights(AnonymousUser()) == StaffRights(False, False, False, False)


def test_the_staff_navigation_offers_what_staff_rights_allow(world):
    siti = sign_in(Client(), world.siti).get("/manage/")
    assert siti.context["staff"] == staff_rights(world.siti)
    assert b"/manage/users/" in siti.content and b"/manage/changes/" not in siti.content
    assert b"/manage/jobs/" not in siti.content
    assert b"/manage/agencies/new/" not in siti.content
    abdul = sign_in(Client(), world.abdul).get("/manage/")
    assert b"/manage/users/" not in abdul.content and b"/manage/audit/" not in abdul.content


def test_a_unit_operator_cannot_read_the_security_log(world):
    from django.http import Http404

    with pytest.raises(Http404):
        audit_events_visible_to(world.abdul)


def test_an_api_write_without_a_signed_in_user_is_refused_not_run():
    request = Request(RequestFactory().post("/api/v1/services/"))
    request.user = AnonymousUser()
    with pytest.raises(NotAuthenticated):
        api_user(request)
