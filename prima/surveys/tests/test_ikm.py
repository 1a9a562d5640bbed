"""The IKM arithmetic of PermenPANRB 14/2017, at its boundaries (docs/regulations.md §1.5–1.7,
§11)."""

from __future__ import annotations

import statistics
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prima.surveys.ikm import (
    CURRENT,
    METHODS,
    AnswerError,
    compute,
    required_sample,
    round_half_up,
    t_quantile_975,
)

KEYS = CURRENT.elements

# The Krejcie & Morgan (1970) table as reproduced in the annex (docs/regulations.md §1.7): N → s.
KREJCIE_MORGAN = """
10:10 15:14 20:19 25:24 30:28 35:32 40:36 45:40 50:44 55:48 60:52 65:56 70:59 75:63
80:66 85:70 90:73 95:76 100:80 110:86 120:92 130:97 140:103 150:108 160:113 170:118 180:123
190:127 200:132 210:136 220:140 230:144 240:148 250:152 260:155 270:159 280:162 290:165
300:169 320:175 340:181 360:186 380:191 400:196 420:201 440:205 460:210 480:214 500:217
550:226 600:234 650:242 700:248 750:254 800:260 850:265 900:269 950:274 1000:278 1100:285
1200:291 1300:297 1400:302 1500:306 1600:310 1700:313 1800:317 1900:320 2000:322 2200:327
2400:331 2600:335 2800:338 3000:341 3500:346 4000:351 4500:354 5000:357 6000:361 7000:364
8000:367 9000:368 10000:370 15000:375 20000:377 30000:379 40000:380 50000:381 75000:382
1000000:384
"""
TABLE = [tuple(map(int, pair.split(":"))) for pair in KREJCIE_MORGAN.split()]


def test_the_table_has_its_90_rows():
    assert len(TABLE) == 90


@pytest.mark.parametrize(("population", "sample"), TABLE)
def test_the_formula_reproduces_every_row_of_the_krejcie_morgan_table(population, sample):
    assert required_sample(population) == sample


@pytest.mark.parametrize(("population", "sample"), [(0, 0), (1, 1), (2, 2), (5, 5), (9, 9)])
def test_the_sample_is_never_more_than_the_population(population, sample):
    assert required_sample(population) == sample


def test_between_rows_the_formula_gives_a_value_between_the_neighbours():
    assert 80 <= required_sample(105) <= 86
    assert required_sample(10**9) == 384


def test_a_negative_population_is_refused():
    with pytest.raises(ValueError):
        required_sample(-1)


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (Fraction(88305, 1000), Decimal("88.31")),  # a half goes up, as in Excel
        (Fraction(88304999, 1000000), Decimal("88.30")),
        (Fraction(76605, 1000), Decimal("76.61")),
        (Fraction(1005, 1000), Decimal("1.01")),  # binary float rounds this to 1.00
        (Fraction(100), Decimal("100.00")),
        (Fraction(-25, 10), Decimal("-2.50")),
        (Fraction(-2505, 1000), Decimal("-2.51")),  # halves away from zero
        (Fraction(2, 3), Decimal("0.67")),
    ],
)
def test_rounding_is_half_up_on_exact_values(value, rounded):
    assert round_half_up(value) == rounded


@pytest.mark.parametrize(
    ("value", "mutu", "kinerja"),
    [
        ("25.00", "D", "Tidak Baik"),
        ("64.99", "D", "Tidak Baik"),
        ("65.00", "C", "Kurang Baik"),
        ("76.60", "C", "Kurang Baik"),
        ("76.61", "B", "Baik"),
        ("88.30", "B", "Baik"),
        ("88.31", "A", "Sangat Baik"),
        ("100.00", "A", "Sangat Baik"),
    ],
)
def test_the_four_category_boundaries(value, mutu, kinerja):
    category = CURRENT.category(Decimal(value))
    assert (category.mutu, category.kinerja) == (mutu, kinerja)


@pytest.mark.parametrize("value", ["24.99", "100.01", "0"])
def test_a_value_outside_the_scale_has_no_category(value):
    with pytest.raises(ValueError):
        CURRENT.category(Decimal(value))


def _uniform(answer: int, n: int = 1) -> list[dict[str, int]]:
    return [{key: answer for key in KEYS} for _ in range(n)]


@pytest.mark.parametrize(("answer", "ikm"), [(1, 25), (2, 50), (3, 75), (4, 100)])
def test_weights_are_exactly_one_ninth_so_all_fours_give_100(answer, ikm):
    result = compute(_uniform(answer, 3))
    assert result.ikm == ikm
    assert result.ikm_rounded == Decimal(ikm).quantize(Decimal("0.01"))


def test_a_boundary_reached_exactly_is_classified_up():
    # Eight elements average 3 and one averages 3.5778: IKM = 25 × 27.5778 / 9 = 76.605 exactly.
    rows: list[dict[str, int | None]] = []
    for i in range(5000):
        row: dict[str, int | None] = {key: 3 for key in KEYS[:-1]}
        row["pengaduan"] = 4 if i < 2889 else 3  # 2889 × 4 + 2111 × 3 = 17889 = 5000 × 3.5778
        rows.append(row)
    result = compute(rows)
    assert result.ikm == Fraction(76605, 1000)
    assert result.ikm_rounded == Decimal("76.61")
    assert result.category.mutu == "B"
    # What a float implementation with rounded weights would get instead:
    assert round(sum(e.nrr for e in result.elements.values()) * 0.111 * 25, 2) != 76.61


