"""The MPP place's staff pages: who sees and changes what (404 otherwise), empty states that
teach, forms that refuse bad input beside the field and never answer 500."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from prima.mpp import place_actions as actions
from prima.mpp.models import Counter, Mpp, Offering, Tenant
from prima.mpp.tests import test_place_actions as base
from prima.registry.models import ServiceUnit
from prima.test import sign_in

pytestmark = pytest.mark.django_db

# The shared fixtures of the place tests (English, media in a temporary folder, the MPP).
_english = base._english
_media = base._media
place = base.place
dukcapil = base.dukcapil
mpp_unit = base.mpp_unit

PDF = b"%PDF-1.7\n%%EOF\n"


def as_(world, name: str) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return sign_in(client, getattr(world, name))


def url(name: str, *args) -> str:
    return reverse(f"manage:{name}", args=args)


@pytest.fixture
def counter(world, dukcapil) -> Counter:
    return actions.add_counter(dukcapil, actor=world.marthen, code="A-01")


@pytest.fixture
def offering(world, dukcapil) -> Offering:
    return actions.add_offering(dukcapil, actor=world.marthen, new_name="Penerbitan KTP-el")


# --- access ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("persona", "read", "change"),
    [
        ("ratna", 200, 200),
        ("marthen", 200, 200),
        ("yohanis", 200, 404),  # evaluator of Maluku: reads, never changes
        ("siti", 404, 404),  # Buru's administrator
        ("abdul", 404, 404),  # Buru's operator
    ],
)
def test_who_reads_and_who_changes_an_mpp(
    world, place, dukcapil, counter, offering, persona, read, change
):
    client = as_(world, persona)
    code = place.unit.code
    assert client.get(url("mpp_detail", code)).status_code == read
    for name, args in [
        ("mpp_edit", ()),
        ("mpp_tenant_new", ()),
        ("mpp_tenant_edit", (dukcapil.pk,)),
        ("mpp_counter_new", (dukcapil.pk,)),
        ("mpp_counter_edit", (counter.pk,)),
        ("mpp_offering_new", ()),
        ("mpp_offering_edit", (offering.pk,)),
    ]:
        assert client.get(url(name, code, *args)).status_code == change, name
    listed = client.get(url("mpp_list")).content.decode()
    assert (place.unit.name in listed) == (read == 200)


def test_the_dpmptsps_operator_manages_the_mpp_it_runs(world, place):
    from prima.accounts.models import Membership, Role
    from prima.test import make_user

    operator = make_user("op.dpmptsp", role=Role.UNIT_OPERATOR, unit=place.manager)
    client = sign_in(Client(), operator)
    assert client.get(url("mpp_edit", place.unit.code)).status_code == 200
    assert Membership.objects.filter(user=operator).exists()


def test_a_tenant_of_another_mpp_is_not_found(world, place, dukcapil):
    other = actions.create_mpp(mpp_unit(world, "8171-MPP2"), actor=world.ratna)
    client = as_(world, "marthen")
    assert client.get(url("mpp_tenant_edit", other.unit.code, dukcapil.pk)).status_code == 404
    assert client.get(url("mpp_tenant_agreement", other.unit.code, dukcapil.pk)).status_code == 404


def test_an_unknown_mpp_is_not_found(world):
    assert as_(world, "ratna").get(url("mpp_detail", "NOPE")).status_code == 404


# --- the list and creating a profile ----------------------------------------------------------
def test_the_empty_list_says_how_an_mpp_gets_here(world):
    page = as_(world, "siti").get(url("mpp_list")).content.decode()
    assert "No MPP in your scope yet." in page
    assert "Mal Pelayanan Publik" in page
    assert reverse("manage:unit_list") in page


def test_a_unit_of_kind_mpp_without_profile_gets_a_button(world):
    unit = mpp_unit(world)
    page = as_(world, "marthen").get(url("mpp_list")).content.decode()
    assert url("mpp_new", unit.code) in page
    assert url("mpp_new", unit.code) not in as_(world, "siti").get(url("mpp_list")).content.decode()
    assert as_(world, "siti").get(url("mpp_new", unit.code)).status_code == 404
    assert as_(world, "yohanis").get(url("mpp_new", unit.code)).status_code == 404


def test_creating_a_profile_with_dates_out_of_order_explains_and_saves_nothing(world):
    unit = mpp_unit(world)
    client = as_(world, "marthen")
    answer = client.post(
        url("mpp_new", unit.code),
        {"proposed_on": "2021-05-01", "soft_launched_on": "2021-04-01", "is_published": "on"},
    )
    assert answer.status_code == 200
    assert "The soft launch cannot come before the proposal" in answer.content.decode()
    assert not Mpp.objects.exists()
    answer = client.post(
        url("mpp_new", unit.code),
        {
            "proposed_on": "2021-05-01",
            "soft_launched_on": "2021-06-01",
            "inaugurated_on": "2021-07-01",
            "latitude": "-3.6954",
            "longitude": "128.1814",
            "legal_basis": "Perwali Ambon 12/2021",
            "legal_basis_file": SimpleUploadedFile("perwali.pdf", PDF, "application/pdf"),
            "is_published": "on",
        },
    )
    assert answer.status_code == 302
    mpp = Mpp.objects.get()
    assert mpp.legal_basis_file
    assert as_(world, "yohanis").get(url("mpp_legal_basis", unit.code)).status_code == 200


def test_the_list_searches_and_filters_by_region(world, place):
    client = as_(world, "ratna")
    assert place.unit.name in client.get(url("mpp_list"), {"q": "ambon"}).content.decode()
    assert "No MPP matches" in client.get(url("mpp_list"), {"q": "sorong"}).content.decode()
    assert place.unit.name in client.get(url("mpp_list"), {"region": "81"}).content.decode()
    assert "No MPP matches" in client.get(url("mpp_list"), {"region": "96"}).content.decode()
    # Unknown regions and silly pages are ignored, not errors.
    assert client.get(url("mpp_list"), {"region": "xx", "page": "-1"}).status_code == 200


# --- the detail page ------------------------------------------------------------------------
def test_the_detail_shows_tenants_closures_and_the_units_page(
    world, place, dukcapil, counter, offering
):
    actions.add_closure(place, actor=world.marthen, date=dt.date(2099, 1, 5), reason="Renovasi")
    page = as_(world, "marthen").get(url("mpp_detail", place.unit.code)).content.decode()
    for text in ("Disdukcapil Kota Ambon", "A-01", "Penerbitan KTP-el", "Renovasi"):
        assert text in page
    assert "Next national holidays" in page
    assert reverse("manage:unit_edit", args=[place.unit.code]) in page
    assert "--- mpp:links ---" not in page  # the marked block is a template comment
    assert reverse("mpp:detail", args=[place.unit.code]) in page


def test_present_today_is_judged_by_the_mpps_own_date(world, place):
    """At 23:30 in Jakarta it is already 01:30 the next day in Ambon (WIT): a tenant joining
    that day is present on the MPP's page, whatever the server's time zone says."""
    assert place.unit.region.timezone == "WIT"
    actions.add_tenant(
        place,
        actor=world.marthen,
        name="Samsat Kota Ambon",
        kind=Tenant.Kind.REGIONAL,
        joined_on=dt.date(2030, 3, 2),
    )
    with time_machine.travel(dt.datetime(2030, 3, 1, 16, 30, tzinfo=dt.UTC), tick=False):
        page = as_(world, "marthen").get(url("mpp_detail", place.unit.code)).content.decode()
        public = Client().get(reverse("mpp:detail", args=[place.unit.code])).content.decode()
    assert "joins" not in page
    assert "Samsat Kota Ambon" in public


def test_an_mpp_without_tenants_says_what_to_add(world, place):
    page = as_(world, "marthen").get(url("mpp_detail", place.unit.code)).content.decode()
    assert "No tenant yet." in page
    answer = as_(world, "marthen").get(url("mpp_offering_new", place.unit.code))
    assert answer.status_code == 302  # a service needs a tenant first


# --- forms with bad input -------------------------------------------------------------------
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"proposed_on": "not a date", "latitude": "abc", "longitude": "999"},
        {"latitude": "-3.6"},
        {"manager": "999999"},
        {"digital_url": "javascript:alert(1)"},
        {"proposed_on": "2021-05-01", "inaugurated_on": "2021-01-01"},
    ],
)
def test_the_profile_form_never_fails_on_bad_input(world, place, data):
    answer = as_(world, "marthen").post(url("mpp_edit", place.unit.code), data)
    assert answer.status_code in (200, 302)


def test_the_profile_form_explains_an_inauguration_before_the_proposal(world, place):
    answer = as_(world, "marthen").post(
        url("mpp_edit", place.unit.code),
        {"proposed_on": "2021-05-01", "inaugurated_on": "2021-01-01", "is_published": "on"},
    )
    assert "The inauguration cannot come before the proposal" in answer.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "kind": "opd", "joined_on": "2024-01-01"}, "This field is required"),
        (
            {"name": "Samsat", "kind": "opd", "joined_on": "2024-01-05", "left_on": "2024-01-04"},
            "cannot leave before it joined",
        ),
        (
            {"name": "Samsat", "kind": "opd", "joined_on": "2024-01-05", "home_unit": "NOPE-1"},
            "No service unit has the code",
        ),
        (
            {"name": "Samsat", "kind": "opd", "joined_on": "2024-01-05", "agency": "nope"},
            "No agency has the code",
        ),
        ({"name": "Samsat", "kind": "alien", "joined_on": "x"}, "valid"),
    ],
)
def test_the_tenant_form_explains_bad_input(world, place, data, message):
    answer = as_(world, "marthen").post(url("mpp_tenant_new", place.unit.code), data)
    assert answer.status_code == 200
    assert message in answer.content.decode()
    assert not Tenant.objects.exists()


def test_a_tenant_added_and_ended_through_the_pages(world, place):
    client = as_(world, "marthen")
    answer = client.post(
        url("mpp_tenant_new", place.unit.code),
        {
            "name": "Samsat Ambon",
            "kind": "opd",
            "joined_on": "2024-01-05",
            "home_unit": "8171-dukcapil",
            "agreement_number": "PKS/1/2024",
            "agreement_file": SimpleUploadedFile("pks.pdf", PDF, "application/pdf"),
        },
    )
    assert answer.status_code == 302
    tenant = Tenant.objects.get()
    assert tenant.home_unit == world.ambon_dukcapil and tenant.agency == world.ambon
    agreement = client.get(url("mpp_tenant_agreement", place.unit.code, tenant.pk))
    assert agreement.status_code == 200
    assert agreement["Content-Disposition"].startswith("attachment")
    edit = client.get(url("mpp_tenant_edit", place.unit.code, tenant.pk)).content.decode()
    assert 'value="8171-DUKCAPIL"' in edit  # codes shown, never numbers
    answer = client.post(
        url("mpp_tenant_edit", place.unit.code, tenant.pk),
        {
            "name": "Samsat Ambon",
            "kind": "opd",
            "joined_on": "2024-01-05",
            "left_on": "2024-02-01",
            "home_unit": "8171-DUKCAPIL",
        },
    )
    assert answer.status_code == 302
    tenant.refresh_from_db()
    assert tenant.left_on == dt.date(2024, 2, 1)
    assert tenant.agreement_file  # kept when no new file is sent


def test_a_counter_code_twice_is_explained(world, place, dukcapil, counter):
    answer = as_(world, "marthen").post(
        url("mpp_counter_new", place.unit.code, dukcapil.pk), {"code": "a-01"}
    )
    assert answer.status_code == 200
    assert "already has a counter with this code" in answer.content.decode()


def test_retiring_a_counter(world, place, counter):
    answer = as_(world, "marthen").post(
        url("mpp_counter_edit", place.unit.code, counter.pk), {"code": "A-01", "floor": ""}
    )
    assert answer.status_code == 302
    counter.refresh_from_db()
    assert counter.is_active is False


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({"tenant": ""}, "This field is required"),
        ({"new_name": ""}, "Choose a service of the MPP, or name a new one"),
        ({"new_name": "KTP", "pre_registration": "on"}, "Give the address where visitors"),
        ({"new_name": "KTP", "daily_quota": "0"}, "greater than or equal to 1"),
        ({"new_name": "KTP", "daily_quota": "-5"}, "greater than or equal to 1"),
        ({"new_name": "KTP", "daily_quota": "abc"}, "Enter a whole number"),
        ({"new_name": "KTP", "walk_in": ""}, "at least one way"),
        ({"new_name": "KTP", "new_kind": "alien"}, "Select a valid choice"),
        ({"new_name": "KTP", "home_service": "999999"}, "Select a valid choice"),
    ],
)
def test_the_service_form_explains_bad_input(world, place, dukcapil, data, field_message):
    data = {"tenant": dukcapil.pk, "walk_in": "on", **data}
    if data.get("walk_in") == "":
        data.pop("walk_in")
    answer = as_(world, "marthen").post(url("mpp_offering_new", place.unit.code), data)
    assert answer.status_code == 200
    assert field_message in answer.content.decode()
    assert not Offering.objects.exists()


@pytest.mark.parametrize(("quota", "saved"), [("1", 1), ("100000", 100000), ("", None)])
def test_a_service_offered_with_its_quota_at_the_limits(world, place, dukcapil, quota, saved):
    answer = as_(world, "marthen").post(
        url("mpp_offering_new", place.unit.code),
        {
            "tenant": dukcapil.pk,
            "new_name": "Penerbitan KTP-el",
            "new_kind": "administratif",
            "home_service": world.ambon_ktp.pk,
            "walk_in": "on",
            "daily_quota": quota,
        },
    )
    assert answer.status_code == 302
    offering = Offering.objects.get()
    assert offering.daily_quota == saved
    assert offering.service.unit_id == place.unit.pk
    assert offering.home_service == world.ambon_ktp


def test_withdrawing_a_service_through_its_page(world, place, offering):
    answer = as_(world, "marthen").post(
        url("mpp_offering_edit", place.unit.code, offering.pk), {"walk_in": "on"}
    )
    assert answer.status_code == 302
    offering.refresh_from_db()
    assert offering.is_active is False


def test_closures_through_the_page(world, place):
    client = as_(world, "marthen")
    code = place.unit.code
    assert client.post(url("mpp_closure_add", code), {"closure-date": "x"}).status_code == 302
    assert not place.closures.exists()
    client.post(
        url("mpp_closure_add", code), {"closure-date": "2099-01-05", "closure-reason": "Renovasi"}
    )
    closure = place.closures.get()
    assert (
        as_(world, "yohanis").post(url("mpp_closure_remove", code, closure.pk)).status_code == 404
    )
    assert client.post(url("mpp_closure_remove", code, closure.pk)).status_code == 302
    assert not place.closures.exists()


def test_the_staff_menu_links_the_mpps(world):
    page = as_(world, "abdul").get(url("home")).content.decode()
    assert url("mpp_list") in page


def test_a_unit_listing_does_not_count_as_a_profile(world):
    ServiceUnit.objects.create(
        code="8171-MPP",
        agency=world.ambon,
        region=world.ambon_dukcapil.region,
        kind="mpp",
        name="MPP",
    )
    assert as_(world, "marthen").get(url("mpp_detail", "8171-MPP")).status_code == 404
