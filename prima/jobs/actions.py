"""Writes of the jobs app: the scheduler's pass, an administrator's "send again", and a
user's request for an export prepared in the background."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django_tasks import default_task_backend

from prima.accounts.models import User
from prima.jobs import delivery, exports, lines, schedule, tasks
from prima.jobs.models import Export, JobRun, Mail

logger = logging.getLogger("prima.jobs")

# With a queue (the database backend) a row should be picked up within this time; past it
# the enqueue is taken as lost and done again. Without one the sweep itself is the retry.
QUEUE_GRACE = timedelta(minutes=5)
SWEEP_BATCH = 500


@dataclass(frozen=True)
class Tick:
    runs_created: int
    mails_nudged: int
    runs_nudged: int
    exports_nudged: int = 0
    others_nudged: int = 0  # rows of the lines other apps registered (SMS and WhatsApp)


def _grace() -> timedelta:
    return QUEUE_GRACE if default_task_backend.supports_defer else timedelta(0)


def tick(*, now: datetime | None = None) -> Tick:
    """One pass of the scheduler (`prima schedule`, every minute on every server): this
    slot's periodic runs, then the mails and runs that wait for a worker that is not coming."""
    now = now or timezone.now()
    with transaction.atomic():
        created = schedule.create_due_runs(now=now)
        released_mails = delivery.release_interrupted(now=now)
        released_runs = schedule.release_interrupted_runs(now=now)
        released_exports = exports.release_interrupted(now=now)
        late = now - _grace()
        mails = list(
            Mail.objects.filter(state=Mail.State.PENDING)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=late))
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:SWEEP_BATCH]
        )
        runs = list(
            JobRun.objects.filter(state=JobRun.State.PENDING, due_at__lte=late)
            .exclude(pk__in=created)
            .values_list("pk", flat=True)[:SWEEP_BATCH]
        )
        waiting = list(
            Export.objects.filter(state=Export.State.WAITING, due_at__lte=late).values_list(
                "pk", flat=True
            )[:SWEEP_BATCH]
        )
        mails = sorted({*released_mails, *mails})
        runs = sorted({*released_runs, *runs})
        waiting = sorted({*released_exports, *waiting})
        # Nudged now: the next pass leaves them alone for QUEUE_GRACE.
        Mail.objects.filter(pk__in=mails).update(next_attempt_at=now)
        JobRun.objects.filter(pk__in=[*created, *runs]).update(due_at=now)
        Export.objects.filter(pk__in=waiting).update(due_at=now)
        tasks.enqueue_after_commit(mails, [*created, *runs], waiting)
        others = sum(_sweep(line, now=now, late=late) for line in lines.REGISTERED.values())
    return Tick(
        runs_created=len(created),
        mails_nudged=len(mails),
        runs_nudged=len(runs),
        exports_nudged=len(waiting),
        others_nudged=others,
    )


def _sweep(line: lines.Line, *, now: datetime, late: datetime) -> int:
    """The same sweep for another app's line: interrupted rows and rows nobody took."""
    pks = sorted({*line.release_interrupted(now=now), *line.due(before=late, limit=SWEEP_BATCH)})
    line.model._default_manager.filter(pk__in=pks).update(next_attempt_at=now)
    for pk in pks:
        transaction.on_commit(partial(line.enqueue, pk))
    return len(pks)


def run_again(name: str, *, actor: User, now: datetime | None = None) -> JobRun | None:
    """A periodic job run again at once, after its latest run failed and the cause was put
    right (a monthly restore drill would otherwise wait a month to clear `/healthz/jobs`). The
    new run's slot is now, so it is the job's latest; the schedule's own slots are untouched.
    None when the job is unknown or its latest run did not fail (nothing to run again)."""
    from prima.jobs.queries import latest_runs

    now = now or timezone.now()
    if name not in {job.name for job in schedule.SCHEDULE}:
        return None
    latest = latest_runs().get(name)
    if latest is None or latest.state != JobRun.State.FAILED:
        return None
    with transaction.atomic():
        run = JobRun.objects.create(job=name, slot=now, due_at=now)
        logger.info("periodic job %s run again by %s (run %s)", name, actor.username, run.pk)
        tasks.enqueue_after_commit([], [run.pk])
    return run


def resend_mail(mail: Mail, *, actor: User) -> bool:
    """Put a failed (or waiting) mail back in line at once, with a full set of attempts. A
    sent mail is never sent again: false, nothing changes."""
    now = timezone.now()
    with transaction.atomic():
        changed = Mail.objects.filter(
            pk=mail.pk, state__in=[Mail.State.FAILED, Mail.State.PENDING]
        ).update(
            state=Mail.State.PENDING,
            attempts=0,
            next_attempt_at=now,
            requeued_by=actor,
            requeued_at=now,
        )
        if changed:
            logger.info("mail %s put back in line by %s", mail.pk, actor.username)
            tasks.enqueue_after_commit([mail.pk], [])
    return bool(changed)


def request_export(*, actor: User, kind: str, params: dict[str, Any]) -> Export:
    """Record a request for a file prepared in the background and put it in line (after the
    commit). The kind's access rule is applied first, as the direct download applies it; what
    it grants is kept and must still be granted when the file is built and downloaded.
    Raises ValueError for an unknown kind or parameters the kind refuses, and the rule's own
    refusal (a 404, recorded)."""
    found = exports.kind_of(kind)
    if found is None:
        raise ValueError(f"unknown export kind {kind!r}")
    clean = found.clean(params)
    granted = found.access(actor, clean)
    now = timezone.now()
    with transaction.atomic():
        export = Export.objects.create(
            requested_by=actor,
            kind=found.code,
            params=clean,
            granted=granted,
            title=found.title(clean)[:200],
            language=translation.get_language() or "",
            created_at=now,
            due_at=now,
            expires_at=now + timedelta(days=exports.keep_days()),
        )
        logger.info("export %s (%s) requested by %s", export.pk, kind, actor.username)
        tasks.enqueue_after_commit([], [], [export.pk])
    return export


def record_download(export: Export) -> None:
    Export.objects.filter(pk=export.pk).update(downloaded_at=timezone.now())


def delete_export(export: Export, *, actor: User) -> bool:
    """ "Delete" on the list of one's exports: the file and the row, before the nightly purge
    would remove them. Only a finished export (ready or failed) or one past its time; False
    for one still waiting or being built."""
    if not exports.remove(export, now=timezone.now()):
        return False
    logger.info("export %s (%s) deleted by %s", export.pk, export.kind, actor.username)
    return True
