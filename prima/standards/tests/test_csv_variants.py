"""The SIPP Nasional CSV in both variants: standard, and for Excel set to Indonesian."""

from __future__ import annotations

import csv
import io

from prima.standards.tests.factories import published_standard


def test_the_sippn_csv_comes_for_excel_set_to_indonesian(client, world):
    published_standard(world.buru_ktp, biaya={"amount": 25000, "basis": "Perda 3/2024"})
    response = client.get("/api/v1/standards/sippn/?output=csv&dialect=excel-id")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('sippn-excel-id.csv"')
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0]["nama_layanan"] == "Penerbitan KTP-el"
    assert rows[0]["biaya"] == "Rp 25.000; Dasar: Perda 3/2024"


def test_an_unknown_csv_variant_is_refused_by_name(client, world):
    response = client.get("/api/v1/standards/sippn/?output=csv&dialect=klingon")
    assert response.status_code == 400
    assert "dialect" in response.json()
