"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), in JSON and XML.

- `discovery`, `services` (Prima's complaint categories), `requests` (GET: public reports;
  POST: file one) and `requests/<id>`.
- Only public reports are listed: never secret (*Rahasia*) ones, never archived ones, never
  anyone's identity.
- `status` is Open311's open/closed. Extensions carry Indonesian meaning: `prima_status` (the
  workflow state) and `tahap` (the public LAPOR! stage). `expected_datetime` is the due time of
  the current step.
- A POST returns, besides Open311's fields, the `tracking_code` and the `secret_code` (which
  opens the report with its number) — shown this once, as on the web form. It is checked by
  the web form's own rules (`ComplaintDetailsForm`); every problem is one entry of GeoReport's
  error list, naming the parameter.
- XML is always well-formed: characters XML 1.0 does not allow (control characters other than
  tab, newline and carriage return, non-characters) are left out where the XML is written,
  whatever is stored.
- The endpoints are described by an OpenAPI schema of their own, `/open311/v2/openapi.json`
  (prima.complaints.open311_schema), which CI holds them to (scripts/schemathesis.py).
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from prima.complaints import access, actions, open311_schema, workflow
from prima.complaints.forms import ComplaintDetailsForm
from prima.complaints.models import Category, Channel, Complaint, Event, Kind, Status
from prima.lib import ratelimit
from prima.lib.http import absolute_url, client_ip
from prima.lib.text import strip_control
from prima.registry.models import Agency, ServiceUnit

CHANGESET = "2026-12-01T00:00:00+07:00"
LIMIT = 1000
DEFAULT_DAYS = 90
FORMATS = {"json", "xml"}
# Parameters of a POST by the field of ComplaintDetailsForm they fill.
PARAMETER_OF = {
    "kind": "type",
    "title": "title",
    "description": "description",
    "location": "address_string",
    "latitude": "lat",
    "longitude": "long",
    "name": "first_name, last_name",
    "email": "email",
    "phone": "phone",
}


class Refused(Exception):
    """Bad input: one GeoReport error entry per problem."""

    def __init__(self, problems: list[str], status: int = 400) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems
        self.status = status


