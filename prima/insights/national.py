"""Reading the national picture (issue 20): an area by its code, its children, and its figures
for a year and an audience, from the pre-aggregated tables (prima.insights.figures_store) in a
fixed number of queries. Codes and definitions: docs/guide/national-picture.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, Sum

from prima.evaluation.models import Cycle
from prima.insights import figures as fig
from prima.insights.figures_store import NONE_AREA, agency_area
from prima.insights.models import AreaFigures, GovernmentFigures, HolderFigures
from prima.registry.models import Agency, CoordinationRegion, Region, ServiceUnit

COUNTRY = "ID"


class Level:
    COUNTRY = "country"
    WILAYAH = "wilayah"
    PROVINCE = "province"
    REGENCY = "regency"
    AGENCY = "agency"
    UNIT = "unit"


@dataclass
class Area:
    code: str
    name: str
    level: str
    parent: str | None
    children: list[str] = field(default_factory=list)
    stored: list[str] = field(default_factory=list)  # AreaFigures.area keys summed
    holder: str | None = None  # a unit: its HolderFigures.holder
    governments: Q | None = None  # the regions whose governments count (None: none)
    instance: Any = None  # the Region, CoordinationRegion, Agency or ServiceUnit


def area(code: str) -> Area:
    """The area of a code; LookupError when there is none."""
    if code == COUNTRY:
        wilayah = list(CoordinationRegion.objects.order_by("code").values_list("code", flat=True))
        provinces = list(Region.objects.filter(level=1).values_list("code", flat=True))
        return Area(
            COUNTRY,
            "Indonesia",
            Level.COUNTRY,
            None,
            children=wilayah,
            stored=[*provinces, NONE_AREA],
            governments=Q(is_active=True),
        )
    if code.startswith("agency:"):
        agency = Agency.objects.select_related("region").filter(code=code[7:]).first()
        if agency is None:
            raise LookupError(code)
        units = agency.units.order_by("code").values_list("code", flat=True)
        regional = agency.kind in fig.REGIONAL_GOVERNMENTS and agency.region_id
        return Area(
            code,
            agency.name,
            Level.AGENCY,
            agency.region_id or COUNTRY,
            children=[f"unit:{u}" for u in units],
            stored=[agency_area(agency.pk)],
            governments=Q(code=agency.region_id) if regional else None,
            instance=agency,
        )
    if code.startswith("unit:"):
        unit = ServiceUnit.objects.select_related("agency", "region").filter(code=code[5:]).first()
        if unit is None:
            raise LookupError(code)
        return Area(
            code,
            unit.name,
            Level.UNIT,
            f"agency:{unit.agency.code}",
            holder=fig.unit_holder(unit.pk),
            instance=unit,
        )
    region = Region.objects.filter(code=code).first()
    if region is not None and region.level == Region.Level.PROVINCE:
        regencies = list(region.children.order_by("code").values_list("code", flat=True))
        return Area(
            code,
            region.display_name,
            Level.PROVINCE,
            region.coordination_region.code if region.coordination_region else COUNTRY,
            children=regencies,
            stored=[code],
            governments=Q(is_active=True) & (Q(code=code) | Q(parent_id=code)),
            instance=region,
        )
    if region is not None:
        agencies = (
            Agency.objects.filter(units__region=region)
            .distinct()
            .order_by("code")
            .values_list("code", flat=True)
        )
        return Area(
            code,
            region.display_name,
            Level.REGENCY,
            region.parent_id,
            children=[f"agency:{a}" for a in agencies],
            stored=[code],
            governments=Q(is_active=True, code=code),
            instance=region,
        )
    coordination = CoordinationRegion.objects.filter(code=code).first()
    if coordination is None:
        raise LookupError(code)
    provinces = list(coordination.provinces.order_by("code").values_list("code", flat=True))
    return Area(
        code,
        coordination.name,
        Level.WILAYAH,
        COUNTRY,
        children=provinces,
        stored=provinces,
        governments=Q(is_active=True) & (Q(code__in=provinces) | Q(parent_id__in=provinces)),
        instance=coordination,
    )


def cycle_for(year: int) -> Cycle | None:
    """The cycle a year shows: the latest published PEKPPP Nasional cycle of it or before."""
    shown = {y: pk for y, pk in fig.shown_cycles().items() if y <= year}
    if not shown:
        return None
    return Cycle.objects.get(pk=shown[max(shown)])


def summed(found: Area, years: set[int], audience: str) -> dict[int, dict[str, Any]]:
    """The area's summed data for these years: year → data."""
    keys: Any
    if found.holder is not None:
        rows = HolderFigures.objects.filter(holder=found.holder)
        keys = rows.filter(year__in=years, audience=audience).values_list("year", "data")
    else:
        keys = AreaFigures.objects.filter(
            area__in=found.stored, year__in=years, audience=audience
        ).values_list("year", "data")
    by_year: dict[int, fig.Sums] = {year: fig.Sums() for year in years}
    for year, data in keys:
        by_year[year].add(data)
    return {year: s.data for year, s in by_year.items()}


def coaching(found: Area, year: int) -> dict[str, Any]:
    if found.level == Level.UNIT:
        unit = found.instance
        regional = unit.agency.kind in fig.REGIONAL_GOVERNMENTS and unit.agency.region_id
        condition = Q(code=unit.agency.region_id) if regional else None
    else:
        condition = found.governments
    if condition is None:
        return {"governments": 0, "took_part": 0, "never": [], "tasks": 0, "tasks_done": 0}
    regions = Region.objects.filter(condition)
    codes = list(regions.order_by("code").values_list("code", flat=True))
    rows = GovernmentFigures.objects.filter(region__in=regions)
    ever = set(rows.filter(took_part=True).values_list("region_id", flat=True).distinct())
    this_year = rows.filter(year=year).aggregate(
        took=Sum("took_part"), tasks=Sum("tasks"), done=Sum("tasks_done")
    )
    return {
        "governments": len(codes),
        "took_part": int(this_year["took"] or 0),
        "never": [code for code in codes if code not in ever],
        "tasks": this_year["tasks"] or 0,
        "tasks_done": this_year["done"] or 0,
    }


def figures_of(found: Area, *, year: int, audience: str) -> dict[str, Any]:
    """The API's `figures` for an area already resolved."""
    cycle = cycle_for(year)
    data = summed(found, {fig.NOW, year} | ({cycle.year} if cycle else set()), audience)
    return {
        "units": data[fig.NOW].get("units", 0),
        "skm": fig.skm_figures(data[year], year),
        "ipp": fig.ipp_figures(data[cycle.year] if cycle else {}, cycle),
        "standards": fig.standards_figures(data[fig.NOW], data[year]),
        "complaints": fig.complaint_figures(data[year], audience),
        "coaching": coaching(found, year),
    }


def figures(code: str, *, year: int, audience: str) -> dict[str, Any]:
    """The figures of the area `code` (LookupError when there is none)."""
    return figures_of(area(code), year=year, audience=audience)
