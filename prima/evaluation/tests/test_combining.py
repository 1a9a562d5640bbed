"""F-03 folded into the IPP, evaluator agreement, and the levels Prima's records support —
table-driven at their boundaries (docs/regulations.md §4.4–4.5)."""

from __future__ import annotations

from fractions import Fraction
from types import SimpleNamespace

import pytest

from prima.complaints.evidence import settled_level
from prima.evaluation import scoring
from prima.surveys.evidence import skm_level


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        ([], None),
        ([{}], None),
        ([{"a": 5}], Fraction(5)),
        ([{"a": 5, "b": 0}, {"a": 4}], Fraction(9, 3)),  # a blank is not a zero
        ([{"a": 1}, {"b": 2}, {"c": 2}], Fraction(5, 3)),
    ],
)
def test_the_f03_mean_counts_only_what_was_rated(ratings, expected):
    assert scoring.user_mean(ratings) == expected


@pytest.mark.parametrize(
    ("evaluator", "users", "weight", "expected"),
    [
        (Fraction(3), Fraction(5), 0, Fraction(3)),  # 0: reported beside, not combined
        (Fraction(3), None, 30, Fraction(3)),  # too few respondents: not combined
        (Fraction(3), Fraction(5), 30, Fraction(36, 10)),  # 0.7 × 3 + 0.3 × 5
        (Fraction(4), Fraction(2), 50, Fraction(3)),
        (Fraction(4), Fraction(2), 100, Fraction(2)),
    ],
)
def test_user_ratings_combine_at_the_cycles_weight(evaluator, users, weight, expected):
    assert scoring.combine(evaluator, users, user_weight=weight) == expected


def test_a_weight_outside_0_100_is_refused():
    with pytest.raises(scoring.ScoreError):
        scoring.combine(Fraction(3), Fraction(3), user_weight=101)


def test_combining_can_cross_a_category_boundary_exactly():
    # 3.00 (C) with users at 3.05 and 20%: 3.01 exactly → B-, no float drift.
    combined = scoring.combine(Fraction(3), Fraction(305, 100), user_weight=20)
    assert combined == Fraction(301, 100)
    assert scoring.round_half_up(combined) == scoring.round_half_up(Fraction(301, 100))


@pytest.mark.parametrize(
    ("pairs", "identical", "within_one", "mean"),
    [
        ([], 0, 0, None),
        ([(3, 3), (4, 4)], 2, 2, Fraction(0)),
        ([(3, 4), (5, 3)], 0, 1, Fraction(3, 2)),
        ([(0, 5)], 0, 0, Fraction(5)),
    ],
)
def test_agreement_between_two_evaluators(pairs, identical, within_one, mean):
    result = scoring.agreement(pairs)
    assert (result.compared, result.identical, result.within_one) == (
        len(pairs),
        identical,
        within_one,
    )
    assert result.mean_difference == mean


def _result(respondents, sample_met):
    return SimpleNamespace(respondents=respondents, sample_met=sample_met)


@pytest.mark.parametrize(
    ("result", "electronic", "printed", "followed_up", "level"),
    [
        (None, False, False, False, 0),
        (_result(0, None), True, True, True, 0),
        (_result(50, False), True, True, True, 1),  # sample short: not per the regulation
        (_result(50, None), True, True, True, 1),  # population unknown: not shown to be met
        (_result(400, True), False, False, True, 2),
        (_result(400, True), False, True, True, 3),
        (_result(400, True), True, False, True, 3),
        (_result(400, True), True, True, False, 4),
        (_result(400, True), True, True, True, 5),
    ],
)
def test_skm_level_6_a_b_from_the_records(result, electronic, printed, followed_up, level):
    assert (
        skm_level(result=result, electronic=electronic, printed=printed, followed_up=followed_up)
        == level
    )


@pytest.mark.parametrize(
    ("received", "settled", "level"),
    [(0, 0, 0), (10, 0, 0), (10, 4, 1), (10, 5, 2), (10, 10, 2), (1, 1, 2)],
)
def test_complaint_level_28_e_ak_from_prima_records(received, settled, level):
    assert settled_level(received=received, settled=settled) == level
