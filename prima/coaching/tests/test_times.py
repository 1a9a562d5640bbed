"""An event's times are in its own zone — the zone of the province where it is held (for an
online event, the province of its participants), else of the organising province — with the
label WIB, WITA or WIT, and the viewer's zone beside it when it differs (issue 16, item 12: a
Maluku event showed "07:00 – 11:00" against an agenda starting 09.00)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone, translation

from prima.accounts.models import Role
from prima.coaching import actions, documents, queries
from prima.coaching.models import Event
from prima.coaching.tests.test_flow import _as, event_form, move_to_past
from prima.registry.models import Agency, CoordinationRegion, Region
from prima.test import make_user

WIB, WITA, WIT = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura")
ZONES = {"WIB": WIB, "WITA": WITA, "WIT": WIT}

# A province in each zone and the provinces on both sides of every border between zones
# (Keppres 41/1987; prima/registry/timezones.py): Jawa Timur | Bali; Kalimantan Tengah |
# Kalimantan Selatan; Kalimantan Barat | Kalimantan Utara and Timur; Sulawesi Utara | Maluku
# Utara; Sulawesi Tenggara | Maluku; Nusa Tenggara Timur | Maluku; Papua Barat Daya, the
# newest province, at the eastern end.
BORDERS = [
    ("11", "WIB", "+07:00"),  # Aceh
    ("35", "WIB", "+07:00"),  # Jawa Timur
    ("51", "WITA", "+08:00"),  # Bali
    ("61", "WIB", "+07:00"),  # Kalimantan Barat
    ("62", "WIB", "+07:00"),  # Kalimantan Tengah
    ("63", "WITA", "+08:00"),  # Kalimantan Selatan
    ("64", "WITA", "+08:00"),  # Kalimantan Timur
    ("65", "WITA", "+08:00"),  # Kalimantan Utara
    ("53", "WITA", "+08:00"),  # Nusa Tenggara Timur
    ("71", "WITA", "+08:00"),  # Sulawesi Utara
    ("74", "WITA", "+08:00"),  # Sulawesi Tenggara
    ("81", "WIT", "+09:00"),  # Maluku
    ("82", "WIT", "+09:00"),  # Maluku Utara
    ("96", "WIT", "+09:00"),  # Papua Barat Daya
]


def published_event(world, *, start: dt.datetime, hours: float = 4, **where: object) -> Event:
    """An online bimtek on the SKM, organised and held `where` (Event fields), published with
    Buru and Ambon invited."""
    event = actions.create_event(
        actor=world.ratna,
        topics=["skm"],
        title="Bimtek SKM Provinsi Maluku",
        kind=Event.Kind.BIMTEK,
        mode=Event.Mode.ONLINE,
        meeting_link="https://zoom.example/j/1",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
        agenda="09.00 Pembukaan\n09.15 Menyusun sampel",
        **where,
    )
    actions.invite(event, actor=world.ratna, agencies=[world.buru, world.ambon])
    actions.publish_event(event, actor=world.ratna)
    return event


def wilayah_event(world, *, start: dt.datetime, hours: float = 4) -> Event:
    """The ministry's Wilayah III holds an online event for the participants of Maluku."""
    return published_event(
        world,
        start=start,
        hours=hours,
        coordination_region=CoordinationRegion.objects.get(code="III"),
        venue_province=Region.objects.get(code="81"),
    )


