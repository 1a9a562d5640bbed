"""Workbooks people can work with (issue 18): every sheet is a list of typed columns under a
translated header row that is bold, frozen and filtered; numbers are stored as numbers with a
number format, dates as dates, keys of choices shown through their labels, and each column as
wide as its content. Written with openpyxl's write-only mode, so a large sheet streams: only
the first rows are held, to measure the column widths.

    book = Book(title=_("Results"))
    book.add_sheet(
        _("Results"),
        [text(_("Unit")), decimal(_("IPP"), places=2), date(_("Deadline"))],
        rows,
    )
    return book.to_bytes()

A sheet of facts (one label and one value a row, values of different kinds) uses a `value`
column: each cell is typed by its Python type, or by a `Typed` wrapper stating kind and places.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from itertools import islice
from typing import Any, Literal

from django.utils import timezone
from django.utils.translation import gettext as _

from prima.lib.exports import neutralise

Kind = Literal["text", "integer", "decimal", "percent", "date", "datetime", "value"]

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
# Rows held to measure column widths before the sheet starts streaming.
MEASURED_ROWS = 500
MIN_WIDTH, MAX_WIDTH = 6, 60
# Characters a workbook cannot hold (openpyxl refuses them) and the longest text a cell holds.
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
_CELL_LIMIT = 32767
_SHEET_TITLE_BAD = re.compile(r"[\\*?:/\[\]]")


@dataclass(frozen=True)
class Column:
    """One column: its header (translated by the caller) and the kind of its cells.

    `labels` turns stored keys (a model's choices, a questionnaire's keys) into what people
    read; a key missing from it is shown as it is.
    """

    header: str
    kind: Kind = "text"
    places: int = 2
    labels: Mapping[Any, Any] | None = None
    width: int | None = None
    grouping: bool = True  # a thousands separator (not for years and other numbers-as-names)


def text(
    header: Any, *, labels: Mapping[Any, Any] | None = None, width: int | None = None
) -> Column:
    return Column(str(header), "text", labels=labels, width=width)


def choice(header: Any, choices: Iterable[tuple[Any, Any]], *, width: int | None = None) -> Column:
    """A text column of keys shown by the labels of `choices` (a model's `.choices`)."""
    return Column(str(header), "text", labels=dict(choices), width=width)


def integer(header: Any, *, grouping: bool = True, width: int | None = None) -> Column:
    return Column(str(header), "integer", places=0, width=width, grouping=grouping)


def decimal(header: Any, *, places: int = 2, width: int | None = None) -> Column:
    return Column(str(header), "decimal", places=places, width=width)


def percent(header: Any, *, places: int = 1, width: int | None = None) -> Column:
    """A share given as a ratio (0.25), shown as a percentage (25.0%)."""
    return Column(str(header), "percent", places=places, width=width)


def date(header: Any, *, width: int | None = None) -> Column:
    return Column(str(header), "date", width=width)


def datetime(header: Any, *, width: int | None = None) -> Column:
    return Column(str(header), "datetime", width=width)


def value(header: Any, *, width: int | None = None) -> Column:
    """A column of mixed facts: each cell typed by its value (or a `Typed` wrapper)."""
    return Column(str(header), "value", width=width)


@dataclass(frozen=True)
class Typed:
    """One cell that states its own kind, for a `value` column."""

    value: Any
    kind: Kind
    places: int = 2
    grouping: bool = True


def number_format(kind: Kind, places: int, *, grouping: bool = True) -> str:
    whole = "#,##0" if grouping else "0"
    if kind == "integer":
        return whole
    if kind == "decimal":
        return whole + "." + "0" * places if places > 0 else whole
    if kind == "percent":
        return "0." + "0" * places + "%" if places > 0 else "0%"
    if kind == "date":
        return DATE_FORMAT
    if kind == "datetime":
        return DATETIME_FORMAT
    return "General"


def _clean_text(raw: Any) -> str:
    cleaned = _ILLEGAL.sub("", str(raw))[:_CELL_LIMIT]
    return neutralise(cleaned)


def _number(raw: Any) -> int | float | Decimal | None:
    """A number from what a caller holds; None when it is not one."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, (float, Decimal)):
        return raw if math.isfinite(raw) else None
    if isinstance(raw, Fraction):
        return float(raw)
    if isinstance(raw, str):
        try:
            number = Decimal(raw.strip().replace(",", "."))
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def _infer(raw: Any) -> tuple[Kind, int]:
    """The kind of a cell of a `value` column, from its Python type."""
    if isinstance(raw, Typed):
        return raw.kind, raw.places
    if isinstance(raw, (bool, str)):
        return "text", 0
    if isinstance(raw, int):
        return "integer", 0
    if isinstance(raw, Decimal):
        exponent = raw.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return "decimal", min(places, 6)
    if isinstance(raw, (float, Fraction)):
        return "decimal", 2
    if isinstance(raw, dt.datetime):
        return "datetime", 0
    if isinstance(raw, dt.date):
        return "date", 0
    return "text", 0


@dataclass(frozen=True)
class _Cell:
    value: Any
    number_format: str | None = None
    shown: int = 0  # characters it takes on screen, for the column's width


def _convert(raw: Any, column: Column) -> _Cell:
    """What a cell holds: numbers and dates as such, keys through their labels, text
    neutralised against formulas."""
    grouping = column.grouping
    if isinstance(raw, Typed):
        kind, places, grouping = raw.kind, raw.places, raw.grouping
        raw = raw.value
    elif column.kind == "value":
        kind, places = _infer(raw)
    else:
        kind, places = column.kind, column.places
    if raw is None or raw == "":
        return _Cell(None)
    if isinstance(raw, bool):
        word = _("Yes") if raw else _("No")
        return _Cell(word, shown=len(word))
    if kind in {"integer", "decimal", "percent"}:
        number = _number(raw)
        if number is None and isinstance(raw, (float, Decimal)):
            return _Cell(None)  # not a number (NaN, infinity): left empty
        if number is None:
            shown = _clean_text(raw)
            return _Cell(shown, shown=len(shown))
        if kind == "integer" and isinstance(number, Decimal) and number == number.to_integral():
            number = int(number)
        fmt = number_format(kind, places, grouping=grouping)
        magnitude = abs(float(number)) * (100 if kind == "percent" else 1)
        digits = len(f"{magnitude:,.{places if kind != 'integer' else 0}f}") + 2
        return _Cell(number, fmt, digits)
    if kind == "datetime" and isinstance(raw, dt.datetime):
        moment = timezone.localtime(raw) if timezone.is_aware(raw) else raw
        return _Cell(moment.replace(tzinfo=None), DATETIME_FORMAT, 16)
    if kind in {"date", "datetime"} and isinstance(raw, dt.date):
        day = raw.date() if isinstance(raw, dt.datetime) else raw
        if kind == "datetime":
            return _Cell(dt.datetime.combine(day, dt.time()), DATETIME_FORMAT, 16)
        return _Cell(day, DATE_FORMAT, 10)
    if column.labels is not None:
        raw = column.labels.get(raw, raw)
    shown = _clean_text(raw)
    return _Cell(shown, shown=max((len(line) for line in shown.splitlines()), default=0))


def _sheet_title(title: str, taken: set[str]) -> str:
    base = _SHEET_TITLE_BAD.sub(" ", title).strip()[:31] or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


class Book:
    """A workbook of sheets written one after the other (write-only: each sheet streams)."""

    def __init__(self, *, title: str = "") -> None:
        from openpyxl import Workbook

        self._book = Workbook(write_only=True)
        self._book.properties.creator = "Prima"
        if title:
            self._book.properties.title = str(title)[:255]
        self._titles: set[str] = set()

    def add_sheet(
        self, title: Any, columns: Sequence[Column], rows: Iterable[Sequence[Any]]
    ) -> None:
        """A sheet: the header row, then one row per item of `rows` (as long as `columns`)."""
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        sheet = self._book.create_sheet(_sheet_title(str(title), self._titles))
        iterator = iter(rows)
        first = [self._row(row, columns) for row in islice(iterator, MEASURED_ROWS)]
        for index, column in enumerate(columns, start=1):
            widest = max([len(column.header), *(row[index - 1].shown for row in first)], default=0)
            width = column.width or min(MAX_WIDTH, max(MIN_WIDTH, widest + 2))
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        sheet.print_title_rows = "1:1"
        bold = Font(bold=True)
        header = []
        for column in columns:
            cell = WriteOnlyCell(sheet, value=_clean_text(column.header))
            cell.font = bold
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            header.append(cell)
        sheet.append(header)
        count = 0
        for row in first:
            sheet.append(self._cells(sheet, row))
            count += 1
        for raw in iterator:
            sheet.append(self._cells(sheet, self._row(raw, columns)))
            count += 1
        last = get_column_letter(max(1, len(columns)))
        sheet.auto_filter.ref = f"A1:{last}{count + 1}"

    @staticmethod
    def _row(raw: Sequence[Any], columns: Sequence[Column]) -> list[_Cell]:
        values = list(raw)
        if len(values) != len(columns):
            raise ValueError(f"a row of {len(values)} cells under {len(columns)} columns")
        return [_convert(v, c) for v, c in zip(values, columns, strict=True)]

    @staticmethod
    def _cells(sheet: Any, row: list[_Cell]) -> list[Any]:
        from openpyxl.cell import WriteOnlyCell

        out: list[Any] = []
        for cell in row:
            if cell.number_format is None:
                out.append(cell.value)
            else:
                styled = WriteOnlyCell(sheet, value=cell.value)
                styled.number_format = cell.number_format
                out.append(styled)
        return out

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self._book.save(buffer)
        return buffer.getvalue()
