"""The readiness board (kesiapan PEKPPP, issue 19): where each unit of an agency stands on
every duty the evaluation checks, and one level up, the agencies in a reader's scope.

- `/manage/readiness/`: a reader whose scope is one agency (its administrator, or a unit
  operator) gets that agency's board; a wider scope (a provincial evaluator, a national
  administrator or evaluator) the list of its agencies, each leading to its board; an
  evaluator also sees the lokus they evaluate.
- `/manage/readiness/<agency>/`: one agency's board, with its exports (`?format=csv`, `xlsx`,
  `pdf`) and its deadlines.

A unit operator reads the board of their agency with their own unit's row only (and its
deadlines): the units in a reader's scope are the board's rows. The pages read the small
tables prima.insights.store keeps; the guide is docs/guide/readiness.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext

from prima.accounts.requests import AuthenticatedHttpRequest
from prima.accounts.scope import Scope, scope_for
from prima.coaching.access import tasks_visible_to
from prima.insights import board_exports, links, queries
from prima.insights.models import Status, UnitReadiness
from prima.insights.readiness import DUTIES, DUTY_HEADINGS
from prima.lib.dbrouter import replica_reads
from prima.lib.views import page_of, query_without
from prima.registry.access import agencies_visible_to, get_agency_for_user, units_visible_to
from prima.registry.models import Agency, ServiceUnit

DEADLINES_PER_PAGE = 20


@dataclass(frozen=True)
class BoardRow:
    unit: ServiceUnit
    readiness: UnitReadiness | None  # None until the unit's first refresh has run
    cells: list[queries.Cell]
    gap: str


@dataclass(frozen=True)
class SortLink:
    """A sortable column's header: where clicking it leads and how the rows stand now."""

    url: str
    aria_sort: str  # "ascending", "descending" or "" (not sorted by this column)


# Column → (the sort it starts with, its reverse); the first is what a click gives first.
_UNIT_COLUMNS = {"name": ("name", "-name"), "late": ("late", "-late"), "ipp": ("ipp", "-ipp")}
_AGENCY_COLUMNS = {
    "name": ("name", "-name"),
    "late": ("late", "-late"),
    "ipp": ("ipp", "-ipp"),
    "units": ("units", "-units"),
}
# Which way each sort orders its column, for aria-sort.
_DIRECTION = {
    "name": "ascending",
    "-name": "descending",
    "late": "descending",
    "-late": "ascending",
    "ipp": "ascending",
    "-ipp": "descending",
    "units": "descending",
    "-units": "ascending",
}


def _sort_links(
    request: AuthenticatedHttpRequest, current: str, columns: dict[str, tuple[str, str]]
) -> dict[str, SortLink]:
    base = query_without(request, "sort", "page", "dpage", "format", "dialect")
    found = {}
    for column, (first, second) in columns.items():
        sorted_here = current in (first, second)
        target = second if current == first else first
        url = "?" + (f"{base}&" if base else "") + f"sort={target}"
        found[column] = SortLink(url, _DIRECTION[current] if sorted_here else "")
    return found


def _reads_every_unit(scope: Scope, agency: Agency) -> bool:
    """Whether the reader's scope covers all of the agency's units (as Scope.unit_filter
    does), not just the units they operate: then the agency's sums are theirs to read."""
    region = agency.region_id or ""
    return (
        scope.national_reader
        or agency.pk in scope.read_agency_ids | scope.admin_agency_ids
        or any(region.startswith(prefix) for prefix in scope.region_prefixes)
    )


