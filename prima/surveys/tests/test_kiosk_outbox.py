"""The offline kiosk's outbox (ADR 0018): batches of queued answers, stored once each whatever
is sent twice; one bad answer never stops the others; a tablet's clock believed only when it
is close to the server's; refusals of the whole batch as JSON, never a 500; the manifest and
the service worker that make the kiosk an app."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
import time_machine
from django.test import Client

from prima.surveys import actions, outbox, queries
from prima.surveys.models import (
    ELEMENT_KEYS,
    ExtraQuestion,
    PeriodResult,
    SurveyPeriod,
    SurveyResponse,
)
from prima.surveys.tests.factories import make_period

URL = "/s/8104-DUKCAPIL/kiosk/"
OUTBOX = URL + "outbox/"
# 10:00 WIT in Namlea on a Monday inside the period.
NOW = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
HEADERS = {"HTTP_X_PRIMA_KIOSK": "1"}


@pytest.fixture
def period(world):
    return make_period(world, population=200)


@pytest.fixture(autouse=True)
def _at_a_fixed_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def tablet(world, period):
    """An enrolled kiosk's browser, and the kiosk."""
    kiosk, code = actions.create_kiosk(world.buru_dukcapil, actor=world.abdul, name="Loket 1")
    client = Client()
    assert client.post("/s/kiosk/enrol/", {"code": code}).status_code == 302
    client.kiosk = kiosk
    return client


def _version(world) -> str:
    return outbox.questionnaire_version(queries.citizen_form(world.buru_dukcapil.code))


def _item(*, minutes_ago: float = 10, value: int = 3, **fields) -> dict:
    item = {
        "id": str(uuid.uuid4()),
        "kiosk": 0,
        "captured_at": (NOW - dt.timedelta(minutes=minutes_ago)).isoformat(),
        "version": "",
        "answers": {key: value for key in ELEMENT_KEYS},
        "profile": {"sex": "P", "age": "34", "education": "", "occupation": ""},
        "extra": {},
        "service": None,
        "suggestion": "",
        "honeypot": "",
        "fill_seconds": 60,
    }
    item.update(fields)
    return item


def _send(client: Client, items: list, *, sent_at: dt.datetime | None = NOW, **headers):
    body = {"items": items}
    if sent_at is not None:
        body["sent_at"] = sent_at.isoformat()
    return client.post(
        OUTBOX, json.dumps(body), content_type="application/json", **{**HEADERS, **headers}
    )


