"""SMS and WhatsApp through the background jobs' queue (ADR 0019, 0020): a message is kept in
the sender's transaction and sent by a task after the commit, once; a provider's failure is
tried again after the jobs app's delays, then shown as failed on /manage/jobs/. A message
carrying codes is never kept, so it is sent at once instead, and never by a worker."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from prima.jobs import actions
from prima.jobs.lines import MAX_ATTEMPTS, RETRY_DELAYS
from prima.messaging import outbox
from prima.messaging.models import Channel, Contact, Outbound
from prima.test import sign_in

pytestmark = pytest.mark.django_db

NUMBER = "+6281234567890"


@pytest.fixture(autouse=True)
def _no_periodic_jobs(monkeypatch) -> None:
    """The scheduler's pass below would otherwise also run every periodic job of its slot
    (the open-data build and the backup among them, into the real var/ folder)."""
    from prima.jobs import schedule

    monkeypatch.setattr(schedule, "SCHEDULE", ())


@pytest.fixture
def contact() -> Contact:
    return Contact.objects.create(channel=Channel.SMS, number=NUMBER)


def test_a_reply_is_kept_then_sent_once_by_the_task(providers, contact, monkeypatch):
    sent = outbox.send(contact, "Halo dari Prima")  # the fixture's after_commit runs at once
    assert sent is not None
    sent.refresh_from_db()
    assert sent.status == Outbound.Status.SENT and sent.attempts == 1 and sent.provider_id
    assert [r["body"]["text"] for r in providers.requests] == ["Halo dari Prima"]
    # A second nudge (a task enqueued twice, the sweep) sends nothing more.
    assert outbox.deliver(sent.pk).state == ""
    assert len(providers.requests) == 1


def test_a_reply_waits_for_the_commit(providers, contact, monkeypatch):
    waiting: list = []
    monkeypatch.setattr(outbox, "after_commit", waiting.append)
    sent = outbox.send(contact, "Halo")
    assert sent is not None and sent.status == Outbound.Status.QUEUED
    assert providers.requests == [] and len(waiting) == 1
    waiting[0]()  # the commit
    sent.refresh_from_db()
    assert sent.status == Outbound.Status.SENT and len(providers.requests) == 1


def test_a_failed_attempt_is_tried_again_after_the_jobs_delay(
    providers, contact, django_capture_on_commit_callbacks
):
    providers.fail = True
    sent = outbox.send(contact, "Halo")
    assert sent is not None
    sent.refresh_from_db()
    assert sent.status == Outbound.Status.QUEUED and sent.attempts == 1
    assert sent.next_attempt_at is not None
    assert sent.next_attempt_at - timezone.now() <= RETRY_DELAYS[0]
    assert sent.errors[0]["error"].startswith("HTTP 500") and sent.error.startswith("HTTP 500")
    assert outbox.deliver(sent.pk).state == ""  # not due yet: nothing sent
    assert len(providers.requests) == 1
    providers.fail = False
    # The immediate backend defers nothing: the scheduler's sweep takes the retry.
    with (
        time_machine.travel(timezone.now() + RETRY_DELAYS[0] + timedelta(seconds=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert actions.tick().others_nudged == 1
    sent.refresh_from_db()
    assert sent.status == Outbound.Status.SENT and sent.attempts == 2 and sent.error == ""
    assert len(providers.requests) == 2 and len(sent.errors) == 1


def test_a_message_is_given_up_after_the_last_attempt_and_the_probe_says_so(
    providers, contact, client
):
    providers.fail = True
    sent = outbox.send(contact, "Halo")
    assert sent is not None
    for delay in RETRY_DELAYS:
        with time_machine.travel(timezone.now() + delay + timedelta(seconds=1)):
            outbox.deliver(sent.pk)
        # Each attempt's own clock: step the row's time back rather than nest the travels.
        Outbound.objects.filter(pk=sent.pk).update(next_attempt_at=timezone.now())
    sent.refresh_from_db()
    assert sent.status == Outbound.Status.FAILED and sent.attempts == MAX_ATTEMPTS
    assert len(sent.errors) == MAX_ATTEMPTS
    assert client.get("/healthz/jobs").status_code == 503


def test_two_workers_never_both_take_a_message(providers, contact, monkeypatch):
    monkeypatch.setattr(outbox, "after_commit", lambda callback: None)  # no task yet
    sent = outbox.send(contact, "Halo")
    assert sent is not None
    now = timezone.now()
    assert outbox.LINE.claim(sent.pk, now=now)  # the first worker's conditional UPDATE
    assert not outbox.LINE.claim(sent.pk, now=now)  # the second's changes nothing
    assert outbox.deliver(sent.pk).state == ""  # nor does a task that comes later
    assert providers.requests == []


def test_a_worker_that_died_while_sending_leaves_the_message_to_the_sweep(
    providers, contact, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(outbox, "after_commit", lambda callback: None)
    sent = outbox.send(contact, "Halo")
    assert sent is not None
    assert outbox.LINE.claim(sent.pk, now=timezone.now())  # taken, then the worker was killed
    with (
        time_machine.travel(timezone.now() + outbox.lease() + timedelta(seconds=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert actions.tick().others_nudged == 1
    sent.refresh_from_db()
    assert sent.status == Outbound.Status.SENT and sent.attempts == 2
    assert "interrupted" in sent.errors[0]["error"]
    assert len(providers.requests) == 1


def test_a_message_with_codes_is_sent_at_once_never_queued_nor_kept(
    providers, contact, monkeypatch, django_capture_on_commit_callbacks
):
    def no_task(pk: int) -> None:
        raise AssertionError("a message with codes must not reach the queue")

    monkeypatch.setattr(outbox, "enqueue", no_task)
    providers.fail = True
    sent = outbox.send(contact, "Nomor PRM-2607-000123, kode K7QM-R2XD", hidden=["K7QM-R2XD"])
    assert sent is not None
    sent.refresh_from_db()
    assert "K7QM-R2XD" in providers.requests[0]["body"]["text"]  # sent with its codes
    assert "K7QM-R2XD" not in sent.text  # kept without them
    assert sent.status == Outbound.Status.FAILED and sent.attempts == 1  # once, not retried
    # Even held "sending" by a process that died, no sweep ever sends it from the row.
    Outbound.objects.filter(pk=sent.pk).update(status=Outbound.Status.SENDING)
    with (
        time_machine.travel(timezone.now() + timedelta(days=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert actions.tick().others_nudged == 0
    assert len(providers.requests) == 1


def test_failed_messages_are_shown_on_the_jobs_page_with_their_errors_number_masked(
    providers, contact, world
):
    providers.fail = True
    sent = outbox.send(contact, "Isi pesan yang tidak ditampilkan")
    assert sent is not None
    Outbound.objects.filter(pk=sent.pk).update(status=Outbound.Status.FAILED, attempts=MAX_ATTEMPTS)
    page = sign_in(Client(), world.ratna).get(reverse("manage:jobs_outbox"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "<h2>SMS and WhatsApp</h2>" in text  # (this app's tests read English)
    assert "HTTP 500" in text and "+62812••••••90" in text
    assert NUMBER not in text and "Isi pesan" not in text
    assert "Some SMS and WhatsApp messages failed" in text  # the notice at the top
