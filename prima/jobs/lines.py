"""Tables of things to send, each row delivered by a worker with retries (ADR 0020): the
e-mail outbox here, and any table an app above registers (SMS and WhatsApp, ADR 0019).

A row is claimed by one conditional UPDATE that moves it from waiting to being sent, with
attempts + 1 and a lease, so no two workers send it; a row sent is never claimed again. A
failed attempt is appended to the row's `errors` and the row waits RETRY_DELAYS before the
next; after the last it is given up, logged at ERROR and shown on /manage/jobs/. A worker that
dies leaves its lease to run out; the scheduler's sweep (`prima schedule`) records the
interruption as a failed attempt and puts the row back in line.

A table taking part has the fields `attempts`, `next_attempt_at`, `lease_until` and `errors`
(a JSON list of {"at", "error"}) beside its own state field, whose values a `Line` names.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import models
from django.db.models import F, Q

logger = logging.getLogger("prima.jobs")

# After the 1st, 2nd, … failed attempt, wait this long; after the last, give up.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
ERROR_LENGTH = 1000


@dataclass(frozen=True)
class Outcome:
    state: str  # the row's state after the attempt, or "" when the row was not ours to send
    retry_at: datetime | None = None


def error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:ERROR_LENGTH]


@dataclass(frozen=True)
class Line:
    """One table of rows to deliver: which field holds a row's state and which of its values
    mean waiting, being sent, sent and given up; how long a claim holds; and how to hand one
    row to a worker (enqueue its task)."""

    name: str  # for the log: "mail", "message"
    label: Any  # for the staff page, plural: "SMS and WhatsApp messages" (translated, lazily)
    model: type[models.Model]
    state_field: str
    waiting: str
    sending: str
    sent: str
    failed: str
    lease: Callable[[], timedelta]
    enqueue: Callable[[int], None]
    # The staff page's part for this table (apps above jobs): a template to include and
    # what to give it. E-mail has the page's own table.
    template: str = ""
    page_rows: Callable[[], Sequence[Any]] = field(default=lambda: ())

    def _in(self, *states: str) -> Q:
        return Q(**{f"{self.state_field}__in": states})

    def claim(self, pk: int, *, now: datetime) -> bool:
        """Take the row for this worker: one UPDATE, true when it changed the row."""
        return bool(
            self.model._default_manager.filter(self._in(self.waiting), pk=pk)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .update(
                **{self.state_field: self.sending},
                attempts=F("attempts") + 1,
                lease_until=now + self.lease(),
            )
        )

    def record_failure(
        self, row: Any, failure: str, *, now: datetime, wait: bool = True, **fields: Any
    ) -> Outcome:
        """A failed attempt: in line again after its delay (at once when `wait` is false: the
        attempt was cut short, nothing answered), or given up after the last. `fields` are
        written with it (a table's own copy of the last error)."""
        errors = [*row.errors, {"at": now.isoformat(), "error": failure}]
        if row.attempts >= MAX_ATTEMPTS:
            state, retry_at = self.failed, None
            logger.error(
                "%s %s failed for good after %s attempts: %s",
                self.name,
                row.pk,
                row.attempts,
                failure,
            )
        else:
            delay = RETRY_DELAYS[max(row.attempts - 1, 0)] if wait else timedelta(0)
            state, retry_at = self.waiting, now + delay
            logger.warning("%s %s attempt %s failed: %s", self.name, row.pk, row.attempts, failure)
        self.model._default_manager.filter(self._in(self.sending), pk=row.pk).update(
            **{self.state_field: state},
            errors=errors,
            next_attempt_at=retry_at,
            lease_until=None,
            **fields,
        )
        return Outcome(state, retry_at)

    def finish(self, pk: int, **fields: Any) -> bool:
        """The row went out. Not only from being sent: if this worker outlived its lease and
        the sweep put the row back in line, it must still not go out a second time."""
        return bool(
            self.model._default_manager.filter(self._in(self.sending, self.waiting), pk=pk).update(
                **{self.state_field: self.sent}, lease_until=None, next_attempt_at=None, **fields
            )
        )

    def release_interrupted(self, *, now: datetime) -> list[int]:
        """Rows whose sender died mid-way (the lease ran out): the attempt is recorded as
        failed and the row is back in line at once. Returns the rows put back."""
        released = []
        stale = self.model._default_manager.filter(self._in(self.sending), lease_until__lt=now)
        for row in stale.only("pk", "attempts", "errors"):
            error = "interrupted: the worker stopped while sending"
            if self.record_failure(row, error, now=now, wait=False).state == self.waiting:
                released.append(row.pk)
        return released

    def due(self, *, before: datetime, limit: int) -> list[int]:
        """Rows waiting whose time came before `before`: their task was lost or never came."""
        return list(
            self.model._default_manager.filter(self._in(self.waiting))
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=before))
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:limit]
        )

    def failed_since(self, moment: datetime) -> int:
        """Rows given up by the workers (every attempt failed) since `moment`."""
        return self.model._default_manager.filter(
            self._in(self.failed), attempts__gte=MAX_ATTEMPTS, created_at__gte=moment
        ).count()

    def late(self, *, before: datetime) -> int:
        """Rows waiting since before `before`, or held by a lease that ran out then: no
        worker is taking them."""
        return self.model._default_manager.filter(
            Q(self._in(self.waiting), next_attempt_at__lt=before)
            | Q(self._in(self.sending), lease_until__lt=before)
        ).count()


# Lines of the apps above this one, by name; e-mail is prima.jobs.delivery.MAIL.
REGISTERED: dict[str, Line] = {}


def register(line: Line) -> None:
    REGISTERED[line.name] = line
