"""The registry's public pages: the start page, the directory of service units, a unit's
page, and the region browser. Anyone may read them; they show listed units only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from prima.lib.views import page_of, query_without
from prima.registry import access, opening_hours, queries, search
from prima.registry.forms import DirectoryFilterForm, directory_filters
from prima.registry.models import Agency, Region, Service


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
    """The public directory: what a visitor searches for — services, and the units that offer
    them or match by their own words — filtered by province (or region) and type."""
    form, filters = directory_filters(request.GET)
    region_code = request.GET.get("region", "")
    if region_code and Region.objects.filter(code=region_code).exists():
        filters["region_prefix"] = region_code
    region_prefix = filters.get("region_prefix", "")
    found = queries.directory_search(
        access.public_units(),
        q=filters.get("q", ""),
        region_prefix=region_prefix,
        kind=filters.get("kind", ""),
        # Services are listed from the whole country, the chosen region's first (issue 22).
        first_region=region_prefix,
    )
    services: Page[Service] | None = None
    if found.services is not None:
        # ServiceHits reads a page at a time: slices and a count, what Paginator uses.
        hits = cast("Sequence[Service]", found.services)
        services = Paginator(hits, search.SERVICES_PER_PAGE).get_page(request.GET.get("spage"))
    context = {
        "form": form,
        "page": page_of(request, found.units),
        "region_code": region_code,
        "services": services,
        "searched": bool(found.query),
        "unit_query": query_without(request, "page"),
        "service_query": query_without(request, "spage"),
    }
    htmx = request.headers.get("HX-Request") == "true"
    template = "registry/directory.html#results" if htmx else "registry/directory.html"
    return render(request, template, context)


def unit_public(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's page in the public directory: what a citizen can do there first, then hours
    in local time, contact and services."""
    unit = access.get_public_unit(code)
    now = timezone.now()
    periods = opening_hours.parse(unit.opening_hours or [])
    local_now = now.astimezone(unit.region.zoneinfo)
    days = opening_hours.day_names(request.LANGUAGE_CODE)  # type: ignore[attr-defined]
    week = [
        {"day": days[i], "hours": opening_hours.format_day(p), "today": i == local_now.weekday()}
        for i, p in enumerate(opening_hours.by_day(periods))
    ]
    tasks = queries.unit_tasks_of(unit, now=now)
    context = {
        "unit": unit,
        "tasks": [task for task in tasks if task.url],
        "closed_tasks": [task for task in tasks if not task.url],
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
