"""Reads for the recognition pages, the export and the evidence slots.

The figures shown to the committee beside a nomination are the unit's, never the person's:
the SKM measures a service unit (PermenPANRB 14/2017), so the element "perilaku pelaksana"
is read from the unit's survey period through the surveys module's own queries, and the
share of complaints answered in time from the complaints module's public statistics. No
figure here is computed per officer.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from prima.accounts.models import Membership, User
from prima.complaints.queries import UnitStats, unit_stats
from prima.recognition import rules
from prima.recognition.models import (
    Award,
    CommitteeMember,
    ConflictDeclaration,
    Criterion,
    Decision,
    Nomination,
    Placement,
    Programme,
    Score,
)
from prima.surveys import aggregates
from prima.surveys.models import SurveyPeriod
from prima.surveys.queries import ElementRow, element_order, element_rows

if TYPE_CHECKING:
    from prima.registry.models import ServiceUnit

BEHAVIOUR = "perilaku"  # the SKM element "perilaku pelaksana" (U7 in the sample order)


def programme_rows(programmes: QuerySet[Programme]) -> QuerySet[Programme]:
    return programmes.select_related("agency", "unit").annotate(
        nomination_count=Count(
            "nominations", filter=Q(nominations__status=Nomination.Status.SUBMITTED)
        )
    )


def committee_candidates(programme: Programme) -> QuerySet[User]:
    """Who may sit on the committee: the active accounts holding a role in the programme's
    agency (its administrators, its evaluators, its units' operators), not yet seated."""
    holders = Membership.objects.filter(
        Q(agency_id=programme.agency_id) | Q(unit__agency_id=programme.agency_id)
    ).values("user_id")
    return (
        User.objects.filter(pk__in=holders, is_active=True)
        .exclude(pk__in=programme.members.values("user_id"))
        .order_by("full_name", "username")
    )


def rounds_with_nominations(programme: Programme) -> list[dt.date]:
    return list(
        programme.nominations.filter(status=Nomination.Status.SUBMITTED)
        .values_list("round_start", flat=True)
        .distinct()
        .order_by("-round_start")
    )


def nominations_of(
    programme: Programme, *, round_start: dt.date | None = None
) -> QuerySet[Nomination]:
    rows = programme.nominations.select_related("unit", "nominated_by").order_by(
        "-round_start", "staff_name", "pk"
    )
    if round_start is not None:
        rows = rows.filter(round_start=round_start)
    return rows


def decisions_of(programme: Programme) -> list[Decision]:
    return list(
        programme.decisions.select_related("decided_by").prefetch_related(
            "placements__nomination__unit", "placements__awards"
        )
    )


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    mean: Decimal | None  # the mean of the members' scores, two decimals
    count: int


def criterion_results(nomination: Nomination) -> list[CriterionResult]:
    """Per criterion: the mean of the scores the members gave this nomination."""
    given: dict[int, list[int]] = defaultdict(list)
    for criterion_id, value in nomination.scores.values_list("criterion_id", "value"):
        given[criterion_id].append(value)
    results = []
    for criterion in nomination.programme.criteria.all():
        values = given.get(criterion.pk, [])
        mean = (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01")) if values else None
        results.append(CriterionResult(criterion, mean, len(values)))
    return results


def total_of(nomination: Nomination) -> Decimal | None:
    weights = {c.pk: c.weight for c in nomination.programme.criteria.all()}
    return rules.weighted_total(weights, nomination.scores.values_list("criterion_id", "value"))


def declarations_of(nomination: Nomination) -> list[ConflictDeclaration]:
    return list(nomination.declarations.select_related("member__user"))


def my_scores(nomination: Nomination, member: CommitteeMember) -> dict[int, int]:
    return dict(
        Score.objects.filter(nomination=nomination, member=member).values_list(
            "criterion_id", "value"
        )
    )


def members_status(
    nomination: Nomination,
) -> list[tuple[CommitteeMember, ConflictDeclaration | None, bool]]:
    """Each member with their declaration on the nomination (or None) and whether they scored."""
    declared = {d.member_id: d for d in nomination.declarations.all()}
    scored = set(nomination.scores.values_list("member_id", flat=True))
    return [
        (m, declared.get(m.pk), m.pk in scored)
        for m in nomination.programme.members.select_related("user")
    ]


# --- the unit's figures beside a nomination ---------------------------------------------------
@dataclass(frozen=True)
class UnitSignals:
    """The unit's figures shown to the committee: never the nominee's own."""

    unit: ServiceUnit
    period: SurveyPeriod | None  # the unit's survey period the element is read from
    behaviour: ElementRow | None  # the element "perilaku pelaksana" of that period
    complaints: UnitStats  # the unit's public complaints of the last twelve months


def survey_period_for_round(unit: ServiceUnit, round_end: dt.date) -> SurveyPeriod | None:
    """The unit's whole-unit survey period with results that started by the end of the round,
    the latest first."""
    return (
        SurveyPeriod.objects.filter(
            unit=unit,
            service__isnull=True,
            starts_on__lte=round_end,
            result__respondents__gt=0,
        )
        .select_related("result", "unit")
        .order_by("-ends_on", "-pk")
        .first()
    )


def behaviour_element(period: SurveyPeriod) -> ElementRow | None:
    """The element "perilaku pelaksana" of a period, as the surveys module's report shows it
    (its value NRR × 25 from the stored sums; no response is read)."""
    rows = element_rows(aggregates.result_of(period), element_order(period.unit))
    return next((row for row in rows if row.key == BEHAVIOUR), None)


def unit_signals(nomination: Nomination) -> UnitSignals:
    unit = nomination.unit
    end = rules.round_end(nomination.programme.period, nomination.round_start)
    period = survey_period_for_round(unit, end)
    return UnitSignals(
        unit=unit,
        period=period,
        behaviour=behaviour_element(period) if period else None,
        complaints=unit_stats(unit),
    )


# --- public ------------------------------------------------------------------------------------
def published_awards(programme: Programme) -> QuerySet[Award]:
    """The awards of a programme that publishes them, newest first."""
    return (
        Award.objects.filter(placement__decision__programme=programme)
        .select_related("placement__nomination__unit", "placement__decision__programme")
        .order_by("-awarded_on", "placement__rank", "pk")
    )


def placements_of(decision: Decision) -> QuerySet[Placement]:
    return decision.placements.select_related("nomination__unit").prefetch_related("awards")


# --- evidence --------------------------------------------------------------------------------
def programmes_covering(unit: ServiceUnit, *, year: int) -> QuerySet[Programme]:
    """The programmes with published criteria that cover `unit` (its own or its agency's
    agency-wide ones), created by the end of `year`."""
    return (
        Programme.objects.filter(
            Q(unit=unit) | Q(unit__isnull=True, agency_id=unit.agency_id),
            created_at__year__lte=year,
        )
        .exclude(status=Programme.Status.DRAFT)
        .prefetch_related("criteria")
        .order_by("-created_at", "pk")
    )


def awards_in(programme: Programme, *, year: int) -> QuerySet[Award]:
    return Award.objects.filter(placement__decision__programme=programme, awarded_on__year=year)


def programme_history(programme: Programme, *, limit: int = 200) -> list[object]:
    """The history records of a programme and everything in it (criteria, committee,
    nominations, declarations, scores, decisions, awards), newest first."""
    from prima.recognition import models as m

    def records(model: type, **filters: object) -> list[object]:
        return list(
            model.history.filter(**filters)  # type: ignore[attr-defined]
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        )

    nominations = list(
        m.Nomination.history.filter(programme_id=programme.pk)  # type: ignore[attr-defined]
        .values_list("id", flat=True)
        .distinct()
    )
    decisions = list(
        m.Decision.history.filter(programme_id=programme.pk)  # type: ignore[attr-defined]
        .values_list("id", flat=True)
        .distinct()
    )
    placements = list(
        m.Placement.history.filter(decision_id__in=decisions)  # type: ignore[attr-defined]
        .values_list("id", flat=True)
        .distinct()
    )
    found = [
        *records(m.Programme, id=programme.pk),
        *records(m.Criterion, programme_id=programme.pk),
        *records(m.CommitteeMember, programme_id=programme.pk),
        *records(m.Nomination, programme_id=programme.pk),
        *records(m.EvidenceFile, nomination_id__in=nominations),
        *records(m.ConflictDeclaration, nomination_id__in=nominations),
        *records(m.Score, nomination_id__in=nominations),
        *records(m.Decision, programme_id=programme.pk),
        *records(m.Placement, decision_id__in=decisions),
        *records(m.Award, placement_id__in=placements),
    ]
    found.sort(key=lambda r: r.history_date, reverse=True)  # type: ignore[attr-defined]
    return found[:limit]
