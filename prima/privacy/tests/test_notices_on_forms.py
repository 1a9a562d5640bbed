"""Every form that collects personal data shows its privacy notice, with the data-protection
officer and the retention in force, on the demo data (the staff route matrix's fixtures)."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from prima.accounts.tests import test_staff_route_matrix as matrix
from prima.lib.privacy import retention_days

DPO = {"PRIMA_DPO_NAME": "Ibu Pejabat PDP", "PRIMA_DPO_EMAIL": "ppdp@example.go.id"}
pytestmark = [pytest.mark.django_db]

# The demo, loaded once for the module, and its personas' clients.
demo = matrix.demo
clients = matrix.clients


def _notice(html: str, key: str) -> str:
    match = re.search(
        rf'<details class="privacy-notice" id="privacy-{key}">(.*?)</details>', html, re.S
    )
    assert match, f"no privacy notice {key!r} on the page"
    return match.group(1)


def _assert_notice(html: str, key: str, retention: str | None) -> None:
    notice = _notice(html, key)
    assert "Ibu Pejabat PDP" in notice and "mailto:ppdp@example.go.id" in notice
    assert "Pejabat Pelindungan Data Pribadi" in notice  # the Indonesian interface
    assert 'href="/privasi/"' in notice
    if retention:
        assert f"{retention_days(retention)} hari setelah" in notice


# (persona, route name, its kwargs from the demo, notice key, retention kind)
STAFF_FORMS = [
    ("abdul", "manage:forum_detail", lambda d: {"pk": d.forum.pk}, "forum_participants",
     "participants"),
    ("abdul", "manage:coaching_register", lambda d: {"pk": d.event.pk}, "coaching_registration",
     "participants"),
    ("abdul", "manage:innovation_detail", lambda d: {"pk": d.inno.pk}, "innovation_team", None),
    ("abdul", "manage:recognition_nominate", lambda d: {"pk": d.programme.pk},
     "recognition_nomination", None),
    ("abdul", "accounts:profile_edit", lambda d: {}, "staff_profile", None),
]  # fmt: skip


@pytest.mark.parametrize(("persona", "route", "kwargs", "key", "retention"), STAFF_FORMS)
def test_each_staff_form_with_personal_data_shows_its_notice(
    demo, clients, persona, route, kwargs, key, retention
):
    with override_settings(**DPO):
        response = clients[persona].get(reverse(route, kwargs=kwargs(demo)))
    assert response.status_code == 200
    _assert_notice(response.content.decode(), key, retention)


def test_the_skm_questionnaire_shows_the_notice_on_the_web_the_kiosk_and_an_invitation(demo):
    from prima.surveys import actions, invitations
    from prima.surveys.models import SurveyResponse

    operator = demo.operator
    code = demo.unit.code
    with override_settings(**DPO):
        web = Client().get(f"/s/{code}/")
        _kiosk, enrolment = actions.create_kiosk(demo.unit, actor=operator, name="Loket privasi")
        tablet = Client()
        tablet.post("/s/kiosk/enrol/", {"code": enrolment})
        kiosk = tablet.get(f"/s/{code}/kiosk/")
        _invitation, url = invitations.invite(
            unit=demo.unit, service=None, channel=SurveyResponse.Channel.SMS, actor=operator
        )
        invited = Client().get(re.sub(r"^https?://[^/]+", "", url))
    for page in (web, kiosk, invited):
        assert page.status_code == 200
        _assert_notice(page.content.decode(), "survey", "survey_profiles")


def test_the_complaint_form_notice_says_in_indonesian_that_anonymous_mode_collects_nothing(demo):
    with override_settings(**DPO):
        html = Client().get("/complaints/new/").content.decode()
    _assert_notice(html, "complaint", "complainant_identity")
    notice = _notice(html, "complaint")
    assert "Tanpa nama atau kontak, tidak ada data tentang Anda yang dikumpulkan" in notice
    assert "nothing about you" not in notice
