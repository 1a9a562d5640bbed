"""Privacy notices on the forms, the public policy page and the register's pages."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from prima.lib.privacy import retention_days
from prima.test import make_world, sign_in

DPO = {"PRIMA_DPO_NAME": "Ibu Pejabat PDP", "PRIMA_DPO_EMAIL": "ppdp@example.go.id"}
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dpo")]


@pytest.fixture
def dpo():
    with override_settings(**DPO):
        yield


def _shows_notice(html: str, retention_key: str | None) -> None:
    assert 'class="privacy-notice"' in html
    assert "Ibu Pejabat PDP" in html and "ppdp@example.go.id" in html
    assert 'href="/privasi/"' in html
    if retention_key:
        assert f"{retention_days(retention_key)} " in html


def test_the_complaint_form_shows_the_notice_and_says_anonymous_mode_collects_nothing():
    make_world()
    html = Client().get("/complaints/new/").content.decode()
    _shows_notice(html, "complainant_identity")
    assert (
        "tidak ada data tentang Anda yang dikumpulkan" in html.lower()
        or "nothing about you" in html
    )


def test_the_staff_profile_form_shows_the_notice():
    world = make_world()
    html = sign_in(Client(), world.abdul).get("/accounts/profile/").content.decode()
    _shows_notice(html, None)


@override_settings(
    PRIMA_RETENTION_DAYS={
        "complainant_identity": 731,
        "closed_complaints": 1825,
        "uploads": 1825,
        "survey_profiles": 730,
        "participants": 1825,
        "security_log": 730,
    }
)
def test_the_notice_shows_the_retention_in_force():
    make_world()
    assert "731 " in Client().get("/complaints/new/").content.decode()


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_privacy_page_renders_in_both_languages(language):
    html = (
        Client(headers={"accept-language": language})
        .get("/privasi/", HTTP_COOKIE=f"django_language={language}")
        .content.decode()
    )
    assert "Ibu Pejabat PDP" in html
    assert "PP 71/2019" in html
    assert str(retention_days("survey_profiles")) in html


def test_the_footer_links_the_privacy_page():
    assert 'href="/privasi/"' in Client().get("/privasi/").content.decode()


def test_the_register_is_for_administrators_and_exports_neutralised_csv_and_xlsx():
    world = make_world()
    assert sign_in(Client(), world.abdul).get("/manage/privacy/register/").status_code == 404
    admin = sign_in(Client(), world.siti)
    assert admin.get("/manage/privacy/register/").status_code == 200
    csv = b"".join(admin.get("/manage/privacy/register.csv").streaming_content).decode()
    assert "Identity" in csv or "identitas" in csv.lower()
    xlsx = admin.get("/manage/privacy/register.xlsx")
    assert xlsx.content[:2] == b"PK"
    assert admin.get("/manage/privacy/register.pdf").status_code == 404


def test_the_dpia_draft_is_prefilled_and_marks_what_the_agency_fills():
    world = make_world()
    admin = sign_in(Client(), world.siti)
    text = admin.get("/manage/privacy/dpia/pekppp.md").content.decode()
    assert "[AGENCY TO FILL]" in text and "Ibu Pejabat PDP" in text
    assert admin.get("/manage/privacy/dpia/complaint_handling.md").status_code == 404
