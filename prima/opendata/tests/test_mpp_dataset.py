"""The MPP dataset "mpp" (issue 24): per year of the daily figures and all, valid to
Frictionless, with the published MPPs of listed units, the tenants present and the services
offered there on the day of the build, and the daily totals; no unpublished MPP, no tenant that
left, no absent tenant's name, no agreement."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine

from prima.mpp.models import Mpp, Tenant
from prima.mpp.tests.reach import add_day, build_mpp
from prima.opendata.build import build_package, editions
from prima.opendata.datasets import dataset
from prima.opendata.datasets.mpp import MPP
from prima.opendata.tests.packages import assert_valid, every_text, rows

pytestmark = pytest.mark.django_db

BUILT = dt.datetime(2026, 7, 1, 5, tzinfo=dt.UTC)


def _build(folder: Path, label: str = "all") -> Path:
    (edition,) = [e for e in editions(MPP) if e.label == label]
    with time_machine.travel(BUILT, tick=False):
        build_package(edition, folder, BUILT, "/data/mpp/")
    return folder


@pytest.fixture
def case(world):
    place = build_mpp(world)
    Tenant.objects.filter(pk=place.gone.pk).update(agreement_number="PKS-RAHASIA-7")
    add_day(place, dt.date(2025, 12, 31), 30)
    add_day(place, dt.date(2026, 6, 1), 40, bpjs_absent=True)
    add_day(place, dt.date(2026, 6, 2), 5)  # no transactions
    hidden = build_mpp(world, "8171-MPP2", is_published=False)
    Tenant.objects.filter(pk=hidden.dukcapil.pk).update(name="Tenant Tersembunyi")
    add_day(hidden, dt.date(2024, 3, 1))
    return place


def test_the_dataset_is_found_with_a_package_per_year_of_figures_and_all(case):
    assert dataset("mpp") is MPP
    assert [e.label for e in editions(MPP)] == ["2025", "2026", "all"]  # not 2024: unpublished


def test_the_package_holds_published_mpps_tenants_services_and_daily_totals(case, tmp_path):
    folder = _build(tmp_path / "mpp")
    assert_valid(folder)
    (mpp,) = rows(folder, "mpp")
    assert (mpp["code"], mpp["agency_code"], mpp["region_code"], mpp["manager_unit_code"]) == (
        "8171-MPP",
        "pemkot-ambon",
        "81.71",
        "8171-DUKCAPIL",
    )
    assert (mpp["inaugurated_on"], mpp["is_digital_pilot"], mpp["soft_launched_on"]) == (
        "2021-10-01",
        "false",
        "",
    )
    assert [(t["name"], t["kind"]) for t in rows(folder, "mpp_tenant")] == [
        ("BPJS Kesehatan", "bumn"),
        ("Disdukcapil Kota Ambon", "opd"),
    ]
    services = rows(folder, "mpp_layanan")
    assert [
        (s["name"], s["walk_in"], s["pre_registration"], s["digital"], s["daily_quota"])
        for s in services
    ] == [
        ("Kartu Keluarga", "false", "true", "true", ""),
        ("Penerbitan KTP-el", "true", "false", "false", "80"),
    ]  # the service of the bank that left is not offered
    days = rows(folder, "mpp_harian")
    assert [d["date"] for d in days] == ["2025-12-31", "2026-06-01", "2026-06-02"]
    assert days[1] == {
        "mpp_code": "8171-MPP",
        "date": "2026-06-01",
        "visitors": "40",
        "transactions": "35",
        "wait_minutes": "420",
        "service_minutes": "245",
        "average_wait_minutes": "12.0",
        "average_service_minutes": "7.0",
        "tenants": "2",
        "tenants_absent": "1",
        "counters": "2",
        "counters_idle": "1",
    }
    assert days[2]["average_wait_minutes"] == ""


def test_a_years_package_holds_that_years_days_and_todays_profile(case, tmp_path):
    folder = _build(tmp_path / "mpp-2025", "2025")
    assert_valid(folder)
    assert [d["date"] for d in rows(folder, "mpp_harian")] == ["2025-12-31"]
    assert len(rows(folder, "mpp")) == 1


def test_an_unlisted_manager_is_left_empty(world, case, tmp_path):
    world.ambon_dukcapil.is_active = False
    world.ambon_dukcapil.save()
    folder = _build(tmp_path / "mpp")
    assert_valid(folder)
    assert rows(folder, "mpp")[0]["manager_unit_code"] == ""


def test_no_unpublished_mpp_absent_tenant_name_or_agreement_appears(case, tmp_path):
    _build(tmp_path / "mpp")
    text = every_text(tmp_path)
    for secret in ("8171-MPP2", "Tenant Tersembunyi", "PKS-RAHASIA-7", "Bank Lama", "Tabungan"):
        assert secret not in text, secret
    assert Mpp.objects.count() == 2
