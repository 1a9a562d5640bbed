"""Delivering one outbox row: claim it, send it, record what happened (ADR 0020).

Sent once: a row is claimed by one UPDATE that moves it from `pending` to `sending` with a
lease, so no two workers send it; a `sent` row is never claimed again. A worker that dies
while sending leaves the lease to run out; the sweep (`prima schedule`) then records the
interruption as a failed attempt and puts the row back in line. Failed attempts wait
RETRY_DELAYS before the next; after the last the row is `failed` and shown to administrators.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import F, Q
from django.utils import timezone

from prima.jobs.models import Mail
from prima.jobs.outbox import as_message, delivery_backend

logger = logging.getLogger("prima.jobs")

# After the 1st, 2nd, … failed attempt, wait this long; after the last, give up (`failed`).
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
ERROR_LENGTH = 1000


def lease() -> timedelta:
    """How long a claim holds: longer than the transport's time-out (EMAIL_TIMEOUT)."""
    return timedelta(seconds=getattr(settings, "PRIMA_JOBS_MAIL_LEASE_SECONDS", 300))


@dataclass(frozen=True)
class Outcome:
    state: str  # Mail.State, or "" when the row was not ours to send
    retry_at: datetime | None = None


def claim(pk: int, *, now: datetime) -> bool:
    """Take the row for this worker: one UPDATE, true when it changed the row."""
    return bool(
        Mail.objects.filter(pk=pk, state=Mail.State.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(state=Mail.State.SENDING, attempts=F("attempts") + 1, lease_until=now + lease())
    )


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:ERROR_LENGTH]


def record_failure(mail: Mail, error: str, *, now: datetime, wait: bool = True) -> Outcome:
    """A failed attempt: in line again after its delay (at once when `wait` is false: the
    attempt was cut short, the transport never answered), or `failed` after the last."""
    errors = [*mail.errors, {"at": now.isoformat(), "error": error}]
    if mail.attempts >= MAX_ATTEMPTS:
        state, retry_at = Mail.State.FAILED, None
        logger.error("mail %s failed for good after %s attempts: %s", mail.pk, mail.attempts, error)
    else:
        delay = RETRY_DELAYS[max(mail.attempts - 1, 0)] if wait else timedelta(0)
        state, retry_at = Mail.State.PENDING, now + delay
        logger.warning("mail %s attempt %s failed: %s", mail.pk, mail.attempts, error)
    Mail.objects.filter(pk=mail.pk, state=Mail.State.SENDING).update(
        state=state, errors=errors, next_attempt_at=retry_at, lease_until=None
    )
    return Outcome(state, retry_at)


def deliver(pk: int) -> Outcome:
    """Send the outbox row `pk` if it is due and nobody else is sending it."""
    now = timezone.now()
    if not claim(pk, now=now):
        return Outcome("")
    mail = Mail.objects.get(pk=pk)
    try:
        connection = get_connection(delivery_backend())
        sent = connection.send_messages([as_message(mail)])
        if not sent:
            raise RuntimeError("the mail transport accepted nothing")
    except Exception as exc:  # noqa: BLE001 - any transport's failure is recorded and retried
        return record_failure(mail, _error(exc), now=timezone.now())
    # Not only from `sending`: if this worker outlived its lease and the sweep put the row
    # back in line, it must still not go out a second time.
    Mail.objects.filter(pk=pk, state__in=[Mail.State.SENDING, Mail.State.PENDING]).update(
        state=Mail.State.SENT, sent_at=timezone.now(), lease_until=None, next_attempt_at=None
    )
    return Outcome(Mail.State.SENT)


def release_interrupted(*, now: datetime) -> list[int]:
    """Rows whose sender died mid-way (the lease ran out): the attempt is recorded as failed
    and the row is back in line at once. Returns the rows put back."""
    released = []
    stale = Mail.objects.filter(state=Mail.State.SENDING, lease_until__lt=now)
    for mail in stale.only("pk", "attempts", "errors"):
        error = "interrupted: the worker stopped while sending"
        if record_failure(mail, error, now=now, wait=False).state == Mail.State.PENDING:
            released.append(mail.pk)
    return released
