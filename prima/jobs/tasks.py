"""The tasks django-tasks runs (ADR 0020): deliver one mail, run one periodic job, build one
export (and, for the apps above, `retry_later`: SMS and WhatsApp's task retries the same
way). Each takes the id of a row and claims it; a task that finds its row taken or finished
does nothing, so a task enqueued twice is harmless."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django_tasks import default_task_backend, task
from django_tasks.base import Task

from prima.jobs import delivery, exports, schedule
from prima.jobs.lines import Outcome

# E-mail before periodic jobs when both wait (the database backend honours priority).
MAIL_PRIORITY = 10


def retry_later(task: Task[[int], str], pk: int, outcome: Outcome) -> None:
    """Enqueue `task` for row `pk` again at the time its failed attempt set. Without deferred
    tasks (the immediate backend) the scheduler's sweep takes the retry."""
    if outcome.retry_at is not None and default_task_backend.supports_defer:
        task.using(run_after=outcome.retry_at).enqueue(pk)


@task(priority=MAIL_PRIORITY)
def send_mail(mail_id: int) -> str:
    outcome = delivery.deliver(mail_id)
    retry_later(send_mail, mail_id, outcome)
    return outcome.state


@task()
def run_job(run_id: int) -> str:
    return schedule.execute(run_id)


@task()
def build_export(export_id: int) -> str:
    return exports.execute(export_id)


def enqueue_mail(mail_id: int) -> None:
    send_mail.enqueue(mail_id)


def enqueue_run(run_id: int) -> None:
    run_job.enqueue(run_id)


def enqueue_export(export_id: int) -> None:
    build_export.enqueue(export_id)


def enqueue_after_commit(
    mail_ids: list[int], run_ids: list[int], export_ids: list[int] | None = None
) -> None:
    for pk in mail_ids:
        transaction.on_commit(partial(enqueue_mail, pk))
    for pk in run_ids:
        transaction.on_commit(partial(enqueue_run, pk))
    for pk in export_ids or []:
        transaction.on_commit(partial(enqueue_export, pk))
