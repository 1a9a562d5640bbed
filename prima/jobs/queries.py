"""Reads of the jobs app: the outbox page, the health of background work, a user's exports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Case, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from prima.accounts.models import User
from prima.jobs import lines, schedule
from prima.jobs.models import Export, JobRun, Mail

# A mail due this long ago and still waiting means no worker is taking mail.
LATE = timedelta(minutes=15)
# The scheduler inserts a complaint-clock run every 5 minutes: none for this long, it is down.
SCHEDULER_SILENT = timedelta(minutes=15)
RECENT_FAILURES = timedelta(days=2)


@dataclass(frozen=True)
class Health:
    mails_failed: int  # given up, written in the last two days
    mails_late: int  # waiting past their time: no worker is delivering
    jobs_failed: tuple[str, ...]  # jobs whose latest run failed
    scheduler_silent: bool  # it has run before, but not lately
    # The labels of other apps' lines (prima.jobs.lines: SMS and WhatsApp) with rows given up
    # in the last two days, and with rows waiting past their time.
    others_failed: tuple[str, ...] = ()
    others_late: tuple[str, ...] = ()
    # The latest run of every periodic job, in the schedule's order (the staff page shows
    # them: read once, here).
    runs: dict[str, JobRun | None] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (
            self.mails_failed
            or self.mails_late
            or self.jobs_failed
            or self.scheduler_silent
            or self.others_failed
            or self.others_late
        )


def health(*, now: datetime) -> Health:
    # A mail gives up about 15 hours after it was written (delivery.RETRY_DELAYS): those
    # written in the last two days and failed are the recent failures.
    failed = Mail.objects.filter(state=Mail.State.FAILED, created_at__gte=now - RECENT_FAILURES)
    late = Mail.objects.filter(
        Q(state=Mail.State.PENDING, next_attempt_at__lt=now - LATE)
        | Q(state=Mail.State.SENDING, lease_until__lt=now - LATE)
    )
    latest = latest_runs()
    jobs_failed = tuple(name for name, run in latest.items() if run and run.state == "failed")
    newest = JobRun.objects.order_by("-created_at").values_list("created_at", flat=True).first()
    return Health(
        mails_failed=failed.count(),
        mails_late=late.count(),
        jobs_failed=jobs_failed,
        scheduler_silent=newest is not None and newest < now - SCHEDULER_SILENT,
        others_failed=tuple(
            str(line.label)
            for line in lines.REGISTERED.values()
            if line.failed_since(now - RECENT_FAILURES)
        ),
        others_late=tuple(
            str(line.label) for line in lines.REGISTERED.values() if line.late(before=now - LATE)
        ),
        runs=latest,
    )


def latest_runs() -> dict[str, JobRun | None]:
    """The latest run of every periodic job, in the schedule's order: one query, however
    many jobs the schedule has (a run is unique per job and slot)."""
    names = [job.name for job in schedule.SCHEDULE]
    newest_slot = JobRun.objects.filter(job=OuterRef("job")).order_by("-slot").values("slot")[:1]
    found = {
        run.job: run for run in JobRun.objects.filter(job__in=names, slot=Subquery(newest_slot))
    }
    return {name: found.get(name) for name in names}


def outbox(*, state: str = "") -> QuerySet[Mail]:
    """The outbox for the staff page: failures first, then mail still to be sent, then sent
    mail; newest first within each."""
    mails = Mail.objects.defer("body", "alternatives", "attachments", "headers")
    if state in Mail.State.values:
        mails = mails.filter(state=state)
    rank = Case(
        When(state=Mail.State.FAILED, then=Value(0)),
        When(state__in=[Mail.State.PENDING, Mail.State.SENDING], then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return mails.select_related("requeued_by").order_by(rank, "-created_at", "-pk")


def exports_of(user: User) -> QuerySet[Export]:
    """A user's exports, newest first (expired ones wait for the nightly purge, not shown)."""
    return Export.objects.filter(requested_by=user, expires_at__gte=timezone.now()).order_by(
        "-created_at", "-pk"
    )


def failed_exports(*, now: datetime) -> QuerySet[Export]:
    """Exports that failed in the last two days, for the staff page of background work."""
    return (
        Export.objects.filter(state=Export.State.FAILED, created_at__gte=now - RECENT_FAILURES)
        .select_related("requested_by")
        .order_by("-created_at")
    )
