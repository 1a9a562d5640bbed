"""Reads for the MPP place pages (staff and public): the list of MPPs, an MPP's overview,
who is there today by floor, the services with what to bring, closures and national holidays.
Related rows are fetched here, so views cannot cause N+1 queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

import holidays
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import get_language

from prima.complaints.calendar import closed_days
from prima.complaints.models import CalendarDay
from prima.mpp.models import Closure, Counter, Mpp, Offering, Tenant, present_on
from prima.registry.models import Region, Service
from prima.standards import components as spec
from prima.standards.models import ServiceStandard
from prima.standards.queries import published_standards

SEARCH_MAX = 100


@dataclass(frozen=True)
class Filters:
    q: str = ""
    region: str = ""  # a province's or a regency's code

    @property
    def any(self) -> bool:
        return bool(self.q or self.region)


def filters_from(params: Mapping[str, str]) -> Filters:
    """Search words and a region code from a query string; anything unusable is dropped."""
    q = (params.get("q") or "").strip()[:SEARCH_MAX]
    region = (params.get("region") or "").strip()
    if region and not Region.objects.filter(code=region).exists():
        region = ""
    return Filters(q=q, region=region)


def filter_mpps(mpps: QuerySet[Mpp], filters: Filters) -> QuerySet[Mpp]:
    if filters.q:
        words = Q()
        for word in filters.q.split()[:8]:
            words &= (
                Q(unit__name__icontains=word)
                | Q(unit__region__name__icontains=word)
                | Q(unit__region__parent__name__icontains=word)
                | Q(unit__code__icontains=word)
            )
        mpps = mpps.filter(words)
    if filters.region:
        mpps = mpps.filter(
            Q(unit__region_id=filters.region) | Q(unit__region__parent_id=filters.region)
        )
    return mpps


def mpp_rows(mpps: QuerySet[Mpp], *, today: dt.date) -> QuerySet[Mpp]:
    """MPPs for a list: unit, region and manager, with the tenants present and services
    offered counted."""
    return (
        mpps.select_related("unit", "unit__region", "unit__region__parent", "manager")
        .annotate(
            n_tenants=Count(
                "tenants",
                filter=Q(tenants__joined_on__lte=today)
                & (Q(tenants__left_on__isnull=True) | Q(tenants__left_on__gt=today)),
                distinct=True,
            ),
            n_services=Count(
                "tenants__offerings",
                filter=Q(tenants__offerings__is_active=True),
                distinct=True,
            ),
        )
        .order_by("unit__name", "pk")
    )


def provinces() -> QuerySet[Region]:
    return Region.objects.filter(level=Region.Level.PROVINCE).order_by("name")


# --- one MPP, for staff ---------------------------------------------------------------------
def tenants_of(mpp: Mpp) -> list[Tenant]:
    """Every tenant, present or gone, with its counters and offerings (services of each)."""
    return list(
        mpp.tenants.select_related("agency", "home_unit")
        .prefetch_related(
            Prefetch("counters", queryset=Counter.objects.order_by("code")),
            Prefetch(
                "offerings",
                queryset=Offering.objects.select_related("service", "home_service").order_by(
                    "service__name"
                ),
            ),
        )
        .order_by("name")
    )


def services_not_offered(mpp: Mpp) -> QuerySet[Service]:
    """Services of the MPP's unit no tenant offers yet (to pick when adding an offering)."""
    return mpp.unit.services.filter(mpp_offering__isnull=True).order_by("name")


def upcoming_closures(mpp: Mpp, *, today: dt.date, limit: int = 10) -> list[Closure]:
    return list(mpp.closures.filter(date__gte=today).order_by("date")[:limit])


def past_closures(mpp: Mpp, *, today: dt.date, limit: int = 5) -> list[Closure]:
    return list(mpp.closures.filter(date__lt=today).order_by("-date")[:limit])


@dataclass(frozen=True)
class Holiday:
    date: dt.date
    name: str


