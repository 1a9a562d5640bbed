"""Survey records for tests: a period at Disdukcapil Buru and answers to fill it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from prima.surveys import actions
from prima.surveys.models import ELEMENT_KEYS, SurveyPeriod
from prima.test import World

START = dt.date(2026, 1, 1)
END = dt.date(2026, 6, 30)


def make_period(world: World, *, unit=None, actor=None, **values: Any) -> SurveyPeriod:
    values.setdefault("name", "Semester I 2026")
    values.setdefault("kind", SurveyPeriod.Kind.SEMESTER)
    values.setdefault("starts_on", START)
    values.setdefault("ends_on", END)
    return actions.create_period(actor=actor, unit=unit or world.buru_dukcapil, **values)


def answers(*values: int | None) -> dict[str, int | None]:
    """Answers in questionnaire order; one value repeats for all nine."""
    if len(values) == 1:
        values = values * len(ELEMENT_KEYS)
    return dict(zip(ELEMENT_KEYS, values, strict=True))
