"""The SKM by message through the channel (issue 25 §2): `SKM <code>` and nine replies through
the providers' webhooks, time-outs and BATAL, and the officer's invitation after a service —
a single-use link or the questions by reply, with the citizen's agreement recorded."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from prima.messaging import numbers, outbox
from prima.messaging.models import Contact, Conversation, Outbound
from prima.messaging.tests.conftest import (
    post_sms,
    post_whatsapp,
    replies,
    say,
    sms_message,
    wa_message,
)
from prima.surveys.models import SurveyInvitation, SurveyResponse
from prima.surveys.queries import element_order
from prima.surveys.tests.factories import make_period
from prima.test import sign_in

pytestmark = pytest.mark.django_db

# 10:00 WIT in Namlea, a Monday inside the demo period (2026-01-01 … 2026-06-30).
NOW = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
NUMBER = "+6281234567890"
ANSWERS = ["4", "3", "3.", " 4 ", "3", "(3)", "4", "2", "3"]


@pytest.fixture
def period(world):
    return make_period(world, population=200)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def hooks(providers):
    """Both channels on their real adapters (webhooks open), sending to a loopback provider."""
    return providers


def _stored() -> SurveyResponse:
    return SurveyResponse.objects.get()


def test_skm_by_sms_through_the_webhook_stores_one_response_and_no_number(
    client, world, period, clock, hooks
):
    def send(text: str, n: int):
        clock.shift(20)
        payload = sms_message(text, id=f"gw-skm-{n}")
        assert post_sms(client, payload).status_code == 200
        return payload

    send("SKM 8104-dukcapil", 0)
    assert "9 questions" in replies(channel="sms")[-2] and "1/9" in replies(channel="sms")[-1]
    for n, answer in enumerate(ANSWERS, start=1):
        send(answer, n)
    assert "0 to skip" in replies(channel="sms")[-1]
    last = send("Antrean perlu nomor.", 10)
    response = _stored()
    assert response.channel == "sms" and response.unit == world.buru_dukcapil
    order = element_order(world.buru_dukcapil)
    assert [response.answers()[key] for key in order] == [int(a.strip(" .()")) for a in ANSWERS]
    assert response.suggestion == "Antrean perlu nomor." and not response.is_flagged
    # The number is nowhere in the response: only a keyed digest of it.
    for value in vars(response).values():
        assert "81234567890" not in str(value)
    assert "Thank you! Your answers were received" in replies(channel="sms")[-1]
    # The provider delivers the last message again: nothing is stored twice.
    assert post_sms(client, last).status_code == 200
    assert SurveyResponse.objects.count() == 1
    assert Conversation.objects.get().outcome == "stored"


def test_skm_by_whatsapp_through_the_webhook(client, world, period, clock, hooks):
    for n, text in enumerate(["NILAI 8104-DUKCAPIL", *ANSWERS, "0"]):
        clock.shift(15)
        assert post_whatsapp(client, wa_message(text, id=f"wamid.skm.{n}")).status_code == 200
    response = _stored()
    assert response.channel == "whatsapp" and response.suggestion == ""


def test_a_second_survey_from_one_number_on_one_day_is_kept_but_flagged(world, period, clock):
    for _round in range(2):
        for text in ["SKM 8104-DUKCAPIL", *ANSWERS, "0"]:
            clock.shift(20)
            say(text, channel="sms")
    first, second = SurveyResponse.objects.order_by("pk")
    assert not first.is_flagged
    assert second.is_flagged and second.flags == ["device_limit"]


def test_the_survey_times_out_after_thirty_minutes_without_a_reply(world, period, clock):
    say("SKM 8104-DUKCAPIL")
    clock.shift(20)
    say("4")
    clock.shift(31 * 60)
    say("3")
    assert "without a reply" in replies()[-1]
    assert not SurveyResponse.objects.exists()
    assert Conversation.objects.get().outcome == "expired"


def test_batal_stops_the_survey_and_stores_nothing(world, period, clock):
    say("SKM 8104-DUKCAPIL")
    for text in ("4", "3", "BATAL"):
        clock.shift(20)
        say(text)
    assert replies()[-1] == "Cancelled."
    assert not SurveyResponse.objects.exists()


def test_a_wrong_reply_repeats_the_question(world, period, clock):
    say("SKM 8104-DUKCAPIL")
    clock.shift(20)
    say("bagus sekali")
    assert "a number from 1 to 4" in replies()[-1] and "1/9" in replies()[-1]


def test_an_unknown_code_is_asked_again_then_the_survey_starts(world, period, clock):
    say("SKM 8104-DUKCAPL")
    assert "does not know the unit code 8104-DUKCAPL" in replies()[-1]
    clock.shift(20)
    say("8104-DUKCAPIL")
    assert "1/9" in replies()[-1]


def test_a_unit_without_an_open_period_says_so(world, clock):
    say("SKM 8104-DUKCAPIL")
    assert "takes no survey answers today" in replies()[-1]
    assert not Conversation.objects.filter(ended_at__isnull=True).exists()


def test_the_menu_lists_the_survey(world):
    say("BANTUAN")
    assert "SKM <unit code>" in replies()[-1]


# --- the officer's invitation -----------------------------------------------------------------
def _invite(client: Client, **data):
    form = {"channel": "whatsapp", "number": "0812 3456 7890", "mode": "link", "agreed": "on"}
    form.update(data)
    return client.post("/manage/pesan/survei/8104-DUKCAPIL/", {k: v for k, v in form.items() if v})


def test_an_invitation_link_by_whatsapp_goes_as_the_template_and_keeps_no_token(
    client, world, period, clock
):
    sign_in(client, world.abdul)  # Buru's Dukcapil operator
    response = _invite(client, service=str(world.buru_ktp.pk))
    assert response.status_code == 302
    sent = Outbound.objects.get()
    # No message from the citizen yet: outside WhatsApp's window, the approved template.
    assert sent.template == "prima_survei_layanan"  # unit, link
    invitation = SurveyInvitation.objects.get()
    assert (invitation.channel, invitation.service) == ("whatsapp", world.buru_ktp)
    assert "[…]" in sent.text and "/s/u/" not in sent.text
    assert "/s/u/" not in str(sent.params)
    # The link the citizen got opens the questionnaire for that service.
    link = next(w for w in replies()[-1].split() if "/s/u/" in w)
    page = Client().get(link[link.index("/s/u/") :])
    assert page.status_code == 200 and "Penerbitan KTP-el" in page.content.decode()
    assert Contact.objects.get().opted_in_at is not None  # the agreement, recorded


def test_an_invitation_by_sms_to_answer_by_reply(client, world, period, clock):
    sign_in(client, world.abdul)
    assert _invite(client, channel="sms", mode="reply").status_code == 302
    assert "Reply YA to start" in replies(channel="sms")[-1]
    assert not Outbound.objects.get().template  # SMS: always plain text
    for text in ["ya", *ANSWERS, "0"]:
        clock.shift(20)
        say(text, channel="sms")
    assert _stored().channel == "sms"


def test_by_reply_on_whatsapp_goes_as_its_template_outside_the_window_and_as_text_inside(
    client, world, period, clock
):
    sign_in(client, world.abdul)
    assert _invite(client, mode="reply").status_code == 302
    outside = Outbound.objects.get()
    assert (outside.template, outside.params) == (
        "prima_survei_balas",
        ["Disdukcapil Kabupaten Buru"],
    )
    say("ya")  # the citizen's reply opens the 24-hour window: the survey starts
    assert "1/9" in replies()[-1]
    clock.shift(60)
    assert _invite(client, mode="link")["Location"] == "/manage/pesan/survei/8104-DUKCAPIL/"
    inside = Outbound.objects.order_by("pk").last()
    assert inside.template == "" and "/s/u/" in outbox.shown_text(inside)


def test_declining_an_invitation_ends_it(client, world, period, clock):
    sign_in(client, world.abdul)
    _invite(client, channel="sms", mode="reply")
    say("tidak", channel="sms")
    assert replies(channel="sms")[-1] == "No survey then. Thank you."
    assert Conversation.objects.get().outcome == "declined"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"agreed": ""}, "This field is required."),
        ({"number": "halo"}, "This is not a phone number."),
        ({"channel": "fax"}, "Select a valid choice."),
        ({"mode": "pigeon"}, "Select a valid choice."),
    ],
)
def test_the_invitation_form_explains_bad_input_and_sends_nothing(
    client, world, period, clock, data, message
):
    sign_in(client, world.abdul)
    response = _invite(client, **data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Outbound.objects.exists()


def test_no_invitation_to_a_number_that_sent_stop(client, world, period, clock):
    say("STOP", channel="whatsapp")
    sign_in(client, world.abdul)
    response = _invite(client)
    assert response.status_code == 400 and "STOP" in response.content.decode()
    assert not SurveyInvitation.objects.exists()


def test_a_number_gets_at_most_two_invitations_a_day(client, world, period, clock):
    sign_in(client, world.abdul)
    assert _invite(client).status_code == 302
    assert _invite(client).status_code == 302
    response = _invite(client)
    assert response.status_code == 400 and "invitations for today" in response.content.decode()
    assert Outbound.objects.count() == 2


def test_no_invitation_without_an_open_period(client, world, clock):
    sign_in(client, world.abdul)
    response = _invite(client)
    assert response.status_code == 400 and "takes answers today" in response.content.decode()


def test_only_the_units_staff_send_its_survey(client, world, period):
    for user, status in ((world.abdul, 200), (world.siti, 200), (world.marthen, 404)):
        assert sign_in(client, user).get("/manage/pesan/survei/8104-DUKCAPIL/").status_code == (
            status
        )
    # The operator of one unit goes straight to it.
    response = sign_in(client, world.abdul).get("/manage/pesan/survei/")
    assert response.status_code == 302 and response["Location"].endswith("/8104-DUKCAPIL/")


def test_the_units_survey_page_links_the_invitation(client, world, period):
    page = sign_in(client, world.abdul).get("/manage/units/8104-DUKCAPIL/surveys/")
    assert "/manage/pesan/survei/8104-DUKCAPIL/" in page.content.decode()


def test_the_sent_confirmation_masks_the_number(client, world, period, clock):
    sign_in(client, world.abdul)
    page = client.get(_invite(client)["Location"]).content.decode()
    assert numbers.masked(NUMBER) in page and NUMBER not in page
