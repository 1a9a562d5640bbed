"""Signing in: lockout after repeated failures, two-factor, sessions, and their audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from prima.accounts import actions
from prima.accounts.models import AuditEvent, Role
from prima.test import PASSWORD, make_user, sign_in

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


# --- lockout (django-axes) ------------------------------------------------------------------
def test_five_failures_pause_sign_in_for_that_name_from_that_address(world):
    client = Client()
    for _ in range(4):
        assert _login(client, "siti", "wrong").status_code == 200
    locked = _login(client, "siti", "wrong")
    assert locked.status_code == 429
    assert "15" in locked.content.decode()  # says how long
    # Even the right password is refused while paused.
    assert _login(client, "siti", PASSWORD).status_code == 429
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOCKED_OUT, username="siti").exists()
    assert (
        AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGIN_FAILED, actor=world.siti).count() >= 5
    )


def test_a_stranger_cannot_lock_out_an_officer_from_another_address(world):
    attacker = Client()
    for _ in range(6):
        _login(attacker, "siti", "wrong", ip="203.0.113.9")
    officer = Client()
    response = _login(officer, "siti", PASSWORD, ip="10.0.0.1")
    assert response.status_code == 302


def test_sign_in_works_again_after_the_cool_off(world):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = Client()
        for _ in range(5):
            _login(client, "siti", "wrong")
        assert _login(client, "siti", PASSWORD).status_code == 429
        traveller.shift(timedelta(minutes=16))
        assert _login(client, "siti", PASSWORD).status_code == 302


def test_a_failed_sign_in_for_an_unknown_name_is_logged_with_the_name_typed(db):
    _login(Client(), "nobody", "guess", ip="198.51.100.7")
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.LOGIN_FAILED)
    assert event.username == "nobody" and event.actor is None and event.ip == "198.51.100.7"
    assert "guess" not in str(event.detail)


def test_a_successful_sign_in_is_logged(world):
    response = _login(Client(), "siti", PASSWORD)
    assert response.status_code == 302
    assert AuditEvent.objects.filter(
        kind=AuditEvent.Kind.LOGIN_SUCCEEDED, actor=world.siti
    ).exists()


def test_the_session_id_changes_at_sign_in(world):
    client = Client()
    client.get("/accounts/login/")
    client.cookies["sessionid"] = "attacker-chosen"
    _login(client, "siti", PASSWORD)
    assert client.cookies["sessionid"].value != "attacker-chosen"


# --- two-factor -----------------------------------------------------------------------------
def _code(device: TOTPDevice, offset: int = 0) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return f"{value:06d}"


def test_a_national_administrator_must_set_up_two_factor_before_anything_else(db):
    admin = make_user("admin", role=Role.NATIONAL_ADMIN)
    client = Client()
    client.force_login(admin)
    response = client.get("/manage/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/")
    # The API refuses the half-finished session as well.
    assert client.get("/api/v1/me/").status_code == 403


def test_setting_up_two_factor_confirms_the_app_and_gives_backup_codes(db):
    admin = make_user("admin", role=Role.NATIONAL_ADMIN)
    client = Client()
    client.force_login(admin)
    page = client.get("/accounts/two-factor/")
    assert page.status_code == 200 and b"<svg" in page.content
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        wrong = client.post(
            "/accounts/two-factor/", {"token": "000000" if _code(device) != "000000" else "111111"}
        )
        assert wrong.status_code == 200
        assert not TOTPDevice.objects.filter(user=admin, confirmed=True).exists()
        traveller.shift(timedelta(seconds=2))  # django-otp throttles right after a wrong code
        device.refresh_from_db()
        done = client.post("/accounts/two-factor/", {"token": _code(device)})
    assert done.status_code == 200
    assert len(done.context["codes"]) == 10
    assert client.get("/manage/").status_code == 200  # verified for this session
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.TWO_FACTOR_ENABLED, actor=admin).exists()


def test_a_user_with_an_authenticator_enters_a_code_after_the_password(world):
    client = Client()
    assert _login(client, "ratna", PASSWORD).status_code == 302
    blocked = client.get("/manage/")
    assert blocked.status_code == 302 and blocked["Location"].startswith("/accounts/verify/")
    device = TOTPDevice.objects.get(user=world.ratna)
    response = client.post(
        "/accounts/verify/?next=/manage/", {"token": _code(device), "next": "/manage/"}
    )
    assert response.status_code == 302 and response["Location"] == "/manage/"
    assert client.get("/manage/").status_code == 200
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.OTP_VERIFIED, actor=world.ratna).exists()


def test_a_wrong_or_replayed_code_is_refused(world):
    device = TOTPDevice.objects.get(user=world.ratna)
    first = Client()
    _login(first, "ratna", PASSWORD)
    code = _code(device)
    assert first.post("/accounts/verify/", {"token": code}).status_code == 302
    second = Client()
    _login(second, "ratna", PASSWORD, ip="10.0.0.2")
    replay = second.post("/accounts/verify/", {"token": code})
    assert replay.status_code == 200  # the same code cannot be used twice
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.OTP_FAILED, actor=world.ratna).exists()


def test_a_backup_code_works_once(world):
    codes = actions.regenerate_backup_codes(world.ratna)
    client = Client()
    _login(client, "ratna", PASSWORD)
    assert client.post("/accounts/verify/", {"token": codes[0]}).status_code == 302
    other = Client()
    _login(other, "ratna", PASSWORD, ip="10.0.0.3")
    assert other.post("/accounts/verify/", {"token": codes[0]}).status_code == 200


def test_the_next_address_after_verification_stays_on_this_site(world):
    device = TOTPDevice.objects.get(user=world.ratna)
    client = Client()
    _login(client, "ratna", PASSWORD)
    response = client.post(
        "/accounts/verify/", {"token": _code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/manage/"


def test_officers_may_turn_two_factor_on_and_off_but_national_administrators_may_not_turn_it_off(
    world,
):
    client = sign_in(Client(), world.ratna)
    client.post("/accounts/two-factor/disable/")
    assert TOTPDevice.objects.filter(user=world.ratna, confirmed=True).exists()

    siti = sign_in(Client(), world.siti)
    device = TOTPDevice.objects.create(user=world.siti, name="phone", confirmed=True)
    session = siti.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    siti.post("/accounts/two-factor/disable/")
    assert not TOTPDevice.objects.filter(user=world.siti).exists()
    assert AuditEvent.objects.filter(
        kind=AuditEvent.Kind.TWO_FACTOR_DISABLED, actor=world.siti
    ).exists()


def test_an_administrator_can_reset_a_lost_authenticator(world):
    TOTPDevice.objects.create(user=world.abdul, name="phone", confirmed=True)
    sign_in(Client(), world.siti).post(f"/manage/users/{world.abdul.pk}/two-factor/reset/")
    assert not TOTPDevice.objects.filter(user=world.abdul).exists()


# --- sessions -------------------------------------------------------------------------------
def test_a_session_idle_for_more_than_30_minutes_ends(world):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = sign_in(Client(), world.siti)
        assert client.get("/manage/").status_code == 200
        traveller.shift(timedelta(minutes=29))
        assert client.get("/manage/").status_code == 200
        traveller.shift(timedelta(minutes=31))
        response = client.get("/manage/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert AuditEvent.objects.filter(
        kind=AuditEvent.Kind.SESSION_EXPIRED, actor=world.siti
    ).exists()


def test_deactivating_an_account_ends_its_sessions_and_tokens_at_once(world):
    session = sign_in(Client(), world.abdul)
    _token, raw = actions.create_api_token(world.abdul, name="t")
    assert session.get("/manage/").status_code == 200
    sign_in(Client(), world.siti).post(f"/manage/users/{world.abdul.pk}/active/", {"active": "0"})
    assert session.get("/manage/").status_code == 302
    assert Client(HTTP_AUTHORIZATION=f"Token {raw}").get("/api/v1/me/").status_code == 401
    assert AuditEvent.objects.filter(
        kind=AuditEvent.Kind.USER_DEACTIVATED, target_id=str(world.abdul.pk)
    ).exists()


def test_changing_the_password_signs_out_other_sessions_but_not_this_one(world):
    here = sign_in(Client(), world.siti)
    elsewhere = sign_in(Client(), world.siti)
    response = here.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password": "a brand new passphrase for 2027"},
    )
    assert response.status_code == 302
    assert here.get("/manage/").status_code == 200
    assert elsewhere.get("/manage/").status_code == 302


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("short", False),
        ("password1234", False),
        ("123456789012345", False),
        ("twelve chars", True),
        ("x" * 64 + " long passphrase", True),
    ],
)
def test_password_rules_favour_length_over_composition(world, password, ok):
    response = sign_in(Client(), world.siti).post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password": password}
    )
    assert (response.status_code == 302) is ok


def test_signing_out_needs_a_post_and_ends_the_session(world):
    client = sign_in(Client(), world.siti)
    assert client.get("/accounts/logout/").status_code == 405
    client.post("/accounts/logout/")
    assert client.get("/manage/").status_code == 302
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGOUT, actor=world.siti).exists()


def test_pages_of_a_signed_in_user_are_never_cached(world):
    response = sign_in(Client(), world.siti).get("/manage/")
    assert "no-store" in response["Cache-Control"]


# --- API tokens -----------------------------------------------------------------------------
def test_a_token_is_shown_once_and_stored_only_as_a_digest(world):
    client = sign_in(Client(), world.siti)
    response = client.post("/accounts/tokens/", {"name": "sync", "days": "30"})
    raw = response.context["created"]
    assert raw.startswith("prima_") and len(raw) >= 40
    token = world.siti.api_tokens.get()
    assert raw not in (token.digest, token.hint) and token.digest == token.digest_of(raw)
    assert raw not in client.get("/accounts/tokens/").content.decode()
    me = Client(HTTP_AUTHORIZATION=f"Token {raw}").get("/api/v1/me/")
    assert me.json()["username"] == "siti"


def test_a_revoked_or_expired_token_is_refused(world):
    token, raw = actions.create_api_token(world.siti, name="t", days=1)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get("/api/v1/me/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert api.get("/api/v1/me/").status_code == 401
    sign_in(Client(), world.siti).post(f"/accounts/tokens/{token.pk}/revoke/")
    assert api.get("/api/v1/me/").status_code == 401
    assert Client(HTTP_AUTHORIZATION="Token prima_made_up").get("/api/v1/me/").status_code == 401


def test_nobody_can_revoke_someone_elses_token(world):
    token, raw = actions.create_api_token(world.siti, name="t")
    sign_in(Client(), world.marthen).post(f"/accounts/tokens/{token.pk}/revoke/")
    assert Client(HTTP_AUTHORIZATION=f"Token {raw}").get("/api/v1/me/").status_code == 200


def test_a_session_ends_12_hours_after_sign_in_however_active(world):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = sign_in(Client(), world.siti)
        for _ in range(28):  # a request every 25 minutes: still signed in at 11 h 40 min
            assert client.get("/manage/").status_code == 200
            traveller.shift(timedelta(minutes=25))
        assert client.get("/manage/").status_code == 200
        traveller.shift(timedelta(minutes=25))  # 12 h 05 min after signing in
        response = client.get("/manage/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_agency_administrator_sees_events_about_their_people(world):
    sign_in(Client(), world.ratna).post(f"/manage/users/{world.abdul.pk}/active/", {"active": "0"})
    log = sign_in(Client(), world.siti).get("/manage/audit/")
    assert AuditEvent.Kind.USER_DEACTIVATED in {e.kind for e in log.context["page"].object_list}
    other = sign_in(Client(), world.marthen).get("/manage/audit/")
    assert AuditEvent.Kind.USER_DEACTIVATED not in {
        e.kind for e in other.context["page"].object_list
    }


def test_resetting_ones_own_required_second_factor_is_refused_politely(world):
    response = sign_in(Client(), world.ratna).post(
        f"/manage/users/{world.ratna.pk}/two-factor/reset/"
    )
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=world.ratna, confirmed=True).exists()
