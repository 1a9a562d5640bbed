"""Regions come from the Kemendagri data package, complete, and follow it when it changes."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from prima.registry.actions import sync_regions
from prima.registry.models import Region
from prima.registry.regions_source import RegionRecord, read_regions

pytestmark = pytest.mark.django_db


def test_all_38_provinces_and_514_regencies_and_cities_are_loaded():
    assert Region.objects.filter(level=1, is_active=True).count() == 38
    assert Region.objects.filter(level=2, is_active=True).count() == 514


def test_kab_sorong_is_96_01_in_papua_barat_daya_since_2022():
    sorong = Region.objects.get(code="96.01")
    assert sorong.name == "Kabupaten Sorong"
    assert sorong.parent.name == "Papua Barat Daya"
    assert sorong.timezone == "WIT"
    assert not Region.objects.filter(code="92.01", name="Kabupaten Sorong").exists()


def test_every_regency_sits_in_the_province_its_code_names():
    for regency in Region.objects.filter(level=2).select_related("parent"):
        assert regency.parent.code == regency.code[:2]
        assert regency.timezone == regency.parent.timezone


def test_every_province_has_a_default_coordination_region():
    assert not Region.objects.filter(level=1, coordination_region__isnull=True).exists()
    assert Region.objects.get(code="17").coordination_region.code == "I"  # Bengkulu
    assert Region.objects.get(code="81").coordination_region.code == "III"  # Maluku
    assert Region.objects.get(code="92").coordination_region.code == "III"  # Papua Barat


@pytest.mark.parametrize(
    ("code", "display"),
    [("81", "Provinsi Maluku"), ("81.04", "Kab. Buru"), ("81.71", "Kota Ambon")],
)
def test_regions_are_named_as_officials_write_them(code, display):
    assert Region.objects.get(code=code).display_name == display


def test_sync_with_the_same_package_changes_nothing():
    report = sync_regions(actor=None)
    assert report.unchanged


def _records_with(change):
    records = read_regions()
    return change(records)


def test_sync_renames_adds_and_retires_and_keeps_history():
    def change(records):
        out = []
        for r in records:
            if r.code == "81.04":
                r = RegionRecord(
                    r.code, "Kabupaten Buru Baru", r.level, r.kind, r.parent_code, r.timezone
                )
            if r.code == "81.06":
                continue  # disappears from the source
            out.append(r)
        out.append(RegionRecord("81.99", "Kabupaten Contoh", 2, "kabupaten", "81", "WIT"))
        return out

    report = sync_regions(actor=None, records=_records_with(change))
    assert report.renamed == [("81.04", "Kabupaten Buru", "Kabupaten Buru Baru")]
    assert report.created == ["81.99"]
    assert report.retired == ["81.06"]
    retired = Region.objects.get(code="81.06")
    assert not retired.is_active  # kept, so records pointing at it stay valid
    latest = Region.objects.get(code="81.04").history.latest()
    assert latest.history_change_reason == "updated from the Kemendagri region codes"

    # The region comes back when the source has it again.
    assert sync_regions(actor=None).restored == ["81.06"]


def test_a_dry_run_reports_without_writing():
    records = [r for r in read_regions() if r.code != "81.04"]
    report = sync_regions(actor=None, records=records, dry_run=True)
    assert report.retired == ["81.04"]
    assert Region.objects.get(code="81.04").is_active


def test_sync_regions_command_says_when_regions_are_up_to_date(capsys):
    call_command("sync_regions", "--dry-run")
    assert "up to date" in capsys.readouterr().out
