"""The choropleth maps (prima/lib/maps.py): every region has an outline, the SVG is well formed
and accessible, values fall in the right classes, and the maps stay light."""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from decimal import ROUND_HALF_UP, Decimal

import pytest

from prima.lib import maps
from prima.registry.regions_source import RegionRecord, read_regions
from prima.surveys import ikm

SVG = "{http://www.w3.org/2000/svg}"

# Regions of the registry's list that may lack an outline (none today). A code listed here
# must still be drawn, as a dot; any other region without an outline fails the test below.
ALLOWED_WITHOUT_OUTLINE: frozenset[str] = frozenset()


@functools.cache
def regions() -> tuple[RegionRecord, ...]:
    return tuple(read_regions())


def provinces() -> list[str]:
    return [r.code for r in regions() if r.level == 1]


def regencies(province: str) -> list[str]:
    return [r.code for r in regions() if r.parent_code == province]


def label(code: str) -> str:
    return {r.code: r.name for r in regions()}[code]


def ikm_scale() -> maps.Scale:
    return maps.Scale.from_categories(ikm.CURRENT.categories)


def draw(codes: list[str], values: dict[str, float | None] | None = None, **kwargs) -> str:
    kwargs.setdefault("scale", ikm_scale())
    kwargs.setdefault("title", "IKM")
    kwargs.setdefault("label", label)
    values = {code: 80.0 for code in codes} if values is None else values
    return maps.choropleth(codes, values, **kwargs)


def areas(svg: str) -> list[ET.Element]:
    """The drawn areas: paths and dots, linked or not."""
    root = ET.fromstring(svg)
    return [e for e in root.iter() if e.tag in (SVG + "path", SVG + "circle")]


def test_every_region_of_the_registry_has_an_outline():
    codes = [r.code for r in regions()]
    assert len([c for c in codes if "." not in c]) == 38
    assert len([c for c in codes if "." in c]) == 514
    missing = maps.missing_boundaries(codes)
    unexpected = sorted(set(missing) - ALLOWED_WITHOUT_OUTLINE)
    assert not unexpected, (
        f"regions without an outline in prima/registry/data/boundaries: {unexpected}; rebuild "
        "the boundaries (SOURCE.md) or add them to ALLOWED_WITHOUT_OUTLINE to draw them as dots"
    )
    for code in missing:
        svg = draw([code], link=lambda c: f"/r/{c}/")
        assert [e.tag for e in areas(svg)] == [SVG + "circle"], code


def test_every_outline_belongs_to_a_region_of_the_registry():
    codes = {r.code for r in regions()}
    assert set(maps.shapes().areas) <= codes
    assert set(maps.shapes().points) <= codes


def test_a_region_without_an_outline_is_drawn_as_a_dot_at_its_province():
    codes = [*regencies("81"), "81.99"]
    assert maps.missing_boundaries(codes) == ["81.99"]
    svg = draw(codes, {}, label=lambda code: code, link=lambda c: f"/r/{c}/")
    links = ET.fromstring(svg).findall(f".//{SVG}a")
    assert len(links) == len(codes)
    dot = [a for a in links if a.get("href") == "/r/81.99/"][0]
    assert dot[0].text == "81.99: no data"
    assert dot[1].tag == SVG + "circle"


def test_a_region_without_an_outline_can_be_left_out():
    svg = draw([*regencies("81"), "81.99"], link=lambda c: f"/r/{c}/", points_for_missing=False)
    assert len(ET.fromstring(svg).findall(f".//{SVG}a")) == len(regencies("81"))


def test_the_national_map_has_one_link_per_province_named_by_its_title():
    codes = provinces()
    svg = draw(codes, link=lambda code: f"/wilayah/{code}/?figure=ikm&year=2026")
    root = ET.fromstring(svg)
    links = root.findall(f"./{SVG}g/{SVG}a")
    assert [a.get("href") for a in links] == [f"/wilayah/{c}/?figure=ikm&year=2026" for c in codes]
    assert "&amp;year" in svg
    for link in links:
        assert link[0].tag == SVG + "title"  # the link's accessible name
        assert link[0].text.endswith(": 80.00")
    assert {e.tag for e in areas(svg)} == {SVG + "path"}
    assert root.get("role") == "group"
    assert root.get("aria-labelledby") == root.find(f"./{SVG}title").get("id") == "map-title"
    assert root.get("aria-describedby") is None


def test_a_map_without_links_is_one_labelled_image():
    svg = draw(provinces(), title="IKM 2026", description="Rata-rata IKM per provinsi.")
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "map-title"
    assert root.get("aria-describedby") == "map-desc"
    assert root.find(f"./{SVG}title").text == "IKM 2026"
    assert root.find(f"./{SVG}desc").text == "Rata-rata IKM per provinsi."
    assert root.findall(f".//{SVG}a") == []
    assert all(e[0].tag == SVG + "title" for e in areas(svg))


def test_every_text_is_escaped():
    nasty = 'Kab. <b>"Buru"</b> & co'
    svg = draw(
        ["81.04"],
        {"81.04": 70.0},
        title="<script>",
        description='a & "b"',
        label=lambda code: nasty,
        value_text=lambda v: f"<{v}>",
        link=lambda code: '/x/?a=1&b="2"<',
        dom_id="m1",
    )
    assert "<b>" not in svg and "<script>" not in svg
    root = ET.fromstring(svg)
    (link,) = root.findall(f".//{SVG}a")
    assert link[0].text == f"{nasty}: <70.0>"
    assert link.get("href") == '/x/?a=1&b="2"<'
    assert root.find(f"./{SVG}title").text == "<script>"
    assert root.find(f"./{SVG}desc").text == 'a & "b"'


