"""`prima ikm` and `prima sample-size`: the contract other tools rely on."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

KEYS = [
    "persyaratan",
    "prosedur",
    "waktu",
    "biaya",
    "produk",
    "kompetensi",
    "perilaku",
    "sarpras",
    "pengaduan",
]


def _csv(
    tmp_path: Path,
    header: list[str],
    rows: list[list[object]],
    name: str = "skm.csv",
    sep: str = ",",
) -> Path:
    path = tmp_path / name
    lines = [sep.join(header)] + [
        sep.join("" if v is None else str(v) for v in row) for row in rows
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(*args: str) -> str:
    out = StringIO()
    call_command("ikm", *args, stdout=out)
    return out.getvalue()


ROWS = [
    ["Disdukcapil", "2026-S1", 4, 4, 3, 4, 3, 3, 4, 3, 2],
    ["Disdukcapil", "2026-S1", 3, 3, 3, 3, None, 3, 3, 3, 3],
    ["Disdukcapil", "2026-S2", 4, 4, 4, 4, 4, 4, 4, 4, 4],
    ["RSUD", "2026-S1", 2, 2, 2, 2, 2, 2, 2, 2, 2],
]


def test_json_output_follows_the_documented_shape(tmp_path):
    path = _csv(tmp_path, ["unit", "period", *KEYS], ROWS)
    payload = json.loads(_run(str(path), "--by", "unit,period", "--population", "50", "--json"))
    assert [g["key"] for g in payload["groups"]] == [
        {"unit": "Disdukcapil", "period": "2026-S1"},
        {"unit": "Disdukcapil", "period": "2026-S2"},
        {"unit": "RSUD", "period": "2026-S1"},
    ]
    first = payload["groups"][0]
    assert first["respondents"] == 2
    assert first["elements"]["produk"] == {"n": 1, "nrr": 3.0, "value": 75.0, "mutu": "C"}
    assert first["elements"]["pengaduan"] == {"n": 2, "nrr": 2.5, "value": 62.5, "mutu": "D"}
    assert first["ikm"] == pytest.approx(79.1666666, rel=1e-9)
    assert first["ikm_rounded"] == 79.17
    assert (first["mutu"], first["kinerja"]) == ("B", "Baik")
    assert first["sample_required"] == 44 and first["sample_met"] is False
    assert payload["groups"][1]["ikm_rounded"] == 100.0 and payload["groups"][1]["mutu"] == "A"
    assert set(first) >= {
        "key",
        "respondents",
        "elements",
        "ikm",
        "ikm_rounded",
        "mutu",
        "kinerja",
        "ci95",
        "sample_required",
        "sample_met",
    }


def test_without_by_all_rows_form_one_group_and_without_population_the_sample_is_null(tmp_path):
    path = _csv(tmp_path, ["unit", "period", *KEYS], ROWS)
    payload = json.loads(_run(str(path), "--json"))
    [group] = payload["groups"]
    assert group["key"] == {} and group["respondents"] == 4
    assert group["sample_required"] is None and group["sample_met"] is None
    low, high = group["ci95"]
    assert low <= group["ikm_rounded"] <= high


def test_u1_to_u9_headers_map_to_the_questionnaire_order(tmp_path):
    by_key = _csv(tmp_path, KEYS, [r[2:] for r in ROWS], "keys.csv")
    by_number = _csv(
        tmp_path, [f"U{i}" for i in range(1, 10)], [r[2:] for r in ROWS], "numbers.csv"
    )
    assert json.loads(_run(str(by_key), "--json")) == json.loads(_run(str(by_number), "--json"))
    # U8 is sarana dan prasarana and U9 penanganan pengaduan:
    only_u9_low = _csv(tmp_path, [f"u{i}" for i in range(1, 10)], [[4] * 8 + [1]], "u9.csv")
    elements = json.loads(_run(str(only_u9_low), "--json"))["groups"][0]["elements"]
    assert elements["pengaduan"]["nrr"] == 1.0 and elements["sarpras"]["nrr"] == 4.0


def test_semicolon_separated_csv_from_excel_is_read(tmp_path):
    path = _csv(tmp_path, KEYS, [[4] * 9, [3] * 9], sep=";")
    assert json.loads(_run(str(path), "--json"))["groups"][0]["ikm_rounded"] == 87.5


def test_xlsx_files_are_read(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["kecamatan", *KEYS])
    sheet.append(["Namlea", *[4] * 9])
    sheet.append(["Namlea", *[3.0] * 8, None])  # numbers as Excel stores them; a blank
    path = tmp_path / "skm.xlsx"
    workbook.save(path)
    [group] = json.loads(_run(str(path), "--by", "kecamatan", "--json"))["groups"]
    assert group["key"] == {"kecamatan": "Namlea"}
    assert group["elements"]["pengaduan"]["n"] == 1


def test_the_readable_table_shows_elements_ikm_and_sample(tmp_path):
    path = _csv(tmp_path, KEYS, [[4] * 9, [3] * 9])
    text = _run(str(path), "--population", "10")
    assert "U9  pengaduan" in text and "IKM 87.50 — B (Baik)" in text
    assert "NOT ENOUGH RESPONSES" in text


@pytest.mark.parametrize(
    ("cell", "shown"), [("5", "'5'"), ("x", "'x'"), ("0", "'0'"), ("2.5", "'2.5'"), ("-1", "'-1'")]
)
def test_a_bad_value_names_its_row_and_column(tmp_path, cell, shown):
    path = _csv(tmp_path, KEYS, [[4] * 9, [4, 4, cell, 4, 4, 4, 4, 4, 4]])
    with pytest.raises(CommandError) as error:
        _run(str(path), "--json")
    assert error.value.returncode == 2
    assert str(error.value) == f"row 3, column 'waktu': {shown} is not an answer from 1 to 4"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (KEYS[:-1], "no column for element pengaduan"),
        ([*KEYS, "U1"], "both 'persyaratan' and 'U1'"),
    ],
)
def test_a_header_without_every_element_is_refused(tmp_path, header, message):
    path = _csv(tmp_path, header, [[4] * len(header)])
    with pytest.raises(CommandError, match=message):
        _run(str(path))


def test_grouping_by_a_missing_column_is_refused(tmp_path):
    path = _csv(tmp_path, KEYS, [[4] * 9])
    with pytest.raises(CommandError, match="no column named unit"):
        _run(str(path), "--by", "unit")


def test_the_exit_code_is_2_and_stdout_stays_empty(tmp_path):
    path = _csv(tmp_path, KEYS, [[4] * 9, [4] * 8 + ["x"]])
    result = subprocess.run(
        [sys.executable, "-m", "prima", "ikm", str(path), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "row 3, column 'pengaduan'" in result.stderr


@pytest.mark.parametrize(
    ("population", "sample"), [("10", "10"), ("380", "191"), ("1000000", "384")]
)
def test_sample_size_prints_the_required_sample(population, sample):
    out = StringIO()
    call_command("sample-size", population, stdout=out)
    assert out.getvalue().strip() == sample
