"""Importing an MPP's daily figures from a file (prima.mpp.importing, `prima mpp_figures`):
whole or nothing, every problem named by row and column, the same file once."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import Workbook

from prima.mpp.models import CounterDay, FigureImport, MppDay, OfferingDay, TenantDay
from prima.mpp.tests.test_figures_aggregates import make_place

HEADER = (
    "tanggal,layanan,loket,jam,pengunjung,transaksi,menit_tunggu,menit_layanan,buka,tutup,petugas"
)
GOOD = f"""{HEADER}
2025-12-01,Administrasi Kependudukan,,8,6,5,100,40,,,
2025-12-01,Administrasi Kependudukan,,9,4,4,60,30,,,
2025-12-01,Penerbitan Kartu Keluarga,A-02,,3,3,20,15,08:00,15:00,1
2025-12-01,,A-01,,,,,,08:05,15:00,2
2025-12-01,,E-02,,,,,,,,0
"""


@pytest.fixture
def place(world):
    return make_place(world)


def run(code: str, path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("mpp_figures", "import", code, str(path), stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def nothing_stored() -> bool:
    return not (
        OfferingDay.objects.exists()
        or CounterDay.objects.exists()
        or FigureImport.objects.exists()
        or MppDay.objects.exists()
        or TenantDay.objects.exists()
    )


def test_a_good_csv_is_imported_with_hours_summed_and_aggregates(place, tmp_path):
    path = tmp_path / "antrian.csv"
    path.write_text(GOOD, encoding="utf-8")
    code, out, err = run("8171-MPP", path)
    assert code == 0, err
    assert "Imported 5 row(s): 2 service day(s), 3 counter day(s)" in out
    day = OfferingDay.objects.get(offering=place.offerings["adminduk"])
    assert (day.visitors, day.transactions, day.wait_minutes, day.service_minutes) == (
        10,
        9,
        160,
        70,
    )
    assert day.hourly[8] == 6 and day.hourly[9] == 4 and day.source == "import"
    counter = CounterDay.objects.get(counter=place.counters["A-01"])
    assert (counter.opened_at, counter.closed_at, counter.staff) == (dt.time(8, 5), dt.time(15), 2)
    record = FigureImport.objects.get()
    assert (record.rows, record.first_day, record.last_day) == (5, place_day(), place_day())
    total = MppDay.objects.get(date=place_day())
    assert (total.visitors, total.tenants, total.tenants_absent, total.counters_idle) == (
        13,
        2,
        1,
        1,
    )


def place_day() -> dt.date:
    return dt.date(2025, 12, 1)


def test_a_good_xlsx_with_spreadsheet_dates_and_times_is_imported(place, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Tanggal", "Layanan", "Pengunjung", "Transaksi", "Loket", "Buka", "Petugas"])
    sheet.append(
        [
            dt.datetime(2025, 12, 2),  # noqa: DTZ001 - a spreadsheet date
            "Layanan BPJS Kesehatan",
            7,
            7.0,
            None,
            None,
            None,
        ]
    )
    sheet.append([dt.date(2025, 12, 4), None, None, None, "E-01", dt.time(8, 30), 1])
    path = tmp_path / "antrian.xlsx"
    book.save(path)
    code, out, err = run("8171-MPP", path)
    # BPJS joined on 3 December: its figures of the 2nd are refused, so nothing is stored
    assert code == 2 and "Row 2, column Tanggal" in err and "not at the MPP" in err
    assert nothing_stored()
    sheet["A2"] = dt.datetime(2025, 12, 3)  # noqa: DTZ001 - a spreadsheet date
    book.save(path)
    code, out, err = run("8171-MPP", path)
    assert code == 0, err
    assert OfferingDay.objects.get().visitors == 7
    assert CounterDay.objects.get().opened_at == dt.time(8, 30)


BAD = [
    ("2025-13-01,Administrasi Kependudukan,,,1,1,,,,,", "Row 2, column tanggal", "not a date"),
    ("01/12/2025,Paspor,,,1,1,,,,,", "Row 2, column layanan (Paspor)", "Administrasi Kependudukan"),
    ("2025-12-01,,Z-99,,,,,,08:00,,1", "Row 2, column loket (Z-99)", "A-01"),
    ("2025-12-01,Administrasi Kependudukan,,,-3,0,,,,,", "Row 2, column pengunjung", "0 to"),
    ("2025-12-01,Administrasi Kependudukan,,,2,3,,,,,", "Row 2, column transaksi", "exceed"),
    ("2025-12-01,Administrasi Kependudukan,,24,2,1,,,,,", "Row 2, column jam", "0 to 23"),
    ("2025-12-01,,A-01,,,,,,15:00,08:00,1", "Row 2, column tutup", "closes after"),
    ("2025-12-01,,A-01,,,,,,8 pagi,,1", "Row 2, column buka", "HH:MM"),
    ("2025-12-01,,A-01,,,,,,08:00,,99", "Row 2, column petugas", "0 to 50"),
    ("2999-12-01,Administrasi Kependudukan,,,1,1,,,,,", "Row 2, column tanggal", "future"),
    ("2025-12-01,,,,,,,,,,", "Row 2", "no figure"),
]


@pytest.mark.parametrize(("row", "where", "what"), BAD)
def test_a_bad_cell_stores_nothing_and_names_row_and_column(place, tmp_path, row, where, what):
    path = tmp_path / "bad.csv"
    path.write_text(f"{HEADER}\n{row}\n", encoding="utf-8")
    code, _out, err = run("8171-MPP", path)
    assert code == 2
    assert where in err and what in err, err
    assert nothing_stored()


@pytest.mark.parametrize(
    ("content", "name", "what"),
    [
        ("layanan,pengunjung\nAdministrasi Kependudukan,3\n", "x.csv", "no column tanggal"),
        ("tanggal,pengunjung\n2025-12-01,3\n", "x.csv", "layanan (service) or loket"),
        ("", "x.csv", "empty"),
        (HEADER + "\n", "x.csv", "no rows"),
        ("%PDF-1.7 binary", "x.pdf", "expected a .csv or .xlsx"),
        ("not a workbook", "x.xlsx", "not a readable XLSX"),
    ],
)
def test_a_file_that_is_not_a_table_of_figures_stores_nothing(place, tmp_path, content, name, what):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    code, _out, err = run("8171-MPP", path)
    assert code == 2 and what in err, err
    assert nothing_stored()


def test_a_bad_row_after_good_ones_stores_nothing(place, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(GOOD + "2025-12-01,Paspor,,,1,1,,,,,\n", encoding="utf-8")
    code, _out, err = run("8171-MPP", path)
    assert code == 2 and "Row 7, column layanan" in err
    assert nothing_stored()


def test_the_same_file_twice_is_refused_and_a_new_file_replaces_a_day(place, tmp_path):
    path = tmp_path / "antrian.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert run("8171-MPP", path)[0] == 0
    code, _out, err = run("8171-MPP", path)
    assert code == 2 and "imported before" in err
    assert FigureImport.objects.count() == 1
    path.write_text(f"{HEADER}\n2025-12-01,Administrasi Kependudukan,,,20,18,,,,,\n")
    code, out, _err = run("8171-MPP", path)
    assert code == 0 and "(1 replaced)" in out
    assert OfferingDay.objects.get(offering=place.offerings["adminduk"]).visitors == 20
    assert MppDay.objects.get(date=place_day()).visitors == 23


def test_an_unknown_mpp_is_an_error(place, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("mpp_figures", "import", "0000-MPP", str(tmp_path / "x.csv"))


def test_rebuild_command_recomputes(place, tmp_path):
    path = tmp_path / "antrian.csv"
    path.write_text(GOOD, encoding="utf-8")
    run("8171-MPP", path)
    MppDay.objects.update(visitors=0)
    out = io.StringIO()
    call_command("mpp_figures", "rebuild", "--mpp", "8171-MPP", stdout=out)
    assert "Rebuilt 1 MPP day(s)" in out.getvalue()
    assert MppDay.objects.get().visitors == 13


def test_messages_are_translated_for_the_page(place):
    from prima.mpp.importing import parse_table

    with translation.override("en"):
        parsed = parse_table(
            place.mpp, ["tanggal", "layanan"], iter([(2, {"tanggal": "x"})]), today=place_day()
        )
    assert parsed.problems[0].startswith("Row 2, column tanggal (x): not a date")
