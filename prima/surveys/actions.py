"""Writes to the survey module. Each runs in one transaction, names the acting user (history
and audit), and keeps the aggregates current (prima.surveys.aggregates).

Records without a history say who acted themselves: a ResponseReview names who flagged or
restored a response (responses, written on the citizen's path, keep no history) and an
ImportBatch who imported a file. Aggregates and anomaly findings are derived, rebuilt from the
responses, never changed by a person.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prima.lib import db
from prima.lib.history import delete_recorded
from prima.lib.history import save_recorded as _save
from prima.lib.masking import mask_identifiers
from prima.surveys import aggregates, questionnaire
from prima.surveys.importing import ParsedFile
from prima.surveys.models import (
    ELEMENT_KEYS,
    AnomalyFinding,
    ExtraQuestion,
    FollowUpAction,
    ImportBatch,
    Kiosk,
    PeriodResult,
    Publication,
    ResponseReview,
    SurveyPeriod,
    SurveyResponse,
    SurveyTarget,
    UnitSurveySettings,
)

if TYPE_CHECKING:
    from prima.accounts.models import User
    from prima.registry.models import Service, ServiceUnit


# --- periods --------------------------------------------------------------------------------
PERIOD_FIELDS = (
    "name",
    "kind",
    "starts_on",
    "ends_on",
    "population",
    "accepting",
    "publish_suggestions",
)


def overlapping_periods(
    unit: ServiceUnit,
    service: Service | None,
    starts_on: dt.date,
    ends_on: dt.date,
    *,
    exclude: int | None = None,
) -> list[SurveyPeriod]:
    """Periods of the same unit and scope (the same service, or the whole unit) whose dates
    overlap: a citizen's answer must land in exactly one period."""
    periods = SurveyPeriod.objects.filter(
        unit=unit, service=service, starts_on__lte=ends_on, ends_on__gte=starts_on
    )
    if exclude is not None:
        periods = periods.exclude(pk=exclude)
    return list(periods)


def _check_period(period: SurveyPeriod) -> None:
    clashes = overlapping_periods(
        period.unit, period.service, period.starts_on, period.ends_on, exclude=period.pk
    )
    if clashes:
        raise ValidationError(
            _("These dates overlap the period “%(name)s” (%(start)s – %(end)s) of the same scope.")
            % {
                "name": clashes[0].name,
                "start": clashes[0].starts_on.isoformat(),
                "end": clashes[0].ends_on.isoformat(),
            }
        )
    if period.service is not None and period.service.unit_id != period.unit_id:
        raise ValidationError(_("The service belongs to another unit."))


@transaction.atomic
def create_period(
    *,
    actor: User,
    unit: ServiceUnit,
    service: Service | None = None,
    target: Decimal | None = None,
    **values: Any,
) -> SurveyPeriod:
    """Open a survey period for a unit (or one of its services), with its result row."""
    unknown = set(values) - set(PERIOD_FIELDS)
    if unknown:
        raise ValueError(f"Unknown fields: {', '.join(sorted(unknown))}")
    period = SurveyPeriod(unit=unit, service=service, created_by=actor, **values)
    _check_period(period)
    _save(period, actor)
    aggregates.ensure_result(period)
    if target is not None:
        set_target(unit, actor=actor, year=period.year, target=target)
    return period


@transaction.atomic
def update_period(
    period: SurveyPeriod, *, actor: User, target: Decimal | None = None, **changes: Any
) -> SurveyPeriod:
    unknown = set(changes) - set(PERIOD_FIELDS)
    if unknown:
        raise ValueError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(period, name, value)
    _check_period(period)
    _save(period, actor)
    aggregates.refresh(period)
    if target is not None:
        set_target(period.unit, actor=actor, year=period.year, target=target)
    return period


@transaction.atomic
def set_target(unit: ServiceUnit, *, actor: User, year: int, target: Decimal) -> SurveyTarget:
    row = SurveyTarget.objects.filter(unit=unit, year=year).first() or SurveyTarget(
        unit=unit, year=year
    )
    row.target = target
    _save(row, actor)
    return row


