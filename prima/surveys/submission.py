"""Storing a citizen's answer: the public form and the kiosk (ADR 0005).

The one write every citizen makes, so its statements are plain SQL (prima.lib.db) rather than
ORM queries, whose compilation cost more than running them (benchmarks/skm.py). Tables and
columns come from the models' `_meta`, and the rows read back are named tuples filled by
column name, so a renamed or reordered column cannot be read as another.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from prima.lib import db
from prima.lib.masking import mask_identifiers
from prima.surveys import aggregates
from prima.surveys.models import ELEMENT_KEYS, Kiosk, PeriodResult, SurveyPeriod, SurveyResponse

if TYPE_CHECKING:
    from prima.registry.models import Service, ServiceUnit


def device_digest(device_id: str) -> str:
    """A keyed digest of the random device identifier in the citizen's cookie. The identifier
    itself is never stored."""
    if not device_id:
        return ""
    return hmac.new(
        _device_key(settings.SECRET_KEY), device_id.encode(), hashlib.sha256
    ).hexdigest()


@cache
def _device_key(secret: str) -> bytes:
    """The digest's key, derived from the secret once per process (and again for another
    secret: tests override it)."""
    return hashlib.sha256(b"prima.surveys.device:" + secret.encode()).digest()


def hour_of(moment: dt.datetime) -> dt.datetime:
    """The time kept with a response: the hour only, so it cannot be matched with access logs
    (docs/security.md §1.6 item 6)."""
    return moment.replace(minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class Submission:
    response: SurveyResponse
    created: bool  # False when the same form was sent before (refresh, double click, resend)


class PeriodClosed(Exception):
    """The period stopped taking answers between drawing the form and storing the answer."""

    def __init__(self, period: SurveyPeriod) -> None:
        super().__init__(f"survey period {period.pk} is not open")
        self.period = period


def open_period_for(
    unit: ServiceUnit, service: Service | None, *, now: dt.datetime | None = None
) -> SurveyPeriod | None:
    """The period a citizen's answer goes to today (the unit's local date): one for the
    service received if the unit runs one, otherwise the unit's own."""
    from prima.surveys.queries import choose_open_period

    today = (now or timezone.now()).astimezone(unit.region.zoneinfo).date()
    periods = SurveyPeriod.objects.filter(
        unit=unit, accepting=True, starts_on__lte=today, ends_on__gte=today
    ).select_related("unit", "unit__region")
    return choose_open_period(periods, service, today)


