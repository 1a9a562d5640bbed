"""PEKPPP instruments as versioned data files — reading and validating them, pure, no Django.

An instrument is a YAML file (shape in docs/evaluation-instruments.md; the one in use since
2023 is instruments/pekppp-2023.yaml) so that a ministry can issue next year's without code.
The validator refuses a file whose aspect weights, or the indicator weights inside an aspect,
do not sum to 100, whose scales do not describe every score 0–5, whose codes repeat, or whose
category table is not a descending list of lower bounds ending at 0
(docs/regulations.md §4.3–4.6), or whose indicators read an evidence slot no module offers.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

BUILT_IN = Path(__file__).parent / "instruments"
SCORES = range(0, 6)
# The instrument families (`scheme:` in the file, "pekppp" when absent) and the cycle schemes
# (Cycle.Scheme) each serves.
FAMILIES = ("pekppp", "mpp")
FAMILY_OF_CYCLE = {"nasional": "pekppp", "mandiri": "pekppp", "mpp": "mpp"}

# The evidence slots Prima's modules offer (prima.lib.evidence). This module imports no
# Django, so it cannot ask the modules: prima.evaluation.evidence.connect() tells it when
# Django starts. Until then (pure use) slot names are not checked.
_offered: frozenset[str] | None = None


def offer_slots(names: Iterable[str]) -> None:
    """Check every instrument read from now on against these slot names."""
    global _offered
    _offered = frozenset(names)
    _built_in.cache_clear()


class InstrumentError(ValueError):
    """The file is not a valid instrument; `problems` says every reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Category:
    min: Fraction
    code: str
    label: str


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    weight: Fraction  # percent of its aspect
    scale: dict[int, str]
    weight_confirmed: bool = True
    evidence: str = ""  # the evidence slot whose finding prefills F-01, "" for none


@dataclass(frozen=True)
class Aspect:
    code: str
    name: str
    weight: Fraction  # percent of the IPP
    indicators: tuple[Indicator, ...]
    weight_confirmed: bool = True


@dataclass(frozen=True)
class UserItem:
    """One F-03 item ("isu") a service user rates 0–5 (docs/regulations.md §4.4)."""

    code: str
    text: str


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    variant: str
    categories: tuple[Category, ...]
    aspects: tuple[Aspect, ...]
    indicators: dict[str, Indicator] = field(default_factory=dict)
    user_items: tuple[UserItem, ...] = ()
    # Which cycles may use it: "pekppp" (Nasional and Mandiri) or "mpp" (the ministry's
    # yearly MPP monitoring and evaluation, docs/evaluation-instruments.md).
    scheme: str = "pekppp"

    def aspect_of(self, indicator: str) -> Aspect:
        return next(a for a in self.aspects if any(i.code == indicator for i in a.indicators))


