"""Evidence slots: the boundary between the modules that keep records and the instruments
that score them — pure, no Django.

A module (standards, surveys, complaints, …) offers *findings*: what its records establish
about a unit for a year, each under a stable slot name ("standards.maklumat"). It knows
nothing of any instrument. An instrument file binds slots to its indicators
(`evidence: standards.maklumat`), so a new instrument year is data, not code
(docs/evaluation-instruments.md lists the slots).

A module offering slots has an `evidence` module with `SLOTS` (slot name → what it means)
and `findings(unit, *, year, today)` (slot name → Finding); prima.evaluation.evidence lists
those modules. The one thing flowing down is `citation(slot)`: the indicator that the newest
instrument binds to a slot, which a module may show beside its own figure. The evaluation
app sets it when Django starts, since a lower module may not import it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

# A record a finding rests on: a label, a target (a kind of page, resolved for each reader
# by the evaluation app) and the record's key.
Link = tuple[str, str, str]


@dataclass
class Finding:
    """What a module's records say for one slot."""

    level: int | None  # the level (0–5) the records support, None where a person must judge
    facts: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


class Provider(Protocol):
    """A module's `evidence` module."""

    @property
    def SLOTS(self) -> Mapping[str, str]: ...  # slot name → what it means

    # `unit` is a registry ServiceUnit, which lib, below the registry, cannot name.
    def findings(self, unit: Any, *, year: int, today: dt.date) -> dict[str, Finding]: ...


_citations: dict[str, str] = {}


def cite(citations: Mapping[str, str]) -> None:
    """Set which indicator each slot feeds (slot → indicator codes as shown)."""
    _citations.clear()
    _citations.update(citations)


def citation(slot: str) -> str:
    """The indicator the newest instrument binds to `slot`, for display; "" if none."""
    return _citations.get(slot, "")
