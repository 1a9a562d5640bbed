"""The providers' webhooks with recorded payloads (issue 25: done when the flows are tested
through the webhooks — valid and invalid signatures, replays, time-outs)."""

from __future__ import annotations

import time

import pytest
import time_machine

from prima.complaints.models import Complaint
from prima.messaging.models import Contact, Inbound, Outbound
from prima.messaging.tests.conftest import (
    VERIFY_TOKEN,
    payload,
    post_sms,
    post_whatsapp,
    sms_message,
    wa_message,
)

pytestmark = pytest.mark.django_db

ADUAN = "ADUAN 8104-DUKCAPIL Sudah tiga minggu KTP-el saya belum selesai dicetak"


def test_a_signed_whatsapp_complaint_is_filed_and_answered_through_the_provider(
    client, world, providers
):
    response = post_whatsapp(client, wa_message(ADUAN, id="wamid.A"))
    assert response.status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.channel == "whatsapp" and complaint.unit == world.buru_dukcapil
    assert not hasattr(complaint, "identity") or complaint.identity is None
    sent = providers.requests[-1]
    assert sent["path"] == "/v21.0/106540352242922/messages"
    assert sent["auth"] == "Bearer wa-token"
    assert sent["body"]["to"] == "6281234567890" and sent["body"]["type"] == "text"
    assert complaint.public_id in sent["body"]["text"]["body"]
    outbound = Outbound.objects.get()
    assert outbound.status == "sent" and outbound.provider_id == "wamid.out.1"


def test_the_recorded_payload_itself_is_read(client, world, providers):
    # Delivered a minute after it was sent (its own timestamp): older would be a replay.
    recorded = payload("whatsapp_text.json")
    sent = int(recorded["entry"][0]["changes"][0]["value"]["messages"][0]["timestamp"])
    with time_machine.travel(sent + 60, tick=False):
        assert post_whatsapp(client, recorded).status_code == 200
    inbound = Inbound.objects.get()
    assert inbound.contact.number == "+6281234567890"
    assert inbound.provider_id.startswith("wamid.")


@pytest.mark.parametrize("how", ["wrong secret", "no signature", "body changed after signing"])
def test_a_whatsapp_post_not_signed_by_meta_is_refused_and_nothing_stored(
    client, world, providers, how
):
    data = wa_message(ADUAN)
    if how == "wrong secret":
        response = post_whatsapp(client, data, secret="not-the-secret")
    elif how == "no signature":
        response = post_whatsapp(client, data, sign=False)
    else:
        import hashlib
        import hmac
        import json

        body = json.dumps(data).encode()
        digest = hmac.new(b"test-app-secret", body, hashlib.sha256).hexdigest()
        response = client.post(
            "/hooks/whatsapp/",
            body.replace(b"tiga", b"empat"),
            content_type="application/json",
            HTTP_X_HUB_SIGNATURE_256=f"sha256={digest}",
        )
    assert response.status_code == 403
    assert not Inbound.objects.exists() and not Contact.objects.exists()
    assert not Complaint.objects.exists() and providers.requests == []


def test_a_whatsapp_delivery_sent_again_files_once_and_answers_once(client, world, providers):
    data = wa_message(ADUAN, id="wamid.SAME")
    assert post_whatsapp(client, data).status_code == 200
    assert post_whatsapp(client, data).status_code == 200
    assert Complaint.objects.count() == 1 and Inbound.objects.count() == 1
    assert len(providers.requests) == 1


def test_malformed_json_is_a_400_and_a_strange_shape_too(client, world, providers):
    assert post_whatsapp(client, b"{not json").status_code == 400
    assert post_whatsapp(client, {"object": "x"}).status_code == 400
    broken = wa_message(ADUAN)
    del broken["entry"][0]["changes"][0]["value"]["messages"][0]["from"]
    assert post_whatsapp(client, broken).status_code == 400
    assert post_sms(client, b"[1, 2").status_code == 400
    assert post_sms(client, {"id": "x"}).status_code == 400
    assert not Inbound.objects.exists()


def test_a_body_too_large_is_refused_unread(client, world, providers):
    big = b"{" + b" " * (300 * 1024) + b"}"
    assert post_whatsapp(client, big).status_code == 413


