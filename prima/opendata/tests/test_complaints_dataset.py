"""The complaints dataset (issue 21): valid packages on the demo, exact counts for a small case
made with the complaint module's own actions at the rules' boundaries — an answer exactly at
the deadline and one a working day late, a month's last second and the next month's first in
Jakarta, a month of K-1 complaints and one of K — and no secret report, no complainant's name,
e-mail or phone anywhere in a package."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from prima.complaints import actions, workflow
from prima.complaints.models import Complaint, Identity
from prima.complaints.tests.factories import file
from prima.opendata.build import Edition, build_package, editions
from prima.opendata.datasets import dataset
from prima.opendata.datasets.complaints import COMPLAINTS, MIN_COUNT
from prima.opendata.tests.packages import assert_valid as _assert_valid
from prima.opendata.tests.packages import every_text as _every_text
from prima.opendata.tests.packages import rows as _rows
from prima.opendata.tests.packages import seeded_demo

pytestmark = pytest.mark.django_db

WIT = ZoneInfo("Asia/Jayapura")  # Kab. Buru and Kota Ambon keep WIT
WIB = ZoneInfo("Asia/Jakarta")
BUILT = dt.datetime(2027, 2, 1, 1, 0, tzinfo=dt.UTC)
ANSWER = "Terima kasih, KTP-el Anda sudah dapat diambil di loket 2."
UNIT_MONTHLY, AGENCY_MONTHLY = "complaint_monthly", "agency_complaint_monthly"
COUNTS = (
    "suppressed",
    "received",
    "answered",
    "answered_on_time",
    "closed",
    "median_hours_to_first_answer",
)
SUPPRESSED = dict.fromkeys(COUNTS, "") | {"suppressed": "true"}
SECRET = {
    "title": "Pungutan liar di loket akta",
    "description": "Petugas loket meminta uang tambahan untuk akta kelahiran.",
    "identity": {
        "name": "Saksi Tersembunyi",
        "email": "saksi.tersembunyi@example.test",
        "phone": "0813-9999-0001",
    },
}


def _build(folder: Path) -> dict[str, Path]:
    """Every package of the dataset (each year and all), by label."""
    built = {}
    for edition in editions(COMPLAINTS):
        built[edition.label] = folder / edition.label
        build_package(edition, built[edition.label], BUILT, "/data/complaints/")
    return built


def _shown(*counts: str) -> dict[str, str]:
    """A month's counts as published when not suppressed, in the order of COUNTS."""
    return dict(zip(COUNTS, ("false", *counts), strict=True))


# --- the demo -------------------------------------------------------------------------------
@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[dict[str, Path]]:
    """The demo, seeded once for the class inside a transaction rolled back at its end (before
    the small cases below, which make their own world), and the complaints packages built
    from it."""
    with seeded_demo(django_db_blocker, tmp_path_factory):
        yield _build(tmp_path_factory.mktemp("complaints"))


class TestDemo:
    """On the demo, seeded once for these tests."""

    def test_the_dataset_is_found(self, demo):
        assert dataset("complaints") is COMPLAINTS

    def test_every_demo_package_is_valid_frictionless(self, demo):
        assert "all" in demo and len(demo) >= 2  # a year's and the whole
        for folder in demo.values():
            _assert_valid(folder)

    def test_the_demo_months_are_all_suppressed_below_k(self, demo):
        rows = _rows(demo["all"], UNIT_MONTHLY) + _rows(demo["all"], AGENCY_MONTHLY)
        assert rows
        # The demo has a handful of complaints per unit and month: only the flag is shown.
        for row in rows:
            assert row["suppressed"] == "true"
            assert row["received"] == row["answered"] == row["answered_on_time"] == ""

    def test_no_secret_complaint_or_identity_of_the_demo_appears(self, demo):
        secret = Complaint.objects.filter(is_secret=True)
        assert secret.exists()
        text = _every_text(demo["all"].parent)
        for complaint in secret:
            assert complaint.title not in text and complaint.public_id not in text
        identities = Identity.objects.all()
        assert identities.exists()
        for identity in identities:
            for value in (identity.name, identity.email, identity.phone, identity.address):
                assert not value or value not in text, value


