"""Reading paper and legacy survey responses from a CSV or XLSX file, one row per respondent.

Every bad cell is reported with its row (as the spreadsheet numbers it) and its column, so a
unit fixes the whole file in one pass; the import action then takes the file whole or not at
all. Columns (case-insensitive; Indonesian names accepted):

| what | column | values |
|---|---|---|
| the nine elements | `persyaratan` … `pengaduan`, or `U1` … `U9` (questionnaire order) | 1–4 |
| survey date | `date` / `tanggal` | 2026-03-14, 14/03/2026 or a spreadsheet date |
| sex | `sex` / `jenis_kelamin` | L, P (Laki-laki, Perempuan) |
| age | `age` / `usia` | 10–110 |
| education | `education` / `pendidikan` | SD, SMP, SMA/SMK, D1–D3, D4/S1, S2, S3 |
| occupation | `occupation` / `pekerjaan` | PNS, TNI, POLRI, Swasta, Wirausaha, Lainnya |
| service received | `service` / `layanan` | the name of one of the unit's services |
| suggestion | `suggestion` / `saran` | free text |

A blank element cell is unanswered; a date must lie inside the period. Other columns
are ignored (and listed, so a misspelt header does not pass unnoticed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from prima.lib.tables import Table, TableError
from prima.surveys import ikm

ALIASES = {
    "date": ("date", "tanggal", "tanggal_survei"),
    "sex": ("sex", "jenis_kelamin", "jk", "gender"),
    "age": ("age", "usia", "umur"),
    "education": ("education", "pendidikan"),
    "occupation": ("occupation", "pekerjaan"),
    "service": ("service", "layanan", "jenis_layanan"),
    "suggestion": ("suggestion", "saran", "saran_masukan"),
}

SEX = {"l": "L", "laki-laki": "L", "laki laki": "L", "m": "L", "p": "P", "perempuan": "P", "f": "P"}
EDUCATION = {
    "sd": "sd",
    "tidak sekolah": "sd",
    "smp": "smp",
    "sltp": "smp",
    "sma": "sma",
    "smk": "sma",
    "slta": "sma",
    "sma/smk": "sma",
    "d1": "diploma",
    "d2": "diploma",
    "d3": "diploma",
    "diploma": "diploma",
    "d4": "s1",
    "s1": "s1",
    "d4/s1": "s1",
    "s2": "s2",
    "s3": "s3",
}
OCCUPATION = {
    "pns": "pns",
    "asn": "pns",
    "tni": "tni",
    "polri": "polri",
    "swasta": "swasta",
    "pegawai swasta": "swasta",
    "wirausaha": "wirausaha",
    "wiraswasta": "wirausaha",
    "lainnya": "lainnya",
    "lain-lain": "lainnya",
}


def answer_cell(value: Any) -> int | None:
    """A cell as an answer: blank → None; a whole number as number or text; else ValueError."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError
    text = str(value).strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    raise ValueError


def element_columns(header: list[str], method: ikm.Method) -> tuple[dict[str, str], list[str]]:
    """Element key → the file's column (by key, or U1…U9 in questionnaire order), and the
    problems with the header."""
    lookup = {name.lower(): name for name in header if name}
    columns: dict[str, str] = {}
    problems: list[str] = []
    for position, key in enumerate(method.elements, start=1):
        by_key, by_number = lookup.get(key), lookup.get(f"u{position}")
        if by_key and by_number:
            problems.append(f"both {by_key!r} and {by_number!r} are given for element {key}")
        elif not (by_key or by_number):
            problems.append(f"no column for element {key} (name it {key} or U{position})")
        else:
            columns[key] = by_key or by_number  # type: ignore[assignment]
    return columns, problems


@dataclass(frozen=True)
class CellError:
    row: int
    column: str
    value: str
    message: str


@dataclass
class ParsedFile:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    header_problems: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.header_problems and bool(self.rows)


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValueError


def parse_responses(
    table: Table,
    *,
    method: ikm.Method,
    starts_on: dt.date,
    ends_on: dt.date,
    services: Mapping[str, int],
    max_errors: int = 1000,
) -> ParsedFile:
    """Check every cell of `table`; return the clean rows and every bad cell.

    `services` maps the lower-cased names of the unit's services to their ids.
    """
    parsed = ParsedFile()
    columns, parsed.header_problems = element_columns(table.header, method)
    lookup = {name.lower(): name for name in table.header if name}
    optional: dict[str, str] = {}
    for name, aliases in ALIASES.items():
        for alias in aliases:
            if alias in lookup:
                optional[name] = lookup[alias]
                break
    known = set(columns.values()) | set(optional.values())
    parsed.ignored_columns = [name for name in table.header if name and name not in known]
    if parsed.header_problems:
        return parsed

    def bad(number: int, column: str, value: Any, message: str) -> None:
        if len(parsed.errors) < max_errors:
            shown = "" if value is None else str(value)
            parsed.errors.append(CellError(number, column, shown[:60], message))

    try:
        for number, cells in table.rows:
            row: dict[str, Any] = {"row": number}
            answered = 0
            errors_before = len(parsed.errors)
            for key, column in columns.items():
                value = cells.get(column)
                try:
                    answer = answer_cell(value)
                    if answer is not None and not method.lowest <= answer <= method.highest:
                        raise ValueError
                except ValueError:
                    bad(
                        number,
                        column,
                        value,
                        f"not an answer from {method.lowest} to {method.highest}",
                    )
                    continue
                row[key] = answer
                answered += answer is not None
            if answered == 0 and len(parsed.errors) == errors_before:
                bad(number, "", "", "no answer to any element")
            _optional_cells(row, cells, optional, starts_on, ends_on, services, bad, number)
            parsed.rows.append(row)
    except TableError as error:
        parsed.header_problems.append(str(error))
    return parsed


def _optional_cells(
    row: dict[str, Any],
    cells: Mapping[str, Any],
    optional: Mapping[str, str],
    starts_on: dt.date,
    ends_on: dt.date,
    services: Mapping[str, int],
    bad: Any,
    number: int,
) -> None:
    def text(name: str) -> tuple[str, Any]:
        column = optional.get(name)
        if column is None:
            return "", None
        value = cells.get(column)
        if value is None:
            return column, None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return column, value

    column, value = text("date")
    row["date"] = None
    if value not in (None, ""):
        try:
            day = _date(value)
        except ValueError:
            bad(number, column, value, "not a date (use 2026-03-14 or 14/03/2026)")
        else:
            if not starts_on <= day <= ends_on:
                bad(number, column, value, f"outside the period {starts_on} – {ends_on}")
            row["date"] = day

    for name, table_, label in (
        ("sex", SEX, "L or P"),
        ("education", EDUCATION, "SD, SMP, SMA, D1–D3, D4/S1, S2 or S3"),
        ("occupation", OCCUPATION, "PNS, TNI, POLRI, Swasta, Wirausaha or Lainnya"),
    ):
        column, value = text(name)
        row[name] = ""
        if value not in (None, ""):
            found = table_.get(str(value).strip().lower())
            if found is None:
                bad(number, column, value, f"expected {label}")
            else:
                row[name] = found

    column, value = text("age")
    row["age"] = None
    if value not in (None, ""):
        try:
            age = answer_cell(value)
            if age is None or not 10 <= age <= 110:
                raise ValueError
            row["age"] = age
        except ValueError:
            bad(number, column, value, "not an age from 10 to 110")

    column, value = text("service")
    row["service_id"] = None
    if value not in (None, ""):
        service_id = services.get(str(value).strip().lower())
        if service_id is None:
            bad(number, column, value, "not a service of this unit")
        else:
            row["service_id"] = service_id

    column, value = text("suggestion")
    row["suggestion"] = str(value).strip()[:2000] if value not in (None, "") else ""


def file_digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
