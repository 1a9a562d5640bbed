"""Mal Pelayanan Publik as open data (issue 24): the published MPPs of listed units, the
tenants present and the services they offer there as they stand on the day of the build, and
each MPP's daily totals (prima.mpp.models.MppDay) — per year of the day, and all years.

What is not here: which tenant was absent on which day (the API gives the names to staff
only), counters, agreements and their files, complaints filed at the MPP, the MPP Digital
checklist's evidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.mpp.access import public_mpps
from prima.mpp.models import MppDay, Offering, Tenant, present_on
from prima.opendata import schema as s
from prima.opendata.datasets import DATASETS
from prima.opendata.datasets import registry as codes
from prima.registry.access import public_services, public_units

CHUNK = 2000
MPPS = "mpp"
TENANTS = "mpp_tenant"
SERVICES = "mpp_layanan"
DAYS = "mpp_harian"


def _average(total: int, count: int) -> float | None:
    return round(total / count, 1) if count else None


def _mpps(year: int | None) -> Iterator[Sequence[Any]]:
    listed = set(public_units().filter(managed_mpps__isnull=False).values_list("code", flat=True))
    rows = (
        public_mpps()
        .order_by("unit__code")
        .values_list(
            F("unit__code"),
            F("unit__name"),
            F("unit__agency__code"),
            F("unit__region_id"),
            F("manager__code"),
            "proposed_on",
            "soft_launched_on",
            "inaugurated_on",
            "latitude",
            "longitude",
            "is_digital_pilot",
            "digital_url",
        )
    )
    for row in rows.iterator(chunk_size=CHUNK):
        manager = row[4] if row[4] in listed else None  # an unlisted unit is not published
        yield (*row[:4], manager, *row[5:11], row[11] or None)


def _tenants(year: int | None) -> Iterator[Sequence[Any]]:
    today = timezone.localdate()
    rows = (
        Tenant.objects.filter(present_on(today), mpp__in=public_mpps())
        .order_by("mpp__unit__code", "name")
        .values_list(F("mpp__unit__code"), "name", "kind", "joined_on", "floor")
    )
    for code, name, kind, joined, floor in rows.iterator(chunk_size=CHUNK):
        yield (code, name, kind, joined, floor or None)


def _services(year: int | None) -> Iterator[Sequence[Any]]:
    today = timezone.localdate()
    present = Tenant.objects.filter(present_on(today), mpp__in=public_mpps())
    rows = (
        Offering.objects.filter(is_active=True, tenant__in=present, service__in=public_services())
        .order_by("tenant__mpp__unit__code", "service__name", "service_id")
        .values_list(
            F("tenant__mpp__unit__code"),
            "service_id",
            F("service__name"),
            F("tenant__name"),
            "walk_in",
            "pre_registration",
            "digital",
            "daily_quota",
        )
    )
    yield from rows.iterator(chunk_size=CHUNK)


def _days(year: int | None) -> Iterator[Sequence[Any]]:
    days = MppDay.objects.filter(mpp__in=public_mpps())
    if year is not None:
        days = days.filter(date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31))
    rows = days.order_by("mpp__unit__code", "date").values_list(
        F("mpp__unit__code"),
        "date",
        "visitors",
        "transactions",
        "wait_minutes",
        "service_minutes",
        "tenants",
        "tenants_absent",
        "counters",
        "counters_idle",
    )
    for code, day, visitors, done, wait, served, *rest in rows.iterator(chunk_size=CHUNK):
        averages = (_average(wait, done), _average(served, done))
        yield (code, day, visitors, done, wait, served, *averages, *rest)


def _years() -> list[int]:
    found = MppDay.objects.filter(mpp__in=public_mpps()).dates("date", "year")
    return sorted({day.year for day in found})


def mpp_code(name: str = "mpp_code") -> s.Field:
    return s.Field(
        name,
        _("MPP code"),
        "string",
        _("The MPP: its unit code in the MPP list."),
        required=True,
        refers_to=f"{MPPS}.code",
    )


def _count(name: str, title: Any, description: Any) -> s.Field:
    return s.Field(name, title, "integer", description, required=True, minimum=0)


def _minutes(name: str, title: Any, description: Any) -> s.Field:
    return s.Field(name, title, "number", description, minimum=0)


MPP_LIST = s.Resource(
    MPPS,
    _("MPPs"),
    _(
        "Published Mal Pelayanan Publik of listed units: who manages each, the dates from "
        "proposal to inauguration, where it is and whether it pilots MPP Digital."
    ),
    (
        s.Field(
            "code",
            _("MPP code"),
            "string",
            _("The MPP's service unit code (also in the units list)."),
            required=True,
            unique=True,
            refers_to=f"{codes.UNITS}.code",
        ),
        s.Field("name", _("Name"), "string", _("The MPP's name."), required=True),
        codes.agency_code(),
        codes.region_code(),
        codes.unit_code("manager_unit_code", required=False),
        s.Field("proposed_on", _("Proposed on"), "date", _("The day it was proposed.")),
        s.Field("soft_launched_on", _("Soft launch"), "date", _("The day it opened on trial.")),
        s.Field(
            "inaugurated_on",
            _("Inaugurated on"),
            "date",
            _("The day it was inaugurated; empty while it is not."),
        ),
        s.Field("latitude", _("Latitude"), "number", _("WGS 84 degrees."), minimum=-90, maximum=90),
        s.Field(
            "longitude",
            _("Longitude"),
            "number",
            _("WGS 84 degrees."),
            minimum=-180,
            maximum=180,
        ),
        s.Field(
            "is_digital_pilot",
            _("MPP Digital pilot"),
            "boolean",
            _("Whether it is one of the MPP Digital pilot locations."),
            required=True,
        ),
        s.Field("digital_url", _("MPP Digital address"), "string", _("A link, when given.")),
    ),
    key=("code",),
    rows=_mpps,
    yearly=False,
)
TENANT_LIST = s.Resource(
    TENANTS,
    _("Tenants of MPPs"),
    _("The agencies present at each MPP on the day of the build (instansi/tenant)."),
    (
        mpp_code(),
        s.Field("name", _("Tenant"), "string", _("The agency present."), required=True),
        s.Field(
            "kind",
            _("Kind"),
            "string",
            _(
                "vertikal (central government office), opd (regional government office), bumn "
                "(state-owned enterprise), bumd (regional enterprise) or swasta (private)."
            ),
            required=True,
            enum=tuple(Tenant.Kind.values),
        ),
        s.Field("joined_on", _("Joined on"), "date", _("The day it joined the MPP."), True),
        s.Field("floor", _("Floor"), "string", _("Where it sits, when given.")),
    ),
    key=("mpp_code", "name"),
    rows=_tenants,
    yearly=False,
)
SERVICE_LIST = s.Resource(
    SERVICES,
    _("Services at MPPs"),
    _(
        "The services offered at each MPP on the day of the build, by the tenant present that "
        "offers them, with their channels and daily quota."
    ),
    (
        mpp_code(),
        s.Field(
            "service_id",
            _("Service"),
            "integer",
            _("The service's number in the services list of the registry."),
            required=True,
            unique=True,
            refers_to=f"{codes.SERVICES}.id",
        ),
        s.Field("name", _("Service name"), "string", _("The service's name."), required=True),
        s.Field("tenant", _("Tenant"), "string", _("The tenant offering it."), required=True),
        s.Field("walk_in", _("Walk-in"), "boolean", _("Served without registering."), True),
        s.Field(
            "pre_registration",
            _("Online pre-registration required"),
            "boolean",
            _("A queue number must be taken online beforehand."),
            required=True,
        ),
        s.Field("digital", _("Also online"), "boolean", _("Also served online."), True),
        s.Field(
            "daily_quota",
            _("Daily quota"),
            "integer",
            _("Queue numbers given per day; empty when there is no quota."),
            minimum=0,
        ),
    ),
    key=("service_id",),
    rows=_services,
    yearly=False,
)
DAY_LIST = s.Resource(
    DAYS,
    _("Daily figures of MPPs"),
    _(
        "Each day an MPP reported figures: visitors, transactions, average minutes waited and "
        "served, tenants present and absent, counters in use and idle."
    ),
    (
        mpp_code(),
        s.Field("date", _("Date"), "date", _("The day."), required=True),
        _count("visitors", _("Visitors"), _("Queue numbers taken.")),
        _count("transactions", _("Transactions"), _("Visitors served.")),
        _count("wait_minutes", _("Minutes waited"), _("Minutes waited, in total.")),
        _count("service_minutes", _("Minutes served"), _("Minutes served, in total.")),
        _minutes(
            "average_wait_minutes",
            _("Average wait (minutes)"),
            _("Minutes waited over transactions, to one decimal; empty on a day without any."),
        ),
        _minutes(
            "average_service_minutes",
            _("Average service (minutes)"),
            _("Minutes served over transactions, to one decimal; empty on a day without any."),
        ),
        _count("tenants", _("Tenants present"), _("Tenants belonging to the MPP that day.")),
        _count(
            "tenants_absent",
            _("Tenants absent"),
            _("Tenants present on a working day with no counter staffed."),
        ),
        _count("counters", _("Counters"), _("Counters in use that day.")),
        _count(
            "counters_idle",
            _("Counters idle"),
            _("Counters in use, yet not opened or not staffed."),
        ),
    ),
    key=("mpp_code", "date"),
    rows=_days,
)

MPP = DATASETS.add(
    s.Dataset(
        name="mpp",
        title=_("Mal Pelayanan Publik (MPP)"),
        description=_(
            "The public service malls: each published MPP, the tenants present and the "
            "services offered there as they stand on the day of the build, and the daily "
            "totals the MPPs report — per year, and all years."
        ),
        producer=_("The regency and city governments that run the MPPs"),
        steward=_("The ministry's MPP programme administrators"),
        frequency="daily",
        theme=s.GOVERNMENT,
        keywords=(_("public service mall"), "MPP", _("integrated services"), _("queue")),
        resources=(MPP_LIST, TENANT_LIST, SERVICE_LIST, DAY_LIST),
        years=_years,
        code_lists=(
            codes.COORDINATION,
            codes.REGIONS,
            codes.AGENCIES,
            codes.UNITS,
            codes.SERVICES,
        ),
        definitions=(
            (
                _("Averages"),
                _(
                    "Minutes in total divided by transactions. To average several days or "
                    "MPPs, add their totals first, then divide."
                ),
            ),
            (
                _("Absent tenant"),
                _("A tenant present at the MPP with no counter staffed on a working day."),
            ),
        ),
        order=65,
    )
)
