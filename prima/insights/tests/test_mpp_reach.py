"""The MPP on the readiness board and in the national picture (issue 24): the MPP duty of
units of kind "mpp" at its boundaries, "not applicable" for other units, the rows the writes
keep equal to a rebuild, and the MPP panel of an area against the oracle."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from prima.insights import figures_store, national, store
from prima.insights.models import UnitReadiness
from prima.insights.readiness import DUTIES, Duty, assess
from prima.insights.tests import oracle
from prima.insights.tests.test_national_oracle import differences
from prima.insights.tests.test_readiness_store import differences as readiness_differences
from prima.insights.tests.test_readiness_store import snapshot
from prima.mpp.models import Mpp, MppDay, Offering, Tenant
from prima.mpp.tests.reach import add_day, build_mpp, mpp_unit
from prima.test import World, make_world, sign_in

NOW = dt.datetime(2026, 6, 15, 3, 0, tzinfo=dt.UTC)  # 10:00 in Jakarta
TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def live_world(db, django_capture_on_commit_callbacks) -> World:
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        return make_world()


def _write(capture, write):
    with time_machine.travel(NOW, tick=False), capture(execute=True):
        return write()


# --- the duty at its boundaries ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("figures_ago", "status", "done", "due_on"),
    [
        (None, "late", 3, None),  # never reported
        (0, "ok", 4, TODAY + dt.timedelta(days=29)),
        (29, "ok", 4, TODAY),  # the 30th day back still counts
        (30, "late", 3, None),
        (-1, "late", 3, None),  # a day dated ahead counts from its day on
    ],
)
def test_the_mpp_duty_reads_figures_of_the_last_30_days(world, figures_ago, status, done, due_on):
    place = build_mpp(world)
    if figures_ago is not None:
        add_day(place, TODAY - dt.timedelta(days=figures_ago))
    with time_machine.travel(NOW, tick=False):
        state = assess(place.mpp.unit, TODAY).duties[Duty.MPP]
    assert (state.status, state.done, state.total, state.due_on) == (status, done, 4, due_on)


@pytest.mark.parametrize(
    ("change", "status", "done"),
    [
        ("no_profile", "missing", 0),
        ("no_tenant", "late", 2),  # profile and figures; no tenant, so no service
        ("no_service", "late", 3),
        ("tenant_left_today", "late", 2),
    ],
)
def test_the_mpp_duty_needs_a_profile_a_tenant_and_a_service(world, change, status, done):
    place = build_mpp(world)
    add_day(place, TODAY)
    unit = place.mpp.unit
    if change == "no_profile":
        Mpp.objects.filter(pk=place.mpp.pk).delete()
    elif change == "no_tenant":
        Tenant.objects.filter(mpp=place.mpp).update(left_on=dt.date(2025, 1, 1))
    elif change == "no_service":
        Offering.objects.update(is_active=False)
    else:
        Tenant.objects.filter(mpp=place.mpp).update(left_on=TODAY)
    with time_machine.travel(NOW, tick=False):
        state = assess(unit, TODAY).duties[Duty.MPP]
    assert (state.status, state.done) == (status, done)


def test_other_units_have_no_mpp_duty_the_board_says_not_applicable_and_the_api_null(
    live_world, django_capture_on_commit_callbacks
):
    world = live_world
    _write(django_capture_on_commit_callbacks, lambda: build_mpp(world))
    rows = {r.unit.code: r for r in UnitReadiness.objects.select_related("unit")}
    assert Duty.MPP not in rows["8171-DUKCAPIL"].duties
    assert rows["8171-MPP"].duties[Duty.MPP]["status"] == "late"  # no figures yet
    marthen = sign_in(Client(), world.marthen)
    with time_machine.travel(NOW, tick=False):
        body = marthen.get("/api/v1/readiness/?agency=pemkot-ambon").json()
        page = marthen.get(reverse("manage:readiness_agency", args=["pemkot-ambon"]))
    units = {u["code"]: u for u in body["units"]}
    assert list(units["8171-DUKCAPIL"]["duties"]) == list(DUTIES)
    assert units["8171-DUKCAPIL"]["duties"]["mpp"] is None
    assert units["8171-MPP"]["duties"]["mpp"]["status"] == "late"
    assert page.status_code == 200 and 'class="st st-na"' in page.content.decode()


def test_mpp_writes_keep_the_readiness_rows_equal_to_a_rebuild(
    live_world, django_capture_on_commit_callbacks
):
    world, capture = live_world, django_capture_on_commit_callbacks
    place = _write(capture, lambda: build_mpp(world))
    _write(capture, lambda: add_day(place, TODAY - dt.timedelta(days=3)))
    _write(capture, lambda: Tenant.objects.get(pk=place.bpjs.pk).delete())
    offering = Offering.objects.get(pk=place.ktp.pk)
    offering.is_active = False
    _write(capture, offering.save)
    _write(capture, lambda: MppDay.objects.filter(mpp=place.mpp).delete())
    profile = Mpp.objects.get(pk=place.mpp.pk)
    profile.is_digital_pilot = True
    _write(capture, profile.save)
    with time_machine.travel(NOW, tick=False):
        incremental = snapshot()
        store.rebuild(now=NOW)
        assert readiness_differences(incremental, snapshot()) == []


def test_refresh_due_catches_figures_leaving_the_30_days(
    live_world, django_capture_on_commit_callbacks
):
    world, capture = live_world, django_capture_on_commit_callbacks
    place = _write(capture, lambda: build_mpp(world))
    _write(capture, lambda: add_day(place, TODAY - dt.timedelta(days=20)))
    _write(capture, lambda: add_day(place, TODAY + dt.timedelta(days=15)))  # dated ahead
    for days in (9, 10, 15, 16):
        later = NOW + dt.timedelta(days=days)
        with time_machine.travel(later, tick=False):
            store.refresh_due(now=later)
            refreshed = snapshot()
            store.rebuild(now=later)
            assert readiness_differences(refreshed, snapshot()) == [], days


# --- the national picture ----------------------------------------------------------------------
def _panel_mismatches(codes, today: dt.date) -> list[str]:
    raw = oracle.load(today=today)
    found = []
    for code in codes:
        for audience in ("public", "staff"):
            expected = oracle.figures(raw, code, year=2026, audience=audience)["mpp"]
            got = national.figures(code, year=2026, audience=audience)["mpp"]
            found += [f"{code} {audience}: {line}" for line in differences(expected, got)]
    return found


CODES = ("ID", "81", "81.71", "81.04", "agency:pemkot-ambon", "unit:8171-MPP", "unit:8171-MPP2")


def test_the_mpp_panel_agrees_with_the_oracle_after_writes_and_a_rebuild(
    live_world, django_capture_on_commit_callbacks
):
    world, capture = live_world, django_capture_on_commit_callbacks
    place = _write(capture, lambda: build_mpp(world, is_digital_pilot=True))
    hidden = _write(
        capture, lambda: build_mpp(world, "8171-MPP2", is_published=False, inaugurated_on=None)
    )
    _write(capture, lambda: mpp_unit(world, "8104-MPP", agency=world.buru))  # no profile
    for ago, visitors in ((0, 40), (29, 7), (30, 1000)):
        _write(capture, lambda a=ago, v=visitors: add_day(place, TODAY - dt.timedelta(days=a), v))
    _write(capture, lambda: add_day(hidden, TODAY, 11))
    with time_machine.travel(NOW, tick=False):
        assert _panel_mismatches(CODES, TODAY) == []
        ambon = national.figures("81.71", year=2026, audience="public")["mpp"]
        assert ambon == {
            "mpps": 1,
            "inaugurated": 1,
            "tenants": 2,
            "services": 2,
            "visitors_30_days": 47,
            "digital_pilots": 1,
        }
        staff = national.figures("81.71", year=2026, audience="staff")["mpp"]
        assert (staff["mpps"], staff["inaugurated"], staff["visitors_30_days"]) == (2, 1, 58)
        figures_store.rebuild(today=TODAY)
        assert _panel_mismatches(CODES, TODAY) == []
        body = Client().get("/api/v1/insights/areas/81/").json()
    assert body["figures"]["mpp"]["mpps"] == 1


@pytest.mark.parametrize("days", [1, 5, 30])
def test_the_sweep_moves_the_30_days_and_inaugurations(
    live_world, django_capture_on_commit_callbacks, days
):
    world, capture = live_world, django_capture_on_commit_callbacks
    place = _write(capture, lambda: build_mpp(world, inaugurated_on=TODAY + dt.timedelta(days=1)))
    for ago in (-1, 0, 29, 25):
        _write(capture, lambda a=ago: add_day(place, TODAY - dt.timedelta(days=a)))
    with time_machine.travel(NOW, tick=False):
        figures_store.sweep(today=TODAY)
    later = TODAY + dt.timedelta(days=days)
    with time_machine.travel(NOW + dt.timedelta(days=days), tick=False):
        figures_store.sweep(today=later)
        assert _panel_mismatches(("ID", "unit:8171-MPP"), later) == []
