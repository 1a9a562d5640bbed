"""The Monev MPP instrument (mpp-2022.yaml): valid, in its own family, and its categories read
at every lower bound (docs/evaluation-instruments.md, "Monev MPP"; every bound unconfirmed)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from prima.evaluation import instrument as ins
from prima.evaluation import scoring

MPP = ins.built_in("mpp-2022")


def test_the_mpp_instrument_validates_and_names_its_family():
    assert MPP.scheme == "mpp"
    assert MPP.user_items == ()
    assert [a.code for a in MPP.aspects] == [
        "investasi",
        "penyelenggaraan",
        "kepuasan",
        "perbaikan",
    ]
    assert all(not a.weight_confirmed for a in MPP.aspects)
    assert all(not i.weight_confirmed for i in MPP.indicators.values())
    assert [c.label for c in MPP.categories][:2] == ["Prima", "Sangat Baik"]


def test_each_family_lists_only_its_own_instruments():
    assert ins.built_in_codes(family="mpp") == ["mpp-2022"]
    assert "mpp-2022" not in ins.built_in_codes(family="pekppp")
    assert ins.built_in("pekppp-2023").scheme == "pekppp"  # no key: PEKPPP


def test_an_unknown_scheme_is_refused():
    data = {
        "code": "x",
        "name": "x",
        "scheme": "other",
        "categories": [{"min": 0, "code": "F"}],
        "aspects": [
            {
                "code": "a",
                "weight": 100,
                "indicators": [{"code": "1", "weight": 100, "scale": {n: "x" for n in range(6)}}],
            }
        ],
    }
    with pytest.raises(ins.InstrumentError, match="scheme"):
        ins.parse(data, slots=())


# (rounded value, category code): just below, at and just above every lower bound.
BOUNDARIES = [
    ("5.00", "PR"),
    ("4.52", "PR"),
    ("4.51", "PR"),
    ("4.50", "SB"),
    ("4.02", "SB"),
    ("4.01", "SB"),
    ("4.00", "B"),
    ("3.52", "B"),
    ("3.51", "B"),
    ("3.50", "C"),
    ("2.52", "C"),
    ("2.51", "C"),
    ("2.50", "K"),
    ("1.52", "K"),
    ("1.51", "K"),
    ("1.50", "SK"),
    ("0.01", "SK"),
    ("0.00", "SK"),
]


@pytest.mark.parametrize(("value", "code"), BOUNDARIES)
def test_the_category_at_every_lower_bound(value, code):
    assert scoring.category_of(MPP, Decimal(value)).code == code


# The exact score is rounded half-up before its category is read.
@pytest.mark.parametrize(
    ("exact", "code"),
    [
        (Fraction(4505, 1000), "PR"),  # 4.505 → 4.51
        (Fraction(4505, 1000) - Fraction(1, 10**6), "SB"),  # 4.504999 → 4.50
        (Fraction(1505, 1000), "K"),
        (Fraction(1505, 1000) - Fraction(1, 10**6), "SK"),
    ],
)
def test_the_score_is_rounded_half_up_before_the_category(exact, code):
    assert scoring.category_of(MPP, scoring.round_half_up(exact)).code == code


@pytest.mark.parametrize(
    ("level", "rounded", "code"),
    [(5, "5.00", "PR"), (4, "4.00", "B"), (3, "3.00", "C"), (2, "2.00", "K"), (0, "0.00", "SK")],
)
def test_scoring_the_mpp_instrument(level, rounded, code):
    result = scoring.score(MPP, dict.fromkeys(MPP.indicators, level))
    assert result.ipp_rounded == Decimal(rounded)
    assert result.category.code == code


def test_the_aspect_weights_count():
    # investasi 5 (20%), penyelenggaraan 0 (40%), kepuasan 5 (20%), perbaikan 5 (20%) → 3.00
    scores = {
        code: 0 if MPP.aspect_of(code).code == "penyelenggaraan" else 5 for code in MPP.indicators
    }
    result = scoring.score(MPP, scores)
    assert result.ipp_rounded == Decimal("3.00")
    assert result.aspects["penyelenggaraan"] == 0
