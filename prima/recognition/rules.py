"""The arithmetic of a recognition programme — pure, no Django: the rounds a period makes, a
nominee's weighted total, the ranking, and the PEKPPP levels its criteria support.

PEKPPP 2023 (PermenPANRB 29/2022, Pedoman 1/2022), aspect Profesionalisme SDM:
- 13.b.K "Kriteria penghargaan bagi pelaksana": 0 no criteria; 1–4 as many of the six
  elements (kehadiran, kinerja, kerja sama, inovasi, penampilan, tanpa pengaduan); 5 five or
  six elements including kinerja. Five or six without kinerja are not level 5: the scale's
  level 5 asks for it, so such criteria stay at 4.
- 12.b.AK "Mekanisme pemberian motivasi kerja": the number of kinds of mechanism
  (penghargaan, pelatihan, beasiswa, konseling, team building, …), 5 for more than four.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

MONTHLY, QUARTERLY, YEARLY = "monthly", "quarterly", "yearly"
ELEMENTS = ("kehadiran", "kinerja", "kerja_sama", "inovasi", "penampilan", "tanpa_pengaduan")
PERFORMANCE = "kinerja"
SCORE_MAX = 100  # a member scores each criterion 0–100
WEIGHT_TOTAL = 100  # a programme's criteria weights add up to 100


def round_start(period: str, day: dt.date) -> dt.date:
    """The first day of the round (month, quarter or year) holding `day`."""
    if period == MONTHLY:
        return day.replace(day=1)
    if period == QUARTERLY:
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if period == YEARLY:
        return dt.date(day.year, 1, 1)
    raise ValueError(f"unknown period {period!r}")


def round_end(period: str, start: dt.date) -> dt.date:
    """The last day of the round starting on `start`."""
    months = {MONTHLY: 1, QUARTERLY: 3, YEARLY: 12}[period]
    month = start.month - 1 + months
    following = dt.date(start.year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def recent_rounds(period: str, today: dt.date, count: int = 4) -> list[dt.date]:
    """The starts of the round holding `today` and the `count - 1` before it, newest first."""
    starts = [round_start(period, today)]
    while len(starts) < count:
        starts.append(round_start(period, starts[-1] - dt.timedelta(days=1)))
    return starts


def weighted_total(weights: Mapping[int, int], scores: Iterable[tuple[int, int]]) -> Decimal | None:
    """A nominee's total, 0–100, two decimals (half up): for each criterion (id → weight) the
    mean of the members' scores (criterion id, score) times its weight, over the weights' sum.
    None until every criterion has at least one score."""
    by_criterion: dict[int, list[int]] = {c: [] for c in weights}
    for criterion, score in scores:
        if criterion in by_criterion:
            by_criterion[criterion].append(score)
    if not weights or any(not given for given in by_criterion.values()):
        return None
    total = sum(
        (Fraction(sum(given), len(given)) * weights[c] for c, given in by_criterion.items()),
        Fraction(0),
    ) / sum(weights.values())
    return (Decimal(total.numerator) / Decimal(total.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def ranks(totals: Sequence[tuple[int, Decimal]]) -> dict[int, int]:
    """Competition ranking (1, 2, 2, 4) of (nomination id, total), highest first."""
    ordered = sorted(totals, key=lambda pair: -pair[1])
    result: dict[int, int] = {}
    for position, (key, total) in enumerate(ordered, start=1):
        if position > 1 and total == ordered[position - 2][1]:
            result[key] = result[ordered[position - 2][0]]
        else:
            result[key] = position
    return result


def criteria_level(elements: Iterable[str]) -> int:
    """The 13.b.K level of criteria covering `elements` (each of ELEMENTS counted once)."""
    covered = set(elements) & set(ELEMENTS)
    if len(covered) >= 5:
        return 5 if PERFORMANCE in covered else 4
    return len(covered)


def motivation_level(kinds: int) -> int:
    """The 12.b.AK level of `kinds` kinds of work-motivation mechanism: 0–4, 5 above four."""
    return min(max(kinds, 0), 5)
