"""Template helpers of the coaching pages.

An event's times are shown by its own clock — the zone of the province it is held in (WIB,
WITA or WIT, Event.zone) — with the zone's label, and the viewer's zone beside them when it
differs (queries.viewer_zone): "Tuesday, 12 May 2020, 09.00–12.30 WIT (07.00–10.30 WIB)".
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from prima.coaching.models import Event, FollowUpTask
from prima.registry.timezones import TimeZoneCode, zoneinfo_for

register = template.Library()

ZONE_NAMES = {
    "WIB": _("Western Indonesia Time (UTC+7)"),
    "WITA": _("Central Indonesia Time (UTC+8)"),
    "WIT": _("Eastern Indonesia Time (UTC+9)"),
}
DAY = "l, j F Y"
SHORT_DAY = "j M Y"
TIME = "H.i"  # 09.00, as agendas and letters write it


@register.filter
def overdue(task: FollowUpTask, today: dt.date) -> bool:
    return task.is_overdue(today)


@register.filter
def percent(share: float | None) -> str:
    """0.4 → "40%"; no value → "—"."""
    return "—" if share is None else f"{round(share * 100)}%"


def zone_label(code: str) -> SafeString:
    return format_html('<abbr title="{}">{}</abbr>', ZONE_NAMES[code], code)


def _span(start: dt.datetime, end: dt.datetime, *, dated: bool) -> str:
    """Tuesday, 12 May 2020, 09.00–12.30 — or 09.00–12.30 when not `dated`; an event over
    several days names both days."""
    if start.date() != end.date():
        return (
            f"{date_format(start, DAY)}, {date_format(start, TIME)} – "
            f"{date_format(end, DAY)}, {date_format(end, TIME)}"
        )
    times = f"{date_format(start, TIME)}–{date_format(end, TIME)}"
    return f"{date_format(start, DAY)}, {times}" if dated else times


def _beside(viewer_zone: str | None, event: Event) -> TimeZoneCode | None:
    return viewer_zone if viewer_zone and viewer_zone != event.zone else None  # type: ignore[return-value]


@register.simple_tag
def event_when(event: Event, viewer_zone: str | None = None) -> SafeString:
    """When an event is held, by its own clock, and by the viewer's beside it."""
    start, end = event.local_start, event.local_end
    shown = format_html(
        '<time datetime="{}">{}</time> {}',
        start.isoformat(),
        _span(start, end, dated=True),
        zone_label(event.zone),
    )
    other = _beside(viewer_zone, event)
    if other is None:
        return shown
    zone = zoneinfo_for(other)
    there_start, there_end = start.astimezone(zone), end.astimezone(zone)
    dated = (there_start.date(), there_end.date()) != (start.date(), end.date())
    return format_html(
        '{} <span class="muted">({} {})</span>',
        shown,
        _span(there_start, there_end, dated=dated),
        zone_label(other),
    )


@register.simple_tag
def event_moment(moment: dt.datetime, event: Event, viewer_zone: str | None = None) -> SafeString:
    """A moment in an event's life (a report, a change) by the event's clock: "12 May 2020
    10.00 WIT", and "(08.00 WIB)" beside it for a viewer elsewhere."""
    here = moment.astimezone(event.zoneinfo)
    shown = format_html(
        '<time datetime="{}">{} {}</time> {}',
        here.isoformat(),
        date_format(here, SHORT_DAY),
        date_format(here, TIME),
        zone_label(event.zone),
    )
    other = _beside(viewer_zone, event)
    if other is None:
        return shown
    there = moment.astimezone(zoneinfo_for(other))
    text = date_format(there, TIME)
    if there.date() != here.date():
        text = f"{date_format(there, SHORT_DAY)} {text}"
    return format_html('{} <span class="muted">({} {})</span>', shown, text, zone_label(other))
