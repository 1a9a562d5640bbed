"""The start page at /manage/ (issue 19): each role sees what it must do next, named and
linked to where it is done, read from the readiness tables."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from prima.complaints.models import Complaint
from prima.complaints.tests.factories import file
from prima.insights import store
from prima.insights.models import UnitReadiness
from prima.registry.models import Service, ServiceUnit
from prima.standards.tests.factories import published_standard
from prima.surveys.models import Kiosk, SurveyTarget
from prima.surveys.tests.factories import make_period
from prima.test import sign_in

pytestmark = pytest.mark.django_db


def _overdue_complaint(world, **values) -> Complaint:
    complaint = file(world, **values).complaint
    Complaint.objects.filter(pk=complaint.pk).update(
        status="dispatched", due_at=timezone.now() - dt.timedelta(days=2)
    )
    return complaint


def _page(user) -> str:
    client = sign_in(Client(), user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the test reads the English words
    response = client.get(reverse("manage:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_start_page_asks_for_a_sign_in(client):
    response = client.get(reverse("manage:home"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_operator_is_told_to_open_a_survey_period_and_set_the_missing_standard(world):
    Service.objects.create(unit=world.buru_dukcapil, name="Penerbitan Akta Kelahiran")
    published_standard(world.buru_ktp)
    store.rebuild()
    html = _page(world.abdul)
    assert world.buru_dukcapil.name in html
    assert reverse("manage:survey_period_create", args=[world.buru_dukcapil.code]) in html
    assert "Penerbitan Akta Kelahiran" in html  # the service without a standard, by name
    assert reverse("manage:unit_standards", args=[world.buru_dukcapil.code]) in html
    assert reverse("manage:maklumat_edit", args=[world.buru_dukcapil.code]) in html


def test_an_operator_sees_the_sample_progress_and_the_ikm_target(world):
    period = make_period(
        world,
        starts_on=timezone.localdate() - dt.timedelta(days=10),
        ends_on=timezone.localdate() + dt.timedelta(days=20),
    )
    SurveyTarget.objects.create(unit=world.buru_dukcapil, year=timezone.localdate().year, target=82)
    store.rebuild()
    row = UnitReadiness.objects.get(unit=world.buru_dukcapil)
    assert row.skm_period_id == period.pk
    html = _page(world.abdul)
    assert reverse("manage:survey_period", args=[period.pk]) in html
    assert "82.00" in html or "82,00" in html
    assert "survey_period_create" not in html


def test_an_operator_is_shown_the_overdue_complaint_by_name_with_its_link(world):
    complaint = _overdue_complaint(world, title="Antrean KTP-el terlalu lama")
    store.rebuild()
    html = _page(world.abdul)
    assert "Antrean KTP-el terlalu lama" in html
    assert reverse("manage:complaint_detail", args=[complaint.pk]) in html


def test_an_agency_administrator_sees_which_units_lack_a_standard_and_an_skm(world):
    extra = ServiceUnit.objects.create(
        code="8104-PUSKESMAS",
        agency=world.buru,
        region=world.buru_dukcapil.region,
        kind="puskesmas",
        name="Puskesmas Namlea",
    )
    Service.objects.create(unit=extra, name="Pemeriksaan umum")
    published_standard(world.buru_ktp)
    complaint = _overdue_complaint(world, title="Loket tutup sebelum waktunya")
    store.rebuild()
    html = _page(world.siti)
    section = html.split('id="agency-')[1].split("</section>")[0]
    skm_part = section.split("without an SKM this year")[1].split("<h3>")[0]
    assert "Puskesmas Namlea" in skm_part
    assert "Loket tutup sebelum waktunya" in section
    assert reverse("manage:complaint_detail", args=[complaint.pk]) in section
    # the Puskesmas has a service with no standard; Disdukcapil's one service has one
    standards_part = section.split("without a standard in force")[1].split("<h3>")[0]
    assert "Puskesmas Namlea" in standards_part
    assert world.buru_dukcapil.name not in standards_part
    assert "Disdukcapil Kabupaten Sorong" not in html


def test_an_evaluator_sees_the_agencies_of_their_province_only(world):
    store.rebuild()
    html = _page(world.yohanis)
    assert "Pemerintah Kabupaten Buru" in html
    assert "Pemerintah Kota Ambon" in html
    assert "Pemerintah Kabupaten Sorong" not in html
    assert "The national picture" not in html


def test_the_national_administrator_sees_the_work_queue(world):
    complaint = _overdue_complaint(world, title="Pungutan liar di loket")
    Complaint.objects.filter(pk=complaint.pk).update(escalation=1)
    long_ago = timezone.now() - dt.timedelta(days=40)
    Kiosk.objects.create(
        unit=world.ambon_dukcapil, name="Loket 3", enrolled_at=long_ago, last_seen_at=long_ago
    )
    Kiosk.objects.create(
        unit=world.ambon_dukcapil, name="Loket 4", enrolled_at=long_ago, last_seen_at=timezone.now()
    )
    store.rebuild()
    html = _page(world.ratna)
    assert "The national picture" in html
    assert "Pungutan liar di loket" in html
    assert "Loket 3" in html
    assert "Loket 4" not in html
    assert reverse("manage:survey_recap") in html
    assert "Pemerintah Kabupaten Sorong" in html


def test_the_calendar_lists_what_falls_due_within_thirty_days(world):
    period = make_period(
        world,
        name="Triwulan berjalan",
        starts_on=timezone.localdate() - dt.timedelta(days=10),
        ends_on=timezone.localdate() + dt.timedelta(days=12),
    )
    store.rebuild()
    for user in (world.abdul, world.siti, world.yohanis, world.ratna):
        html = _page(user)
        calendar = html.split('id="calendar"')[1].split("</section>")[0]
        assert "Triwulan berjalan" in calendar, user
        assert reverse("manage:survey_period", args=[period.pk]) in calendar
    assert "Triwulan berjalan" not in _page(world.marthen).split('id="calendar"')[1]


def _add_units(world, prefix: str, n: int) -> None:
    for i in range(n):
        unit = ServiceUnit.objects.create(
            code=f"8104-{prefix}{i:03d}",
            agency=world.buru,
            region=world.buru_dukcapil.region,
            kind="puskesmas",
            name=f"Puskesmas {prefix}{i:03d}",
        )
        Service.objects.create(unit=unit, name="Pemeriksaan umum")
        make_period(world, unit=unit, name=f"SKM {prefix}{i:03d}")
        _overdue_complaint(world, unit=unit, title=f"Aduan {prefix}{i:03d}")
    store.rebuild()


@pytest.mark.parametrize("persona", ["siti", "yohanis", "ratna", "abdul"])
def test_the_queries_of_a_start_page_do_not_grow_with_the_units(world, persona):
    client = sign_in(Client(), getattr(world, persona))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("manage:home")).status_code == 200
        return len(queries)

    _add_units(world, "A", 2)
    count()  # the first request of a session also touches the session and the audit trail
    few = count()
    _add_units(world, "B", 20)
    assert count() == few


@pytest.mark.parametrize(
    ("deadlines", "cap", "total", "capped"), [(2, 3, 2, False), (3, 3, 3, True), (5, 3, 3, True)]
)
def test_the_calendar_count_stops_at_its_cap(world, monkeypatch, deadlines, cap, total, capped):
    from prima.insights import start
    from prima.insights.models import Deadline

    monkeypatch.setattr(start, "COUNT_CAP", cap)
    today = timezone.localdate()
    for n in range(deadlines):
        Deadline.objects.create(
            unit=world.buru_dukcapil,
            agency=world.buru,
            kind=Deadline.Kind.FKP,
            due_on=today + dt.timedelta(days=n),
            subject="",
            target="forums",
        )
    names = start.calendar(None, today=today)
    assert (names.total, names.capped) == (total, capped)
    assert len(names.rows) == min(deadlines, start.CALENDAR_ROWS)
