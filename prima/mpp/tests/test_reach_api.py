"""The MPP endpoints of the JSON API: published MPPs to anyone, the unpublished ones of their
scope to staff; daily totals public, the absent tenants' names for staff who read the MPP."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from prima.mpp.models import Mpp
from prima.mpp.tests.reach import add_day, build_mpp, mpp_unit
from prima.test import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(world):
    return build_mpp(world)


def test_anyone_reads_a_published_mpp_with_tenants_present_and_services_offered(place):
    body = Client().get("/api/v1/mpps/").json()
    assert body["count"] == 1
    (mpp,) = body["results"]
    assert (mpp["code"], mpp["name"], mpp["region"], mpp["manager"]) == (
        "8171-MPP",
        "MPP Kota Ambon",
        "81.71",
        "8171-DUKCAPIL",
    )
    assert mpp["inaugurated_on"] == "2021-10-01" and mpp["is_digital_pilot"] is False
    assert [(t["name"], t["kind"]) for t in mpp["tenants"]] == [
        ("BPJS Kesehatan", "bumn"),
        ("Disdukcapil Kota Ambon", "opd"),
    ]  # the bank that left is not listed, nor its service
    assert [(s["name"], s["tenant"], s["channels"], s["daily_quota"]) for s in mpp["services"]] == [
        ("Kartu Keluarga", "Disdukcapil Kota Ambon", ["pre_registration", "digital"], None),
        ("Penerbitan KTP-el", "Disdukcapil Kota Ambon", ["walk_in"], 80),
    ]
    assert Client().get("/api/v1/mpps/8171-MPP/").json()["code"] == "8171-MPP"


def test_an_unpublished_mpp_is_for_staff_of_its_scope_only(world, place):
    Mpp.objects.filter(pk=place.mpp.pk).update(is_published=False)
    assert Client().get("/api/v1/mpps/").json()["count"] == 0
    assert Client().get("/api/v1/mpps/8171-MPP/").status_code == 404
    siti = sign_in(Client(), world.siti)  # Kab. Buru: not hers
    assert siti.get("/api/v1/mpps/8171-MPP/").status_code == 404
    marthen = sign_in(Client(), world.marthen)
    assert marthen.get("/api/v1/mpps/8171-MPP/").json()["is_published"] is False
    assert marthen.get("/api/v1/mpps/").json()["count"] == 1


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("", 1),
        ("region=81", 1),
        ("region=81.71", 1),
        ("region=81.04", 0),
        ("region=96", 0),
        ("q=ambon", 1),
        ("q=buru", 0),
        ("digital_pilot=true", 0),
        ("digital_pilot=false", 1),
    ],
)
def test_the_list_filters(place, query, count):
    assert Client().get(f"/api/v1/mpps/?{query}").json()["count"] == count


@pytest.mark.parametrize(
    "query",
    ["region=8", "region=81.7", "digital_pilot=yes", "regoin=81", "page_size=0"],
)
def test_a_filter_value_it_does_not_take_is_a_400(place, query):
    assert Client().get(f"/api/v1/mpps/?{query}").status_code == 400


def test_daily_figures_are_public_totals_with_averages_over_transactions(place):
    add_day(place, dt.date(2026, 6, 1), 40, bpjs_absent=True)
    add_day(place, dt.date(2026, 6, 2), 5)  # no transactions: no averages
    body = Client().get("/api/v1/mpps/8171-MPP/days/").json()
    assert body["count"] == 2
    newest, oldest = body["results"]
    assert newest["date"] == "2026-06-02"
    assert newest["average_wait_minutes"] is None and newest["transactions"] == 0
    assert oldest == {
        "date": "2026-06-01",
        "visitors": 40,
        "transactions": 35,
        "average_wait_minutes": 12.0,
        "average_service_minutes": 7.0,
        "tenants": 2,
        "tenants_absent": 1,
        "counters": 2,
        "counters_idle": 1,
        "absent_tenants": None,  # names are for staff
    }


def test_staff_who_read_the_mpp_see_which_tenants_were_absent(world, place):
    add_day(place, dt.date(2026, 6, 1), bpjs_absent=True)
    add_day(place, dt.date(2026, 6, 2))
    marthen = sign_in(Client(), world.marthen)
    days = marthen.get("/api/v1/mpps/8171-MPP/days/").json()["results"]
    assert [d["absent_tenants"] for d in days] == [[], ["BPJS Kesehatan"]]
    siti = sign_in(Client(), world.siti)
    days = siti.get("/api/v1/mpps/8171-MPP/days/").json()["results"]
    assert [d["absent_tenants"] for d in days] == [None, None]


@pytest.mark.parametrize(
    ("query", "dates"),
    [
        ("since=2026-06-02", ["2026-06-03", "2026-06-02"]),
        ("until=2026-06-01", ["2026-06-01"]),
        ("since=2026-06-02&until=2026-06-02", ["2026-06-02"]),
        ("since=2026-06-04", []),
        ("", ["2026-06-03", "2026-06-02", "2026-06-01"]),
    ],
)
def test_daily_figures_filter_by_dates_both_included(place, query, dates):
    for day in (1, 2, 3):
        add_day(place, dt.date(2026, 6, day))
    body = Client().get(f"/api/v1/mpps/8171-MPP/days/?{query}").json()
    assert [d["date"] for d in body["results"]] == dates


@pytest.mark.parametrize(
    "query",
    [
        "since=2026-13-01",
        "since=2026-06-03&until=2026-06-02",
        "from=2026-06-01",
        "until=",
        "since=",
    ],
)
def test_a_bad_date_filter_is_a_400(place, query):
    assert Client().get(f"/api/v1/mpps/8171-MPP/days/?{query}").status_code == 400


def test_an_unpublished_mpps_figures_are_a_404_to_the_public(world, place):
    add_day(place, dt.date(2026, 6, 1))
    Mpp.objects.filter(pk=place.mpp.pk).update(is_published=False)
    assert Client().get("/api/v1/mpps/8171-MPP/days/").status_code == 404
    assert Client().get("/api/v1/mpps/NOPE/days/").status_code == 404


def test_a_unit_of_kind_mpp_without_a_profile_is_not_listed(world):
    mpp_unit(world, "8104-MPP", agency=world.buru)
    assert Client().get("/api/v1/mpps/").json()["count"] == 0
