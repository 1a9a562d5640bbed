"""Opening hours of a service unit: validation, display, "open now". Pure; no Django.

Stored as a list of periods in the unit's local time (its region's WIB/WITA/WIT zone):

    [{"day": 0, "opens": "08:00", "closes": "15:00"}, ...]   # day 0 = Monday … 6 = Sunday

A day may have several periods (a midday break); a day with none is closed. Periods do not
cross midnight: a 24-hour counter is "00:00"–"24:00".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time

DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def day_names(language: str | None) -> tuple[str, ...]:
    """Monday … Sunday in the interface language (Indonesian unless English is chosen)."""
    return DAYS_EN if (language or "").startswith("en") else DAYS_ID


_HHMM = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$")


class OpeningHoursError(ValueError):
    """Invalid hours. `code` and `params` let a form say it in the user's language."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True, slots=True, order=True)
class Period:
    day: int
    opens: str
    closes: str

    def as_dict(self) -> dict[str, object]:
        return {"day": self.day, "opens": self.opens, "closes": self.closes}


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def parse(raw: Iterable[Mapping[str, object]]) -> list[Period]:
    """Validate stored or submitted periods; sorted, non-overlapping, or OpeningHoursError."""
    periods: list[Period] = []
    for item in raw:
        day, opens, closes = item.get("day"), item.get("opens"), item.get("closes")
        if not isinstance(day, int) or not 0 <= day <= 6:
            raise OpeningHoursError(
                "bad_day", f"Day must be 0 (Monday) to 6 (Sunday), not {day!r}.", day=day
            )
        for value in (opens, closes):
            if not isinstance(value, str) or not _HHMM.match(value):
                raise OpeningHoursError(
                    "bad_time",
                    f"Times are written HH:MM (00:00–24:00), not {value!r}.",
                    value=value,
                )
        assert isinstance(opens, str) and isinstance(closes, str)
        if _minutes(closes) <= _minutes(opens):
            raise OpeningHoursError(
                "closes_before_opens",
                f"Closing time {closes} must be after opening time {opens}.",
                opens=opens,
                closes=closes,
            )
        periods.append(Period(day, opens, closes))
    periods.sort()
    for earlier, later in zip(periods, periods[1:], strict=False):
        if earlier.day == later.day and _minutes(later.opens) < _minutes(earlier.closes):
            raise OpeningHoursError(
                "overlap",
                f"Periods {earlier.opens}–{earlier.closes} and {later.opens}–{later.closes} "
                "overlap on the same day.",
                first=f"{earlier.opens}–{earlier.closes}",
                second=f"{later.opens}–{later.closes}",
            )
    return periods


_RANGE = re.compile(r"^\s*(\d{1,2})[.:](\d{2})\s*[-–]\s*(\d{1,2})[.:](\d{2})\s*$")


def parse_day_text(day: int, text: str) -> list[Period]:
    """Periods from what an officer types for one day: "08.00-12.00, 13.00-16.00".

    Accepts "." or ":" between hours and minutes (Indonesian usage writes 08.00) and "-" or
    "–" between times; an empty text means closed. Validated like `parse`.
    """
    periods: list[dict[str, object]] = []
    for chunk in text.split(","):
        if not chunk.strip():
            continue
        match = _RANGE.match(chunk)
        if not match:
            raise OpeningHoursError(
                "bad_range",
                f"Write a period as 08.00-15.00, not {chunk.strip()!r}.",
                value=chunk.strip(),
            )
        h1, m1, h2, m2 = match.groups()
        periods.append(
            {"day": day, "opens": f"{int(h1):02d}:{m1}", "closes": f"{int(h2):02d}:{m2}"}
        )
    return parse(periods)


def format_day(periods: Iterable[Period]) -> str:
    """The inverse of parse_day_text, with Indonesian-style times: "08.00-12.00, 13.00-16.00"."""
    return ", ".join(f"{p.opens.replace(':', '.')}-{p.closes.replace(':', '.')}" for p in periods)


def is_open(periods: Iterable[Period], local_moment: datetime) -> bool:
    """Whether the unit is open at this moment, given in the unit's own time zone."""
    minute = local_moment.hour * 60 + local_moment.minute
    day = local_moment.weekday()
    return any(p.day == day and _minutes(p.opens) <= minute < _minutes(p.closes) for p in periods)


def by_day(periods: Iterable[Period]) -> list[list[Period]]:
    """Seven lists, Monday first, for showing a week."""
    week: list[list[Period]] = [[] for _ in range(7)]
    for period in periods:
        week[period.day].append(period)
    return week


def as_time(hhmm: str) -> time:
    return time(23, 59) if hhmm == "24:00" else time.fromisoformat(hhmm)
