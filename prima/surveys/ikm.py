"""The Community Satisfaction Index (IKM) of the SKM, exactly as PermenPANRB 14/2017 computes it.

Pure: no Django. Every number that decides a category is exact (``Fraction``), and the IKM is
rounded once, at the end, half-up to two decimals as Excel's ROUND does. Sources and open
questions: docs/regulations.md §1.5–1.7 and §11.

For a unit (or a service) and a survey period (PermenPANRB 14/2017, Lampiran):

- per element, NRR = sum of the answers / number of answers to that element. A blank is not a
  zero: it is left out of both sums (the annex's "total unsur yang terisi");
- IKM = 25 × (the nine NRR, each weighted by exactly 1/9). Equal weights make this 25 × the mean
  of the nine NRR; the weights printed as 0,11 or 0,111 in copies of the annex are roundings,
  which cap the IKM below 100 (docs/regulations.md §11 pitfall 1);
- the quality category (mutu) and the unit's performance (kinerja) are read from the IKM rounded
  to two decimals: A ≥ 88.31 Sangat Baik, B ≥ 76.61 Baik, C ≥ 65.00 Kurang Baik, D otherwise
  Tidak Baik (the conversion table, §1.6; the NI column has inconsistent gaps, so the converted
  value is classified). The rounding rule is not stated in the regulation: half-up, as Excel
  and every published report we have seen, is a documented decision;
- the required sample is the Krejcie–Morgan formula the annex's table reproduces (§1.7).

Methods are versioned by legal basis (``METHODS``), so a regulation that replaces 14/2017 is
added beside it and results computed under the old one keep their meaning.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

Answer = int | None


@dataclass(frozen=True, slots=True)
class Category:
    minimum: Decimal  # lower bound on the rounded converted value (inclusive)
    mutu: str  # "A" .. "D"
    kinerja: str  # "Sangat Baik" .. "Tidak Baik"


@dataclass(frozen=True, slots=True)
class Method:
    """One legal basis for the survey: its elements, answer scale, conversion and categories."""

    code: str
    legal_basis: str
    elements: tuple[str, ...]  # stable keys, in the sample questionnaire's order (U1 …)
    lowest: int
    highest: int
    conversion: int  # the factor from the 1–4 scale to the index (25 → 25.00–100.00)
    categories: tuple[Category, ...]  # highest first; the last has minimum = the lowest value

    @property
    def weight(self) -> Fraction:
        """Each element's weight: exactly 1 / number of elements (1/9 under 14/2017)."""
        return Fraction(1, len(self.elements))

    def category(self, rounded_value: Decimal) -> Category:
        """The category of a converted value already rounded to two decimals."""
        low = self.conversion * self.lowest
        high = self.conversion * self.highest
        if not low <= rounded_value <= high:
            raise ValueError(f"{rounded_value} is outside {low}–{high}")
        for category in self.categories:
            if rounded_value >= category.minimum:
                return category
        raise AssertionError("the lowest category has the lowest possible value as minimum")


PERMENPANRB_14_2017 = Method(
    code="permenpanrb-14-2017",
    legal_basis=(
        "Peraturan Menteri PANRB Nomor 14 Tahun 2017 tentang Pedoman Penyusunan Survei "
        "Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik"
    ),
    # The sample questionnaire's order: U8 = sarana dan prasarana, U9 = penanganan pengaduan
    # (the regulation's scope list has these two the other way round; §1.2).
    elements=(
        "persyaratan",
        "prosedur",
        "waktu",
        "biaya",
        "produk",
        "kompetensi",
        "perilaku",
        "sarpras",
        "pengaduan",
    ),
    lowest=1,
    highest=4,
    conversion=25,
    categories=(
        Category(Decimal("88.31"), "A", "Sangat Baik"),
        Category(Decimal("76.61"), "B", "Baik"),
        Category(Decimal("65.00"), "C", "Kurang Baik"),
        Category(Decimal("25.00"), "D", "Tidak Baik"),
    ),
)

METHODS: dict[str, Method] = {PERMENPANRB_14_2017.code: PERMENPANRB_14_2017}
CURRENT = PERMENPANRB_14_2017


def round_half_up(value: Fraction, places: int = 2) -> Decimal:
    """Round exactly, halves away from zero, as Excel's ROUND(value, places) does."""
    numerator, denominator = abs(value.numerator), value.denominator
    # floor(|value| × 10^places + 1/2), in integers: (2·n·10^p + d) // (2·d).
    whole = (2 * numerator * 10**places + denominator) // (2 * denominator)
    result = Decimal(whole).scaleb(-places)
    return -result if value < 0 else result


