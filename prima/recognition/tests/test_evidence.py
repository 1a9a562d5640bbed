"""The recognition evidence slots: the 13.b.K level of the criteria of the programmes
covering a unit, and the facts for 12.b.AK."""

from __future__ import annotations

import datetime as dt

import pytest

from prima.lib.evidence import Provider
from prima.recognition import actions, evidence
from prima.recognition.models import Element

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)

ALL = list(Element.values)


def _programme(world, elements, *, unit=True, open_it=True, name="Pelaksana Terbaik"):
    programme = actions.create_programme(
        actor=world.siti,
        name=name,
        agency=world.buru,
        unit=world.buru_dukcapil if unit else None,
        period="yearly",
        award_kinds=["sertifikat"],
    )
    weights = [100 // len(elements)] * len(elements) if elements else []
    if weights:
        weights[0] += 100 - sum(weights)
    for element, weight in zip(elements, weights, strict=True):
        actions.add_criterion(
            programme, actor=world.siti, element=element, title=element, weight=weight
        )
    actions.add_member(programme, actor=world.siti, user=world.siti, role="chair")
    actions.add_member(programme, actor=world.siti, user=world.abdul)
    if open_it:
        actions.open_programme(programme, actor=world.siti)
    return programme


def test_the_module_is_an_evidence_provider():
    provider: Provider = evidence
    assert set(provider.SLOTS) == {"recognition.award_criteria", "recognition.motivation"}


@pytest.mark.parametrize(
    ("elements", "level"),
    [
        (["kehadiran"], 1),
        (["kehadiran", "penampilan"], 2),
        (["kinerja", "kehadiran", "penampilan"], 3),
        (["kinerja", "kehadiran", "penampilan", "kerja_sama"], 4),
        (["kehadiran", "penampilan", "kerja_sama", "inovasi", "tanpa_pengaduan"], 4),
        (["kinerja", "kehadiran", "penampilan", "kerja_sama", "inovasi"], 5),
        (ALL, 5),
    ],
)
def test_the_criteria_level_at_the_13bK_boundaries(world, elements, level):
    _programme(world, elements)
    found = evidence.findings(world.buru_dukcapil, year=2026, today=TODAY)
    assert found["recognition.award_criteria"].level == level
    assert found["recognition.motivation"].level is None  # facts only


def test_no_programme_leaves_the_level_to_the_evaluator(world):
    found = evidence.findings(world.buru_dukcapil, year=2026, today=TODAY)
    assert found["recognition.award_criteria"].level is None
    assert "No recognition programme" in found["recognition.award_criteria"].facts[0]


def test_a_draft_does_not_count_and_an_agency_wide_programme_does(world):
    _programme(world, ALL, open_it=False)
    assert (
        evidence.findings(world.buru_dukcapil, year=2026, today=TODAY)[
            "recognition.award_criteria"
        ].level
        is None
    )
    _programme(world, ["kinerja", "kehadiran"], unit=False, name="Pegawai Teladan Pemkab")
    found = evidence.findings(world.buru_dukcapil, year=2026, today=TODAY)
    assert found["recognition.award_criteria"].level == 2
    assert found["recognition.award_criteria"].links[0][1] == "recognition_programme"


def test_another_units_programme_does_not_count(world):
    programme = _programme(world, ALL)
    assert programme.unit == world.buru_dukcapil
    found = evidence.findings(world.ambon_dukcapil, year=2026, today=TODAY)
    assert found["recognition.award_criteria"].level is None
