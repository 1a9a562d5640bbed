"""Status messages as a complaint moves (inside WhatsApp's window as text, outside it as the
approved template, by SMS always as text, never after STOP); the review queue's decisions and
who may make them; the number never reaching the unit (issue 25 §2)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from prima.complaints import actions as complaints_actions
from prima.complaints.models import Complaint
from prima.messaging.models import Contact, Inbound, Outbound
from prima.messaging.tests.conftest import replies, say
from prima.test import sign_in

pytestmark = pytest.mark.django_db

STORY = "Sudah tiga minggu KTP-el saya belum selesai dicetak"


def _file(channel: str = "whatsapp") -> Complaint:
    say(f"ADUAN 8104-DUKCAPIL {STORY}", channel=channel)
    return Complaint.objects.get()


def _dispatch(world, complaint: Complaint) -> None:
    complaints_actions.verify(complaint, actor=world.siti, unit=world.buru_dukcapil)


def test_inside_the_window_a_status_change_is_sent_as_text(world):
    complaint = _file()
    _dispatch(world, complaint)
    status = Outbound.objects.filter(purpose="status").get()
    assert status.template == "" and status.status == "sent"
    assert f"Report {complaint.public_id}: Verified and dispatched to a unit" in status.text


def test_outside_the_window_the_approved_template_is_sent(world, settings):
    settings.PRIMA_WHATSAPP_TEMPLATE_STATUS = "prima_status_pengaduan"
    complaint = _file()
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25), tick=False):
        _dispatch(world, complaint)
    status = Outbound.objects.filter(purpose="status").get()
    assert status.template == "prima_status_pengaduan"
    assert status.params == [complaint.public_id, "Verified and dispatched to a unit"]


def test_the_template_goes_to_the_cloud_api_as_a_template(world, providers):
    complaint = _file()
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25), tick=False):
        _dispatch(world, complaint)
    body = providers.requests[-1]["body"]
    assert body["type"] == "template"
    assert body["template"]["name"] == "prima_status_pengaduan"
    assert body["template"]["language"] == {"code": "id"}
    params = body["template"]["components"][0]["parameters"]
    assert [p["text"] for p in params] == [complaint.public_id, "Verified and dispatched to a unit"]


def test_by_sms_a_status_is_always_text(world):
    complaint = _file("sms")
    with time_machine.travel(timezone.now() + dt.timedelta(days=3), tick=False):
        _dispatch(world, complaint)
    status = Outbound.objects.filter(purpose="status").get()
    assert status.template == "" and complaint.public_id in status.text


def test_nothing_is_sent_after_stop(world):
    complaint = _file()
    say("STOP")
    _dispatch(world, complaint)
    assert not Outbound.objects.filter(purpose="status").exists()


def test_a_complaint_filed_on_the_web_sends_no_message(world):
    from prima.complaints.tests.factories import file

    filed = file(world)
    _dispatch(world, filed.complaint)
    assert not Outbound.objects.exists()


def test_the_status_message_leaves_only_when_the_change_commits(world, monkeypatch):
    from prima.messaging import outbox

    complaint = _file()
    waiting = []
    monkeypatch.setattr(outbox, "after_commit", waiting.append)
    _dispatch(world, complaint)
    status = Outbound.objects.filter(purpose="status").get()
    assert status.status == "queued" and len(waiting) == 1
    waiting[0]()
    status.refresh_from_db()
    assert status.status == "sent"


# --- the review queue --------------------------------------------------------------------
def _review_item(text: str = "ADUAN 8104-DUKCAPIL jelek!!", number: str = "081234567890"):
    say(text, number=number)
    return Inbound.objects.filter(outcome="review").order_by("pk").last()


def test_coordinators_of_the_unit_agency_and_national_admins_see_the_item(client, world):
    item = _review_item()
    loose = _review_item("halo pak", number="081300000000")  # names no unit
    for user, sees_item, sees_loose in (
        (world.ratna, True, True),
        (world.siti, True, False),
        (world.marthen, False, False),
    ):
        page = sign_in(client, user).get("/manage/pesan/tinjau/").content.decode()
        assert ("jelek!!" in page) is sees_item, user
        assert ("halo pak" in page) is sees_loose, user
        detail = client.get(f"/manage/pesan/tinjau/{item.pk}/")
        assert detail.status_code == (200 if sees_item else 404)
    assert loose is not None
    for user in (world.abdul, world.yohanis):
        assert sign_in(client, user).get("/manage/pesan/tinjau/").status_code == 404


def test_a_reviewer_files_a_message_and_the_codes_go_to_the_sender(client, world):
    item = _review_item()
    sign_in(client, world.siti)
    response = client.post(
        f"/manage/pesan/tinjau/{item.pk}/",
        {"decision": "file", "unit": world.buru_dukcapil.pk, "description": f"jelek, {STORY}"},
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.channel == "whatsapp" and complaint.created_by == world.siti
    item.refresh_from_db()
    assert item.decision == "filed" and item.complaint == complaint
    assert complaint.public_id in replies()[-1]
    again = client.post(f"/manage/pesan/tinjau/{item.pk}/", {"decision": "prank"})
    assert again.status_code == 200 and Complaint.objects.count() == 1  # shows the decision
    item.refresh_from_db()
    assert item.decision == "filed"


def test_a_reviewer_cannot_file_into_another_agency(client, world):
    item = _review_item()
    sign_in(client, world.siti)
    response = client.post(
        f"/manage/pesan/tinjau/{item.pk}/",
        {"decision": "file", "unit": world.ambon_dukcapil.pk, "description": STORY},
    )
    assert response.status_code == 200 and not Complaint.objects.exists()


def test_repeated_pranks_block_the_number_for_a_while(client, world, settings):
    settings.PRIMA_MESSAGING_PRANKS_TO_BLOCK = 2
    sign_in(client, world.ratna)
    for text in ("ADUAN 8104-DUKCAPIL hahaha", "ADUAN 8104-DUKCAPIL wkwkwk"):
        item = _review_item(text)
        client.post(f"/manage/pesan/tinjau/{item.pk}/", {"decision": "prank"})
    contact = Contact.objects.get()
    assert contact.blocked_until is not None and contact.blocked_until > timezone.now()
    sent = Outbound.objects.count()
    say(f"ADUAN 8104-DUKCAPIL {STORY}")
    assert Inbound.objects.order_by("pk").last().outcome == "blocked"
    assert Outbound.objects.count() == sent and not Complaint.objects.exists()


# --- privacy -----------------------------------------------------------------------------
def test_the_number_never_reaches_the_unit(client, world):
    complaint = _file()
    _dispatch(world, complaint)
    assert not hasattr(complaint, "identity") or not Complaint.objects.filter(
        identity__isnull=False
    ).exists()
    page = sign_in(client, world.abdul).get(f"/manage/complaints/{complaint.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    for form in ("6281234567890", "081234567890", "1234567890"):
        assert form not in text
    # The coordinator sees the channel, not the number.
    coordinator = sign_in(client, world.siti).get(f"/manage/complaints/{complaint.pk}/")
    assert "WhatsApp" in coordinator.content.decode()
    assert "1234567890" not in coordinator.content.decode()
