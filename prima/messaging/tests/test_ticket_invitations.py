"""The survey invitation after a queue ticket (issue 25 §2, "after a service … or a ticket"):
`POST /api/v1/surveys/invitations/` with an officer's token sends the citizen one message, once
per ticket and day, with the officer's page's rules (agreement, STOP, daily cap, open period)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.test import Client

from prima.accounts.actions import create_api_token
from prima.messaging import actions, numbers
from prima.messaging.models import Contact, Conversation, Outbound, TicketInvitation
from prima.messaging.tests.conftest import replies, say
from prima.surveys.models import SurveyInvitation
from prima.surveys.tests.factories import make_period

pytestmark = pytest.mark.django_db

# 10:00 WIT in Namlea, a Monday inside the test period.
NOW = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
NUMBER = "+6281234567890"
URL = "/api/v1/surveys/invitations/"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def api(world):
    _token, raw = create_api_token(world.abdul, name="mesin antrean")  # Buru Dukcapil operator
    return Client(HTTP_AUTHORIZATION=f"Token {raw}")


def _post(api: Client, **data):
    body = {
        "unit": "8104-DUKCAPIL",
        "ticket": "A-023",
        "channel": "whatsapp",
        "number": "0812 3456 7890",
        "mode": "link",
        "agreed": True,
    }
    body.update(data)
    body = {k: v for k, v in body.items() if v is not ...}
    return api.post(URL, json.dumps(body), content_type="application/json")


def test_a_served_ticket_sends_one_link_and_a_repeat_sends_nothing(world, api, clock):
    make_period(world, population=200)
    first = _post(api, service=world.buru_ktp.pk)
    assert first.status_code == 201, first.content
    answer = first.json()
    assert answer == {
        "unit": "8104-DUKCAPIL",
        "ticket": "A-023",
        "day": "2026-03-02",
        "channel": "whatsapp",
        "number": numbers.masked(NUMBER),
        "status": answer["status"],
        "repeated": False,
    }
    assert answer["status"] in {"queued", "sending", "sent"}
    invitation = SurveyInvitation.objects.get()
    assert (invitation.channel, invitation.service) == ("whatsapp", world.buru_ktp)
    link = next(w for w in replies()[-1].split() if "/s/u/" in w)
    assert Client().get(link[link.index("/s/u/") :]).status_code == 200
    assert Contact.objects.get().opted_in_at is not None  # the agreement, recorded

    # The machine timed out and sends the same ticket again: nothing more goes out.
    clock.shift(30)
    again = _post(api, service=world.buru_ktp.pk)
    assert again.status_code == 200 and again.json()["repeated"] is True
    assert again.json()["day"] == "2026-03-02"
    assert (Outbound.objects.count(), SurveyInvitation.objects.count()) == (1, 1)
    # The record keeps no phone number, only the message it sent.
    record = TicketInvitation.objects.get()
    assert record.created_by == world.abdul and record.outbound == Outbound.objects.get()


def test_the_same_ticket_number_on_the_next_day_is_another_citizen(world, api, clock):
    make_period(world, population=200)
    assert _post(api).status_code == 201
    clock.shift(dt.timedelta(days=1))
    assert _post(api, number="0813 1111 2222").status_code == 201
    assert TicketInvitation.objects.count() == 2


def test_the_unit_day_is_the_units_local_day(world, api, clock):
    """16:30 UTC on 2 March is 01:30 on 3 March in Namlea (WIT)."""
    make_period(world, population=200)
    clock.move_to(dt.datetime(2026, 3, 2, 16, 30, tzinfo=dt.UTC))
    assert _post(api).json()["day"] == "2026-03-03"


def test_by_reply_over_sms(world, api, clock):
    make_period(world, population=200)
    response = _post(api, channel="sms", mode="reply")
    assert response.status_code == 201
    assert "Reply YA to start" in replies(channel="sms")[-1]
    assert Conversation.objects.get().state["step"] == "invited"
    say("tidak", channel="sms")
    assert Conversation.objects.get().outcome == "declined"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"agreed": False}, "agreed"),
        ({"agreed": ...}, "agreed"),
        ({"number": "halo"}, "number"),
        ({"number": "1" * 31}, "number"),
        ({"channel": "fax"}, "channel"),
        ({"mode": "pigeon"}, "mode"),
        ({"ticket": ""}, "ticket"),
        ({"ticket": "A" * 41}, "ticket"),
        ({"unit": ...}, "unit"),
        ({"service": 0}, "service"),
        ({"service": "ktp"}, "service"),
        # JSON's own types only, as the schema says: no number for text, no text for a number.
        ({"ticket": 23}, "ticket"),
        ({"agreed": "true"}, "agreed"),
        ({"agreed": 1}, "agreed"),
        ({"service": "12"}, "service"),
        ({"service": True}, "service"),
        ({"channel": 1}, "channel"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_sends_nothing(world, api, clock, data, field):
    make_period(world, population=200)
    response = _post(api, **data)
    assert response.status_code == 400 and field in response.json(), response.content
    assert not Outbound.objects.exists() and not TicketInvitation.objects.exists()


def test_a_service_of_another_unit_is_refused(world, api, clock):
    make_period(world, population=200)
    response = _post(api, service=world.ambon_ktp.pk)
    assert response.status_code == 400 and "service" in response.json()
    assert not Outbound.objects.exists()


def test_only_the_units_staff_may_send_its_invitations(world, clock):
    make_period(world, population=200)
    assert _post(Client()).status_code == 401
    _token, raw = create_api_token(world.marthen, name="t")  # Ambon's agency administrator
    response = _post(Client(HTTP_AUTHORIZATION=f"Token {raw}"))
    assert response.status_code == 404
    assert not Outbound.objects.exists()


def test_no_open_period_is_a_409_and_the_ticket_can_be_sent_again_later(world, api, clock):
    refused = _post(api)
    assert refused.status_code == 409
    assert refused.json()["reason"] == "no_open_period"
    assert not TicketInvitation.objects.exists() and not Outbound.objects.exists()
    make_period(world, population=200)
    assert _post(api).status_code == 201


def test_a_number_that_sent_stop_gets_nothing(world, api, clock):
    make_period(world, population=200)
    say("STOP")
    before = Outbound.objects.count()
    response = _post(api)
    assert response.status_code == 409 and response.json()["reason"] == "opted_out"
    assert Outbound.objects.count() == before and not TicketInvitation.objects.exists()


def test_a_number_gets_at_most_its_daily_invitations_whatever_the_ticket(world, api, clock):
    make_period(world, population=200)
    assert _post(api, ticket="A-001").status_code == 201
    assert _post(api, ticket="A-002").status_code == 201
    third = _post(api, ticket="A-003")
    assert third.status_code == 409 and third.json()["reason"] == "daily_limit"
    assert TicketInvitation.objects.count() == 2


def test_the_schema_documents_the_endpoint(db):
    schema = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"][URL]["post"]
    assert {"200", "201", "400", "401", "403", "404", "409", "429"} <= set(operation["responses"])


def test_the_retention_purge_forgets_old_tickets(world, api, clock):
    make_period(world, population=200)
    assert _post(api).status_code == 201
    clock.shift(dt.timedelta(days=91))
    counts = actions.purge(days=90)
    assert counts["queue tickets"] == 1 and not TicketInvitation.objects.exists()
