"""The staff page of background work and the health probe."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from prima.jobs.models import Mail
from prima.test import sign_in

pytestmark = pytest.mark.django_db


def _failed_mail() -> Mail:
    return Mail.objects.create(
        message_id="<f@prima>",
        subject="[Prima] Pengaduan ADU-9",
        body="rahasia",
        from_email="prima@localhost",
        to=["kepala.dinas@buru.go.id"],
        state=Mail.State.FAILED,
        attempts=6,
        errors=[{"at": timezone.now().isoformat(), "error": "SMTPAuthenticationError: 535"}],
    )


def test_the_national_administrator_sees_failures_with_their_error_and_masked_addresses(world):
    _failed_mail()
    page = sign_in(Client(), world.ratna).get(reverse("manage:jobs_outbox"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "SMTPAuthenticationError: 535" in text and "k•••@buru.go.id" in text
    assert "kepala.dinas@" not in text and "rahasia" not in text
    assert "Jam pengaduan: tutup otomatis" in text  # the periodic jobs, not run yet


@pytest.mark.parametrize("persona", ["siti", "abdul", "yohanis"])
def test_nobody_else_sees_the_outbox(world, persona):
    mail = _failed_mail()
    client = sign_in(Client(), getattr(world, persona))
    assert client.get(reverse("manage:jobs_outbox")).status_code == 404
    assert client.post(reverse("manage:jobs_mail_resend", args=[mail.pk])).status_code == 404
    assert Mail.objects.get().state == Mail.State.FAILED


def test_send_again_from_the_page(world, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "prima.jobs.outbox.OutboxBackend"
    settings.PRIMA_MAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail = _failed_mail()
    client = sign_in(Client(), world.ratna)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("manage:jobs_mail_resend", args=[mail.pk]), follow=True)
    assert "kembali masuk antrean" in answer.content.decode()
    mail.refresh_from_db()
    assert mail.state == Mail.State.SENT and mail.requeued_by == world.ratna
    again = client.post(reverse("manage:jobs_mail_resend", args=[mail.pk]), follow=True)
    assert "tidak dikirim dua kali" in again.content.decode()


def test_the_jobs_probe_says_failing_when_mail_failed_and_nothing_more(client, db):
    assert client.get("/healthz/jobs").json() == {"status": "ok"}
    _failed_mail()
    answer = client.get("/healthz/jobs", HTTP_HOST="10.0.0.5")
    assert answer.status_code == 503 and answer.json() == {"status": "failing"}


def test_the_periodic_jobs_are_named_in_words_not_by_their_codes(world):
    from prima.jobs.schedule import SCHEDULE

    page = sign_in(Client(), world.ratna).get(reverse("manage:jobs_outbox")).content.decode()
    assert "Paket data terbuka" in page and "Pengingat: tenggat kesiapan" in page
    assert not [job.name for job in SCHEDULE if job.name in page]
