"""The MPP place's writes (prima.mpp.place_actions): the profile's dates in order, tenants that
leave after joining, counters and services offered — each refusal says why, and every change
leaves a history entry naming who acted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from prima.mpp import place_actions as actions
from prima.mpp.models import Mpp, Offering, Tenant
from prima.registry.models import Service, ServiceUnit

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def mpp_unit(world, code: str = "8171-MPP") -> ServiceUnit:
    return ServiceUnit.objects.create(
        code=code,
        agency=world.ambon,
        region=world.ambon_dukcapil.region,
        kind=ServiceUnit.Kind.MPP,
        name="Mal Pelayanan Publik Kota Ambon",
        address="Jl. Sultan Hairun, Ambon",
        opening_hours=[{"day": d, "opens": "08:00", "closes": "15:00"} for d in range(5)],
    )


@pytest.fixture
def place(world) -> Mpp:
    """The MPP of Kota Ambon, managed by the city's DPMPTSP, published."""
    unit = mpp_unit(world)
    dpmptsp = ServiceUnit.objects.create(
        code="8171-DPMPTSP",
        agency=world.ambon,
        region=unit.region,
        kind=ServiceUnit.Kind.DPMPTSP,
        name="DPMPTSP Kota Ambon",
    )
    return actions.create_mpp(unit, actor=world.marthen, manager=dpmptsp, is_published=True)


@pytest.fixture
def dukcapil(world, place) -> Tenant:
    """Disdukcapil Kota Ambon at the MPP since 2024, home office registered."""
    return actions.add_tenant(
        place,
        actor=world.marthen,
        name="Disdukcapil Kota Ambon",
        kind=Tenant.Kind.REGIONAL,
        home_unit=world.ambon_dukcapil,
        joined_on=D(2024, 1, 2),
        floor="Lantai 1",
    )


def reasons(record) -> list[str]:
    return [h.history_change_reason for h in record.history.order_by("history_date", "history_id")]


# --- the profile ----------------------------------------------------------------------------
def test_creating_the_profile_records_who_did_it(world, place):
    entry = place.history.get()
    assert entry.history_user == world.marthen
    assert entry.history_change_reason == "MPP profile created"


def test_only_a_unit_of_kind_mpp_gets_a_profile(world):
    with pytest.raises(ValidationError, match="Mal Pelayanan Publik"):
        actions.create_mpp(world.ambon_dukcapil, actor=world.marthen)


def test_a_unit_gets_one_profile(world, place):
    with pytest.raises(ValidationError, match="already has an MPP profile"):
        actions.create_mpp(place.unit, actor=world.marthen)


@pytest.mark.parametrize(
    ("proposed", "soft", "inaugurated", "field", "message"),
    [
        (D(2021, 1, 1), D(2020, 12, 31), None, "soft_launched_on", "soft launch cannot come"),
        (D(2021, 1, 1), None, D(2020, 12, 31), "inaugurated_on", "inauguration cannot come"),
        (None, D(2021, 6, 1), D(2021, 5, 31), "inaugurated_on", "before the soft launch"),
        (D(2021, 1, 1), D(2021, 6, 1), D(2021, 5, 31), "inaugurated_on", "soft launch"),
    ],
)
def test_dates_out_of_order_are_refused_beside_their_field(
    world, place, proposed, soft, inaugurated, field, message
):
    with pytest.raises(ValidationError) as caught:
        actions.update_mpp(
            place,
            actor=world.marthen,
            proposed_on=proposed,
            soft_launched_on=soft,
            inaugurated_on=inaugurated,
        )
    assert message in " ".join(caught.value.message_dict[field])


@pytest.mark.parametrize(
    ("proposed", "soft", "inaugurated"),
    [
        (D(2021, 1, 1), D(2021, 1, 1), D(2021, 1, 1)),  # the same day is fine
        (D(2021, 1, 1), D(2021, 3, 1), D(2021, 6, 1)),
        (None, None, D(2021, 6, 1)),
        (D(2021, 1, 1), None, None),
    ],
)
def test_dates_in_order_are_saved_with_history(world, place, proposed, soft, inaugurated):
    actions.update_mpp(
        place,
        actor=world.ratna,
        proposed_on=proposed,
        soft_launched_on=soft,
        inaugurated_on=inaugurated,
    )
    place.refresh_from_db()
    assert place.inaugurated_on == inaugurated
    assert reasons(place)[-1] == "MPP profile edited"
    assert place.history.first().history_user == world.ratna


def test_latitude_needs_a_longitude(world, place):
    with pytest.raises(ValidationError) as caught:
        actions.update_mpp(place, actor=world.marthen, latitude=-3.69, longitude=None)
    assert "both latitude and longitude" in str(caught.value)


def test_the_managing_unit_is_of_the_mpps_region(world, place):
    with pytest.raises(ValidationError) as caught:
        actions.update_mpp(place, actor=world.marthen, manager=world.buru_dukcapil)
    assert "own region" in " ".join(caught.value.message_dict["manager"])


def test_managers_offered_are_of_the_region_dpmptsp_first(world, place):
    choices = list(actions.manager_choices(place.unit))
    assert choices[0].code == "8171-DPMPTSP"
    assert world.buru_dukcapil not in choices
    assert place.unit not in choices


