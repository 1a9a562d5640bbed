"""Reads for registry pages, exports and the API, with their joins done here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils.translation import gettext as _

from prima.registry import search, search_index, unit_tasks
from prima.registry.models import Agency, CoordinationRegion, Region, Service, ServiceUnit


def search_units(
    units: QuerySet[ServiceUnit],
    *,
    q: str = "",
    region_prefix: str = "",
    kind: str = "",
    agency_code: str = "",
) -> QuerySet[ServiceUnit]:
    """Filter a set of units by words, region (a Kemendagri code prefix), type and agency:
    the staff lists and the API, over units listed or not (the public directory searches its
    index instead: `directory_search`).

    Each word (or its stem, spelling correction or synonym: registry/search.py) must appear in
    the unit's name, code, type, agency name, or region name, or name the unit's type; so
    "dukcapil buru" finds Disdukcapil Kabupaten Buru and "rumah sakit" every RSUD.
    """
    tokens = search.tokens_of(q)
    if tokens:
        known, candidates = search_index.vocabulary_of(tokens)
        for term in search.parse(q, vocabulary=known, candidates=candidates).terms:
            units = units.filter(_unit_words(term))
    if region_prefix:
        units = units.filter(
            Q(region__code=region_prefix) | Q(region__code__startswith=f"{region_prefix}.")
        )
    if kind:
        units = units.filter(kind=kind)
    if agency_code:
        units = units.filter(agency__code=agency_code)
    return units.select_related("agency", "region", "region__parent").order_by("region_id", "name")


def _unit_words(term: search.Term) -> Q:
    """A substring of the unit's name, code, type, agency or region is one of the term's
    words or their stems (of four letters or more: shorter ones are inside too many words),
    or the unit is of a type the term names."""
    words = set(term.words)
    words.update(s for phrase in term.phrases if len(s := " ".join(phrase)) >= 4)
    q = Q(kind__in=sorted(term.kinds)) if term.kinds else Q()
    for word in sorted(words):
        for path in ("name", "code", "agency__name", "region__name", "kind"):
            q |= Q(**{f"{path}__icontains": word})
    return q


@dataclass
class DirectoryResults:
    query: search.Query
    units: QuerySet[ServiceUnit]
    services: search_index.ServiceHits | None


def directory_search(
    units: QuerySet[ServiceUnit],
    *,
    q: str = "",
    region_prefix: str = "",
    kind: str = "",
    first_region: str = "",
) -> DirectoryResults:
    """The public directory's search (issue 22, ADR 0014): the services whose words match `q`
    — from the whole country, those in `first_region` (a Kemendagri code prefix) first — and
    the units of `units` in `region_prefix` and of `kind` that match by their own words or by
    one of their services'.

    A unit type's topics ("KTP" → Disdukcapil) find units of that type, but services only by
    their own words ("KTP" lists the KTP-el services, not every Disdukcapil service) — unless
    no service matches so: then the services of units of those types are listed ("rawat inap"
    finds the RSUDs' services even when none is called so).
    """
    units = search_units(units, region_prefix=region_prefix, kind=kind)
    tokens = search.tokens_of(q)
    if not tokens:
        return DirectoryResults(query=search.Query(()), units=units, services=None)
    known, candidates = search_index.vocabulary_of(tokens)
    query = search.parse(q, vocabulary=known, candidates=candidates)
    services = search_index.ServiceHits(query, region_prefix=first_region, kind=kind)
    queries = [query]
    if query.points_to_kinds and not services.count():
        queries.append(query.with_kinds())
        services = search_index.ServiceHits(queries[-1], region_prefix=first_region, kind=kind)
    sql, params = search_index.units_matching(queries)
    units = units.filter(pk__in=RawSQL(sql, params))  # noqa: S611 - parameters, not text
    return DirectoryResults(query=query, units=units, services=services)


def service_name_taken(unit: ServiceUnit, name: str, *, exclude_pk: int | None = None) -> bool:
    """Whether the unit already offers a service of this name, ignoring case."""
    services = Service.objects.filter(unit=unit, name__iexact=name)
    if exclude_pk is not None:
        services = services.exclude(pk=exclude_pk)
    return services.exists()


def search_agencies(
    agencies: QuerySet[Agency], *, q: str = "", kind: str = "", region_prefix: str = ""
) -> QuerySet[Agency]:
    for word in q.split()[:8]:
        agencies = agencies.filter(
            Q(name__icontains=word) | Q(code__icontains=word) | Q(region__name__icontains=word)
        )
    if kind:
        agencies = agencies.filter(kind=kind)
    if region_prefix:
        agencies = agencies.filter(
            Q(region__code=region_prefix) | Q(region__code__startswith=f"{region_prefix}.")
        )
    return agencies.select_related("region").annotate(unit_count=Count("units")).order_by("name")


def provinces_overview() -> QuerySet[Region]:
    """Every province with its regency/city count and its number of listed units."""
    return (
        Region.objects.filter(level=Region.Level.PROVINCE)
        .select_related("coordination_region")
        .annotate(
            regency_count=Count("children", filter=Q(children__is_active=True), distinct=True),
        )
        .order_by("code")
    )


def listed_unit_counts_by_province() -> dict[str, int]:
    """Listed units per province code, in one query."""
    rows = (
        ServiceUnit.objects.filter(is_active=True, agency__is_active=True)
        .annotate(province=Substr("region_id", 1, 2))
        .values("province")
        .annotate(n=Count("id"))
    )
    return {row["province"]: row["n"] for row in rows}


def regencies_of(province: Region) -> QuerySet[Region]:
    return (
        province.children.filter(is_active=True)
        .annotate(
            unit_count=Count(
                "units", filter=Q(units__is_active=True, units__agency__is_active=True)
            )
        )
        .order_by("code")
    )


def coordination_regions_overview() -> list[dict[str, Any]]:
    return [
        {"region": region, "provinces": list(region.provinces.order_by("code"))}
        for region in CoordinationRegion.objects.prefetch_related("provinces").order_by("code")
    ]


def unit_tasks_of(unit: ServiceUnit, *, now: dt.datetime) -> list[unit_tasks.Task]:
    """What a citizen can do at `unit`, in the order of its page: rate its service (while a
    survey is open), report a problem, see what to bring, read the results and what was done
    about them, and the F-03 form while an evaluation collects ratings. The open ones come
    from the modules that know (unit_tasks.offered): a query or two each."""
    code = unit.code
    tasks = [
        unit_tasks.Task(
            unit_tasks.REPORT,
            _("Report a problem"),
            _("A complaint or a suggestion; you may stay anonymous."),
            reverse("complaints:new_for_unit", args=[code]),
        ),
        unit_tasks.Task(
            unit_tasks.BRING,
            _("What to bring"),
            _("Requirements, steps, time and fees of each service."),
            reverse("standards:passport", args=[code]),
        ),
        unit_tasks.Task(
            unit_tasks.RESULTS,
            _("Survey results and what was done"),
            _("What service users said and how the unit followed up."),
            reverse("unit_ikm", args=[code]),
        ),
        *unit_tasks.offered(unit, now=now),
    ]
    return sorted(tasks, key=attrgetter("order"))
