"""Reading the national picture (issue 20): an area by its code, its children, and its figures
for a year and an audience, from the pre-aggregated tables (prima.insights.figures_store) in a
fixed number of queries. Codes and definitions: docs/guide/national-picture.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Func, JSONField, Q

from prima.accounts.scope import Scope
from prima.evaluation.models import Cycle
from prima.insights import figures as fig
from prima.insights.figures_store import NONE_AREA, agency_area
from prima.insights.models import QUICK, AreaFigures, GovernmentFigures, HolderFigures
from prima.registry.models import Agency, CoordinationRegion, Region, ServiceUnit
from prima.surveys.models import PeriodResult

COUNTRY = "ID"

# The sums a table's row does not show: pooled answer counts, hours to an answer, aspects.
BULKY = ("skm_tally", "cmp_hours", "ipp_aspects")


class Slim(Func):
    """A figures document without its BULKY keys, cut in the database: decoding thousands of
    whole documents took most of a long table's time."""

    output_field = JSONField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} - %s - %s - %s)", [*params, *BULKY]

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"json_remove({sql}, %s, %s, %s)", [*params, *(f"$.{k}" for k in BULKY)]


def _data(light: bool) -> Any:
    return Slim("data") if light else F("data")


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
    hidden: set[str] = field(default_factory=set)  # children the public does not see
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
        units = list(agency.units.order_by("code").values_list("code", "is_active"))
        regional = agency.kind in fig.REGIONAL_GOVERNMENTS and agency.region_id
        return Area(
            code,
            agency.name,
            Level.AGENCY,
            agency.region_id or COUNTRY,
            children=[f"unit:{u}" for u, _active in units],
            hidden={f"unit:{u}" for u, active in units if not (active and agency.is_active)},
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
        agencies = list(
            Agency.objects.filter(units__region=region)
            .distinct()
            .order_by("code")
            .values_list("code", flat=True)
        )
        listed = set(
            Agency.objects.filter(
                is_active=True, units__region=region, units__is_active=True
            ).values_list("code", flat=True)
        )
        return Area(
            code,
            region.display_name,
            Level.REGENCY,
            region.parent_id,
            children=[f"agency:{a}" for a in agencies],
            hidden={f"agency:{a}" for a in agencies if a not in listed},
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


def all_provinces() -> Area:
    """Indonesia seen as its 38 provinces (for the country's map), read as a Wilayah is."""
    provinces = list(Region.objects.filter(level=1).order_by("code").values_list("code", flat=True))
    return Area(COUNTRY, "Indonesia", Level.WILAYAH, None, children=provinces, stored=provinces)


def cycle_for(year: int) -> Cycle | None:
    """The cycle a year shows: the latest published PEKPPP Nasional cycle of it or before."""
    shown = {y: pk for y, pk in fig.shown_cycles().items() if y <= year}
    if not shown:
        return None
    return Cycle.objects.get(pk=shown[max(shown)])


def summed(
    found: Area, years: set[int], audience: str, *, light: bool = False
) -> dict[int, dict[str, Any]]:
    """The area's summed data for these years: year → data (`light`: without the BULKY sums,
    for what shows no pooled elements, median or aspects)."""
    keys: Any
    if found.holder is not None:
        rows = HolderFigures.objects.filter(holder=found.holder)
        keys = rows.filter(year__in=years, audience=audience).values_list("year", _data(light))
    else:
        keys = AreaFigures.objects.filter(
            area__in=found.stored, year__in=years, audience=audience
        ).values_list("year", _data(light))
    by_year: dict[int, fig.Sums] = {year: fig.Sums() for year in years}
    for year, data in keys:
        by_year[year].add(data)
    return {year: s.data for year, s in by_year.items()}


def _coaching(
    regions: list[str], rows: list[tuple[str, int, bool, int, int]], year: int
) -> dict[str, Any]:
    """Coaching figures of these governments from their GovernmentFigures rows."""
    mine = set(regions)
    ever = {r for r, _y, took, _t, _d in rows if took and r in mine}
    this_year = [row for row in rows if row[1] == year and row[0] in mine]
    return {
        "governments": len(regions),
        "took_part": sum(1 for row in this_year if row[2]),
        "never": [code for code in sorted(regions) if code not in ever],
        "tasks": sum(row[3] for row in this_year),
        "tasks_done": sum(row[4] for row in this_year),
    }


def _government_condition(found: Area) -> Q | None:
    if found.level == Level.UNIT:
        agency = found.instance.agency
        regional = agency.kind in fig.REGIONAL_GOVERNMENTS and agency.region_id
        return Q(code=agency.region_id) if regional else None
    return found.governments


def _government_rows(regions: Iterable[str]) -> list[tuple[str, int, bool, int, int]]:
    return list(
        GovernmentFigures.objects.filter(region_id__in=list(regions)).values_list(
            "region_id", "year", "took_part", "tasks", "tasks_done"
        )
    )


def coaching(found: Area, year: int) -> dict[str, Any]:
    condition = _government_condition(found)
    if condition is None:
        return _coaching([], [], year)
    regions = list(Region.objects.filter(condition).values_list("code", flat=True))
    return _coaching(regions, _government_rows(regions), year)


def _panel(
    data: dict[int, dict[str, Any]],
    year: int,
    cycle: Cycle | None,
    audience: str,
    *,
    light: bool = False,
) -> dict[str, Any]:
    """The figures of summed data (all but coaching); `light` for a table's row, which shows
    no weakest elements."""
    return {
        "units": data.get(fig.NOW, {}).get("units", 0),
        "skm": fig.skm_figures(data.get(year, {}), year, elements=not light),
        "ipp": fig.ipp_figures(data.get(cycle.year, {}) if cycle else {}, cycle),
        "standards": fig.standards_figures(data.get(fig.NOW, {}), data.get(year, {})),
        "complaints": fig.complaint_figures(data.get(year, {}), audience, median=not light),
        "innovation": fig.innovation_figures(data.get(fig.NOW, {})),
        "mpp": fig.mpp_figures(data.get(fig.NOW, {})),  # mpp:reach
    }


def figures_of(found: Area, *, year: int, audience: str) -> dict[str, Any]:
    """The API's `figures` for an area already resolved."""
    cycle = cycle_for(year)
    data = summed(found, {fig.NOW, year} | ({cycle.year} if cycle else set()), audience)
    return {**_panel(data, year, cycle, audience), "coaching": coaching(found, year)}


@dataclass
class Child:
    """An area below another, or a unit of a kind, with its figures. For thousands of units
    the figures are made when first read (`make`), and `raw` — year → summed data — lets a
    ranking read one value without them (picture.Measure.quick)."""

    code: str
    name: str
    given: dict[str, Any] | None = None
    previous_ikm: float | None = None  # last year's mean IKM
    movement: str | None = None  # fig.RISE, FALL, NO_CLEAR_CHANGE; None without both years
    make: Callable[[], dict[str, Any]] | None = None
    raw: dict[int, dict[str, Any]] | None = None
    year: int = 0
    cycle_year: int | None = None
    audience: str = fig.PUBLIC
    unit_id: int | None = None

    @property
    def figures(self) -> dict[str, Any]:
        if self.given is None:
            assert self.make is not None
            self.given = self.make()
        return self.given


def unit_intervals(
    units: Iterable[int] | Q, years: Iterable[int], audience: str
) -> dict[tuple[int, int], fig.Interval]:
    """(unit, year) → the 95% interval of the unit's IKM that year (its recap period's);
    `units` ids, or a filter on PeriodResult for thousands of them."""
    chosen = units if isinstance(units, Q) else Q(unit_id__in=list(units))
    rows = PeriodResult.objects.filter(
        chosen, year__in=list(years), in_recap=True, ci_low__isnull=False
    )
    if audience == fig.PUBLIC:
        rows = rows.filter(period__results_published_at__isnull=False)
    return {
        (unit_id, year): (float(low), float(high))
        for unit_id, year, low, high in rows.values_list("unit_id", "year", "ci_low", "ci_high")
        if low is not None and high is not None
    }


def movement_of(found: Area, *, year: int, audience: str) -> tuple[float | None, str | None]:
    """Last year's mean IKM and whether this year's is a clear rise or fall from it."""
    data = summed(found, {year, year - 1}, audience, light=True)
    before = fig.skm_figures(data[year - 1], year - 1, elements=False)["ikm_mean"]
    if found.level == Level.UNIT:
        intervals = unit_intervals([found.instance.pk], [year, year - 1], audience)
        now_interval = intervals.get((found.instance.pk, year))
        before_interval = intervals.get((found.instance.pk, year - 1))
    else:
        now_interval = fig.mean_interval(data[year])
        before_interval = fig.mean_interval(data[year - 1])
    return before, fig.movement(now_interval, before_interval)


def children_figures(found: Area, *, year: int, audience: str, light: bool = True) -> list[Child]:
    """The figures of every area below `found` that the audience sees, in a fixed number of
    queries whatever their number (one read of the stored rows of all of them)."""
    codes = children_for(found, audience)
    cycle = cycle_for(year)
    years = {fig.NOW, year, year - 1} | ({cycle.year} if cycle else set())
    names: dict[str, str] = {}
    stored: dict[str, list[str]] = {}  # child → AreaFigures keys (or holder keys)
    governments: dict[str, list[str]] = {}
    regions = Region.objects.filter(is_active=True)
    if found.level == Level.COUNTRY:
        for code, name in CoordinationRegion.objects.values_list("code", "name"):
            names[code] = name
        provinces = list(
            Region.objects.filter(level=1).values_list("code", "coordination_region__code")
        )
        for province, wilayah in provinces:
            if wilayah:
                stored.setdefault(wilayah, []).append(province)
        wilayah_of = {province: wilayah for province, wilayah in provinces if wilayah}
        for code, parent, level in regions.values_list("code", "parent_id", "level"):
            owner = wilayah_of.get(code if level == 1 else parent or "")
            if owner:
                governments.setdefault(owner, []).append(code)
    elif found.level in (Level.WILAYAH, Level.PROVINCE):
        below = Region.objects.filter(code__in=codes)
        for region in below:
            names[region.code] = region.display_name
            stored[region.code] = [region.code]
        for code, parent in regions.values_list("code", "parent_id"):
            owner = code if code in names else parent if parent in names else None
            if owner:
                governments.setdefault(owner, []).append(code)
    elif found.level == Level.REGENCY:
        for pk, code, name, kind, region_id in Agency.objects.filter(
            code__in=[c[7:] for c in codes]
        ).values_list("pk", "code", "name", "kind", "region_id"):
            names[f"agency:{code}"] = name
            stored[f"agency:{code}"] = [agency_area(pk)]
            if kind in fig.REGIONAL_GOVERNMENTS and region_id:
                governments[f"agency:{code}"] = [region_id]
    elif found.level == Level.AGENCY:
        agency = found.instance
        regional = agency.kind in fig.REGIONAL_GOVERNMENTS and agency.region_id
        for pk, code, name in ServiceUnit.objects.filter(
            code__in=[c[5:] for c in codes]
        ).values_list("pk", "code", "name"):
            names[f"unit:{code}"] = name
            stored[f"unit:{code}"] = [fig.unit_holder(pk)]
            if regional:
                governments[f"unit:{code}"] = [agency.region_id]
    keys = {key for child in stored.values() for key in child}
    rows: Any
    if found.level == Level.AGENCY:
        rows = HolderFigures.objects.filter(holder__in=keys, year__in=years, audience=audience)
        rows = rows.values_list("holder", "year", _data(light))
    else:
        rows = AreaFigures.objects.filter(area__in=keys, year__in=years, audience=audience)
        rows = rows.values_list("area", "year", _data(light))
    by_key: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for key, row_year, data in rows:
        by_key.setdefault(key, []).append((row_year, data))
    all_regions = {r for found_regions in governments.values() for r in found_regions}
    government_rows = _government_rows(all_regions) if all_regions else []
    found_children = []
    for code in codes:
        sums: dict[int, fig.Sums] = {y: fig.Sums() for y in years}
        for key in stored.get(code, []):
            for row_year, data in by_key.get(key, []):
                sums[row_year].add(data)
        data = {y: s.data for y, s in sums.items()}
        panel = _panel(data, year, cycle, audience, light=light)
        panel["coaching"] = _coaching(governments.get(code, []), government_rows, year)
        child = Child(code, names.get(code, code), panel)
        child.previous_ikm = fig.skm_figures(data[year - 1], year - 1, elements=False)["ikm_mean"]
        if found.level != Level.AGENCY:
            child.movement = fig.movement(
                fig.mean_interval(data[year]), fig.mean_interval(data[year - 1])
            )
        found_children.append(child)
    if found.level == Level.AGENCY:
        unit_ids = {code[5:]: int(keys[0][1:]) for code, keys in stored.items()}
        intervals = unit_intervals(unit_ids.values(), [year, year - 1], audience)
        for child in found_children:
            unit_pk = unit_ids.get(child.code[5:])
            if unit_pk is not None:
                child.movement = fig.movement(
                    intervals.get((unit_pk, year)), intervals.get((unit_pk, year - 1))
                )
    return found_children


def trend(found: Area, *, years: list[int], audience: str) -> dict[int, dict[str, Any]]:
    """Year → the SKM, PEKPPP (the cycle of that very year) and complaint figures, for the
    trend charts (one read of the area's rows)."""
    cycles = fig.shown_cycles()
    found_cycles = Cycle.objects.in_bulk([pk for y, pk in cycles.items() if y in years])
    shown = {y: found_cycles[pk] for y, pk in cycles.items() if pk in found_cycles}
    data = summed(found, set(years), audience, light=True)
    return {
        y: {
            "skm": fig.skm_figures(data.get(y, {}), y, elements=False),
            "ipp": fig.ipp_figures(data.get(y, {}) if y in shown else {}, shown.get(y)),
            "complaints": fig.complaint_figures(data.get(y, {}), audience, median=False),
        }
        for y in years
    }


def figures(code: str, *, year: int, audience: str) -> dict[str, Any]:
    """The figures of the area `code` (LookupError when there is none)."""
    return figures_of(area(code), year=year, audience=audience)


# --- who sees what ----------------------------------------------------------------------------
def audience_for(scope: Scope, found: Area) -> str:
    """ "staff" when the reader's roles cover the whole area, else "public" (docs: Audiences)."""
    if scope.national_reader:
        return fig.STAFF
    if found.level in (Level.PROVINCE, Level.REGENCY):
        covered = any(found.code.startswith(prefix) for prefix in scope.region_prefixes)
    elif found.level == Level.AGENCY:
        agency = found.instance
        covered = agency.pk in scope.read_agency_ids | scope.admin_agency_ids or any(
            (agency.region_id or "").startswith(prefix) for prefix in scope.region_prefixes
        )
    elif found.level == Level.UNIT:
        unit = found.instance
        covered = scope.can_read_unit(
            unit.pk, unit.agency_id, unit.region_id, unit.agency.region_id
        )
    else:
        covered = False
    return fig.STAFF if covered else fig.PUBLIC


def visible(found: Area, audience: str) -> bool:
    """Whether the area may be shown at all: an unlisted unit or agency is not public."""
    if audience == fig.STAFF:
        return True
    if found.level == Level.UNIT:
        return bool(found.instance.is_active and found.instance.agency.is_active)
    if found.level == Level.AGENCY:
        return bool(found.instance.is_active)
    return True


def children_for(found: Area, audience: str) -> list[str]:
    return [c for c in found.children if audience == fig.STAFF or c not in found.hidden]


# --- units of one kind, and a unit among its peers ----------------------------------------------
def _units_within(found: Area) -> Q:
    """A filter on HolderFigures for the units an area holds (with a kind, one index range)."""
    if found.level == Level.COUNTRY:
        return Q(unit__isnull=False)
    if found.level in (Level.WILAYAH, Level.PROVINCE):
        return Q(unit__isnull=False, province__in=found.stored)
    if found.level == Level.REGENCY:
        return Q(unit__isnull=False, region_id=found.code)
    if found.level == Level.AGENCY:
        return Q(unit__isnull=False, agency_id=found.instance.pk)
    return Q(holder=found.holder)


def units_of_kind(
    found: Area, kind: str, *, year: int, audience: str, reads: Iterable[str] = ("year",)
) -> list[Child]:
    """Every unit of `kind` (ServiceUnit.Kind) the area holds, each with the few numbers a
    ranking reads (`raw`: year → the HolderFigures.QUICK columns) of the years it `reads`
    ("now", "year", "cycle") — two reads of the kind index whatever their number. Their
    figures are made by `fill_units`, for the rows shown or written."""
    cycle = cycle_for(year)
    wanted = set(reads)
    years = (
        ({fig.NOW} if "now" in wanted else set())
        | ({year} if "year" in wanted else set())
        | ({cycle.year} if cycle and "cycle" in wanted else set())
    )
    mine = HolderFigures.objects.filter(_units_within(found), kind=kind, audience=audience)
    # Every unit has its row of today (units, standards): the names come with those alone.
    names: dict[int, tuple[str, str]] = {
        unit_id: (code, name)
        for unit_id, code, name in mine.filter(year=fig.NOW).values_list(
            "unit_id", "unit__code", "unit__name"
        )
    }
    raw: dict[int, dict[int, dict[str, Any]]] = {}
    for unit_id, row_year, *numbers in mine.filter(year__in=years).values_list(
        "unit_id", "year", *QUICK
    ):
        raw.setdefault(unit_id, {})[row_year] = {
            name: value for name, value in zip(QUICK, numbers, strict=True) if value is not None
        }
    found_units = []
    for unit_id, (code, name) in names.items():
        numbers = {y: raw.get(unit_id, {}).get(y, {}) for y in years}  # the years read
        child = Child(
            f"unit:{code}",
            name,
            raw=numbers,
            year=year,
            cycle_year=cycle.year if cycle else None,
            audience=audience,
        )
        child.unit_id = unit_id
        found_units.append(child)
    return found_units


def fill_units(children: list[Child], *, year: int, audience: str, light: bool = True) -> None:
    """Make the figures and the movement of these units of `units_of_kind`, in two reads."""
    ids = [c.unit_id for c in children if c.unit_id is not None]
    if not ids:
        return
    cycle = cycle_for(year)
    years = {fig.NOW, year, year - 1} | ({cycle.year} if cycle else set())
    by_unit: dict[int, dict[int, dict[str, Any]]] = {}
    for unit_id, row_year, data in HolderFigures.objects.filter(
        unit_id__in=ids, year__in=years, audience=audience
    ).values_list("unit_id", "year", _data(light)):
        by_unit.setdefault(unit_id, {})[row_year] = data
    intervals = unit_intervals(ids, [year, year - 1], audience)
    coaching_none = _coaching([], [], year)
    for child in children:
        if child.unit_id is None:
            continue
        data = {y: by_unit.get(child.unit_id, {}).get(y, {}) for y in years}
        panel = _panel(data, year, cycle, audience, light=light)
        panel["coaching"] = coaching_none
        child.given = panel
        child.previous_ikm = fig.skm_figures(data[year - 1], year - 1, elements=False)["ikm_mean"]
        child.movement = fig.movement(
            intervals.get((child.unit_id, year)), intervals.get((child.unit_id, year - 1))
        )


@dataclass
class Peers:
    """A unit against the units of its kind in its Wilayah (or the country) in a year."""

    kind: str
    within: str  # the Wilayah's name, or "Indonesia"
    within_code: str
    count: int  # peers with an IKM that year, the unit among them
    median: float | None
    position: int | None  # the unit's rank among them by IKM (1 = highest)


def peers(found: Area, *, year: int, audience: str) -> Peers | None:
    """How a unit compares with the median unit of its kind in its Wilayah."""
    if found.level != Level.UNIT:
        return None
    unit = found.instance
    province = Region.objects.filter(code=unit.region_id[:2]).first()
    wilayah = province.coordination_region if province is not None else None
    within = area(wilayah.code) if wilayah is not None else area(COUNTRY)
    # One number of each peer's row, not its whole document (3,500 Disdukcapil of Wilayah
    # III read as documents took 200 ms).
    rows = HolderFigures.objects.filter(
        _units_within(within), kind=unit.kind, year=year, audience=audience, ikm__isnull=False
    ).values_list("unit_id", "ikm")
    values: dict[int, float] = {unit_id: ikm for unit_id, ikm in rows if ikm is not None}
    if not values:
        return Peers(unit.kind, within.name, within.code, 0, None, None)
    ordered = sorted(values.values())
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    mine = values.get(unit.pk)
    position = (1 + sum(v > mine for v in values.values())) if mine is not None else None
    return Peers(unit.kind, within.name, within.code, len(values), median, position)
