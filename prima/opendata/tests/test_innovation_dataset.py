"""The innovation dataset "inovasi" (issue 23): one package, valid to Frictionless, with the
published innovations of listed units — their status as shown on the day of the build — and
the replications between them; no draft, no unlisted unit, no team member or decree."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine

from prima.innovation import actions
from prima.innovation.models import Innovation
from prima.opendata.build import build_package, editions
from prima.opendata.datasets import dataset
from prima.opendata.datasets.innovation import INNOVATION
from prima.opendata.tests.packages import assert_valid, every_text, rows

pytestmark = pytest.mark.django_db

BUILT = dt.datetime(2026, 7, 1, 5, tzinfo=dt.UTC)
TODAY = dt.date(2026, 7, 1)


def _build(folder: Path) -> Path:
    (edition,) = editions(INNOVATION)  # one package: a snapshot, not a year's
    with time_machine.travel(BUILT, tick=False):
        build_package(edition, folder, BUILT, "/data/inovasi/")
    return folder


def _register(world, unit, actor, title: str, **fields) -> Innovation:
    values = {
        "title": title,
        "summary": f"{title}: ringkasan.",
        "problem": "Antre lama.",
        "theme": "tata_kelola",
        "stage": "penerapan",
        "started_on": dt.date(2024, 1, 15),
    }
    values.update(fields)
    return actions.register_innovation(actor=actor, unit=unit, **values)


@pytest.fixture
def case(world) -> dict[str, Innovation]:
    with time_machine.travel(dt.datetime(2026, 6, 1, 3, tzinfo=dt.UTC), tick=False):
        ktp = _register(world, world.buru_dukcapil, world.abdul, "KTP Antar")
        actions.add_team_member(ktp, actor=world.abdul, name="La Ode Rahman", role="Inovator")
        ambon = _register(world, world.ambon_dukcapil, world.marthen, "KTP Antar Ambon")
        sorong = _register(
            world,
            world.sorong_dukcapil,
            world.ratna,
            "Sorong Draft",
            stage="inisiatif",
            started_on=None,
        )
        rsud = _register(world, world.buru_rsud, world.siti, "RSUD Ramah")
        for innovation in (ktp, ambon):
            actions.publish_innovation(innovation, actor=world.ratna)
        Innovation.objects.filter(pk=rsud.pk).update(is_published=True)  # unit unlisted since
        actions.record_replication(
            ktp,
            actor=world.ratna,
            adopter_unit=world.ambon_dukcapil,
            adopter_innovation=ambon,
            started_on=dt.date(2025, 3, 1),
            state="berjalan",
        )
        actions.record_replication(
            ktp,
            actor=world.ratna,
            adopter_unit=world.sorong_dukcapil,
            adopter_innovation=sorong,
            started_on=dt.date(2025, 5, 1),
        )
        actions.record_replication(
            ktp, actor=world.ratna, adopter_unit=world.buru_rsud, started_on=dt.date(2025, 6, 1)
        )
    # KTP Antar was last confirmed more than a year before the build: unknown.
    Innovation.objects.filter(pk=ktp.pk).update(status_confirmed_on=dt.date(2025, 6, 30))
    return {"ktp": ktp, "ambon": ambon, "sorong": sorong, "rsud": rsud}


def test_the_dataset_is_found_and_is_one_package(world):
    assert dataset("inovasi") is INNOVATION
    assert [e.label for e in editions(INNOVATION)] == ["all"]


def test_the_package_holds_published_innovations_and_their_replications(case, tmp_path):
    folder = _build(tmp_path / "inovasi")
    assert_valid(folder)
    ktp, ambon, sorong = case["ktp"], case["ambon"], case["sorong"]
    innovations = rows(folder, "inovasi")
    assert [r["title"] for r in innovations] == ["KTP Antar", "KTP Antar Ambon"]
    first = innovations[0]
    assert first["id"] == str(ktp.pk)
    assert (first["unit_code"], first["agency_code"], first["region_code"]) == (
        "8104-DUKCAPIL",
        "pemkab-buru",
        "81.04",
    )
    assert (first["status"], first["confirmed_status"], first["status_confirmed_on"]) == (
        "tidak_diketahui",
        "aktif",
        "2025-06-30",
    )
    assert innovations[1]["status"] == "aktif" and innovations[1]["kind"] == "replikasi"
    assert rows(folder, "replikasi") == [
        {
            "source_id": str(ktp.pk),
            "adopter_unit_code": "8171-DUKCAPIL",
            "adopter_innovation_id": str(ambon.pk),
            "started_on": "2025-03-01",
            "state": "berjalan",
        },
        {
            "source_id": str(ktp.pk),
            "adopter_unit_code": "9601-DUKCAPIL",
            "adopter_innovation_id": "",  # Sorong's entry is a draft
            "started_on": "2025-05-01",
            "state": "dirintis",
        },
    ]  # the unlisted RSUD's replication is left out
    assert sorong.pk not in {int(r["id"]) for r in innovations}


def test_no_draft_unlisted_unit_or_person_appears(case, tmp_path):
    _build(tmp_path / "inovasi")
    text = every_text(tmp_path)
    for secret in ("Sorong Draft", "RSUD Ramah", "La Ode Rahman", "abdul", "ratna"):
        assert secret not in text, secret