# --- a small case at the boundaries ---------------------------------------------------------
def _answered(world, *, received, dispatched, answered, accept=False, **values) -> Complaint:
    """Filed (at `received`), verified and dispatched to Buru's Disdukcapil, answered; then
    accepted by the complainant when `accept` — each step at its moment."""
    complaint = file(world, at=received, **values).complaint
    with time_machine.travel(dispatched, tick=False):
        complaint = actions.verify(complaint, actor=world.siti, unit=world.buru_dukcapil)
    with time_machine.travel(answered, tick=False):
        complaint = actions.respond(complaint, actor=world.abdul, role=workflow.UNIT, answer=ANSWER)
    if accept:
        with time_machine.travel(answered + dt.timedelta(hours=1), tick=False):
            complaint = actions.accept(complaint, actor=None, rating=4)
    return complaint


@pytest.fixture
def november(world):
    """November 2026 at Disdukcapil Kab. Buru (WIT): five public complaints, a secret one and
    one archived as abuse; one to Buru's unlisted RSUD; and the first second of December in
    Jakarta."""
    monday = dt.datetime(2026, 11, 23, 10, tzinfo=WIT)
    wednesday = dt.datetime(2026, 11, 25, 14, tzinfo=WIT)
    due = dt.datetime(2026, 12, 2, 23, 59, 59, tzinfo=WIT)  # 5 working days after dispatch
    at_deadline = _answered(world, received=monday, dispatched=wednesday, answered=due)
    late = _answered(
        world, received=monday, dispatched=wednesday, answered=due + dt.timedelta(days=1)
    )
    _answered(
        world,
        received=monday,
        dispatched=monday + dt.timedelta(hours=2),
        answered=monday + dt.timedelta(hours=24),
        accept=True,
    )
    file(world, at=dt.datetime(2026, 11, 2, 8, tzinfo=WIT))
    # 23:59:59 on 30 November in Jakarta is already 1 December in Buru: November's.
    file(world, at=dt.datetime(2026, 11, 30, 23, 59, 59, tzinfo=WIB))
    # Not counted: a secret report (answered on time) and one archived as abuse.
    _answered(world, received=monday, dispatched=wednesday, answered=due, is_secret=True, **SECRET)
    abuse = file(world, at=monday).complaint
    with time_machine.travel(wednesday, tick=False):
        actions.archive(abuse, actor=world.siti, reason="Iklan obat", abuse=True)
    # Nor one to a unit not listed publicly (RSUD Namlea).
    file(world, at=monday, unit=world.buru_rsud)
    # The first second of December in Jakarta: December's.
    file(world, at=dt.datetime(2026, 12, 1, 0, 0, 0, tzinfo=WIB))
    return {"at_deadline": at_deadline, "late": late}


def test_the_first_answer_is_on_time_at_the_deadline_and_late_a_working_day_after(november):
    in_time = {
        c: c.events.get(action="responded").detail["in_time"]
        for c in (november["at_deadline"], november["late"])
    }
    assert in_time == {november["at_deadline"]: True, november["late"]: False}


def test_a_units_months_are_counted_by_the_modules_rules(november, tmp_path):
    built = _build(tmp_path)
    assert set(built) == {"2026", "all"}
    # Hours to the first answer: 229 (at the deadline), 253 (a working day late), 24.
    unit = {"unit_code": "8104-DUKCAPIL", "agency_code": "pemkab-buru", "region_code": "81.04"}
    expected = [
        {**unit, "month": "2026-11", **_shown("5", "3", "2", "1", "229.0")},
        {**unit, "month": "2026-12", **SUPPRESSED},
    ]
    for folder in built.values():
        assert _rows(folder, UNIT_MONTHLY) == expected
        assert _rows(folder, AGENCY_MONTHLY) == []
        _assert_valid(folder)


