"""Registry staff pages: agencies, service units, services and coordination regions (the
staff start page is prima.insights.start_views). The public directory and region browser are
in public_views.

Views parse input, fetch through prima.registry.access, call an action or a query, render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from prima.accounts.requests import AuthenticatedHttpRequest
from prima.lib.exports import CsvDialect, dialect_of, stream_csv
from prima.lib.history import describe
from prima.lib.views import form_page, page_of
from prima.registry import access, actions, opening_hours, queries
from prima.registry.forms import (
    AgencyForm,
    CoordinationRegionForm,
    ServiceForm,
    UnitForm,
    directory_filters,
)
from prima.registry.models import Agency, Region, Service, ServiceUnit


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


# --- staff: agencies ------------------------------------------------------------------------
@login_required
def agency_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind", "")
    kind = kind if kind in Agency.Kind.values else ""
    agencies = queries.search_agencies(access.agencies_visible_to(request.user), q=q, kind=kind)
    context = {
        "page": page_of(request, agencies),
        "q": q,
        "kind": kind,
        "kinds": Agency.Kind.choices,
        "can_create": access.can_create_agency(request.user),
    }
    template = (
        "registry/agency_list.html#results" if _is_htmx(request) else "registry/agency_list.html"
    )
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def agency_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_create_agency(request.user):
        access.deny(request.user, "agency", "new", write=True)
    form = AgencyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        agency = actions.create_agency(actor=request.user, code=data.pop("code"), **data)
        messages.success(request, _("Agency %(name)s created.") % {"name": agency.name})
        return redirect("manage:agency_detail", code=agency.code)
    return form_page(request, form, _("New agency"), reverse("manage:agency_list"), multipart=True)


@login_required
def agency_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    agency, rights = access.get_agency_for_user(request.user, code)
    units = access.units_visible_to(request.user).filter(agency=agency).select_related("region")
    units = units.annotate(service_count=Count("services", filter=Q(services__is_active=True)))
    context = {
        "agency": agency,
        "units": units.order_by("name"),
        "rights": rights,
    }
    return render(request, "registry/agency_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agency_edit(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    agency, rights = access.get_agency_for_user(request.user, code, write=True)
    form = AgencyForm(request.POST or None, request.FILES or None, instance=agency)
    for name in form.fields:
        # Agency administrators keep their agency's kind, region and listing as set nationally.
        if name not in rights.fields:
            form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        actions.update_agency(agency, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect("manage:agency_detail", code=agency.code)
    return form_page(
        request,
        form,
        _("Edit %(name)s") % {"name": agency.name},
        reverse("manage:agency_detail", args=[agency.code]),
        multipart=True,
    )


@login_required
def agency_history(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    agency, rights = access.get_agency_for_user(request.user, code, write=True)
    records = Agency.history.filter(id=agency.pk).select_related("history_user")  # type: ignore[attr-defined]
    page = page_of(request, records.order_by("-history_date"), 50)
    context = {"object": agency, "page": page, "changes": describe(page.object_list)}
    return render(request, "registry/history.html", context)


# --- staff: units ---------------------------------------------------------------------------
@login_required
def unit_list(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    form, filters = directory_filters(request.GET)
    units = queries.search_units(access.units_visible_to(request.user), **filters)
    if request.GET.get("format") == "csv":
        return _units_csv(units, dialect=dialect_of(request.GET))
    context = {"form": form, "page": page_of(request, units), "query": request.GET.urlencode()}
    template = "registry/unit_list.html#results" if _is_htmx(request) else "registry/unit_list.html"
    return render(request, template, context)


def _units_csv(units: Any, *, dialect: CsvDialect) -> HttpResponseBase:
    header = [
        "code",
        "name",
        "type",
        "agency_code",
        "agency",
        "region_code",
        "region",
        "delivery_mode",
        "address",
        "phone",
        "email",
        "website",
        "listed",
    ]
    rows = (
        [
            u.code,
            u.name,
            u.kind,
            u.agency.code,
            u.agency.name,
            u.region_id,
            u.region.display_name,
            u.delivery_mode,
            u.address,
            u.phone,
            u.email,
            u.website,
            "yes" if u.is_active else "no",
        ]
        for u in units.iterator(chunk_size=500)
    )
    return stream_csv("prima-service-units.csv", header, rows, dialect=dialect)


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: AuthenticatedHttpRequest, agency_code: str) -> HttpResponse:
    agency, rights = access.get_agency_for_user(request.user, agency_code)
    if not rights.add_unit:
        access.deny(request.user, "service_unit", f"new in {agency_code}", write=True)
    initial = {"region": agency.region} if agency.region else {}
    form = UnitForm(request.POST or None, initial=initial, agency=agency)
    if request.method == "POST" and form.is_valid():
        unit = actions.create_unit(
            actor=request.user,
            agency=agency,
            code=form.cleaned_data["code"],
            **form.changes(),
        )
        messages.success(request, _("Service unit %(name)s created.") % {"name": unit.name})
        return redirect("manage:unit_detail", code=unit.code)
    title = _("New service unit in %(agency)s") % {"agency": agency.name}
    return form_page(request, form, title, reverse("manage:agency_detail", args=[agency.code]))


@login_required
def unit_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    unit, rights = access.get_unit_for_user(request.user, code)
    periods = opening_hours.parse(unit.opening_hours or [])
    days = opening_hours.day_names(request.LANGUAGE_CODE)  # type: ignore[attr-defined]
    context = {
        "unit": unit,
        "services": unit.services.order_by("-is_active", "name"),
        "week": [
            {"day": days[i], "hours": opening_hours.format_day(p)}
            for i, p in enumerate(opening_hours.by_day(periods))
        ],
        "rights": rights,
    }
    return render(request, "registry/unit_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    unit, rights = access.get_unit_for_user(request.user, code, write=True)
    allowed = rights.fields
    form = UnitForm(request.POST or None, instance=unit, editable=allowed)
    if request.method == "POST" and form.is_valid():
        actions.update_unit(unit, actor=request.user, allowed=allowed, **form.changes())
        messages.success(request, _("Changes saved."))
        return redirect("manage:unit_detail", code=unit.code)
    title = _("Edit %(name)s") % {"name": unit.name}
    return form_page(request, form, title, reverse("manage:unit_detail", args=[unit.code]))


@login_required
def unit_history(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Changes to the unit and to its services, newest first."""
    unit, rights = access.get_unit_for_user(request.user, code, write=True)
    unit_records = list(
        ServiceUnit.history.filter(id=unit.pk)
        .select_related("history_user")
        .order_by("-history_date")[:200]  # type: ignore[attr-defined]
    )
    service_records = list(
        Service.history.filter(unit_id=unit.pk)
        .select_related("history_user")
        .order_by("-history_date")[:200]  # type: ignore[attr-defined]
    )
    records = sorted(unit_records + service_records, key=lambda r: r.history_date, reverse=True)
    page = page_of(request, records, 50)
    context = {"object": unit, "page": page, "changes": describe(page.object_list)}
    return render(request, "registry/history.html", context)


