"""Open311 GeoReport v2 in JSON and XML (issue 5 §1): public reports only, no identity."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from prima.complaints import actions
from prima.complaints.models import Complaint
from prima.complaints.tests.factories import file


def test_discovery_and_services_answer_in_json_and_xml(client, world):
    assert client.get("/open311/v2/discovery.json").json()["endpoints"][0]["formats"] == [
        "application/json",
        "text/xml",
    ]
    root = ET.fromstring(client.get("/open311/v2/discovery.xml").content)
    assert root.tag == "discovery" and root.find("endpoints/endpoint/url") is not None
    services = client.get("/open311/v2/services.json").json()
    assert {"service_code": "perizinan"}.items() <= next(
        s for s in services if s["service_code"] == "perizinan"
    ).items()
    xml = ET.fromstring(client.get("/open311/v2/services.xml").content)
    assert xml.tag == "services" and xml.find("service/service_code") is not None


def test_requests_list_public_reports_without_identity_or_secrets(client, world):
    public = file(world, title="Antrean panjang di loket").complaint
    file(world, title="Laporan rahasia", is_secret=True)
    archived = file(world, title="Iklan").complaint
    actions.archive(archived, actor=world.siti, reason="Bukan pengaduan")
    rows = client.get("/open311/v2/requests.json").json()
    assert [r["service_request_id"] for r in rows] == [public.public_id]
    row = rows[0]
    assert row["status"] == "open" and row["tahap"] == "Proses Verifikasi"
    assert row["expected_datetime"] and row["prima_status"] == "received"
    text = client.get("/open311/v2/requests.xml").content.decode()
    for secret in ("Rahma", "rahma@example.test", "0812345678", "Laporan rahasia"):
        assert secret not in text and secret not in str(rows)
    one = client.get(f"/open311/v2/requests/{public.public_id}.xml")
    assert ET.fromstring(one.content).find("request/service_request_id").text == public.public_id
    secret = Complaint.objects.get(is_secret=True)
    assert client.get(f"/open311/v2/requests/{secret.public_id}.json").status_code == 404


def test_filters_and_errors(client, world):
    file(world)
    assert client.get("/open311/v2/requests.json?status=closed").json() == []
    assert len(client.get("/open311/v2/requests.json?status=open").json()) == 1
    bad = client.get("/open311/v2/requests.xml?status=maybe")
    assert bad.status_code == 400 and ET.fromstring(bad.content).tag == "errors"
    assert client.get("/open311/v2/requests.json?start_date=yesterday").status_code == 400


def test_a_request_is_filed_through_open311_and_gets_a_tracking_code(client, world, settings):
    response = client.post(
        "/open311/v2/requests.json",
        {
            "unit": "8104-DUKCAPIL",
            "service_code": "administrasi-kependudukan",
            "description": "Blanko KTP-el habis sejak dua minggu lalu di kecamatan.",
            "first_name": "Rahma",
            "email": "rahma@example.test",
            "anonymous": "true",
        },
    )
    assert response.status_code == 201
    [row] = response.json()
    complaint = Complaint.objects.get(public_id=row["service_request_id"])
    assert complaint.channel == "open311" and complaint.is_anonymous
    assert len(row["tracking_code"].replace("-", "")) == 27
    bad = client.post("/open311/v2/requests.xml", {"description": "pendek"})
    assert bad.status_code == 400 and b"<errors>" in bad.content
