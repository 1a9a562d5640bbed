"""Tabular exports: CSV streamed row by row, safe to open in a spreadsheet.

Every CSV download comes in two variants (docs/guide/exports.md):

- the standard one: comma-separated, decimal point, UTF-8 with a byte-order mark, CRLF line
  ends (RFC 4180) — for programs, and for spreadsheets set to English;
- "Excel (Indonesia)", chosen with `?dialect=excel-id`: semicolon-separated with decimal
  commas, as Excel and LibreOffice read a CSV on a computer set to Indonesian (where the
  comma is the decimal separator and the semicolon the list separator), also UTF-8 with a
  byte-order mark and CRLF.

In both, text a spreadsheet would run as a formula is neutralised; numbers stay numbers.

The rows are read from the read replica when one is configured (prima/lib/dbrouter.py): an
export is a read of many rows that nobody has just written, the replica's work.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import StreamingHttpResponse

from prima.lib.dbrouter import replica_iteration

# A cell starting with one of these is a formula to Excel and LibreOffice (ASVS 5.0 1.2.10).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")

DIALECT_PARAM = "dialect"


@dataclass(frozen=True)
class CsvDialect:
    name: str
    delimiter: str
    decimal_mark: str
    filename_suffix: str


STANDARD = CsvDialect("standard", ",", ".", "")
EXCEL_ID = CsvDialect("excel-id", ";", ",", "-excel-id")
DIALECTS = {d.name: d for d in (STANDARD, EXCEL_ID)}


def dialect_of(params: Mapping[str, Any]) -> CsvDialect:
    """The variant a download link asks for (`?dialect=excel-id`); the standard one otherwise."""
    return DIALECTS.get(str(params.get(DIALECT_PARAM) or ""), STANDARD)


def neutralise(value: Any) -> str:
    """The cell as text, with a leading apostrophe when a spreadsheet would run it."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def cell(value: Any, dialect: CsvDialect = STANDARD) -> str:
    """One CSV cell: a number written plainly with the dialect's decimal mark (never in
    exponent notation, never with an apostrophe: a number is no formula); anything else as
    neutralised text."""
    if isinstance(value, bool) or value is None:
        return neutralise(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (Decimal, float)):
        number = value if isinstance(value, Decimal) else Decimal(repr(value))
        if not number.is_finite():
            return ""
        return format(number, "f").replace(".", dialect.decimal_mark)
    return neutralise(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(
    header: list[str], rows: Iterable[Iterable[Any]], dialect: CsvDialect = STANDARD
) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=dialect.delimiter, lineterminator="\r\n")
    yield "\ufeff"  # BOM: spreadsheets then read the file as UTF-8 (names with diacritics)
    yield writer.writerow([neutralise(name) for name in header])
    for row in rows:
        yield writer.writerow([cell(value, dialect) for value in row])


def stream_csv(
    filename: str,
    header: list[str],
    rows: Iterable[Iterable[Any]],
    *,
    dialect: CsvDialect = STANDARD,
) -> StreamingHttpResponse:
    """A CSV download streamed row by row, in the variant `dialect` (see `dialect_of`), the
    rows read from the replica when there is one."""
    if dialect.filename_suffix:
        stem, dot, extension = filename.rpartition(".")
        filename = f"{stem}{dialect.filename_suffix}.{extension}" if dot else filename
    response = StreamingHttpResponse(
        replica_iteration(csv_lines(header, rows, dialect)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