@transaction.atomic
def publish_results(period: SurveyPeriod, *, actor: User, publish: bool = True) -> None:
    """Show (or withdraw) the period's results on the public pages and the thank-you page."""
    period.results_published_at = timezone.now() if publish else None
    _save(period, actor)


# --- questionnaire --------------------------------------------------------------------------
@transaction.atomic
def set_element_order(unit: ServiceUnit, *, actor: User, order: Sequence[str]) -> None:
    if sorted(order) != sorted(ELEMENT_KEYS) or len(order) != len(ELEMENT_KEYS):
        raise ValidationError(_("Give each of the nine elements exactly once."))
    row = UnitSurveySettings.objects.filter(unit=unit).first() or UnitSurveySettings(unit=unit)
    row.element_order = [] if tuple(order) == questionnaire.DEFAULT_ORDER else list(order)
    _save(row, actor)  # its save clears the unit's cached citizen form (surveys/apps.py)


@transaction.atomic
def save_extra_question(
    question: ExtraQuestion | None, *, actor: User, unit: ServiceUnit, **values: Any
) -> ExtraQuestion:
    question = question or ExtraQuestion(unit=unit)
    for name in ("text", "kind", "choices", "position", "is_active"):
        if name in values:
            setattr(question, name, values[name])
    if question.kind == ExtraQuestion.Kind.CHOICE and len(question.choices or []) < 2:
        raise ValidationError(_("A choice question needs at least two choices."))
    if question.kind == ExtraQuestion.Kind.TEXT:
        question.choices = []
    _save(question, actor)  # its save clears the unit's cached citizen form (surveys/apps.py)
    return question