@login_required
@replica_reads
def readiness(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The board of the reader's one agency, or the agencies in a wider scope."""
    agencies = agencies_visible_to(request.user)
    first_two = list(agencies.order_by("pk")[:2])
    if len(first_two) == 1:
        return _board(request, first_two[0], own=True)
    return _agency_list(request, agencies)


@login_required
@replica_reads
def readiness_agency(request: AuthenticatedHttpRequest, agency_code: str) -> HttpResponseBase:
    agency, _rights = get_agency_for_user(request.user, agency_code)
    return _board(request, agency, own=False)


def _agency_list(request: AuthenticatedHttpRequest, agencies: QuerySet[Agency]) -> HttpResponse:
    today = timezone.localdate()
    provinces = queries.provinces_of(agencies)
    filters = queries.AgencyFilters.of(request.GET, provinces)
    page = page_of(request, queries.agency_rows(agencies, filters))
    rows = [
        {
            "agency": agency,
            "readiness": getattr(agency, "readiness", None),
            "duties": queries.duty_counts(getattr(agency, "readiness", None)),
            "province": provinces.get(
                getattr(getattr(agency, "readiness", None), "province_code", "")
                or (agency.region_id or "")[:2],
                "",
            ),
        }
        for agency in page.object_list
    ]
    scope = scope_for(request.user)
    lokus = [
        {
            "assignment": assignment,
            "board": scope.can_read_agency(
                assignment.lokus.unit.agency_id, assignment.lokus.unit.agency.region_id
            ),
        }
        for assignment in queries.lokus_evaluated_by(request.user, year=today.year)
    ]
    return render(
        request,
        "insights/agencies.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "provinces": sorted(provinces.items()),
            "duties": [(duty, DUTY_HEADINGS[duty]) for duty in DUTIES],
            "sorts": _sort_links(request, filters.sort, _AGENCY_COLUMNS),
            "query": query_without(request),
            "lokus": lokus,
            "today": today,
        },
    )


def _board(request: AuthenticatedHttpRequest, agency: Agency, *, own: bool) -> HttpResponseBase:
    today = timezone.localdate()
    scope = scope_for(request.user)
    units = units_visible_to(request.user).filter(agency=agency)
    filters = queries.UnitFilters.of(request.GET)
    rows = queries.board_units(units, filters)
    fmt = request.GET.get("format", "")
    if fmt in board_exports.FORMATS:
        return board_exports.export(
            request,
            fmt,
            agency=agency,
            units=rows,
            deadlines=queries.agency_deadlines(
                agency, units=units, tasks=tasks_visible_to(request.user), today=today
            ),
            filters=filters,
            today=today,
        )
    page = page_of(request, rows)
    draw = links.DutyLinks()
    board = [
        BoardRow(
            unit=unit,
            readiness=getattr(unit, "readiness", None),
            cells=queries.cells(
                unit.readiness,
                unit.code,
                change=scope.can_change_unit(unit.pk, unit.agency_id),
                draw=draw,
            )
            if getattr(unit, "readiness", None) is not None
            else [],
            gap=queries.gap_text(unit.readiness)
            if getattr(unit, "readiness", None) is not None
            else "",
        )
        for unit in page.object_list
    ]
    whole = _reads_every_unit(scope, agency)
    summary = queries.readiness_of(agency) if whole else None
    deadlines = queries.agency_deadlines(
        agency, units=units, tasks=tasks_visible_to(request.user), today=today
    )
    deadline_page = Paginator(deadlines, DEADLINES_PER_PAGE).get_page(request.GET.get("dpage"))
    return render(
        request,
        "insights/board.html",
        {
            "agency": agency,
            "own": own,
            "whole": whole,
            "summary": summary,
            "summary_duties": queries.duty_counts(summary) if summary else [],
            "page": page,
            "rows": board,
            "level_word": gettext("level"),
            "filters": filters,
            "duties": [(duty, DUTY_HEADINGS[duty]) for duty in DUTIES],
            "statuses": Status.choices,
            "sorts": _sort_links(request, filters.sort, _UNIT_COLUMNS),
            "query": query_without(request, "page", "format", "dialect"),
            "deadline_query": query_without(request, "dpage", "format", "dialect"),
            "deadlines": deadline_page,
            "today": today,
        },
    )
