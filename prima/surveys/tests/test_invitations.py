"""Single-use survey links sent by SMS or WhatsApp after a service (issue 25): the ordinary
questionnaire, the link's channel on the answer, one answer per link."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from prima.surveys import invitations, queries
from prima.surveys.invitations import NoOpenPeriod
from prima.surveys.models import ELEMENT_KEYS, SurveyInvitation, SurveyPeriod, SurveyResponse
from prima.surveys.tests.factories import make_period

# 10:00 WIT in Namlea on a Monday inside the period.
NOW = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
SMS = SurveyResponse.Channel.SMS
WHATSAPP = SurveyResponse.Channel.WHATSAPP


@pytest.fixture
def period(world):
    return make_period(world, population=200)


@pytest.fixture(autouse=True)
def _at_a_fixed_time():
    with time_machine.travel(NOW, tick=True):
        yield


def _invite(world, *, service=None, channel=SMS, **kwargs):
    return invitations.invite(
        unit=world.buru_dukcapil, service=service, channel=channel, actor=world.abdul, **kwargs
    )


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def _token(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def _answers(value: str = "3") -> dict[str, str]:
    return {key: value for key in ELEMENT_KEYS}


def _send(client: Client, path: str, token: str, *, after: float = 30, value: str = "3"):
    with time_machine.travel(NOW + dt.timedelta(seconds=after), tick=False):
        return client.post(path, {"token": token, **_answers(value)})


def test_an_invitation_is_an_absolute_single_use_link_whose_token_is_not_stored(
    world, period, settings
):
    settings.PRIMA_PUBLIC_URL = "https://prima.malukuprov.go.id"
    invitation, url = _invite(world, service=world.buru_ktp)
    assert url.startswith("https://prima.malukuprov.go.id/s/u/")
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert len(token) == 32
    stored = SurveyInvitation.objects.get()
    assert stored == invitation and token not in repr(stored.__dict__)
    assert stored.token_digest == invitations.token_digest(token)
    assert stored.created_by == world.abdul and stored.channel == SMS
    assert stored.service == world.buru_ktp and stored.used_at is None
    assert stored.expires_at - stored.created_at == dt.timedelta(days=7)


def test_invitations_stay_valid_for_the_configured_days(world, period, settings):
    settings.PRIMA_SURVEY_INVITATION_DAYS = 2
    invitation, _url = _invite(world)
    assert invitation.expires_at - invitation.created_at == dt.timedelta(days=2)


def test_no_invitation_without_an_open_period(world, period):
    with pytest.raises(NoOpenPeriod):
        invitations.invite(
            unit=world.ambon_dukcapil, service=None, channel=SMS, actor=world.marthen
        )
    SurveyPeriod.objects.update(accepting=False)
    with pytest.raises(NoOpenPeriod):
        _invite(world)
    assert not SurveyInvitation.objects.exists()


def test_only_message_channels_can_invite(world, period):
    with pytest.raises(ValueError):
        _invite(world, channel=SurveyResponse.Channel.KIOSK)


@pytest.mark.parametrize("channel", [SMS, WHATSAPP])
def test_the_link_opens_the_questionnaire_and_the_answer_takes_its_channel(
    client, world, period, channel
):
    invitation, url = _invite(world, service=world.buru_ktp, channel=channel)
    page = client.get(_path(url))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Penerbitan KTP-el" in html and f'action="{_path(url)}"' in html
    sent = _send(client, _path(url), _token(page))
    assert sent.status_code == 303 and sent["Location"] == "/s/8104-DUKCAPIL/thanks/"
    response = SurveyResponse.objects.get()
    assert response.channel == channel and response.service == world.buru_ktp
    assert not response.is_flagged
    invitation.refresh_from_db()
    assert invitation.used_at is not None and invitation.response == response
    period.result.refresh_from_db()
    assert period.result.profile["channel"] == {channel: 1}


def test_the_same_form_sent_again_stores_nothing_new(client, world, period):
    _invitation, url = _invite(world)
    token = _token(client.get(_path(url)))
    first = _send(client, _path(url), token)
    again = _send(client, _path(url), token, after=40)
    assert first.status_code == again.status_code == 303
    assert SurveyResponse.objects.count() == 1


def test_a_used_link_says_so_kindly_and_takes_no_other_answer(client, world, period):
    _invitation, url = _invite(world)
    early = _token(client.get(_path(url)))  # a second tab, opened before the answer
    _send(client, _path(url), _token(client.get(_path(url))))
    again = client.get(_path(url))
    assert again.status_code == 410
    assert "Tautan ini sudah digunakan" in again.content.decode()
    other = _send(Client(), _path(url), early, value="1")
    assert other.status_code == 410
    assert SurveyResponse.objects.count() == 1
    period.result.refresh_from_db()
    assert period.result.respondents == 1  # the second answer was rolled back with its counts


def test_an_expired_link_points_to_the_units_usual_survey(client, world, period):
    _invitation, url = _invite(world, service=world.buru_ktp)
    with time_machine.travel(NOW + dt.timedelta(days=7, seconds=1), tick=False):
        page = client.get(_path(url))
    assert page.status_code == 410
    html = page.content.decode()
    assert "kedaluwarsa" in html
    assert f'href="{queries.survey_path(world.buru_dukcapil, world.buru_ktp)}"' in html


def test_a_form_opened_before_the_link_expired_can_still_be_sent(client, world, period):
    _invitation, url = _invite(world)
    with time_machine.travel(NOW + dt.timedelta(days=7, seconds=-60), tick=False):
        token = _token(client.get(_path(url)))
    with time_machine.travel(NOW + dt.timedelta(days=7, seconds=60), tick=False):
        sent = client.post(_path(url), {"token": token, **_answers()})
    assert sent.status_code == 303 and SurveyResponse.objects.count() == 1


@pytest.mark.parametrize("token", ["x", "A" * 32, "A" * 200])
def test_a_wrong_token_is_not_found(client, world, period, token):
    _invite(world)
    assert client.get(f"/s/u/{token}/").status_code == 404


def test_the_link_keeps_the_forms_protections(client, world, period):
    """Too fast is flagged; a second answer from one device on one day too."""
    links = [_path(_invite(world)[1]) for _ in range(3)]
    _send(Client(), links[0], _token(client.get(links[0])), after=2)
    _send(client, links[1], _token(client.get(links[1])))
    _send(client, links[2], _token(client.get(links[2])))
    fast, counted, repeated = SurveyResponse.objects.order_by("pk")
    assert fast.flags == ["too_fast"] and not counted.is_flagged
    assert repeated.flags == ["device_limit"]


def test_the_pages_read_in_english(client, world, period):
    client.cookies["prima_language"] = "en"
    _invitation, url = _invite(world)
    _send(client, _path(url), _token(client.get(_path(url))))
    with translation.override("en"):
        html = client.get(_path(url)).content.decode()
    assert "This link was already used" in html


def test_the_channels_have_labels_in_the_respondent_profile():
    labels = dict(SurveyResponse.Channel.choices)
    with translation.override("en"):
        assert str(labels[SMS]) == "SMS" and str(labels[WHATSAPP]) == "WhatsApp"