def _statuses(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [result["status"] for result in response.json()["results"]]


# --- stored once each ---------------------------------------------------------------------------
def test_a_batch_stores_each_answer_at_its_capture_time(tablet, period):
    items = [_item(minutes_ago=90), _item(minutes_ago=60), _item(minutes_ago=30)]
    response = _send(tablet, items)
    assert _statuses(response) == ["stored", "stored", "stored"]
    stored = SurveyResponse.objects.order_by("submitted_at")
    assert [r.submission_key for r in stored] == [i["id"] for i in items]
    assert {(r.channel, r.kiosk, r.period, r.is_flagged) for r in stored} == {
        ("kiosk", tablet.kiosk, period, False)
    }
    # The hour each was given (by the tablet's clock, close to the server's), not the hour sent.
    assert [r.submitted_at.hour for r in stored] == [23, 0, 0]
    assert stored[0].local_date == dt.date(2026, 3, 2)  # 08:30 WIT
    assert PeriodResult.objects.get(pk=period.pk).respondents == 3


def test_a_resent_batch_stores_nothing_twice(tablet):
    items = [_item(minutes_ago=5), _item(minutes_ago=3)]
    assert _statuses(_send(tablet, items)) == ["stored", "stored"]
    assert _statuses(_send(tablet, items)) == ["duplicate", "duplicate"]
    assert SurveyResponse.objects.count() == 2


def test_the_same_answer_twice_in_one_batch_is_stored_once(tablet):
    item = _item()
    assert _statuses(_send(tablet, [item, item])) == ["stored", "duplicate"]
    assert SurveyResponse.objects.get().submission_key == item["id"]


def test_answers_sent_together_are_paced_by_when_they_were_given(tablet, settings):
    settings.PRIMA_KIOSK_MIN_INTERVAL_SECONDS = 20
    spaced = [_item(minutes_ago=m) for m in (9, 8, 7, 6)]
    response = _send(tablet, list(reversed(spaced)))  # in any order
    assert _statuses(response) == ["stored"] * 4
    assert not SurveyResponse.objects.filter(is_flagged=True).exists()

    burst = [_item(minutes_ago=2), _item(minutes_ago=2 - 5 / 60)]  # five seconds apart
    results = _send(tablet, burst).json()["results"]
    assert [r.get("flags", []) for r in results] == [[], ["kiosk_pace"]]


def test_other_protections_still_flag_and_keep(tablet):
    results = _send(
        tablet, [_item(fill_seconds=2, minutes_ago=5), _item(honeypot="x", minutes_ago=3)]
    ).json()["results"]
    assert [(r["status"], r["flags"]) for r in results] == [
        ("stored", ["too_fast"]),
        ("stored", ["honeypot"]),
    ]
    assert SurveyResponse.objects.filter(is_flagged=True).count() == 2


# --- partial failures ---------------------------------------------------------------------------
def test_a_malformed_answer_does_not_stop_the_others(tablet):
    good = _item(minutes_ago=9)
    missing = _item(minutes_ago=8)
    del missing["answers"]["waktu"]
    out_of_range = _item(minutes_ago=7, answers={key: 7 for key in ELEMENT_KEYS})
    later = _item(minutes_ago=6)
    batch = [good, missing, out_of_range, "not an item", {"id": "nope"}, later]
    results = _send(tablet, batch).json()["results"]
    assert [r["status"] for r in results] == ["stored", *["invalid"] * 4, "stored"]
    assert "waktu" in results[1]["errors"] and "persyaratan" in results[2]["errors"]
    assert results[3] == {
        "id": "",
        "status": "invalid",
        "errors": {"item": ["Setiap butir harus berupa objek."]},
    }
    assert SurveyResponse.objects.count() == 2


@pytest.mark.parametrize(
    "change",
    [
        {"captured_at": "yesterday"},
        {"captured_at": "2026-03-02T09:00:00"},  # no time zone
        {"fill_seconds": "60"},
        {"fill_seconds": -1},
        {"answers": [3, 3]},
        {"profile": "P"},
        {"id": 12},
        {"version": 3},
    ],
)
def test_an_item_that_is_not_an_answer_is_refused_with_a_reason(tablet, change):
    results = _send(tablet, [_item(**change)]).json()["results"]
    assert results[0]["status"] == "invalid" and results[0]["errors"]["item"]
    assert not SurveyResponse.objects.exists()


def test_strange_values_in_an_answer_are_refused_not_crashed_on(tablet):
    strange = _item(
        profile={"sex": ["P"], "age": "abc", "education": None, "occupation": 3},
        suggestion="Antrean\x00 panjang",
        service=999999,
    )
    results = _send(tablet, [strange]).json()["results"]
    assert results[0]["status"] == "invalid"
    assert {"sex", "age", "service"} <= set(results[0]["errors"])


# --- clock skew ---------------------------------------------------------------------------------
def test_a_tablet_clock_within_tolerance_is_believed(tablet, settings):
    settings.PRIMA_KIOSK_CLOCK_SKEW_SECONDS = 300
    item = _item(minutes_ago=-2)  # two minutes "in the future": the tablet is a little fast
    results = _send(tablet, [item], sent_at=NOW + dt.timedelta(minutes=3)).json()["results"]
    assert results[0] == {"id": item["id"], "status": "stored"}


def test_a_tablet_clock_far_ahead_is_flagged_never_dropped(tablet):
    ahead = NOW + dt.timedelta(days=2)
    items = [_item(captured_at=(ahead - dt.timedelta(minutes=m)).isoformat()) for m in (3, 2)]
    results = _send(tablet, items, sent_at=ahead).json()["results"]
    assert [(r["status"], r["flags"]) for r in results] == [("stored", ["clock_skew"])] * 2
    for response in SurveyResponse.objects.all():
        # Stored at the time it arrived, since the tablet's date cannot be believed; and not
        # held for pace, as the tablet's own spacing (a minute) is kept.
        assert response.local_date == dt.date(2026, 3, 2) and response.submitted_at == NOW


def test_an_answer_captured_in_the_future_is_flagged(tablet):
    results = _send(tablet, [_item(minutes_ago=-60)]).json()["results"]
    assert results[0]["flags"] == ["clock_skew"]


def test_an_answer_older_than_the_outbox_keeps_answers_is_flagged(tablet, settings):
    settings.PRIMA_KIOSK_OUTBOX_MAX_AGE_DAYS = 31
    week = _item(minutes_ago=7 * 24 * 60)
    old = _item(minutes_ago=40 * 24 * 60)
    results = _send(tablet, [week, old]).json()["results"]
    assert [r.get("flags", []) for r in results] == [[], ["clock_skew"]]
    assert SurveyResponse.objects.get(submission_key=week["id"]).local_date == dt.date(2026, 2, 23)


def test_a_batch_without_the_tablets_clock_judges_each_answer_alone(tablet):
    results = _send(tablet, [_item(minutes_ago=5)], sent_at=None).json()["results"]
    assert results[0]["status"] == "stored" and "flags" not in results[0]


# --- periods ------------------------------------------------------------------------------------
def test_an_answer_given_while_a_period_was_open_goes_to_that_period(tablet, period, world):
    SurveyPeriod.objects.filter(pk=period.pk).update(ends_on=dt.date(2026, 3, 1))
    newer = make_period(
        world, name="Maret", starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 31)
    )
    yesterday = _item(minutes_ago=24 * 60)
    today = _item(minutes_ago=5)
    assert _statuses(_send(tablet, [yesterday, today])) == ["stored", "stored"]
    assert SurveyResponse.objects.get(submission_key=yesterday["id"]).period == period
    assert SurveyResponse.objects.get(submission_key=today["id"]).period == newer


