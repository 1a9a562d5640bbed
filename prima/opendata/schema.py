"""How an open dataset is described once (issue 21): its packages' `datapackage.json` (Table
Schemas), the DCAT catalogue and the data dictionary page are all made from these objects, so
a column is never defined twice.

A `Dataset` is published as one Frictionless Data Package per year and one whole; each of its
`Resource`s is a CSV file whose rows come from `rows(year)` (None: every year) as an iterator
of tuples in the order of `fields`, read from the database in chunks so a national package
builds with flat memory. Code lists (regions, agencies, units) are resources of the registry
dataset (prima.opendata.datasets.registry); a dataset names those it refers to in
`code_lists`, and the builder adds them to each package so its foreign keys resolve inside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Table Schema field types Prima writes (https://specs.frictionlessdata.io/table-schema/).
TYPES = ("string", "integer", "number", "boolean", "date", "datetime", "year", "yearmonth")

TYPE_LABELS = {
    "string": _("text"),
    "integer": _("whole number"),
    "number": _("number"),
    "boolean": _("true or false"),
    "date": _("date (YYYY-MM-DD)"),
    "datetime": _("date and time, UTC"),
    "year": _("year"),
    "yearmonth": _("month (YYYY-MM)"),
}
FREQUENCY_LABELS = {
    "daily": _("daily"),
    "monthly": _("monthly"),
    "annual": _("yearly"),
    "irregular": _("irregularly"),
}

# DCAT themes: the EU data theme vocabulary (publications.europa.eu/resource/authority/
# data-theme), which data portals harvest by.
GOVERNMENT = "GOVE"
REGIONS = "REGI"

Rows = Callable[[int | None], Iterator[Sequence[Any]]]


@dataclass(frozen=True)
class Field:
    """One column: a stable English `name`, an Indonesian `title` (translated), its Table
    Schema `type` and constraints, and what it means."""

    name: str
    title: str | Promise
    type: str
    description: str | Promise
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    # For a code of another resource: the resource it is a key of (a foreign key).
    refers_to: str | None = None

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"{self.name}: unknown type {self.type!r}")

    def rules(self) -> list[str]:
        """The constraints in words, for the data dictionary (the allowed values and the
        pattern, which are data, are shown apart as code)."""
        found: list[str] = []
        if self.required:
            found.append(str(_("required")))
        if self.unique:
            found.append(str(_("unique")))
        if self.minimum is not None:
            found.append(str(_("at least %(value)s")) % {"value": _number(self.minimum)})
        if self.maximum is not None:
            found.append(str(_("at most %(value)s")) % {"value": _number(self.maximum)})
        return found

    def constraints(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        if self.required:
            found["required"] = True
        if self.unique:
            found["unique"] = True
        if self.enum is not None:
            found["enum"] = list(self.enum)
        if self.minimum is not None:
            found["minimum"] = self.minimum
        if self.maximum is not None:
            found["maximum"] = self.maximum
        if self.pattern is not None:
            found["pattern"] = self.pattern
        return found


@dataclass(frozen=True)
class Resource:
    """One CSV file of a package: `name` is its file name without `.csv` (lowercase, digits,
    `_`), `key` its primary key. `rows(year)` yields tuples in the order of `fields`; a
    resource that is not `yearly` (a code list) is the same in every package."""

    name: str
    title: str | Promise
    description: str | Promise
    fields: tuple[Field, ...]
    key: tuple[str, ...]
    rows: Rows
    yearly: bool = True

    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def foreign_keys(self) -> list[tuple[str, str, str]]:
        """(field, resource, field there) for each code this resource refers to."""
        return [(f.name, *_target(f.refers_to)) for f in self.fields if f.refers_to]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _target(refers_to: str) -> tuple[str, str]:
    resource, _dot, column = refers_to.partition(".")
    return resource, column


@dataclass(frozen=True)
class Dataset:
    """A dataset as Satu Data Indonesia describes it: what it holds, who produces it (produsen
    data), who compiles and checks it (walidata), how often it changes, which years it covers,
    and its resources. `years()` lists the years that have data, oldest first."""

    name: str  # lowercase with "-": the package name and the page's address
    title: str | Promise
    description: str | Promise
    producer: str | Promise
    steward: str | Promise
    frequency: str  # a DCAT frequency: "daily", "monthly", "annual", "irregular"
    theme: str
    keywords: tuple[str | Promise, ...]
    resources: tuple[Resource, ...]
    years: Callable[[], list[int]]
    code_lists: tuple[str, ...] = ()  # resources of the registry dataset its codes refer to
    definitions: tuple[tuple[str | Promise, str | Promise], ...] = ()  # term, meaning
    yearly: bool = True  # False: one package only (the registry)
    order: int = 100

    def resource(self, name: str) -> Resource:
        for resource in self.resources:
            if resource.name == name:
                return resource
        raise KeyError(name)


@dataclass
class Registry:
    """The datasets the site publishes, in order; each module's file under
    prima/opendata/datasets adds its own."""

    datasets: dict[str, Dataset] = field(default_factory=dict)

    def add(self, dataset: Dataset) -> Dataset:
        if dataset.name in self.datasets:
            raise ValueError(f"dataset {dataset.name} twice")
        self.datasets[dataset.name] = dataset
        return dataset

    def all(self) -> list[Dataset]:
        return sorted(self.datasets.values(), key=lambda d: (d.order, d.name))

    def get(self, name: str) -> Dataset | None:
        return self.datasets.get(name)
