"""The manager's dashboard page and its CSV export, through the test client: who may open
them, the empty state that teaches, the period selector, the flags on the tenants' table, and
a number of queries that does not grow with the days or tenants."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from prima.mpp.models import Counter, CounterDay, Source
from prima.mpp.tests.test_dashboard_figures import (
    hourly,
    make_mpp,
    make_tenant,
    mpp_day,
    tenant_day,
)
from prima.test import sign_in

pytestmark = pytest.mark.django_db

# 10:00 WIT on 4 December 2026 in Ambon — still 3 December at 23:30 UTC the night before.
NOW = dt.datetime(2026, 12, 4, 1, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 12, 4)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def mpp(world):
    return make_mpp(world)


def _url(mpp, name: str = "mpp_dashboard") -> str:
    return reverse(f"manage:{name}", args=[mpp.unit.code])


def _client(user) -> Client:
    client = sign_in(Client(), user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _figures(mpp) -> None:
    dukcapil = make_tenant(mpp, "Disdukcapil Kota Ambon")
    pdam = make_tenant(mpp, "=PDAM Ambon")  # a name a spreadsheet would run
    bpjs = make_tenant(mpp, "BPJS Kesehatan")
    counter = Counter.objects.create(tenant=dukcapil, code="A-02")
    for n in range(5):
        date = TODAY - dt.timedelta(days=n)
        mpp_day(
            mpp,
            date,
            visitors=40,
            transactions=36,
            wait_minutes=360,
            service_minutes=180,
            tenants=3,
            tenants_absent=1,
            counters=4,
            counters_idle=1 if n == 0 else 0,
            hourly=hourly(h8=10, h9=25, h10=5),
        )
        tenant_day(
            dukcapil,
            date,
            visitors=40,
            transactions=36,
            wait_minutes=360,
            service_minutes=180,
            counters=2,
            counters_staffed=1 if n == 0 else 2,
        )
        tenant_day(pdam, date, counters=1, counters_staffed=1)
        tenant_day(bpjs, date, counters=1, is_absent=True)
    CounterDay.objects.create(counter=counter, date=TODAY, source=Source.MANUAL)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("ratna", 200), ("yohanis", 200), ("marthen", 200), ("siti", 404), ("abdul", 404)],
)
def test_who_may_open_the_dashboard_and_its_export(world, mpp, persona, status):
    client = _client(getattr(world, persona))
    assert client.get(_url(mpp)).status_code == status
    assert client.get(_url(mpp, "mpp_dashboard_export")).status_code == status


def test_an_anonymous_visitor_is_sent_to_sign_in(mpp):
    response = Client().get(_url(mpp))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_unit_that_is_not_an_mpp_is_not_found(world):
    client = _client(world.marthen)
    url = reverse("manage:mpp_dashboard", args=[world.ambon_dukcapil.code])
    assert client.get(url).status_code == 404


def test_without_figures_the_page_teaches_how_they_arrive(world, mpp):
    make_tenant(mpp, "Disdukcapil Kota Ambon")
    response = _client(world.marthen).get(_url(mpp))
    text = response.content.decode()
    assert "No daily figures yet" in text
    assert "imported from the queue machine" in text
    assert "Tenants' activity" not in text


def test_the_page_is_in_indonesian_by_default(world, mpp):
    response = sign_in(Client(), world.marthen).get(_url(mpp))
    assert response.status_code == 200
    assert '<html lang="id"' in response.content.decode()


def test_the_dashboard_shows_figures_flags_hours_and_issues(world, mpp):
    _figures(mpp)
    response = _client(world.marthen).get(_url(mpp))
    text = response.content.decode()
    board = response.context["board"]
    assert (board.period.first, board.period.last) == (dt.date(2026, 11, 5), TODAY)
    assert board.current.visitors == 200 and board.current.average_wait == 10
    assert ">10.0<" in text and ">200<" in text  # the average wait, exact; visitors
    assert "No figures were reported from 6 October 2026 to 4 November 2026" in text
    assert "empty" in text and "often absent" in text
    assert "BPJS Kesehatan was absent on 5 days." in text
    assert "09.00–10.00" in text  # the chart and its table
    assert "A-02 (Disdukcapil Kota Ambon)" in text  # idle today
    assert "{# --- mpp:quality" not in text
    assert 'href="/manage/mpp/8171-MPP/dasbor/instansi.csv?period=30"' in text


def test_a_period_without_figures_says_when_the_latest_were(world, mpp):
    _figures(mpp)
    response = _client(world.marthen).get(_url(mpp), {"period": "2026-10"})
    assert "The latest day with figures is 4 December 2026." in response.content.decode()


@pytest.mark.parametrize(
    "period", ["", "7", "90", "2026-11", "2026-12", "x", "9999-99", "2026-11-01", "<b>"]
)
def test_no_period_asked_for_breaks_the_page(world, mpp, period):
    _figures(mpp)
    client = _client(world.marthen)
    assert client.get(_url(mpp), {"period": period, "sort": period}).status_code == 200


def test_the_export_lists_each_tenants_activity_with_neutralised_cells(world, mpp):
    _figures(mpp)
    response = _client(world.marthen).get(_url(mpp, "mpp_dashboard_export"), {"period": "7"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "mpp-8171-MPP-instansi-20261128-20261204.csv" in response["Content-Disposition"]
    with translation.override("en"):
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header, *body = rows
    assert header[0] == "\ufeffTenant"
    by_name = {row[0]: row for row in body}
    assert list(by_name) == ["Disdukcapil Kota Ambon", "'=PDAM Ambon", "BPJS Kesehatan"]
    dukcapil = dict(zip(header, by_name["Disdukcapil Kota Ambon"], strict=True))
    assert dukcapil["Visitors"] == "200" and dukcapil["Average wait (minutes)"] == "10.0"
    assert dukcapil["Counters staffed (%)"] == "90.0"
    assert by_name["BPJS Kesehatan"][-2:] == ["yes", "yes"]


def test_the_export_for_excel_in_indonesian(world, mpp):
    _figures(mpp)
    response = sign_in(Client(), world.marthen).get(
        _url(mpp, "mpp_dashboard_export"), {"period": "7", "dialect": "excel-id"}
    )
    text = b"".join(response.streaming_content).decode()
    assert "-excel-id.csv" in response["Content-Disposition"]
    assert ";200;180;" in text and ";10,0;5,0;" in text


def test_the_page_takes_as_many_queries_for_a_day_as_for_ninety(
    world, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for code, days in (("8171-MPP", 1), ("8171-MPP2", 90)):
        mpp = make_mpp(world, code)
        for n in range(days // 30 + 2):
            tenant = make_tenant(mpp, f"Tenant {n}")
            for d in range(days):
                tenant_day(tenant, TODAY - dt.timedelta(days=d), is_absent=n == 0, counters=1)
        for d in range(days):
            mpp_day(mpp, TODAY - dt.timedelta(days=d), tenants_absent=1, counters_idle=1)
        client = _client(world.marthen)
        client.get(_url(mpp))  # sessions and the like settle
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(mpp), {"period": "90"}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[1]):
        client.get(_url(mpp), {"period": "7"})
