"""Reads for the complaint pages, Open311 and the public statistics."""

from __future__ import annotations

import datetime as dt
import re
import statistics
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import F, QuerySet
from django.utils import timezone

from prima.complaints import suggest, tokens, workflow
from prima.complaints.access import public_complaints
from prima.complaints.models import Category, Complaint, Event, Status
from prima.complaints.suggest import STOPWORDS
from prima.lib.masking import mask_identifiers
from prima.registry.models import ServiceUnit
from prima.surveys.questionnaire import ELEMENTS

OPEN: list[str] = [
    Status.RECEIVED,
    Status.POSTPONED,
    Status.DISPATCHED,
    Status.IN_PROGRESS,
    Status.REOPENED,
    Status.RESPONDED,
]
MIN_PUBLIC_COUNT = 5  # statistics over fewer complaints are not shown (they could identify someone)


def queue(complaints: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """Open complaints first, the most overdue at the top; then the rest, newest first."""
    return complaints.select_related(
        "agency", "agency__region", "unit", "unit__region", "category"
    ).order_by(
        F("closed_at").asc(nulls_first=True), F("due_at").asc(nulls_last=True), "-received_at"
    )


def public_timeline(complaint: Complaint) -> list[Event]:
    return list(complaint.events.filter(is_public=True).order_by("at", "pk"))


def stage_of(complaint: Complaint) -> str:
    return workflow.STAGE_OF[complaint.status]


@dataclass
class UnitStats:
    count: int
    answered_in_time_share: float | None
    median_days_to_answer: float | None
    shown: bool


def unit_stats(unit: ServiceUnit, *, since: dt.datetime | None = None) -> UnitStats:
    """Volume, the share answered within the deadline, and the median time to the first
    answer (in calendar days) — public complaints of the last year; hidden below
    MIN_PUBLIC_COUNT."""
    since = since or timezone.now() - dt.timedelta(days=365)
    rows = list(
        public_complaints()
        .filter(unit=unit, received_at__gte=since)
        .values("dispatched_at", "first_responded_at", "received_at", "policy__respond_days")
    )
    count = len(rows)
    if count < MIN_PUBLIC_COUNT:
        return UnitStats(count, None, None, False)
    durations = [
        (r["first_responded_at"] - r["received_at"]).total_seconds() / 86400
        for r in rows
        if r["first_responded_at"] is not None
    ]
    in_time = Event.objects.filter(
        complaint__in=public_complaints().filter(unit=unit, received_at__gte=since),
        action=Event.Action.RESPONDED,
        detail__in_time=True,
    ).count()
    return UnitStats(
        count=count,
        answered_in_time_share=round(in_time / count, 3) if count else None,
        median_days_to_answer=round(statistics.median(durations), 1) if durations else None,
        shown=True,
    )


@dataclass(frozen=True)
class PublicImprovement:
    """A change to the service that a closed complaint led to, as anyone may read it."""

    text: str  # masked: no e-mail address, NIK or phone number
    closed_on: dt.date  # at the unit
    element: str  # the SKM element concerned, in words; "" when none was given
    service: str  # the service concerned; "" when none was given


@dataclass(frozen=True)
class PublicImprovements:
    latest: list[PublicImprovement]
    total: int


def public_improvements(unit: ServiceUnit, *, limit: int = 10) -> PublicImprovements:
    """The improvements recorded when closing the unit's complaints (actions.record_improvement),
    newest first: closed, public complaints only — never a *Rahasia* (secret) one, nor one
    archived or marked as abuse (access.PUBLIC). Only the improvement is shown, with its date,
    element and service: not the complaint, its number or who filed it, so an *Anonim* report
    stays anonymous. Two queries at most."""
    closed = (
        public_complaints()
        .filter(unit=unit, status=Status.CLOSED, closed_at__isnull=False)
        .exclude(improvement="")
    )
    rows = closed.order_by("-closed_at", "-pk").values_list(
        "improvement", "closed_at", "skm_element", "service__name"
    )[:limit]
    zone = unit.region.zoneinfo
    latest = [
        PublicImprovement(
            text=mask_identifiers(text),
            closed_on=closed_at.astimezone(zone).date(),
            element=str(ELEMENTS[element].title) if element in ELEMENTS else "",
            service=service or "",
        )
        for text, closed_at, element, service in rows
        if closed_at is not None  # filtered above; for the type checker
    ]
    total = len(latest) if len(latest) < limit else closed.count()
    return PublicImprovements(latest=latest, total=total)


_WORD = re.compile(r"[a-z0-9]{3,}")


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in STOPWORDS}


def possible_duplicates(
    complaint: Complaint, *, days: int = 30, threshold: float = 0.5
) -> list[Complaint]:
    """Complaints to the same agency (and unit, when known) in the last `days` whose words
    overlap this one's by at least `threshold` (Jaccard) — for a person to judge."""
    mine = _words(f"{complaint.title} {complaint.description}")
    if not mine:
        return []
    others = Complaint.objects.filter(
        agency=complaint.agency,
        received_at__gte=complaint.received_at - dt.timedelta(days=days),
        received_at__lte=complaint.received_at + dt.timedelta(days=days),
    ).exclude(pk=complaint.pk)
    if complaint.unit_id:
        others = others.filter(unit=complaint.unit_id)
    found = []
    for other in others.only("pk", "public_id", "title", "description", "status", "received_at")[
        :500
    ]:
        theirs = _words(f"{other.title} {other.description}")
        if theirs and len(mine & theirs) / len(mine | theirs) >= threshold:
            found.append(other)
    return found


# --- suggested category ---------------------------------------------------------------------
MODEL_KEY = "complaints:category-model:v1"


def category_model() -> suggest.Model | None:
    """The suggestion model trained on categorised complaints, rebuilt at most hourly."""

    def build() -> tuple[suggest.Model | None]:
        rows = (
            # Restricted complaints (UU 27/2022 art. 11) are not analysed.
            Complaint.objects.filter(
                category__isnull=False, category__is_active=True, processing_restricted=False
            )
            .order_by("-received_at")
            .values_list("title", "description", "category__key")[:20000]
        )
        return (suggest.train((f"{t} {d}", key) for t, d, key in rows),)

    return cache.get_or_set(MODEL_KEY, build, 3600)[0]  # type: ignore[no-any-return,index]


def suggested_category(complaint: Complaint) -> tuple[Category, float] | None:
    """A category to consider for an uncategorised complaint — shown to the coordinator,
    never applied by itself."""
    if complaint.category_id is not None:
        return None
    found = suggest.suggest(category_model(), f"{complaint.title} {complaint.description}")
    if found is None:
        return None
    category = Category.objects.filter(key=found[0], is_active=True).first()
    return (category, found[1]) if category else None


def filed_by_form(nonce: str) -> Complaint | None:
    """The complaint that the citizen form carrying this one-time nonce has filed, if any."""
    return Complaint.objects.filter(submission_key=tokens.submission_key(nonce)).first()
