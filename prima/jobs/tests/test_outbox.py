"""E-mail through the outbox: kept with the sender's transaction, sent once after the commit,
retried with growing delays when the mail server is down, then shown as failed."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import transaction
from django.utils import timezone

from prima.complaints import notify
from prima.jobs import actions, delivery
from prima.jobs.models import Mail
from prima.jobs.queries import health

BROKEN = "prima.jobs.tests.backends.BrokenBackend"
pytestmark = pytest.mark.django_db


def test_a_mail_is_kept_in_the_transaction_and_sent_once_after_the_commit(
    outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assert send_mail("Hello", "Body", None, ["kepala@example.go.id"]) == 1
        assert outbox == []
        assert Mail.objects.get().state == Mail.State.PENDING
    mail = Mail.objects.get()
    assert mail.state == Mail.State.SENT and mail.attempts == 1 and mail.sent_at
    assert len(outbox) == 1
    assert outbox[0].extra_headers["Message-ID"] == mail.message_id
    # A second nudge (a task enqueued twice, a sweep) sends nothing more.
    assert delivery.deliver(mail.pk).state == ""
    assert len(outbox) == 1


def test_a_rolled_back_request_keeps_no_mail_and_sends_nothing(
    outbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_mail("Hello", "Body", None, ["kepala@example.go.id"])
        raise RuntimeError("the request failed")
    assert callbacks == [] and outbox == [] and not Mail.objects.exists()


def test_html_part_reply_to_and_attachment_survive_the_outbox(
    outbox, django_capture_on_commit_callbacks
):
    message = EmailMultiAlternatives(
        "Laporan", "Teks", "prima@example.go.id", ["a@example.go.id"], reply_to=["b@x.id"]
    )
    message.attach_alternative("<p>Teks</p>", "text/html")
    message.attach("laporan.csv", "a,b\n1,2\n", "text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        message.send()
    [sent] = outbox
    assert sent.alternatives[0][0] == "<p>Teks</p>" and sent.reply_to == ["b@x.id"]
    assert sent.attachments[0][0] == "laporan.csv" and sent.from_email == "prima@example.go.id"


def test_a_mail_server_that_is_down_is_retried_with_growing_delays_then_failed(
    outbox, settings, django_capture_on_commit_callbacks
):
    settings.PRIMA_MAIL_DELIVERY_BACKEND = BROKEN
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            send_mail("Hello", "Body", None, ["kepala@example.go.id"])
        mail = Mail.objects.get()
        waits = []
        while mail.state == Mail.State.PENDING:
            waits.append(mail.next_attempt_at - timezone.now())
            clock.move_to(mail.next_attempt_at - timedelta(seconds=1))
            with django_capture_on_commit_callbacks(execute=True):
                actions.tick()
            assert Mail.objects.get().attempts == mail.attempts  # not yet due
            clock.move_to(mail.next_attempt_at)
            with django_capture_on_commit_callbacks(execute=True):
                actions.tick()
            mail = Mail.objects.get()
    assert waits == list(delivery.RETRY_DELAYS)
    assert mail.state == Mail.State.FAILED and mail.attempts == delivery.MAX_ATTEMPTS
    assert len(mail.errors) == delivery.MAX_ATTEMPTS
    assert "SMTPServerDisconnected" in mail.errors[-1]["error"]
    assert outbox == []
    assert health(now=timezone.now()).mails_failed == 1


def test_complaint_notifications_are_no_longer_dropped_when_the_server_is_down(
    outbox, settings, django_capture_on_commit_callbacks
):
    settings.PRIMA_MAIL_DELIVERY_BACKEND = BROKEN
    with django_capture_on_commit_callbacks(execute=True):
        notify._send("[Prima] Pengaduan", "Isi", ["unit@example.go.id"])  # does not raise
    mail = Mail.objects.get()
    assert mail.state == Mail.State.PENDING and mail.attempts == 1
    assert "Connection unexpectedly closed" in mail.last_error


def test_the_complainants_codes_bypass_the_outbox(outbox, world):
    from prima.complaints.models import Complaint

    complaint = Complaint(public_id="ADU-1", title="Antrean")
    sent = notify.codes_to_complainant(
        "warga@example.com", complaint, code="K0DE", secret="RAHASIA", track_url="https://x/"
    )
    assert sent and not Mail.objects.exists()
    assert "RAHASIA" in outbox[0].body


def test_a_mail_whose_worker_died_is_put_back_and_sent_by_the_next(
    outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        send_mail("Hello", "Body", None, ["kepala@example.go.id"])
    mail = Mail.objects.get()
    assert delivery.claim(mail.pk, now=timezone.now())  # a worker took it, then was killed
    with django_capture_on_commit_callbacks(execute=True):
        actions.tick()
    assert outbox == []  # its lease has not run out yet
    with (
        time_machine.travel(timezone.now() + delivery.lease() + timedelta(seconds=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        actions.tick()
    mail.refresh_from_db()
    assert mail.state == Mail.State.SENT and mail.attempts == 2 and len(outbox) == 1
    assert mail.errors[0]["error"].startswith("interrupted")


def test_a_lost_enqueue_is_caught_by_the_sweep(outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the process died at the commit
        send_mail("Hello", "Body", None, ["kepala@example.go.id"])
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.tick().mails_nudged == 1
    assert Mail.objects.get().state == Mail.State.SENT and len(outbox) == 1


def test_send_again_puts_a_failed_mail_back_but_never_a_sent_one(
    outbox, world, django_capture_on_commit_callbacks
):
    failed = Mail.objects.create(
        message_id="<a@prima>", subject="A", body="", from_email="p@x", to=["a@x.id"],
        state=Mail.State.FAILED, attempts=6, errors=[{"at": "2026-01-01T00:00:00", "error": "x"}],
    )  # fmt: skip
    sent = Mail.objects.create(
        message_id="<b@prima>", subject="B", body="", from_email="p@x", to=["b@x.id"],
        state=Mail.State.SENT, sent_at=timezone.now(),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.resend_mail(failed, actor=world.ratna)
        assert not actions.resend_mail(sent, actor=world.ratna)
    failed.refresh_from_db()
    assert failed.state == Mail.State.SENT and failed.requeued_by == world.ratna
    assert [m.to for m in outbox] == [["a@x.id"]]
