"""Privacy notices on the forms, the public policy page and the register's pages."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from django.conf import settings
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
    assert "tidak ada data tentang Anda yang dikumpulkan" in html


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


@pytest.mark.parametrize(
    ("language", "says", "never"),
    [
        ("id", ["Kebijakan privasi", "Pejabat Pelindungan Data Pribadi", "Masa retensi", "hari"],
         ["Privacy policy", "Data-protection officer", "days after"]),
        ("en", ["Privacy policy", "Data-protection officer", "Retention", "days after"],
         ["Kebijakan privasi", "Pejabat Pelindungan Data Pribadi", "Masa retensi"]),
    ],
)  # fmt: skip
def test_the_privacy_page_renders_in_both_languages(language, says, never):
    client = Client()
    client.cookies["prima_language"] = language
    response = client.get("/privasi/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert "Ibu Pejabat PDP" in html and "ppdp@example.go.id" in html
    assert "PP 71/2019" in html
    assert f"{retention_days('survey_profiles')} " in html
    assert [text for text in says if text not in html] == []
    assert [text for text in never if text in html] == []


def test_the_footer_links_the_privacy_page():
    assert 'href="/privasi/"' in Client().get("/privasi/").content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("ratna", 200), ("siti", 200), ("marthen", 200), ("yohanis", 404), ("abdul", 404)],
)
def test_only_administrators_read_the_register_and_the_dpia_drafts(persona, status):
    client = sign_in(Client(), getattr(make_world(), persona))
    for url in (
        "/manage/privacy/register/",
        "/manage/privacy/register.csv",
        "/manage/privacy/register.xlsx",
        "/manage/privacy/dpia/skm.md",
        "/manage/privacy/dpia/pekppp.md",
    ):
        assert client.get(url).status_code == status, url


def test_an_anonymous_visitor_is_sent_to_sign_in_for_the_register():
    response = Client().get("/manage/privacy/register/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_register_exports_csv_and_xlsx_and_refuses_other_formats():
    world = make_world()
    admin = sign_in(Client(), world.siti)
    csv = b"".join(admin.get("/manage/privacy/register.csv").streaming_content).decode()
    assert "Identitas pelapor" in csv or "Nama" in csv
    assert "Subjek data pribadi" in csv.splitlines()[0]
    xlsx = admin.get("/manage/privacy/register.xlsx")
    assert xlsx.content[:2] == b"PK"
    assert admin.get("/manage/privacy/register.pdf").status_code == 404


def test_a_register_cell_that_starts_like_a_formula_is_neutralised_in_the_csv(monkeypatch):
    from prima.privacy import register_views as views

    world = make_world()
    real = views.build_register

    def with_formula():
        entries = real()
        entries[0].activity = dataclasses.replace(
            entries[0].activity, purpose='=HYPERLINK("http://evil.example")'
        )
        return entries

    monkeypatch.setattr(views, "build_register", with_formula)
    admin = sign_in(Client(), world.siti)
    csv = b"".join(admin.get("/manage/privacy/register.csv").streaming_content).decode()
    assert "'=HYPERLINK" in csv
    assert ",=HYPERLINK" not in csv and '"=HYPERLINK' not in csv


def test_the_dpia_draft_is_prefilled_and_marks_what_the_agency_fills():
    world = make_world()
    admin = sign_in(Client(), world.siti)
    text = admin.get("/manage/privacy/dpia/pekppp.md").content.decode()
    assert "[DIISI INSTANSI]" in text and "Ibu Pejabat PDP" in text
    assert "Evaluasi Kinerja Penyelenggaraan Pelayanan Publik" in text
    skm = admin.get("/manage/privacy/dpia/skm.md")
    assert skm["Content-Disposition"] == 'attachment; filename="dpia-skm.md"'
    assert f"{retention_days('survey_profiles')} hari setelah" in skm.content.decode()
    assert admin.get("/manage/privacy/dpia/complaint_handling.md").status_code == 404


def test_the_dpia_draft_has_the_sections_of_the_blank_form_in_the_docs():
    world = make_world()
    admin = sign_in(Client(), world.siti)
    admin.cookies["prima_language"] = "en"
    text = admin.get("/manage/privacy/dpia/skm.md").content.decode()
    draft = re.findall(r"^## .+$", text, re.M)
    blank = (Path(settings.BASE_DIR) / "docs" / "privacy-dpia.md").read_text()
    assert len(draft) == 6
    assert draft == re.findall(r"^## .+$", blank, re.M)
