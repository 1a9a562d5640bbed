"""The retention purge (UU 27/2022 arts. 42–44; issue 27 item 1; docs/guide/privacy-retention.md):
for each kind of personal record in prima.lib.privacy.RETENTION, find what has been kept for
its period and erase it with prima.privacy.erasure, keeping every statistic and published
figure. Run nightly (`prima privacy purge`, prima.jobs.schedule); each run writes a
PurgeReport.

A record is expired when its clock started at or before `now - days`: kept for `days` whole
days, erased on the run after. What starts the clock:

- complainant_identity, closed_complaints, uploads: the complaint closed or was archived
  (`Complaint.closed_at`, set by both; a complaint that is open again has no expiry);
- survey_profiles, survey_suggestions: the answer was submitted (`SurveyResponse.submitted_at`);
- participants: the activity ended (a bimtek's `ends_at`, a consultation forum's `held_on`);
- security_log: the event was recorded (`AuditEvent.at`).

Each kind is selected so that what was already erased is not selected again: a second run
finds nothing, and a dry run counts exactly what a real run would change.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from prima.accounts.models import AuditEvent
from prima.coaching.models import Participant as CoachingParticipant
from prima.complaints.models import Complaint, Identity, Status
from prima.lib.privacy import RETENTION, retention_days
from prima.messaging.models import ComplaintContact
from prima.privacy import erasure
from prima.privacy.models import PurgeReport
from prima.standards.models import Participant as ForumParticipant
from prima.surveys.models import SurveyResponse

logger = logging.getLogger(__name__)

REASON = "retention"
CHUNK = 500
CLOSED = (Status.CLOSED, Status.ARCHIVED)


def cutoff_for(key: str, *, now: dt.datetime) -> dt.datetime:
    """The latest start of the clock that has expired at `now` for one kind."""
    return now - dt.timedelta(days=retention_days(key))


def _closed_before(cutoff: dt.datetime) -> QuerySet[Complaint]:
    return Complaint.objects.filter(status__in=CLOSED, closed_at__lte=cutoff)


def expired_identities(cutoff: dt.datetime) -> QuerySet[Complaint]:
    closed = _closed_before(cutoff)
    with_identity = Identity.objects.values("complaint_id")
    with_number = ComplaintContact.objects.values("complaint_id")
    return closed.filter(Q(pk__in=with_identity) | Q(pk__in=with_number))


def expired_complaint_texts(cutoff: dt.datetime) -> QuerySet[Complaint]:
    note = erasure.removed_text()
    return _closed_before(cutoff).exclude(title=note, description=note, location="")


def expired_uploads(cutoff: dt.datetime) -> QuerySet[Complaint]:
    return _closed_before(cutoff).filter(attachments__isnull=False).distinct()


def expired_profiles(cutoff: dt.datetime) -> QuerySet[SurveyResponse]:
    return SurveyResponse.objects.filter(submitted_at__lte=cutoff).filter(
        ~Q(sex="")
        | Q(age__isnull=False)
        | ~Q(education="")
        | ~Q(occupation="")
        | ~Q(device_digest="")
    )


def expired_suggestions(cutoff: dt.datetime) -> QuerySet[SurveyResponse]:
    return SurveyResponse.objects.filter(submitted_at__lte=cutoff).exclude(suggestion="")


def _not_erased(queryset: QuerySet, **blank: str) -> QuerySet:  # type: ignore[type-arg]
    marker = Concat(Value("#"), Cast("pk", output_field=CharField()))
    return queryset.annotate(erased_marker=marker).exclude(Q(name=F("erased_marker")), **blank)


def expired_coaching_participants(cutoff: dt.datetime) -> QuerySet[CoachingParticipant]:
    return _not_erased(
        CoachingParticipant.objects.filter(event__ends_at__lte=cutoff),
        position="",
        unit_name="",
        email="",
    )


def expired_forum_participants(cutoff: dt.datetime) -> QuerySet[ForumParticipant]:
    # A forum is held on a date: expired when that whole day lies before the cutoff's date.
    day = timezone.localdate(cutoff)
    return _not_erased(ForumParticipant.objects.filter(forum__held_on__lte=day), organisation="")


def expired_security_events(cutoff: dt.datetime) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(at__lte=cutoff)


def _chunks(queryset: QuerySet, size: int = CHUNK) -> Iterator[list]:  # type: ignore[type-arg]
    ids = list(queryset.order_by().values_list("pk", flat=True).distinct())
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


@dataclass(frozen=True)
class Step:
    """What a kind's purge selects and how it erases one chunk (a list of primary keys)."""

    count: Callable[[dt.datetime], int]
    apply: Callable[[dt.datetime], int]


