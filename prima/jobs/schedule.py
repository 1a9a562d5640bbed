"""Periodic jobs, run once per time slot however many servers run the scheduler (ADR 0020).

`prima schedule` runs every minute on every server (a systemd timer). For each job it works
out the latest slot that has begun and inserts a (job, slot) row; the database's uniqueness
lets exactly one insert succeed, and only that scheduler enqueues the run. A late or missed
slot is not replayed one by one: every command here catches up on a later run. The same pass
sweeps: it puts back in line the mails and runs whose worker died (lease run out) or whose
enqueue was lost (a crash between the commit and the enqueue).
"""

from __future__ import annotations

import io
import logging
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from prima.jobs.models import JobRun

logger = logging.getLogger("prima.jobs")

OUTPUT_LENGTH = 4000
# A run that was cut short (the worker killed) is tried this many times in all.
RUN_ATTEMPTS = 3


@dataclass(frozen=True)
class PeriodicJob:
    name: str  # the job's code: JobRun.job, /healthz/jobs, docs/deploy.md
    label: str | Promise  # what the staff page calls it
    command: tuple[str, ...]  # a management command and its arguments
    every: timedelta | None = None  # slots aligned on the hour: every 5 minutes, 15 minutes
    at: time | None = None  # or once a day at this time (TIME_ZONE, WIB)
    day: int | None = None  # with `at`: once a month instead, on this day (1 to 28)
    lease: timedelta = timedelta(minutes=30)  # longer than the job ever takes

    def latest_slot(self, now: datetime) -> datetime:
        """The start of the latest slot that has begun at `now`."""
        if self.every is not None:
            step = int(self.every.total_seconds())
            seconds = int(now.timestamp())
            return datetime.fromtimestamp(seconds - seconds % step, tz=UTC)
        assert self.at is not None
        local = timezone.localtime(now)
        if self.day is not None:
            assert 1 <= self.day <= 28  # a day every month has
            slot = datetime.combine(local.date().replace(day=self.day), self.at, local.tzinfo)
            if slot <= local:
                return slot
            last_month = local.date().replace(day=1) - timedelta(days=1)
            return datetime.combine(last_month.replace(day=self.day), self.at, local.tzinfo)
        slot = datetime.combine(local.date(), self.at, tzinfo=local.tzinfo)
        return slot if slot <= local else slot - timedelta(days=1)


# The timers of docs/deploy.md, "Background jobs". Reminders go once however often their
# command runs; the refreshes and the clock act on what changed since the last run.
SCHEDULE = (
    # First the backup, so that on the drill's night the drill restores that night's backup.
    PeriodicJob(
        name="backup",
        label=_("Backup: the database and the uploaded files"),
        command=("backup",),
        at=time(0, 30),
        lease=timedelta(hours=6),
    ),
    PeriodicJob(
        name="restore-drill",
        label=_("Restore drill: the latest backup restored and checked"),
        command=("restore-drill",),
        day=1,
        at=time(4, 30),
        lease=timedelta(hours=6),
    ),
    PeriodicJob(
        name="complaints-clock",
        label=_("Complaint clock: auto-close and escalate overdue complaints"),
        command=("complaints", "clock"),
        every=timedelta(minutes=5),
    ),
    PeriodicJob(
        name="readiness-refresh",
        label=_("Readiness boards: deadlines that time has moved"),
        command=("readiness", "refresh"),
        every=timedelta(minutes=15),
    ),
    PeriodicJob(
        name="figures-refresh",
        label=_("National picture: new SKM answers"),
        command=("figures", "refresh"),
        every=timedelta(minutes=15),
    ),
    PeriodicJob(
        name="detect-survey-anomalies",
        label=_("Suspicious SKM answers for reviewers"),
        command=("detect_survey_anomalies",),
        at=time(1, 0),
        lease=timedelta(hours=2),
    ),
    PeriodicJob(
        name="opendata-build",
        label=_("Open-data packages"),
        command=("opendata", "build"),
        at=time(2, 0),
        lease=timedelta(hours=4),
    ),
    PeriodicJob(
        name="purge-messages",
        label=_("SMS and WhatsApp records past their retention"),
        command=("purge_messages", "--days", "90"),
        at=time(3, 0),
    ),
    PeriodicJob(
        name="privacy-purge",
        label=_("Personal data past its retention period (UU PDP)"),
        command=("privacy", "purge"),
        at=time(3, 45),
        lease=timedelta(hours=2),
    ),
    PeriodicJob(
        name="purge-jobs",
        label=_("Sent e-mail and finished runs past their retention"),
        command=("purge_jobs", "--days", "30"),
        at=time(3, 30),
    ),
    PeriodicJob(
        name="remind-standard-reviews",
        label=_("Reminders: service standards due for review"),
        command=("remind_standard_reviews",),
        at=time(7, 0),
    ),
    PeriodicJob(
        name="remind-coaching-tasks",
        label=_("Reminders: coaching follow-up tasks"),
        command=("remind_coaching_tasks",),
        at=time(7, 0),
    ),
    PeriodicJob(
        name="remind-readiness-deadlines",
        label=_("Reminders: readiness deadlines"),
        command=("remind_readiness_deadlines",),
        at=time(7, 0),
    ),
)


