"""The SKM dataset (issue 21): published results only, the year a period counts in, the numbers
as the module stores them, and nothing of a flagged response or an unpublished period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import timezone, translation

from prima.opendata.build import Edition, build_package
from prima.opendata.datasets import dataset
from prima.opendata.tests.packages import assert_valid as valid
from prima.opendata.tests.packages import rows as read
from prima.opendata.tests.packages import seeded_demo
from prima.surveys import actions, submission
from prima.surveys.access import published_periods
from prima.surveys.models import ELEMENT_KEYS, PeriodResult, SurveyResponse
from prima.surveys.tests.factories import answers

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 3, 3, 3, 0, tzinfo=dt.UTC)


def build(folder: Path, year: int | None = None) -> Path:
    found = dataset("skm")
    assert found is not None
    years = tuple(found.years()) if year is None else (year,)
    with translation.override("id"):
        build_package(Edition(found, year, years), folder, timezone.now(), "/data/skm/")
    return folder


def respond(period, values, *, n: int = 1, key: str, **extra):
    made = []
    for i in range(n):
        made.append(
            submission.submit_response(
                period,
                answers=values,
                channel="web",
                submission_key=f"{key}-{i}",
                now=NOW,
                **extra,
            ).response
        )
    return made


def period(world, *, unit=None, service=None, publish=True, suggestions=False, **values):
    """A period made and (unless `publish` is False) published as the pages do."""
    made = actions.create_period(
        actor=world.abdul,
        unit=unit or world.buru_dukcapil,
        service=service,
        kind=values.pop("kind", "semester"),
        publish_suggestions=suggestions,
        **values,
    )
    if publish:
        actions.publish_results(made, actor=world.ratna)
    return made


@pytest.fixture
def records(world):
    """Kab. Buru's Disdukcapil: two semesters of 2025 and a 2025 survey of its KTP service;
    Kota Ambon: a period across the new year and an unpublished one; the unlisted RSUD
    Namlea: a published period."""
    first = period(
        world,
        name="Semester I 2025",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2025, 6, 30),
        population=20,
        suggestions=True,
    )
    second = period(
        world, name="Semester II 2025", starts_on=dt.date(2025, 7, 1), ends_on=dt.date(2025, 12, 31)
    )
    service = period(
        world,
        name="KTP-el 2025",
        kind="year",
        service=world.buru_ktp,
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2025, 12, 31),
    )
    across = period(
        world,
        unit=world.ambon_dukcapil,
        name="Desember–Januari",
        kind="custom",
        starts_on=dt.date(2025, 12, 15),
        ends_on=dt.date(2026, 1, 15),
    )
    hidden = period(
        world,
        unit=world.ambon_dukcapil,
        name="Semester I 2025",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2025, 6, 30),
        publish=False,
        suggestions=True,
    )
    unlisted = period(
        world,
        unit=world.buru_rsud,
        name="Semester I 2025",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2025, 6, 30),
    )
    # 15 answer 3 to everything; one answers 4 to all but the complaints element, left blank.
    respond(first, answers(3), n=15, key="a3")
    respond(
        first,
        {**answers(4), "pengaduan": None},
        key="a4",
        suggestion="Tolong hubungi saya di budi@example.com atau 0812-3456-7890",
    )
    # A bot's answer (flagged when stored) and one a reviewer flags afterwards.
    respond(first, answers(1), key="bot", flags=["honeypot"], suggestion="spam dari bot")
    doubtful = respond(first, answers(1), key="doubt", suggestion="dihapus peninjau")
    actions.flag_response(doubtful[0], actor=world.siti)
    respond(second, answers(4), n=2, key="b", suggestion="tidak diterbitkan")
    respond(service, answers(2), n=3, key="c")
    respond(across, answers(3), key="e")
    respond(hidden, answers(4), key="h", suggestion="belum terbit")
    respond(unlisted, answers(4), key="u")
    return {
        "first": first,
        "second": second,
        "service": service,
        "across": across,
        "hidden": hidden,
        "unlisted": unlisted,
    }


def test_the_package_of_a_year_is_valid_and_holds_exactly_its_published_periods(records, tmp_path):
    assert dataset("skm").years() == [2025, 2026]
    folder = build(tmp_path / "2025", 2025)
    valid(folder)
    ids = [int(row["period_id"]) for row in read(folder, "skm_results")]
    assert ids == [records["first"].pk, records["second"].pk, records["service"].pk]
    later = build(tmp_path / "2026", 2026)
    valid(later)
    assert [int(r["period_id"]) for r in read(later, "skm_results")] == [records["across"].pk]


def test_a_result_row_is_the_published_result_with_each_elements_nrr(records, tmp_path):
    folder = build(tmp_path / "all")
    valid(folder)
    rows = {int(r["period_id"]): r for r in read(folder, "skm_results")}
    first = records["first"]
    stored = PeriodResult.objects.get(pk=first.pk)
    first.refresh_from_db()
    # NRR 49/16 = 3.0625 (half up: 3.063) for eight elements, 45/15 for the one left blank
    # once; IKM 25 × (8 × 3.0625 + 3) / 9 = 76.388… → 76.39, mutu C (docs/regulations.md §1.6).
    assert rows[first.pk] == {
        "period_id": str(first.pk),
        "unit_code": "8104-DUKCAPIL",
        "region_code": "81.04",
        "service_id": "",
        "year": "2025",
        "period_name": "Semester I 2025",
        "period_kind": "semester",
        "starts_on": "2025-01-01",
        "ends_on": "2025-06-30",
        "method": "permenpanrb-14-2017",
        "published_at": first.results_published_at.astimezone(dt.UTC).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        ),
        "population": "20",
        "respondents": "16",
        "sample_required": "19",
        "sample_met": "false",
        "ikm": "76.39",
        "mutu": "C",
        "ci95_low": str(stored.ci_low),
        "ci95_high": str(stored.ci_high),
        "in_year_recap": "false",
        **{f"nrr_{key}": "3.063" for key in ELEMENT_KEYS if key != "pengaduan"},
        "nrr_pengaduan": "3.000",
    }
    second = rows[records["second"].pk]
    assert (second["ikm"], second["mutu"], second["respondents"]) == ("100.00", "A", "2")
    assert (second["population"], second["sample_required"], second["sample_met"]) == ("", "", "")
    service = rows[records["service"].pk]
    assert service["service_id"] == str(records["service"].service_id)
    assert (service["ikm"], service["mutu"], service["nrr_waktu"]) == ("50.00", "D", "2.000")


@pytest.mark.parametrize(
    ("name", "year", "in_recap"),
    [
        ("first", "2025", "false"),  # an earlier semester of the unit's year
        ("second", "2025", "true"),  # the whole-unit period that ends last in 2025
        ("service", "2025", "false"),  # a service's own period never stands for the unit
        ("across", "2026", "true"),  # 15 Dec 2025 – 15 Jan 2026 counts in 2026
    ],
)
def test_a_period_counts_in_the_year_of_its_last_day(records, tmp_path, name, year, in_recap):
    rows = {int(r["period_id"]): r for r in read(build(tmp_path / "all"), "skm_results")}
    row = rows[records[name].pk]
    assert (row["year"], row["in_year_recap"]) == (year, in_recap)


def test_unpublished_periods_and_unlisted_units_never_appear(records, world, tmp_path):
    folder = build(tmp_path / "all")
    ids = {int(r["period_id"]) for r in read(folder, "skm_results")}
    assert records["hidden"].pk not in ids and records["unlisted"].pk not in ids
    units = {r["code"] for r in read(folder, "unit_layanan")}
    assert units == {"8104-DUKCAPIL", "8171-DUKCAPIL"}
    # Withdrawn results leave the dataset with the next build.
    actions.publish_results(records["second"], actor=world.ratna, publish=False)
    again = {int(r["period_id"]) for r in read(build(tmp_path / "again"), "skm_results")}
    assert records["second"].pk not in again


def test_a_flagged_response_changes_neither_the_respondents_nor_the_index(records, world, tmp_path):
    first = records["first"]
    before = {int(r["period_id"]): r for r in read(build(tmp_path / "1"), "skm_results")}
    assert SurveyResponse.objects.filter(period=first, is_flagged=True).count() == 2
    respond(first, answers(1), n=3, key="more-bots", flags=["too_fast"])
    after = {int(r["period_id"]): r for r in read(build(tmp_path / "2"), "skm_results")}
    assert after[first.pk] == before[first.pk]
    assert after[first.pk]["respondents"] == "16"
    # Counted, the same answer would move both.
    counted = respond(first, answers(1), key="counted")
    moved = {int(r["period_id"]): r for r in read(build(tmp_path / "3"), "skm_results")}
    assert (moved[first.pk]["respondents"], moved[first.pk]["ikm"]) != ("16", "76.39")
    actions.flag_response(counted[0], actor=world.siti)
    flagged = {int(r["period_id"]): r for r in read(build(tmp_path / "4"), "skm_results")}
    assert flagged[first.pk] == before[first.pk]


def test_suggestions_only_where_published_masked_and_never_from_a_flagged_response(
    records, tmp_path
):
    folder = build(tmp_path / "all")
    valid(folder)
    assert read(folder, "skm_suggestions") == [
        {
            "period_id": str(records["first"].pk),
            "number": "1",
            "suggestion": "Tolong hubungi saya di •••@••• atau ••••-••••-••••",
        }
    ]
    text = "".join(p.read_text(encoding="utf-8") for p in (folder / "data").glob("*.csv"))
    for secret in ("budi@", "0812", "spam dari bot", "dihapus", "tidak diterbitkan", "belum"):
        assert secret not in text


# --- the demo -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[None]:
    """The demo, loaded once for the module inside a transaction rolled back at its end."""
    with seeded_demo(django_db_blocker, tmp_path_factory):
        yield


def test_every_package_of_the_demo_is_valid_and_holds_its_published_periods_only(demo, tmp_path):
    found = dataset("skm")
    assert found is not None
    published = set(published_periods().values_list("pk", flat=True))
    assert published, "the demo publishes SKM results"
    seen: set[int] = set()
    for year in [*found.years(), None]:
        folder = build(tmp_path / str(year), year)
        valid(folder)
        ids = {int(r["period_id"]) for r in read(folder, "skm_results")}
        assert ids <= published
        if year is None:
            assert ids == published
        seen |= ids
    assert seen == published
