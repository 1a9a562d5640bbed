"""The OpenAPI 3 description of Prima's Open311 GeoReport v2 endpoints (prima.complaints.open311),
served at /open311/v2/openapi.json.

Open311's endpoints are plain Django views answering JSON or XML by suffix, so they are
described here by hand, next to the views; scripts/schemathesis.py holds the views to it in CI
(no 5xx, every status, content type and JSON body as declared, every XML answer well-formed)
and prima/complaints/tests/test_open311.py checks that every route is described.
"""

from __future__ import annotations

from typing import Any

from prima.complaints.models import Kind, Status
from prima.lib.text import WITHOUT_CONTROL

FORMATS = {"json": "application/json", "xml": "text/xml"}
# The W3C dates and times Open311 takes (https://www.w3.org/TR/NOTE-datetime): a day, or a day
# and a time to the minute, second or microsecond, with its offset (without one: WIB).
W3C_DATETIME = (
    "[0-9]{4}-[0-9]{2}-[0-9]{2}"
    "(T[0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,6})?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?"
)


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _string(description: str = "", **extra: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", **extra}
    if description:
        schema["description"] = description
    return schema


COMPONENTS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "properties": {
            "code": {"type": "integer", "description": "The HTTP status."},
            "description": _string("One problem; for a bad parameter, `name: what is wrong`."),
        },
        "required": ["code", "description"],
    },
    "Errors": {"type": "array", "items": _ref("Error"), "minItems": 1},
    "Discovery": {
        "type": "object",
        "properties": {
            "changeset": _string(format="date-time"),
            "contact": _string(),
            "key_service": _string(),
            "endpoints": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "specification": _string(),
                        "url": _string(),
                        "changeset": _string(format="date-time"),
                        "type": _string(enum=["production", "test"]),
                        "formats": {"type": "array", "items": _string()},
                    },
                    "required": ["specification", "url", "changeset", "type", "formats"],
                },
            },
        },
        "required": ["changeset", "contact", "key_service", "endpoints"],
    },
    "Service": {
        "type": "object",
        "description": "A complaint category.",
        "properties": {
            "service_code": _string("The category key."),
            "service_name": _string(),
            "description": _string(),
            "metadata": {"type": "boolean"},
            "type": _string(enum=["realtime", "batch", "blackbox"]),
            "keywords": _string(),
            "group": _string(),
        },
        "required": ["service_code", "service_name", "metadata", "type"],
    },
    "ServiceRequest": {
        "type": "object",
        "description": "A public report; never a secret or archived one, never who sent it.",
        "properties": {
            "service_request_id": _string(),
            "status": _string(enum=["open", "closed"]),
            "status_notes": _string("The latest public note."),
            "service_name": _string(),
            "service_code": _string(),
            "description": _string("The title, a blank line, and what happened."),
            "agency_responsible": _string(),
            "service_notice": _string(),
            "requested_datetime": _string(format="date-time"),
            "updated_datetime": _string(format="date-time"),
            "expected_datetime": _string(
                "When the current step is due; null when no clock runs.",
                format="date-time",
                nullable=True,
            ),
            "address": _string(),
            "address_id": _string(),
            "zipcode": _string(),
            "lat": {"type": "number", "nullable": True, "minimum": -90, "maximum": 90},
            "long": {"type": "number", "nullable": True, "minimum": -180, "maximum": 180},
            "media_url": _string(),
            "prima_status": _string("Prima's workflow state.", enum=list(Status.values)),
            "tahap": _string("The public SP4N-LAPOR! stage."),
            "type": _string(enum=list(Kind.values)),
        },
        "required": [
            "service_request_id",
            "status",
            "service_name",
            "service_code",
            "description",
            "requested_datetime",
            "updated_datetime",
            "expected_datetime",
            "lat",
            "long",
            "prima_status",
            "tahap",
            "type",
        ],
    },
    "Filed": {
        "type": "object",
        "properties": {
            "service_request_id": _string(),
            "service_notice": _string(),
            "account_id": {"type": "string", "nullable": True},
            "tracking_code": _string("Shown only this once: the complainant's key to follow it."),
            "secret_code": _string(
                "Shown only this once: with service_request_id, the short key to follow it "
                "(ADR 0015)."
            ),
            "expected_datetime": _string(format="date-time", nullable=True),
        },
        "required": ["service_request_id", "tracking_code", "secret_code", "expected_datetime"],
    },
    "NewRequest": {
        "type": "object",
        "description": (
            "Checked by the same rules, limits and messages as the web form; every problem "
            "is one entry of the error list."
        ),
        "properties": {
            "description": _string(minLength=20, maxLength=5000),
            "title": _string(
                "At most 200 characters; the description's first line by default.",
                minLength=5,
                maxLength=200,
            ),
            "service_code": _string("A category key from services."),
            "unit": _string("A unit code; or give jurisdiction_id."),
            "jurisdiction_id": _string("An agency code, when no unit is given."),
            "type": _string(enum=list(Kind.values), default=Kind.COMPLAINT.value),
            "address_string": _string(maxLength=300),
            "lat": {"type": "number", "minimum": -90, "maximum": 90},
            "long": {"type": "number", "minimum": -180, "maximum": 180},
            "first_name": _string(maxLength=150),
            "last_name": _string(maxLength=150),
            "email": _string(format="email", maxLength=254),
            "phone": _string(maxLength=40),
            "anonymous": _string("true hides who sent it.", enum=["true", "false"]),
            "secret": _string("true keeps the report out of public lists.", enum=["true", "false"]),
        },
        "required": ["description"],
        "example": {
            "unit": "8104-DUKCAPIL",
            "service_code": "administrasi-kependudukan",
            "description": "Blanko KTP-el habis sejak dua minggu lalu di kantor kecamatan.",
            "address_string": "Kantor Camat Namlea",
            "lat": -3.2543,
            "long": 127.0937,
            "anonymous": "true",
        },
    },
}