def _iso(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _respond(
    fmt: str, root: str, item: str | None, rows: Any, *, status: int = 200
) -> HttpResponse:
    """JSON as it is; XML with one `item` element per row under `root` (or `rows` itself under
    `root` when there is no item), every text made safe for XML here."""
    if fmt == "json":
        return JsonResponse(
            rows, safe=False, status=status, json_dumps_params={"ensure_ascii": False}
        )
    element = ET.Element(root)
    if item is None:
        _to_xml(element, rows)
    else:
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
        # Whatever is stored: XML 1.0 has no way to carry these (prima.lib.text).
        parent.text = strip_control(str(value))


def _errors(fmt: str, status: int, descriptions: list[str]) -> HttpResponse:
    rows = [{"code": status, "description": d} for d in descriptions]
    return _respond(fmt, "errors", "error", rows, status=status)


def _error(fmt: str, status: int, description: str) -> HttpResponse:
    return _errors(fmt, status, [description])


def _unknown_format() -> HttpResponse:
    return _error("json", 404, _("Use .json or .xml."))


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under /open311/: GeoReport's 404, in XML when the path asks for it."""
    fmt = "xml" if request.path.endswith(".xml") else "json"
    return _error(fmt, 404, _("There is no such Open311 endpoint."))


def openapi(request: HttpRequest) -> HttpResponse:
    """The OpenAPI 3 description of these endpoints."""
    return JsonResponse(open311_schema.schema())


@csrf_exempt  # read-only: any other method is a 405, not a CSRF 403
@require_GET
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        return _unknown_format()
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
    return _respond(fmt, "discovery", None, data)


@csrf_exempt  # read-only: any other method is a 405, not a CSRF 403
@require_GET
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        return _unknown_format()
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
        "lat": complaint.latitude,
        "long": complaint.longitude,
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
        return _unknown_format()
    try:
        if request.method == "POST":
            return _create(request, fmt)
        return _list(request, fmt)
    except Refused as refused:
        return _errors(fmt, refused.status, refused.problems)


def _datetime(params: Mapping[str, str], name: str) -> dt.datetime | None:
    """A W3C date, or date and time (open311_schema.W3C_DATETIME, as the schema says); without
    an offset it is local time (WIB, the default zone). One that reads like a date but does
    not exist (month 13, 30 February, 25:61, +99:00) is refused like any other bad value."""
    value = params.get(name, "")
    if not value:
        return None
    try:
        parsed = parse_datetime(value) if re.fullmatch(open311_schema.W3C_DATETIME, value) else None
        if parsed is not None:
            if timezone.is_naive(parsed):
                parsed = timezone.make_aware(parsed)
            parsed.astimezone(dt.UTC)  # out of range once in UTC (year 1 at +14:00)
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None:
        raise Refused(
            [_("%(name)s: a W3C date and time, e.g. 2026-11-01T00:00:00+07:00.") % {"name": name}]
        )
    return parsed


def _list(request: HttpRequest, fmt: str) -> HttpResponse:
    """Public reports: by id, or by date, category, status and agency. Every parameter given is
    checked, also those that ids make irrelevant."""
    params = request.GET
    problems: list[str] = []
    dates = {}
    for name in ("start_date", "end_date"):
        try:
            dates[name] = _datetime(params, name)
        except Refused as refused:
            problems += refused.problems
    status = params.get("status", "")
    if status not in {"", "open", "closed"}:
        problems.append(_("status: open or closed."))
    if problems:
        raise Refused(problems)
    rows = _public()
    ids = [i for i in params.get("service_request_id", "").split(",") if i]
    if ids:
        rows = rows.filter(public_id__in=ids)
    else:
        start, end = dates["start_date"], dates["end_date"]
        if start is None and end is None:
            start = timezone.now() - dt.timedelta(days=DEFAULT_DAYS)
        if start is not None:
            rows = rows.filter(received_at__gte=start)
        if end is not None:
            rows = rows.filter(received_at__lte=end)
        codes = [c for c in params.get("service_code", "").split(",") if c]
        if codes:
            rows = rows.filter(category__key__in=codes)
        if status == "open":
            rows = rows.exclude(status__in=[Status.CLOSED, Status.ARCHIVED])
        elif status == "closed":
            rows = rows.filter(status=Status.CLOSED)
        if params.get("agency"):
            rows = rows.filter(agency__code=params["agency"])
    return _respond(
        fmt,
        "service_requests",
        "request",
        [request_row(c, request) for c in rows.order_by("-received_at")[:LIMIT]],
    )


@csrf_exempt  # read-only: any other method is a 405, not a CSRF 403
@require_GET
def request_detail(request: HttpRequest, public_id: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        return _unknown_format()
    complaint = _public().filter(public_id=public_id).first()
    if complaint is None:
        return _error(fmt, 404, _("No public request has this id."))
    return _respond(fmt, "service_requests", "request", [request_row(complaint, request)])


def _title_from(description: str) -> str:
    """A title for a report sent without one: its first line, or its first words when the
    first line is too short to be a title."""
    lines = [line.strip() for line in description.strip().splitlines() if line.strip()]
    first = lines[0] if lines else ""
    title = first if len(first) >= 5 else " ".join(description.split())
    return title if len(title) <= 200 else title[:199].rstrip() + "…"


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    if ratelimit.hit(
        "open311", client_ip(request), limit=settings.PRIMA_COMPLAINT_RATE_PER_HOUR, window=3600
    ):
        raise Refused([_("Too many requests from this address; try again later.")], status=429)
    data = request.POST
    problems: list[str] = []
    category = None
    if data.get("service_code"):
        category = Category.objects.filter(key=data["service_code"], is_active=True).first()
        if category is None:
            problems.append(_("service_code: not one of /services."))
    unit = None
    if data.get("unit"):
        unit = (
            ServiceUnit.objects.filter(code=data["unit"], is_active=True)
            .select_related("agency")
            .first()
        )
        if unit is None:
            problems.append(_("unit: not the code of a listed unit."))
    agency: Agency | None = None
    if unit is not None:
        agency = unit.agency
    else:
        agency = Agency.objects.filter(code=data.get("jurisdiction_id", ""), is_active=True).first()
        if agency is None and not data.get("unit"):
            problems.append(_("jurisdiction_id: give an agency code here, or a unit code in unit."))
    yes = {"1", "true", "yes", "on"}
    description = data.get("description", "")
    derived_title = not data.get("title")
    details = ComplaintDetailsForm(
        {
            "kind": data.get("type", Kind.COMPLAINT),
            "title": _title_from(description) if derived_title else data["title"],
            "description": description,
            "location": data.get("address_string", ""),
            "latitude": data.get("lat", ""),
            "longitude": data.get("long", ""),
            "is_anonymous": data.get("anonymous", "").lower() in yes,
            "is_secret": data.get("secret", "").lower() in yes,
            "name": " ".join(
                p for p in (data.get("first_name", ""), data.get("last_name", "")) if p
            ),
            "email": data.get("email", ""),
            "phone": data.get("phone", ""),
        }
    )
    if not details.is_valid():
        for field, messages in details.errors.items():
            if field == "title" and derived_title and "description" in details.errors:
                continue  # the title was taken from the description: one problem, said once
            parameter = PARAMETER_OF.get(field)
            problems.extend(f"{parameter}: {m}" if parameter else str(m) for m in messages)
    if problems:
        raise Refused(problems)
    assert agency is not None
    try:
        filed = actions.file_complaint(
            agency=agency,
            unit=unit,
            category=category,
            channel=Channel.OPEN311,
            actor=None,  # the citizen's own, through an app
            **details.filing(),
        )
    except ValidationError as error:
        raise Refused(error.messages) from error
    row = {
        "service_request_id": filed.complaint.public_id,
        "service_notice": "Diverifikasi paling lama 3 hari kerja.",
        "account_id": None,
        "tracking_code": filed.tracking_code,
        "secret_code": filed.secret,
        "expected_datetime": _iso(filed.complaint.due_at),
    }
    return _respond(fmt, "service_requests", "request", [row], status=201)
