"""`prima complaints import FILE [--json]`: all or nothing, exit code 2 names the bad row."""

from __future__ import annotations

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
            "2026-11-02T09:15:00,8104-DUKCAPIL,pengaduan,Judul,Deskripsi panjang,,no,\n",
            "row 3, column received_at: needs its offset",
        ),
        (
            "2026-11-02T09:15:00+09:00,9999-XX,pengaduan,Judul,Deskripsi panjang,,no,\n",
            "row 3, column unit",
        ),
        (
            "2026-11-02T09:15:00+09:00,8104-DUKCAPIL,keluhan,Judul,Deskripsi panjang,,no,\n",
            "row 3, column type",
        ),
        (
            "2026-11-02T09:15:00+09:00,8104-DUKCAPIL,pengaduan,Judul,Deskripsi panjang,,maybe,\n",
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