def shown(response) -> str:
    """The page's text as a reader sees it: no tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split()).replace(" )", ")")


def next_year_at(hour: int, zone: ZoneInfo) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=30)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=zone)


# --- where the zone comes from ---------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(("code", "zone", "offset"), BORDERS)
def test_a_province_event_keeps_the_provinces_zone_on_the_page_and_in_the_api(
    client, world, code, zone, offset
):
    start = next_year_at(9, ZONES[zone])
    event = published_event(world, start=start, province=Region.objects.get(code=code))
    assert event.zone == zone

    _as(client, world.ratna)
    page = shown(client.get(reverse("manage:coaching_event", args=[event.pk])))
    assert f"09.00–13.00 {zone}" in page
    # The ministry reads it in Jakarta too, when that differs.
    jakarta = 9 - (int(offset[1:3]) - 7)
    beside = f"({jakarta:02d}.00–{jakarta + 4:02d}.00 WIB)"
    assert (beside in page) == (zone != "WIB")

    data = client.get(f"/api/v1/coaching/events/{event.pk}/").json()
    assert data["timezone"] == zone
    assert data["starts_at"].endswith(f"T09:00:00{offset}")
    assert data["ends_at"].endswith(f"T13:00:00{offset}")
    assert dt.datetime.fromisoformat(data["starts_at"]) == start


@pytest.mark.django_db
def test_an_event_held_elsewhere_keeps_the_zone_of_its_venue(world):
    """Provinsi Maluku holds a workshop in Jakarta: Jakarta's time."""
    event = published_event(
        world,
        start=next_year_at(9, WIB),
        province=Region.objects.get(code="81"),
        venue_province=Region.objects.get(code="31"),
    )
    assert event.zone == "WIB"
    assert event.local_start.hour == 9


@pytest.mark.django_db
def test_an_event_of_a_coordination_region_needs_the_province_it_is_held_in(client, world):
    _as(client, world.ratna)
    response = client.post(reverse("manage:coaching_event_new"), event_form(venue_province=""))
    assert response.status_code == 200
    assert not Event.objects.exists()
    assert "Choose the province where the event is held" in response.content.decode()


