"""The groups' eligibility rules at every boundary (prima.innovation.eligibility)."""

from __future__ import annotations

import datetime as dt

import pytest

from prima.innovation import eligibility as e
from prima.innovation.eligibility import Facts, Rules
from prima.innovation.models import AdminCheck

CLOSE = dt.date(2026, 4, 16)


def facts(**changes: object) -> Facts:
    base: dict[str, object] = {
        "kind": e.ORIGINAL,
        "started_on": dt.date(2020, 1, 1),
        "registration_closes_on": CLOSE,
        "title": "Dukcapil Jemput Bola",
    }
    base.update(changes)
    return Facts(**base)  # type: ignore[arg-type]


def test_the_reason_codes_are_the_administrative_checks_reasons():
    for code in (e.TOO_YOUNG, e.GROUP, e.QUOTA, e.DUPLICATE, e.NO_DECREE):
        assert code in AdminCheck.Reason.values


@pytest.mark.parametrize(
    ("start", "day", "months"),
    [
        (dt.date(2025, 3, 1), dt.date(2026, 2, 28), 11),
        (dt.date(2025, 3, 1), dt.date(2026, 3, 1), 12),
        (dt.date(2025, 1, 31), dt.date(2025, 2, 28), 1),
        (dt.date(2024, 1, 31), dt.date(2024, 2, 28), 0),  # 2024 has a 29 February
        (dt.date(2024, 1, 31), dt.date(2024, 2, 29), 1),
        (dt.date(2025, 5, 15), dt.date(2025, 5, 14), -1),
        (dt.date(2025, 5, 15), dt.date(2025, 5, 15), 0),
    ],
)
def test_months_between_counts_whole_calendar_months(start, day, months):
    assert e.months_between(start, day) == months


@pytest.mark.parametrize(
    ("started_on", "min_age", "too_young"),
    [
        (dt.date(2024, 4, 16), 24, False),  # exactly two years at the close
        (dt.date(2024, 4, 17), 24, True),  # one day short
        (dt.date(2025, 4, 16), 12, False),  # replikasi: one year
        (dt.date(2025, 4, 17), 12, True),
        (None, 12, True),  # still an initiative
        (None, 0, False),  # no minimum
        (dt.date(2026, 4, 16), 0, False),
    ],
)
def test_the_minimum_age_is_counted_to_the_close_of_registration(started_on, min_age, too_young):
    found = e.reasons(facts(started_on=started_on), Rules(min_age_months=min_age))
    assert (e.TOO_YOUNG in found) is too_young


@pytest.mark.parametrize(
    ("rules", "kind", "shortlisted", "won", "refused"),
    [
        (Rules(replication_only=True), e.REPLICATION, 0, 0, False),
        (Rules(replication_only=True), e.ORIGINAL, 0, 0, True),
        (Rules(originals_only=True), e.REPLICATION, 0, 0, True),
        (Rules(originals_only=True), e.ORIGINAL, 0, 0, False),
        (Rules(max_times_shortlisted=2), e.ORIGINAL, 1, 0, False),  # Top 99 once: may try again
        (Rules(max_times_shortlisted=2), e.ORIGINAL, 2, 0, True),  # Top 99 twice: refused
        (Rules(max_times_shortlisted=0), e.ORIGINAL, 0, 0, True),  # never shortlisted only
        (Rules(max_times_shortlisted=None), e.ORIGINAL, 9, 0, False),
        (Rules(past_winners_excluded=True), e.ORIGINAL, 0, 1, True),
        (Rules(past_winners_excluded=True), e.ORIGINAL, 0, 0, False),
        (Rules(past_winners_excluded=False), e.ORIGINAL, 0, 3, False),
    ],
)
def test_group_rules_on_kind_and_past_awards(rules, kind, shortlisted, won, refused):
    found = e.reasons(facts(kind=kind, times_shortlisted=shortlisted, times_won=won), rules)
    assert (found == [e.GROUP]) is refused
    assert found in ([], [e.GROUP])


@pytest.mark.parametrize(
    ("quota", "others", "over"),
    [(3, 2, False), (3, 3, True), (3, 4, True), (1, 0, False), (1, 1, True), (None, 50, False)],
)
def test_the_quota_counts_the_agencys_other_entries(quota, others, over):
    found = e.reasons(facts(agency_entries=others), Rules(quota_per_agency=quota))
    assert (e.QUOTA in found) is over


@pytest.mark.parametrize(
    ("other_titles", "duplicate"),
    [
        (["Dukcapil Jemput Bola"], True),
        (["DUKCAPIL  jemput-bola!"], True),
        (["Dukcapil Jémput Bola"], True),
        (["Dukcapil Jemput Bola 2"], False),
        ([], False),
        (["Lain", "dukcapil jemput bola"], True),
    ],
)
def test_a_title_already_entered_by_the_agency_is_a_duplicate(other_titles, duplicate):
    found = e.reasons(facts(agency_titles=other_titles), Rules())
    assert (e.DUPLICATE in found) is duplicate


def test_an_innovation_without_a_decree_is_refused():
    assert e.reasons(facts(has_decree=False), Rules()) == [e.NO_DECREE]


def test_every_reason_at_once_comes_in_a_fixed_order():
    found = e.reasons(
        facts(
            started_on=None,
            kind=e.ORIGINAL,
            agency_entries=1,
            agency_titles=["dukcapil jemput bola"],
            has_decree=False,
        ),
        Rules(min_age_months=24, replication_only=True, quota_per_agency=1),
    )
    assert found == [e.TOO_YOUNG, e.GROUP, e.QUOTA, e.DUPLICATE, e.NO_DECREE]
