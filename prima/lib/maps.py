"""Choropleth maps of Indonesia's provinces and regencies/cities, drawn on the server as SVG.

No tile server and no JavaScript: a map is an inline SVG string, like the charts of
`prima/lib/charts.py` (ADR 0004). Unlike those charts a map is interactive: each area is a link
(when the page gives one) that keyboard users reach with Tab and screen readers announce by its
title, "Kab. Buru: 81,20". The page still shows a table with the same numbers beside the map
(the accessible alternative for anyone who cannot read a map); the map does not replace it.

The outlines are `prima/registry/data/boundaries/` (cahyadsn/wilayah_boundaries, MIT; see its
SOURCE.md): GeoJSON in degrees, read once per process. Each map is fitted to the areas it shows,
in an equirectangular projection corrected by the cosine of the map's middle latitude (Indonesia
lies within 11° of the equator, so the distortion is under 2 %), in a viewBox 1000 units wide
with integer coordinates; points that round onto each other are dropped, and so are islands
smaller than about a unit. An area too small to see at that scale (a city on the national map
of regencies) is drawn as a dot at its inner point, and so is an area with no outline at all
(`missing_boundaries`), so that no area silently disappears.

Measured with links and titles (prima/lib/tests/test_maps.py keeps the budgets of 150 KB and
60 KB): the 38 provinces 45 KB of SVG (11 KB gzipped); a province's regencies 3–16 KB
(Maluku 10 KB); all 514 regencies on one map 190 KB. Fitting a set of areas takes 2–40 ms the
first time and is cached; a map for new values then takes well under a millisecond.

Pure: no Django. Every text put into the SVG is escaped here, so the caller may mark the result
safe.
"""

from __future__ import annotations

import bisect
import csv
import functools
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from html import escape
from pathlib import Path
from typing import Any, Protocol, TypeGuard

Formatter = Callable[[float], str]

# The boundary files are data of the registry app (they are keyed by its region codes); this
# module only reads them, so lib keeps importing nothing from the apps above it.
BOUNDARIES = Path(__file__).resolve().parent.parent / "registry" / "data" / "boundaries"

WIDTH = 1000  # viewBox units; the stylesheet scales the map to its column
MAX_HEIGHT = 640  # of the map itself: a tall province is fitted to this height, centred
PAD = 8
MIN_SIDE = 3  # an area whose outline is smaller than this (units) is drawn as a dot
MIN_ISLAND = 1.0  # islands smaller than this (square units) are left out, never an area's largest
DOT = 4  # radius of a dot
BORDER = "#4a4f55"  # area borders: 3:1 or more against the lightest fills and the white page
INK = "#1b1b1b"  # legend text: 16:1 on white (WCAG AA needs 4.5:1)
NO_DATA_GROUND = "#f3f5f7"
NO_DATA_HATCH = "#6f7377"  # 4.8:1 on white: the hatching reads without colour
LEGEND_FONT = 14
LEGEND_ROW = 26
SWATCH = 18
CHAR_WIDTH = 7.8  # a generous average advance of the 14-unit legend labels

# Viridis (van der Walt and Smith, matplotlib 2015; the samples are R viridisLite's
# `viridis(n)`), dark for high values. Chosen because it is perceptually uniform, stays ordered
# for the three common colour-vision deficiencies and in greyscale (its lightness rises
# monotonically, so print and achromatopsia keep the order), and, unlike cividis, has no grey
# in the middle that could be taken for the grey of "no data". Reversed so that more reads as
# darker, the usual reading of a choropleth.
VIRIDIS: dict[int, tuple[str, ...]] = {
    1: ("#21908c",),
    2: ("#fde725", "#440154"),
    3: ("#fde725", "#21908c", "#440154"),
    4: ("#fde725", "#35b779", "#31688e", "#440154"),
    5: ("#fde725", "#5dc863", "#21908c", "#3b528b", "#440154"),
    6: ("#fde725", "#7ad151", "#22a884", "#2a788e", "#414487", "#440154"),
    7: ("#fde725", "#8fd744", "#35b779", "#21908c", "#31688e", "#443a83", "#440154"),
}
MAX_CLASSES = max(VIRIDIS)


# -- The outlines ---------------------------------------------------------------------------

Ring = tuple[float, ...]  # lon, lat, lon, lat, … (closed: the last point repeats the first)


@dataclass(frozen=True, slots=True)
class Area:
    code: str
    name: str  # the source's name ("Kabupaten Buru"), not Prima's label
    polygons: tuple[tuple[Ring, ...], ...]  # each: the outer ring, then its holes
    bbox: tuple[float, float, float, float]  # west, south, east, north (degrees)


