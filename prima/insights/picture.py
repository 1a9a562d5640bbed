"""The national picture's pages (issue 20): what a level's page shows, composed from
prima.insights.national's figures — the panel, the areas below ranked by any figure, the
trend over the years, and where each figure's list is. No request or template here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import quote

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from prima.accounts.scope import Scope
from prima.evaluation import instrument as instruments
from prima.insights import figures as fig
from prima.insights import national
from prima.insights.national import Area, Level
from prima.lib import formats, maps
from prima.registry.models import Region
from prima.surveys import ikm, questionnaire

FIRST_YEAR = 2017  # the earliest year a reader may ask for (PEKPPP's first instrument)
TREND_YEARS = 5
NAMED = 12  # governments named on the page when no more never took part
ROWS_SHOWN = 100  # rows of the ranked table on the page; the downloads hold them all

LEVEL_LABELS = {
    Level.COUNTRY: _("Country"),
    Level.WILAYAH: _("Coordination region"),
    Level.PROVINCE: _("Province"),
    Level.REGENCY: _("Regency/city"),
    Level.AGENCY: _("Agency"),
    Level.UNIT: _("Service unit"),
}
CHILD_LABELS = {
    Level.COUNTRY: _("Coordination regions"),
    Level.WILAYAH: _("Provinces"),
    Level.PROVINCE: _("Regencies and cities"),
    Level.REGENCY: _("Agencies with units here"),
    Level.AGENCY: _("Service units"),
}


def share(part: int | None, whole: int | None) -> float | None:
    """part / whole as a percentage, None without a whole."""
    if part is None or not whole:
        return None
    return 100 * part / whole


def shares(f: dict[str, Any]) -> dict[str, float | None]:
    """The panel's percentages of an area's figures."""
    return {
        "skm": share(f["skm"]["units_with_result"], f["units"]),
        "standards": share(f["standards"]["with_standard_in_force"], f["standards"]["services"]),
        "maklumat": share(f["standards"]["units_with_maklumat"], f["units"]),
        "on_time": share(f["complaints"]["answered_on_time"], f["complaints"]["received"]),
        "took_part": share(f["coaching"]["took_part"], f["coaching"]["governments"]),
        "tasks_done": share(f["coaching"]["tasks_done"], f["coaching"]["tasks"]),
    }


def few_units(found: Area, f: dict[str, Any]) -> bool:
    """A mean over fewer than FEW_UNITS units is marked — above a unit, never on its page."""
    return found.level != Level.UNIT and 0 < f["skm"]["units_with_result"] < fig.FEW_UNITS


@dataclass(frozen=True)
class Measure:
    """A figure an area can be ranked and mapped by."""

    key: str
    label: Any
    value: Callable[[dict[str, Any]], float | None]
    higher_is_better: bool = True
    unit: str = ""  # "%" or ""
    # The same value from a child's raw sums, in floats, to order thousands of units without
    # making their figures (the value shown is always `value`'s, exact), and the rows of
    # which years it reads ("now", "year", "cycle": national.units_of_kind).
    quick: Callable[[national.Child], float | None] | None = None
    reads: tuple[str, ...] = ("year",)


def _raw(child: national.Child, year: int | None) -> dict[str, Any]:
    """A unit's quick numbers of a year (the HolderFigures.QUICK columns)."""
    return (child.raw or {}).get(year, {}) if year is not None else {}


def _ratio(part: Any, whole: Any, scale: float = 1) -> float | None:
    return scale * float(part or 0) / float(whole) if whole else None


def _quick_ikm(c: national.Child) -> float | None:
    value: float | None = _raw(c, c.year).get("ikm")
    return value


def _quick_ipp(c: national.Child) -> float | None:
    value: float | None = _raw(c, c.cycle_year).get("ipp")
    return value


def _quick_coverage(c: national.Child) -> float | None:
    units = _raw(c, fig.NOW).get("units")
    return _ratio(1 if "ikm" in _raw(c, c.year) else 0, units, 100)


def _quick_standards(c: national.Child) -> float | None:
    now = _raw(c, fig.NOW)
    return _ratio(now.get("in_force"), now.get("services"), 100)


def _quick_maklumat(c: national.Child) -> float | None:
    now = _raw(c, fig.NOW)
    return _ratio(now.get("maklumat"), now.get("units"), 100)


