"""CSV in two variants: the standard one, and one that Excel set to Indonesian opens."""

from __future__ import annotations

from decimal import Decimal

from django.http import QueryDict

from prima.lib.exports import EXCEL_ID, STANDARD, csv_lines, dialect_of, stream_csv

HEADER = ["unit", "score", "count", "note"]
ROWS = [
    ["Kab. Buru", Decimal("4.6000"), 12, "=1+1"],
    ["Kota Ambon; Maluku", 3.25, -3, "-5"],
    ["Kab. Sorong", None, 0, "ok"],
]


def _text(dialect) -> str:
    return "".join(csv_lines(HEADER, ROWS, dialect))


def test_the_standard_variant_uses_commas_and_decimal_points():
    text = _text(STANDARD)
    assert text.startswith("\ufeff")
    assert text.split("\r\n")[:4] == [
        "\ufeffunit,score,count,note",
        "Kab. Buru,4.6000,12,'=1+1",
        "Kota Ambon; Maluku,3.25,-3,'-5",
        "Kab. Sorong,,0,ok",
    ]


def test_the_excel_indonesia_variant_uses_semicolons_and_decimal_commas():
    text = _text(EXCEL_ID)
    assert text.startswith("\ufeff")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert text.split("\r\n")[:4] == [
        "\ufeffunit;score;count;note",
        "Kab. Buru;4,6000;12;'=1+1",
        '"Kota Ambon; Maluku";3,25;-3;\'-5',
        "Kab. Sorong;;0;ok",
    ]


def test_numbers_are_never_written_in_exponent_notation():
    rows = [[Decimal("0E-6"), 1e-7, Decimal("1.5E+3"), float("nan")]]
    text = "".join(csv_lines(["a", "b", "c", "d"], rows, EXCEL_ID))
    assert text.split("\r\n")[1] == "0,000000;0,0000001;1500;"


def test_the_variant_is_chosen_by_the_query_and_unknown_names_fall_back():
    assert dialect_of(QueryDict("dialect=excel-id")) is EXCEL_ID
    assert dialect_of(QueryDict("")) is STANDARD
    assert dialect_of(QueryDict("dialect=%3Bdrop")) is STANDARD


def test_the_excel_indonesia_download_says_so_in_its_file_name():
    response = stream_csv("pengaduan.csv", HEADER, ROWS, dialect=EXCEL_ID)
    assert response["Content-Disposition"] == 'attachment; filename="pengaduan-excel-id.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    assert stream_csv("x.csv", HEADER, [], dialect=STANDARD)["Content-Disposition"].endswith(
        'filename="x.csv"'
    )


def test_every_csv_link_in_the_templates_has_an_excel_indonesia_link_beside_it():
    import re
    from pathlib import Path

    import prima

    csv_link = re.compile(r"""href="[^"]*(format=csv|'csv' %\}|_csv'[^"]*%\})(?P<rest>[^"]*)\"""")
    counted = 0
    for path in Path(prima.__file__).parent.rglob("templates/**/*.html"):
        links = [m.group(0) for m in csv_link.finditer(path.read_text(encoding="utf-8"))]
        plain = [link for link in links if "dialect=excel-id" not in link]
        variant = [link for link in links if "dialect=excel-id" in link]
        assert len(plain) == len(variant), path
        counted += len(plain)
    assert counted >= 10
