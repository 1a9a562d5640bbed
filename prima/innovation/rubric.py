"""A competition's desk score, ranking and shortlist — pure, no Django, exact (Fraction).

The rubric of a group is a list of criteria with weights in percent adding up to 100 (KIPP
2023, Kelompok Umum: ringkasan 0, latar belakang 10, kebaruan 15, implementasi 5,
signifikansi 30, adaptabilitas 20, sumber daya 5, keberlanjutan 15). Each reviewer scores
every criterion from 0 to the competition's `scale_max`.

Score. A review that leaves a criterion unscored is *incomplete* and not counted at all (a
half-scored sheet would weigh the criteria it did score too much). Over the complete reviews,
each criterion's mean score m gives weight/100 × m/scale_max × 100 points; the desk score
(0–100) is their sum. With fewer complete reviews than the competition requires there is no
score, and the result says why.

Ties. Entries are ranked by score, highest first. Equal scores are told apart by the mean of
the heaviest criterion (the first such criterion in the rubric's order when weights are
equal); entries still equal share a rank and the next rank is skipped (1, 2, 2, 4). The Top N
is everyone ranked N or better whose score reaches the passing grade — so everyone tied at
place N is shortlisted, and the list may be longer than N.

Agreement. For every pair of complete reviews, the two reviewers' scores of each criterion
are compared (prima.lib.agreement) with the competition's tolerance; a criterion whose
scores are further apart than the tolerance is flagged for the organiser.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from itertools import combinations

from prima.lib.agreement import Agreement, agreement

HUNDRED = Fraction(100)

# Why a rubric is not valid, and why an entry has no score (the pages translate them).
WEIGHTS_NOT_100 = "weights_not_100"
DUPLICATE_CODE = "duplicate_code"
NO_CRITERIA = "no_criteria"
WEIGHT_OUT_OF_RANGE = "weight_out_of_range"
TOO_FEW_REVIEWS = "too_few_reviews"


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str
    weight: Fraction  # percent


@dataclass(frozen=True)
class Sheet:
    """One reviewer's scores, by criterion code; a missing code is an unscored criterion."""

    reviewer: str
    scores: Mapping[str, int]


@dataclass(frozen=True)
class Problem:
    code: str
    detail: str = ""


def validate(criteria: Sequence[Criterion]) -> list[Problem]:
    """What makes a rubric unusable: no criteria, a weight outside 0–100, a code used twice,
    weights not adding up to exactly 100. [] when it is valid."""
    problems: list[Problem] = []
    if not criteria:
        return [Problem(NO_CRITERIA)]
    seen: set[str] = set()
    for criterion in criteria:
        if criterion.code in seen:
            problems.append(Problem(DUPLICATE_CODE, criterion.code))
        seen.add(criterion.code)
        if not 0 <= criterion.weight <= HUNDRED:
            problems.append(Problem(WEIGHT_OUT_OF_RANGE, criterion.code))
    total = sum((c.weight for c in criteria), Fraction(0))
    if total != HUNDRED:
        problems.append(Problem(WEIGHTS_NOT_100, format_number(total)))
    return problems


@dataclass(frozen=True)
class Line:
    """One criterion's part of the score: the counted reviewers' scores, their mean, the points
    it adds, and whether the reviewers agree within the tolerance."""

    criterion: Criterion
    scores: tuple[int, ...]
    mean: Fraction | None
    points: Fraction | None
    spread: int | None  # highest minus lowest score
    agrees: bool


@dataclass(frozen=True)
class PairAgreement:
    first: str
    second: str
    agreement: Agreement


@dataclass(frozen=True)
class Result:
    """How one entry's score was computed — what the page shows under "how this score was
    computed"."""

    score: Fraction | None
    reason: str  # TOO_FEW_REVIEWS when score is None, else ""
    counted: tuple[str, ...]  # the reviewers whose complete reviews count
    incomplete: Mapping[str, tuple[str, ...]]  # reviewer → the criterion codes left unscored
    lines: tuple[Line, ...]
    pairs: tuple[PairAgreement, ...]
    required: int
    scale_max: int
    tolerance: int
    heaviest_mean: Fraction | None = None  # the tie-break

    @property
    def disagreements(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if not line.agrees)


def heaviest(criteria: Sequence[Criterion]) -> Criterion | None:
    """The criterion that breaks ties: the heaviest, the first in order among equals."""
    best: Criterion | None = None
    for criterion in criteria:
        if best is None or criterion.weight > best.weight:
            best = criterion
    return best