def submit_response(
    period: SurveyPeriod,
    *,
    answers: Mapping[str, int | None],
    channel: str,
    submission_key: str | None = None,
    service: Service | None = None,
    profile: Mapping[str, Any] | None = None,
    suggestion: str = "",
    extra: Mapping[str, Any] | None = None,
    device: str = "",
    kiosk: Kiosk | None = None,
    fill_seconds: int | None = None,
    flags: Iterable[str] = (),
    now: dt.datetime | None = None,
    paced_at: dt.datetime | None = None,
    only_if_open: bool = False,
) -> Submission:
    """Store one citizen's answers and count them, in one transaction.

    `submission_key` is the single-use form token: a second submission with the same key
    returns the first response and changes nothing. Suspicious responses (`flags`, or more
    than PRIMA_SURVEY_DEVICE_DAILY_LIMIT from one device on one day at the unit, or a kiosk
    faster than a person) are stored but flagged: kept out of the counts and the published
    IKM, reviewable and restorable (prima/surveys/access.py says by whom). With
    `only_if_open`, raises PeriodClosed unless the period still takes answers today.

    A kiosk is paced at `paced_at` (by default `now`): the offline outbox passes the moment
    the tablet captured the answer, so that answers sent together in one batch are judged by
    when they were given, in either order (ADR 0018).
    """
    now = now or timezone.now()
    unit = period.unit
    local_date = now.astimezone(unit.region.zoneinfo).date()
    reasons = list(dict.fromkeys(flags))
    digest = device_digest(device)
    profile = profile or {}
    sql = _statements(connection.vendor)
    with transaction.atomic():
        if kiosk is not None:
            # Lock the kiosk row: two answers from one tablet cannot interleave.
            locked = db.load(Kiosk, kiosk.pk, ("last_seen_at",), lock=True) or {}
            pace = settings.PRIMA_KIOSK_MIN_INTERVAL_SECONDS
            last_seen = locked.get("last_seen_at")
            moment = paced_at or now
            if last_seen and abs((moment - last_seen).total_seconds()) < pace:
                reasons.append(SurveyResponse.Flag.KIOSK_PACE)
            kiosk.last_seen_at = moment
            db.update(kiosk, ("last_seen_at",))
        response = SurveyResponse(
            period=period,
            unit=unit,
            service=service,
            channel=channel,
            submitted_at=hour_of(now),
            local_date=local_date,
            fill_seconds=fill_seconds,
            sex=profile.get("sex") or "",
            age=profile.get("age"),
            education=profile.get("education") or "",
            occupation=profile.get("occupation") or "",
            suggestion=suggestion.strip(),
            suggestion_masked=mask_identifiers(suggestion.strip()),
            extra=dict(extra or {}),
            submission_key=submission_key or None,
            device_digest=digest,
            kiosk=kiosk,
            is_flagged=bool(reasons),
            flags=reasons,
            **{key: answers.get(key) for key in ELEMENT_KEYS},
        )
        # One round trip stores the answer, locks the period's result row for the counts and
        # counts the device's earlier answers at the unit that day.
        guard = sql.open_on_day, [period.pk, local_date, local_date]
        by_device = [unit.pk, digest, local_date, digest]
        inserted = db.insert_then(
            response,
            (sql.result_and_device_answers, [*by_device, period.pk]),
            row=LockedResult,
            skip_on_conflict=("submission_key",),
            only_if=guard if only_if_open else ("", []),
        )
        if inserted is None:
            existing = SurveyResponse.objects.filter(submission_key=submission_key).first()
            if existing is None:
                raise PeriodClosed(period)
            # The same form sent again (a refresh, a double tap, a retry): the first one is
            # kept and nothing is counted twice.
            return Submission(existing, created=False)
        found = inserted.found
        stored = (
            db.convert(PeriodResult, {"moments": found.moments, "profile": found.profile})
            if found is not None
            else None
        )
        if kiosk is None and digest:
            if found is not None:
                earlier = found.device_answers
            else:
                # Without a result row yet (the period's first answer) the count is read
                # alone, leaving out the answer just stored.
                counted = db.fetch(
                    DeviceAnswers, sql.device_answers_but_one, [*by_device, response.pk]
                )
                earlier = counted.device_answers if counted is not None else 0
            if earlier >= settings.PRIMA_SURVEY_DEVICE_DAILY_LIMIT:
                response.flags = [*reasons, SurveyResponse.Flag.DEVICE_LIMIT]
                response.is_flagged = True
                db.update(response, ("is_flagged", "flags"))
        if response.is_flagged:
            aggregates.change_flag_count(period, 1)
        else:
            aggregates.apply(period, [response], locked=stored)
    return Submission(response, created=True)


class DeviceAnswers(NamedTuple):
    """Counted answers from one device at one unit on one day."""

    device_answers: int


class LockedResult(NamedTuple):
    """The period's result row, locked for its counts, and the device's counted answers at
    the unit that day, read in the statement that stores the answer. `moments` and `profile`
    are as the driver returns them (`db.convert` makes them what the ORM would)."""

    period_id: int
    moments: Any
    profile: Any
    device_answers: int


@dataclass(frozen=True)
class _Statements:
    open_on_day: str  # the INSERT's condition
    device_answers: str  # read as DeviceAnswers
    device_answers_but_one: str  # the same, leaving out one response
    result_and_device_answers: str  # read as LockedResult


@cache
def _statements(vendor: str) -> _Statements:
    """The submission's SQL, built once per database from the models' `_meta`."""
    response = SurveyResponse
    column = db.column
    # The parameters are the unit, the device's digest, the day and the digest again: without
    # a device nothing is read (response_device_day_idx).
    device_answers = (
        f"SELECT COUNT(*) AS device_answers FROM {db.table(response)} "  # noqa: S608 - from _meta
        f"WHERE {column(response, 'unit')} = %s AND {column(response, 'device_digest')} = %s "
        f"AND {column(response, 'local_date')} = %s AND NOT {column(response, 'is_flagged')} "
        "AND %s <> ''"
    )
    result_columns = db.columns(PeriodResult, ("period", "moments", "profile"), alias="r")
    # The caller's copy of the period may come from the cache: whether it takes answers on
    # the day is read from the database in the statement that stores the answer.
    period = SurveyPeriod
    return _Statements(
        open_on_day=(
            f"EXISTS (SELECT 1 FROM {db.table(period)} WHERE {column(period, 'id')} = %s "  # noqa: S608 - from _meta
            f"AND {column(period, 'accepting')} AND {column(period, 'starts_on')} <= %s "
            f"AND {column(period, 'ends_on')} >= %s)"
        ),
        result_and_device_answers=(
            f"SELECT {result_columns}, ({device_answers}) AS device_answers "  # noqa: S608 - from _meta
            f"FROM {db.table(PeriodResult)} r "
            f"WHERE {column(PeriodResult, 'period', alias='r')} = %s FOR UPDATE"
        ),
        device_answers=device_answers,
        device_answers_but_one=f"{device_answers} AND {column(response, 'id')} <> %s",
    )
