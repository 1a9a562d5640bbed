"""Who may enter a competition group — pure, no Django.

A group's rules (prima.innovation.models.contest.Group, the competition's quota) are data that
change every year (docs/guide/innovation-competitions.md; KIPP 2021: two years for umum and
khusus, one for replikasi). `reasons` turns the facts about one entry into the administrative
check's reason codes (AdminCheck.Reason values); an empty list means eligible. The unit sees
them as warnings when it submits; the secretariat sees them when it checks.

- Age (`usia`): whole calendar months from the start of implementation to the close of
  registration (`months_between`) must reach the group's minimum. An innovation with no start
  date (still an initiative) fails any minimum above zero.
- Group (`kelompok`): a replication in an originals-only group, an original in a
  replications-only group; shortlisted before at least `max_times_shortlisted` times (KIPP:
  "not Top 99 twice" is a maximum of 2: the third try is refused); a past winner where winners
  are excluded.
- Quota (`kuota`): the agency already has `quota` other entries in the competition.
- Duplicate (`duplikat`): another entry of the same agency has the same title, compared
  without case, punctuation or extra spaces.
- Decree (`tanpa_sk`): the innovation names no decree (SK) of the authorised official.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# The AdminCheck.Reason values these rules produce (a test keeps them in step with the model).
TOO_YOUNG = "usia"
GROUP = "kelompok"
QUOTA = "kuota"
DUPLICATE = "duplikat"
NO_DECREE = "tanpa_sk"

ORIGINAL = "original"
REPLICATION = "replikasi"


def months_between(start: dt.date, day: dt.date) -> int:
    """Whole calendar months from `start` to `day`: 1 Mar → 28 Feb next year is 11, → 1 Mar is
    12; a start on the 31st completes its month on the last day of a shorter month. Negative
    when `day` is before `start`."""
    months = (day.year - start.year) * 12 + (day.month - start.month)
    last_of_month = (day + dt.timedelta(days=1)).day == 1
    if day.day < start.day and not (last_of_month and start.day > day.day):
        months -= 1
    return months


@dataclass(frozen=True)
class Rules:
    """A group's eligibility rules and the competition's quota per agency."""

    min_age_months: int = 0
    replication_only: bool = False
    originals_only: bool = False
    max_times_shortlisted: int | None = None
    past_winners_excluded: bool = False
    quota_per_agency: int | None = None


@dataclass(frozen=True)
class Facts:
    """What is known of one entry when it is submitted or checked."""

    kind: str  # ORIGINAL or REPLICATION
    started_on: dt.date | None
    registration_closes_on: dt.date
    title: str
    times_shortlisted: int = 0  # past Top N listings (awards of the shortlist tier)
    times_won: int = 0  # past wins
    agency_entries: int = 0  # the agency's other entries in this competition (not withdrawn)
    agency_titles: Sequence[str] = ()  # the titles of those other entries
    has_decree: bool = True


def normalise_title(title: str) -> str:
    """A title as compared for duplicates: without accents, case, punctuation, extra spaces."""
    text = unicodedata.normalize("NFKD", title)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def age_in_months(facts: Facts) -> int | None:
    if facts.started_on is None:
        return None
    return months_between(facts.started_on, facts.registration_closes_on)


def reasons(facts: Facts, rules: Rules) -> list[str]:
    """The reason codes that make this entry ineligible, in a fixed order; [] when eligible."""
    found: list[str] = []
    age = age_in_months(facts)
    if rules.min_age_months > 0 and (age is None or age < rules.min_age_months):
        found.append(TOO_YOUNG)
    wrong_kind = (rules.replication_only and facts.kind != REPLICATION) or (
        rules.originals_only and facts.kind == REPLICATION
    )
    shortlisted_too_often = (
        rules.max_times_shortlisted is not None
        and facts.times_shortlisted >= rules.max_times_shortlisted
    )
    past_winner = rules.past_winners_excluded and facts.times_won > 0
    if wrong_kind or shortlisted_too_often or past_winner:
        found.append(GROUP)
    if rules.quota_per_agency is not None and facts.agency_entries >= rules.quota_per_agency:
        found.append(QUOTA)
    title = normalise_title(facts.title)
    if title and any(normalise_title(other) == title for other in facts.agency_titles):
        found.append(DUPLICATE)
    if not facts.has_decree:
        found.append(NO_DECREE)
    return found