def _each(
    select: Callable[[dt.datetime], QuerySet],  # type: ignore[type-arg]
    model: type,
    erase: Callable[..., int],
) -> Callable[[dt.datetime], int]:
    def run(cutoff: dt.datetime) -> int:
        changed = 0
        for ids in _chunks(select(cutoff)):
            for record in model.objects.filter(pk__in=ids):  # type: ignore[attr-defined]
                changed += erase(record, reason=REASON)
        return changed

    return run


def _responses(
    select: Callable[[dt.datetime], QuerySet[SurveyResponse]],
    clear: Callable[..., int],
) -> Callable[[dt.datetime], int]:
    """Clear fields of many SKM answers at once, a chunk per statement (no row-by-row work)."""

    def run(cutoff: dt.datetime) -> int:
        changed = 0
        for ids in _chunks(select(cutoff), size=2000):
            changed += clear(SurveyResponse.objects.filter(pk__in=ids), reason=REASON)
        return changed

    return run


def _security(cutoff: dt.datetime) -> int:
    return erasure.delete_security_events(expired_security_events(cutoff))


def _participants(cutoff: dt.datetime) -> int:
    return _each(
        expired_coaching_participants, CoachingParticipant, erasure.erase_coaching_participant
    )(cutoff) + _each(
        expired_forum_participants, ForumParticipant, erasure.erase_forum_participant
    )(cutoff)


def _count_uploads(cutoff: dt.datetime) -> int:
    from prima.complaints.models import Attachment

    return Attachment.objects.filter(complaint__in=_closed_before(cutoff)).count()


STEPS: dict[str, Step] = {
    "complainant_identity": Step(
        count=lambda cutoff: expired_identities(cutoff).count(),
        apply=_each(expired_identities, Complaint, erasure.erase_complainant_identity),
    ),
    "closed_complaints": Step(
        count=lambda cutoff: expired_complaint_texts(cutoff).count(),
        apply=_each(expired_complaint_texts, Complaint, erasure.redact_complaint_text),
    ),
    "uploads": Step(
        count=_count_uploads,
        apply=_each(expired_uploads, Complaint, erasure.delete_complaint_uploads),
    ),
    "survey_profiles": Step(
        count=lambda c: expired_profiles(c).count(),
        apply=_responses(expired_profiles, erasure.clear_response_profiles),
    ),
    "survey_suggestions": Step(
        count=lambda c: expired_suggestions(c).count(),
        apply=_responses(expired_suggestions, erasure.clear_response_suggestions),
    ),
    "participants": Step(
        count=lambda cutoff: (
            expired_coaching_participants(cutoff).count()
            + expired_forum_participants(cutoff).count()
        ),
        apply=_participants,
    ),
    "security_log": Step(count=lambda c: expired_security_events(c).count(), apply=_security),
}


def purge(*, now: dt.datetime | None = None, dry_run: bool = False) -> PurgeReport:
    """Apply every retention period at `now` (default: the current time) and record a
    PurgeReport. A dry run counts what has expired and changes nothing. A kind that fails is
    recorded in the report's errors and the others still run; each erasure is its own
    transaction, so what was done before a failure stays done (the next run finishes it)."""
    now = now or timezone.now()
    report = PurgeReport(started_at=timezone.now(), dry_run=dry_run)
    kinds: dict[str, dict[str, object]] = {}
    errors: list[dict[str, str]] = []
    for kind in RETENTION:
        cutoff = cutoff_for(kind.key, now=now)
        entry: dict[str, object] = {
            "days": retention_days(kind.key),
            "cutoff": cutoff.isoformat(),
            "records": 0,
            "changed": 0,
        }
        kinds[kind.key] = entry
        step = STEPS[kind.key]
        try:
            entry["records"] = step.count(cutoff)
            if not dry_run and entry["records"]:
                entry["changed"] = step.apply(cutoff)
        except Exception as error:  # recorded and reported; the other kinds still run
            logger.exception("retention purge failed for %s", kind.key)
            errors.append({"kind": kind.key, "error": f"{type(error).__name__}: {error}"[:300]})
    report.kinds = kinds
    report.errors = errors
    report.finished_at = timezone.now()
    report.save()
    return report