def _number(value: Any) -> Fraction | None:
    if isinstance(value, bool):
        return None
    try:
        return Fraction(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return None


def parse(data: Any, *, slots: Collection[str] | None = None) -> Instrument:
    """An Instrument from parsed YAML, or InstrumentError listing every problem. Evidence
    slots are checked against `slots`, by default the ones offered (offer_slots)."""
    offered = _offered if slots is None else slots
    problems: list[str] = []
    if not isinstance(data, dict):
        raise InstrumentError(["the file is not a mapping with code, name, categories, aspects"])
    for key in ("code", "name", "categories", "aspects"):
        if key not in data:
            problems.append(f"missing {key!r}")
    if problems:
        raise InstrumentError(problems)

    categories: list[Category] = []
    raw_categories = data["categories"] if isinstance(data["categories"], list) else []
    if not raw_categories:
        problems.append("categories: at least one is needed")
    for n, row in enumerate(raw_categories, start=1):
        low = _number(row.get("min")) if isinstance(row, dict) else None
        if low is None or not (0 <= low <= 5) or not row.get("code"):
            problems.append(f"category {n}: needs min between 0 and 5 and a code")
            continue
        categories.append(Category(low, str(row["code"]), str(row.get("label", ""))))
    if categories:
        if any(b.min >= a.min for a, b in zip(categories, categories[1:], strict=False)):
            problems.append("categories: lower bounds must be in strictly descending order")
        if categories[-1].min != 0:
            problems.append("categories: the last lower bound must be 0")

    aspects: list[Aspect] = []
    seen: set[str] = set()
    raw_aspects = data["aspects"] if isinstance(data["aspects"], list) else []
    if not raw_aspects:
        problems.append("aspects: at least one is needed")
    for a_n, raw in enumerate(raw_aspects, start=1):
        if not isinstance(raw, dict) or not raw.get("code"):
            problems.append(f"aspect {a_n}: needs a code")
            continue
        a_code = str(raw["code"])
        weight = _number(raw.get("weight"))
        if weight is None or weight <= 0:
            problems.append(f"aspect {a_code}: weight must be a number above 0")
            weight = Fraction(0)
        indicators: list[Indicator] = []
        listed = raw.get("indicators")
        raw_indicators: list[Any] = listed if isinstance(listed, list) else []
        if not raw_indicators:
            problems.append(f"aspect {a_code}: has no indicators")
        for i_raw in raw_indicators:
            code = str(i_raw.get("code", "")) if isinstance(i_raw, dict) else ""
            if not code:
                problems.append(f"aspect {a_code}: an indicator has no code")
                continue
            if code in seen:
                problems.append(f"indicator {code}: the code appears twice")
            seen.add(code)
            i_weight = _number(i_raw.get("weight"))
            if i_weight is None or i_weight <= 0:
                problems.append(f"indicator {code}: weight must be a number above 0")
                i_weight = Fraction(0)
            scale = i_raw.get("scale") if isinstance(i_raw.get("scale"), dict) else {}
            keys = {int(k) for k in scale if str(k).isdigit()}
            missing = [
                s
                for s in SCORES
                if s not in keys or not str(scale.get(s, scale.get(str(s), ""))).strip()
            ]
            extra = [k for k in scale if not (str(k).isdigit() and int(k) in SCORES)]
            if missing:
                problems.append(f"indicator {code}: scale lacks {', '.join(map(str, missing))}")
            if extra:
                problems.append(f"indicator {code}: scale has levels outside 0–5")
            slot = str(i_raw.get("evidence") or "")
            if slot and offered is not None and slot not in offered:
                problems.append(
                    f"indicator {code}: no module offers the evidence slot {slot!r} "
                    "(docs/evaluation-instruments.md lists them)"
                )
            indicators.append(
                Indicator(
                    code=code,
                    name=str(i_raw.get("name", code)),
                    weight=i_weight,
                    scale={s: str(scale.get(s, scale.get(str(s), ""))) for s in SCORES},
                    weight_confirmed=bool(i_raw.get("weight_confirmed", True)),
                    evidence=slot,
                )
            )
        total = sum((i.weight for i in indicators), Fraction(0))
        if indicators and total != 100:
            problems.append(f"aspect {a_code}: indicator weights sum to {float(total):g}, not 100")
        aspects.append(
            Aspect(
                a_code,
                str(raw.get("name", a_code)),
                weight,
                tuple(indicators),
                bool(raw.get("weight_confirmed", True)),
            )
        )
    total = sum((a.weight for a in aspects), Fraction(0))
    if aspects and total != 100:
        problems.append(f"aspect weights sum to {float(total):g}, not 100")
    family = str(data.get("scheme") or "pekppp")
    if family not in FAMILIES:
        problems.append(f"scheme: must be one of {', '.join(FAMILIES)}")
    user_items: list[UserItem] = []
    raw_items = data.get("user_items") or []
    if not isinstance(raw_items, list):
        problems.append("user_items: must be a list of {code, text}")
        raw_items = []
    for n, row in enumerate(raw_items, start=1):
        if not isinstance(row, dict) or not row.get("code") or not str(row.get("text", "")).strip():
            problems.append(f"user item {n}: needs a code and a text")
            continue
        if any(item.code == str(row["code"]) for item in user_items):
            problems.append(f"user item {row['code']}: the code appears twice")
        user_items.append(UserItem(str(row["code"]), str(row["text"]).strip()))
    if problems:
        raise InstrumentError(problems)
    return Instrument(
        code=str(data["code"]),
        name=str(data["name"]),
        variant=str(data.get("variant", "")),
        categories=tuple(categories),
        aspects=tuple(aspects),
        indicators={i.code: i for a in aspects for i in a.indicators},
        user_items=tuple(user_items),
        scheme=family,
    )


def load(path: str | Path) -> Instrument:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise InstrumentError([f"{path}: no such file"]) from error
    except yaml.YAMLError as error:
        raise InstrumentError([f"{path}: not valid YAML ({error})"]) from error
    return parse(data)


def built_in(code: str) -> Instrument:
    return _built_in(code)


@lru_cache(maxsize=16)
def _built_in(code: str) -> Instrument:
    if not code or "/" in code or code.startswith("."):
        raise InstrumentError([f"{code!r}: not an instrument code"])
    return load(BUILT_IN / f"{code}.yaml")


def built_in_codes(*, family: str | None = None) -> list[str]:
    """The instruments shipped with Prima, newest first; of one family ("pekppp", "mpp") when
    given. Codes are "<family>-<year>", so the order is by family, then year."""
    codes = sorted((p.stem for p in BUILT_IN.glob("*.yaml")), reverse=True)
    if family is None:
        return codes
    return [code for code in codes if built_in(code).scheme == family]