def _quick_on_time(c: national.Child) -> float | None:
    numbers = _raw(c, c.year)
    received = numbers.get("received", 0)
    if c.audience == fig.PUBLIC and received < fig.MIN_PUBLIC_COMPLAINTS:
        return None
    return _ratio(numbers.get("on_time"), received, 100)


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure("ikm", _("Mean IKM"), lambda f: f["skm"]["ikm_mean"], quick=_quick_ikm),
        Measure(
            "skm_coverage",
            _("Units with an SKM result"),
            lambda f: share(f["skm"]["units_with_result"], f["units"]),
            unit="%",
            quick=_quick_coverage,
            reads=("now", "year"),
        ),
        Measure(
            "ipp", _("Mean IPP"), lambda f: f["ipp"]["ipp_mean"], quick=_quick_ipp, reads=("cycle",)
        ),
        Measure(
            "standards",
            _("Services with a standard in force"),
            lambda f: share(f["standards"]["with_standard_in_force"], f["standards"]["services"]),
            unit="%",
            quick=_quick_standards,
            reads=("now",),
        ),
        Measure(
            "maklumat",
            _("Units with a signed maklumat"),
            lambda f: share(f["standards"]["units_with_maklumat"], f["units"]),
            unit="%",
            quick=_quick_maklumat,
            reads=("now",),
        ),
        Measure(
            "complaints_on_time",
            _("Complaints answered on time"),
            lambda f: share(f["complaints"]["answered_on_time"], f["complaints"]["received"]),
            unit="%",
            quick=_quick_on_time,
        ),
        Measure(
            "coaching",
            _("Governments that took part in coaching"),
            lambda f: share(f["coaching"]["took_part"], f["coaching"]["governments"]),
            unit="%",
            quick=lambda c: None,  # a unit is no government
            reads=(),
        ),
    )
}
DEFAULT_MEASURE = "ikm"

MOVEMENT_LABELS = {
    fig.RISE: _("clear rise"),
    fig.FALL: _("clear fall"),
    fig.NO_CLEAR_CHANGE: _("no clear change"),
}


@dataclass
class RankedChild:
    child: national.Child
    key: float | None  # what orders it (the measure's value, or its quick float)
    rank: int | None  # ties share a rank; None without a value
    measure: Measure
    link: Callable[[str], str]

    @property
    def value(self) -> float | None:
        """The measure's value, exact (made only for the rows shown or written)."""
        return self.measure.value(self.child.figures)

    @property
    def url(self) -> str:
        return self.link(self.child.code)

    @property
    def movement_label(self) -> str:
        return str(MOVEMENT_LABELS.get(self.child.movement or "", ""))


def ranked(
    children: list[national.Child], measure: Measure, url: Callable[[str], str]
) -> list[RankedChild]:
    """The children best first by `measure` (ties share a rank: 1, 2, 2, 4), those without a
    value last in name order."""

    def key(child: national.Child) -> float | None:
        if child.raw is not None and child.given is None and measure.quick is not None:
            return measure.quick(child)
        return measure.value(child.figures)

    rows = [RankedChild(c, key(c), None, measure, url) for c in children]
    valued = [r for r in rows if r.key is not None]
    valued.sort(
        key=lambda r: (-(r.key or 0) if measure.higher_is_better else (r.key or 0), r.child.name)
    )
    previous: float | None = None
    for position, row in enumerate(valued, start=1):
        row.rank = position if row.key != previous else valued[position - 2].rank
        previous = row.key
    return valued + sorted((r for r in rows if r.key is None), key=lambda r: r.child.name)


def ranked_rows(
    found: Area, *, year: int, audience: str, measure: Measure, kind: str, light: bool
) -> list[RankedChild]:
    """The rows of the ranked table: the areas below `found`, or every unit of `kind` in it,
    with their figures (only the rows the page shows when `light`; all in the files)."""
    if kind:
        children = national.units_of_kind(
            found, kind, year=year, audience=audience, reads=measure.reads
        )
    else:
        children = national.children_figures(found, year=year, audience=audience, light=light)
    rows = ranked(children, measure, lambda child: area_url(child, tahun=year))
    if kind:  # every unit of a kind may be thousands: figures for the rows shown, or written
        national.fill_units(
            [row.child for row in (rows[:ROWS_SHOWN] if light else rows)],
            year=year,
            audience=audience,
            light=light,
        )
    return rows


def trend_years(year: int) -> list[int]:
    """The years of the trend: up to TREND_YEARS ending with `year`."""
    return list(range(max(FIRST_YEAR, year - TREND_YEARS + 1), year + 1))


_STAND_IN = "XAREAX"


@cache
def _area_path(language: str | None) -> str:
    """The path of an area's page with a stand-in for its code, drawn once per language:
    reverse() for every row of thousands took longer than the rest of the page."""
    return reverse("picture_area", args=[_STAND_IN])


def area_url(code: str, **query: Any) -> str:
    if code == national.COUNTRY:
        path = reverse("picture")
    else:
        path = _area_path(get_language()).replace(_STAND_IN, quote(code, safe=":."))
    given = {k: v for k, v in query.items() if v not in (None, "")}
    return f"{path}?{urlencode(given)}" if given else path


