"""The package builder, the site's builds and the command (issue 21), on a dataset made for
the test: what Frictionless reads, what it rejects, which codes go in, and how a build
becomes the current one."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from frictionless import validate

from prima.opendata import build
from prima.opendata import schema as s
from prima.opendata.datasets import DATASETS, datasets, registry

pytestmark = pytest.mark.django_db

ROWS: dict[int, list[tuple[object, ...]]] = {}


def _rows(year: int | None) -> Iterator[tuple[object, ...]]:
    for found_year in sorted(ROWS):
        if year is None or found_year == year:
            yield from ROWS[found_year]


TOY = s.Dataset(
    name="toy",
    title="Toy",
    description="A dataset for the tests.",
    producer="Tests",
    steward="Tests",
    frequency="annual",
    theme=s.GOVERNMENT,
    keywords=("test",),
    resources=(
        s.Resource(
            "toy_counts",
            "Counts",
            "Counts per unit and year.",
            (
                s.Field("year", "Year", "year", "The year.", required=True),
                registry.unit_code(),
                s.Field("count", "Count", "integer", "How many.", required=True, minimum=0),
                s.Field("share", "Share", "number", "A share.", maximum=100),
                s.Field("on", "On", "date", "A day."),
            ),
            key=("year", "unit_code"),
            rows=_rows,
        ),
    ),
    years=lambda: sorted(ROWS),
    code_lists=(registry.COORDINATION, registry.REGIONS, registry.AGENCIES, registry.UNITS),
)


@pytest.fixture
def toy(world, monkeypatch) -> Iterator[s.Dataset]:
    ROWS.clear()
    ROWS[2025] = [(2025, "8104-DUKCAPIL", 3, Decimal("12.50"), dt.date(2025, 3, 1))]
    ROWS[2026] = [
        (2026, "8104-DUKCAPIL", 5, Decimal("100"), None),
        (2026, "8171-DUKCAPIL", 0, None, dt.date(2026, 1, 31)),
    ]
    datasets()  # every module's datasets in place first, so that the patch below is undone whole
    found = dict(DATASETS.datasets)
    monkeypatch.setattr(DATASETS, "datasets", {"toy": TOY, "registry": found["registry"]})
    yield TOY
    ROWS.clear()


def _csv(folder: Path, name: str) -> list[str]:
    return (folder / "data" / f"{name}.csv").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (0, "0"),
        (Decimal("83.250"), "83.250"),
        (Decimal("1E+2"), "100"),
        (dt.date(2026, 1, 31), "2026-01-31"),
        # A Jakarta evening is the same UTC day; a Jakarta morning is the day before in UTC.
        (
            dt.datetime(2026, 1, 31, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=7))),
            "2026-01-31T16:59:00Z",
        ),
        (
            dt.datetime(2026, 2, 1, 6, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))),
            "2026-01-31T23:00:00Z",
        ),
        ("teks, dengan koma", "teks, dengan koma"),
    ],
)
def test_cells_are_written_as_table_schema_reads_them(value, written):
    assert build.cell(value) == written


def test_each_year_and_all_years_validate_with_the_codes_they_name(toy, world, tmp_path):
    manifest = build.build(tmp_path, home="https://prima.example.go.id")
    assert list(manifest["datasets"]["toy"]) == ["2025", "2026", "all"]
    assert list(manifest["datasets"]["registry"]) == ["all"]
    for label in ("2025", "2026", "all"):
        folder = tmp_path / "toy" / label
        report = validate(str(folder / "datapackage.json"))
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # The units list holds exactly the units the rows name; regions and agencies whole.
    units_2025 = _csv(tmp_path / "toy" / "2025", registry.UNITS)
    assert [line.split(",")[0] for line in units_2025[1:]] == ["8104-DUKCAPIL"]
    units_all = _csv(tmp_path / "toy" / "all", registry.UNITS)
    assert [line.split(",")[0] for line in units_all[1:]] == ["8104-DUKCAPIL", "8171-DUKCAPIL"]
    assert len(_csv(tmp_path / "toy" / "2025", registry.REGIONS)) > 500
    assert _csv(tmp_path / "toy" / "2026", "toy_counts") == [
        "year,unit_code,count,share,on",
        "2026,8104-DUKCAPIL,5,100,",
        "2026,8171-DUKCAPIL,0,,2026-01-31",
    ]
    entry = manifest["datasets"]["toy"]["2026"]
    assert entry["temporal"] == {"start": "2026-01-01", "end": "2026-12-31"}
    assert manifest["datasets"]["toy"]["all"]["temporal"] == {
        "start": "2025-01-01",
        "end": "2026-12-31",
    }
    counts = {r["name"]: r["rows"] for r in entry["resources"]}
    assert counts["toy_counts"] == 2 and counts[registry.UNITS] == 2


def test_the_descriptor_carries_keys_licence_and_satu_data_metadata(toy, tmp_path):
    build.build(tmp_path, home="https://prima.example.go.id")
    descriptor = json.loads((tmp_path / "toy" / "2026" / "datapackage.json").read_text())
    assert descriptor["name"] == "toy-2026"
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["homepage"] == "https://prima.example.go.id/data/toy/"
    assert descriptor["produsen_data"] == "Tests" and descriptor["walidata"] == "Tests"
    assert descriptor["temporal"] == {"start": "2026-01-01", "end": "2026-12-31"}
    counts = next(r for r in descriptor["resources"] if r["name"] == "toy_counts")
    assert counts["schema"]["primaryKey"] == ["year", "unit_code"]
    assert counts["schema"]["foreignKeys"] == [
        {"fields": "unit_code", "reference": {"resource": registry.UNITS, "fields": "code"}}
    ]
    assert counts["hash"].startswith("sha256:")
    names = [r["name"] for r in descriptor["resources"]]
    assert names == [
        "toy_counts",
        registry.COORDINATION,
        registry.REGIONS,
        registry.AGENCIES,
        registry.UNITS,
    ]
    # Titles are the Indonesian interface's.
    units = next(r for r in descriptor["resources"] if r["name"] == registry.UNITS)
    assert units["title"] == "Unit layanan"
    # The zip holds the same files under the package's name.
    with zipfile.ZipFile(tmp_path / "toy" / "2026" / "toy-2026.zip") as bundle:
        assert sorted(bundle.namelist()) == sorted(
            ["toy-2026/datapackage.json"]
            + [f"toy-2026/{r['path']}" for r in descriptor["resources"]]
        )


def test_the_validator_catches_what_the_schema_forbids(toy, tmp_path):
    """The checks are real: a negative count, a duplicated key and an unknown unit each
    fail Frictionless."""
    ROWS[2026].append((2026, "8104-DUKCAPIL", -1, None, None))  # key twice, and below 0
    ROWS[2026].append((2026, "NO-SUCH-UNIT", 1, None, None))
    build.build(tmp_path)
    report = validate(str(tmp_path / "toy" / "2026" / "datapackage.json"))
    kinds = {error.type for task in report.tasks for error in task.errors}
    assert {"constraint-error", "primary-key", "foreign-key"} <= kinds


def test_a_contact_address_the_schema_rejects_is_left_out(toy, tmp_path):
    for address, expected in (
        ("prima@localhost", None),
        ("data@menpan.go.id", "data@menpan.go.id"),
    ):
        with override_settings(PRIMA_OPENDATA_CONTACT=address):
            build.build(tmp_path / address)
        descriptor = json.loads(
            (tmp_path / address / "toy" / "all" / "datapackage.json").read_text()
        )
        publisher = next(c for c in descriptor["contributors"] if c["role"] == "publisher")
        assert publisher.get("email") == expected


def test_the_registry_lists_only_what_the_public_directory_shows(toy, world, tmp_path):
    build.build(tmp_path)
    folder = tmp_path / "registry" / "all"
    assert validate(str(folder / "datapackage.json")).valid
    units = [line.split(",")[0] for line in _csv(folder, registry.UNITS)[1:]]
    assert units == ["8104-DUKCAPIL", "8171-DUKCAPIL", "9601-DUKCAPIL"]  # not the unlisted RSUD
    services = _csv(folder, registry.SERVICES)
    assert len(services) == 3 and all(",Penerbitan KTP-el," in line for line in services[1:])


def test_publishing_switches_builds_whole_and_keeps_the_one_before(toy, tmp_path):
    with override_settings(PRIMA_OPENDATA_DIR=tmp_path):
        assert build.current() is None
        first = build.publish()
        assert build.current()[0] == first.resolve()
        second = build.publish()
        third = build.publish()
        builds = sorted(p.name for p in (tmp_path / "builds").iterdir())
        assert builds == [second.name, third.name]
        assert build.current()[0] == third.resolve()
        assert not any(p.name.startswith(".current-") for p in tmp_path.iterdir())


def test_a_year_rebuild_keeps_the_other_years_of_the_current_build(toy, tmp_path):
    with override_settings(PRIMA_OPENDATA_DIR=tmp_path):
        build.publish()
        ROWS[2026].append((2026, "9601-DUKCAPIL", 7, None, None))
        ROWS[2025].append((2025, "8171-DUKCAPIL", 9, None, None))  # not rebuilt: kept as was
        root = build.publish(year=2026)
        manifest = build.current()[1]
    assert list(manifest["datasets"]["toy"]) == ["2025", "2026", "all"]
    assert len(_csv(root / "toy" / "2025", "toy_counts")) == 2  # header and the old row
    assert len(_csv(root / "toy" / "2026", "toy_counts")) == 4
    assert len(_csv(root / "toy" / "all", "toy_counts")) == 6
    report = validate(str(root / "toy" / "2025" / "datapackage.json"))
    assert report.valid


def test_the_command_refuses_a_full_folder_and_an_impossible_year(toy, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("")
    with pytest.raises(CommandError, match="not empty"):
        call_command("opendata", "build", "--out", str(tmp_path / "full"))
    with pytest.raises(CommandError, match="2026"):
        call_command("opendata", "build", "--year", "26", "--out", str(tmp_path / "y"))
    call_command("opendata", "build", "--year", "2026", "--out", str(tmp_path / "z"), verbosity=0)
    assert sorted(p.name for p in (tmp_path / "z" / "toy").iterdir()) == ["2026", "all"]
