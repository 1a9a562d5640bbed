"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), in JSON and XML.

- `discovery`, `services` (Prima's complaint categories), `requests` (GET: public reports;
  POST: file one) and `requests/<id>`.
- Only public reports are listed: never secret (*Rahasia*) ones, never archived ones, never
  anyone's identity.
- `status` is Open311's open/closed. Extensions carry Indonesian meaning: `prima_status` (the
  workflow state) and `tahap` (the public LAPOR! stage). `expected_datetime` is the due time of
  the current step.
- A POST returns, besides Open311's fields, the `tracking_code` — shown this once, as on the
  web form.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from prima.complaints import access, actions, workflow
from prima.complaints.models import Category, Channel, Complaint, Event, Kind, Status
from prima.lib import ratelimit
from prima.lib.http import absolute_url, client_ip
from prima.registry.models import Agency, ServiceUnit

CHANGESET = "2026-12-01T00:00:00+07:00"
LIMIT = 1000
DEFAULT_DAYS = 90
FORMATS = {"json", "xml"}


def _iso(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _respond(fmt: str, root: str, item: str, rows: Any, *, status: int = 200) -> HttpResponse:
    if fmt == "json":
        return JsonResponse(
            rows, safe=False, status=status, json_dumps_params={"ensure_ascii": False}
        )
    element = ET.Element(root)
    for row in rows if isinstance(rows, list) else [rows]:
        _to_xml(ET.SubElement(element, item), row)
    body = ET.tostring(element, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, content_type="text/xml; charset=utf-8", status=status)


def _to_xml(parent: ET.Element, value: Any) -> None:
    if isinstance(value, Mapping):
        for key, inner in value.items():
            if isinstance(inner, list):
                holder = ET.SubElement(parent, key)
                for entry in inner:
                    _to_xml(ET.SubElement(holder, key.rstrip("s") or key), entry)
            else:
                _to_xml(ET.SubElement(parent, key), inner)
    elif value is None:
        parent.text = ""
    elif isinstance(value, bool):
        parent.text = "true" if value else "false"
    else:
        parent.text = str(value)


def _error(fmt: str, status: int, description: str) -> HttpResponse:
    return _respond(
        fmt, "errors", "error", [{"code": status, "description": description}], status=status
    )


@require_GET
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        return _error("json", 404, "Use .json or .xml")
    data = {
        "changeset": CHANGESET,
        "contact": settings.DEFAULT_FROM_EMAIL,
        "key_service": "POST needs no key; it is rate-limited per address.",
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": absolute_url("/open311/v2", request),
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    if fmt == "json":
        return JsonResponse(data)
    root = ET.Element("discovery")
    for key in ("changeset", "contact", "key_service"):
        ET.SubElement(root, key).text = str(data[key])
    endpoints = ET.SubElement(root, "endpoints")
    for endpoint in data["endpoints"]:  # type: ignore[attr-defined]
        node = ET.SubElement(endpoints, "endpoint")
        for key in ("specification", "url", "changeset", "type"):
            ET.SubElement(node, key).text = endpoint[key]
        formats = ET.SubElement(node, "formats")
        for name in endpoint["formats"]:
            ET.SubElement(formats, "format").text = name
    return HttpResponse(
        ET.tostring(root, encoding="utf-8", xml_declaration=True),
        content_type="text/xml; charset=utf-8",
    )


@require_GET
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        return _error("json", 404, "Use .json or .xml")
    rows = [
        {
            "service_code": c.key,
            "service_name": c.name,
            "description": c.name,
            "metadata": False,
            "type": "realtime",
            "keywords": "",
            "group": "pengaduan",
        }
        for c in Category.objects.filter(is_active=True)
    ]
    return _respond(fmt, "services", "service", rows)


def request_row(complaint: Complaint, request: HttpRequest) -> dict[str, Any]:
    """One report in Open311's fields — never the complainant's identity."""
    notes = complaint.public_notes  # type: ignore[attr-defined]  # prefetched by _public()
    latest = notes[0] if notes else None
    return {
        "service_request_id": complaint.public_id,
        "status": "open" if complaint.is_open else "closed",
        "status_notes": latest.message if latest else "",
        "service_name": complaint.category.name
        if complaint.category
        else complaint.get_kind_display(),
        "service_code": complaint.category.key if complaint.category else "",
        "description": f"{complaint.title}\n\n{complaint.description}",
        "agency_responsible": complaint.unit.name if complaint.unit else complaint.agency.name,
        "service_notice": "",
        "requested_datetime": _iso(complaint.received_at),
        "updated_datetime": _iso(complaint.updated_at),
        "expected_datetime": _iso(complaint.due_at),
        "address": complaint.location,
        "address_id": "",
        "zipcode": "",
        "lat": None,
        "long": None,
        "media_url": "",
        "prima_status": complaint.status,
        "tahap": workflow.STAGE_LABELS[workflow.STAGE_OF[complaint.status]],
        "type": complaint.kind,
    }


def _public() -> QuerySet[Complaint]:
    notes = Event.objects.filter(is_public=True).exclude(message="").order_by("-at", "-pk")
    return (
        access.public_complaints()
        .select_related("agency", "unit", "category")
        .prefetch_related(Prefetch("events", queryset=notes, to_attr="public_notes"))
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        return _error("json", 404, "Use .json or .xml")
    if request.method == "POST":
        return _create(request, fmt)
    rows = _public()
    params = request.GET
    ids = [i for i in params.get("service_request_id", "").split(",") if i]
    if ids:
        rows = rows.filter(public_id__in=ids)
    else:
        start = parse_datetime(params["start_date"]) if params.get("start_date") else None
        end = parse_datetime(params["end_date"]) if params.get("end_date") else None
        if (params.get("start_date") and start is None) or (params.get("end_date") and end is None):
            return _error(
                fmt,
                400,
                "start_date and end_date are W3C datetimes, e.g. 2026-11-01T00:00:00+07:00",
            )
        if start is None and end is None:
            start = timezone.now() - dt.timedelta(days=DEFAULT_DAYS)
        if start is not None:
            rows = rows.filter(received_at__gte=start)
        if end is not None:
            rows = rows.filter(received_at__lte=end)
        codes = [c for c in params.get("service_code", "").split(",") if c]
        if codes:
            rows = rows.filter(category__key__in=codes)
        status = params.get("status", "")
        if status == "open":
            rows = rows.exclude(status__in=[Status.CLOSED, Status.ARCHIVED])
        elif status == "closed":
            rows = rows.filter(status=Status.CLOSED)
        elif status:
            return _error(fmt, 400, "status is open or closed")
        if params.get("agency"):
            rows = rows.filter(agency__code=params["agency"])
    return _respond(
        fmt,
        "service_requests",
        "request",
        [request_row(c, request) for c in rows.order_by("-received_at")[:LIMIT]],
    )


@require_GET
def request_detail(request: HttpRequest, public_id: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        return _error("json", 404, "Use .json or .xml")
    complaint = _public().filter(public_id=public_id).first()
    if complaint is None:
        return _error(fmt, 404, "No public request has this id.")
    return _respond(fmt, "service_requests", "request", [request_row(complaint, request)])


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    if ratelimit.hit(
        "open311", client_ip(request), limit=settings.PRIMA_COMPLAINT_RATE_PER_HOUR, window=3600
    ):
        return _error(fmt, 429, "Too many requests from this address; try again later.")
    data = request.POST
    description = data.get("description", "").strip()
    if len(description) < 20:
        return _error(fmt, 400, "description is required (at least 20 characters).")
    category = None
    if data.get("service_code"):
        category = Category.objects.filter(key=data["service_code"], is_active=True).first()
        if category is None:
            return _error(fmt, 400, "service_code is not one of /services.")
    unit = None
    if data.get("unit"):
        unit = (
            ServiceUnit.objects.filter(code=data["unit"], is_active=True)
            .select_related("agency")
            .first()
        )
        if unit is None:
            return _error(fmt, 400, "unit is not a listed unit code.")
    agency = (
        unit.agency
        if unit
        else Agency.objects.filter(code=data.get("jurisdiction_id", ""), is_active=True).first()
    )
    if agency is None:
        return _error(fmt, 400, "Give jurisdiction_id (an agency code) or unit (a unit code).")
    kind = data.get("type", Kind.COMPLAINT)
    if kind not in Kind.values:
        return _error(fmt, 400, "type is pengaduan, aspirasi or permintaan_informasi.")
    yes = {"1", "true", "yes", "on"}
    name = " ".join(p for p in (data.get("first_name", ""), data.get("last_name", "")) if p).strip()
    try:
        filed = actions.file_complaint(
            agency=agency,
            unit=unit,
            kind=kind,
            category=category,
            title=(data.get("title") or description.splitlines()[0])[:200],
            description=description,
            location=data.get("address_string", "")[:300],
            is_anonymous=data.get("anonymous", "").lower() in yes,
            is_secret=data.get("secret", "").lower() in yes,
            identity={"name": name, "email": data.get("email", ""), "phone": data.get("phone", "")},
            channel=Channel.OPEN311,
        )
    except ValidationError as error:
        return _error(fmt, 400, " ".join(error.messages))
    row = {
        "service_request_id": filed.complaint.public_id,
        "service_notice": "Diverifikasi paling lama 3 hari kerja.",
        "account_id": None,
        "tracking_code": filed.tracking_code,
        "expected_datetime": _iso(filed.complaint.due_at),
    }
    return _respond(fmt, "service_requests", "request", [row], status=201)
