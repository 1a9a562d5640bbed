"""The task django-tasks runs for SMS and WhatsApp (ADR 0019, 0020): deliver one queued
message. It claims its row first, so a task enqueued twice (the sweep's nudge, a retry) sends
nothing twice; a failed attempt enqueues the next at the time the jobs app's delays set."""

from __future__ import annotations

from django_tasks import task

from prima.jobs.tasks import MAIL_PRIORITY, retry_later
from prima.messaging import outbox


# A reply is as urgent as an e-mail: the citizen is waiting for it on their phone.
@task(priority=MAIL_PRIORITY)
def send_message(outbound_id: int) -> str:
    outcome = outbox.deliver(outbound_id)
    retry_later(send_message, outbound_id, outcome)
    return outcome.state