Index = tuple[Fraction, Decimal, Category]  # exact IKM, rounded IKM, category


def index_from_sums(method: Method, sums: Sequence[tuple[int, int]]) -> Index | None:
    """The IKM from (number of answers, sum of answers) per element, in the method's element
    order: exact, rounded half-up to two decimals, and its category. None when an element has
    no answer. The one place the index is computed (Tally.result calls it too)."""
    if any(n == 0 for n, _ in sums):
        return None
    # Σ sum_i / n_i over one common denominator, then a single exact fraction.
    common = math.lcm(*(n for n, _ in sums))
    numerator = sum(answer_sum * (common // n) for n, answer_sum in sums)
    ikm = Fraction(numerator * method.conversion, common) * method.weight
    rounded = round_half_up(ikm)
    return ikm, rounded, method.category(rounded)


# --- sample size ----------------------------------------------------------------------------
_CHI_SQUARE = Fraction(3841, 1000)  # χ² for 1 degree of freedom at 95%
_P = Fraction(1, 2)
_D = Fraction(1, 20)  # margin of error 0.05


@functools.lru_cache(maxsize=4096)  # a pure function of one integer, asked per answer stored
def required_sample(population: int) -> int:
    """Krejcie & Morgan (1970): s = χ²NP(1−P) / (d²(N−1) + χ²P(1−P)), rounded to the nearest
    whole number (halves up) and never above the population.

    PermenPANRB 14/2017 refers units to the Krejcie–Morgan table; this formula reproduces all
    90 of its rows (docs/regulations.md §1.7) and covers the populations between them.
    """
    if population < 0:
        raise ValueError("A population cannot be negative.")
    if population == 0:
        return 0
    spread = _P * (1 - _P)
    s = (_CHI_SQUARE * population * spread) / (_D**2 * (population - 1) + _CHI_SQUARE * spread)
    return min(population, math.floor(s + Fraction(1, 2)))


# --- results --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ElementResult:
    key: str
    n: int  # answers given (blanks excluded)
    total: int  # sum of the answers
    nrr: Fraction | None  # None when nobody answered the element
    value: Fraction | None  # NRR × conversion
    value_rounded: Decimal | None
    category: Category | None
    distribution: tuple[int, ...] = ()  # how many gave each answer, lowest first


@dataclass(frozen=True, slots=True)
class Result:
    method: Method
    respondents: int
    elements: dict[str, ElementResult]
    ikm: Fraction | None  # None when an element has no answer at all
    ikm_rounded: Decimal | None
    category: Category | None
    ci95: tuple[Decimal, Decimal] | None
    sample_required: int | None  # None without a population
    sample_met: bool | None
    missing_elements: tuple[str, ...] = field(default=())

    @property
    def enough_responses(self) -> bool | None:
        """False when a population is known and the sample falls short of Krejcie–Morgan."""
        return self.sample_met

    def as_json(self) -> dict[str, object]:
        """The result as plain JSON values: `ikm` unrounded, `ikm_rounded` deciding `mutu`
        and `kinerja` (the contract of `prima ikm --json` and the API)."""

        def number(value: Fraction | Decimal | None) -> float | None:
            return float(value) if value is not None else None

        return {
            "respondents": self.respondents,
            "elements": {
                e.key: {
                    "n": e.n,
                    "nrr": number(e.nrr),
                    "value": number(e.value),
                    "mutu": e.category.mutu if e.category else None,
                }
                for e in self.elements.values()
            },
            "ikm": number(self.ikm),
            "ikm_rounded": number(self.ikm_rounded),
            "mutu": self.category.mutu if self.category else None,
            "kinerja": self.category.kinerja if self.category else None,
            "ci95": [float(self.ci95[0]), float(self.ci95[1])] if self.ci95 else None,
            "sample_required": self.sample_required,
            "sample_met": self.sample_met,
            "method": self.method.code,
        }

    def weakest_first(self) -> list[ElementResult]:
        answered = [e for e in self.elements.values() if e.nrr is not None]
        return sorted(answered, key=lambda e: (e.nrr, self.method.elements.index(e.key)))


class AnswerError(ValueError):
    """An answer outside the scale, or not a whole number; says which element."""

    def __init__(self, element: str, value: object, method: Method) -> None:
        super().__init__(
            f"{element}: {value!r} is not an answer from {method.lowest} to {method.highest}"
        )
        self.element = element
        self.value = value


class Tally:
    """The sufficient statistics of a set of responses: per element the count of each answer,
    and per pair of elements (i ≤ j) the number of respondents who answered both, the two sums
    and the sum of products. The IKM and its confidence interval follow from these alone, so
    the stored aggregates (prima.surveys.aggregates) and a recompute from raw rows are the
    same function of the same integers and agree exactly.

    `add(answers, weight=-1)` takes a response back out (a reviewer flags it).
    """

    __slots__ = ("method", "respondents", "counts", "pairs")

    def __init__(self, method: Method = CURRENT) -> None:
        self.method = method
        self.respondents = 0
        span = method.highest - method.lowest + 1
        self.counts: dict[str, list[int]] = {key: [0] * span for key in method.elements}
        k = len(method.elements)
        # pairs[index(i, j)] = [n, sum of answers to i, sum of answers to j, sum of products]
        self.pairs: list[list[int]] = [[0, 0, 0, 0] for _ in range(k * (k + 1) // 2)]

    def validate(self, answers: Mapping[str, Answer]) -> tuple[Answer, ...]:
        """The answers in element order; AnswerError for one outside the scale."""
        method = self.method
        row: list[Answer] = []
        for key in method.elements:
            answer = answers.get(key)
            if answer is not None and (
                isinstance(answer, bool)
                or not isinstance(answer, int)
                or not method.lowest <= answer <= method.highest
            ):
                raise AnswerError(key, answer, method)
            row.append(answer)
        return tuple(row)

    def add(self, answers: Mapping[str, Answer], *, weight: int = 1) -> None:
        row = self.validate(answers)
        self.respondents += weight
        lowest = self.method.lowest
        for key, answer in zip(self.method.elements, row, strict=True):
            if answer is not None:
                self.counts[key][answer - lowest] += weight
        index = 0
        k = len(row)
        for i in range(k):
            a = row[i]
            for j in range(i, k):
                b = row[j]
                if a is not None and b is not None:
                    cell = self.pairs[index]
                    cell[0] += weight
                    cell[1] += weight * a
                    cell[2] += weight * b
                    cell[3] += weight * a * b
                index += 1

    def merge(self, other: Tally) -> None:
        self.respondents += other.respondents
        for key, counts in other.counts.items():
            mine = self.counts[key]
            for position, count in enumerate(counts):
                mine[position] += count
        for mine, theirs in zip(self.pairs, other.pairs, strict=True):
            for position in range(4):
                mine[position] += theirs[position]

    def to_json(self) -> dict[str, object]:
        return {
            "method": self.method.code,
            "respondents": self.respondents,
            "counts": {key: list(values) for key, values in self.counts.items()},
            "pairs": [list(cell) for cell in self.pairs],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Tally:
        method = METHODS[str(data.get("method") or CURRENT.code)]
        tally = cls(method)
        if not data:
            return tally
        tally.respondents = int(data["respondents"])  # type: ignore[call-overload]
        counts = data["counts"]
        assert isinstance(counts, dict)
        for key in method.elements:
            tally.counts[key] = [int(c) for c in counts[key]]
        pairs = data["pairs"]
        assert isinstance(pairs, list) and len(pairs) == len(tally.pairs)
        tally.pairs = [[int(c) for c in cell] for cell in pairs]
        return tally

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Tally)
            and self.method == other.method
            and self.respondents == other.respondents
            and self.counts == other.counts
            and self.pairs == other.pairs
        )

    def result(
        self, *, population: int | None = None, interval: bool = True, elements: bool = True
    ) -> Result:
        """The IKM and everything shown with it (without the confidence interval when
        `interval` is False: the regulation's numbers only; without the per-element results
        when `elements` is False: what the stored aggregates keep, computed for every
        citizen's answer). See `compute`."""
        method = self.method
        sums: list[tuple[int, int]] = []
        for key in method.elements:
            counts = self.counts[key]
            total = sum(count * (method.lowest + i) for i, count in enumerate(counts))
            sums.append((sum(counts), total))
        details: dict[str, ElementResult] = {}
        for key, (n, total) in zip(method.elements, sums, strict=True) if elements else ():
            nrr = Fraction(total, n) if n else None
            value = nrr * method.conversion if nrr is not None else None
            rounded = round_half_up(value) if value is not None else None
            details[key] = ElementResult(
                key=key,
                n=n,
                total=total,
                nrr=nrr,
                value=value,
                value_rounded=rounded,
                category=method.category(rounded) if rounded is not None else None,
                distribution=tuple(self.counts[key]),
            )

        answered = [n for n, _total in sums]
        missing = tuple(key for key, n in zip(method.elements, answered, strict=True) if n == 0)
        ikm: Fraction | None = None
        ikm_rounded: Decimal | None = None
        category: Category | None = None
        index = index_from_sums(method, sums)
        if index is not None:
            ikm, ikm_rounded, category = index

        sample_required = required_sample(population) if population is not None else None
        sample_met = min(answered) >= sample_required if sample_required is not None else None
        return Result(
            method=method,
            respondents=self.respondents,
            elements=details,
            ikm=ikm,
            ikm_rounded=ikm_rounded,
            category=category,
            ci95=_confidence_interval(self, ikm) if ikm is not None and interval else None,
            sample_required=sample_required,
            sample_met=sample_met,
            missing_elements=missing,
        )


def compute(
    responses: Iterable[Mapping[str, Answer]],
    *,
    method: Method = CURRENT,
    population: int | None = None,
) -> Result:
    """The IKM of a set of responses, each a mapping of element key → answer (None = blank).

    Keys other than the method's elements are ignored (a unit's extra questions never enter
    the IKM). An answer outside the scale raises AnswerError.

    The sample counts as met when *every* element has at least the Krejcie–Morgan number of
    answers for the population — a partly blank questionnaire counts only for the elements it
    answers (docs/regulations.md §11 pitfall 5).
    """
    tally = Tally(method)
    for response in responses:
        tally.add(response)
    return tally.result(population=population)


# --- confidence interval --------------------------------------------------------------------
# Student's t at the 97.5th percentile for 1–30 degrees of freedom (standard tables, e.g.
# NIST/SEMATECH e-Handbook 1.3.6.7.2); beyond 30 the expansion below is within 0.0001.
_T_975 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip


def t_quantile_975(degrees: int) -> float:
    """Student's t at 97.5% (two-sided 95%) for `degrees` of freedom ≥ 1."""
    if degrees < 1:
        raise ValueError("At least one degree of freedom is needed.")
    if degrees <= len(_T_975):
        return _T_975[degrees - 1]
    # Cornish–Fisher expansion around the normal quantile (Abramowitz & Stegun 26.7.5).
    z = 1.959963984540054
    v = float(degrees)
    return (
        z
        + (z**3 + z) / (4 * v)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * v**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * v**3)
    )


def _confidence_interval(tally: Tally, ikm: Fraction) -> tuple[Decimal, Decimal] | None:
    """A 95% interval for the IKM: a statistical estimate shown beside the regulation's number.

    The IKM is conversion/k × Σ mean_i over the k elements. The variance of that sum is
    estimated from the covariances of the answers of the respondents who answered both
    elements (available-case): Var(Σ mean_i) = Σ_ij cov_ij · n_ij / (n_i · n_j), each term
    (n·Σab − Σa·Σb) / ((n − 1)·n_i·n_j) formed from the tally's integer sums and divided once,
    in a fixed order, so the same sums always give the same interval. The interval uses
    Student's t with (fewest answers to an element − 1) degrees of freedom and is clipped to
    the scale. None while some element has fewer than two answers.
    """
    method = tally.method
    k = len(method.elements)
    answered = [sum(tally.counts[key]) for key in method.elements]
    if min(answered) < 2:
        return None
    variance_of_sum = 0.0
    index = 0
    for i in range(k):
        for j in range(i, k):
            n, sum_a, sum_b, sum_ab = tally.pairs[index]
            index += 1
            if n < 2:
                continue
            term = (n * sum_ab - sum_a * sum_b) / ((n - 1) * answered[i] * answered[j])
            variance_of_sum += term if i == j else 2 * term
    standard_error = method.conversion / k * math.sqrt(max(variance_of_sum, 0.0))
    half_width = Fraction(t_quantile_975(min(answered) - 1) * standard_error)
    low = max(ikm - half_width, Fraction(method.conversion * method.lowest))
    high = min(ikm + half_width, Fraction(method.conversion * method.highest))
    return round_half_up(low), round_half_up(high)
