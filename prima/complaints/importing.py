"""Importing legacy and exported complaints (CSV or XLSX, one row per complaint), all or
nothing: every row is checked first; one bad row refuses the whole file and is named.

Required columns: `received_at` (ISO 8601 with its offset, e.g. 2026-11-02T09:15:00+09:00),
`unit` (the unit's code), `type` (pengaduan, aspirasi or permintaan_informasi), `title`,
`description`. Optional: `category` (a category key), `location`, `latitude` and `longitude`
(together), `anonymous`, `secret` (yes/no), `name`, `email`, `phone`. Each row is checked by the
web form's own rules, limits and messages (`ComplaintDetailsForm`). Imported complaints start as
received at their own `received_at`, so their clock is right (and may already be overdue).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.dateparse import parse_datetime

from prima.complaints import actions
from prima.complaints.forms import ComplaintDetailsForm
from prima.complaints.models import Category, Channel
from prima.lib.tables import TableError, read_table
from prima.registry.models import ServiceUnit

REQUIRED = ("received_at", "unit", "type", "title", "description")
YES = {"1", "true", "yes", "ya", "y"}
NO = {"", "0", "false", "no", "tidak", "n"}
# Columns by the field of ComplaintDetailsForm they fill.
COLUMN_OF = {
    "kind": "type",
    "title": "title",
    "description": "description",
    "location": "location",
    "latitude": "latitude",
    "longitude": "longitude",
    "is_anonymous": "anonymous",
    "is_secret": "secret",
    "name": "name",
    "email": "email",
    "phone": "phone",
}


class ImportRefused(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Row:
    number: int
    values: dict[str, Any] = field(default_factory=dict)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _check_row(
    number: int, raw: dict[str, Any], units: dict[str, ServiceUnit], categories: dict[str, Category]
) -> tuple[Row | None, list[str]]:
    problems: list[str] = []
    row = Row(number)

    def bad(column: str, why: str) -> None:
        problems.append(f"row {number}, column {column}: {why}")

    value = raw.get("received_at")
    try:
        received = value if isinstance(value, dt.datetime) else parse_datetime(_text(value))
    except ValueError:  # reads like a date and time that does not exist (30 February, 25:61)
        received = None
    if received is None:
        bad("received_at", f"{_text(value)!r} is not an ISO 8601 date and time")
    elif received.tzinfo is None:
        bad("received_at", "needs its offset, e.g. +07:00, +08:00 or +09:00")
    row.values["received_at"] = received
    unit = units.get(_text(raw.get("unit")))
    if unit is None:
        bad("unit", f"no unit has the code {_text(raw.get('unit'))!r}")
    row.values["unit"] = unit
    key = _text(raw.get("category"))
    if key and key not in categories:
        bad("category", f"{key!r} is not a category key")
    row.values["category"] = categories.get(key)
    flags = {}
    for column in ("anonymous", "secret"):
        flag = _text(raw.get(column)).lower()
        if flag not in YES | NO:
            bad(column, "use yes or no")
        flags[column] = flag in YES
    details = ComplaintDetailsForm(
        {
            **{name: _text(raw.get(column)) for name, column in COLUMN_OF.items()},
            "kind": _text(raw.get("type")).lower(),
            "is_anonymous": flags["anonymous"],
            "is_secret": flags["secret"],
        }
    )
    if details.is_valid():
        row.values["details"] = details.filing()
    for name, messages in details.errors.items():
        for message in messages:
            bad(COLUMN_OF.get(name, name), str(message))
    return (None if problems else row), problems


def import_file(path: str | Path) -> list[tuple[int, str]]:
    """Import every row or none; returns (row number, Open311 request id) per complaint."""
    try:
        table = read_table(path)
    except TableError as error:
        raise ImportRefused([str(error)]) from error
    missing = [c for c in REQUIRED if c not in table.header]
    if missing:
        raise ImportRefused([f"missing columns: {', '.join(missing)}"])
    units = {u.code: u for u in ServiceUnit.objects.select_related("agency", "region")}
    categories = {c.key: c for c in Category.objects.all()}
    rows: list[Row] = []
    problems: list[str] = []
    for number, raw in table.rows:
        row, found = _check_row(number, raw, units, categories)
        problems.extend(found)
        if row is not None:
            rows.append(row)
    if problems:
        raise ImportRefused(problems)
    if not rows:
        raise ImportRefused(["the file has no rows"])
    imported: list[tuple[int, str]] = []
    with transaction.atomic():
        for row in rows:
            v = row.values
            filed = actions.file_complaint(
                agency=v["unit"].agency,
                unit=v["unit"],
                category=v["category"],
                channel=Channel.IMPORT,
                received_at=v["received_at"],
                actor=None,  # run from the command line
                **v["details"],
            )
            imported.append((row.number, str(filed.complaint.public_id)))
    return imported
