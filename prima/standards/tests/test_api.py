"""The standards API and exports (issue 4 §7)."""

from __future__ import annotations

import csv
import io

from prima.standards import actions
from prima.standards import components as spec
from prima.standards.tests.factories import complete_components, published_standard


def test_published_standards_come_with_all_14_components_and_their_decree(client, world):
    standard = published_standard(world.buru_ktp)
    actions.create_draft(
        world.ambon_ktp, actor=None, components=complete_components()
    )  # not public
    body = client.get("/api/v1/standards/?status=published").json()
    assert body["count"] == 1
    [row] = body["results"]
    assert row["id"] == standard.pk and row["unit"] == "8104-DUKCAPIL"
    assert row["service"] == "Penerbitan KTP-el" and row["version"] == 1
    assert row["decree"] == {
        "number": "800/12/SK/2026",
        "date": "2026-01-15",
        "signed_by": "Kepala Dinas",
        "position": "",
    }
    assert list(row["components"]) == list(spec.KEYS)
    assert row["components"]["waktu"] == {"amount": 3, "unit": "hari_kerja"}
    assert row["url"].endswith(f"/units/8104-DUKCAPIL/standards/{standard.pk}/")


def test_filters_and_a_clear_error_for_a_status_that_is_not_public(client, world):
    published_standard(world.buru_ktp)
    published_standard(world.ambon_ktp)
    assert client.get("/api/v1/standards/?unit=8171-DUKCAPIL").json()["count"] == 1
    assert client.get("/api/v1/standards/?region=81.04").json()["count"] == 1
    assert client.get("/api/v1/standards/?region=81").json()["count"] == 2
    assert client.get("/api/v1/standards/?status=under_review").json()["count"] == 0
    response = client.get("/api/v1/standards/?status=draft")
    assert response.status_code == 400
    assert "Drafts are not public" in response.json()["status"][0]


def test_units_that_are_not_listed_do_not_appear(client, world):
    published_standard(world.buru_ktp)
    world.buru_dukcapil.is_active = False
    world.buru_dukcapil.save()
    assert client.get("/api/v1/standards/").json()["count"] == 0


def test_hsds_export_shapes_a_service_with_documents_fees_and_organization(client, world):
    published_standard(world.buru_ktp)
    body = client.get("/api/v1/standards/hsds/?unit=8104-DUKCAPIL").json()
    [service] = body["services"]
    assert service["name"] == "Penerbitan KTP-el"
    assert [d["document"] for d in service["required_documents"]] == [
        "Fotokopi Kartu Keluarga",
        "Surat pengantar RT/RW",
    ]
    assert service["cost_options"][0]["amount"] == 0.0
    assert service["fees_description"].startswith("Tidak dipungut biaya")
    assert service["application_process"].startswith("1. Ambil nomor antrean")
    assert service["organization"]["name"] == "Disdukcapil Kabupaten Buru"
    again = client.get("/api/v1/standards/hsds/").json()["services"][0]
    assert again["id"] == service["id"]  # stable identifiers


def test_sippn_export_in_json_and_csv(client, world):
    published_standard(world.buru_ktp, biaya={"amount": 25000, "basis": "Perda 3/2024"})
    body = client.get("/api/v1/standards/sippn/").json()
    [row] = body["services"]
    assert row["nomor_sk"] == "800/12/SK/2026"
    assert row["biaya"] == "Rp 25.000; Dasar: Perda 3/2024"
    assert row["jangka_waktu"] == "3 hari kerja"
    response = client.get("/api/v1/standards/sippn/?output=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0]["nama_layanan"] == "Penerbitan KTP-el"