def label_of(name: str) -> str:
    """The staff page's name for the job with this code (the code itself if it is no longer
    in the schedule)."""
    return next((str(job.label) for job in SCHEDULE if job.name == name), name)


def create_due_runs(*, now: datetime) -> list[int]:
    """Insert this slot's run of every job that has none yet; the ids of those inserted here
    (another scheduler's insert of the same slot fails on the unique constraint)."""
    created = []
    for job in SCHEDULE:
        try:
            with transaction.atomic():
                run = JobRun.objects.create(job=job.name, slot=job.latest_slot(now))
        except IntegrityError:
            continue
        created.append(run.pk)
    return created


def claim_run(pk: int, *, now: datetime) -> PeriodicJob | None:
    """Take the run for this worker: one UPDATE from `pending` to `running` with a lease."""
    name = JobRun.objects.filter(pk=pk).values_list("job", flat=True).first()
    job = next((job for job in SCHEDULE if job.name == name), None)
    if job is None:
        return None
    claimed = JobRun.objects.filter(pk=pk, state=JobRun.State.PENDING).update(
        state=JobRun.State.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        lease_until=now + job.lease,
    )
    return job if claimed else None


def execute(pk: int) -> str:
    """Run the job of run `pk` unless it is not ours (already taken, done, or unknown)."""
    job = claim_run(pk, now=timezone.now())
    if job is None:
        return ""
    output = io.StringIO()
    state = JobRun.State.DONE
    try:
        call_command(*job.command, stdout=output, stderr=output)
    except Exception:  # noqa: BLE001 - recorded on the run and logged; the next slot retries
        state = JobRun.State.FAILED
        output.write(traceback.format_exc())
        logger.error("periodic job %s (run %s) failed", job.name, pk)
    JobRun.objects.filter(pk=pk, state=JobRun.State.RUNNING).update(
        state=state,
        finished_at=timezone.now(),
        lease_until=None,
        output=output.getvalue()[-OUTPUT_LENGTH:],
    )
    return state


def release_interrupted_runs(*, now: datetime) -> list[int]:
    """Runs whose worker died (the lease ran out): back in line, or `failed` after
    RUN_ATTEMPTS tries (a job that kills its worker every time must not loop)."""
    released = []
    stale = JobRun.objects.filter(state=JobRun.State.RUNNING, lease_until__lt=now)
    for run in stale.only("pk", "attempts", "output"):
        again = run.attempts < RUN_ATTEMPTS
        note = f"{run.output}\n[{now.isoformat()}] interrupted: the worker stopped".strip()
        changed = JobRun.objects.filter(pk=run.pk, state=JobRun.State.RUNNING).update(
            state=JobRun.State.PENDING if again else JobRun.State.FAILED,
            lease_until=None,
            output=note[-OUTPUT_LENGTH:],
        )
        if changed and again:
            released.append(run.pk)
        elif changed:
            logger.error("periodic job run %s interrupted %s times; given up", run.pk, run.attempts)
    return released
