"""Complaints by message: ADUAN at once, guided, cancelled, timed out; the global keywords;
limits per number; STATUS (issue 25 §2)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from prima.complaints.models import Complaint
from prima.messaging.models import ComplaintContact, Contact, Conversation, Inbound
from prima.messaging.tests.conftest import replies, say

pytestmark = pytest.mark.django_db

STORY = "Sudah tiga minggu KTP-el saya belum selesai dicetak"


def test_aduan_with_a_unit_code_files_at_once_and_sends_the_codes(world):
    say(f"aduan 8104-dukcapil {STORY}")
    complaint = Complaint.objects.get()
    assert complaint.unit == world.buru_dukcapil and complaint.agency == world.buru
    assert complaint.channel == "whatsapp" and complaint.description == STORY
    assert complaint.title.startswith("Sudah tiga minggu")
    assert ComplaintContact.objects.get().contact.number == "+6281234567890"
    [reply] = replies()
    assert complaint.public_id in reply and "Secret code:" in reply and "Tracking code:" in reply
    # The codes were sent, not stored.
    stored = complaint and Contact.objects.get().outbound.get().text
    assert "[…]" in stored and "Secret code: […]" in stored


def test_the_codes_sent_open_the_report_on_the_tracking_page(client, world):
    say(f"ADUAN 8104-DUKCAPIL {STORY}")
    reply = replies()[0]
    number = reply.split("Report number: ")[1].split()[0]
    secret = reply.split("Secret code: ")[1].split()[0]
    response = client.post("/complaints/track/", {"number": number, "code": secret})
    assert response.status_code == 302 and number in response["Location"]


def test_aduan_alone_guides_the_citizen_to_a_filed_complaint(world):
    say("ADUAN")
    assert "code of the service unit" in replies()[-1]
    say("9999-NOPE")
    assert "does not know the unit code 9999-NOPE" in replies()[-1]
    say("8104-DUKCAPIL")
    assert "What happened?" in replies()[-1]
    say("jelek")
    assert "a few more words" in replies()[-1]
    say(STORY)
    assert "Send YA" in replies()[-1] and not Complaint.objects.exists()
    say("ya")
    complaint = Complaint.objects.get()
    assert complaint.description == STORY and complaint.public_id in replies()[-1]
    conversation = Conversation.objects.get()
    assert conversation.ended_at is not None and conversation.outcome == "filed"


def test_an_unknown_code_keeps_the_story_and_asks_for_the_code_only(world):
    say(f"ADUAN 8104-DUKCAPL {STORY}")
    assert "does not know the unit code 8104-DUKCAPL" in replies()[-1]
    say("8104-DUKCAPIL")
    assert "Send YA" in replies()[-1]
    say("YA")
    assert Complaint.objects.get().description == STORY


def test_batal_ends_the_conversation_and_nothing_is_filed(world):
    say("ADUAN 8104-DUKCAPIL")
    say("BATAL")
    assert replies()[-1] == "Cancelled."
    assert Conversation.objects.get().outcome == "cancelled"
    say(STORY)  # no conversation now: not understood, to the review queue
    assert not Complaint.objects.exists()
    assert Inbound.objects.order_by("pk").last().outcome == "review"


def test_a_conversation_times_out_and_the_citizen_starts_over(world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        say("ADUAN 8104-DUKCAPIL")
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        say(STORY)
    assert "timed out" in replies()[-1] and "start again" in replies()[-1]
    assert Conversation.objects.get().outcome == "expired"
    assert not Complaint.objects.exists()
    with time_machine.travel(start + dt.timedelta(minutes=32), tick=False):
        say(f"ADUAN 8104-DUKCAPIL {STORY}")
    assert Complaint.objects.count() == 1


def test_a_too_short_complaint_goes_to_the_review_queue_with_its_unit(world):
    say("ADUAN 8104-DUKCAPIL jelek!!")
    inbound = Inbound.objects.get()
    assert inbound.outcome == "review" and inbound.unit == world.buru_dukcapil
    assert not Complaint.objects.exists() and "officer will read it" in replies()[-1]


def test_an_unlisted_unit_cannot_be_named(world):
    say(f"ADUAN 8104-RSUD {STORY}")
    assert not Complaint.objects.exists()
    assert "does not know the unit code 8104-RSUD" in replies()[-1]


def test_a_provider_message_id_files_one_complaint_however_often_it_comes(world):
    say(f"ADUAN 8104-DUKCAPIL {STORY}", provider_id="wamid.same")
    assert say(f"ADUAN 8104-DUKCAPIL {STORY}", provider_id="wamid.same") is None
    assert Complaint.objects.count() == 1 and len(replies()) == 1


def test_complaints_per_number_per_day_are_limited(world, settings):
    settings.PRIMA_MESSAGING_COMPLAINTS_PER_DAY = 2
    for n in range(3):
        say(f"ADUAN 8104-DUKCAPIL {STORY} ke-{n}")
    assert Complaint.objects.count() == 2
    assert "most complaints" in replies()[-1]
    say(f"ADUAN 8104-DUKCAPIL {STORY}", number="081399999999")
    assert Complaint.objects.count() == 3


def test_past_the_rate_limit_messages_are_recorded_not_processed_with_one_warning(world, settings):
    settings.PRIMA_MESSAGING_RATE_PER_MINUTE = 3
    for _ in range(6):
        say("BANTUAN")
    outcomes = list(Inbound.objects.values_list("outcome", flat=True))
    assert outcomes == ["handled"] * 3 + ["rate_limited"] * 3
    assert len(replies()) == 4 and "Too many messages" in replies()[-1]


def test_stop_records_the_opt_out_and_nothing_more_is_sent_until_mulai(world):
    say("STOP")
    contact = Contact.objects.get()
    assert contact.opted_out and "no more messages" in replies()[-1]
    say(f"ADUAN 8104-DUKCAPIL {STORY}")
    assert len(replies()) == 1 and not Complaint.objects.exists()
    assert Inbound.objects.order_by("pk").last().outcome == "opted_out"
    say("MULAI")
    contact.refresh_from_db()
    assert not contact.opted_out and contact.opted_in_at is not None
    assert "again" in replies()[-1]


def test_bantuan_lists_the_commands(world):
    say("menu")
    assert "ADUAN <unit code> <what happened>" in replies()[-1]
    assert "STATUS" in replies()[-1] and "STOP" in replies()[-1]


def test_status_by_number_from_the_filing_phone_and_with_the_secret_from_any(world):
    say(f"ADUAN 8104-DUKCAPIL {STORY}")
    complaint = Complaint.objects.get()
    secret = replies()[0].split("Secret code: ")[1].split()[0]
    say(f"STATUS {complaint.public_id}")
    assert f"Report {complaint.public_id}: Received, awaiting verification" in replies()[-1]
    assert STORY not in replies()[-1]
    other = "081377777777"
    say(f"STATUS {complaint.public_id}", number=other)
    assert "No report was found" in replies("+6281377777777")[-1]
    say(f"STATUS {complaint.public_id} {secret}", number=other)
    assert "awaiting verification" in replies("+6281377777777")[-1]
    say(f"STATUS {complaint.public_id} AAAA-BBBB", number=other)
    assert "No report was found" in replies("+6281377777777")[-1]


def test_replies_are_in_indonesian_by_default(world, settings):
    settings.LANGUAGE_CODE = "id"
    say("BANTUAN")
    assert "ADUAN <kode unit>" in replies()[-1]