def upcoming_holidays(*, today: dt.date, limit: int = 5) -> list[Holiday]:
    """The next national holidays and cuti bersama days (the complaints' working-day calendar,
    which offices and MPPs close on), with their names where known."""
    days = sorted(d for d in closed_days(around=today, skip_cuti_bersama=True) if d >= today)
    days = days[:limit]
    if not days:
        return []
    names = dict(CalendarDay.objects.filter(date__in=days).values_list("date", "name"))
    language = "en_US" if (get_language() or "id").startswith("en") else "id"
    known = holidays.country_holidays("ID", years={d.year for d in days}, language=language)
    return [Holiday(d, names.get(d) or str(known.get(d) or "")) for d in days]


# --- the public page ------------------------------------------------------------------------
@dataclass
class PublicOffering:
    offering: Offering
    standard: ServiceStandard | None  # the MPP service's standard, else the home service's
    from_home: bool  # the standard is the home office's
    requirements: list[str] = field(default_factory=list)


@dataclass
class PublicTenant:
    tenant: Tenant
    counters: list[Counter]
    offerings: list[PublicOffering]


@dataclass
class Floor:
    name: str
    tenants: list[PublicTenant]


def _standards_for(service_ids: set[int]) -> dict[int, ServiceStandard]:
    """The published standard of each service (the newest version in force)."""
    found: dict[int, ServiceStandard] = {}
    rows = published_standards().filter(service_id__in=service_ids).order_by("-version", "-pk")
    for standard in rows:
        found.setdefault(standard.service_id, standard)
    return found


def what_to_bring(offering: Offering, standards: Mapping[int, ServiceStandard]) -> PublicOffering:
    """What to bring for a service at the MPP: the requirements of its own published standard,
    else of the same service's standard at the tenant's home office (ADR 0017)."""
    standard = standards.get(offering.service_id)
    from_home = False
    if standard is None and offering.home_service_id is not None:
        standard = standards.get(offering.home_service_id)
        from_home = standard is not None
    requirements: list[str] = []
    if standard is not None:
        requirements = spec.component_lines(
            "persyaratan", (standard.components or {}).get("persyaratan")
        )
    return PublicOffering(offering, standard, from_home, requirements)


def public_floors(mpp: Mpp, *, today: dt.date) -> list[Floor]:
    """The tenants present today, by floor (in the order floors sort), each with its counters
    in use and the services it offers with what to bring."""
    tenants = list(
        mpp.tenants.filter(present_on(today))
        .prefetch_related(
            Prefetch("counters", queryset=Counter.objects.filter(is_active=True).order_by("code")),
            Prefetch(
                "offerings",
                queryset=Offering.objects.filter(is_active=True, service__is_active=True)
                .select_related("service", "home_service", "home_service__unit")
                .order_by("service__name"),
            ),
        )
        .order_by("floor", "name")
    )
    service_ids: set[int] = set()
    for tenant in tenants:
        for offering in tenant.offerings.all():
            service_ids.add(offering.service_id)
            if offering.home_service_id:
                service_ids.add(offering.home_service_id)
    standards = _standards_for(service_ids)
    rows = [
        PublicTenant(
            tenant,
            list(tenant.counters.all()),
            [what_to_bring(o, standards) for o in tenant.offerings.all()],
        )
        for tenant in tenants
    ]
    return [
        Floor(name, list(group)) for name, group in groupby(rows, key=lambda row: row.tenant.floor)
    ]


def map_link(mpp: Mpp) -> str:
    """A plain link that opens the location in the visitor's map app (no tiles here)."""
    if mpp.latitude is None or mpp.longitude is None:
        return ""
    return f"https://www.openstreetmap.org/?mlat={mpp.latitude}&mlon={mpp.longitude}#map=18/{mpp.latitude}/{mpp.longitude}"


def geo_link(mpp: Mpp) -> str:
    if mpp.latitude is None or mpp.longitude is None:
        return ""
    return f"geo:{mpp.latitude},{mpp.longitude}"


def overview(mpp: Mpp, *, today: dt.date) -> dict[str, Any]:
    """The figures on top of the staff page."""
    present = mpp.tenants.filter(present_on(today))
    return {
        "tenants_present": present.count(),
        "counters_in_use": Counter.objects.filter(tenant__in=present, is_active=True).count(),
        "services_offered": Offering.objects.filter(tenant__mpp=mpp, is_active=True).count(),
    }