def score(
    criteria: Sequence[Criterion],
    sheets: Sequence[Sheet],
    *,
    scale_max: int,
    required: int,
    tolerance: int,
) -> Result:
    """The desk score of one entry from its reviewers' sheets (see the module's docstring)."""
    if scale_max < 1:
        raise ValueError("scale_max must be at least 1")
    codes = [c.code for c in criteria]
    for sheet in sheets:
        for code, value in sheet.scores.items():
            if code in codes and not 0 <= value <= scale_max:
                raise ValueError(f"{sheet.reviewer}: {code} = {value} is outside 0–{scale_max}")
    complete = [s for s in sheets if all(code in s.scores for code in codes)]
    incomplete = {
        s.reviewer: tuple(code for code in codes if code not in s.scores)
        for s in sheets
        if s not in complete
    }
    enough = len(complete) >= required and bool(complete)
    lines: list[Line] = []
    for criterion in criteria:
        values = tuple(s.scores[criterion.code] for s in complete)
        mean = Fraction(sum(values), len(values)) if values else None
        points = (
            criterion.weight / HUNDRED * mean / scale_max * HUNDRED
            if mean is not None and enough
            else None
        )
        spread = max(values) - min(values) if values else None
        lines.append(
            Line(criterion, values, mean, points, spread, spread is None or spread <= tolerance)
        )
    pairs = tuple(
        PairAgreement(
            a.reviewer,
            b.reviewer,
            agreement([(a.scores[c], b.scores[c]) for c in codes], tolerance=tolerance),
        )
        for a, b in combinations(complete, 2)
    )
    top = heaviest(criteria)
    top_mean = next((ln.mean for ln in lines if top and ln.criterion == top), None)
    total = sum((ln.points for ln in lines if ln.points is not None), Fraction(0))
    return Result(
        score=total if enough else None,
        reason="" if enough else TOO_FEW_REVIEWS,
        counted=tuple(s.reviewer for s in complete),
        incomplete=incomplete,
        lines=tuple(lines),
        pairs=pairs,
        required=required,
        scale_max=scale_max,
        tolerance=tolerance,
        heaviest_mean=top_mean if enough else None,
    )


@dataclass(frozen=True)
class Entry:
    key: object
    score: Fraction | None
    tie_break: Fraction | None = None  # the heaviest criterion's mean


@dataclass(frozen=True)
class Ranked:
    key: object
    score: Fraction | None
    rank: int | None  # None without a score
    tied: bool = False  # shares its rank with another entry


def rank(entries: Sequence[Entry]) -> list[Ranked]:
    """Entries ranked by score, then by the tie-break; entries equal on both share a rank
    (1, 2, 2, 4). Entries without a score come last, unranked, in the order given."""

    def order(e: Entry) -> tuple[Fraction, Fraction]:
        return (e.score or Fraction(0), e.tie_break or Fraction(0))

    scored = sorted((e for e in entries if e.score is not None), key=order, reverse=True)
    sizes = Counter(order(e) for e in scored)
    ranked: list[Ranked] = []
    current_rank = 0
    previous: tuple[Fraction, Fraction] | None = None
    for position, e in enumerate(scored, start=1):
        if order(e) != previous:
            current_rank, previous = position, order(e)
        ranked.append(Ranked(e.key, e.score, current_rank, sizes[order(e)] > 1))
    ranked.extend(Ranked(e.key, None, None) for e in entries if e.score is None)
    return ranked


def shortlist(
    ranked: Sequence[Ranked], *, top_n: int, passing_grade: Fraction | None
) -> list[object]:
    """The keys of the Top N: ranked N or better (so every entry tied at place N) with a score
    reaching the passing grade."""
    return [
        r.key
        for r in ranked
        if r.rank is not None
        and r.rank <= top_n
        and r.score is not None
        and (passing_grade is None or r.score >= passing_grade)
    ]


def as_decimal(value: Fraction, places: int = 4) -> Decimal:
    """A fraction rounded half up to `places` decimals, for storing and showing."""
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        quantum, rounding=ROUND_HALF_UP
    )


def format_number(value: Fraction, places: int = 2) -> str:
    """A fraction as a plain decimal text ("100", "97.5", "33.33")."""
    text = format(as_decimal(value, places), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def word_count(text: str) -> int:
    """Words as a word limit counts them: runs of characters between spaces ("e-KTP" is one)."""
    return len(text.split())
