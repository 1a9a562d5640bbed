"""Reading a meeting tool's join list and matching it to registered participants. No Django.

Zoom's participant report, Google Meet's attendance sheet and Microsoft Teams' attendance
list all give one row per person (or per join) with a name column, usually an e-mail column
and a duration. People join with names like "BURU - Drs. La Ode Ahmad, M.Si." or from a
colleague's laptop, so matching is: the e-mail when both sides have one, otherwise the name
with titles, punctuation and case removed, compared whole or as a run of words inside the
joined name. Rows that match nobody are listed for the organiser to resolve by hand.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

NAME_COLUMNS = ("name (original name)", "name", "full name", "nama", "nama lengkap", "participant")
EMAIL_COLUMNS = ("user email", "email", "e-mail", "participant email", "surel")
MINUTES_COLUMNS = ("duration (minutes)", "total duration (minutes)", "duration", "durasi")

# Academic and professional titles written before or after Indonesian names.
TITLES = frozenset(
    [
        "dr",
        "drs",
        "dra",
        "ir",
        "prof",
        "h",
        "hj",
        "st",
        "se",
        "sh",
        "sp",
        "spd",
        "ssos",
        "sos",
        "sip",
        "sik",
        "skm",
        "skom",
        "sstp",
        "stp",
        "ap",
        "mm",
        "msi",
        "mpa",
        "ma",
        "mt",
        "mkes",
        "mh",
        "mpd",
        "mkom",
        "msc",
        "phd",
        "ak",
        "cpa",
        "amd",
        "amdkeb",
        "sked",
        "mtr",
        "mr",
        "mrs",
        "ms",
        "bapak",
        "ibu",
        "pak",
        "bu",
    ]
)


class JoinListError(ValueError):
    """The file has no column this reader recognises as the person's name."""


@dataclass(frozen=True)
class Joined:
    row: int
    name: str
    email: str
    minutes: int | None


@dataclass
class Match:
    matched: dict[int, Joined] = field(default_factory=dict)  # participant id -> row
    unmatched: list[Joined] = field(default_factory=list)
    too_short: list[Joined] = field(default_factory=list)


def words(name: str) -> tuple[str, ...]:
    """The name's words without accents, punctuation, case or titles."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"\(.*?\)", " ", text)  # Zoom's "(Original Name)", "(Host)"
    tokens = re.split(r"[^0-9a-z]+", text.replace(".", ""))
    return tuple(t for t in tokens if t and t not in TITLES)


def _column(header: Iterable[str], names: tuple[str, ...]) -> str | None:
    by_lower = {h.strip().lower(): h for h in header}
    for name in names:
        if name in by_lower:
            return by_lower[name]
    return None


def _minutes(value: Any) -> int | None:
    """Minutes from 45, "45", "45 min", "1:05:00" or "1 hr 5 min"."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        return int(value)
    text = str(value).strip().lower()
    if re.fullmatch(r"\d+(:\d\d){1,2}", text):
        parts = [int(p) for p in text.split(":")]
        if len(parts) == 3:
            return parts[0] * 60 + parts[1]
        return parts[0]
    hours = re.search(r"(\d+)\s*(h|hr|jam)", text)
    mins = re.search(r"(\d+)\s*(m|min|menit)", text)
    if hours or mins:
        return (int(hours.group(1)) * 60 if hours else 0) + (int(mins.group(1)) if mins else 0)
    digits = re.match(r"\d+", text)
    return int(digits.group(0)) if digits else None


def read(header: list[str], rows: Iterable[tuple[int, Mapping[str, Any]]]) -> list[Joined]:
    """One entry per person in the file (repeated joins of one person are summed)."""
    name_col = _column(header, NAME_COLUMNS)
    if name_col is None:
        raise JoinListError(
            "no column with the participants' names (expected one of: "
            + ", ".join(f"“{n}”" for n in NAME_COLUMNS)
            + ")"
        )
    email_col = _column(header, EMAIL_COLUMNS)
    minutes_col = _column(header, MINUTES_COLUMNS)
    people: dict[tuple[str, ...] | str, Joined] = {}
    for number, values in rows:
        name = str(values.get(name_col) or "").strip()
        if not name:
            continue
        email = str(values.get(email_col) or "").strip().lower() if email_col else ""
        minutes = _minutes(values.get(minutes_col)) if minutes_col else None
        key: tuple[str, ...] | str = email or words(name)
        seen = people.get(key)
        if seen is not None:
            total = (
                None
                if seen.minutes is None and minutes is None
                else (seen.minutes or 0) + (minutes or 0)
            )
            people[key] = Joined(seen.row, seen.name, seen.email, total)
        else:
            people[key] = Joined(number, name, email, minutes)
    return list(people.values())


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    if not needle or len(needle) > len(haystack):
        return False
    return any(
        haystack[i : i + len(needle)] == needle for i in range(len(haystack) - len(needle) + 1)
    )


def match(
    joined: Iterable[Joined],
    participants: Mapping[int, tuple[str, str]],
    *,
    min_minutes: int = 0,
) -> Match:
    """Match join-list entries to `participants` ({id: (name, email)}).

    An entry matches a participant by e-mail, else by the same words of the name, else when
    the participant's whole name (two words or more) appears inside the joined name. An
    entry that would match two participants equally is left unmatched rather than guessed.
    """
    result = Match()
    by_email = {email.lower(): pid for pid, (_, email) in participants.items() if email}
    by_words: dict[tuple[str, ...], list[int]] = {}
    for pid, (name, _email) in participants.items():
        by_words.setdefault(words(name), []).append(pid)
    for entry in joined:
        if min_minutes and entry.minutes is not None and entry.minutes < min_minutes:
            result.too_short.append(entry)
            continue
        candidates: list[int] = []
        if entry.email and entry.email in by_email:
            candidates = [by_email[entry.email]]
        else:
            name_words = words(entry.name)
            candidates = by_words.get(name_words, [])
            if not candidates:
                candidates = [
                    pid
                    for key, pids in by_words.items()
                    if len(key) >= 2 and _contains(name_words, key)
                    for pid in pids
                ]
        candidates = [pid for pid in dict.fromkeys(candidates) if pid not in result.matched]
        if len(candidates) == 1:
            result.matched[candidates[0]] = entry
        else:
            result.unmatched.append(entry)
    return result
