"""Delivering one outbox row: claim it, send it, record what happened (ADR 0020).

Sent once: a row is claimed by one UPDATE that moves it from `pending` to `sending` with a
lease, so no two workers send it; a `sent` row is never claimed again. A worker that dies
while sending leaves the lease to run out; the sweep (`prima schedule`) then records the
interruption as a failed attempt and puts the row back in line. Failed attempts wait
RETRY_DELAYS before the next; after the last the row is `failed` and shown to administrators.
The claim, the retries and the sweep are prima.jobs.lines', shared with SMS and WhatsApp.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.jobs.lines import MAX_ATTEMPTS, RETRY_DELAYS, Line, Outcome, error_text
from prima.jobs.models import Mail
from prima.jobs.outbox import as_message, delivery_backend

__all__ = [
    "MAIL",
    "MAX_ATTEMPTS",
    "RETRY_DELAYS",
    "Outcome",
    "claim",
    "deliver",
    "lease",
    "record_failure",
    "release_interrupted",
]


def lease() -> timedelta:
    """How long a claim holds: longer than the transport's time-out (EMAIL_TIMEOUT)."""
    return timedelta(seconds=getattr(settings, "PRIMA_JOBS_MAIL_LEASE_SECONDS", 300))


def _enqueue(pk: int) -> None:
    from prima.jobs.tasks import enqueue_mail

    enqueue_mail(pk)


MAIL = Line(
    name="mail",
    label=_("e-mails"),
    model=Mail,
    state_field="state",
    waiting=Mail.State.PENDING,
    sending=Mail.State.SENDING,
    sent=Mail.State.SENT,
    failed=Mail.State.FAILED,
    lease=lease,
    enqueue=_enqueue,
)


def claim(pk: int, *, now: datetime) -> bool:
    """Take the row for this worker: one UPDATE, true when it changed the row."""
    return MAIL.claim(pk, now=now)


def record_failure(mail: Mail, error: str, *, now: datetime, wait: bool = True) -> Outcome:
    return MAIL.record_failure(mail, error, now=now, wait=wait)


def deliver(pk: int) -> Outcome:
    """Send the outbox row `pk` if it is due and nobody else is sending it."""
    now = timezone.now()
    if not MAIL.claim(pk, now=now):
        return Outcome("")
    mail = Mail.objects.get(pk=pk)
    try:
        connection = get_connection(delivery_backend())
        sent = connection.send_messages([as_message(mail)])
        if not sent:
            raise RuntimeError("the mail transport accepted nothing")
    except Exception as exc:  # noqa: BLE001 - any transport's failure is recorded and retried
        return MAIL.record_failure(mail, error_text(exc), now=timezone.now())
    MAIL.finish(pk, sent_at=timezone.now())
    return Outcome(Mail.State.SENT)


def release_interrupted(*, now: datetime) -> list[int]:
    """Rows whose sender died mid-way (the lease ran out): the attempt is recorded as failed
    and the row is back in line at once. Returns the rows put back."""
    return MAIL.release_interrupted(now=now)
