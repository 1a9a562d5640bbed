"""How two raters' scores of the same items compare — pure, no Django.

Used for the PEKPPP evaluators' double scoring (evaluation.scoring re-exports it) and for the
reviewers of an innovation competition (prima.innovation.rubric), whose scales differ: a
PEKPPP level runs 0–5 and two levels one apart still agree "within one"; a competition
criterion may run 0–100 with a tolerance the competition sets.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Agreement:
    """How two raters' scores of the same items compare."""

    compared: int
    identical: int
    within_one: int  # pairs no further apart than the tolerance (one level by default)
    mean_difference: Fraction | None

    @property
    def identical_share(self) -> Fraction | None:
        return Fraction(self.identical, self.compared) if self.compared else None

    @property
    def within_share(self) -> Fraction | None:
        return Fraction(self.within_one, self.compared) if self.compared else None


def agreement(pairs: list[tuple[int, int]], *, tolerance: int = 1) -> Agreement:
    """Exact agreement, agreement within `tolerance`, and the mean absolute difference over
    (first rater, second rater) score pairs."""
    if not pairs:
        return Agreement(0, 0, 0, None)
    differences = [abs(a - b) for a, b in pairs]
    return Agreement(
        compared=len(pairs),
        identical=sum(d == 0 for d in differences),
        within_one=sum(d <= tolerance for d in differences),
        mean_difference=Fraction(sum(differences), len(pairs)),
    )
