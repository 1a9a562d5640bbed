"""The innovation registry feeds the PEKPPP innovation aspect through the evidence slots
(29.f.B creation, 30.f.B sustainability): levels at every boundary of the scales, and what a
unit's records establish."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from prima.evaluation import evidence as evaluation_evidence
from prima.innovation import evidence
from prima.innovation.evidence import Facts, creation_level, sustainability_level
from prima.innovation.models import (
    Award,
    Category,
    Competition,
    Group,
    Innovation,
    Submission,
    SustainabilityReport,
)
from prima.innovation.models.registry import months_between
from prima.test import make_world

TODAY = dt.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("stage", "months", "entered", "won", "level"),
    [
        ("inisiatif", None, False, False, 1),
        ("inisiatif", None, True, False, 1),
        ("uji_coba", 0, False, False, 2),
        ("penerapan", 11, False, False, 2),
        ("penerapan", 11, True, False, 2),  # entered, but under a year
        ("penerapan", 12, False, False, 3),
        ("penerapan", 12, True, False, 4),
        ("uji_coba", 40, True, False, 4),
        ("penerapan", 3, True, True, 5),  # a winner at any level, whatever its age
        ("inisiatif", None, False, True, 5),
    ],
)
def test_creation_level_follows_the_29_f_b_scale(stage, months, entered, won, level):
    assert creation_level(Facts(stage, months, entered, won)) == level


@pytest.mark.parametrize(
    ("rule", "funded", "facilities", "decree", "level"),
    [
        ("none", False, False, False, 0),
        ("none", True, True, True, 0),  # supports without a rule: no legal umbrella
        ("rancangan", False, False, False, 1),
        ("rancangan", True, True, False, 1),
        ("ditetapkan", False, False, False, 2),
        ("ditetapkan", True, False, False, 3),
        ("ditetapkan", False, False, True, 3),
        ("ditetapkan", True, True, False, 4),
        ("ditetapkan", False, True, True, 4),
        ("ditetapkan", True, True, True, 5),
    ],
)
def test_sustainability_level_follows_the_30_f_b_scale(rule, funded, facilities, decree, level):
    report = SustainabilityReport(
        year=2026,
        institutionalisation=rule,
        funded=funded,
        has_facilities=facilities,
        has_team_decree=decree,
    )
    assert sustainability_level(report) == level


@pytest.mark.parametrize(
    ("start", "day", "months"),
    [
        (dt.date(2025, 3, 1), dt.date(2026, 2, 28), 11),
        (dt.date(2025, 3, 1), dt.date(2026, 3, 1), 12),
        (dt.date(2025, 1, 31), dt.date(2025, 2, 28), 1),  # the month ends on the 28th
        (dt.date(2024, 1, 31), dt.date(2024, 2, 28), 0),  # a leap year: the 29th ends it
        (dt.date(2024, 1, 31), dt.date(2024, 2, 29), 1),
        (dt.date(2025, 5, 15), dt.date(2025, 5, 14), -1),
    ],
)
def test_months_between_counts_whole_calendar_months(start, day, months):
    assert months_between(start, day) == months


def make(unit, title, **fields):
    defaults = {
        "summary": "Ringkasan.",
        "problem": "Masalah.",
        "theme": "tata_kelola",
        "stage": "penerapan",
        "started_on": dt.date(2024, 1, 2),
        "status": "aktif",
        "status_confirmed_on": dt.date(2026, 6, 1),
    }
    return Innovation.objects.create(unit=unit, title=title, **{**defaults, **fields})


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture(autouse=True)
def _english():
    """The facts are read in English here (the pages show them in the reader's language)."""
    with translation.override("en"):
        yield


def test_a_unit_without_innovations_scores_zero_on_both(world):
    found = evidence.findings(world.buru_dukcapil, year=2026, today=TODAY)
    assert found["innovation.creation"].level == 0
    assert found["innovation.sustainability"].level == 0
    assert found["innovation.creation"].facts == ["No innovation registered in Prima."]


def test_an_innovation_not_confirmed_for_a_year_counts_as_not_living(world):
    item = make(world.buru_dukcapil, "Dukcapil Jemput Bola")
    day_valid = item.status_confirmed_on + dt.timedelta(days=365)
    assert (
        evidence.findings(world.buru_dukcapil, year=2026, today=day_valid)[
            "innovation.creation"
        ].level
        == 3
    )
    found = evidence.findings(
        world.buru_dukcapil, year=2026, today=day_valid + dt.timedelta(days=1)
    )
    assert found["innovation.creation"].level == 0
    assert found["innovation.creation"].facts == [
        "No living innovation.",
        "Dukcapil Jemput Bola: status not confirmed for over a year — not counted.",
    ]


def test_the_best_living_innovation_gives_the_level_and_every_one_is_named(world):
    unit = world.buru_dukcapil
    make(unit, "A Berhenti", status="berhenti")
    young = make(unit, "B Muda", started_on=dt.date(2026, 3, 1))
    old = make(unit, "C Lama", started_on=dt.date(2023, 1, 1))
    found = evidence.findings(unit, year=2026, today=TODAY)
    creation = found["innovation.creation"]
    assert creation.level == 3
    assert creation.facts == [
        "B Muda: Implementation; running 0 year(s) 8 month(s).",
        "C Lama: Implementation; running 3 year(s) 10 month(s).",
        "A Berhenti: Stopped — not counted.",
    ]
    assert ("C Lama", "innovation", str(old.pk)) in creation.links
    assert ("B Muda", "innovation", str(young.pk)) in creation.links

    competition = Competition.objects.create(
        title="KIPP 2026", year=2026, level="nasional", top_n=45
    )
    group = Group.objects.create(competition=competition, code="umum", name="Umum")
    category = Category.objects.create(competition=competition, code="a", name="A")
    Submission.objects.create(
        competition=competition,
        innovation=old,
        group=group,
        category=category,
        agency=world.buru,
        state="diajukan",
    )
    assert evidence.findings(unit, year=2026, today=TODAY)["innovation.creation"].level == 4

    Award.objects.create(
        innovation=young,
        tier="pemenang",
        title="Juara Inovasi Provinsi",
        level="provinsi",
        year=2026,
    )
    creation = evidence.findings(unit, year=2026, today=TODAY)["innovation.creation"]
    assert creation.level == 5
    assert (
        "B Muda: Implementation; running 0 year(s) 8 month(s); Juara Inovasi Provinsi (2026)."
        in creation.facts
    )


def test_sustainability_reads_the_latest_report_of_the_cycle_year_or_the_year_before(world):
    unit = world.buru_dukcapil
    item = make(unit, "Dukcapil Jemput Bola")
    assert (
        evidence.findings(unit, year=2026, today=TODAY)["innovation.sustainability"].level is None
    )

    def report(year, **fields):
        SustainabilityReport.objects.create(
            innovation=item, year=year, reported_on=dt.date(year, 5, 1), status="aktif", **fields
        )

    report(
        2024,
        institutionalisation="ditetapkan",
        funded=True,
        has_facilities=True,
        has_team_decree=True,
    )
    # 2024 is too old for a 2026 cycle.
    assert (
        evidence.findings(unit, year=2026, today=TODAY)["innovation.sustainability"].level is None
    )
    report(2025, institutionalisation="rancangan")
    report(2026, institutionalisation="ditetapkan", funded=True, legal_basis="Perbup Buru 12/2026")
    found = evidence.findings(unit, year=2026, today=TODAY)["innovation.sustainability"]
    assert found.level == 3
    assert found.facts == [
        "Dukcapil Jemput Bola, report 2026: Set by a regulation, decree or SOP "
        "(Perbup Buru 12/2026); supports: budget."
    ]


def test_the_evaluation_prefills_the_innovation_indicators_from_the_registry(world):
    make(world.buru_dukcapil, "Dukcapil Jemput Bola")
    prefill = evaluation_evidence.prefill_for(
        world.buru_dukcapil,
        year=2026,
        slots={"29.f.B": "innovation.creation", "30.f.B": "innovation.sustainability"},
        today=TODAY,
    )
    assert prefill["29.f.B"].source == "innovation"
    assert prefill["29.f.B"].level == 3
    assert prefill["30.f.B"].level is None
