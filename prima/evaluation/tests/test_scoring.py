"""The IPP (docs/regulations.md §4.5–4.6): weights, every category boundary, half-up rounding —
tables of cases on the built-in instrument and on small hand-made ones."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from prima.evaluation import instrument as ins
from prima.evaluation.scoring import ScoreError, round_half_up, score

PEKPPP = ins.built_in("pekppp-2023")


def tiny(weights_a=(50, 50), weights_b=(100,), aspect_weights=(60, 40)):
    """Two aspects, a few indicators; the categories of the real table."""
    scale = {s: f"level {s}" for s in range(6)}
    return ins.parse(
        {
            "code": "tiny",
            "name": "Tiny",
            "categories": [
                {"min": float(c.min), "code": c.code, "label": c.label} for c in PEKPPP.categories
            ],
            "aspects": [
                {
                    "code": "a",
                    "weight": aspect_weights[0],
                    "indicators": [
                        {"code": f"a{i}", "weight": w, "scale": scale}
                        for i, w in enumerate(weights_a, start=1)
                    ],
                },
                {
                    "code": "b",
                    "weight": aspect_weights[1],
                    "indicators": [
                        {"code": f"b{i}", "weight": w, "scale": scale}
                        for i, w in enumerate(weights_b, start=1)
                    ],
                },
            ],
        }
    )


def test_the_built_in_instrument_has_the_confirmed_aspect_weights():
    assert [(a.code, a.weight) for a in PEKPPP.aspects] == [
        ("kebijakan", 24),
        ("sdm", 25),
        ("sarpras", 18),
        ("sipp", 11),
        ("pengaduan", 10),
        ("inovasi", 12),
    ]
    kebijakan = PEKPPP.aspects[0]
    assert [(i.code, i.weight) for i in kebijakan.indicators] == [
        ("1.a.Ak", 17),
        ("2.a.P", 14),
        ("3.a.T", 7),
        ("4.a.K", 14),
        ("5.a.K", 10),
        ("6.a.B", 17),
        ("7.a.T", 7),
        ("8.a.Ak", 7),
        ("9.a.Ak", 7),
    ]
    assert all(i.weight_confirmed for i in kebijakan.indicators)
    assert not any(i.weight_confirmed for a in PEKPPP.aspects[1:] for i in a.indicators)
    assert len(PEKPPP.indicators) == 30


@pytest.mark.parametrize("value", [0, 1, 2, 3, 4, 5])
def test_the_same_score_everywhere_gives_that_ipp(value):
    result = score(PEKPPP, dict.fromkeys(PEKPPP.indicators, value))
    assert result.ipp == value and all(v == value for v in result.aspects.values())


def test_weights_are_applied_inside_aspects_and_across_them():
    # a = 0.5·4 + 0.5·1 = 2.5; b = 5; IPP = 0.6·2.5 + 0.4·5 = 3.5 exactly.
    result = score(tiny(), {"a1": 4, "a2": 1, "b1": 5})
    assert result.aspects == {"a": Fraction(5, 2), "b": 5}
    assert result.ipp == Fraction(7, 2)
    assert (result.ipp_rounded, result.category.code) == (Decimal("3.50"), "B-")


def test_only_one_indicator_at_five_in_kebijakan():
    scores = dict.fromkeys(PEKPPP.indicators, 0) | {"1.a.Ak": 5}
    result = score(PEKPPP, scores)
    # 5 × 17% × 24% = 0.204
    assert result.ipp == Fraction(204, 1000) and result.ipp_rounded == Decimal("0.20")


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (Fraction(3005, 1000), Decimal("3.01")),  # exactly half: up
        (Fraction(3004999, 1000000), Decimal("3.00")),
        (Fraction(4505, 1000), Decimal("4.51")),
        (Fraction(4504999999, 1000000000), Decimal("4.50")),
        (Fraction(1, 3), Decimal("0.33")),
        (Fraction(2, 3), Decimal("0.67")),
        (Fraction(0), Decimal("0.00")),
        (Fraction(5), Decimal("5.00")),
    ],
)
def test_half_up_rounding_on_exact_values(value, rounded):
    assert round_half_up(value) == rounded


# Every boundary of §4.6, both sides, through a real computation: with aspect weights 60/40
# and one indicator each, IPP = 0.6·x + 0.4·y; we choose x, y by hand to land on the values.
@pytest.mark.parametrize(
    ("ipp", "category"),
    [
        ("5.00", "A"),
        ("4.51", "A"),
        ("4.50", "A-"),
        ("4.01", "A-"),
        ("4.00", "B"),
        ("3.51", "B"),
        ("3.50", "B-"),
        ("3.01", "B-"),
        ("3.00", "C"),
        ("2.51", "C"),
        ("2.50", "C-"),
        ("2.01", "C-"),
        ("2.00", "D"),
        ("1.51", "D"),
        ("1.50", "E"),
        ("1.01", "E"),
        ("1.00", "F"),
        ("0.00", "F"),
    ],
)
def test_every_category_boundary(ipp, category):
    from prima.evaluation.scoring import category_of

    assert category_of(PEKPPP, Decimal(ipp)).code == category


def test_the_category_is_read_from_the_rounded_value():
    # 4.505 rounds to 4.51 → A, although the unrounded value is below 4.51.
    instrument = tiny(weights_a=(100,), weights_b=(100,), aspect_weights=(99, 1))
    result = score(instrument, {"a1": 5, "b1": 0})  # 4.95
    assert result.category.code == "A"
    scale = {s: str(s) for s in range(6)}
    odd = ins.parse(
        {
            "code": "odd",
            "name": "odd",
            "categories": [{"min": 4.51, "code": "A"}, {"min": 0, "code": "X"}],
            "aspects": [
                {
                    "code": "a",
                    "weight": 100,
                    "indicators": [
                        {"code": "i1", "weight": Decimal("90.1"), "scale": scale},
                        {"code": "i2", "weight": Decimal("9.9"), "scale": scale},
                    ],
                }
            ],
        }
    )
    result = score(odd, {"i1": 5, "i2": 0})  # 4.505 exactly
    assert result.ipp == Fraction(4505, 1000) and result.category.code == "A"


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({"a1": 4, "a2": 1}, "missing indicators: b1"),
        ({"a1": 4, "a2": 1, "b1": 6}, "outside 0–5"),
        ({"a1": 4, "a2": -1, "b1": 1}, "outside 0–5"),
        ({"a1": 4, "a2": 1, "b1": 1, "zz": 3}, "unknown indicators: zz"),
        ({"a1": 4, "a2": True, "b1": 1}, "outside 0–5"),
    ],
)
def test_bad_scores_are_refused(scores, message):
    with pytest.raises(ScoreError, match=message):
        score(tiny(), scores)