def test_meta_verifies_the_webhook_with_our_token_only(client, providers):
    url = "/hooks/whatsapp/"
    ok = client.get(
        url,
        {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"},
    )
    assert ok.status_code == 200 and ok.content == b"1158201444"
    wrong = client.get(
        url, {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"}
    )
    assert wrong.status_code == 403
    assert client.get(url).status_code == 403


def test_the_webhooks_answer_404_while_the_channel_has_no_provider(client, world):
    assert post_whatsapp(client, wa_message(ADUAN)).status_code == 404
    assert post_sms(client, sms_message(ADUAN)).status_code == 404
    assert client.get("/hooks/whatsapp/", {"hub.mode": "subscribe"}).status_code == 403


def test_a_signed_sms_complaint_is_filed_and_answered_through_the_gateway(client, world, providers):
    assert post_sms(client, sms_message(ADUAN, id="gw-A")).status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.channel == "sms"
    sent = providers.requests[-1]
    assert sent["path"] == "/sms" and sent["auth"] == "Bearer sms-token"
    assert sent["body"]["to"] == "+6281234567890"
    assert complaint.public_id in sent["body"]["text"]


def test_an_sms_with_a_bad_or_missing_signature_or_a_stale_timestamp_is_refused(
    client, world, providers
):
    data = sms_message(ADUAN)
    assert post_sms(client, data, secret="wrong").status_code == 403
    assert post_sms(client, data, sign=False).status_code == 403
    assert post_sms(client, data, stamp=int(time.time()) - 301).status_code == 403
    assert post_sms(client, data, stamp=int(time.time()) + 400).status_code == 403
    assert not Inbound.objects.exists() and providers.requests == []
    assert post_sms(client, data, stamp=int(time.time()) - 200).status_code == 200


def test_an_sms_replayed_by_id_does_nothing_the_second_time(client, world, providers):
    assert post_sms(client, sms_message(ADUAN, id="gw-SAME")).status_code == 200
    assert post_sms(client, sms_message(ADUAN, id="gw-SAME")).status_code == 200
    assert Complaint.objects.count() == 1 and len(providers.requests) == 1


def test_a_signed_whatsapp_message_older_than_a_week_is_a_replay(client, world, providers):
    """Its id may have been purged: the provider's own timestamp refuses it."""
    old = wa_message(ADUAN, id="wamid.OLD")
    message = old["entry"][0]["changes"][0]["value"]["messages"][0]
    message["timestamp"] = str(int(time.time()) - 8 * 86400)
    assert post_whatsapp(client, old).status_code == 200
    assert not Inbound.objects.exists() and not Complaint.objects.exists()
    message["timestamp"] = str(int(time.time()) - 6 * 86400)  # a late retry: still taken
    message["id"] = "wamid.LATE"
    assert post_whatsapp(client, old).status_code == 200
    assert Complaint.objects.count() == 1


def test_delivery_statuses_move_the_message_forward_never_back(client, world, providers):
    post_whatsapp(client, wa_message("BANTUAN", id="wamid.H"))
    outbound = Outbound.objects.get()
    data = payload("whatsapp_status.json")
    status = data["entry"][0]["changes"][0]["value"]["statuses"][0]
    status["id"] = outbound.provider_id
    assert post_whatsapp(client, data).status_code == 200
    outbound.refresh_from_db()
    assert outbound.status == "delivered" and outbound.delivered_at is not None
    status["status"] = "sent"
    post_whatsapp(client, data)
    outbound.refresh_from_db()
    assert outbound.status == "delivered"
    sms = payload("sms_status.json")
    post_sms(client, sms_message("BANTUAN", id="gw-H"))
    sms["message_id"] = Outbound.objects.filter(contact__channel="sms").get().provider_id
    sms["status"] = "failed"
    assert post_sms(client, sms).status_code == 200
    assert Outbound.objects.filter(contact__channel="sms").get().status == "failed"


def test_a_provider_that_times_out_is_recorded_and_the_webhook_still_answers(
    client, world, providers
):
    providers.delay = 2.0  # the adapter waits 1 s
    response = post_whatsapp(client, wa_message(ADUAN, id="wamid.T"))
    assert response.status_code == 200
    assert Complaint.objects.count() == 1  # filed; the citizen can ask again with STATUS
    # The reply carries the codes: sent once, at once, never kept, so never retried.
    outbound = Outbound.objects.get()
    assert outbound.status == "failed" and "timed out" in outbound.error


def test_a_provider_that_fails_is_recorded_and_the_webhook_still_answers(client, world, providers):
    providers.fail = True
    assert post_sms(client, sms_message("BANTUAN")).status_code == 200
    outbound = Outbound.objects.get()
    # In line again for the worker, with the error kept (the retries: test_message_queue.py).
    assert outbound.status == "queued" and outbound.error.startswith("HTTP 500")
    assert outbound.attempts == 1 and outbound.errors[0]["error"].startswith("HTTP 500")
