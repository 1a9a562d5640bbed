"""Complaints filed at the MPP: recorded with their tenant, sent on to the tenant's own office
with the complaints module's own steps, never showing who complained to the tenant's unit;
the staff pages and who gets a 404."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from prima.accounts.models import Role
from prima.complaints import actions as complaint_actions
from prima.complaints.access import complaint_rights
from prima.complaints.models import Complaint, Event, Status
from prima.mpp import quality
from prima.mpp.models import ComplaintAtMpp
from prima.mpp.quality_actions import forward_to_tenant
from prima.mpp.tests.quality_world import make_mpp
from prima.test import make_user, sign_in

SECRET_NAME = "Yosefina Latuheru"


def _file(world, place, offering=None) -> Complaint:
    return complaint_actions.file_complaint(
        agency=world.ambon,
        unit=place.mpp.unit,
        service=offering.service if offering else None,
        title="Antrean tidak dipanggil",
        description="Nomor antrean saya dilewati dua kali di gerai.",
        channel="web",
        identity={"name": SECRET_NAME, "phone": "081234567890"},
        actor=None,
    ).complaint


@pytest.fixture
def place(world):
    return make_mpp(world)


def test_a_complaint_on_the_mpp_is_recorded_with_the_tenant_of_its_service(world, place):
    complaint = _file(world, place, place.skck)
    record = ComplaintAtMpp.objects.get(complaint=complaint)
    assert (record.mpp, record.tenant, record.offering) == (place.mpp, place.polres, place.skck)


def test_a_complaint_elsewhere_is_not_recorded(world, place):
    complaint_actions.file_complaint(
        agency=world.ambon,
        unit=world.ambon_dukcapil,
        title="Lain",
        description="Bukan di MPP sama sekali.",
        channel="web",
        actor=None,
    )
    assert not ComplaintAtMpp.objects.exists()


def test_forwarding_to_a_tenant_of_the_same_agency_dispatches_to_its_home_unit(world, place):
    complaint = _file(world, place, place.ktp)
    record = forward_to_tenant(complaint.at_mpp, actor=world.marthen, tenant=place.dukcapil)
    complaint.refresh_from_db()
    assert complaint.status == Status.DISPATCHED
    assert (complaint.unit, complaint.service) == (world.ambon_dukcapil, world.ambon_ktp)
    assert record.tenant == place.dukcapil
    assert complaint.events.filter(action=Event.Action.VERIFIED, actor=world.marthen).exists()


def test_forwarding_to_a_tenant_of_another_agency_reroutes_it(world, place):
    complaint = _file(world, place, place.elsewhere)
    forward_to_tenant(complaint.at_mpp, actor=world.marthen, tenant=place.sorong)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.agency, complaint.unit) == (
        Status.RECEIVED,
        world.sorong,
        None,
    )
    assert ComplaintAtMpp.objects.get(complaint=complaint).tenant == place.sorong


def test_a_tenant_without_an_office_in_prima_keeps_the_complaint_at_the_mpp(world, place):
    complaint = _file(world, place)
    forward_to_tenant(complaint.at_mpp, actor=world.marthen, tenant=place.polres)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.unit) == (Status.RECEIVED, place.mpp.unit)
    record = ComplaintAtMpp.objects.get(complaint=complaint)
    assert record.tenant == place.polres and record.offering is None
    assert complaint.events.filter(action=Event.Action.NOTE).exists()


def test_a_complaint_already_dispatched_cannot_be_forwarded_again(world, place):
    complaint = _file(world, place, place.ktp)
    forward_to_tenant(complaint.at_mpp, actor=world.marthen, tenant=place.dukcapil)
    record = ComplaintAtMpp.objects.get(complaint=complaint)
    with pytest.raises(ValidationError):
        forward_to_tenant(record, actor=world.marthen, tenant=place.dukcapil)


def test_the_tenants_unit_follows_it_up_but_never_sees_who_complained(world, place, client):
    operator = make_user("operator.ambon", role=Role.UNIT_OPERATOR, unit=world.ambon_dukcapil)
    complaint = _file(world, place, place.ktp)
    forward_to_tenant(complaint.at_mpp, actor=world.marthen, tenant=place.dukcapil)
    complaint.refresh_from_db()
    rights = complaint_rights(operator, complaint)
    assert rights.follow_up and not rights.see_identity
    sign_in(client, operator)
    page = client.get(reverse("manage:complaint_detail", args=[complaint.pk]))
    assert page.status_code == 200 and SECRET_NAME not in page.content.decode()
    identity = client.post(reverse("manage:complaint_identity", args=[complaint.pk]))
    assert identity.status_code == 404
    # The MPP's pages are not the tenant's: 404.
    for name in ("mpp_complaints", "mpp_quality"):
        assert client.get(reverse(f"manage:{name}", args=["8171-MPP"])).status_code == 404


def test_the_mpp_complaints_page_lists_by_tenant_without_identity(world, place, client):
    _file(world, place, place.ktp)
    _file(world, place, place.skck)
    sign_in(client, world.marthen)
    with translation.override("en"):
        page = client.get(
            reverse("manage:mpp_complaints", args=["8171-MPP"]), HTTP_ACCEPT_LANGUAGE="en"
        )
    body = page.content.decode()
    assert page.status_code == 200
    assert "Disdukcapil Kota Ambon" in body and "Polresta Ambon" in body
    assert SECRET_NAME not in body and "081234567890" not in body
    assert body.count("/teruskan/") == 2
    rows = {r.tenant: r for r in quality.complaints_by_tenant(place.mpp)}
    assert (rows[place.dukcapil].received, rows[place.dukcapil].open) == (1, 1)
    assert rows[place.dukcapil].on_time_share == 0


@pytest.mark.parametrize(
    ("answered", "received", "share"),
    [(0, 1, 0), (1, 3, 33), (2, 3, 67), (3, 3, 100), (0, 0, None)],
)
def test_the_on_time_share_is_rounded_to_a_percent(answered, received, share):
    row = quality.TenantComplaints(None, received, 0, answered)
    assert row.on_time_share == share


def test_the_forward_page_sends_the_complaint_on(world, place, client):
    complaint = _file(world, place, place.ktp)
    url = reverse("manage:mpp_complaint_forward", args=["8171-MPP", complaint.pk])
    sign_in(client, world.marthen)
    assert client.get(url).status_code == 200
    answer = client.post(url, {"tenant": place.dukcapil.pk, "note": "Untuk gerai A"})
    assert answer.status_code == 302
    complaint.refresh_from_db()
    assert complaint.unit == world.ambon_dukcapil


@pytest.mark.parametrize("persona", ["abdul", "siti", "yohanis"])
def test_who_does_not_coordinate_the_mpps_complaints_gets_404_on_forwarding(world, place, persona):
    complaint = _file(world, place, place.ktp)
    client = sign_in(Client(), getattr(world, persona))
    url = reverse("manage:mpp_complaint_forward", args=["8171-MPP", complaint.pk])
    assert client.post(url, {"tenant": place.dukcapil.pk}).status_code == 404
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED


@pytest.mark.parametrize(
    ("persona", "status"), [("marthen", 200), ("ratna", 200), ("abdul", 404), ("siti", 404)]
)
def test_the_quality_page_answers_by_persona(world, place, persona, status):
    client = sign_in(Client(), getattr(world, persona))
    assert client.get(reverse("manage:mpp_quality", args=["8171-MPP"])).status_code == status
    assert client.get(reverse("manage:mpp_complaints", args=["8171-MPP"])).status_code == status


def test_an_unknown_mpp_or_a_complaint_not_at_it_is_404(world, place, client):
    other = complaint_actions.file_complaint(
        agency=world.ambon,
        unit=world.ambon_dukcapil,
        title="Lain",
        description="Bukan di MPP sama sekali.",
        channel="web",
        actor=None,
    ).complaint
    sign_in(client, world.marthen)
    assert client.get(reverse("manage:mpp_quality", args=["9999-MPP"])).status_code == 404
    url = reverse("manage:mpp_complaint_forward", args=["8171-MPP", other.pk])
    assert client.get(url).status_code == 404
