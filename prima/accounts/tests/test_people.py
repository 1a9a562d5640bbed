"""Administrators create accounts and grant roles, each within their own scope."""

from __future__ import annotations

import pytest
from django.test import Client

from prima.accounts.models import Membership, User
from prima.test import sign_in

pytestmark = pytest.mark.django_db

NEW = {
    "username": "nur",
    "full_name": "Nur Hasanah",
    "email": "nur@example.test",
    "position": "Operator",
    "phone": "",
    "password": "a long initial passphrase",
}


def test_an_agency_administrator_creates_an_operator_for_one_of_their_units(world):
    client = sign_in(Client(), world.siti)
    response = client.post(
        "/manage/users/new/",
        {**NEW, "grant-role": "unit_operator", "grant-unit": world.buru_dukcapil.pk},
    )
    assert response.status_code == 302
    nur = User.objects.get(username="nur")
    assert nur.memberships.get().unit == world.buru_dukcapil
    assert client.get(f"/manage/users/{nur.pk}/").status_code == 200
    signed_in = Client().post("/accounts/login/", {"username": "nur", "password": NEW["password"]})
    assert signed_in.status_code == 302


def test_an_agency_administrator_cannot_grant_roles_outside_their_agency(world):
    client = sign_in(Client(), world.siti)
    for grant in (
        {"grant-role": "national_admin"},
        {"grant-role": "unit_operator", "grant-unit": world.ambon_dukcapil.pk},
        {"grant-role": "agency_admin", "grant-agency": world.ambon.pk},
        {"grant-role": "evaluator"},
    ):
        response = client.post("/manage/users/new/", {**NEW, **grant})
        assert response.status_code == 200, grant
    assert not User.objects.filter(username="nur").exists()


def test_a_role_must_match_its_scope(world):
    client = sign_in(Client(), world.ratna)
    response = client.post("/manage/users/new/", {**NEW, "grant-role": "unit_operator"})
    assert response.status_code == 200
    assert (
        "Choose the unit" in response.content.decode() or "Pilih unit" in response.content.decode()
    )


def test_a_weak_initial_password_is_refused_and_nothing_is_lost(world):
    response = sign_in(Client(), world.ratna).post(
        "/manage/users/new/", {**NEW, "password": "nur", "grant-role": "evaluator"}
    )
    assert response.status_code == 200
    assert response.context["form"]["full_name"].value() == "Nur Hasanah"
    assert not User.objects.filter(username="nur").exists()


def test_the_last_national_administrator_keeps_the_role(world):
    client = sign_in(Client(), world.ratna)
    membership = Membership.objects.get(user=world.ratna)
    client.post(f"/manage/roles/{membership.pk}/revoke/")
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_nobody_deactivates_their_own_account(world):
    sign_in(Client(), world.ratna).post(f"/manage/users/{world.ratna.pk}/active/", {"active": "0"})
    world.ratna.refresh_from_db()
    assert world.ratna.is_active


def test_people_search_finds_by_name(world):
    page = sign_in(Client(), world.ratna).get("/manage/users/?q=abdul").content.decode()
    assert "abdul" in page and "marthen" not in page


def test_create_admin_makes_a_national_administrator_with_a_generated_password(db, capsys):
    from django.core.management import call_command

    call_command("create_admin", "kepala", "--email", "k@example.test", "--name", "Kepala Biro")
    password = capsys.readouterr().out.split("shown once): ")[1].strip()
    user = User.objects.get(username="kepala")
    assert user.check_password(password) and len(password) >= 20
    assert user.must_use_two_factor


def test_a_person_saves_their_own_details_with_a_nip_typed_as_printed(world):
    """The profile form asks for the NIP (signature blocks print it): saving it must not fail
    (it once raised "Not a profile field: nip", a 500 on every save)."""
    client = sign_in(Client(), world.siti)
    response = client.post(
        "/accounts/profile/",
        {
            "full_name": "Siti Rahmawati",
            "email": "siti@example.test",
            "position": "Kepala Bagian Organisasi",
            "nip": "19800101 200501 1 001",
            "phone": "",
        },
    )
    assert response.status_code == 302
    world.siti.refresh_from_db()
    assert (world.siti.nip, world.siti.position) == (
        "198001012005011001",
        "Kepala Bagian Organisasi",
    )
    wrong = client.post("/accounts/profile/", {"full_name": "Siti", "email": "", "nip": "1980"})
    assert wrong.status_code == 200  # the form again, with the NIP's message; nothing saved
    world.siti.refresh_from_db()
    assert world.siti.nip == "198001012005011001"
