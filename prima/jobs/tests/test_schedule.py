"""Periodic jobs: one run per (job, time slot) however many schedulers, each claimed by one
worker; a failure or an interruption recorded on the run."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from django.utils import timezone

from prima.jobs import actions, schedule
from prima.jobs.models import JobRun
from prima.jobs.queries import health
from prima.jobs.schedule import PeriodicJob

pytestmark = pytest.mark.django_db

WIB = timezone.get_fixed_timezone(7 * 60)
EVERY_5 = PeriodicJob(name="five", label="Five", command=("check",), every=timedelta(minutes=5))
AT_2 = PeriodicJob(name="two", label="Two", command=("check",), at=time(2, 0))
MONTHLY = PeriodicJob(name="month", label="Month", command=("check",), day=1, at=time(4, 30))


def utc(hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2026, 3, 1, hour, minute, second, tzinfo=UTC)


def wib(day: int, hour: int, minute: int) -> datetime:
    return (
        datetime(2026, 3, day, hour, minute, tzinfo=WIB)
        if day
        else datetime(2026, 2, 28, hour, minute, tzinfo=WIB)
    )


@pytest.mark.parametrize(
    ("job", "now", "slot"),
    [
        (EVERY_5, utc(10, 4, 59), utc(10, 0)),
        (EVERY_5, utc(10, 5), utc(10, 5)),
        # Daily slots are in WIB: 02:00 WIB is 19:00 UTC the day before.
        (AT_2, wib(1, 1, 59), wib(0, 2, 0)),
        (AT_2, wib(1, 2, 0), wib(1, 2, 0)),
        (AT_2, wib(1, 23, 0), wib(1, 2, 0)),
        # Monthly slots: the 1st at 04:30 WIB; before it, the 1st of the month before.
        (MONTHLY, wib(1, 4, 30), wib(1, 4, 30)),
        (MONTHLY, wib(31, 23, 59), wib(1, 4, 30)),
        (MONTHLY, wib(1, 4, 29), datetime(2026, 2, 1, 4, 30, tzinfo=WIB)),
    ],
)
def test_the_latest_slot_that_has_begun(job, now, slot):
    assert job.latest_slot(now) == slot


@pytest.fixture
def jobs(monkeypatch):
    monkeypatch.setattr(schedule, "SCHEDULE", (EVERY_5, AT_2))


def test_each_slot_runs_once_however_often_the_scheduler_runs(
    jobs, django_capture_on_commit_callbacks
):
    now = datetime(2026, 3, 1, 10, 1, tzinfo=UTC)
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.tick(now=now).runs_created == 2
        assert actions.tick(now=now + timedelta(minutes=1)).runs_created == 0
        assert actions.tick(now=now + timedelta(minutes=4)).runs_created == 1  # 10:05
    runs = JobRun.objects.order_by("slot", "job")
    assert [(r.job, r.state, r.attempts) for r in runs] == [
        ("two", "done", 1), ("five", "done", 1), ("five", "done", 1)
    ]  # fmt: skip
    # A run already done is not taken again, whoever asks.
    assert schedule.execute(runs[0].pk) == ""


def test_a_failing_job_is_recorded_and_shown(monkeypatch, django_capture_on_commit_callbacks):
    broken = PeriodicJob(
        name="broken", label="Broken", command=("no_such_command",), every=timedelta(minutes=5)
    )
    monkeypatch.setattr(schedule, "SCHEDULE", (broken,))
    with django_capture_on_commit_callbacks(execute=True):
        actions.tick()
    run = JobRun.objects.get()
    assert run.state == "failed" and "no_such_command" in run.output
    assert health(now=timezone.now()).jobs_failed == ("broken",)


def test_a_run_whose_worker_died_runs_again_then_gives_up(jobs, django_capture_on_commit_callbacks):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=False):  # enqueued, never run
        actions.tick(now=now)
    run = JobRun.objects.get(job="five")
    for attempt in range(1, schedule.RUN_ATTEMPTS + 1):
        assert schedule.claim_run(run.pk, now=now)  # a worker took it, then was killed
        now += EVERY_5.lease + timedelta(seconds=1)
        with django_capture_on_commit_callbacks(execute=False):
            actions.tick(now=now)
        run.refresh_from_db()
        assert run.attempts == attempt
        assert run.state == ("pending" if attempt < schedule.RUN_ATTEMPTS else "failed")
    assert run.output.count("interrupted") == schedule.RUN_ATTEMPTS


def test_every_periodic_job_of_the_schedule_runs_on_an_empty_database(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PRIMA_OPENDATA_DIR = tmp_path / "opendata"
    settings.PRIMA_BACKUP_DIR = tmp_path / "backups"  # the backup, then the drill restores it
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIMA_PUBLIC_URL = "https://prima.example.go.id"
    with django_capture_on_commit_callbacks(execute=True):
        actions.tick()
    runs = {run.job: (run.state, run.output) for run in JobRun.objects.all()}
    assert set(runs) == {job.name for job in schedule.SCHEDULE}
    assert {name: state for name, (state, _) in runs.items() if state != "done"} == {}
