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


def _page_queries(client: Client) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("manage:jobs_outbox")).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_the_page_takes_as_many_queries_for_many_mails_and_runs_as_for_one(
    world, django_assert_max_num_queries
):
    from datetime import timedelta

    from prima.jobs.models import JobRun
    from prima.jobs.schedule import SCHEDULE

    client = sign_in(Client(), world.ratna)
    _failed_mail()
    client.get(reverse("manage:jobs_outbox"))  # the session and the like settle
    few = _page_queries(client)
    now = timezone.now()
    for n in range(40):
        Mail.objects.create(
            message_id=f"<m{n}@prima>",
            subject=f"Pengingat {n}",
            body="",
            from_email="prima@localhost",
            to=[f"petugas{n}@buru.go.id"],
            state=[Mail.State.FAILED, Mail.State.PENDING, Mail.State.SENT][n % 3],
            sent_at=now if n % 3 == 2 else None,
            attempts=n % 7,
            errors=[{"at": now.isoformat(), "error": f"timeout {k}"} for k in range(n % 4)],
            requeued_by=world.ratna if n % 2 else None,
            requeued_at=now if n % 2 else None,
        )
    for job in SCHEDULE:
        for k in range(3):
            JobRun.objects.create(
                job=job.name, slot=now - timedelta(hours=k), state=JobRun.State.FAILED
            )
    many = _page_queries(client)
    assert len(many) == len(few)
    # The periodic jobs: their latest runs in one query, the scheduler's last insert in one.
    assert len([sql for sql in many if "jobs_jobrun" in sql]) == 2
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("manage:jobs_outbox"), {"state": "failed"})


def test_the_latest_run_of_each_job_is_its_newest_slot(db):
    from datetime import timedelta

    from prima.jobs.models import JobRun
    from prima.jobs.queries import latest_runs
    from prima.jobs.schedule import SCHEDULE

    now = timezone.now()
    first, second = SCHEDULE[0].name, SCHEDULE[1].name
    JobRun.objects.create(job=first, slot=now - timedelta(hours=1), state=JobRun.State.FAILED)
    JobRun.objects.create(job=first, slot=now, state=JobRun.State.DONE)
    runs = latest_runs()
    assert list(runs) == [job.name for job in SCHEDULE]
    assert runs[first].slot == now and runs[first].state == JobRun.State.DONE
    assert runs[second] is None


def test_failures_come_first_then_mail_waiting_then_mail_sent(db):
    from prima.jobs.queries import outbox

    def mail(n: int, state: str) -> Mail:
        return Mail.objects.create(
            message_id=f"<o{n}@prima>",
            subject=f"s{n}",
            body="",
            from_email="prima@localhost",
            state=state,
            sent_at=timezone.now() if state == Mail.State.SENT else None,
        )

    old_failure = mail(1, Mail.State.FAILED)
    waiting = mail(2, Mail.State.PENDING)
    new_failure = mail(3, Mail.State.FAILED)
    sent = mail(4, Mail.State.SENT)
    assert list(outbox()) == [new_failure, old_failure, waiting, sent]


def test_a_failed_periodic_job_is_run_again_from_the_page_and_the_probe_clears(
    world, client, django_capture_on_commit_callbacks
):
    from prima.jobs.models import JobRun

    slot = timezone.now().replace(second=0, microsecond=0)
    JobRun.objects.create(job="purge-jobs", slot=slot, state=JobRun.State.FAILED, output="boom")
    assert client.get("/healthz/jobs").status_code == 503
    staff = sign_in(Client(), world.ratna)
    page = staff.get(reverse("manage:jobs_outbox")).content.decode()
    assert "Jalankan lagi sekarang" in page
    with django_capture_on_commit_callbacks(execute=True):
        answer = staff.post(reverse("manage:jobs_run_again", args=["purge-jobs"]), follow=True)
    assert "berjalan lagi sekarang" in answer.content.decode()
    runs = list(JobRun.objects.filter(job="purge-jobs").order_by("slot"))
    assert [run.state for run in runs] == [JobRun.State.FAILED, JobRun.State.DONE]
    assert client.get("/healthz/jobs").json() == {"status": "ok"}
    # Its latest run did not fail: nothing to run again, nothing created.
    again = staff.post(reverse("manage:jobs_run_again", args=["purge-jobs"]), follow=True)
    assert "Hanya pekerjaan" in again.content.decode()
    assert JobRun.objects.filter(job="purge-jobs").count() == 2


@pytest.mark.parametrize("persona", ["siti", "abdul", "yohanis"])
def test_nobody_else_runs_a_job_again(world, persona):
    from prima.jobs.models import JobRun

    JobRun.objects.create(job="purge-jobs", slot=timezone.now(), state=JobRun.State.FAILED)
    client = sign_in(Client(), getattr(world, persona))
    answer = client.post(reverse("manage:jobs_run_again", args=["purge-jobs"]))
    assert answer.status_code == 404
    assert JobRun.objects.count() == 1


def test_an_unknown_job_is_not_run(world):
    client = sign_in(Client(), world.ratna)
    answer = client.post(reverse("manage:jobs_run_again", args=["no-such-job"]), follow=True)
    assert "Hanya pekerjaan" in answer.content.decode()