def test_an_answer_for_a_period_closed_since_goes_to_the_one_open_now(tablet, period, world):
    SurveyPeriod.objects.filter(pk=period.pk).update(accepting=False, ends_on=dt.date(2026, 3, 1))
    newer = make_period(
        world, name="Maret", starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 31)
    )
    item = _item(minutes_ago=3 * 24 * 60)
    assert _statuses(_send(tablet, [item])) == ["stored"]
    stored = SurveyResponse.objects.get()
    assert (stored.period, stored.local_date) == (newer, dt.date(2026, 3, 2))


def test_an_answer_with_no_period_open_is_answered_closed(tablet, period):
    SurveyPeriod.objects.filter(pk=period.pk).update(accepting=False)
    assert _statuses(_send(tablet, [_item()])) == ["closed"]
    assert not SurveyResponse.objects.exists()


# --- questionnaire versions -----------------------------------------------------------------------
def test_the_version_changes_with_what_the_form_asks(tablet, world):
    before = _version(world)
    assert f'data-version="{before}"' in tablet.get(URL).content.decode()
    question = ExtraQuestion.objects.create(unit=world.buru_dukcapil, text="Seragam?", kind="text")
    assert _version(world) != before
    question.delete()
    assert _version(world) == before


def test_an_answer_to_an_older_questionnaire_is_kept_with_what_can_be_mapped(tablet, world):
    retired = ExtraQuestion.objects.create(
        unit=world.buru_dukcapil, text="Seragam?", kind="text", is_active=False
    )
    old = _item(version="0ld", extra={str(retired.pk): "Ya", "99999": "deleted question"})
    current = _item(version=_version(world), extra={str(retired.pk): "Ya"})
    response = _send(tablet, [old, current])
    assert _statuses(response) == ["stored", "stored"]
    assert response.json()["version"] == _version(world)
    assert SurveyResponse.objects.get(submission_key=old["id"]).extra == {str(retired.pk): "Ya"}
    # The current form does not ask the retired question: its answer is not taken.
    assert SurveyResponse.objects.get(submission_key=current["id"]).extra == {}


