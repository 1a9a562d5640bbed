"""The programme's arithmetic: the rounds, the weighted total, the ranking and the PEKPPP
levels, at their boundaries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from prima.recognition import rules


@pytest.mark.parametrize(
    ("elements", "level"),
    [
        ([], 0),
        (["kehadiran"], 1),
        (["kehadiran", "kehadiran"], 1),  # an element counts once
        (["kehadiran", "kinerja"], 2),
        (["kehadiran", "kinerja", "kerja_sama"], 3),
        (["kehadiran", "kinerja", "kerja_sama", "inovasi"], 4),
        (["kehadiran", "kerja_sama", "inovasi", "penampilan"], 4),
        (["kehadiran", "kinerja", "kerja_sama", "inovasi", "penampilan"], 5),
        (["kehadiran", "kerja_sama", "inovasi", "penampilan", "tanpa_pengaduan"], 4),
        (list(rules.ELEMENTS), 5),
        ([e for e in rules.ELEMENTS if e != "kinerja"], 4),
        (["kinerja", "unknown"], 1),
    ],
)
def test_the_criteria_level_follows_the_13bK_scale(elements, level):
    assert rules.criteria_level(elements) == level


@pytest.mark.parametrize(("kinds", "level"), [(0, 0), (1, 1), (4, 4), (5, 5), (9, 5), (-1, 0)])
def test_the_motivation_level_counts_kinds_up_to_more_than_four(kinds, level):
    assert rules.motivation_level(kinds) == level


@pytest.mark.parametrize(
    ("period", "day", "start", "end"),
    [
        ("monthly", dt.date(2026, 2, 14), dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
        ("monthly", dt.date(2026, 12, 31), dt.date(2026, 12, 1), dt.date(2026, 12, 31)),
        ("quarterly", dt.date(2026, 3, 31), dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        ("quarterly", dt.date(2026, 4, 1), dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        ("quarterly", dt.date(2026, 11, 5), dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        ("yearly", dt.date(2026, 7, 9), dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    ],
)
def test_a_round_runs_from_its_first_to_its_last_day(period, day, start, end):
    assert rules.round_start(period, day) == start
    assert rules.round_end(period, start) == end


def test_the_recent_rounds_step_back_one_round_at_a_time():
    assert rules.recent_rounds("quarterly", dt.date(2026, 2, 10), count=3) == [
        dt.date(2026, 1, 1),
        dt.date(2025, 10, 1),
        dt.date(2025, 7, 1),
    ]


def test_the_weighted_total_averages_the_members_then_weighs_the_criteria():
    weights = {1: 60, 2: 40}
    scores = [(1, 80), (1, 90), (2, 70)]  # criterion 1: mean 85
    assert rules.weighted_total(weights, scores) == Decimal("79.00")


def test_the_weighted_total_waits_for_every_criterion():
    assert rules.weighted_total({1: 50, 2: 50}, [(1, 80)]) is None
    assert rules.weighted_total({}, []) is None


def test_the_weighted_total_rounds_half_up():
    # (1 × 1 + 2 × 2) / 3 = 1.666… → 1.67
    assert rules.weighted_total({1: 1, 2: 2}, [(1, 1), (2, 2)]) == Decimal("1.67")


def test_ties_share_a_rank_and_the_next_rank_is_skipped():
    totals = [(10, Decimal("80")), (11, Decimal("90")), (12, Decimal("80")), (13, Decimal("70"))]
    assert rules.ranks(totals) == {11: 1, 10: 2, 12: 2, 13: 4}
