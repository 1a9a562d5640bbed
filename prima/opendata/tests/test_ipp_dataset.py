"""The IPP dataset (issue 21): the lokus results of published PEKPPP cycles only, as the module
keeps them, with the category the instrument's table gives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import timezone, translation

from prima.evaluation import actions
from prima.evaluation.models import Cycle, Lokus
from prima.evaluation.tests.records import INSTRUMENT, new_cycle
from prima.opendata.build import Edition, build_package
from prima.opendata.datasets import dataset
from prima.opendata.datasets.ipp import ASPECTS
from prima.opendata.tests.packages import assert_valid as valid
from prima.opendata.tests.packages import rows as read_list
from prima.opendata.tests.packages import seeded_demo

pytestmark = pytest.mark.django_db

ASPECT_CODES = ("kebijakan", "sdm", "sarpras", "sipp", "pengaduan", "inovasi")


def build(folder: Path, year: int | None = None) -> Path:
    found = dataset("ipp")
    assert found is not None
    years = tuple(found.years()) if year is None else (year,)
    with translation.override("id"):
        build_package(Edition(found, year, years), folder, timezone.now(), "/data/ipp/")
    return folder


def read(folder: Path) -> list[dict[str, str]]:
    return read_list(folder, "ipp_results")


def scored(world, cycle: Cycle, units: dict, *, publish: bool = True) -> dict[str, Lokus]:
    """`units` (unit → the score of every indicator) as lokus of `cycle`, scored by Yohanis;
    the cycle taken through verification and, with `publish`, published."""
    made = {}
    for unit, value in units.items():
        lokus = actions.add_lokus(
            cycle, unit=unit, kind="administratif", mode="luring", actor=world.ratna
        )
        actions.assign(
            lokus, evaluator=world.yohanis, role="primary", level="biro", actor=world.ratna
        )
        made[unit.code] = (lokus, value)
    actions.advance(cycle, actor=world.ratna)  # self-assessment
    actions.advance(cycle, actor=world.ratna)  # scoring
    for lokus, value in made.values():
        actions.save_scores(
            lokus,
            evaluator=world.yohanis,
            scores={code: (value, "") for code in INSTRUMENT.indicators},
            actor=world.yohanis,
        )
    actions.advance(cycle, actor=world.ratna)  # verification
    if publish:
        later = timezone.localdate() + dt.timedelta(days=60)  # after the verification window
        actions.advance(cycle, actor=world.ratna, today=later)
    return {code: lokus for code, (lokus, _value) in made.items()}


def test_the_aspect_columns_are_the_instruments_six_aspects():
    assert tuple(code for code, _name, _weights in ASPECTS) == ASPECT_CODES
    fields = dataset("ipp").resource("ipp_results").field_names()
    assert fields[-6:] == [f"aspect_{code}" for code in ASPECT_CODES]


@pytest.mark.parametrize(
    ("score", "ipp", "category"),
    [
        (0, "0.00", "F"),
        (1, "1.00", "F"),  # F up to 1.00, E from 1.01 (docs/regulations.md §4.6)
        (2, "2.00", "D"),
        (3, "3.00", "C"),  # C up to 3.00, B- from 3.01
        (4, "4.00", "B"),
        (5, "5.00", "A"),
    ],
)
def test_a_lokus_row_is_its_published_result(world, tmp_path, score, ipp, category):
    cycle = new_cycle(world, year=2024)
    lokus = scored(world, cycle, {world.buru_dukcapil: score})["8104-DUKCAPIL"]
    cycle.refresh_from_db()
    folder = build(tmp_path / "2024", 2024)
    valid(folder)
    assert read(folder) == [
        {
            "cycle_id": str(cycle.pk),
            "cycle_year": "2024",
            "scheme": "nasional",
            "cycle_name": "PEKPPP 2024",
            "evaluating_agency_code": "",
            "instrument": "pekppp-2023",
            "published_at": cycle.published_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "unit_code": "8104-DUKCAPIL",
            "region_code": "81.04",
            "service_type": "administratif",
            "mode": "luring",
            "ipp": ipp,
            "category": category,
            **{f"aspect_{code}": f"{score}.0000" for code in ASPECT_CODES},
        }
    ]
    lokus.refresh_from_db()
    assert (str(lokus.ipp_rounded), lokus.category) == (ipp, category)


def test_only_published_national_cycles_and_listed_units_appear(world, tmp_path):
    published = new_cycle(world, year=2024)
    scored(world, published, {world.buru_dukcapil: 4, world.ambon_dukcapil: 3, world.buru_rsud: 5})
    provisional = new_cycle(world, year=2025, name="PEKPPP 2025")
    scored(world, provisional, {world.ambon_dukcapil: 5}, publish=False)
    mandiri = new_cycle(
        world, year=2025, scheme=Cycle.Scheme.MANDIRI, agency=world.buru, name="Mandiri Buru 2025"
    )
    scored(world, mandiri, {world.buru_dukcapil: 2})
    # The agency's own (Mandiri) results stay with its staff, as on the public picture.
    assert dataset("ipp").years() == [2024]
    folder = build(tmp_path / "all")
    valid(folder)
    rows = read(folder)
    assert [(r["cycle_id"], r["unit_code"], r["ipp"]) for r in rows] == [
        (str(published.pk), "8104-DUKCAPIL", "4.00"),
        (str(published.pk), "8171-DUKCAPIL", "3.00"),
    ]
    assert {r["scheme"] for r in rows} == {"nasional"}
    # Neither the provisional cycle nor the unlisted RSUD Namlea, not even in the code lists.
    assert "8104-RSUD" not in {r["code"] for r in read_list(folder, "unit_layanan")}
    assert read(build(tmp_path / "2025", 2025)) == []
    assert str(mandiri.pk) not in {r["cycle_id"] for r in rows}


# --- the demo -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[None]:
    """The demo, loaded once for the module inside a transaction rolled back at its end."""
    with seeded_demo(django_db_blocker, tmp_path_factory):
        yield


def test_every_package_of_the_demo_is_valid_and_holds_published_cycles_only(demo, tmp_path):
    found = dataset("ipp")
    assert found is not None
    expected = set(
        Lokus.objects.ipp()  # the Monev MPP's published results are no IPP
        .filter(
            cycle__status=Cycle.Status.PUBLISHED,
            ipp_rounded__isnull=False,
            unit__is_active=True,
            unit__agency__is_active=True,
        )
        .values_list("cycle_id", "unit__code")
    )
    assert expected, "the demo has a published cycle"
    assert Lokus.objects.exclude(cycle__status=Cycle.Status.PUBLISHED).exists()
    for year in [*found.years(), None]:
        folder = build(tmp_path / str(year), year)
        valid(folder)
        rows = {(int(r["cycle_id"]), r["unit_code"]) for r in read(folder)}
        assert rows <= expected
        if year is None:
            assert rows == expected
