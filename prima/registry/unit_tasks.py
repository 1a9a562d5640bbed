"""What a citizen can do at a unit, for the top of the unit's public page (issue 22): rate its
service, report a problem, see what to bring, read the survey results and what was done.

Some of these are open only now and then — a survey period taking answers, an evaluation cycle
collecting F-03 ratings — and only the modules above the registry know when. Those modules
offer a function here when Django starts (their AppConfig.ready), as the evaluation app sets
the evidence citations (prima.lib.evidence): the registry may not import them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from prima.registry.models import ServiceUnit

# Where each task stands on the page, first to last.
RATE, REPORT, BRING, RESULTS, EVALUATE = 10, 20, 30, 40, 50


@dataclass(frozen=True)
class Task:
    """One thing to do at the unit: a large link, with a line saying what it is for. A task
    without a `url` is a note that it is not open now."""

    order: int
    label: str
    hint: str = ""
    url: str = ""


# unit, now → the tasks a module has open for the unit at that moment
Offer = Callable[["ServiceUnit", dt.datetime], list[Task]]

_offers: dict[str, Offer] = {}


def offer(name: str, tasks: Offer) -> None:
    """Let module `name` add its tasks to every unit's page (again: replaces its earlier)."""
    _offers[name] = tasks


def offered(unit: ServiceUnit, *, now: dt.datetime) -> list[Task]:
    """The tasks the other modules have open for `unit` at `now`, unsorted."""
    return [task for tasks in _offers.values() for task in tasks(unit, now)]
