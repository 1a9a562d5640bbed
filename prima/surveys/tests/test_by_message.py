"""The SKM by reply (issue 25): nine questions by SMS or WhatsApp, answered 1–4, stored under
the web form's protections."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import translation

from prima.surveys import by_message
from prima.surveys.by_message import NoOpenPeriod, Step
from prima.surveys.models import ELEMENT_KEYS, SurveyPeriod, SurveyResponse
from prima.surveys.submission import device_digest
from prima.surveys.tests.factories import make_period

# 10:00 WIT in Namlea on a Monday inside the period.
NOW = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
SMS = SurveyResponse.Channel.SMS
WHATSAPP = SurveyResponse.Channel.WHATSAPP
PHONE = "+62 812-3456-7890"

# The GSM 03.38 basic alphabet (one septet each) and its extension (two septets each).
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = set("^{}\\[~]|€\f")
TWO_SMS = 306  # two concatenated GSM-7 segments of 153 septets


def septets(text: str) -> int | None:
    """The length of `text` in GSM-7 septets, or None if it needs UCS-2 (70 characters a
    segment)."""
    if any(c not in GSM_BASIC and c not in GSM_EXTENDED for c in text):
        return None
    return sum(2 if c in GSM_EXTENDED else 1 for c in text)


@pytest.fixture
def period(world):
    return make_period(world, population=200)


def _at(seconds: float) -> dt.datetime:
    return NOW + dt.timedelta(seconds=seconds)


def _send(step: Step, text: str, *, seconds: float, channel=SMS, sender=PHONE, key="conv-1"):
    # The state goes through JSON, as the messaging app stores it.
    state = json.loads(json.dumps(step.state))
    return by_message.reply(state, text, channel=channel, sender=sender, key=key, now=_at(seconds))


def _converse(
    world,
    answers=(4, 3, 3, 4, 3, 3, 4, 2, 3),
    *,
    suggestion="0",
    channel=SMS,
    sender=PHONE,
    key="conv-1",
    start=0.0,
    pace=20.0,
    service=None,
):
    """A whole conversation: begin, nine answers `pace` seconds apart, the suggestion."""
    step = by_message.begin(unit=world.buru_dukcapil, service=service, now=_at(start))
    moment = start
    for answer in answers:
        moment += pace
        step = _send(step, str(answer), seconds=moment, channel=channel, sender=sender, key=key)
    moment += pace
    return _send(step, suggestion, seconds=moment, channel=channel, sender=sender, key=key)


# --- starting ---------------------------------------------------------------------------------
def test_begin_explains_and_asks_the_first_question_with_four_numbered_options(world, period):
    step = by_message.begin(unit=world.buru_dukcapil, service=None, now=NOW)
    assert not step.done and len(step.replies) == 2
    intro, first = step.replies
    assert "9 pertanyaan" in intro and "tanpa nama" in intro and "BATAL" in intro
    assert "Disdukcapil Kabupaten Buru" in intro
    assert first.startswith("1/9 ") and "persyaratan" in first
    assert first.splitlines()[1:] == [
        "1. Tidak sesuai",
        "2. Kurang sesuai",
        "3. Sesuai",
        "4. Sangat sesuai",
    ]
    json.dumps(step.state)  # storable as is


def test_begin_names_the_service_received(world, period):
    step = by_message.begin(unit=world.buru_dukcapil, service=world.buru_ktp, now=NOW)
    assert "Penerbitan KTP-el di Disdukcapil Kabupaten Buru" in step.replies[0]


def test_begin_without_an_open_period_raises_no_open_period(world, period):
    with pytest.raises(NoOpenPeriod):
        by_message.begin(unit=world.ambon_dukcapil, service=None, now=NOW)
    SurveyPeriod.objects.update(accepting=False)
    with pytest.raises(NoOpenPeriod):
        by_message.begin(unit=world.buru_dukcapil, service=None, now=NOW)


def test_the_conversation_speaks_english_when_begun_in_english(world, period):
    with translation.override("en"):
        step = by_message.begin(unit=world.buru_dukcapil, service=None, now=NOW)
    assert "9 questions" in step.replies[0]
    # Replies keep the conversation's language whatever is active when they arrive.
    with translation.override("id"):
        step = _send(step, "x", seconds=20)
    assert step.replies[0].startswith("Please reply with a number from 1 to 4")


# --- replies ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "recorded"),
    [
        ("1", 1),
        ("4", 4),
        (" 2 ", 2),
        ("2.", 2),
        ("(3)", 3),
        ("3\n", 3),
        ("*4*", 4),
        ("4\ufe0f\u20e3", 4),  # the keycap emoji WhatsApp keyboards offer
        ("５", None),  # a full-width digit is not 1–4 in ASCII: asked again
        ("0", None),
        ("5", None),
        ("12", None),
        ("2 3", None),
        ("dua", None),
        ("sangat puas", None),
        ("", None),
        ("   ", None),
    ],
)
def test_a_reply_records_a_number_from_1_to_4_and_asks_again_otherwise(
    world, period, text, recorded
):
    step = _send(by_message.begin(unit=world.buru_dukcapil, service=None, now=NOW), text, seconds=5)
    assert not step.done
    if recorded is None:
        assert step.state["answers"] == {} and step.state["wrong"] == 1
        hint, *question = step.replies[0].splitlines()
        assert hint == "Mohon balas dengan angka 1 sampai 4, atau BATAL untuk berhenti."
        assert question[0].startswith("1/9 ")
    else:
        assert step.state["answers"] == {"persyaratan": recorded}
        assert step.replies[0].startswith("2/9 ") and "prosedur" in step.replies[0]


@pytest.mark.parametrize("text", ["BATAL", "batal", " Batal. ", "stop", "BERHENTI!"])
def test_batal_in_any_case_cancels_and_stores_nothing(world, period, text):
    step = by_message.begin(unit=world.buru_dukcapil, service=None, now=NOW)
    step = _send(step, "3", seconds=10)
    step = _send(step, text, seconds=20)
    assert step.done and step.cancelled and step.response is None
    assert step.replies == ["Survei dihentikan; jawaban Anda tidak disimpan. Terima kasih."]
    assert SurveyResponse.objects.count() == 0
    # Anything after the end gets no answer.
    late = _send(step, "4", seconds=30)
    assert late.done and late.replies == [] and SurveyResponse.objects.count() == 0


def test_batal_at_the_suggestion_cancels_too(world, period):
    step = _converse(world, suggestion="batal")
    assert step.cancelled and SurveyResponse.objects.count() == 0


def test_three_wrong_replies_in_a_row_end_the_survey_politely(world, period):
    step = by_message.begin(unit=world.buru_dukcapil, service=None, now=NOW)
    step = _send(step, "ya", seconds=10)
    step = _send(step, "3", seconds=20)  # a good answer starts the count again
    step = _send(step, "ya", seconds=30)
    step = _send(step, "tidak tahu", seconds=40)
    assert not step.done and step.state["wrong"] == 2
    step = _send(step, "?", seconds=50)
    assert step.done and step.cancelled
    assert step.replies[0].startswith("Maaf, balasan Anda belum dapat kami kenali")
    assert SurveyResponse.objects.count() == 0


def test_a_reply_after_the_time_out_ends_the_survey_without_storing(world, period):
    step = by_message.begin(unit=world.buru_dukcapil, service=None, now=NOW)
    step = _send(step, "3", seconds=60)
    limit = 60 + by_message.TIMEOUT.total_seconds()
    assert not by_message.expired(step.state, _at(limit))
    assert by_message.expired(step.state, _at(limit + 1))
    late = _send(step, "4", seconds=limit + 1)
    assert late.done and late.cancelled
    assert "30 menit" in late.replies[0]
    assert SurveyResponse.objects.count() == 0


@pytest.mark.parametrize(
    "state",
    [
        {},
        {"last": "yesterday"},
        {"v": 1, "order": ["x"], "answers": {}, "at": 0},
        {"order": None},
    ],
)
def test_a_state_that_cannot_be_read_ends_politely(world, period, state):
    assert by_message.expired(state, NOW)
    step = by_message.reply(state, "3", channel=SMS, sender=PHONE, key="k", now=NOW)
    assert step.done and step.cancelled
    assert step.replies == ["Maaf, survei ini tidak dapat dilanjutkan. Terima kasih."]


def test_a_channel_other_than_sms_or_whatsapp_is_a_programming_error(world, period):
    step = by_message.begin(unit=world.buru_dukcapil, service=None, now=NOW)
    with pytest.raises(ValueError):
        by_message.reply(step.state, "3", channel="web", sender=PHONE, key="k", now=NOW)


# --- storing ----------------------------------------------------------------------------------
@pytest.mark.parametrize("channel", [SMS, WHATSAPP])
def test_the_nine_answers_become_one_response_on_the_channel(world, period, channel):
    step = _converse(world, channel=channel, service=world.buru_ktp, suggestion="Antrean lama")
    assert step.done and not step.cancelled
    response = SurveyResponse.objects.get()
    assert step.response == response
    assert response.channel == channel and response.period == period
    assert response.answers() == dict(zip(ELEMENT_KEYS, (4, 3, 3, 4, 3, 3, 4, 2, 3), strict=True))
    assert response.service == world.buru_ktp and response.suggestion == "Antrean lama"
    assert response.fill_seconds == 200 and not response.is_flagged
    assert step.replies == [
        "Terima kasih! Jawaban Anda sudah kami terima. Hasil survei Disdukcapil Kabupaten "
        "Buru: /units/8104-DUKCAPIL/ikm/"  # absolute with PRIMA_PUBLIC_URL set
    ]
    period.result.refresh_from_db()
    assert period.result.respondents == 1
    assert period.result.profile["channel"] == {channel: 1}


def test_the_phone_number_is_never_stored_only_a_keyed_digest(world, period):
    _converse(world, sender="081234567890")
    response = SurveyResponse.objects.get()
    stored = json.dumps(
        {f.attname: str(getattr(response, f.attname)) for f in SurveyResponse._meta.fields}
    )
    assert "81234567890" not in stored
    assert response.device_digest == device_digest("tel:6281234567890")


@pytest.mark.parametrize("suggestion", ["0", "lewati", "Lewati.", "4", "-", "tidak ada"])
def test_the_suggestion_can_be_skipped(world, period, suggestion):
    step = _converse(world, suggestion=suggestion)
    assert step.done and step.response is not None and step.response.suggestion == ""


def test_a_blank_suggestion_is_asked_again(world, period):
    step = by_message.begin(unit=world.buru_dukcapil, service=None, now=NOW)
    for n in range(9):
        step = _send(step, "3", seconds=20 * (n + 1))
    again = _send(step, " ", seconds=200)
    assert not again.done and "atau 0 untuk lewati" in again.replies[0]


def test_a_replayed_last_message_stores_nothing_twice(world, period):
    step = by_message.begin(unit=world.buru_dukcapil, service=None, now=NOW)
    for n in range(9):
        step = _send(step, "3", seconds=20 * (n + 1))
    before_last = step
    first = _send(before_last, "Bagus", seconds=200)
    # The webhook delivers the last message again before the new state was saved.
    replayed = _send(before_last, "Bagus", seconds=230)
    assert first.response is not None and replayed.response == first.response
    assert SurveyResponse.objects.count() == 1
    period.result.refresh_from_db()
    assert period.result.respondents == 1
    # A replay after the state was saved gets no reply at all.
    assert _send(first, "Bagus", seconds=240).replies == []


def test_a_second_response_from_one_number_at_the_unit_on_one_day_is_flagged(world, period):
    _converse(world, sender="+62 812-3456-7890", key="a")
    _converse(world, sender="0812 3456 7890", key="b", start=600, channel=WHATSAPP)
    _converse(world, sender="+62 813 0000 0000", key="c", start=1200)
    first, second, other = SurveyResponse.objects.order_by("pk")
    assert not first.is_flagged and not other.is_flagged
    assert second.is_flagged and second.flags == ["device_limit"]
    # The next day the number counts again.
    _converse(world, sender="081234567890", key="d", start=24 * 3600)
    assert not SurveyResponse.objects.order_by("pk").last().is_flagged


def test_answers_faster_than_a_person_are_flagged_too_fast(world, period):
    _converse(world, pace=1, key="fast")
    _converse(world, pace=4, key="person", sender="+6281300000000", start=600)
    fast, person = SurveyResponse.objects.order_by("pk")
    assert fast.is_flagged and fast.flags == ["too_fast"] and fast.fill_seconds == 10
    assert not person.is_flagged and person.fill_seconds == 40


def test_a_period_closed_during_the_conversation_sends_the_answers_to_the_open_one(world, period):
    step = by_message.begin(unit=world.buru_dukcapil, service=None, now=NOW)
    for n in range(9):
        step = _send(step, "3", seconds=20 * (n + 1))
    # The unit ends its period on Sunday and starts another on Monday, today.
    SurveyPeriod.objects.filter(pk=period.pk).update(ends_on=dt.date(2026, 3, 1))
    second = make_period(world, name="Maret", starts_on=dt.date(2026, 3, 2))
    step = _send(step, "0", seconds=200)
    assert step.response is not None and step.response.period == second


def test_a_period_closed_with_none_open_says_the_answers_were_not_stored(world, period):
    step = by_message.begin(unit=world.buru_dukcapil, service=None, now=NOW)
    for n in range(9):
        step = _send(step, "3", seconds=20 * (n + 1))
    SurveyPeriod.objects.update(accepting=False)
    step = _send(step, "0", seconds=200)
    assert step.done and step.cancelled and step.response is None
    assert step.replies == [
        "Maaf, survei Disdukcapil Kabupaten Buru sudah ditutup sehingga jawaban Anda tidak "
        "dapat disimpan. Terima kasih."
    ]
    assert SurveyResponse.objects.count() == 0


# --- lengths ----------------------------------------------------------------------------------
def _every_message(world) -> list[str]:
    """Every kind of message the conversation sends, with the longest names the fixture has."""
    long_service = world.buru_ktp
    long_service.name = (
        "Penerbitan Kartu Tanda Penduduk elektronik dan Kartu Identitas Anak bagi warga"
    )
    messages = []
    for service in (None, long_service):
        step = by_message.begin(unit=world.buru_dukcapil, service=service, now=NOW)
        messages += step.replies
    for n in range(9):
        messages.append(_send(step, "x", seconds=5).replies[0])  # hint + question
        step = _send(step, "3", seconds=20 * (n + 1))
        messages += step.replies
    messages.append(_send(step, "batal", seconds=195).replies[0])
    messages.append(
        _send(step, "x", seconds=195 + by_message.TIMEOUT.total_seconds() + 9).replies[0]
    )
    messages += _send(step, "Terima kasih", seconds=200).replies
    return messages


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_message_fits_two_gsm_sms(world, period, language, settings):
    settings.PRIMA_PUBLIC_URL = "https://prima.malukuprov.go.id"
    with translation.override(language):
        messages = _every_message(world)
    assert len(messages) == 2 * 2 + 9 * 2 + 3  # begin twice, hint and answer, the three ends
    for message in messages:
        length = septets(message)
        assert length is not None, f"needs UCS-2: {message!r}"
        assert length <= TWO_SMS, (length, message)
    # Most fit one SMS.
    assert sum(septets(m) <= 160 for m in messages) >= len(messages) // 2  # type: ignore[operator]