# --- staff: services ------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def service_create(request: AuthenticatedHttpRequest, unit_code: str) -> HttpResponse:
    unit, rights = access.get_unit_for_user(request.user, unit_code, write=True)
    form = ServiceForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        service = actions.create_service(actor=request.user, unit=unit, **form.cleaned_data)
        messages.success(request, _("Service %(name)s added.") % {"name": service.name})
        return redirect("manage:unit_detail", code=unit.code)
    title = _("New service at %(unit)s") % {"unit": unit.name}
    return form_page(request, form, title, reverse("manage:unit_detail", args=[unit.code]))


@login_required
@require_http_methods(["GET", "POST"])
def service_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    service = access.get_service_for_user(request.user, pk, write=True)
    form = ServiceForm(request.POST or None, instance=service, unit=service.unit)
    if request.method == "POST" and form.is_valid():
        actions.update_service(service, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect("manage:unit_detail", code=service.unit.code)
    title = _("Edit %(name)s") % {"name": service.name}
    return form_page(request, form, title, reverse("manage:unit_detail", args=[service.unit.code]))


# --- staff: coordination regions ------------------------------------------------------------
@login_required
def coordination_regions(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "regions": queries.coordination_regions_overview(),
        "unassigned": Region.objects.filter(
            level=1, is_active=True, coordination_region__isnull=True
        ),
        "can_change": access.can_change_coordination_regions(request.user),
    }
    return render(request, "registry/coordination_regions.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def coordination_region_edit(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    region = access.get_coordination_region_for_user(request.user, code, write=True)
    form = CoordinationRegionForm(request.POST or None, instance=region)
    if request.method == "POST" and form.is_valid():
        actions.update_coordination_region(
            region,
            actor=request.user,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            provinces=form.cleaned_data["provinces"],
        )
        messages.success(request, _("Changes saved."))
        return redirect("manage:coordination_regions")
    title = _("Edit %(name)s") % {"name": region.name}
    return form_page(request, form, title, reverse("manage:coordination_regions"))
