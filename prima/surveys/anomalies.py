"""Finding ballot stuffing in a period's responses, for a reviewer to look at. Pure: no Django.

Three patterns (docs/security.md §1.7 item 6):

- **bursts** — an hour with far more responses than the unit usually gets in an hour: more than
  max(`min_count`, `factor` × the median busy hour + 3 × its square root). The median of the
  hours with any response is the unit's own baseline, and a single burst barely moves it;
- **identical responses** — `min_group` or more responses on one day with the same nine answers
  and the same respondent profile;
- **straight-lining** — the same answer to all nine elements. One such response is ordinary (a
  very satisfied citizen); it is reported when at least `min_share` of at least `min_rows`
  responses do it.

A finding flags nothing by itself: a reviewer decides (prima.surveys.actions.flag_response).
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Answer = int | None


@dataclass(frozen=True)
class Row:
    id: int
    hour: dt.datetime
    day: dt.date
    answers: tuple[Answer, ...]
    profile: tuple[object, ...] = ()


@dataclass(frozen=True)
class Finding:
    kind: str  # "burst", "identical", "straight_line"
    summary: str
    response_ids: tuple[int, ...]


MAX_IDS = 500  # a finding lists at most this many responses


def bursts(rows: Sequence[Row], *, min_count: int = 10, factor: float = 4.0) -> list[Finding]:
    by_hour: dict[dt.datetime, list[int]] = defaultdict(list)
    for row in rows:
        by_hour[row.hour].append(row.id)
    if not by_hour:
        return []
    baseline = statistics.median(len(ids) for ids in by_hour.values())
    threshold = max(min_count, factor * baseline + 3 * math.sqrt(baseline))
    findings = []
    for hour, ids in sorted(by_hour.items()):
        if len(ids) > threshold:
            findings.append(
                Finding(
                    "burst",
                    f"{len(ids)} responses in the hour from {hour:%Y-%m-%d %H:00} "
                    f"(usual busy hour: {baseline:g})",
                    tuple(ids[:MAX_IDS]),
                )
            )
    return findings


def identical(rows: Iterable[Row], *, min_group: int = 3) -> list[Finding]:
    groups: dict[tuple[dt.date, tuple[Answer, ...], tuple[object, ...]], list[int]] = defaultdict(
        list
    )
    for row in rows:
        if None in row.answers:
            continue
        groups[(row.day, row.answers, row.profile)].append(row.id)
    findings = []
    for (day, answers, _profile), ids in sorted(groups.items(), key=lambda kv: str(kv[0])):
        if len(ids) >= min_group:
            findings.append(
                Finding(
                    "identical",
                    f"{len(ids)} identical responses on {day:%Y-%m-%d} "
                    f"(answers {''.join(str(a) for a in answers)})",
                    tuple(ids[:MAX_IDS]),
                )
            )
    return findings


def straight_lining(
    rows: Sequence[Row], *, min_share: float = 0.5, min_rows: int = 20
) -> list[Finding]:
    if len(rows) < min_rows:
        return []
    straight = [row.id for row in rows if None not in row.answers and len(set(row.answers)) == 1]
    share = len(straight) / len(rows)
    if share < min_share:
        return []
    return [
        Finding(
            "straight_line",
            f"{len(straight)} of {len(rows)} responses ({share:.0%}) give one answer to every "
            "element",
            tuple(straight[:MAX_IDS]),
        )
    ]


def detect(rows: Sequence[Row]) -> list[Finding]:
    return [*bursts(rows), *identical(rows), *straight_lining(rows)]
