"""The datasets Prima publishes: each module of this package defines its own with
`DATASETS.add(Dataset(...))`; `datasets()` imports them all (a new module's file is found
without being listed here)."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from prima.opendata.schema import Dataset, Registry

DATASETS = Registry()


@cache
def _load() -> None:
    for found in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{found.name}")


def datasets() -> list[Dataset]:
    _load()
    return DATASETS.all()


def dataset(name: str) -> Dataset | None:
    _load()
    return DATASETS.get(name)
