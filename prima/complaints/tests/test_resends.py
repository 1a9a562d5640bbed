"""Filing is idempotent (issue 16, items 6 and 8): one citizen form files one complaint
however often, however fast and however concurrently it is sent, and Back-then-send-again
shows the report already filed with its number."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from prima.complaints import actions, tokens
from prima.complaints.models import Channel, Complaint
from prima.complaints.tests.factories import receipt
from prima.complaints.tests.test_pages import form_data


def _code(response) -> str:
    return receipt(response)["code"]


@pytest.mark.django_db
def test_the_same_form_sent_again_shows_the_same_report_even_when_the_cache_forgot(
    client, world, settings
):
    settings.PRIMA_COMPLAINT_MIN_SECONDS = 0
    url = reverse("complaints:new")
    data = form_data(client, url, agency=world.buru.pk)
    first = client.post(url, data)
    cache.clear()  # another worker, a restarted cache: the database alone decides
    again = Client().post(url, data)  # another connection, no session
    assert Complaint.objects.count() == 1
    assert _code(again) == _code(first)
    assert receipt(again)["secret"] == receipt(first)["secret"]
    assert "sudah pernah dikirim" in again.content.decode()
    complaint = Complaint.objects.get()
    assert complaint.tracking_hash == tokens.digest(_code(first))


@pytest.mark.django_db
def test_back_then_send_again_shows_the_report_already_filed_not_too_fast(client, world, settings):
    settings.PRIMA_COMPLAINT_MIN_SECONDS = 0
    url = reverse("complaints:new")
    first = client.post(url, form_data(client, url, agency=world.buru.pk))
    number = Complaint.objects.get().public_id
    settings.PRIMA_COMPLAINT_MIN_SECONDS = 5
    # Back: the browser draws a fresh form (a new token) holding the same report; send.
    again = client.post(url, form_data(client, url, agency=world.buru.pk))
    text = again.content.decode()
    assert "very fast" not in text and "terlalu cepat" not in text.lower()
    assert number in text and _code(again) == _code(first)
    # Sending once more after the wait files nothing either.
    settings.PRIMA_COMPLAINT_MIN_SECONDS = 0
    client.post(url, form_data(client, url, agency=world.buru.pk))
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_another_report_from_the_same_browser_is_filed(client, world, settings):
    settings.PRIMA_COMPLAINT_MIN_SECONDS = 0
    url = reverse("complaints:new")
    client.post(url, form_data(client, url, agency=world.buru.pk))
    client.post(url, form_data(client, url, agency=world.buru.pk, title="Loket tutup siang"))
    assert Complaint.objects.count() == 2


@pytest.mark.django_db
def test_a_resend_long_after_shows_the_number_but_not_the_code(client, world, settings):
    settings.PRIMA_COMPLAINT_MIN_SECONDS = 0
    url = reverse("complaints:new")
    data = form_data(client, url, agency=world.buru.pk)
    client.post(url, data)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=31)):
        again = client.post(url, data)
    text = again.content.decode()
    assert Complaint.objects.count() == 1
    assert Complaint.objects.get().public_id in text and "data-copy" not in text


@pytest.mark.django_db
def test_a_resend_that_loses_the_race_returns_the_complaint_filed_by_the_winner(world, monkeypatch):
    # The winner's row is committed between the loser's look-up and its insert: the unique
    # key refuses the insert and the loser answers with the winner's complaint.
    nonce = "race-nonce"
    winner = actions.file_complaint(
        agency=world.buru,
        title="Antrean panjang",
        description="Antrean di loket KTP sangat panjang sejak pagi.",
        channel=Channel.WEB,
        actor=None,
        submission=nonce,
    )
    monkeypatch.setattr(actions, "filed_earlier", _none_then(actions.filed_earlier))
    loser = actions.file_complaint(
        agency=world.buru,
        title="Antrean panjang",
        description="Antrean di loket KTP sangat panjang sejak pagi.",
        channel=Channel.WEB,
        actor=None,
        submission=nonce,
    )
    assert loser.resent and loser.complaint == winner.complaint
    assert loser.tracking_code == winner.tracking_code
    assert Complaint.objects.count() == 1


def _none_then(real):
    calls = []

    def look_up(submission):
        calls.append(submission)
        return None if len(calls) == 1 else real(submission)

    return look_up


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_five_concurrent_posts_of_one_form_file_one_complaint(world, settings):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a server database (the suite on PostgreSQL)")
    settings.PRIMA_COMPLAINT_MIN_SECONDS = 0
    url = reverse("complaints:new")
    data = form_data(Client(), url, agency=world.buru.pk)
    barrier = threading.Barrier(5)
    codes: list[str] = []

    def send() -> None:
        try:
            barrier.wait()
            codes.append(_code(Client().post(url, data)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Complaint.objects.count() == 1
    assert len(codes) == 5 and len(set(codes)) == 1