def test_a_blank_is_left_out_not_counted_as_zero():
    rows = [
        {**{key: 4 for key in KEYS}, "biaya": None},
        {**{key: 4 for key in KEYS}, "biaya": 2},
        {key: 4 for key in KEYS},
    ]
    result = compute(rows)
    biaya = result.elements["biaya"]
    assert (biaya.n, biaya.total, biaya.nrr) == (2, 6, Fraction(3))
    assert result.elements["waktu"].n == 3
    # 25 × (8 × 4 + 3) / 9
    assert result.ikm == Fraction(25 * 35, 9)
    assert result.ikm_rounded == Decimal("97.22")


def test_element_values_and_their_categories():
    rows = _uniform(3, 2) + _uniform(4, 2)
    element = compute(rows).elements["prosedur"]
    assert element.nrr == Fraction(7, 2)
    assert element.value == Fraction(175, 2)
    assert element.value_rounded == Decimal("87.50")
    assert element.category.mutu == "B"


def test_without_any_answer_to_an_element_there_is_no_ikm():
    rows = [{key: 4 for key in KEYS if key != "sarpras"}]
    result = compute(rows)
    assert result.ikm is None and result.category is None and result.ci95 is None
    assert result.missing_elements == ("sarpras",)
    assert result.elements["sarpras"].nrr is None


def test_extra_questions_never_enter_the_ikm():
    rows = [{**{key: 4 for key in KEYS}, "parkir": 1, "keramahan_satpam": 1}]
    assert compute(rows).ikm == 100


@pytest.mark.parametrize("bad", [0, 5, -1, 2.5, "3", True])
def test_an_answer_outside_1_to_4_is_refused_naming_the_element(bad):
    with pytest.raises(AnswerError) as error:
        compute([{**{key: 3 for key in KEYS}, "waktu": bad}])
    assert error.value.element == "waktu"


def test_the_sample_is_met_only_when_every_element_has_enough_answers():
    rows = _uniform(3, 10)
    assert compute(rows, population=10).sample_met is True
    rows[0]["waktu"] = None  # type: ignore[assignment]
    short = compute(rows, population=10)
    assert short.sample_required == 10 and short.sample_met is False
    assert compute(rows).sample_met is None and compute(rows).sample_required is None


def test_the_weakest_elements_come_first():
    rows = [{**{key: 4 for key in KEYS}, "biaya": 1, "waktu": 2}]
    assert [e.key for e in compute(rows).weakest_first()[:3]] == ["biaya", "waktu", "persyaratan"]


def test_the_method_is_versioned_by_legal_basis():
    assert METHODS["permenpanrb-14-2017"] is CURRENT
    assert "14 Tahun 2017" in CURRENT.legal_basis
    assert CURRENT.weight == Fraction(1, 9)
    assert KEYS[7:] == ("sarpras", "pengaduan")  # the sample questionnaire's U8 and U9


# --- confidence interval --------------------------------------------------------------------
@pytest.mark.parametrize(("degrees", "t"), [(1, 12.706), (2, 4.303), (10, 2.228), (30, 2.042)])
def test_t_quantiles_come_from_the_table(degrees, t):
    assert t_quantile_975(degrees) == t


@pytest.mark.parametrize(
    ("degrees", "t"), [(31, 2.0395), (60, 2.0003), (120, 1.9799), (10**6, 1.96)]
)
def test_t_quantiles_beyond_the_table_are_accurate(degrees, t):
    assert t_quantile_975(degrees) == pytest.approx(t, abs=2e-4)


def test_with_complete_answers_the_interval_is_the_classic_one_for_a_mean():
    rows = [{key: (i + j) % 4 + 1 for j, key in enumerate(KEYS)} for i in range(12)] + _uniform(
        4, 3
    )
    result = compute(rows)
    sums = [sum(row.values()) for row in rows]
    se = 25 / 9 * statistics.stdev(sums) / len(sums) ** 0.5
    half = t_quantile_975(len(rows) - 1) * se
    low, high = result.ci95
    assert float(low) == pytest.approx(float(result.ikm) - half, abs=0.006)
    assert float(high) == pytest.approx(float(result.ikm) + half, abs=0.006)


def test_identical_answers_give_a_point_interval_and_one_answer_gives_none():
    assert compute(_uniform(3, 5)).ci95 == (Decimal("75.00"), Decimal("75.00"))
    assert compute(_uniform(3, 1)).ci95 is None


answers = st.one_of(st.none(), st.integers(min_value=1, max_value=4))
responses = st.lists(st.fixed_dictionaries({key: answers for key in KEYS}), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(responses)
def test_the_ikm_is_25_times_the_mean_of_the_element_means_and_stays_in_range(rows):
    result = compute(rows)
    if result.ikm is None:
        return
    means = [Fraction(e.total, e.n) for e in result.elements.values()]
    assert result.ikm == 25 * sum(means) / 9
    assert 25 <= result.ikm <= 100
    assert result.category == CURRENT.category(result.ikm_rounded)
    if result.ci95 is not None:
        low, high = result.ci95
        assert Decimal(25) <= low <= result.ikm_rounded <= high <= Decimal(100)


@settings(max_examples=100, deadline=None)
@given(responses, st.randoms())
def test_the_order_of_responses_does_not_matter(rows, rng):
    shuffled = list(rows)
    rng.shuffle(shuffled)
    assert compute(shuffled).ikm == compute(rows).ikm
