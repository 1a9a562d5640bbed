"""The readiness rows on the demo: every level on the board is the F-01 pre-fill's, the rows the
seed's own writes left are the rows a rebuild gives, and Kab. Buru reads as the issue found it
(issue 19)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from prima.evaluation import evidence
from prima.insights import readiness, store
from prima.insights.models import AgencyReadiness, UnitReadiness
from prima.registry.models import ServiceUnit

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[None]:
    """The demo, loaded once for the module inside a transaction rolled back at its end; its
    writes are inside that transaction, so the rows are built by the rebuild here."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", verbosity=0)
            store.rebuild()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_every_level_on_the_board_is_the_f01_prefill(demo):
    today = timezone.localdate()
    slots = readiness.bound_slots()
    compared = 0
    for row in UnitReadiness.objects.select_related("unit"):
        prefill = evidence.prefill_for(row.unit, year=today.year, slots=slots, today=today)
        for duty, cell in row.duties.items():
            slot = readiness.SLOT_OF_DUTY[duty]
            codes = [code for code, bound in slots.items() if bound == slot]
            if not codes:
                assert cell["indicator"] == "" and cell["level"] is None
                continue
            assert cell["indicator"] == codes[0]
            assert cell["level"] == prefill[codes[0]].level, (row.unit.code, duty)
            compared += 1
    assert compared >= 9 * ServiceUnit.objects.count() - ServiceUnit.objects.count()


def test_every_unit_has_a_row_and_every_agency_sums_its_units(demo):
    assert UnitReadiness.objects.count() == ServiceUnit.objects.count()
    for agency_row in AgencyReadiness.objects.all():
        units = UnitReadiness.objects.filter(agency_id=agency_row.agency_id)
        assert agency_row.units == units.count()
        for duty in readiness.DUTIES:
            for status in store.STATUSES:
                # a duty for one kind of unit only is left out of the other units' rows
                expected = sum(r.duties.get(duty, {}).get("status") == status for r in units)
                assert agency_row.duties[duty][status] == expected


def test_a_check_after_the_rebuild_finds_nothing(demo):
    assert store.check() == []


def test_kab_buru_reads_as_the_issue_found_it(demo):
    rows = {
        r.unit.name: r
        for r in UnitReadiness.objects.filter(agency__code="pemkab-buru").select_related("unit")
    }
    assert len(rows) == 5
    without_standard = sorted(
        name for name, r in rows.items() if r.duties["standards"]["status"] == "missing"
    )
    without_skm = sorted(name for name, r in rows.items() if r.duties["skm"]["status"] == "missing")
    assert len(without_standard) == 4
    assert len(without_skm) == 4
    dukcapil = rows["Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buru"]
    assert dukcapil.duties["standards"]["status"] != "missing"
    assert dukcapil.complaints_overdue >= 1
    assert dukcapil.duties["complaints"]["status"] == "late"
