"""Reads of the innovation registry for pages, the API and the open data: lists with their
filters, the public catalogue's search, the replication network (its sources, where it
spread) and the sustainability reports due.

A status is shown as it stands today: the confirmed one while it is fresh, unknown once nobody
confirmed it for a year (STATUS_VALID_FOR). A report falls due eleven whole months after the
last confirmation, so that the unit has a month before the status turns unknown.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from prima.innovation.access import public_innovations
from prima.innovation.lifecycle import REPORT_DUE_AFTER_MONTHS, report_due, stale_before
from prima.innovation.models import Innovation, Replication
from prima.innovation.models.registry import (
    UNKNOWN,
    Stage,
    Status,
    Theme,
)

DUE_AFTER_MONTHS = REPORT_DUE_AFTER_MONTHS  # the one rule: prima.innovation.lifecycle
SEARCH_MAX = 100  # the longest search text taken from a link

LIST_RELATED = ("unit", "unit__agency", "unit__region")


@dataclass(frozen=True)
class Filters:
    """The filters of the staff list and the public catalogue, already checked."""

    q: str = ""
    service: str = ""
    region: str = ""
    stage: str = ""
    theme: str = ""
    status: str = ""
    kind: str = ""
    unit: str = ""

    @property
    def any(self) -> bool:
        return any(getattr(self, name) for name in self.__dataclass_fields__)


STATUS_CHOICES = [*Status.values, UNKNOWN]


def filters_from(params: Mapping[str, Any]) -> Filters:
    """Filters from a query string: unknown choices are dropped, texts trimmed."""
    get = params.get

    def text(name: str) -> str:
        return str(get(name, "") or "").strip()[:SEARCH_MAX]

    def choice(name: str, allowed: list[str]) -> str:
        value = text(name)
        return value if value in allowed else ""

    region = text("region")
    if region and not all(part.isdigit() for part in region.split(".")):
        region = ""
    return Filters(
        q=text("q"),
        service=text("service"),
        region=region,
        stage=choice("stage", list(Stage.values)),
        theme=choice("theme", list(Theme.values)),
        status=choice("status", STATUS_CHOICES),
        kind=choice("kind", list(Innovation.Kind.values)),
        unit=text("unit"),
    )


def due_cutoff(today: dt.date, months: int = DUE_AFTER_MONTHS) -> dt.date:
    """The latest confirmation day from which `months` whole months (months_between) have
    passed by `today`: confirmed on or before it, a report is due."""
    month_index = today.year * 12 + today.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    is_last_of_month = (today + dt.timedelta(days=1)).day == 1
    day = last if is_last_of_month else min(today.day, last)
    return dt.date(year, month, day)


def filter_innovations(
    innovations: QuerySet[Innovation], filters: Filters, *, today: dt.date
) -> QuerySet[Innovation]:
    """`innovations` narrowed by `filters`: words in the name, summary or problem; a service
    by name; a region code (a province's "81" takes in its regencies "81.04"); the status as
    shown today (unknown when stale)."""
    if filters.q:
        for word in filters.q.split()[:8]:
            innovations = innovations.filter(
                Q(title__icontains=word) | Q(summary__icontains=word) | Q(problem__icontains=word)
            )
    if filters.service:
        innovations = innovations.filter(
            pk__in=Innovation.objects.filter(services__name__icontains=filters.service).values("pk")
        )
    if filters.region:
        innovations = innovations.filter(
            Q(unit__region_id=filters.region)
            | Q(unit__region__code__startswith=f"{filters.region}.")
        )
    if filters.stage:
        innovations = innovations.filter(stage=filters.stage)
    if filters.theme:
        innovations = innovations.filter(theme=filters.theme)
    if filters.kind:
        innovations = innovations.filter(kind=filters.kind)
    if filters.unit:
        innovations = innovations.filter(unit__code=filters.unit)
    if filters.status == UNKNOWN:
        innovations = innovations.filter(status_confirmed_on__lt=stale_before(today))
    elif filters.status:
        innovations = innovations.filter(
            status=filters.status, status_confirmed_on__gte=stale_before(today)
        )
    return innovations


def innovation_rows(innovations: QuerySet[Innovation]) -> QuerySet[Innovation]:
    """For lists: the unit and region at hand, and how far each spread."""
    return innovations.select_related(*LIST_RELATED).annotate(
        n_replications=Count("replications", distinct=True)
    )


def catalogue(filters: Filters, *, today: dt.date) -> QuerySet[Innovation]:
    """The public catalogue: published innovations matching `filters`, newest first."""
    rows = filter_innovations(public_innovations(), filters, today=today)
    return innovation_rows(rows).order_by("-started_on", "title", "pk")


def reports_due(innovations: QuerySet[Innovation], *, today: dt.date) -> QuerySet[Innovation]:
    """Innovations whose yearly report is due: confirmed eleven or more whole months ago (the
    overdue ones, past a year, already show as unknown)."""
    return (
        innovations.filter(status_confirmed_on__lte=due_cutoff(today))
        .select_related(*LIST_RELATED)
        .order_by("status_confirmed_on", "pk")
    )


def report_state(innovation: Innovation, today: dt.date) -> str:
    """ "overdue" once the status shows as unknown, "due" from eleven whole months, else ""."""
    if innovation.status_on(today) == UNKNOWN:
        return "overdue"
    if report_due(innovation.status_confirmed_on, today):
        return "due"
    return ""


# --- the replication network ----------------------------------------------------------------
def where_it_spread(innovation: Innovation, *, public: bool = False) -> QuerySet[Replication]:
    """The replications of `innovation` (it is their source), with the adopting unit. For the
    public page, the adopter's entry is only linked when it is published (`adopter_public`)."""
    rows = innovation.replications.select_related(
        "adopter_unit", "adopter_unit__region", "adopter_unit__agency", "adopter_innovation"
    )
    return _mark_public(rows, "adopter_innovation", public)


def sources_of(innovation: Innovation, *, public: bool = False) -> QuerySet[Replication]:
    """The replications naming `innovation` as the adopter's entry: what it replicates."""
    rows = innovation.replicated_from.select_related(
        "source", "source__unit", "source__unit__region", "adopter_unit"
    )
    return _mark_public(rows, "source", public)


def _mark_public(rows: QuerySet[Replication], side: str, public: bool) -> QuerySet[Replication]:
    if public:
        # Only what the public may see of the other side: its link when published.
        published = public_innovations().values("pk")
        return rows.annotate(linked=Count(side, filter=Q(**{f"{side}__in": published}))).order_by(
            "-started_on", "pk"
        )
    return rows.annotate(linked=Count(side)).order_by("-started_on", "pk")


def detail_related(innovation: Innovation) -> dict[str, object]:
    """What an innovation's staff page lists beside it."""
    return {
        "team": innovation.team.all(),
        "measures": innovation.measures.all(),
        "files": innovation.files.all(),
        "reports": innovation.reports.select_related("reported_by"),
        "services": innovation.services.all(),
        "standards": innovation.standards.select_related("service"),
        "spread": where_it_spread(innovation),
        "sources": sources_of(innovation),
    }


def api_innovations(innovations: QuerySet[Innovation]) -> QuerySet[Innovation]:
    """For the API: every related record a serialized innovation shows, fetched in batches."""
    return innovations.select_related(*LIST_RELATED).prefetch_related(
        "services",
        "measures",
        Prefetch(
            "replications",
            queryset=Replication.objects.select_related("adopter_unit", "adopter_innovation"),
        ),
        Prefetch("replicated_from", queryset=Replication.objects.select_related("source")),
    )
