"""The simulated phone page (the demo's console adapter), the outbound adapters against a
provider on a loopback port, and phone numbers to E.164."""

from __future__ import annotations

import pytest

from prima.complaints.models import Complaint
from prima.messaging import numbers
from prima.messaging.adapters import SendError
from prima.messaging.adapters.sms_gateway import SmsGateway
from prima.messaging.adapters.whatsapp_cloud import WhatsAppCloud
from prima.test import sign_in

STORY = "Sudah tiga minggu KTP-el saya belum selesai dicetak"


@pytest.mark.django_db
def test_the_phone_page_sends_through_the_dispatcher_and_shows_the_thread(client, world):
    sign_in(client, world.siti)
    page = client.get("/manage/pesan/telepon/")
    assert page.status_code == 200 and "+6281200001708" in page.content.decode()
    response = client.post(
        "/manage/pesan/telepon/",
        {"channel": "sms", "number": "0812 0000 1708", "text": f"ADUAN 8104-DUKCAPIL {STORY}"},
    )
    assert response.status_code == 302
    assert "channel=sms" in response["Location"]
    thread = client.get(response["Location"]).content.decode()
    complaint = Complaint.objects.get()
    assert complaint.channel == "sms"
    assert STORY in thread and complaint.public_id in thread and "Secret code:" in thread
    assert thread.index(STORY) < thread.index(complaint.public_id)  # newest last


@pytest.mark.django_db
def test_the_phone_page_refuses_a_bad_number_and_keeps_the_message(client, world):
    sign_in(client, world.ratna)
    response = client.post(
        "/manage/pesan/telepon/", {"channel": "whatsapp", "number": "halo", "text": "BANTUAN"}
    )
    assert response.status_code == 200
    assert "This is not a phone number." in response.content.decode()


@pytest.mark.django_db
def test_the_phone_page_is_off_for_a_channel_with_a_real_provider(client, world, settings):
    settings.PRIMA_WHATSAPP_ADAPTER = "whatsapp_cloud"
    sign_in(client, world.ratna)
    page = client.get("/manage/pesan/telepon/?channel=whatsapp").content.decode()
    assert "connected to a real provider" in page
    client.post(
        "/manage/pesan/telepon/", {"channel": "whatsapp", "number": "0812", "text": "BANTUAN"}
    )
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_only_coordinators_reach_the_phone_page(client, world):
    for user in (world.abdul, world.yohanis):
        assert sign_in(client, user).get("/manage/pesan/telepon/").status_code == 404


def test_the_cloud_api_adapter_posts_text_with_the_bearer_token(providers):
    message_id = WhatsAppCloud().send_text("+6281234567890", "Halo")
    request = providers.requests[0]
    assert message_id == "wamid.out.1"
    assert request["auth"] == "Bearer wa-token"
    assert request["body"] == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "6281234567890",
        "type": "text",
        "text": {"preview_url": False, "body": "Halo"},
    }


def test_the_sms_gateway_adapter_posts_json_and_reads_the_id(providers):
    assert SmsGateway().send_text("+6281234567890", "Halo") == "sms-out-1"
    assert providers.requests[0]["body"] == {"to": "+6281234567890", "text": "Halo"}


def test_an_adapter_reports_a_time_out_and_a_refusal_as_send_errors(providers, settings):
    settings.PRIMA_MESSAGING_TIMEOUT_SECONDS = 0.3
    providers.delay = 1.0
    with pytest.raises(SendError, match="timed out"):
        SmsGateway().send_text("+6281234567890", "Halo")
    providers.delay, providers.fail = 0.0, True
    with pytest.raises(SendError, match="HTTP 500"):
        WhatsAppCloud().send_text("+6281234567890", "Halo")


def test_an_unreachable_provider_is_a_send_error(settings):
    settings.PRIMA_SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"  # discard port: nothing listens
    with pytest.raises(SendError, match="unreachable"):
        SmsGateway().send_text("+6281234567890", "Halo")


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("62812 3456 7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("+62 0812 3456 7890", "+6281234567890"),
        ("0062812345678", "+62812345678"),
        ("6281234567890", "+6281234567890"),
        ("+1 202 555 0143", "+12025550143"),
        ("halo", None),
        ("0812", None),
        ("", None),
        ("+6281234567890123456", None),
    ],
)
def test_numbers_become_e164(typed, e164):
    assert numbers.normalise(typed) == e164
