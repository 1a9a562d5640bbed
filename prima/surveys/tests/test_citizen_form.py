"""The citizen's questionnaire: answering, idempotent resends, the protections against ballot
stuffing (none of which loses a real citizen's answers), kiosks, QR codes and the poster."""

from __future__ import annotations

import datetime as dt
import gzip
import re
from pathlib import Path

import pytest
import time_machine
from django.test import Client

from prima.surveys import actions, submission
from prima.surveys.models import ELEMENT_KEYS, Kiosk, PeriodResult, SurveyResponse
from prima.surveys.tests.factories import make_period

URL = "/s/8104-DUKCAPIL/"
# 10:00 WIT in Namlea on a Monday inside the period.
NOW = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)


@pytest.fixture
def period(world):
    return make_period(world, population=200)


@pytest.fixture(autouse=True)
def _at_a_fixed_time():
    with time_machine.travel(NOW, tick=True):
        yield


def _token(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def _answers(value: str = "3", **extra: str) -> dict[str, str]:
    return {**{key: value for key in ELEMENT_KEYS}, **extra}


def _fill(client: Client, url: str = URL, *, wait: float = 30, **data: str):
    """Open the form, 'read' for `wait` seconds, send it."""
    token = _token(client.get(url))
    with time_machine.travel(NOW + dt.timedelta(seconds=wait), tick=False):
        return client.post(url, {"token": token, **_answers(), **data})


def test_the_form_asks_the_nine_questions_in_the_questionnaires_order(client, period):
    html = client.get(URL).content.decode()
    legends = re.findall(r'<span class="element">([^<]+)</span>', html)
    assert len(legends) == 9
    assert legends[7] == "Sarana dan prasarana" and legends[8].startswith("Penanganan pengaduan")
    assert "Sangat sesuai" in html and "Gratis" in html
    # Works, and is light, without JavaScript: one small deferred script counts the
    # suggestion's characters (the limit is stated without it).
    scripts = re.findall(r"<script[^>]*>", html)
    assert [re.sub(r"/static/prima/counter[.\w]*\.js", "COUNTER", s) for s in scripts] == [
        '<script src="COUNTER" defer>'
    ]


def test_the_form_never_asks_for_a_name(client, period):
    html = client.get(URL).content.decode().lower()
    assert 'name="name"' not in html and "nama lengkap" not in html


def test_the_form_is_well_under_100_kb_with_its_stylesheet(client, period):
    from django.contrib.staticfiles import finders

    response = client.get(URL)
    total = len(gzip.compress(response.content))
    for asset in re.findall(r'href="/static/([^"]+\.css)"', response.content.decode()):
        total += len(gzip.compress(Path(finders.find(asset)).read_bytes()))
    assert total < 25 * 1024, total


def test_the_form_can_be_shown_in_english(client, period):
    client.cookies["prima_language"] = "en"
    html = client.get(URL).content.decode()
    assert "How fast is the service delivered?" in html and "Very suitable" in html


def test_a_citizen_answers_and_sees_the_thank_you_page(client, period):
    response = _fill(client, sex="P", age="34", education="s1", occupation="swasta")
    assert response.status_code == 303 and response["Location"] == f"{URL}thanks/"
    stored = SurveyResponse.objects.get()
    assert stored.answers() == {key: 3 for key in ELEMENT_KEYS}
    assert (stored.sex, stored.age, stored.channel, stored.is_flagged) == ("P", 34, "web", False)
    assert stored.submitted_at.minute == 0 and stored.submitted_at.second == 0  # the hour only
    assert PeriodResult.objects.get(pk=period.pk).respondents == 1
    assert "Terima kasih" in client.get(response["Location"]).content.decode()


def test_no_ip_address_is_stored_with_a_response(client, period):
    _fill(Client(REMOTE_ADDR="203.0.113.77"))
    row = SurveyResponse.objects.values().get()
    assert "203.0.113.77" not in repr(row)


def test_a_resend_of_the_same_form_creates_one_response(client, period):
    token = _token(client.get(URL))
    with time_machine.travel(NOW + dt.timedelta(seconds=40), tick=False):
        first = client.post(URL, {"token": token, **_answers()})
        second = client.post(URL, {"token": token, **_answers()})  # double click / refresh
        third = Client().post(URL, {"token": token, **_answers("1")})  # replayed elsewhere
    assert first.status_code == second.status_code == third.status_code == 303
    assert SurveyResponse.objects.count() == 1
    assert SurveyResponse.objects.get().persyaratan == 3


def test_missing_answers_are_named_and_the_given_ones_kept(client, period):
    token = _token(client.get(URL))
    data = {"token": token, **_answers()}
    del data["waktu"]
    response = client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Pilih satu jawaban" in html and 'href="#id_waktu_0"' in html
    assert re.search(r'value="3"[^>]*id="id_persyaratan_2"[^>]*checked', html) or re.search(
        r'id="id_persyaratan_2"[^>]*checked', html
    )
    assert SurveyResponse.objects.count() == 0


@pytest.mark.parametrize(
    ("length", "stored"), [(2000, True), (2001, False), (2600, False)], ids=str
)
def test_a_suggestion_states_its_limit_and_a_longer_one_comes_back_whole(
    client, period, length, stored
):
    client.cookies["prima_language"] = "en"
    blank = client.get(URL).content.decode()
    assert "At most 2,000 characters." in blank and 'data-limit="2000"' in blank
    assert "maxlength" not in blank.split('name="suggestion"')[1].split(">")[0]
    text = ("Antrean terlalu panjang. " * 110)[: length - 5] + "AKHIR"
    response = _fill(client, suggestion=text)
    assert SurveyResponse.objects.exists() is stored
    if not stored:
        html = response.content.decode()
        assert response.status_code == 400 and "AKHIR</textarea>" in html
        over = f"{length - 2000:,}"
        assert f"It is {over} characters too long: shorten it to at most 2,000." in html
        assert 'href="#id_suggestion"' in html


def test_a_tampered_token_keeps_the_answers_and_issues_a_new_form(client, period):
    token = _token(client.get(URL))
    response = client.post(URL, {"token": token[:-2] + "xx", **_answers("4")})
    assert response.status_code == 400
    assert "kedaluwarsa" in response.content.decode()
    assert _token(response) != token[:-2] + "xx"
    assert SurveyResponse.objects.count() == 0


def test_a_filled_honeypot_is_stored_but_flagged(client, period):
    _fill(client, website="http://spam.example")
    stored = SurveyResponse.objects.get()
    assert stored.is_flagged and stored.flags == ["honeypot"]
    result = PeriodResult.objects.get(pk=period.pk)
    assert (result.respondents, result.flagged) == (0, 1)


def test_an_answer_faster_than_a_person_reads_is_flagged(client, period, settings):
    settings.PRIMA_SURVEY_MIN_SECONDS = 10
    _fill(client, wait=2)
    assert SurveyResponse.objects.get().flags == ["too_fast"]


def test_a_scripted_burst_from_one_address_is_limited_without_losing_answers(
    client, period, settings
):
    settings.PRIMA_SURVEY_RATE_PER_MINUTE = 10
    statuses = []
    for _ in range(12):
        statuses.append(_fill(Client(REMOTE_ADDR="198.51.100.9")).status_code)
    assert statuses[:10] == [303] * 10 and statuses[10:] == [429, 429]
    limited = _fill(Client(REMOTE_ADDR="198.51.100.9"))
    assert limited["Retry-After"] == "60"
    assert re.search(r'id="id_persyaratan_2"[^>]*checked', limited.content.decode())
    assert SurveyResponse.objects.count() == 10
    assert _fill(Client(REMOTE_ADDR="198.51.100.10")).status_code == 303  # others unaffected


def test_a_second_response_from_one_device_on_one_day_is_flagged(client, period):
    _fill(client)
    _fill(client)
    first, second = SurveyResponse.objects.order_by("pk")
    assert not first.is_flagged
    assert second.is_flagged and second.flags == ["device_limit"]
    assert first.device_digest and first.device_digest == second.device_digest


def test_the_next_day_the_same_device_counts_again(client, period):
    _fill(client)
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=True):
        token = _token(client.get(URL))
        with time_machine.travel(NOW + dt.timedelta(days=1, seconds=30), tick=False):
            client.post(URL, {"token": token, **_answers()})
    assert SurveyResponse.objects.filter(is_flagged=False).count() == 2