@dataclass(frozen=True)
class Shapes:
    areas: Mapping[str, Area]  # code → outline, for the 38 provinces and 514 regencies
    points: Mapping[str, tuple[float, float]]  # code → (lon, lat) inside the area
    names: Mapping[str, str]  # code → the source's name, for every code with a point


@functools.cache
def shapes() -> Shapes:
    """The boundary files, read once per process (about 20 ms)."""
    areas: dict[str, Area] = {}
    for name in ("provinces.geojson", "regencies.geojson"):
        with open(BOUNDARIES / name, encoding="utf-8") as fh:
            collection = json.load(fh)
        for feature in collection["features"]:
            area = _area(feature)
            areas[area.code] = area
    points: dict[str, tuple[float, float]] = {}
    names: dict[str, str] = {}
    with open(BOUNDARIES / "centroids.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            points[row["code"]] = (float(row["lon"]), float(row["lat"]))
            names[row["code"]] = row["name"]
    return Shapes(areas=areas, points=points, names=names)


def _area(feature: dict[str, Any]) -> Area:
    geometry = feature["geometry"]
    coordinates = geometry["coordinates"]
    polygons = coordinates if geometry["type"] == "MultiPolygon" else [coordinates]
    rings = tuple(
        tuple(tuple(c for point in ring for c in point[:2]) for ring in polygon)
        for polygon in polygons
    )
    lons = [ring[i] for polygon in rings for ring in polygon for i in range(0, len(ring), 2)]
    lats = [ring[i] for polygon in rings for ring in polygon for i in range(1, len(ring), 2)]
    return Area(
        code=feature["properties"]["code"],
        name=feature["properties"]["name"],
        polygons=rings,
        bbox=(min(lons), min(lats), max(lons), max(lats)),
    )


def missing_boundaries(codes: Iterable[str]) -> list[str]:
    """The codes with no outline, in the given order: `choropleth` draws them as dots at their
    inner point, or their province's for a regency newer than the files (or leaves them out),
    and the page should say so."""
    areas = shapes().areas
    return [code for code in codes if code not in areas]


# -- The colour scale -----------------------------------------------------------------------


class Graded(Protocol):
    """What `Scale.from_categories` reads: `prima.surveys.ikm.Category` fits."""

    @property
    def minimum(self) -> Decimal: ...
    @property
    def mutu(self) -> str: ...


@dataclass(frozen=True)
class Scale:
    """Classes of values, each with a colour and a legend label.

    A value is in class i when exactly i of the `breaks` are ≤ it (a break is the inclusive
    lower bound of the class above it), after rounding half-up to `decimals` places — so pass
    the same precision the page prints, and a value shown as 88,31 is coloured as 88.31.
    """

    breaks: tuple[float, ...]
    colours: tuple[str, ...]  # one per class, lowest first
    labels: tuple[str, ...]  # one per class, lowest first
    decimals: int = 2

    def __post_init__(self) -> None:
        if list(self.breaks) != sorted(set(self.breaks)):
            raise ValueError("breaks must be strictly ascending")
        if not len(self.colours) == len(self.labels) == len(self.breaks) + 1:
            raise ValueError("one colour and one label per class")

    @classmethod
    def fixed(
        cls,
        breaks: Sequence[float],
        *,
        decimals: int = 2,
        fmt: Formatter | None = None,
        names: Sequence[str] = (),
        low: float | None = None,
        high: float | None = None,
    ) -> Scale:
        """Classes between fixed thresholds, e.g. `Scale.fixed([50, 75, 90])` for shares.
        `names`, lowest class first, prefix the labels ("A: ≥ 88.31"); `low` and `high`, when
        known, close the first and last labels ("25.00–64.99" instead of "< 65.00")."""
        breaks = tuple(sorted(float(b) for b in breaks))
        if len(breaks) + 1 > MAX_CLASSES:
            raise ValueError(f"at most {MAX_CLASSES} classes")
        if names and len(names) != len(breaks) + 1:
            raise ValueError("one name per class")
        fmt = fmt or _fixed_format(decimals)
        labels = _labels(breaks, decimals=decimals, fmt=fmt, low=low, high=high)
        if names:
            labels = tuple(f"{name}: {label}" for name, label in zip(names, labels, strict=True))
        return cls(breaks, VIRIDIS[len(breaks) + 1], labels, decimals)

    @classmethod
    def from_categories(
        cls, categories: Sequence[Graded], *, fmt: Formatter | None = None
    ) -> Scale:
        """The grade bounds of a method, highest first as `ikm.Method.categories` lists them:
        `Scale.from_categories(ikm.CURRENT.categories)` gives D < 65.00 ≤ C < 76.61 ≤ B <
        88.31 ≤ A, classified on the value rounded to two decimals as `Method.category` does."""
        ordered = sorted(categories, key=lambda c: c.minimum)
        return cls.fixed(
            [float(c.minimum) for c in ordered[1:]],
            decimals=2,
            fmt=fmt,
            names=[c.mutu for c in ordered],
        )

    @classmethod
    def quantiles(
        cls,
        values: Iterable[float | None],
        *,
        classes: int = 5,
        decimals: int = 2,
        fmt: Formatter | None = None,
    ) -> Scale:
        """About equal numbers of areas in each class: breaks at the quantiles of the values
        (rounded to `decimals`; fewer classes when values repeat, none without values). The
        labels span the lowest to the highest value."""
        if not 1 <= classes <= MAX_CLASSES:
            raise ValueError(f"1 to {MAX_CLASSES} classes")
        present = sorted(_round(v, decimals) for v in values if _present(v))
        # Each break is a value itself, the first of its class: classes of n // classes
        # values each when no value repeats, and no break between equal values.
        n = len(present)
        cuts = {present[i * n // classes] for i in range(1, classes)} if n else set()
        breaks = sorted(cuts - set(present[:1]))
        return cls.fixed(
            breaks,
            decimals=decimals,
            fmt=fmt,
            low=present[0] if present else None,
            high=present[-1] if present else None,
        )

    def index(self, value: float) -> int:
        """The class of a value, 0 for the lowest."""
        return bisect.bisect_right(self.breaks, _round(value, self.decimals))

    def colour(self, value: float | None) -> str | None:
        """The fill of a value; None for no data."""
        return self.colours[self.index(value)] if _present(value) else None

    def legend_svg(self, *, no_data: str | None = "no data", dom_id: str = "map-legend") -> str:
        """The legend on its own, one class per line, drawn at its natural size so its labels
        stay 14 px on a phone (the legend inside a map scales with the map). Decorative beside
        the table: `aria-hidden`."""
        items = [(colour, label) for colour, label in zip(self.colours, self.labels, strict=True)]
        fills = list(reversed(items))  # highest first, as a list reads
        if no_data is not None:
            fills.append((f"url(#{escape(dom_id)}-nodata)", no_data))
        width = int(2 * PAD + SWATCH + 8 + max(len(t) for _, t in fills) * CHAR_WIDTH)
        height = 2 * PAD + LEGEND_ROW * len(fills) - (LEGEND_ROW - SWATCH)
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="choropleth-legend" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'aria-hidden="true" focusable="false">',
            _hatch(dom_id),
            _legend_font(),
        ]
        for i, (fill, label) in enumerate(fills):
            parts.append(_swatch(PAD, PAD + i * LEGEND_ROW, fill, label))
        parts.append("</g></svg>")
        return "".join(parts)


def _present(value: float | None) -> TypeGuard[float]:
    return value is not None and not math.isnan(value)


def _round(value: float, decimals: int) -> float:
    """Half-up, as Excel's ROUND and `prima.surveys.ikm.round_half_up` do (not banker's)."""
    exponent = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(exponent, rounding=ROUND_HALF_UP))


def _fixed_format(decimals: int) -> Formatter:
    return lambda value: f"{value:.{decimals}f}"


def _labels(
    breaks: tuple[float, ...],
    *,
    decimals: int,
    fmt: Formatter,
    low: float | None,
    high: float | None,
) -> tuple[str, ...]:
    """'< 65.00', '65.00–76.60', …, '≥ 88.31': with values rounded to `decimals`, the top of a
    class is the next break less one step, so the ranges are closed and never overlap."""
    step = 10.0**-decimals
    bounds = [low, *breaks, high]
    labels = []
    for i in range(len(breaks) + 1):
        start, end = bounds[i], bounds[i + 1]
        top = None if end is None else (end if i == len(breaks) else _round(end - step, decimals))
        if start is None and top is None:
            labels.append("")
        elif start is None:
            labels.append(f"< {fmt(end)}")  # type: ignore[arg-type]
        elif top is None:
            labels.append(f"≥ {fmt(start)}")
        elif top <= start:
            labels.append(fmt(start))
        else:
            labels.append(f"{fmt(start)}–{fmt(top)}")
    return tuple(labels)


# -- Drawing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Drawing:
    """The geometry of one set of areas fitted to the viewBox: what does not depend on values,
    so it is computed once per set (the national map is the same picture for every figure)."""

    height: int  # of the map, without the legend
    paths: Mapping[str, str]  # code → path data
    dots: Mapping[str, tuple[int, int]]  # code → centre: too small to see, or no outline


@functools.lru_cache(maxsize=64)
def _drawing(codes: tuple[str, ...]) -> _Drawing:
    data = shapes()
    points = {code: point for code in codes if (point := _point(code))}
    boxes = [data.areas[c].bbox for c in codes if c in data.areas]
    boxes += [(*points[c], *points[c]) for c in codes if c not in data.areas and c in points]
    boxes = boxes or [(95.0, -11.0, 141.0, 6.0)]  # nothing to draw: all Indonesia
    west, south = min(b[0] for b in boxes), min(b[1] for b in boxes)
    east, north = max(b[2] for b in boxes), max(b[3] for b in boxes)
    kx = math.cos(math.radians((north + south) / 2))
    span_x, span_y = max((east - west) * kx, 1e-6), max(north - south, 1e-6)
    scale = min((WIDTH - 2 * PAD) / span_x, (MAX_HEIGHT - 2 * PAD) / span_y)
    offset_x = (WIDTH - span_x * scale) / 2  # centre a map fitted to its height
    height = math.ceil(span_y * scale + 2 * PAD)

    def project(lon: float, lat: float) -> tuple[int, int]:
        return round(offset_x + (lon - west) * kx * scale), round(PAD + (north - lat) * scale)

    paths: dict[str, str] = {}
    dots: dict[str, tuple[int, int]] = {}
    for code in codes:
        area = data.areas.get(code)
        d = _path(area, project) if area else None
        if d:
            paths[code] = d
        elif code in points:
            dots[code] = project(*points[code])
    return _Drawing(height=height, paths=paths, dots=dots)


def _point(code: str) -> tuple[float, float] | None:
    """Where a dot goes: the area's inner point, else (a regency newer than the boundary
    files) its province's."""
    points = shapes().points
    return points.get(code) or points.get(code.split(".")[0])


def _path(area: Area, project: Callable[[float, float], tuple[int, int]]) -> str | None:
    """Absolute start, then relative integer steps; None when the area is too small to see."""
    polygons = []
    for polygon in area.polygons:
        rings = [_ring(ring, project) for ring in polygon]
        if rings[0]:
            polygons.append((abs(_shoelace(rings[0])), rings))
    if not polygons:
        return None
    largest = max(polygons, key=lambda p: p[0])[1][0]
    xs, ys = [x for x, _ in largest], [y for _, y in largest]
    if max(max(xs) - min(xs), max(ys) - min(ys)) < MIN_SIDE:
        return None
    out = []
    for size, rings in polygons:
        if size < MIN_ISLAND and rings[0] is not largest:
            continue
        for ring in rings:
            if not ring:
                continue
            steps = [
                n
                for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False)
                for n in (x1 - x0, y1 - y0)
            ]
            out.append(f"M{_numbers(ring[0])}l{_numbers(steps)}z")
    return "".join(out)


