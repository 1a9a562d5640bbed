"""The public MPP pages: only published MPPs of listed units; tenants present today, by floor;
services with their channels and what to bring (the MPP service's standard, else the home
office's); hours, closures, the SKM and complaint links; cacheable for a few minutes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from prima.mpp import place_actions as actions
from prima.mpp.models import Mpp, Tenant
from prima.mpp.tests import test_place_actions as base
from prima.registry.models import ServiceUnit
from prima.standards.models import ServiceStandard

pytestmark = pytest.mark.django_db

# The shared fixtures of the place tests (English, media in a temporary folder, the MPP).
_english = base._english
_media = base._media
place = base.place
dukcapil = base.dukcapil
mpp_unit = base.mpp_unit


@pytest.fixture
def client(settings):
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return english


def in_force(service, requirements: list[str]) -> ServiceStandard:
    return ServiceStandard.objects.create(
        service=service,
        version=1,
        status="published",
        decree_number=f"{service.pk}/2026",
        decree_date=dt.date(2026, 1, 5),
        components={"persyaratan": requirements},
    )


def page_of(client, mpp: Mpp) -> str:
    answer = client.get(reverse("mpp:detail", args=[mpp.unit.code]))
    assert answer.status_code == 200
    return answer.content.decode()


def test_an_unpublished_mpp_has_no_public_page(client, world, place):
    Mpp.objects.filter(pk=place.pk).update(is_published=False)
    assert client.get(reverse("mpp:detail", args=[place.unit.code])).status_code == 404
    assert place.unit.name not in client.get(reverse("mpp:list")).content.decode()


def test_an_mpp_of_an_unlisted_unit_has_no_public_page(client, world, place):
    ServiceUnit.objects.filter(pk=place.unit.pk).update(is_active=False)
    assert client.get(reverse("mpp:detail", args=[place.unit.code])).status_code == 404


def test_the_list_searches_by_name_and_region(client, world, place):
    assert place.unit.name in client.get(reverse("mpp:list"), {"q": "Ambon"}).content.decode()
    found = client.get(reverse("mpp:list"), {"q": "Sorong"}).content.decode()
    assert "No MPP matches this search" in found
    assert place.unit.name in client.get(reverse("mpp:list"), {"region": "81"}).content.decode()
    assert client.get(reverse("mpp:list"), {"region": "<script>", "page": "x"}).status_code == 200


def test_the_empty_list_points_to_the_directory(client, world):
    page = client.get(reverse("mpp:list")).content.decode()
    assert "No MPP has published its page yet." in page


def test_a_tenant_who_left_is_not_shown(client, world, place, dukcapil):
    today = timezone.localdate()
    gone = actions.add_tenant(
        place,
        actor=world.marthen,
        name="Bank Lama",
        kind=Tenant.Kind.BUMD,
        joined_on=today - dt.timedelta(days=30),
        left_on=today,  # left today: no longer there
    )
    actions.add_tenant(
        place,
        actor=world.marthen,
        name="Bank Baru",
        kind=Tenant.Kind.BUMD,
        joined_on=today + dt.timedelta(days=1),  # not yet
    )
    page = page_of(client, place)
    assert "Disdukcapil Kota Ambon" in page
    assert gone.name not in page
    assert "Bank Baru" not in page


def test_services_show_channels_quota_and_pre_registration(client, world, place, dukcapil):
    actions.add_offering(
        dukcapil,
        actor=world.marthen,
        new_name="Penerbitan KTP-el",
        pre_registration=True,
        registration_url="https://antrian.example.test/ktp",
        daily_quota=80,
    )
    withdrawn = actions.add_offering(dukcapil, actor=world.marthen, new_name="Legalisir Lama")
    actions.update_offering(withdrawn, actor=world.marthen, is_active=False)
    page = page_of(client, place)
    assert "Penerbitan KTP-el" in page
    assert "80 queue numbers a day" in page
    assert "https://antrian.example.test/ktp" in page
    assert "Legalisir Lama" not in page


def test_what_to_bring_comes_from_the_mpps_own_standard_first(client, world, place, dukcapil):
    offering = actions.add_offering(
        dukcapil, actor=world.marthen, new_name="Penerbitan KTP-el", home_service=world.ambon_ktp
    )
    in_force(world.ambon_ktp, ["Kartu Keluarga asli"])
    page = page_of(client, place)
    assert "Kartu Keluarga asli" in page  # fallback: the home office's standard
    assert "From the service standard of Disdukcapil Kota Ambon" in page
    in_force(offering.service, ["Surat pengantar RT"])
    page = page_of(client, place)
    assert "Surat pengantar RT" in page
    assert "Kartu Keluarga asli" not in page
    assert (
        "From the MPP&#x27;s service standard." in page
        or "From the MPP's service standard." in page
    )


def test_without_any_standard_the_page_says_to_ask(client, world, place, dukcapil):
    actions.add_offering(dukcapil, actor=world.marthen, new_name="Penerbitan KTP-el")
    assert "What to bring is not published yet" in page_of(client, place)


def test_hours_closures_location_and_the_mpps_forms(client, world, place, dukcapil):
    actions.update_mpp(place, actor=world.marthen, latitude=-3.6954, longitude=128.1814)
    actions.add_closure(
        place,
        actor=world.marthen,
        date=timezone.localdate() + dt.timedelta(days=3),
        reason="Renovasi lantai 2",
    )
    answer = client.get(reverse("mpp:detail", args=[place.unit.code]))
    page = answer.content.decode()
    assert "08.00-15.00" in page
    assert "Renovasi lantai 2" in page
    assert "mlat=-3.6954" in page and "geo:-3.6954,128.1814" in page
    assert reverse("surveys:respond", args=[place.unit.code]) in page
    assert reverse("complaints:new_for_unit", args=[place.unit.code]) in page
    assert "public" in answer["Cache-Control"] and "max-age=300" in answer["Cache-Control"]


def test_the_page_is_indonesian_by_default(world, place, dukcapil):
    page = Client().get(reverse("mpp:detail", args=[place.unit.code])).content.decode()
    assert 'lang="id"' in page
