"""Rubric scoring, ranking, the Top N and the rubric's validity (prima.innovation.rubric)."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from prima.innovation import rubric
from prima.innovation.rubric import Criterion, Entry, Sheet

# KIPP 2023, Kelompok Umum (next-capabilities §A4).
KIPP = [
    Criterion("ringkasan", "Ringkasan", F(0)),
    Criterion("latar", "Latar belakang", F(10)),
    Criterion("kebaruan", "Kebaruan", F(15)),
    Criterion("implementasi", "Implementasi", F(5)),
    Criterion("signifikansi", "Signifikansi", F(30)),
    Criterion("adaptabilitas", "Adaptabilitas", F(20)),
    Criterion("sumber_daya", "Sumber daya", F(5)),
    Criterion("keberlanjutan", "Keberlanjutan", F(15)),
]
TWO = [Criterion("a", "A", F(60)), Criterion("b", "B", F(40))]


def score(sheets, criteria=TWO, *, scale_max=100, required=2, tolerance=10):
    return rubric.score(
        criteria, sheets, scale_max=scale_max, required=required, tolerance=tolerance
    )


@pytest.mark.parametrize(
    ("criteria", "problems"),
    [
        (KIPP, []),
        (TWO, []),
        ([], [rubric.NO_CRITERIA]),
        ([Criterion("a", "A", F(60)), Criterion("b", "B", F(39))], [rubric.WEIGHTS_NOT_100]),
        ([Criterion("a", "A", F(60)), Criterion("b", "B", F(41))], [rubric.WEIGHTS_NOT_100]),
        (
            [Criterion("a", "A", F(6001, 100)), Criterion("b", "B", F(3999, 100))],
            [],
        ),  # 60.01 + 39.99
        (
            [Criterion("a", "A", F(50)), Criterion("a", "A again", F(50))],
            [rubric.DUPLICATE_CODE],
        ),
        (
            [Criterion("a", "A", F(101)), Criterion("b", "B", F(-1))],
            [rubric.WEIGHT_OUT_OF_RANGE, rubric.WEIGHT_OUT_OF_RANGE],
        ),
        ([Criterion("a", "A", F(100)), Criterion("z", "Zero", F(0))], []),
    ],
)
def test_a_rubric_is_valid_when_codes_are_unique_and_weights_add_up_to_100(criteria, problems):
    assert [p.code for p in rubric.validate(criteria)] == problems


def test_weights_not_adding_up_say_what_they_add_up_to():
    [problem] = rubric.validate([Criterion("a", "A", F(60)), Criterion("b", "B", F(395, 10))])
    assert problem.detail == "99.5"


@pytest.mark.parametrize(
    ("sheets", "expected"),
    [
        # 60% × 80 + 40% × 90 = 84
        ([Sheet("x", {"a": 80, "b": 90}), Sheet("y", {"a": 80, "b": 90})], F(84)),
        # means 75 and 85: 45 + 34 = 79
        ([Sheet("x", {"a": 70, "b": 80}), Sheet("y", {"a": 80, "b": 90})], F(79)),
        # means 80.5 and 90: 48.3 + 36 = 84.3, exactly
        ([Sheet("x", {"a": 80, "b": 90}), Sheet("y", {"a": 81, "b": 90})], F(843, 10)),
        ([Sheet("x", {"a": 100, "b": 100}), Sheet("y", {"a": 100, "b": 100})], F(100)),
        ([Sheet("x", {"a": 0, "b": 0}), Sheet("y", {"a": 0, "b": 0})], F(0)),
        # three reviewers: mean of a = 80/3 … exact
        (
            [
                Sheet("x", {"a": 10, "b": 0}),
                Sheet("y", {"a": 20, "b": 0}),
                Sheet("z", {"a": 50, "b": 0}),
            ],
            F(60, 100) * F(80, 3),
        ),
    ],
)
def test_the_desk_score_is_the_weighted_mean_of_complete_reviews(sheets, expected):
    assert score(sheets).score == expected


def test_a_score_on_another_scale_is_brought_to_0_to_100():
    result = score([Sheet("x", {"a": 4, "b": 5}), Sheet("y", {"a": 4, "b": 3})], scale_max=5)
    assert result.score == F(60) * F(4, 5) + F(40) * F(4, 5)


@pytest.mark.parametrize(
    ("sheets", "required", "counted", "has_score"),
    [
        ([Sheet("x", {"a": 80, "b": 90}), Sheet("y", {"a": 80})], 2, ("x",), False),
        ([Sheet("x", {"a": 80, "b": 90}), Sheet("y", {"a": 80})], 1, ("x",), True),
        ([Sheet("x", {"a": 80, "b": 90})], 2, ("x",), False),
        ([], 1, (), False),
        ([Sheet("x", {}), Sheet("y", {})], 1, (), False),
        (
            [Sheet("x", {"a": 1, "b": 1}), Sheet("y", {"a": 1, "b": 1}), Sheet("z", {"b": 1})],
            2,
            ("x", "y"),
            True,
        ),
    ],
)
def test_a_review_missing_a_criterion_is_not_counted(sheets, required, counted, has_score):
    result = score(sheets, required=required)
    assert result.counted == counted
    assert (result.score is not None) is has_score
    assert result.reason == ("" if has_score else rubric.TOO_FEW_REVIEWS)


def test_the_incomplete_review_names_what_it_left_unscored():
    result = score([Sheet("x", {"a": 80, "b": 90}), Sheet("y", {"a": 80})], required=1)
    assert result.incomplete == {"y": ("b",)}
    assert result.score == F(84)  # from x alone: 48 + 36


def test_the_explanation_adds_up_to_the_score():
    sheets = [Sheet("x", {c.code: 70 for c in KIPP}), Sheet("y", {c.code: 90 for c in KIPP})]
    result = score(sheets, KIPP)
    assert result.score == sum(line.points for line in result.lines)
    assert result.score == F(80)
    signifikansi = next(line for line in result.lines if line.criterion.code == "signifikansi")
    assert (signifikansi.scores, signifikansi.mean, signifikansi.points) == ((70, 90), 80, 24)
    assert result.heaviest_mean == 80


@pytest.mark.parametrize(
    ("x", "y", "tolerance", "agrees", "identical", "within"),
    [
        ((80, 90), (80, 90), 10, (True, True), 2, 2),
        ((80, 90), (90, 79), 10, (True, False), 0, 1),  # 10 apart agrees, 11 does not
        ((80, 90), (91, 90), 10, (False, True), 1, 1),
        ((80, 90), (80, 95), 0, (True, False), 1, 1),
    ],
)
def test_agreement_per_criterion_uses_the_competitions_tolerance(
    x, y, tolerance, agrees, identical, within
):
    result = score(
        [Sheet("x", dict(zip("ab", x, strict=True))), Sheet("y", dict(zip("ab", y, strict=True)))],
        tolerance=tolerance,
    )
    assert tuple(line.agrees for line in result.lines) == agrees
    [pair] = result.pairs
    assert (pair.first, pair.second) == ("x", "y")
    assert (pair.agreement.identical, pair.agreement.within_one) == (identical, within)
    assert len(result.disagreements) == agrees.count(False)


def test_three_reviewers_give_three_pairs():
    sheets = [Sheet(n, {"a": 1, "b": 1}) for n in "xyz"]
    assert [(p.first, p.second) for p in score(sheets).pairs] == [
        ("x", "y"),
        ("x", "z"),
        ("y", "z"),
    ]


@pytest.mark.parametrize("value", [-1, 101])
def test_a_score_outside_the_scale_is_refused(value):
    with pytest.raises(ValueError):
        score([Sheet("x", {"a": value, "b": 1})])


@pytest.mark.parametrize(
    ("entries", "ranks"),
    [
        ([Entry("p", F(90)), Entry("q", F(80)), Entry("r", F(85))], {"p": 1, "r": 2, "q": 3}),
        # equal scores: the heaviest criterion's mean decides
        ([Entry("p", F(80), F(70)), Entry("q", F(80), F(75))], {"q": 1, "p": 2}),
        # equal on both: a shared rank, the next one skipped
        (
            [Entry("p", F(80), F(70)), Entry("q", F(80), F(70)), Entry("r", F(60), F(50))],
            {"p": 1, "q": 1, "r": 3},
        ),
        ([Entry("p", None), Entry("q", F(10))], {"q": 1, "p": None}),
        ([], {}),
    ],
)
def test_ranking_with_ties(entries, ranks):
    assert {r.key: r.rank for r in rubric.rank(entries)} == ranks


def test_unscored_entries_come_last_and_shared_ranks_are_marked():
    ranked = rubric.rank([Entry("p", None), Entry("q", F(5), F(1)), Entry("r", F(5), F(1))])
    assert [(r.key, r.rank, r.tied) for r in ranked] == [
        ("q", 1, True),
        ("r", 1, True),
        ("p", None, False),
    ]


@pytest.mark.parametrize(
    ("scores", "top_n", "passing", "listed"),
    [
        ([90, 80, 70], 2, None, ["a", "b"]),
        ([90, 80, 80], 2, None, ["a", "b", "c"]),  # tied at place 2: both in
        ([90, 90, 90], 1, None, ["a", "b", "c"]),
        ([90, 85, 84], 3, F(85), ["a", "b"]),  # the passing grade itself passes
        ([90, 80, 70], 5, None, ["a", "b", "c"]),
        ([84, 80], 2, F(85), []),
    ],
)
def test_the_top_n_includes_everyone_tied_at_place_n_and_reaching_the_passing_grade(
    scores, top_n, passing, listed
):
    ranked = rubric.rank([Entry(k, F(s)) for k, s in zip("abc", scores, strict=False)])
    assert rubric.shortlist(ranked, top_n=top_n, passing_grade=passing) == listed


@pytest.mark.parametrize(
    ("value", "text", "stored"),
    [(F(843, 10), "84.3", "84.3000"), (F(80, 3), "26.67", "26.6667"), (F(100), "100", "100.0000")],
)
def test_numbers_are_shown_and_stored_rounded_half_up(value, text, stored):
    assert rubric.format_number(value) == text
    assert str(rubric.as_decimal(value)) == stored


@pytest.mark.parametrize(
    ("text", "words"),
    [("", 0), ("  ", 0), ("satu", 1), ("e-KTP  jadi\nsehari", 3), ("a, b. c", 3)],
)
def test_word_limits_count_runs_between_spaces(text, words):
    assert rubric.word_count(text) == words
