"""Registry pages: the public directory and region browser, and the staff pages to manage
agencies, service units, services and coordination regions.

Views parse input, fetch through prima.registry.access, call an action or a query, render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from prima.accounts.requests import AuthenticatedHttpRequest
from prima.lib.exports import stream_csv
from prima.lib.history import describe
from prima.lib.views import form_page, page_of
from prima.registry import access, actions, opening_hours, queries
from prima.registry.forms import (
    AgencyForm,
    CoordinationRegionForm,
    DirectoryFilterForm,
    ServiceForm,
    UnitForm,
)
from prima.registry.models import Agency, Region, Service, ServiceUnit


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _directory_filters(request: HttpRequest) -> tuple[DirectoryFilterForm, dict[str, Any]]:
    """The search form of the directory and the staff unit list, and the filters it gives
    for queries.search_units (an invalid value is ignored, never an error)."""
    form = DirectoryFilterForm(request.GET or None)
    if not form.is_valid():
        return form, {}
    data = form.cleaned_data
    return form, {
        "q": data["q"],
        "region_prefix": data["province"].code if data["province"] else "",
        "kind": data["kind"],
    }


# --- public ---------------------------------------------------------------------------------
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "unit_count": access.public_units().count(),
        "agency_count": Agency.objects.filter(is_active=True).count(),
        "province_count": Region.objects.filter(level=1, is_active=True).count(),
        "regency_count": Region.objects.filter(level=2, is_active=True).count(),
        "filter_form": DirectoryFilterForm(),
    }
    return render(request, "registry/home.html", context)


def directory(request: HttpRequest) -> HttpResponse:
    """The public directory of service units: search, filter by province and type."""
    form, filters = _directory_filters(request)
    region_code = request.GET.get("region", "")
    if region_code and Region.objects.filter(code=region_code).exists():
        filters["region_prefix"] = region_code
    units = queries.search_units(access.public_units(), **filters)
    context = {"form": form, "page": page_of(request, units), "region_code": region_code}
    template = "registry/directory.html#results" if _is_htmx(request) else "registry/directory.html"
    return render(request, template, context)


def unit_public(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's page in the public directory: services, hours in local time, contact."""
    unit = access.get_public_unit(code)
    periods = opening_hours.parse(unit.opening_hours or [])
    local_now = timezone.now().astimezone(unit.region.zoneinfo)
    days = opening_hours.day_names(request.LANGUAGE_CODE)  # type: ignore[attr-defined]
    week = [
        {"day": days[i], "hours": opening_hours.format_day(p), "today": i == local_now.weekday()}
        for i, p in enumerate(opening_hours.by_day(periods))
    ]
    context = {
        "unit": unit,
        "services": unit.services.filter(is_active=True).order_by("name"),
        "week": week,
        "has_hours": bool(periods),
        "open_now": opening_hours.is_open(periods, local_now),
        "local_now": local_now,
    }
    return render(request, "registry/unit_public.html", context)


def regions(request: HttpRequest) -> HttpResponse:
    """All 38 provinces with time zone, coordination region and counts."""
    counts = queries.listed_unit_counts_by_province()
    provinces = list(queries.provinces_overview())
    for province in provinces:
        province.unit_count = counts.get(province.code, 0)  # type: ignore[attr-defined]
    context = {
        "provinces": provinces,
        "regency_total": sum(p.regency_count for p in provinces),  # type: ignore[attr-defined]
    }
    return render(request, "registry/regions.html", context)


def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    region = get_object_or_404(
        Region.objects.select_related("parent", "coordination_region"), code=code
    )
    context: dict[str, Any] = {"region": region}
    context["agencies"] = Agency.objects.filter(region=region, is_active=True)
    # Units serving this region itself: a province's own offices, or a regency's units.
    context["units"] = queries.search_units(access.public_units()).filter(region=region)
    if region.level == Region.Level.PROVINCE:
        context["regencies"] = queries.regencies_of(region)
    return render(request, "registry/region_detail.html", context)


# --- staff: home ----------------------------------------------------------------------------
@login_required
def manage_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "memberships": request.user.memberships.select_related("agency", "unit", "region"),
        "agency_count": access.agencies_visible_to(request.user).count(),
        "unit_count": access.units_visible_to(request.user).count(),
    }
    return render(request, "registry/manage_home.html", context)


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
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        agency = actions.create_agency(actor=request.user, code=data.pop("code"), **data)
        messages.success(request, _("Agency %(name)s created.") % {"name": agency.name})
        return redirect("manage:agency_detail", code=agency.code)
    return form_page(request, form, _("New agency"), reverse("manage:agency_list"))


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
    form = AgencyForm(request.POST or None, instance=agency)
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
    form, filters = _directory_filters(request)
    units = queries.search_units(access.units_visible_to(request.user), **filters)
    if request.GET.get("format") == "csv":
        return _units_csv(units)
    context = {"form": form, "page": page_of(request, units), "query": request.GET.urlencode()}
    template = "registry/unit_list.html#results" if _is_htmx(request) else "registry/unit_list.html"
    return render(request, template, context)


def _units_csv(units: Any) -> HttpResponseBase:
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
    return stream_csv("prima-service-units.csv", header, rows)


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
