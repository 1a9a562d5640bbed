"""The reach page of the coaching programme: which regions and agencies took part, how the
follow-up tasks were completed, and what changed after the events.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from prima.accounts.access import deny
from prima.accounts.requests import AuthenticatedHttpRequest
from prima.coaching import access, queries
from prima.coaching.models import Event
from prima.lib.exports import dialect_of, stream_csv
from prima.lib.views import int_param


@login_required
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
            "map_points": queries.reach_map_points(result),
            "map_tiles": settings.PRIMA_MAP_TILES,
            "map_attribution": settings.PRIMA_MAP_ATTRIBUTION,
            "effect_months": queries.EFFECT_MONTHS,
        },
    )