# --- closures -------------------------------------------------------------------------------
def test_a_closure_is_recorded_in_the_mpps_history(world, place):
    actions.add_closure(place, actor=world.marthen, date=D(2030, 1, 2), reason="Renovasi")
    assert reasons(place)[-1] == "closure on 2030-01-02 added"
    with pytest.raises(ValidationError, match="already recorded"):
        actions.add_closure(place, actor=world.marthen, date=D(2030, 1, 2), reason="Lagi")
    with pytest.raises(ValidationError, match="Say why"):
        actions.add_closure(place, actor=world.marthen, date=D(2030, 1, 3), reason="  ")
    actions.remove_closure(place.closures.get(), actor=world.ratna)
    assert not place.closures.exists()
    assert reasons(place)[-1] == "closure on 2030-01-02 removed"


# --- tenants --------------------------------------------------------------------------------
def test_a_tenant_takes_its_home_units_agency(world, dukcapil):
    assert dukcapil.agency == world.ambon
    assert reasons(dukcapil) == ["tenant added"]


@pytest.mark.parametrize(
    ("left", "ok"),
    [(D(2024, 1, 1), False), (D(2024, 1, 2), True), (D(2025, 6, 30), True), (None, True)],
)
def test_a_tenant_leaves_on_or_after_joining(world, dukcapil, left, ok):
    if ok:
        actions.update_tenant(dukcapil, actor=world.marthen, left_on=left)
        assert reasons(dukcapil)[-1] == "tenant edited"
    else:
        with pytest.raises(ValidationError) as caught:
            actions.update_tenant(dukcapil, actor=world.marthen, left_on=left)
        assert "cannot leave before it joined" in " ".join(caught.value.message_dict["left_on"])


def test_two_tenants_of_one_mpp_have_different_names(world, place, dukcapil):
    with pytest.raises(ValidationError) as caught:
        actions.add_tenant(
            place,
            actor=world.marthen,
            name="DISDUKCAPIL kota ambon",
            kind=Tenant.Kind.REGIONAL,
            joined_on=D(2024, 1, 2),
        )
    assert "already has a tenant" in " ".join(caught.value.message_dict["name"])


# --- counters -------------------------------------------------------------------------------
def test_a_counter_is_on_its_tenants_floor_unless_told(world, dukcapil):
    counter = actions.add_counter(dukcapil, actor=world.marthen, code="A-01")
    assert counter.floor == "Lantai 1"
    assert reasons(dukcapil)[-1] == "counter A-01 added"
    with pytest.raises(ValidationError, match="already has a counter"):
        actions.add_counter(dukcapil, actor=world.marthen, code="a-01")
    actions.update_counter(counter, actor=world.marthen, is_active=False)
    assert reasons(dukcapil)[-1] == "counter A-01 edited"


# --- services offered -----------------------------------------------------------------------
def test_a_new_service_is_created_for_the_mpps_unit(world, place, dukcapil):
    offering = actions.add_offering(
        dukcapil,
        actor=world.marthen,
        new_name="Penerbitan KTP-el",
        new_kind="administratif",
        home_service=world.ambon_ktp,
        daily_quota=100,
    )
    assert offering.service.unit == place.unit
    assert offering.home_service == world.ambon_ktp
    assert reasons(dukcapil)[-1] == "service Penerbitan KTP-el offered"
    with pytest.raises(ValidationError, match="already has a service with this name"):
        actions.add_offering(dukcapil, actor=world.marthen, new_name="penerbitan ktp-el")
    with pytest.raises(ValidationError, match="already offered"):
        actions.add_offering(dukcapil, actor=world.marthen, service=offering.service)


def test_an_existing_service_of_the_mpp_can_be_offered(world, place, dukcapil):
    service = Service.objects.create(unit=place.unit, name="Akta Kelahiran")
    offering = actions.add_offering(dukcapil, actor=world.marthen, service=service)
    assert offering.walk_in is True


def test_a_service_of_another_unit_is_refused(world, dukcapil):
    with pytest.raises(ValidationError) as caught:
        actions.add_offering(dukcapil, actor=world.marthen, service=world.buru_ktp)
    assert "MPP's own unit" in " ".join(caught.value.message_dict["service"])
    assert not Offering.objects.exists()


def test_the_home_service_is_of_the_tenants_home_office(world, dukcapil):
    with pytest.raises(ValidationError) as caught:
        actions.add_offering(
            dukcapil, actor=world.marthen, new_name="KTP", home_service=world.buru_ktp
        )
    assert "home office" in " ".join(caught.value.message_dict["home_service"])
    assert not Service.objects.filter(name="KTP").exists()  # the whole write undone


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"pre_registration": True}, "registration_url", "pre-register"),
        ({"walk_in": False}, "walk_in", "at least one way"),
    ],
)
def test_channels_must_make_sense(world, dukcapil, fields, field, message):
    with pytest.raises(ValidationError) as caught:
        actions.add_offering(dukcapil, actor=world.marthen, new_name="KTP", **fields)
    assert message in " ".join(caught.value.message_dict[field])


def test_withdrawing_a_service_keeps_it_with_history(world, dukcapil):
    offering = actions.add_offering(dukcapil, actor=world.marthen, new_name="KTP")
    actions.update_offering(offering, actor=world.ratna, is_active=False)
    offering.refresh_from_db()
    assert offering.is_active is False
    assert reasons(dukcapil)[-1] == "service KTP edited"
