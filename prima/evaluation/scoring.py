"""The public-service index IPP from evaluator scores — pure, exact, cited to
docs/regulations.md §4.5–4.6:

    aspect score = Σ (indicator weight / 100) × indicator score      (0–5)
    IPP          = Σ (aspect weight / 100) × aspect score            (0–5)

in exact fractions (never floats); the IPP is rounded half-up to 2 decimals and the category
is read from the rounded value against the instrument's lower bounds (A ≥ 4.51 … F ≥ 0).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from prima.evaluation.instrument import Category, Instrument

# Re-exported: the evaluators' agreement is the shared one (prima.lib.agreement).
from prima.lib.agreement import Agreement as Agreement
from prima.lib.agreement import agreement as agreement


class ScoreError(ValueError):
    pass


def round_half_up(value: Fraction, places: int = 2) -> Decimal:
    """Round a non-negative exact value half-up: 3.005 → 3.01, 3.004999… → 3.00."""
    scale = 10**places
    scaled = value * scale
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(whole).scaleb(-places).quantize(Decimal(1).scaleb(-places))


@dataclass(frozen=True)
class Result:
    aspects: dict[str, Fraction]
    ipp: Fraction
    ipp_rounded: Decimal
    category: Category

    def as_json(self, lokus: str) -> dict[str, object]:
        return {
            "lokus": lokus,
            "aspects": {code: float(score) for code, score in self.aspects.items()},
            "ipp": float(self.ipp),
            "ipp_rounded": float(self.ipp_rounded),
            "category": self.category.code,
            "label": self.category.label,
        }


def category_of(instrument: Instrument, rounded: Decimal) -> Category:
    value = Fraction(rounded)
    for category in instrument.categories:  # highest first
        if value >= category.min:
            return category
    return instrument.categories[-1]


def score(instrument: Instrument, scores: Mapping[str, int]) -> Result:
    """The IPP of one unit lokus from its score (0–5) on every indicator."""
    unknown = sorted(set(scores) - set(instrument.indicators))
    if unknown:
        raise ScoreError(f"unknown indicators: {', '.join(unknown)}")
    missing = [code for code in instrument.indicators if code not in scores]
    if missing:
        raise ScoreError(f"missing indicators: {', '.join(missing)}")
    for code, value in scores.items():
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5:
            raise ScoreError(f"indicator {code}: score {value!r} is outside 0–5")
    aspects: dict[str, Fraction] = {}
    ipp = Fraction(0)
    for aspect in instrument.aspects:
        aspect_score = sum(
            (i.weight / 100 * scores[i.code] for i in aspect.indicators), Fraction(0)
        )
        aspects[aspect.code] = aspect_score
        ipp += aspect.weight / 100 * aspect_score
    rounded = round_half_up(ipp)
    return Result(aspects, ipp, rounded, category_of(instrument, rounded))


def user_mean(ratings: list[Mapping[str, int]]) -> Fraction | None:
    """The F-03 mean: every item every respondent rated (0–5), averaged; a blank is not a
    zero. None when nobody rated anything."""
    values = [v for answers in ratings for v in answers.values() if v is not None]
    if not values:
        return None
    return Fraction(sum(values), len(values))


def combine(evaluator_ipp: Fraction, users: Fraction | None, *, user_weight: int) -> Fraction:
    """The IPP with service users' ratings folded in at `user_weight` percent.

    How F-03 combines with F-02 is not fixed by the rules (docs/regulations.md §4.5): a cycle
    chooses the weight; 0, or no usable ratings, leaves the evaluator's IPP unchanged.
    """
    if not 0 <= user_weight <= 100:
        raise ScoreError(f"user weight {user_weight} is outside 0–100")
    if users is None or user_weight == 0:
        return evaluator_ipp
    share = Fraction(user_weight, 100)
    return (1 - share) * evaluator_ipp + share * users