# --- the form --------------------------------------------------------------------------------
@pytest.mark.django_db
def test_times_typed_on_the_form_are_in_the_events_zone(client, world):
    """An organiser in Jakarta creating an Ambon event types 09:00, meaning 09:00 WIT."""
    _as(client, world.ratna)
    form = client.get(reverse("manage:coaching_event_new")).content.decode()
    assert "Maluku (WIT)" in form and "Bali (WITA)" in form and "Aceh (WIB)" in form
    assert "time zone of the province where it is held" in form

    day = timezone.localdate() + dt.timedelta(days=30)
    response = client.post(
        reverse("manage:coaching_event_new"),
        event_form(
            venue_province="81",
            starts_at=f"{day:%Y-%m-%d}T09:00",
            ends_at=f"{day:%Y-%m-%d}T13:00",
        ),
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.starts_at == dt.datetime.combine(day, dt.time(9), tzinfo=WIT)
    assert event.ends_at == dt.datetime.combine(day, dt.time(13), tzinfo=WIT)

    # Editing shows the times as typed, in the event's zone, and says which zone.
    edit = client.get(reverse("manage:coaching_event_edit", args=[event.pk])).content.decode()
    assert f'value="{day:%Y-%m-%d}T09:00"' in edit
    assert "Starts (WIT)" in edit

    # A province organiser's event keeps the province's zone when no venue is chosen.
    response = client.post(
        reverse("manage:coaching_event_edit", args=[event.pk]),
        event_form(
            organiser="p:51",
            venue_province="",
            starts_at=f"{day:%Y-%m-%d}T09:00",
            ends_at=f"{day:%Y-%m-%d}T13:00",
        ),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.zone == "WITA"
    assert event.starts_at == dt.datetime.combine(day, dt.time(9), tzinfo=WITA)


# --- what each viewer sees -------------------------------------------------------------------
@pytest.mark.django_db
def test_the_maluku_event_shows_wit_and_beside_it_the_viewers_own_zone(client, world):
    event = wilayah_event(world, start=next_year_at(9, WIT))
    url = reverse("manage:coaching_event", args=[event.pk])

    # The ministry in Jakarta: 09.00–13.00 WIT, and 07.00–11.00 WIB beside it.
    _as(client, world.ratna)
    page = shown(client.get(url))
    assert "09.00–13.00 WIT (07.00–11.00 WIB)" in page

    # Kab. Buru, in Maluku, keeps the same zone: nothing beside it.
    _as(client, world.siti)
    page = shown(client.get(url))
    assert "09.00–13.00 WIT" in page and "WIB" not in page

    # A regency in Bali sees WITA beside it.
    badung = Agency.objects.create(
        code="pemkab-badung",
        name="Pemerintah Kabupaten Badung",
        kind="pemerintah_kabupaten",
        region=Region.objects.get(code="51.03"),
    )
    actions.invite(event, actor=world.ratna, agencies=[badung])
    _as(client, make_user("made", role=Role.AGENCY_ADMIN, agency=badung))
    page = shown(client.get(url))
    assert "09.00–13.00 WIT (08.00–12.00 WITA)" in page

    # The participants' page, for anyone: the event's zone alone.
    client.logout()
    public = shown(client.get(reverse("coaching:event", args=[event.token])))
    assert "09.00–13.00 WIT" in public and "WIB" not in public


@pytest.mark.django_db
def test_the_events_list_gives_the_date_and_time_in_the_events_zone(client, world):
    """00.30 WIT on the 13th is still the 12th in Jakarta: the list says the 13th."""
    day = timezone.localdate() + dt.timedelta(days=30)
    wilayah_event(world, start=dt.datetime.combine(day, dt.time(0, 30), tzinfo=WIT), hours=2)
    _as(client, world.siti)
    page = shown(client.get(reverse("manage:coaching_events")))
    assert f"{day.day} {day:%b} {day.year} 00.30 WIT" in page


@pytest.mark.parametrize(
    ("membership", "zone"),
    [
        ({"role": Role.NATIONAL_ADMIN}, "WIB"),  # the ministry, in Jakarta
        ({"role": Role.EVALUATOR}, "WIB"),  # a national evaluator
        ({"role": Role.EVALUATOR, "region": "81"}, "WIT"),
        ({"role": Role.EVALUATOR, "region": "51"}, "WITA"),
        ({"role": Role.AGENCY_ADMIN, "agency": "pemkab-buru"}, "WIT"),
        ({"role": Role.UNIT_OPERATOR, "unit": "8104-DUKCAPIL"}, "WIT"),
        ({"role": Role.AGENCY_ADMIN, "agency": "kemenpanrb"}, "WIB"),  # a ministry
    ],
)
@pytest.mark.django_db
def test_the_viewers_zone_is_the_zone_of_their_own_organisation(world, membership, zone):
    from prima.registry.models import ServiceUnit

    Agency.objects.create(code="kemenpanrb", name="Kementerian PANRB", kind="kementerian")
    scope = dict(membership)
    if "region" in scope:
        scope["region"] = Region.objects.get(code=scope["region"])
    if "agency" in scope:
        scope["agency"] = Agency.objects.get(code=scope["agency"])
    if "unit" in scope:
        scope["unit"] = ServiceUnit.objects.get(code=scope["unit"])
    user = make_user("viewer", **scope)
    assert queries.viewer_zone(user) == zone


def test_an_anonymous_visitor_has_no_zone_of_their_own():
    assert queries.viewer_zone(AnonymousUser()) is None


# --- exports, documents, the year ------------------------------------------------------------
@pytest.mark.django_db
def test_the_participant_list_and_the_certificate_use_the_events_zone(client, world):
    # 00.30 WIT on New Year's Day 2025: in Jakarta (and in UTC) still 2024.
    start = dt.datetime(2025, 1, 1, 0, 30, tzinfo=WIT)
    event = wilayah_event(world, start=next_year_at(9, WIT))
    person = actions.register(
        event, actor=world.siti, agency=world.buru, name="Maria Sahetapy", position="Analis"
    )
    move_to_past(event, start=start)
    actions.check_in(event, actor=None, code=person.code, now=start + dt.timedelta(minutes=5))
    person.refresh_from_db()
    assert person.certificate_number.endswith("/2025")

    _as(client, world.ratna)
    response = client.get(reverse("manage:coaching_participants_csv", args=[event.pk]))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0]["attended_at"] == "2025-01-01T00:35+09:00"
    with translation.override("id"):
        assert documents.certificate_dates(event) == "1 Januari 2025"


@pytest.mark.django_db
def test_the_year_of_an_event_is_the_year_in_its_own_zone(client, world):
    """New Year's Day, 06.00 WIT, is still New Year's Eve in Jakarta."""
    event = wilayah_event(world, start=next_year_at(9, WIT))
    move_to_past(event, start=dt.datetime(2021, 1, 1, 6, tzinfo=WIT))
    assert client.get("/api/v1/coaching/events/?year=2021").json()["count"] == 1
    assert client.get("/api/v1/coaching/events/?year=2020").json()["count"] == 0
    assert queries.event_years() == [2021]
