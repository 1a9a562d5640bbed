"""The workbook kit: typed columns, a bold frozen filtered header, widths, formats, labels."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from prima.lib import spreadsheets as s


def _read(book: s.Book):
    return load_workbook(io.BytesIO(book.to_bytes()))


def test_a_sheet_has_a_bold_frozen_filtered_header_and_typed_cells():
    book = s.Book(title="Test")
    book.add_sheet(
        "Results",
        [
            s.text("Unit"),
            s.integer("Rank"),
            s.decimal("Score", places=4),
            s.percent("Share"),
            s.date("Deadline"),
            s.choice("Status", [("done", "Selesai"), ("in_progress", "Sedang berjalan")]),
        ],
        [
            ["Dukcapil Buru", 1, "4.6000", Fraction(1, 4), dt.date(2026, 3, 31), "done"],
            ["RSUD Ambon", Decimal(2), Decimal("3.1250"), 0.5, None, "in_progress"],
        ],
    )
    sheet = _read(book)["Results"]
    assert [c.value for c in sheet[1]] == ["Unit", "Rank", "Score", "Share", "Deadline", "Status"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:F3"
    first = [c.value for c in sheet[2]]
    assert first[:4] + first[5:] == ["Dukcapil Buru", 1, 4.6, 0.25, "Selesai"]
    assert first[4].date() == dt.date(2026, 3, 31)
    assert sheet[3][1].value == 2 and sheet[3][5].value == "Sedang berjalan"
    formats = [c.number_format for c in sheet[2]]
    assert formats[1:5] == ["#,##0", "#,##0.0000", "0.0%", "dd/mm/yyyy"]
    assert sheet.column_dimensions["A"].width >= len("Dukcapil Buru")


def test_columns_are_as_wide_as_their_content_within_limits():
    book = s.Book()
    book.add_sheet("x", [s.text("A"), s.text("B")], [["short", "x" * 500]])
    sheet = _read(book)["x"]
    assert s.MIN_WIDTH <= sheet.column_dimensions["A"].width < 20
    assert sheet.column_dimensions["B"].width == s.MAX_WIDTH


def test_a_sheet_of_facts_types_each_value_by_itself():
    moment = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)
    book = s.Book()
    with translation.override("en"):
        book.add_sheet(
            "Summary",
            [s.text("Item"), s.value("Value")],
            [
                ("Respondents", 412),
                ("IKM", Decimal("84.25")),
                ("IKM (unrounded)", s.Typed(Fraction(2527, 30), "decimal", 4)),
                ("Sample met", True),
                ("Generated", moment),
                ("Unit", "Kab. Buru"),
                ("Year", s.Typed(2026, "integer", grouping=False)),
            ],
        )
    rows = {r[0].value: r[1] for r in _read(book)["Summary"].iter_rows(min_row=2)}
    assert rows["Respondents"].value == 412 and rows["Respondents"].number_format == "#,##0"
    assert rows["IKM"].value == 84.25 and rows["IKM"].number_format == "#,##0.00"
    assert rows["IKM (unrounded)"].number_format == "#,##0.0000"
    assert rows["IKM (unrounded)"].value == pytest.approx(2527 / 30)
    assert rows["Sample met"].value == "Yes"
    assert rows["Generated"].value == timezone.localtime(moment).replace(tzinfo=None)
    assert rows["Unit"].value == "Kab. Buru"
    assert rows["Year"].value == 2026 and rows["Year"].number_format == "0"


def test_text_is_neutralised_and_cleaned_but_numbers_are_not():
    book = s.Book()
    book.add_sheet(
        "x",
        [s.text("Note"), s.decimal("Change")],
        [['=HYPERLINK("x")\x01', Decimal("-0.25")], ["ok", float("nan")]],
    )
    sheet = _read(book)["x"]
    assert sheet[3][1].value is None  # not a number: left empty, never a broken file
    row = sheet[2]
    assert row[0].value == '\'=HYPERLINK("x")'
    assert row[1].value == -0.25


def test_a_row_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError):
        s.Book().add_sheet("x", [s.text("A")], [["a", "b"]])


def test_sheet_titles_are_made_valid_and_unique():
    book = s.Book()
    for _ in range(2):
        book.add_sheet("Rencana tindak lanjut: periode/2026 [final]", [s.text("A")], [])
    titles = _read(book).sheetnames
    assert len(titles) == 2 and len(set(titles)) == 2
    assert all(len(t) <= 31 and ":" not in t and "/" not in t for t in titles)


def test_a_long_sheet_streams_past_the_rows_measured_for_widths():
    rows = ([i, Decimal(i) / 4] for i in range(s.MEASURED_ROWS * 3))
    book = s.Book()
    book.add_sheet("x", [s.integer("n"), s.decimal("q")], rows)
    sheet = _read(book)["x"]
    assert sheet.max_row == s.MEASURED_ROWS * 3 + 1
    assert sheet.auto_filter.ref == f"A1:B{s.MEASURED_ROWS * 3 + 1}"
    assert sheet.cell(sheet.max_row, 2).number_format == "#,##0.00"
