"""`prima complaints import FILE [--json]`: all or nothing, exit code 2 names the bad row."""

from __future__ import annotations

import csv
import json

import pytest
from django.core.management import call_command

from prima.complaints.models import Complaint

HEADER = "received_at,unit,type,title,description,category,anonymous,name\n"
GOOD = (
    "2026-11-02T09:15:00+09:00,8104-DUKCAPIL,pengaduan,KTP-el lambat,"
    "Sudah sebulan belum jadi,administrasi-kependudukan,yes,Rahma\n"
)
GOOD2 = (
    "2026-11-03T10:00:00+07:00,8171-DUKCAPIL,aspirasi,Tambah loket,"
    "Mohon loket ditambah di pagi hari,,no,\n"
)


def test_a_good_file_is_imported_with_row_numbers_and_open311_ids(world, tmp_path, capsys):
    path = tmp_path / "lama.csv"
    path.write_text(HEADER + GOOD + GOOD2, encoding="utf-8")
    call_command("complaints", "import", str(path), "--json")
    result = json.loads(capsys.readouterr().out)
    ids = [row["id"] for row in result["imported"]]
    assert [row["row"] for row in result["imported"]] == [2, 3]
    first = Complaint.objects.get(public_id=ids[0])
    assert first.channel == "import" and first.is_anonymous and first.unit == world.buru_dukcapil
    assert first.received_at.isoformat() == "2026-11-02T00:15:00+00:00"
    assert first.due_at is not None  # the clock runs from the real receipt


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (
            "2026-11-02T09:15:00,8104-DUKCAPIL,pengaduan,Judul,"
            "Deskripsi cukup panjang sekali,,no,\n",
            "row 3, column received_at: needs its offset",
        ),
        (
            "2026-02-30T09:15:00+09:00,8104-DUKCAPIL,pengaduan,Judul,"
            "Deskripsi cukup panjang sekali,,no,\n",
            "row 3, column received_at: '2026-02-30T09:15:00+09:00' is not an ISO 8601",
        ),
        (
            "2026-11-02T09:15:00+09:00,9999-XX,pengaduan,Judul,"
            "Deskripsi cukup panjang sekali,,no,\n",
            "row 3, column unit",
        ),
        (
            "2026-11-02T09:15:00+09:00,8104-DUKCAPIL,keluhan,Judul,"
            "Deskripsi cukup panjang sekali,,no,\n",
            "row 3, column type",
        ),
        (
            "2026-11-02T09:15:00+09:00,8104-DUKCAPIL,pengaduan,Judul,"
            "Deskripsi cukup panjang sekali,,maybe,\n",
            "row 3, column anonymous",
        ),
    ],
)
def test_one_bad_row_refuses_the_whole_file_with_exit_code_2(
    world, tmp_path, capsys, bad_row, message
):
    path = tmp_path / "lama.csv"
    path.write_text(HEADER + GOOD + bad_row, encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        call_command("complaints", "import", str(path))
    assert exited.value.code == 2
    assert message in capsys.readouterr().err
    assert not Complaint.objects.exists()


def test_missing_columns_are_named(world, tmp_path, capsys):
    path = tmp_path / "lama.csv"
    path.write_text("received_at,unit\n2026-11-02T09:15:00+09:00,8104-DUKCAPIL\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("complaints", "import", str(path))
    assert "missing columns: type, title, description" in capsys.readouterr().err


# --- issue 16: the importer checks what the web form checks, with the same messages ---------
@pytest.mark.parametrize(
    ("column", "value", "field", "data"),
    [
        ("title", "T" * 201, "title", {"title": "T" * 201}),
        ("title", "Abc", "title", {"title": "Abc"}),
        ("description", "x" * 5001, "description", {"description": "x" * 5001}),
        ("description", "Terlalu pendek", "description", {"description": "Terlalu pendek"}),
        ("email", "not-an-email<script>", "email", {"email": "not-an-email<script>"}),
        ("phone", "0" * 41, "phone", {"phone": "0" * 41}),
        ("name", "R" * 151, "name", {"name": "R" * 151}),
        ("location", "J" * 301, "location", {"location": "J" * 301}),
    ],
)
def test_a_row_the_web_form_would_refuse_is_refused_with_the_forms_message(
    world, tmp_path, capsys, column, value, field, data
):
    from prima.complaints.forms import ComplaintForm

    form = ComplaintForm(data, unit=world.buru_dukcapil)
    form.is_valid()
    message = form.errors[field][0]
    row = {
        "received_at": "2026-11-02T09:15:00+09:00",
        "unit": "8104-DUKCAPIL",
        "type": "pengaduan",
        "title": "KTP-el lambat",
        "description": "Sudah sebulan belum jadi juga",
        column: value,
    }
    path = tmp_path / "lama.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
    with pytest.raises(SystemExit):
        call_command("complaints", "import", str(path))
    assert f"row 2, column {column}: {message}" in capsys.readouterr().err
    assert not Complaint.objects.exists()


def test_latitude_and_longitude_columns_are_checked_and_kept(world, tmp_path, capsys):
    path = tmp_path / "lama.csv"
    header = "received_at,unit,type,title,description,latitude,longitude\n"
    row = (
        "2026-11-02T09:15:00+09:00,8104-DUKCAPIL,pengaduan,KTP-el lambat,"
        "Sudah sebulan belum jadi juga,{},{}\n"
    )
    path.write_text(header + row.format("91", "127"), encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("complaints", "import", str(path))
    assert "row 2, column latitude:" in capsys.readouterr().err
    path.write_text(header + row.format("-3.25", "127.09"), encoding="utf-8")
    call_command("complaints", "import", str(path))
    complaint = Complaint.objects.get()
    assert (complaint.latitude, complaint.longitude) == (-3.25, 127.09)
