"""Standards in force, shaped for other systems, so a unit never retypes them:

- `hsds_service`: a service in the shape of Open Referral's Human Services Data Specification
  (HSDS 3.0 field names: required_documents, application_process, fees_description,
  cost_options, organization), with the 14 components kept whole under `prima_standard`;
- `sippn_row`: the fields SIPP Nasional publishes per service (docs/regulations.md §9: name, decree
  number, requirements, procedure, time, fee, product, complaint handling, links).

Identifiers are stable UUIDs derived from Prima's own ids, as HSDS asks for UUIDs. HSDS types
its fields as strings and numbers, never null: an unknown value (a unit without an e-mail address
or a website, a fee that is not a number) is left out, not written as null. Every service passes
HSDS 3.0's compiled schema (prima/standards/data/hsds/, checked by tests/test_hsds_schema.py).
"""

from __future__ import annotations

import uuid
from typing import Any

from prima.standards import components as spec
from prima.standards.models import ServiceStandard

NAMESPACE = uuid.UUID("8d0c5a52-1f7e-4b8e-9a57-3c1f1a5e2b11")  # Prima's, fixed forever
LAPOR_URL = "https://www.lapor.go.id"


def stable_id(kind: str, key: object) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def components_json(standard: ServiceStandard) -> dict[str, Any]:
    """All 14 keys, always present (None where a component is empty)."""
    return {key: standard.components.get(key) for key in spec.KEYS}


def _text(standard: ServiceStandard, key: str, sep: str = "; ") -> str:
    return sep.join(spec.component_lines(key, standard.components.get(key)))


def _known(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}


def hsds_service(standard: ServiceStandard, *, url: str) -> dict[str, Any]:
    service, unit = standard.service, standard.service.unit
    biaya = standard.components.get("biaya") or {}
    amount = spec._amount(biaya.get("amount")) if not biaya.get("free") else 0
    steps = spec.component_lines("prosedur", standard.components.get("prosedur"))
    return _known(
        {
            "id": stable_id("service", service.pk),
            "organization_id": stable_id("unit", unit.pk),
            "name": service.name,
            "description": service.description or _text(standard, "produk"),
            "url": url,
            "email": unit.email or None,
            "status": "active",
            "application_process": "\n".join(f"{i}. {s}" for i, s in enumerate(steps, start=1)),
            "fees_description": _text(standard, "biaya"),
            "cost_options": [
                _known(
                    {
                        "id": stable_id("cost", standard.pk),
                        "service_id": stable_id("service", service.pk),
                        "option": "Biaya layanan",
                        "currency": "IDR",
                        "amount": float(amount) if amount is not None else None,
                        "amount_description": _text(standard, "biaya"),
                    }
                )
            ],
            "required_documents": [
                {"id": stable_id("document", f"{standard.pk}:{i}"), "document": text}
                for i, text in enumerate(
                    spec.component_lines("persyaratan", standard.components.get("persyaratan"))
                )
            ],
            "alert": "",
            "last_modified": standard.updated_at.isoformat(),
            "organization": _known(
                {
                    "id": stable_id("unit", unit.pk),
                    "name": unit.name,
                    "description": f"{unit.get_kind_display()} · {unit.agency.name}",
                    "email": unit.email or None,
                    "website": unit.website or None,
                }
            ),
            "phones": [{"id": stable_id("phone", unit.pk), "number": unit.phone}]
            if unit.phone
            else [],
            "prima_standard": {
                "version": standard.version,
                "decree_number": standard.decree_number,
                "decree_date": standard.decree_date.isoformat() if standard.decree_date else None,
                "components": components_json(standard),
            },
        }
    )


SIPPN_FIELDS = [
    "kode_unit",
    "unit_pelayanan",
    "nama_layanan",
    "nomor_sk",
    "tanggal_sk",
    "persyaratan",
    "prosedur",
    "jangka_waktu",
    "biaya",
    "produk",
    "penanganan_pengaduan",
    "tautan_layanan",
    "tautan_lapor",
]


def sippn_row(standard: ServiceStandard, *, url: str) -> dict[str, str]:
    unit = standard.service.unit
    return {
        "kode_unit": unit.code,
        "unit_pelayanan": unit.name,
        "nama_layanan": standard.service.name,
        "nomor_sk": standard.decree_number,
        "tanggal_sk": standard.decree_date.isoformat() if standard.decree_date else "",
        "persyaratan": _text(standard, "persyaratan"),
        "prosedur": _text(standard, "prosedur"),
        "jangka_waktu": _text(standard, "waktu"),
        "biaya": _text(standard, "biaya"),
        "produk": _text(standard, "produk"),
        "penanganan_pengaduan": _text(standard, "pengaduan"),
        "tautan_layanan": url,
        "tautan_lapor": LAPOR_URL,
    }
