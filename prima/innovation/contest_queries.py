"""Reads for the competition pages and the ranking export."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from prima.innovation import rubric
from prima.innovation.models import (
    Award,
    Competition,
    Group,
    Objection,
    Review,
    Submission,
    Window,
)

S = Submission.State
DECIDED = (S.AWARDED, S.FINALIST, S.DISQUALIFIED)
PUBLIC_STATES = (S.SHORTLISTED, *DECIDED)


def criteria_of(group: Group) -> list[rubric.Criterion]:
    return [rubric.Criterion(c.code, c.name, Fraction(c.weight)) for c in group.criteria.all()]


def sheets_of(submission: Submission) -> list[rubric.Sheet]:
    """The scored reviews of an entry as rubric sheets (reviewer's name → scores by code)."""
    sheets = []
    for review in submission.reviews.filter(state=Review.State.DONE).select_related("reviewer"):
        scores = {s.criterion.code: s.score for s in review.scores.select_related("criterion")}
        sheets.append(rubric.Sheet(str(review.reviewer), scores))
    return sheets


def result_of(submission: Submission) -> rubric.Result:
    competition = submission.competition
    return rubric.score(
        criteria_of(submission.group),
        sheets_of(submission),
        scale_max=competition.scale_max,
        required=competition.reviews_required,
        tolerance=competition.agreement_tolerance,
    )


def windows_of(competition: Competition) -> list[Window]:
    return sorted(competition.windows.all(), key=lambda w: w.opens_at)


def groups_with_criteria(competition: Competition) -> QuerySet[Group]:
    return competition.groups.prefetch_related("criteria")


def entries(competition: Competition, *, state: str = "", q: str = "") -> QuerySet[Submission]:
    """A competition's entries for the organiser's list, with their counts of reviews."""
    rows = competition.submissions.select_related(
        "innovation", "innovation__unit", "agency", "group", "category"
    ).annotate(
        n_reviews=Count("reviews", distinct=True),
        n_done=Count("reviews", filter=Q(reviews__state=Review.State.DONE), distinct=True),
    )
    if state:
        rows = rows.filter(state=state)
    if q:
        rows = rows.filter(Q(innovation__title__icontains=q) | Q(agency__name__icontains=q))
    return rows.order_by("group", "rank", "innovation__title", "pk")


def state_counts(competition: Competition) -> dict[str, int]:
    counts = dict(competition.submissions.values_list("state").annotate(n=Count("pk")).order_by())
    return {str(label): counts.get(value, 0) for value, label in S.choices if counts.get(value)}


@dataclass(frozen=True)
class RankingRow:
    submission: Submission
    result: rubric.Result


@dataclass(frozen=True)
class GroupRanking:
    group: Group
    rows: list[RankingRow]


def ranking(competition: Competition) -> list[GroupRanking]:
    """Every evaluated entry of each group with how its score is computed, in rank order
    (unranked last)."""
    states = (S.IN_REVIEW, S.SCORED, S.SHORTLISTED, S.NOT_SHORTLISTED, *DECIDED)
    out: list[GroupRanking] = []
    for group in competition.groups.prefetch_related("criteria"):
        members = (
            competition.submissions.filter(group=group, state__in=states)
            .select_related("competition", "group", "innovation", "agency")
            .order_by("rank", "innovation__title")
        )
        rows = [RankingRow(s, result_of(s)) for s in members]
        rows.sort(key=lambda r: (r.submission.rank is None, r.submission.rank or 0))
        out.append(GroupRanking(group, rows))
    return out


def ranking_export(competition: Competition) -> tuple[list[str], Iterator[list[Any]]]:
    """The ranking as a table: one row per entry, one column per criterion mean."""
    groups = ranking(competition)
    codes: list[str] = []
    for g in groups:
        for c in g.group.criteria.all():
            if c.code not in codes:
                codes.append(c.code)
    header = [
        "group",
        "rank",
        "innovation",
        "agency",
        "state",
        "score",
        "reviews_counted",
        "criteria_disagreeing",
        *[f"mean_{code}" for code in codes],
    ]

    def rows() -> Iterator[list[Any]]:
        for g in groups:
            for row in g.rows:
                means = {ln.criterion.code: ln.mean for ln in row.result.lines}
                yield [
                    g.group.code,
                    row.submission.rank,
                    row.submission.innovation.title,
                    row.submission.agency.name,
                    row.submission.state,
                    row.submission.score,
                    len(row.result.counted),
                    len(row.result.disagreements),
                    *[_two_places(means.get(c)) for c in codes],
                ]

    return header, rows()


def _two_places(value: Fraction | None) -> Decimal | None:
    return rubric.as_decimal(value, 2) if value is not None else None


def objections_of(competition: Competition) -> QuerySet[Objection]:
    return Objection.objects.filter(submission__competition=competition).select_related(
        "submission", "submission__innovation"
    )


def public_entries(competition: Competition) -> QuerySet[Submission]:
    """The shortlisted and decided entries the public sees (the whole Top N once it is set;
    the decisions once the results are published)."""
    rows = (
        competition.submissions.filter(state__in=PUBLIC_STATES)
        .select_related("innovation", "innovation__unit", "agency", "group", "category")
        .prefetch_related(Prefetch("awards", queryset=Award.objects.filter(tier=Award.Tier.WINNER)))
    )
    return rows.order_by("group", "rank", "innovation__title")


def winners(competition: Competition) -> QuerySet[Submission]:
    return public_entries(competition).filter(state=S.AWARDED)