@pytest.mark.parametrize(
    "value, mutu",
    [
        (25.0, "D"),
        (64.99, "D"),
        (64.994, "D"),
        (64.995, "C"),  # rounds half-up to 65.00, as ikm does
        (65.0, "C"),
        (76.60, "C"),
        (76.6049, "C"),
        (76.605, "B"),
        (76.61, "B"),
        (88.30, "B"),
        (88.3049, "B"),
        (88.305, "A"),
        (88.31, "A"),
        (100.0, "A"),
    ],
)
def test_ikm_values_fall_in_the_grade_of_the_regulation(value, mutu):
    scale = ikm_scale()
    rounded = Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert ikm.CURRENT.category(rounded).mutu == mutu
    assert "DCBA"[scale.index(value)] == mutu
    assert scale.colour(value) == scale.colours["DCBA".index(mutu)]


def test_the_ikm_scale_reuses_the_grade_bounds_and_says_them():
    scale = ikm_scale()
    assert scale.breaks == (65.0, 76.61, 88.31)
    assert scale.labels == ("D: < 65.00", "C: 65.00–76.60", "B: 76.61–88.30", "A: ≥ 88.31")
    assert len(set(scale.colours)) == 4


@pytest.mark.parametrize(
    "value, index",
    [(-1.0, 0), (49.99, 0), (50.0, 1), (74.99, 1), (75.0, 2), (89.994, 2), (90.0, 3), (100, 3)],
)
def test_fixed_breaks_are_the_lower_bounds_of_the_classes_above(value, index):
    assert maps.Scale.fixed([50, 75, 90]).index(value) == index


def test_quantile_classes_hold_about_equal_numbers_of_areas():
    values = [float(v) for v in range(1, 21)]
    scale = maps.Scale.quantiles(values, classes=5, decimals=0)
    counts = [0] * len(scale.colours)
    for v in values:
        counts[scale.index(v)] += 1
    assert counts == [4, 4, 4, 4, 4]
    assert scale.labels[0] == "1–4" and scale.labels[-1] == "17–20"


def test_quantiles_of_few_distinct_values_give_fewer_classes():
    assert len(maps.Scale.quantiles([3.0, 3.0, 3.0, 7.0], classes=5).colours) == 2
    single = maps.Scale.quantiles([3.0, None, 3.0], classes=5)
    assert single.breaks == () and single.labels == ("3.00",)
    empty = maps.Scale.quantiles([None], classes=5)
    assert empty.breaks == () and empty.index(1.0) == 0


def test_a_scale_refuses_more_classes_than_the_palette():
    with pytest.raises(ValueError):
        maps.Scale.fixed(range(7))
    assert len(maps.Scale.fixed(range(6)).colours) == 7


def test_areas_without_data_are_hatched_and_the_legend_says_so():
    codes = regencies("81")
    values: dict[str, float | None] = {code: 70.0 for code in codes}
    values[codes[0]] = None
    values[codes[1]] = float("nan")
    del values[codes[2]]
    svg = draw(codes, values, no_data="tidak ada data", dom_id="maluku")
    root = ET.fromstring(svg)
    assert root.find(f".//{SVG}pattern").get("id") == "maluku-nodata"
    fills = [e.get("fill") for e in areas(svg)]
    assert fills[:3] == ["url(#maluku-nodata)"] * 3
    assert set(fills[3:]) == {ikm_scale().colour(70.0)}
    legend = [t.text for t in root.iter(SVG + "text")]
    assert legend[-1] == "tidak ada data"
    assert areas(svg)[0][0].text.endswith(": tidak ada data")
    assert "no data" not in draw(codes)  # no swatch when every area has a value


def test_the_legend_alone_lists_classes_highest_first():
    svg = ikm_scale().legend_svg(no_data="tidak ada data")
    root = ET.fromstring(svg)
    assert root.get("aria-hidden") == "true"
    texts = [t.text for t in root.iter(SVG + "text")]
    assert texts == [
        "A: ≥ 88.31",
        "B: 76.61–88.30",
        "C: 65.00–76.60",
        "D: < 65.00",
        "tidak ada data",
    ]


def test_maps_fit_indonesia_and_stay_light():
    codes = provinces()
    values = {code: 60.0 + i for i, code in enumerate(codes)}
    national = draw(codes, values, link=lambda c: f"/insights/wilayah/{c}/")
    width, height = (float(n) for n in ET.fromstring(national).get("viewBox").split()[2:])
    assert width == 1000 and 300 < height < 500  # Indonesia is wide
    assert len(national.encode()) < 150_000
    for province in codes:
        svg = draw(regencies(province), link=lambda c: f"/insights/wilayah/{c}/")
        assert len(svg.encode()) < 60_000, province
        assert len(areas(svg)) == len(regencies(province))


def test_two_maps_on_a_page_have_their_own_ids():
    one = ET.fromstring(draw(provinces(), {}, dom_id="ikm"))
    two = ET.fromstring(draw(provinces(), {}, dom_id="complaints"))
    ids = [e.get("id") for root in (one, two) for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids)) == 4
