"""The public MPP pages, no account needed: the list of published MPPs at /mpp/, searchable by
name and region, and an MPP's page — who is there today by floor, the services each offers with
how to get them and what to bring, opening hours, closures and national holidays, facilities,
where it is, and links to rate it (SKM) or file a complaint."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from prima.lib.views import page_of, query_without
from prima.mpp import access
from prima.mpp import place_queries as queries
from prima.registry import opening_hours
from prima.standards.queries import usable_facilities
from prima.surveys.queries import survey_path

# Public pages change when staff edit them; a few minutes in a browser's or proxy's cache is
# fine (signed-in users get no-store from prima.lib.middleware). Language comes from the
# cookie or the browser's languages.
CACHE_SECONDS = 300


def _cacheable(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    return response


def mpp_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filters = queries.filters_from(request.GET)
    rows = queries.mpp_rows(queries.filter_mpps(access.public_mpps(), filters), today=today)
    response = render(
        request,
        "mpp/public/list.html",
        {
            "page": page_of(request, rows, size=20),
            "query": query_without(request),
            "filters": filters,
            "provinces": queries.provinces(),
        },
    )
    return _cacheable(response)


def mpp_detail(request: HttpRequest, code: str) -> HttpResponse:
    mpp = access.get_public_mpp(code)
    unit = mpp.unit
    today = mpp.local_today()
    periods = opening_hours.parse(unit.opening_hours or [])
    local_now = timezone.now().astimezone(unit.region.zoneinfo)
    days = opening_hours.day_names(request.LANGUAGE_CODE)  # type: ignore[attr-defined]
    week = [
        {"day": days[i], "hours": opening_hours.format_day(p), "today": i == local_now.weekday()}
        for i, p in enumerate(opening_hours.by_day(periods))
    ]
    floors = queries.public_floors(mpp, today=today)
    response = render(
        request,
        "mpp/public/detail.html",
        {
            "mpp": mpp,
            "unit": unit,
            "floors": floors,
            "n_tenants": sum(len(f.tenants) for f in floors),
            "n_services": sum(len(t.offerings) for f in floors for t in f.tenants),
            "week": week,
            "has_hours": bool(periods),
            "closures": queries.upcoming_closures(mpp, today=today),
            "holidays": queries.upcoming_holidays(today=today),
            "facilities": list(usable_facilities(unit)),
            "map_link": queries.map_link(mpp),
            "geo_link": queries.geo_link(mpp),
            "survey_url": survey_path(unit),
            "complaint_url": reverse("complaints:new_for_unit", args=[unit.code]),
        },
    )
    return _cacheable(response)
