"""The HSDS export against Open Referral's own schema (issue 21 §7): every service of
`GET /api/v1/standards/hsds/` must pass HSDS 3.0's compiled `service` schema, committed verbatim
in prima/standards/data/hsds/ (SOURCE.md there gives its source, commit and licence).

The schema declares no `$schema`; HSDS 3.0's OpenAPI file names Draft 2020-12. Formats are
checked where jsonschema can without extra packages (`uuid`, `email`), plus `date-time` and
`uri` by the two small checks below, which jsonschema would otherwise skip in silence (it needs
rfc3339-validator and rfc3987 for them).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from jsonschema import Draft202012Validator, FormatChecker

from prima.standards.models import ServiceStandard
from prima.standards.tests.factories import published_standard

SCHEMA = Path(__file__).resolve().parents[1] / "data" / "hsds" / "service.json"

# Draft 2020-12's format checks, copied so that the two added below stay in this module.
FORMATS = FormatChecker(Draft202012Validator.FORMAT_CHECKER.checkers)
# RFC 3339 §5.6 date-time; the characters RFC 3986 allows in a URI, after a scheme.
_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)")
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]*")


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE_TIME.fullmatch(value):
        return False
    dt.datetime.fromisoformat(value.upper())  # a real day and time, or ValueError
    return True


@FORMATS.checks("uri")
def _uri(value: object) -> bool:
    return not isinstance(value, str) or bool(_URI.fullmatch(value))


@functools.cache
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FORMATS)


def hsds_errors(service: dict[str, Any]) -> list[str]:
    """Each way `service` fails the schema, as `name: path: message`."""
    return [
        f"{service.get('name')}: {'/'.join(map(str, error.absolute_path)) or '.'}: {error.message}"
        for error in validator().iter_errors(service)
    ]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[None]:
    """The demo, loaded once for the module inside a transaction rolled back at its end."""
    media = tmp_path_factory.mktemp("media")
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        call_command("seed_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


def test_the_committed_schema_is_hsds_3_0s_compiled_service():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)  # a valid schema in the dialect used here
    assert schema["name"] == "service"
    assert set(schema["required"]) == {"id", "name", "status"}
    assert "$ref" not in SCHEMA.read_text(encoding="utf-8")  # compiled: nothing to fetch
    assert {"cost_options", "required_documents", "organization"} <= set(schema["properties"])
    assert "website" in schema["properties"]["organization"]["properties"]  # new in 3.0


def test_the_checks_catch_what_the_export_must_never_write():
    wrong = {
        "id": "not-a-uuid",
        "name": "Penerbitan KTP-el",
        "status": "open",
        "email": None,
        "url": "/units/8104-DUKCAPIL/",
        "last_modified": "2026-01-15",
        "organization": {"id": "8d0c5a52-1f7e-4b8e-9a57-3c1f1a5e2b11", "name": "Disdukcapil"},
    }
    errors = "\n".join(hsds_errors(wrong))
    for expected in (
        ": id: 'not-a-uuid' is not a 'uuid'",
        ": status: 'open' is not one of",
        ": email: None is not of type 'string'",
        ": url: '/units/8104-DUKCAPIL/' is not a 'uri'",
        ": last_modified: '2026-01-15' is not a 'date-time'",
        ": organization: 'description' is a required property",
    ):
        assert expected in errors


def test_unknown_contact_details_are_left_out_not_null(client, world):
    world.ambon_dukcapil.email = "dukcapil@ambon.go.id"
    world.ambon_dukcapil.website = "https://dukcapil.ambon.go.id/"
    world.ambon_dukcapil.phone = "0911 312345"
    world.ambon_dukcapil.save()
    published_standard(world.buru_ktp)  # Disdukcapil Buru has no e-mail, website or phone
    published_standard(world.ambon_ktp)
    services = client.get("/api/v1/standards/hsds/").json()["services"]
    by_unit = {s["organization"]["name"]: s for s in services}
    buru, ambon = by_unit["Disdukcapil Kabupaten Buru"], by_unit["Disdukcapil Kota Ambon"]
    assert "email" not in buru
    assert "email" not in buru["organization"] and "website" not in buru["organization"]
    assert buru["phones"] == []
    assert ambon["email"] == ambon["organization"]["email"] == "dukcapil@ambon.go.id"
    assert ambon["organization"]["website"] == "https://dukcapil.ambon.go.id/"
    assert ambon["phones"][0]["number"] == "0911 312345"
    for service in (buru, ambon):
        assert None not in _hsds_values(service)
        assert hsds_errors(service) == []


def _hsds_values(value: Any) -> Iterator[Any]:
    """Every value in an HSDS service, nested ones included, except Prima's own extension."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "prima_standard":
                yield item
                yield from _hsds_values(item)
    elif isinstance(value, list):
        for item in value:
            yield item
            yield from _hsds_values(item)


# Last in the module: the demo's transaction stays open until the module ends, and the tests
# above build their own world. The mark keeps it with the other database tests, before
# pytest-django's transactional tests, which empty the database (regions included) after them.
@pytest.mark.django_db
def test_every_demo_service_in_the_hsds_export_passes_the_hsds_3_0_schema(client, demo):
    body = client.get("/api/v1/standards/hsds/").json()
    services = body["services"]
    assert body["hsds_version"] == "3.0"
    in_force = ServiceStandard.objects.filter(status__in=ServiceStandard.IN_FORCE).count()
    assert len(services) == in_force >= 5  # the demo's standards in force, all of them listed
    errors = [error for service in services for error in hsds_errors(service)]
    if errors:
        pytest.fail(f"{len(errors)} HSDS 3.0 schema errors:\n" + "\n".join(errors))