def _ring(ring: Ring, project: Callable[[float, float], tuple[int, int]]) -> list[tuple[int, int]]:
    """The ring's points on the integer grid, repeats dropped; [] when under three remain."""
    points: list[tuple[int, int]] = []
    for i in range(0, len(ring), 2):
        point = project(ring[i], ring[i + 1])
        if not points or point != points[-1]:
            points.append(point)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    return points if len(points) >= 3 else []


def _shoelace(ring: list[tuple[int, int]]) -> float:
    return (
        sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))
        / 2
    )


def _numbers(values: Iterable[int]) -> str:
    """'12 -3 4' written as '12-3 4': a minus sign separates numbers in SVG path data."""
    out: list[str] = []
    for value in values:
        if out and value >= 0:
            out.append(" ")
        out.append(str(value))
    return "".join(out)


def choropleth(
    codes: Sequence[str],
    values: Mapping[str, float | None],
    *,
    scale: Scale,
    title: str,
    description: str = "",
    label: Callable[[str], str] | None = None,
    value_text: Formatter | None = None,
    link: Callable[[str], str] | None = None,
    no_data: str = "no data",
    points_for_missing: bool = True,
    legend: bool = True,
    dom_id: str = "map",
) -> str:
    """An SVG map of the given areas (Kemendagri codes), each filled by its value's class.

    - `codes` decides what is drawn and in which order keyboard users reach the areas (give
      the table's order); the map is fitted to them. `values` may leave codes out: an area
      with no value (or None, or NaN) is hatched grey, readable without colour.
    - Each area's `<title>` is "label: value_text" ("label: no data"); `label` defaults to the
      boundary file's name. With `link`, each area is an `<a href>`: Tab reaches it, and its
      title is the link's name. The SVG is then a labelled group (`role="group"`), not
      `role="img"`, whose children a screen reader would not announce; without links it is
      one image. The title names it, `description` (a sentence pointing to the table) is
      its `aria-describedby`.
    - An area with no outline is a dot at its inner point (or left out with
      `points_for_missing=False`); the page should name them (`missing_boundaries`).
    - `dom_id` prefixes the ids inside: give each map on a page its own.
    - Needs `insights/maps.css` on the page for the focus and hover styles (its classes are
      `choropleth*`: `.map` is the Leaflet reach map's in prima.css).
    """
    data = shapes()
    codes = tuple(codes)
    if not points_for_missing:
        codes = tuple(c for c in codes if c in data.areas)
    drawing = _drawing(codes)
    label = label or (lambda code: data.names.get(code, code))
    value_text = value_text or _fixed_format(scale.decimals)
    uid = escape(dom_id)
    legend_items = list(zip(scale.colours, scale.labels, strict=True))
    if any(not _present(values.get(code)) for code in codes):
        legend_items.append((f"url(#{uid}-nodata)", no_data))
    legend_rows = _legend_rows(legend_items) if legend else []
    height = drawing.height + (len(legend_rows) * LEGEND_ROW + PAD if legend_rows else 0)

    described = f' aria-describedby="{uid}-desc"' if description else ""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="choropleth" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="{"group" if link else "img"}" aria-labelledby="{uid}-title"{described}>',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(description)}</desc>' if description else "",
        f"<defs>{_hatch(dom_id)}</defs>",
        f'<g stroke="{BORDER}" stroke-width="0.6" stroke-linejoin="round" fill-rule="evenodd">',
    ]
    # Outlines first, dots over them: a city drawn as a dot sits inside its regency.
    ordered = [c for c in codes if c in drawing.paths] + [c for c in codes if c in drawing.dots]
    for code in ordered:
        value = values.get(code)
        fill = scale.colour(value) or f"url(#{uid}-nodata)"
        text = value_text(value) if _present(value) else no_data
        name = escape(f"{label(code)}: {text}")
        if code in drawing.paths:
            tag, attributes = "path", f'd="{drawing.paths[code]}"'
        else:
            x, y = drawing.dots[code]
            tag, attributes = "circle", f'class="choropleth-dot" cx="{x}" cy="{y}" r="{DOT}"'
        if link:
            parts.append(
                f'<a class="choropleth-area" href="{escape(link(code))}"><title>{name}</title>'
                f'<{tag} {attributes} fill="{fill}"/></a>'
            )
        else:
            parts.append(f'<{tag} {attributes} fill="{fill}"><title>{name}</title></{tag}>')
    parts.append("</g>")
    if legend_rows:
        parts.append(_legend_font())
        for r, row in enumerate(legend_rows):
            for left, fill, text in row:
                parts.append(_swatch(left, drawing.height + PAD + r * LEGEND_ROW, fill, text))
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def _hatch(dom_id: str) -> str:
    """'No data': light grey crossed by darker diagonals, so it differs from every class in
    pattern, not only in colour."""
    return (
        f'<pattern id="{escape(dom_id)}-nodata" width="6" height="6" '
        f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{NO_DATA_GROUND}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{NO_DATA_HATCH}" stroke-width="2"/>'
        f"</pattern>"
    )


def _legend_font() -> str:
    return (
        f'<g class="choropleth-legend-items" font-family="system-ui, sans-serif" '
        f'font-size="{LEGEND_FONT}" fill="{INK}">'
    )


def _swatch(x: float, y: float, fill: str, text: str) -> str:
    return (
        f'<rect x="{x:g}" y="{y:g}" width="{SWATCH}" height="{SWATCH}" fill="{fill}" '
        f'stroke="{BORDER}"/><text x="{x + SWATCH + 6:g}" y="{y + SWATCH - 4:g}">'
        f"{escape(text)}</text>"
    )


def _legend_rows(items: Sequence[tuple[str, str]]) -> list[list[tuple[float, str, str]]]:
    """The swatches in reading order, lowest first, wrapped onto as many rows as they need."""
    rows: list[list[tuple[float, str, str]]] = [[]]
    x = float(PAD)
    for fill, text in items:
        width = SWATCH + 6 + len(text) * CHAR_WIDTH + 18
        if rows[-1] and x + width > WIDTH - PAD:
            rows.append([])
            x = float(PAD)
        rows[-1].append((x, fill, text))
        x += width
    return rows