# --- responses ------------------------------------------------------------------------------
def device_digest(device_id: str) -> str:
    """A keyed digest of the random device identifier in the citizen's cookie. The identifier
    itself is never stored."""
    if not device_id:
        return ""
    key = hashlib.sha256(b"prima.surveys.device:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, device_id.encode(), hashlib.sha256).hexdigest()


def hour_of(moment: dt.datetime) -> dt.datetime:
    """The time kept with a response: the hour only, so it cannot be matched with access logs
    (security-reliability.md §1.6 item 6)."""
    return moment.replace(minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class Submission:
    response: SurveyResponse
    created: bool  # False when the same form was sent before (refresh, double click, resend)


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
    only_if_open: bool = False,
) -> Submission:
    """Store one citizen's answers and count them, in one transaction.

    `submission_key` is the single-use form token: a second submission with the same key
    returns the first response and changes nothing. Suspicious responses (`flags`, or more
    than PRIMA_SURVEY_DEVICE_DAILY_LIMIT from one device on one day at the unit, or a kiosk
    faster than a person) are stored but flagged: kept out of the counts and the published
    IKM, reviewable and restorable (prima/surveys/access.py says by whom). With
    `only_if_open`, raises PeriodClosed unless the period still takes answers today.
    """
    now = now or timezone.now()
    unit = period.unit
    local_date = now.astimezone(unit.region.zoneinfo).date()
    reasons = list(dict.fromkeys(flags))
    digest = device_digest(device)
    profile = profile or {}
    # Plain statements (prima.lib.db) rather than ORM queries on this path: it is the one
    # every citizen takes, and compiling the queries cost more than running them.
    with transaction.atomic():
        if kiosk is not None:
            # Lock the kiosk row: two answers from one tablet cannot interleave.
            locked = db.load(Kiosk, kiosk.pk, ("last_seen_at",), lock=True) or {}
            pace = settings.PRIMA_KIOSK_MIN_INTERVAL_SECONDS
            last_seen = locked.get("last_seen_at")
            if last_seen and (now - last_seen).total_seconds() < pace:
                reasons.append(SurveyResponse.Flag.KIOSK_PACE)
            kiosk.last_seen_at = now
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
        guard = _OPEN_ON_DAY, [period.pk, local_date, local_date]
        by_device = [unit.pk, digest, local_date, digest]
        found = db.insert_then(
            response,
            (_RESULT_AND_DEVICE_ANSWERS, [*by_device, period.pk]),
            skip_on_conflict=("submission_key",),
            only_if=guard if only_if_open else ("", []),
        )
        if found is None:
            existing = SurveyResponse.objects.filter(submission_key=submission_key).first()
            if existing is None:
                raise PeriodClosed(period)
            # The same form sent again (a refresh, a double tap, a retry): the first one is
            # kept and nothing is counted twice.
            return Submission(existing, created=False)
        stored = db.convert(PeriodResult, ("moments", "profile"), found[1:3]) if found else None
        if kiosk is None and digest:
            # Without a result row yet (the period's first answer) the count is read alone,
            # leaving out the answer just stored.
            row = found or db.execute(
                f"{_DEVICE_ANSWERS} AND id <> %s", [*by_device, response.pk], fetch=True
            )
            assert row is not None
            if row[-1] >= settings.PRIMA_SURVEY_DEVICE_DAILY_LIMIT:
                response.flags = [*reasons, SurveyResponse.Flag.DEVICE_LIMIT]
                response.is_flagged = True
                db.update(response, ("is_flagged", "flags"))
        if response.is_flagged:
            aggregates.change_flag_count(period, 1)
        else:
            aggregates.apply(period, [response], locked=stored)
    return Submission(response, created=True)


class PeriodClosed(Exception):
    """The period stopped taking answers between drawing the form and storing the answer."""

    def __init__(self, period: SurveyPeriod) -> None:
        super().__init__(f"survey period {period.pk} is not open")
        self.period = period


# Counted answers from one device at one unit on one day (response_device_day_idx); the
# parameters are the unit, the device's digest, the day and the digest again: without a device
# nothing is read.
_DEVICE_ANSWERS = (
    f"SELECT COUNT(*) FROM {SurveyResponse._meta.db_table} WHERE unit_id = %s "  # noqa: S608 - our table
    "AND device_digest = %s AND local_date = %s AND NOT is_flagged AND %s <> ''"
)

# The period's result row, locked for its counts, and that count, read in the statement that
# stores the answer.
_RESULT_AND_DEVICE_ANSWERS = (
    f"SELECT r.period_id, r.moments, r.profile, ({_DEVICE_ANSWERS}) "  # noqa: S608 - our tables
    f"FROM {PeriodResult._meta.db_table} r WHERE r.period_id = %s FOR UPDATE"
)

# The period takes answers on a day, read from the database in the statement that stores the
# answer (the caller's copy of the period may come from the cache).
_OPEN_ON_DAY = (
    f"EXISTS (SELECT 1 FROM {SurveyPeriod._meta.db_table} WHERE id = %s AND accepting "  # noqa: S608 - our table
    "AND starts_on <= %s AND ends_on >= %s)"
)


@transaction.atomic
def flag_response(response: SurveyResponse, *, actor: User, note: str = "") -> SurveyResponse:
    """Hold a response out of the counts and the published IKM; it stays stored."""
    response = SurveyResponse.objects.select_for_update().get(pk=response.pk)
    if response.is_flagged:
        return response
    period = SurveyPeriod.objects.select_related("unit").get(pk=response.period_id)
    aggregates.apply(period, [response], weight=-1)
    aggregates.change_flag_count(period, 1)
    response.is_flagged = True
    response.flags = [*response.flags, SurveyResponse.Flag.REVIEWER]
    response.save(update_fields=["is_flagged", "flags"])
    ResponseReview.objects.create(
        response=response, action=ResponseReview.Action.FLAG, note=note[:300], actor=actor
    )
    return response


@transaction.atomic
def restore_response(response: SurveyResponse, *, actor: User, note: str = "") -> SurveyResponse:
    """Count a flagged response again, keeping the reasons it was flagged for the record."""
    response = SurveyResponse.objects.select_for_update().get(pk=response.pk)
    if not response.is_flagged:
        return response
    period = SurveyPeriod.objects.select_related("unit").get(pk=response.period_id)
    response.is_flagged = False
    response.save(update_fields=["is_flagged"])
    aggregates.change_flag_count(period, -1)
    aggregates.apply(period, [response])
    ResponseReview.objects.create(
        response=response, action=ResponseReview.Action.RESTORE, note=note[:300], actor=actor
    )
    return response


class DuplicateImport(ValueError):
    """This file was imported before."""

    def __init__(self, batch: ImportBatch) -> None:
        super().__init__(
            f"{batch.filename} was imported on {batch.imported_at:%Y-%m-%d %H:%M} "
            f"({batch.rows} responses)"
        )
        self.batch = batch


@transaction.atomic
def import_responses(
    period: SurveyPeriod,
    *,
    actor: User,
    parsed: ParsedFile,
    filename: str,
    sha256: str,
    now: dt.datetime | None = None,
) -> ImportBatch:
    """Store every row of a checked file, or nothing: a file with any bad cell is refused, and
    so is a file imported before (same SHA-256)."""
    if not parsed.ok:
        raise ValidationError(_("The file has errors; nothing was imported."))
    earlier = ImportBatch.objects.filter(sha256=sha256).first()
    if earlier is not None:
        raise DuplicateImport(earlier)
    now = now or timezone.now()
    zone = period.unit.region.zoneinfo
    batch = ImportBatch.objects.create(
        period=period,
        sha256=sha256,
        filename=filename[:200],
        rows=len(parsed.rows),
        imported_by=actor,
    )
    responses = []
    for row in parsed.rows:
        day = row.get("date")
        moment = dt.datetime.combine(day, dt.time(12), tzinfo=zone) if day else now.astimezone(zone)
        suggestion = row.get("suggestion", "")
        responses.append(
            SurveyResponse(
                period=period,
                unit_id=period.unit_id,
                service_id=row.get("service_id"),
                channel=SurveyResponse.Channel.PAPER,
                submitted_at=hour_of(moment),
                local_date=moment.date(),
                sex=row.get("sex", ""),
                age=row.get("age"),
                education=row.get("education", ""),
                occupation=row.get("occupation", ""),
                suggestion=suggestion,
                suggestion_masked=mask_identifiers(suggestion),
                import_batch=batch,
                **{key: row.get(key) for key in ELEMENT_KEYS},
            )
        )
    SurveyResponse.objects.bulk_create(responses, batch_size=2000)
    aggregates.apply(period, responses)
    return batch


# --- kiosks ---------------------------------------------------------------------------------
ENROLMENT_VALID = dt.timedelta(days=7)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_kiosk(unit: ServiceUnit, *, actor: User, name: str) -> tuple[Kiosk, str]:
    """A kiosk for a unit and its one-time enrolment code (shown once, valid seven days)."""
    code = secrets.token_urlsafe(12)
    kiosk = Kiosk(
        unit=unit,
        name=name,
        enrolment_digest=_digest(code),
        enrolment_expires_at=timezone.now() + ENROLMENT_VALID,
        created_by=actor,
    )
    _save(kiosk, actor)
    return kiosk, code


@transaction.atomic
def new_enrolment_code(kiosk: Kiosk, *, actor: User) -> str:
    """A fresh code to enrol (again) — e.g. a replaced tablet. The old device stops working."""
    code = secrets.token_urlsafe(12)
    kiosk.enrolment_digest = _digest(code)
    kiosk.enrolment_expires_at = timezone.now() + ENROLMENT_VALID
    kiosk.device_digest = ""
    kiosk.enrolled_at = None
    _save(kiosk, actor)
    return code


@transaction.atomic
def enrol_kiosk(code: str) -> tuple[Kiosk, str] | None:
    """Turn a valid enrolment code into a device secret (kept in the tablet's cookie). The code
    works once. The tablet enrols itself, with no one signed in: the kiosk's history names no
    one for this change (the officer who made the code is named on the change before it)."""
    if not code:
        return None
    kiosk = (
        Kiosk.objects.select_for_update()
        .select_related("unit")
        .filter(enrolment_digest=_digest(code.strip()), is_active=True)
        .first()
    )
    if (
        kiosk is None
        or not kiosk.enrolment_expires_at
        or kiosk.enrolment_expires_at < timezone.now()
    ):
        return None
    secret = secrets.token_urlsafe(32)
    kiosk.device_digest = _digest(secret)
    kiosk.enrolment_digest = ""
    kiosk.enrolment_expires_at = None
    kiosk.enrolled_at = timezone.now()
    _save(kiosk, None)
    return kiosk, secret


def kiosk_for_device(kiosk_id: int, secret: str) -> Kiosk | None:
    """The enrolled, active kiosk whose secret this device holds."""
    if not secret:
        return None
    kiosk = (
        Kiosk.objects.select_related("unit", "unit__region")
        .filter(pk=kiosk_id, is_active=True)
        .first()
    )
    if kiosk is None or not kiosk.device_digest:
        return None
    if not hmac.compare_digest(kiosk.device_digest, _digest(secret)):
        return None
    return kiosk


@transaction.atomic
def set_kiosk_active(kiosk: Kiosk, *, actor: User, active: bool) -> Kiosk:
    kiosk.is_active = active
    _save(kiosk, actor)
    return kiosk


# --- follow-up plan and publication ---------------------------------------------------------
FOLLOWUP_FIELDS = (
    "element",
    "problem",
    "action",
    "owner",
    "deadline",
    "status",
    "completed_on",
    "evidence_url",
    "evidence_note",
)


@transaction.atomic
def save_followup(
    followup: FollowUpAction | None,
    *,
    actor: User,
    period: SurveyPeriod,
    **values: Any,
) -> FollowUpAction:
    unknown = set(values) - set(FOLLOWUP_FIELDS)
    if unknown:
        raise ValueError(f"Unknown fields: {', '.join(sorted(unknown))}")
    followup = followup or FollowUpAction(period=period)
    for name, value in values.items():
        setattr(followup, name, value)
    if followup.status != FollowUpAction.Status.DONE:
        followup.completed_on = None
    elif followup.completed_on is None:
        followup.completed_on = timezone.localdate()
    _save(followup, actor)
    return followup


@transaction.atomic
def delete_followup(followup: FollowUpAction, *, actor: User) -> None:
    delete_recorded(followup, actor)


@transaction.atomic
def add_publication(period: SurveyPeriod, *, actor: User, **values: Any) -> Publication:
    publication = Publication(period=period, **values)
    _save(publication, actor)
    return publication


@transaction.atomic
def delete_publication(publication: Publication, *, actor: User) -> None:
    delete_recorded(publication, actor)


# --- anomalies ------------------------------------------------------------------------------
@transaction.atomic
def detect_anomalies(period: SurveyPeriod) -> list[AnomalyFinding]:
    """Replace the period's anomaly findings with a fresh look at its counted responses."""
    from prima.surveys import anomalies

    columns = (
        "id",
        "submitted_at",
        "local_date",
        *ELEMENT_KEYS,
        "sex",
        "age",
        "education",
        "occupation",
    )
    rows = [
        anomalies.Row(
            id=values[0],
            hour=values[1],
            day=values[2],
            answers=tuple(values[3:12]),
            profile=tuple(values[12:]),
        )
        for values in SurveyResponse.objects.filter(period=period, is_flagged=False)
        .order_by("pk")
        .values_list(*columns)
        .iterator(chunk_size=5000)
    ]
    AnomalyFinding.objects.filter(period=period).delete()
    return AnomalyFinding.objects.bulk_create(
        AnomalyFinding(
            period=period,
            kind=finding.kind,
            summary=finding.summary[:300],
            response_ids=list(finding.response_ids),
        )
        for finding in anomalies.detect(rows)
    )


@transaction.atomic
def flag_responses(responses: Iterable[SurveyResponse], *, actor: User, note: str = "") -> int:
    """Flag several responses (e.g. all of an anomaly finding); returns how many changed."""
    changed = 0
    for response in responses:
        if not response.is_flagged:
            flag_response(response, actor=actor, note=note)
            changed += 1
    return changed
