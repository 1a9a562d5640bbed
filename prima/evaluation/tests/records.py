"""Evaluation records for the tests, made through the actions the pages use."""

from __future__ import annotations

from typing import Any

from prima.evaluation import actions
from prima.evaluation.instrument import built_in
from prima.evaluation.models import Cycle, Lokus

INSTRUMENT = built_in("pekppp-2023")


def new_cycle(world: Any, *, scheme: str = Cycle.Scheme.NASIONAL, **fields: Any) -> Cycle:
    """A 2024 cycle in preparation, by the national administrator unless `actor` says."""
    return actions.create_cycle(
        actor=fields.pop("actor", world.ratna),
        year=fields.pop("year", 2024),
        scheme=scheme,
        agency=fields.pop("agency", None),
        name=fields.pop("name", "PEKPPP 2024"),
        instrument_code="pekppp-2023",
        **fields,
    )


def scored_lokus(world: Any, cycle: Cycle, *, value: int = 3) -> Lokus:
    """Buru's Disdukcapil in `cycle` with Yohanis as its primary evaluator, the cycle moved on
    to scoring and every indicator scored `value`."""
    lokus = actions.add_lokus(
        cycle, unit=world.buru_dukcapil, kind="administratif", mode="luring", actor=world.ratna
    )
    actions.assign(lokus, evaluator=world.yohanis, role="primary", level="biro", actor=world.ratna)
    actions.advance(cycle, actor=world.ratna)
    actions.advance(cycle, actor=world.ratna)
    actions.save_scores(
        lokus,
        evaluator=world.yohanis,
        scores={code: (value, "") for code in INSTRUMENT.indicators},
        actor=world.yohanis,
    )
    return lokus