def breadcrumbs(found: Area) -> list[tuple[str, str]]:
    """(name, code) from Indonesia down to the area's parent."""
    trail: list[tuple[str, str]] = []
    parent = found.parent
    seen = 0
    while parent is not None and seen < 8:
        above = national.area(parent)
        trail.append((above.name, above.code))
        parent = above.parent
        seen += 1
    return list(reversed(trail))


def element_names(keys: list[str]) -> list[str]:
    return [questionnaire.element_title(k) for k in keys if k in questionnaire.ELEMENTS]


def aspect_names(codes: list[str], cycle_instrument: str | None) -> list[str]:
    names: dict[str, str] = {}
    if cycle_instrument:
        try:
            names = {a.code: a.name for a in instruments.built_in(cycle_instrument).aspects}
        except instruments.InstrumentError:  # not a built-in instrument: show the codes
            names = {}
    return [names.get(code, code) for code in codes]


def lists(
    found: Area, scope: Scope, audience: str, year: int, cycle_pk: int | None = None
) -> dict[str, str]:
    """Where each group's list is, for this reader ("" where there is none to open)."""
    region = found.code if found.level in (Level.PROVINCE, Level.REGENCY) else ""
    province = region.split(".")[0] if region else ""
    links: dict[str, str] = {}
    if audience == fig.STAFF and scope.is_staff:
        links["skm"] = (
            reverse("manage:survey_recap")
            + "?"
            + urlencode({"year": str(year), **({"province": province} if province else {})})
        )
        links["complaints"] = reverse("manage:complaint_queue")
        links["coaching"] = reverse("manage:coaching_reach")
        if cycle_pk is not None:
            links["ipp"] = reverse("manage:evaluation_results", args=[cycle_pk])
        if found.level == Level.AGENCY:
            links["readiness"] = reverse("manage:readiness_agency", args=[found.instance.code])
    if found.level == Level.UNIT:
        links["unit"] = reverse("unit_public", args=[found.instance.code])
    elif region:
        links["units"] = reverse("directory") + "?" + urlencode({"region": region})
    return links


def region_names(codes: list[str]) -> list[str]:
    found = {r.code: r.display_name for r in Region.objects.filter(code__in=codes)}
    return [found.get(code, code) for code in codes]


# --- the map ---------------------------------------------------------------------------------
def _number(places: int, suffix: str = "") -> Callable[[float], str]:
    def shown(value: float) -> str:
        return formats.decimal(value, places) + suffix

    return shown


def map_scale(measure: Measure) -> maps.Scale:
    """The classes a measure is coloured by: the IKM's grades (PermenPANRB 14/2017), the IPP's
    category bounds, or fifths for a share."""
    if measure.key == "ikm":
        return maps.Scale.from_categories(ikm.CURRENT.categories, fmt=_number(2))
    if measure.key == "ipp":
        return maps.Scale.fixed([2.01, 2.51, 3.01, 3.51, 4.01, 4.51], fmt=_number(2), low=0, high=5)
    return maps.Scale.fixed([20, 40, 60, 80], decimals=0, fmt=_number(0, "%"), low=0, high=100)


@dataclass
class Map:
    svg: str = ""
    legend: str = ""  # drawn apart, at its natural size: inside the map it shrinks on a phone
    points: list[str] = field(default_factory=list)  # areas drawn as a point: no boundary


def choropleth(found: Area, children: list[national.Child], measure: Measure, year: int) -> Map:
    """The map of the areas below (provinces for Indonesia, a Wilayah's provinces, a province's
    regencies and cities) coloured by `measure`, its legend, and the names of the areas drawn
    as a point for want of a boundary. Nothing below a province."""
    if found.level not in (Level.COUNTRY, Level.WILAYAH, Level.PROVINCE):
        return Map()
    codes = [c.code for c in children]
    names = {c.code: c.name for c in children}
    values = {c.code: measure.value(c.figures) for c in children}
    shown = _number(0 if measure.unit == "%" else 2, measure.unit)
    scale = map_scale(measure)
    svg = maps.choropleth(
        codes,
        values,
        scale=scale,
        legend=False,
        title=str(_("%(measure)s, %(year)s") % {"measure": measure.label, "year": year}),
        description=str(_("The table below gives every value.")),
        label=lambda code: names.get(code, code),
        value_text=shown,
        link=lambda code: area_url(code, tahun=year, ukuran=measure.key),
        no_data=str(_("no data")),
        dom_id="peta",
    )
    return Map(
        svg,
        scale.legend_svg(no_data=str(_("no data")), dom_id="peta-legenda"),
        [names.get(code, code) for code in maps.missing_boundaries(codes)],
    )