# --- refusals of the whole batch ------------------------------------------------------------------
def test_a_device_that_is_not_an_enrolled_kiosk_is_refused(client, period):
    response = _send(client, [_item()])
    assert response.status_code == 403 and response.json()["reason"] == "not_enrolled"
    assert not SurveyResponse.objects.exists()


def test_a_deactivated_kiosk_is_refused_and_its_answers_stay_with_it(tablet, world):
    actions.set_kiosk_active(tablet.kiosk, actor=world.siti, active=False)
    response = _send(tablet, [_item()])
    assert response.status_code == 403 and response.json()["reason"] == "not_enrolled"
    assert not SurveyResponse.objects.exists()


def test_a_kiosk_of_another_unit_is_refused(tablet, world):
    response = tablet.post(
        f"/s/{world.ambon_dukcapil.code}/kiosk/outbox/",
        json.dumps({"items": [_item()]}),
        content_type="application/json",
        **HEADERS,
    )
    assert response.status_code == 403 and response.json()["reason"] == "not_enrolled"
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize(
    ("body", "content_type", "headers", "status"),
    [
        ("{not json", "application/json", HEADERS, 400),
        ("[]", "application/json", HEADERS, 400),
        ('{"items": {}}', "application/json", HEADERS, 400),
        (b"\xff\xfe", "application/json", HEADERS, 400),
        ('{"items": []}', "text/plain", HEADERS, 415),
        ('{"items": []}', "application/json", {}, 403),
        (
            '{"items": []}',
            "application/json",
            {**HEADERS, "HTTP_ORIGIN": "https://evil.example"},
            403,
        ),
    ],
)
def test_a_request_that_is_not_a_batch_is_a_clear_refusal(
    tablet, body, content_type, headers, status
):
    response = tablet.post(OUTBOX, body, content_type=content_type, **headers)
    assert response.status_code == status and response.json()["error"]


def test_an_oversized_batch_is_refused_whole(tablet):
    too_many = [_item() for _ in range(outbox.MAX_ITEMS + 1)]
    response = _send(tablet, too_many)
    assert response.status_code == 400 and "50" in response.json()["error"]
    huge = [_item(suggestion="x" * 2000) for _ in range(300)]
    response = _send(tablet, huge)
    assert response.status_code == 413
    assert not SurveyResponse.objects.exists()


def test_only_a_post_reaches_the_outbox(tablet):
    assert tablet.get(OUTBOX).status_code == 405


# --- the app around it ----------------------------------------------------------------------------
def test_the_kiosk_page_offers_its_manifest_and_outbox(tablet):
    html = tablet.get(URL).content.decode()
    assert f'<link rel="manifest" href="{URL}manifest.webmanifest">' in html
    assert f'data-endpoint="{OUTBOX}"' in html and "kiosk-outbox.js" in html
    assert f'data-kiosk="{tablet.kiosk.pk}"' in html
    assert 'data-msg-pending="{n} menunggu dikirim"' in html
    assert ">Kirim sekarang</button>" in html


def test_the_manifest_installs_the_kiosk_alone(client, period):
    response = client.get(URL + "manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == manifest["scope"] == URL
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}


def test_the_service_worker_keeps_the_kiosk_pages_and_files(client, period):
    response = client.get(URL + "sw.js")
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert f'"{URL}", "{URL}thanks/"' in body
    assert "/static/prima/kiosk-outbox.js" in body and "/static/prima/prima.css" in body
    assert "http://" not in body and "https://" not in body  # no other host
