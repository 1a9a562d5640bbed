"""Reading tabular files people bring: CSV (comma, semicolon or tab; UTF-8 with or without a
byte-order mark, as Excel writes it) and XLSX (the first sheet). One dict per data row, with
the row number a spreadsheet shows (the header is row 1). Characters no person types
(prima.lib.text) are removed from every cell, as at every other door."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prima.lib.text import strip_control


class TableError(ValueError):
    """The file cannot be read as a table; the message says why."""


@dataclass(frozen=True, slots=True)
class Table:
    header: list[str]
    rows: Iterator[tuple[int, dict[str, Any]]]  # (spreadsheet row number, values by header)


def read_table(path: str | Path) -> Table:
    path = Path(path)
    if not path.exists():
        raise TableError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(path)
    if suffix in {".csv", ".txt", ""}:
        return _read_csv(path)
    raise TableError(f"{path}: expected a .csv or .xlsx file")


def _clean_header(raw: list[Any]) -> list[str]:
    header = [strip_control(str(cell)).strip() if cell is not None else "" for cell in raw]
    seen: set[str] = set()
    for name in header:
        if name and name.lower() in seen:
            raise TableError(f"column {name!r} appears twice in the header")
        seen.add(name.lower())
    return header


def _read_csv(path: Path) -> Table:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise TableError(f"{path}: not UTF-8 text (save the CSV as UTF-8)") from error
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(strip_control(text)), dialect)
    try:
        header = _clean_header(next(reader))
    except StopIteration as error:
        raise TableError(f"{path}: the file is empty") from error

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        for number, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue  # blank line
            if len(values) > len(header) and any(v.strip() for v in values[len(header) :]):
                raise TableError(f"row {number}: more cells than columns in the header")
            yield (
                number,
                dict(zip(header, values + [""] * (len(header) - len(values)), strict=False)),
            )

    return Table(header, rows())


def _read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise TableError(f"{path}: not a readable XLSX workbook ({error})") from error
    sheet = workbook.worksheets[0]
    cells = sheet.iter_rows(values_only=True)
    try:
        header = _clean_header(list(next(cells)))
    except StopIteration as error:
        raise TableError(f"{path}: the first sheet is empty") from error

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        for number, values in enumerate(cells, start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            cleaned = [strip_control(v) if isinstance(v, str) else v for v in values]
            yield number, dict(zip(header, cleaned, strict=False))
        workbook.close()

    return Table(header, rows())
