"""The reach page of the coaching programme: which regions and agencies took part, how the
follow-up tasks were completed, and what changed after the events.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from prima.accounts.access import deny
from prima.accounts.requests import AuthenticatedHttpRequest
from prima.coaching import access, queries
from prima.coaching.models import Event
from prima.lib import formats, maps
from prima.lib.dbrouter import replica_reads
from prima.lib.exports import dialect_of, stream_csv
from prima.lib.views import int_param


def _reach_map(result: queries.Reach) -> dict[str, Any]:
    """The provinces coloured by the share of their regional governments that took part, drawn
    on the server (prima.lib.maps); the table below the map has the same figures."""
    shown = [r for r in result.provinces if r.agencies]
    codes = [r.province.code for r in shown]
    names = {r.province.code: r.province.name for r in shown}
    shares = {r.province.code: 100 * r.took_part / r.agencies for r in shown}

    def percent(value: float) -> str:
        return formats.decimal(value, 0) + "%"

    scale = maps.Scale.fixed([20, 40, 60, 80], decimals=0, fmt=percent, low=0, high=100)
    svg = maps.choropleth(
        codes,
        shares,
        scale=scale,
        title=_("Share of regional governments that took part, by province"),
        description=_("The table below gives the same figures."),
        label=lambda code: names.get(code, code),
        value_text=percent,
        no_data=_("no data"),
        legend=False,
        dom_id="jangkauan",
    )
    return {
        "map": mark_safe(svg),  # noqa: S308 - built and escaped by lib.maps
        "map_legend": mark_safe(  # noqa: S308 - the same
            scale.legend_svg(no_data=_("no data"), dom_id="jangkauan-legenda")
        ),
    }


@login_required
@replica_reads
def reach(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """Which regions and agencies took part, completion of follow-ups, and what changed."""
    if not access.reads_reach(request.user):
        deny(request.user, "coaching.reach", "", write=False)
    year = queries.year_in_range(int_param(request.GET.get("year")))
    events = access.events_visible_to(request.user).filter(status=Event.Status.PUBLISHED)
    if year:
        events = queries.in_year(events, year)
    result = queries.reach(events=events)
    if request.GET.get("format") == "csv":
        return stream_csv(
            "jangkauan-pembinaan.csv",
            ["province_code", "province", "agencies", "took_part", "never", "events", "attendees"],
            (
                [
                    r.province.code,
                    r.province.name,
                    r.agencies,
                    r.took_part,
                    len(r.never),
                    len(r.events),
                    r.attendees,
                ]
                for r in result.provinces
            ),
            dialect=dialect_of(request.GET),
        )
    today = timezone.localdate()
    tasks = access.tasks_visible_to(request.user).filter(event__in=events.values("pk"))
    return render(
        request,
        "coaching/reach.html",
        {
            "year": year,
            "years": queries.event_years(),
            "result": result,
            "top": queries.agency_reach_rows(result, limit=20),
            "completion_tables": [
                (_("Agency"), queries.completion(tasks, by="agency", today=today)),
                (_("Topic"), queries.completion(tasks, by="topic", today=today)),
                (pgettext("coaching", "Event"), queries.completion(tasks, by="event", today=today)),
            ],
            "effects": queries.effects(events),
            **_reach_map(result),
            "effect_months": queries.EFFECT_MONTHS,
        },
    )