def test_no_secret_complaint_or_complainant_appears_in_any_file(november, world, tmp_path):
    # A month with only a secret complaint has no row at all; a year with only one, no package.
    file(world, at=dt.datetime(2026, 10, 5, 9, tzinfo=WIT), is_secret=True, **SECRET)
    file(world, at=dt.datetime(2025, 3, 5, 9, tzinfo=WIT), is_secret=True, **SECRET)
    built = _build(tmp_path)
    assert set(built) == {"2026", "all"}
    months = {r["month"] for r in _rows(built["all"], UNIT_MONTHLY)}
    assert months == {"2026-11", "2026-12"}
    text = _every_text(tmp_path)
    secret = Complaint.objects.filter(is_secret=True)
    assert secret.count() == 3
    for complaint in secret:
        assert complaint.public_id not in text
    for value in [SECRET["title"], SECRET["description"], *SECRET["identity"].values()]:
        assert value not in text
    # Nor anyone who filed a counted complaint (the factory's complainant).
    for value in ("Ibu Rahma", "rahma@example.test", "0812345678"):
        assert value not in text


@pytest.mark.parametrize(
    ("count", "suppressed"), [(1, True), (MIN_COUNT - 1, True), (MIN_COUNT, False)]
)
def test_a_month_below_k_complaints_shows_none_of_its_counts(world, tmp_path, count, suppressed):
    received = dt.datetime(2027, 1, 11, 9, tzinfo=WIT)
    for _ in range(count):
        file(world, at=received, agency=world.ambon, unit=world.ambon_dukcapil)
    (row,) = _rows(_build(tmp_path)["all"], UNIT_MONTHLY)
    counts = {name: row[name] for name in COUNTS}
    # Suppressed: the zeros too, so an empty count says nothing a subtraction could use.
    assert counts == (SUPPRESSED if suppressed else _shown(str(MIN_COUNT), "0", "0", "0", ""))


def test_complaints_to_an_agency_without_a_unit_count_by_the_year_in_jakarta(world, tmp_path):
    # 23:59:59 on New Year's Eve in Jakarta is 16:59:59 UTC; 00:00 on New Year's Day is 17:00.
    for _ in range(MIN_COUNT):
        file(world, at=dt.datetime(2025, 12, 31, 23, 59, 59, tzinfo=WIB), unit=None)
    file(world, at=dt.datetime(2026, 1, 1, 0, 0, 0, tzinfo=WIB), unit=None)
    assert COMPLAINTS.years() == [2025, 2026]
    built = _build(tmp_path)
    assert set(built) == {"2025", "2026", "all"}
    base = {"agency_code": "pemkab-buru", "region_code": "81.04"}
    december = {**base, "month": "2025-12", **_shown(str(MIN_COUNT), "0", "0", "0", "")}
    january = {**base, "month": "2026-01", **SUPPRESSED}
    assert _rows(built["2025"], AGENCY_MONTHLY) == [december]
    assert _rows(built["2026"], AGENCY_MONTHLY) == [january]
    assert _rows(built["all"], AGENCY_MONTHLY) == [december, january]
    assert _rows(built["all"], UNIT_MONTHLY) == []
    for folder in built.values():
        _assert_valid(folder)


def test_the_descriptor_says_which_columns_are_keys_and_codes(world, tmp_path):
    file(world, at=dt.datetime(2026, 6, 1, 9, tzinfo=WIT))
    build_package(Edition(COMPLAINTS, None, (2026,)), tmp_path, BUILT, "/data/complaints/")
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    unit = resources[UNIT_MONTHLY]["schema"]
    assert unit["primaryKey"] == ["unit_code", "month"]
    assert {fk["fields"] for fk in unit["foreignKeys"]} == {
        "unit_code",
        "agency_code",
        "region_code",
    }
    month = next(f for f in unit["fields"] if f["name"] == "month")
    assert month["type"] == "yearmonth"
    assert resources[AGENCY_MONTHLY]["schema"]["primaryKey"] == ["agency_code", "month"]
    assert {"wilayah", "instansi", "unit_layanan", "wilayah_koordinasi"} <= set(resources)
