"""The national picture's pages (issue 20): `/gambaran/` for Indonesia and
`/gambaran/<code>/` for a Wilayah, province, regency/city, `agency:<code>` or `unit:<code>`.
Public figures for anyone; staff figures where the reader's roles cover the area. The reads
are in prima.insights.national and prima.insights.picture."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from prima.accounts.scope import scope_for
from prima.insights import national, picture, picture_exports
from prima.insights.national import COUNTRY
from prima.lib import charts
from prima.lib.dbrouter import replica_reads
from prima.registry.models import ServiceUnit

FIRST_YEAR = picture.FIRST_YEAR


def _year(request: HttpRequest) -> int:
    """The year asked for (?tahun=), this year when absent or not a year Prima can hold."""
    this_year = timezone.localdate().year
    raw = request.GET.get("tahun", "")
    if raw.isdigit() and FIRST_YEAR <= int(raw) <= this_year:
        return int(raw)
    return this_year


def _trend_chart(points: list[tuple[int, float | None]]) -> SafeString:
    values = [charts.Point(label=str(year), value=value) for year, value in points]
    svg = charts.responsive(
        charts.trend_chart(values, low=25, high=100),
        charts.trend_chart(values, low=25, high=100, narrow=True),
    )
    return mark_safe(svg)  # noqa: S308 - built and escaped by lib.charts


@replica_reads
def area_page(request: HttpRequest, code: str = COUNTRY) -> HttpResponseBase:
    try:
        found = national.area(code)
    except LookupError:
        raise Http404 from None
    scope = scope_for(request.user)
    audience = national.audience_for(scope, found)
    if not national.visible(found, audience):
        raise Http404
    year = _year(request)
    measure = (
        picture.MEASURES.get(request.GET.get("ukuran", ""), None)
        or picture.MEASURES[picture.DEFAULT_MEASURE]
    )
    fmt = request.GET.get("format", "")
    kind = request.GET.get("jenis", "")
    if kind not in ServiceUnit.Kind.values or found.level == national.Level.UNIT:
        kind = ""
    if fmt in picture_exports.FORMATS:
        return picture_exports.respond(
            request, fmt, found=found, year=year, measure=measure, kind=kind, audience=audience
        )
    figures = national.figures_of(found, year=year, audience=audience)
    rows = picture.ranked_rows(
        found, year=year, audience=audience, measure=measure, kind=kind, light=True
    )
    children = [row.child for row in rows]
    years = picture.trend_years(year)
    trend = national.trend(found, years=years, audience=audience)
    cycle = national.cycle_for(year)
    previous_ikm, movement = national.movement_of(found, year=year, audience=audience)
    drawn_map = picture.Map()
    if not kind:
        drawn = (
            national.children_figures(national.all_provinces(), year=year, audience=audience)
            if found.level == national.Level.COUNTRY
            else children
        )
        drawn_map = picture.choropleth(found, drawn, measure, year)
    context = {
        "area": found,
        "level_label": picture.LEVEL_LABELS[found.level],
        "child_label": picture.CHILD_LABELS.get(found.level, ""),
        "breadcrumbs": [
            (name, picture.area_url(c, tahun=year)) for name, c in picture.breadcrumbs(found)
        ],
        "year": year,
        "years": list(range(timezone.localdate().year, FIRST_YEAR - 1, -1)),
        "audience": audience,
        "figures": figures,
        "cycle": cycle,
        "shares": picture.shares(figures),
        "few_units": picture.few_units(found, figures),
        "weakest_elements": picture.element_names(figures["skm"]["weakest_elements"][:3]),
        "weakest_aspects": picture.aspect_names(
            figures["ipp"]["weakest_aspects"][:3], cycle.instrument_code if cycle else None
        ),
        "never_count": len(figures["coaching"]["never"]),
        # Every unit of a kind may be thousands: the first ROWS_SHOWN ranked, all in the files.
        "rows": rows[: picture.ROWS_SHOWN],
        "rows_hidden": max(0, len(rows) - picture.ROWS_SHOWN),
        "measure": measure,
        "measures": list(picture.MEASURES.values()),
        "trend": [(y, trend[y]) for y in years],
        "trend_chart": _trend_chart([(y, trend[y]["skm"]["ikm_mean"]) for y in years])
        if sum(trend[y]["skm"]["ikm_mean"] is not None for y in years) > 1
        else "",
        "lists": picture.lists(found, scope, audience, year, cycle.pk if cycle else None),
        "export_query": urlencode(
            {"tahun": str(year), "ukuran": measure.key, **({"jenis": kind} if kind else {})}
        ),
        # A long file (every unit of a kind over a province or more) is prepared in the
        # background for a signed-in reader (ADR 0020, "Exports").
        "prepare": picture_exports.prepare_params(found, year=year, measure=measure.key, kind=kind)
        if request.user.is_authenticated and picture_exports.deferred(found, kind=kind)
        else None,
        "kind": kind,
        "kinds": ServiceUnit.Kind.choices,
        "kind_label": ServiceUnit.Kind(kind).label if kind else "",
        "previous_ikm": previous_ikm,
        "movement_label": picture.MOVEMENT_LABELS.get(movement or "", ""),
        "peers": national.peers(found, year=year, audience=audience),
        "map": mark_safe(drawn_map.svg),  # noqa: S308 - built and escaped by lib.maps
        "map_legend": mark_safe(drawn_map.legend),  # noqa: S308 - the same
        "map_points": drawn_map.points,
        "never_names": picture.region_names(figures["coaching"]["never"][: picture.NAMED]),
    }
    return render(request, "insights/picture.html", context)
