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
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
    Publication,
    ResponseReview,
    SurveyPeriod,
    SurveyResponse,
    SurveyTarget,
    UnitSurveySettings,
)
from prima.surveys.submission import hour_of

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
