"""What the readiness board and the national picture read of an MPP (prima.insights): a few
facts per MPP unit, in a fixed number of grouped queries whatever the number of units, so that
the apps above read MPPs through this one function and not through the app's models.

- `published`: the MPP's public page is on (prima.mpp.access.PUBLISHED, its unit listed).
- `inaugurated`: inaugurated on or before today.
- `tenants`: tenants present today (joined, not yet left; prima.mpp.models.present_on).
- `services`: services offered today (active) by those tenants.
- `visitors_recent`: visitors over the RECENT_DAYS days ending today (MppDay).
- `last_figures_on` / `next_figures_on`: the newest day with figures up to today, and the
  first one dated after today (a day dated ahead counts from its day on); `figures_recent`:
  the newest is within the RECENT_DAYS days ending today.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q, Sum

from prima.mpp.access import PUBLISHED
from prima.mpp.models import Mpp, MppDay, Offering, Tenant, present_on

RECENT_DAYS = 30  # "the last 30 days": today and the 29 days before it


def recent_since(today: dt.date) -> dt.date:
    """The first day of the RECENT_DAYS days ending today."""
    return today - dt.timedelta(days=RECENT_DAYS - 1)


@dataclass(frozen=True)
class MppFacts:
    unit_id: int
    published: bool
    inaugurated: bool
    digital_pilot: bool
    tenants: int
    services: int
    visitors_recent: int
    last_figures_on: dt.date | None
    next_figures_on: dt.date | None
    figures_recent: bool  # figures for a day within the RECENT_DAYS days ending today


def facts_for(unit_ids: Iterable[int], today: dt.date) -> dict[int, MppFacts]:
    """The facts of the MPPs among `unit_ids` (units without an MPP profile are left out)."""
    ids = sorted(set(unit_ids))
    profiles = list(
        Mpp.objects.filter(unit_id__in=ids)
        .order_by()
        .values_list("unit_id", "inaugurated_on", "is_digital_pilot")
    )
    if not profiles:
        return {}
    found = [pk for pk, _i, _d in profiles]
    published = set(
        Mpp.objects.filter(PUBLISHED, unit_id__in=found).values_list("unit_id", flat=True)
    )
    tenants = dict(
        Tenant.objects.filter(present_on(today), mpp_id__in=found)
        .order_by()
        .values("mpp_id")
        .annotate(n=Count("pk"))
        .values_list("mpp_id", "n")
    )
    services = dict(
        Offering.objects.filter(
            is_active=True, tenant__in=Tenant.objects.filter(present_on(today), mpp_id__in=found)
        )
        .order_by()
        .values("tenant__mpp_id")
        .annotate(n=Count("pk"))
        .values_list("tenant__mpp_id", "n")
    )
    visitors: dict[int, int] = defaultdict(int)
    last: dict[int, dt.date] = {}
    for mpp_id, total, newest in (
        MppDay.objects.filter(mpp_id__in=found, date__lte=today)
        .order_by()
        .values("mpp_id")
        .annotate(
            v=Sum("visitors", filter=Q(date__gte=recent_since(today))),
            newest=Max("date"),
        )
        .values_list("mpp_id", "v", "newest")
    ):
        visitors[mpp_id] = total or 0
        last[mpp_id] = newest
    ahead = dict(
        MppDay.objects.filter(mpp_id__in=found, date__gt=today)
        .order_by()
        .values("mpp_id")
        .annotate(first=Min("date"))
        .values_list("mpp_id", "first")
    )
    return {
        pk: MppFacts(
            unit_id=pk,
            published=pk in published,
            inaugurated=inaugurated is not None and inaugurated <= today,
            digital_pilot=digital,
            tenants=tenants.get(pk, 0),
            services=services.get(pk, 0),
            visitors_recent=visitors.get(pk, 0),
            last_figures_on=last.get(pk),
            next_figures_on=ahead.get(pk),
            figures_recent=pk in last and last[pk] >= recent_since(today),
        )
        for pk, inaugurated, digital in profiles
    }