def test_a_service_has_its_own_address_and_the_answer_names_it(client, period, world):
    response = _fill(client, f"{URL}{world.buru_ktp.pk}/")
    assert response.status_code == 303
    assert SurveyResponse.objects.get().service == world.buru_ktp
    assert client.get(f"{URL}999999/").status_code == 404


def test_a_unit_without_an_open_period_says_so(client, world):
    response = client.get(URL)
    assert response.status_code == 200 and "Survei ditutup" in response.content.decode()


def test_an_unlisted_unit_has_no_survey(client, world):
    make_period(world, unit=world.buru_rsud)
    assert client.get("/s/8104-RSUD/").status_code == 404


def test_the_thank_you_page_shows_the_latest_published_index(client, period, world):
    for value in (3, 4):
        submission.submit_response(period, answers={k: value for k in ELEMENT_KEYS}, channel="web")
    actions.publish_results(period, actor=world.siti)
    html = client.get(f"{URL}thanks/").content.decode()
    assert "87.50" in html or "87,50" in html
    assert "Belum cukup responden" in html  # 2 of the 132 the population of 200 needs


def test_the_qr_code_and_the_poster_point_to_the_survey(client, period, world, settings):
    settings.PRIMA_PUBLIC_URL = "https://prima.example.go.id"
    svg = client.get(f"{URL}qr.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert b"https://prima.example.go.id/s/8104-DUKCAPIL/" in svg.content
    png = client.get(f"{URL}qr.png?service={world.buru_ktp.pk}")
    assert png.content.startswith(b"\x89PNG")
    pdf = client.get(f"{URL}poster.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(f"{URL}qr.gif").status_code == 404


# --- kiosk ----------------------------------------------------------------------------------
def _enrolled_kiosk(world) -> tuple[Kiosk, Client]:
    kiosk, code = actions.create_kiosk(world.buru_dukcapil, actor=world.abdul, name="Loket 1")
    tablet = Client()
    response = tablet.post("/s/kiosk/enrol/", {"code": code})
    assert response.status_code == 302 and response["Location"] == f"{URL}kiosk/"
    return kiosk, tablet


def test_the_kiosk_runs_only_on_an_enrolled_device(client, period, world):
    assert client.get(f"{URL}kiosk/").status_code == 403
    kiosk, tablet = _enrolled_kiosk(world)
    page = tablet.get(f"{URL}kiosk/")
    assert page.status_code == 200 and 'class="kiosk"' in page.content.decode()
    assert "kiosk.js" in page.content.decode()


def test_an_enrolment_code_works_once(client, period, world):
    kiosk, code = actions.create_kiosk(world.buru_dukcapil, actor=world.abdul, name="Loket 2")
    assert Client().post("/s/kiosk/enrol/", {"code": code}).status_code == 302
    again = Client().post("/s/kiosk/enrol/", {"code": code})
    assert again.status_code == 200 and "tidak berlaku" in again.content.decode()


def test_a_kiosk_answer_resets_to_a_blank_form(client, period, world):
    kiosk, tablet = _enrolled_kiosk(world)
    response = _fill(tablet, f"{URL}kiosk/")
    assert response["Location"] == f"{URL}kiosk/thanks/"
    thanks = tablet.get(response["Location"]).content.decode()
    assert f'data-restart="{URL}kiosk/" data-restart-after="8"' in thanks
    assert f'<noscript><meta http-equiv="refresh" content="8;url={URL}kiosk/"></noscript>' in thanks
    stored = SurveyResponse.objects.get()
    assert (stored.channel, stored.kiosk, stored.device_digest) == ("kiosk", kiosk, "")


def test_kiosk_answers_closer_than_a_person_can_are_flagged(client, period, world):
    kiosk, tablet = _enrolled_kiosk(world)
    _fill(tablet, f"{URL}kiosk/", wait=30)
    _fill(tablet, f"{URL}kiosk/", wait=35)  # 5 s after the first
    first, second = SurveyResponse.objects.order_by("pk")
    assert not first.is_flagged and second.flags == ["kiosk_pace"]


def test_a_deactivated_kiosk_stops_working(client, period, world):
    kiosk, tablet = _enrolled_kiosk(world)
    actions.set_kiosk_active(kiosk, actor=world.siti, active=False)
    assert tablet.get(f"{URL}kiosk/").status_code == 403


# --- the unit's form from the shared cache ----------------------------------------------------
def test_a_period_closed_behind_the_cached_form_takes_no_answer(client, period):
    """The unit's form (with its open periods) comes from the cache; a period closed without
    going through Prima's actions (so the cache still says open) still refuses the answer,
    because storing it checks the period in the same statement."""
    from prima.surveys.models import SurveyPeriod

    token = _token(client.get(URL))  # the form, with the period open, is now cached
    SurveyPeriod.objects.filter(pk=period.pk).update(accepting=False)  # no signal, no clearing
    with time_machine.travel(NOW + dt.timedelta(seconds=30), tick=False):
        response = client.post(URL, {"token": token, **_answers()})
    assert response.status_code == 200 and "Survei ditutup" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_an_answer_goes_to_the_period_open_now_when_the_cached_one_has_closed(
    client, period, world
):
    from django.core.cache import cache

    from prima.surveys import queries
    from prima.surveys.models import SurveyPeriod

    token = _token(client.get(URL))
    stale = queries.citizen_form(world.buru_dukcapil.code)
    SurveyPeriod.objects.filter(pk=period.pk).update(ends_on=NOW.date() - dt.timedelta(days=1))
    newer = make_period(
        world, name="Maret 2026", starts_on=NOW.date(), ends_on=dt.date(2026, 3, 31)
    )
    cache.set(queries.citizen_form_key(world.buru_dukcapil.code), stale)  # as another worker's
    with time_machine.travel(NOW + dt.timedelta(seconds=30), tick=False):
        response = client.post(URL, {"token": token, **_answers()})
    assert response.status_code == 303
    assert SurveyResponse.objects.get().period == newer


def test_a_change_to_the_questionnaire_shows_on_the_next_form(client, period, world):
    from prima.surveys.models import ExtraQuestion

    assert "Apakah petugas memakai seragam" not in client.get(URL).content.decode()
    actions.save_extra_question(
        None,
        actor=world.siti,
        unit=world.buru_dukcapil,
        text="Apakah petugas memakai seragam?",
        kind=ExtraQuestion.Kind.TEXT,
    )
    assert ExtraQuestion.objects.count() == 1
    assert "Apakah petugas memakai seragam" in client.get(URL).content.decode()


def test_a_service_picked_on_the_units_form_goes_to_that_services_own_period(client, period, world):
    own = make_period(world, service=world.buru_ktp, name="KTP-el 2026")
    response = _fill(client, URL, service=str(world.buru_ktp.pk))
    assert response.status_code == 303
    stored = SurveyResponse.objects.get()
    assert (stored.service, stored.period) == (world.buru_ktp, own)
    _fill(client, URL)  # no service picked: the unit's own period
    assert SurveyResponse.objects.filter(period=period).count() == 1
