"""Complaint statistics as open data (issue 21): per service unit and month — and per agency
and month for complaints filed to an agency that names no unit — how many complaints were
received, answered, answered on time and closed, and the median time to the first answer.

What counts is what Prima counts as public everywhere (prima.complaints.access.PUBLIC): no
secret (*rahasia*) complaint, none archived or marked as abuse, none of an agency no longer
active — nor, as in the national picture, any of a unit not listed publicly. Nothing here
names a complainant: the rows are counts, read without joining the complainant's `Identity`.
A month of a unit with fewer than `MIN_COUNT` complaints is published with every count empty
and `suppressed` true (see `_cells`).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterator, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from prima.complaints.access import PUBLIC
from prima.complaints.models import Complaint, Event, Status
from prima.complaints.queries import MIN_PUBLIC_COUNT
from prima.opendata import schema as s
from prima.opendata.datasets import DATASETS
from prima.opendata.datasets import registry as codes

CHUNK = 2000
# Statistics over fewer complaints are not shown anywhere in Prima (they could identify
# someone): the unit page's statistics and the national picture hide below the same number
# (prima.insights.figures.MIN_PUBLIC_COMPLAINTS mirrors it).
MIN_COUNT = MIN_PUBLIC_COUNT
# The reporting day is Jakarta's: the national picture puts a complaint in the year of its
# receipt in settings.TIME_ZONE (prima.insights.figures.local_year), and Django's
# `received_at__year` lookups (prima.complaints.evidence) do the same.
ZONE = ZoneInfo(settings.TIME_ZONE)


# A unit not listed publicly is hidden from the public directory and API
# (prima.registry.access.PUBLIC_UNITS), and the national picture's public figures leave its
# complaints out (prima.insights.figures: `Holder.listed`); PUBLIC already requires the agency
# to be active.
LISTED = Q(unit__isnull=True) | Q(unit__is_active=True)


def _received_in(year: int | None) -> QuerySet[Complaint]:
    """The public complaints received in `year` (every year for None), each marked `on_time`
    when its first answer came within the unit's deadline — the `in_time` the answer's
    RESPONDED event records (prima.complaints.actions._apply: answered at or before `due_at`,
    the working-day clock of docs/regulations.md §C1.1), which the unit page's statistics and
    the national picture count too."""
    complaints = Complaint.objects.filter(PUBLIC).filter(LISTED)
    if year is not None:
        complaints = complaints.filter(
            received_at__gte=dt.datetime(year, 1, 1, tzinfo=ZONE),
            received_at__lt=dt.datetime(year + 1, 1, 1, tzinfo=ZONE),
        )
    on_time = Event.objects.filter(
        complaint=OuterRef("pk"), action=Event.Action.RESPONDED, detail__in_time=True
    )
    return complaints.annotate(on_time=Exists(on_time))


def _month(moment: dt.datetime) -> str:
    return moment.astimezone(ZONE).strftime("%Y-%m")


def _hours(received: dt.datetime, answered: dt.datetime) -> int:
    """Whole hours from receipt to the first answer, as the national picture keeps them."""
    return int((answered - received).total_seconds() // 3600)


def _cells(
    received: int, answered: int, on_time: int, closed: int, hours: list[int]
) -> tuple[Any, ...]:
    """A month's counts as published: (suppressed, received, answered, answered on time,
    closed, median hours). Fewer than MIN_COUNT complaints: every count empty, so no count
    can be had from the others by subtraction and a zero says nothing either."""
    if received < MIN_COUNT:
        return (True, None, None, None, None, None)
    # The median of whole hours, the mean of the middle two for an even count: the national
    # picture's rule (prima.insights.figures._median_hours).
    median = float(statistics.median(hours)) if hours else None
    return (False, received, answered, on_time, closed, median)


def _grouped(rows: Iterator[Sequence[Any]], width: int) -> Iterator[tuple[Any, ...]]:
    """Sum complaint rows — (*key, received_at, first answered, status, on time), ordered by
    key and receipt — into one row per key and Jakarta month, holding one group at a time."""
    current: tuple[Any, ...] | None = None
    received = answered = on_time = closed = 0
    hours: list[int] = []
    for row in rows:
        key, (received_at, first_answer, status, in_time) = tuple(row[:width]), row[width:]
        group = (*key, _month(received_at))
        if group != current:
            if current is not None:
                yield (*current, *_cells(received, answered, on_time, closed, hours))
            current, received, answered, on_time, closed, hours = group, 0, 0, 0, 0, []
        received += 1
        if first_answer is not None:
            answered += 1
            hours.append(_hours(received_at, first_answer))
        if in_time:
            on_time += 1
        if status == Status.CLOSED:
            closed += 1
    if current is not None:
        yield (*current, *_cells(received, answered, on_time, closed, hours))


STATS = ("received_at", "first_responded_at", "status", "on_time")


def _unit_months(year: int | None) -> Iterator[Sequence[Any]]:
    # The unit's own agency and region: a unit belongs to one agency (file_complaint and
    # verify refuse a unit of another), and this keeps one row per unit and month.
    rows = (
        _received_in(year)
        .filter(unit__isnull=False)
        .order_by("unit__code", "received_at", "pk")
        .values_list("unit__code", "unit__agency__code", "unit__region_id", *STATS)
    )
    yield from _grouped(rows.iterator(chunk_size=CHUNK), 3)


def _agency_months(year: int | None) -> Iterator[Sequence[Any]]:
    rows = (
        _received_in(year)
        .filter(unit__isnull=True)
        .order_by("agency__code", "received_at", "pk")
        .values_list("agency__code", "agency__region_id", *STATS)
    )
    yield from _grouped(rows.iterator(chunk_size=CHUNK), 2)


def _years() -> list[int]:
    """The years with a public complaint received, by the Jakarta date of receipt."""
    found = (
        Complaint.objects.filter(PUBLIC)
        .filter(LISTED)
        .datetimes("received_at", "year", tzinfo=ZONE)
    )
    return sorted({moment.year for moment in found})


MONTH = s.Field(
    "month",
    _("Month"),
    "yearmonth",
    _("The month the complaints were received in, by the date in Jakarta (WIB)."),
    required=True,
)
COUNTS = (
    s.Field(
        "suppressed",
        _("Suppressed"),
        "boolean",
        format_lazy(
            _(
                "True when fewer than {count} complaints were received in the month: every "
                "count of the row is then left empty, as Prima shows no statistics over fewer "
                "complaints."
            ),
            count=MIN_COUNT,
        ),
        required=True,
    ),
    s.Field(
        "received",
        _("Complaints received"),
        "integer",
        _(
            "Complaints, suggestions and requests for information (the three SP4N-LAPOR! "
            "report types, docs/regulations.md §5.3) received in the month; secret reports "
            "(rahasia, §C1.3), archived reports, abuse and complaints to a unit not listed "
            "publicly are not counted."
        ),
        minimum=MIN_COUNT,
    ),
    s.Field(
        "answered",
        _("Answered"),
        "integer",
        _("Of those received in the month: how many have had a first answer by now."),
        minimum=0,
    ),
    s.Field(
        "answered_on_time",
        _("Answered on time"),
        "integer",
        _(
            "Of those received in the month: how many had their first answer by the unit's "
            "deadline — five working days after dispatch under the default clock policy, on "
            "the working-day calendar with national holidays and cuti bersama "
            "(docs/regulations.md §C1.1, §C4)."
        ),
        minimum=0,
    ),
    s.Field(
        "closed",
        _("Complaints closed"),
        "integer",
        _(
            "Of those received in the month: how many are closed by now — accepted by the "
            "complainant, or 10 working days after the answer without a reply "
            "(docs/regulations.md §C1.1)."
        ),
        minimum=0,
    ),
    s.Field(
        "median_hours_to_first_answer",
        _("Median hours to the first answer"),
        "number",
        _(
            "The median of the whole hours from receipt to the first answer, over the "
            "complaints of the month answered by now; empty when none was."
        ),
        minimum=0,
    ),
)

UNIT_MONTHLY = s.Resource(
    "complaint_monthly",
    _("Complaints per service unit and month"),
    _(
        "For each service unit and month with complaints: how many were received, answered, "
        "answered on time and closed, and the median time to the first answer."
    ),
    (codes.unit_code(), codes.agency_code(), codes.region_code(), MONTH, *COUNTS),
    key=("unit_code", "month"),
    rows=_unit_months,
)
AGENCY_MONTHLY = s.Resource(
    "agency_complaint_monthly",
    _("Complaints to an agency per month"),
    _(
        "Complaints filed to an agency that name none of its service units (SP4N-LAPOR!'s "
        "“no wrong door”: the agency's coordinator routes them), per agency and month."
    ),
    (codes.agency_code(), codes.region_code(required=False), MONTH, *COUNTS),
    key=("agency_code", "month"),
    rows=_agency_months,
)

COMPLAINTS = DATASETS.add(
    s.Dataset(
        name="complaints",
        title=_("Complaint statistics"),
        description=format_lazy(
            _(
                "Complaints about public services received through Prima, counted per service "
                "unit and month: received, answered, answered on time and closed. No "
                "complainant is named, secret reports are not counted, and months with fewer "
                "than {count} complaints are suppressed."
            ),
            count=MIN_COUNT,
        ),
        producer=_("The agencies and service units that handle complaints in Prima"),
        steward=_("The ministry's complaint administrators"),
        frequency="daily",
        theme=s.GOVERNMENT,
        keywords=(_("complaints"), _("public service"), "SP4N-LAPOR!", _("service unit")),
        resources=(UNIT_MONTHLY, AGENCY_MONTHLY),
        years=_years,
        code_lists=(codes.COORDINATION, codes.REGIONS, codes.AGENCIES, codes.UNITS),
        definitions=(
            (
                _("Complaint"),
                _(
                    "A report about a public service received in Prima: a complaint "
                    "(pengaduan), a suggestion (aspirasi) or a request for information."
                ),
            ),
            (
                _("Answered on time"),
                _(
                    "The first answer came by the unit's deadline, counted in working days "
                    "under the clock policy in force when the complaint was received."
                ),
            ),
            (
                _("Secret report"),
                _(
                    "A report the complainant asked to keep from the public (rahasia): it is "
                    "never counted here."
                ),
            ),
            (
                _("Suppressed"),
                format_lazy(
                    _(
                        "A month with fewer than {count} complaints: its counts are left empty "
                        "so that no complainant can be recognised."
                    ),
                    count=MIN_COUNT,
                ),
            ),
        ),
        order=40,
    )
)