def _response(fmt: str, description: str, schema: str) -> dict[str, Any]:
    media = FORMATS[fmt]
    content: dict[str, Any] = {"schema": _ref(schema)} if fmt == "json" else {}
    return {"description": description, "content": {media: content}}


def _errors(fmt: str, *codes: int) -> dict[str, Any]:
    what = {
        400: (
            "Invalid parameters, or characters that cannot be read (control characters) in "
            "the address: one entry per problem."
        ),
        404: "No such public request, or no such format.",
        429: "Too many reports from this address; try again later.",
    }
    responses = {str(code): _response(fmt, what[code], "Errors") for code in codes if code != 414}
    if 414 in codes:  # the server's own answer, before Prima sees the request
        responses["414"] = {"description": "The address is too long (about 4,000 characters)."}
    return responses


def _query(name: str, description: str, **schema: Any) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "string", **schema}
        if "enum" in schema
        else {"type": "string", "pattern": WITHOUT_CONTROL, **schema},
    }


def _paths(fmt: str) -> dict[str, Any]:
    base = "/open311/v2"
    return {
        f"{base}/discovery.{fmt}": {
            "get": {
                "operationId": f"discovery_{fmt}",
                "summary": "The endpoint description",
                "responses": {"200": _response(fmt, "Discovery.", "Discovery")},
            }
        },
        f"{base}/services.{fmt}": {
            "get": {
                "operationId": f"services_{fmt}",
                "summary": "The complaint categories",
                "responses": {"200": _list(fmt, "Categories in use.", "Service")},
            }
        },
        f"{base}/requests.{fmt}": {
            "get": {
                "operationId": f"requests_{fmt}",
                "summary": "Public reports, newest first, at most 1000",
                "parameters": [
                    _query(
                        "service_request_id",
                        "Ids, comma-separated; the other filters are then ignored.",
                    ),
                    _query("service_code", "Category keys, comma-separated."),
                    _query(
                        "start_date",
                        "Received at or after: a W3C date, or date and time (WIB without an "
                        "offset). Without either date: the last 90 days.",
                        pattern=f"^({W3C_DATETIME})?$",
                    ),
                    _query("end_date", "Received at or before.", pattern=f"^({W3C_DATETIME})?$"),
                    _query("status", "open or closed (empty: both).", enum=["open", "closed", ""]),
                    _query("agency", "An agency code."),
                ],
                "responses": {
                    "200": _list(fmt, "Public reports.", "ServiceRequest"),
                    **_errors(fmt, 400, 414),
                },
            },
            "post": {
                "operationId": f"create_request_{fmt}",
                "summary": "File a report (no key; limited per address)",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/x-www-form-urlencoded": {"schema": _ref("NewRequest")},
                        "multipart/form-data": {"schema": _ref("NewRequest")},
                    },
                },
                "responses": {
                    "201": _list(fmt, "Filed: its id and tracking code.", "Filed"),
                    **_errors(fmt, 400, 429),
                },
            },
        },
        f"{base}/requests/{{service_request_id}}.{fmt}": {
            "get": {
                "operationId": f"request_{fmt}",
                "summary": "One public report",
                "parameters": [
                    {
                        "name": "service_request_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "minLength": 1, "pattern": WITHOUT_CONTROL},
                    }
                ],
                "responses": {
                    "200": _list(fmt, "The report, as a list of one.", "ServiceRequest"),
                    **_errors(fmt, 400, 404),
                },
            }
        },
    }


def _list(fmt: str, description: str, item: str) -> dict[str, Any]:
    if fmt == "xml":
        return _response(fmt, description, item)
    return {
        "description": description,
        "content": {FORMATS[fmt]: {"schema": {"type": "array", "items": _ref(item)}}},
    }


def schema() -> dict[str, Any]:
    """The OpenAPI document."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Prima Open311 GeoReport v2",
            "version": "v2",
            "description": (
                "Complaints as Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), "
                "in JSON or XML by the suffix. See docs/api.md."
            ),
        },
        "paths": {**_paths("json"), **_paths("xml")},
        "components": {"schemas": COMPONENTS},
    }
