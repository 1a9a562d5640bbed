"""Reads for the start pages (issue 19): what each role sees at /manage/.

A page is made of sections, one per role the user holds — the units they operate, the agencies
they administer, the agencies an evaluator or a provincial reader oversees, the national
picture — plus the compliance calendar ("due in the next 30 days") across everything in scope.
Each section reads the readiness tables (prima.insights.models, kept current by
prima.insights.store) and a few small indexed rows: a period's live result, the names of a
unit's services, the first few complaints. No read here loops over units: the number of
queries does not grow with the number of units in scope (test_start_pages.py), and lists
are cut at a few rows with a link to the full list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone

from prima.accounts.models import Role
from prima.accounts.scope import Scope
from prima.coaching.models import FollowUpTask
from prima.complaints.models import Complaint
from prima.complaints.queries import OPEN as OPEN_COMPLAINTS
from prima.evaluation.models import Assignment, Contest, Cycle
from prima.insights import links
from prima.insights.models import AgencyReadiness, Deadline, UnitReadiness
from prima.insights.readiness import DUTIES, DUTY_LABELS, Duty
from prima.registry.models import Agency, ServiceUnit
from prima.standards import queries as standards
from prima.surveys.models import AnomalyFinding, Kiosk, PeriodResult, SurveyTarget

if TYPE_CHECKING:
    from prima.accounts.models import User

MAX_UNITS = 5  # units shown in full on an operator's page; more go to the board
MAX_AGENCIES = 3  # agencies shown in full on an administrator's page
NAMES = 8  # names listed before "and N more"
ROWS = 5  # rows of a work-queue list
CALENDAR_DAYS = 30
CALENDAR_ROWS = 10
COUNT_CAP = 1000  # a count shown as "more than 1,000" past this
SILENT_DAYS = 14  # an enrolled kiosk with no answer for this long is "silent"
OPEN_TASKS = (FollowUpTask.Status.OPEN, FollowUpTask.Status.IN_PROGRESS)


def readiness_url(agency_code: str | None = None) -> str:
    """The readiness board: an agency's, or the reader's own (the agencies of a wider scope)."""
    if agency_code:
        return reverse("manage:readiness_agency", args=[agency_code])
    return reverse("manage:readiness")


@dataclass
class Named:
    """A row of a short list: what to show and where it is done."""

    label: str
    url: str
    note: str = ""
    due_on: dt.date | None = None
    overdue: bool = False


@dataclass
class Names:
    """The first few of a list, and how many there are in all."""

    rows: list[Named]
    total: int
    capped: bool = False  # the count stopped at COUNT_CAP: there are at least `total`

    @property
    def more(self) -> int:
        return max(self.total - len(self.rows), 0)


@dataclass
class YearPoint:
    year: int
    ikm: Decimal | None
    target: Decimal | None


@dataclass
class UnitCard:
    """A unit operator's view of one unit."""

    unit: ServiceUnit
    row: UnitReadiness | None
    respondents: int | None = None
    sample_required: int | None = None
    ikm: Decimal | None = None  # the period's IKM so far, read live (it moves with every answer)
    services_without: list[str] = field(default_factory=list)
    complaints_overdue: list[Named] = field(default_factory=list)
    complaints_due_soon: list[Named] = field(default_factory=list)
    trend: list[YearPoint] = field(default_factory=list)
    chart: str = ""  # the trend drawn (prima.lib.charts), set by the view

    def link(self, duty: str) -> str:
        period = self.row.duties.get(duty, {}).get("period") if self.row else None
        return links.duty_link(duty, self.unit.code, period)

    @property
    def standards_url(self) -> str:
        return self.link(Duty.STANDARDS)

    @property
    def surveys_url(self) -> str:
        return self.link(Duty.SKM)

    @property
    def period_url(self) -> str:
        if self.row is None or self.row.skm_period_id is None:
            return self.surveys_url
        return reverse("manage:survey_period", args=[self.row.skm_period_id])

    @property
    def new_period_url(self) -> str:
        return reverse("manage:survey_period_create", args=[self.unit.code])

    @property
    def followup_url(self) -> str:
        return self.link(Duty.FOLLOWUP)

    @property
    def maklumat_url(self) -> str:
        return self.link(Duty.MAKLUMAT)

    @property
    def maklumat_status(self) -> str:
        return self.status(Duty.MAKLUMAT)

    def status(self, duty: str) -> str:
        return self.row.duties.get(duty, {}).get("status", "") if self.row else ""

    @property
    def review_status(self) -> str:
        return self.status(Duty.REVIEW)

    @property
    def complaints_url(self) -> str:
        return self.link(Duty.COMPLAINTS)

    @property
    def sample_met(self) -> bool:
        return (
            self.respondents is not None
            and self.sample_required is not None
            and self.respondents >= self.sample_required
        )

    @property
    def meets_target(self) -> bool | None:
        if self.row is None or self.ikm is None or self.row.ikm_target is None:
            return None
        return self.ikm >= self.row.ikm_target


@dataclass
class AgencyCard:
    """An agency administrator's view of their agency."""

    agency: Agency
    row: AgencyReadiness | None
    duties: list[tuple[str, dict[str, int]]]  # (label, status → units)
    most_late: list[UnitReadiness]
    without_standard: Names  # no standard in force for any service
    partial_standard: Names  # some services still without one
    without_skm: Names
    complaints_overdue: Names
    board_url: str


@dataclass
class ScopeSummary:
    """The agencies a provincial reader or an evaluator oversees, worst first."""

    agencies: int
    units: int
    units_ready: int
    late_units: int
    rows: list[AgencyReadiness]
    evaluates: bool  # holds an evaluator role: show the lokus, or that none is assigned
    lokus: Names
    board_url: str


@dataclass
class National:
    units: int
    units_ready: int
    units_late: int
    complaints_overdue: int
    priority_units: int
    mean_projected_ipp: Decimal | None
    contests: Names
    anomalies: Names
    escalated: Names
    silent_kiosks: Names


@dataclass
class StartPage:
    units: list[UnitCard]
    more_units: int
    agencies: list[AgencyCard]
    scope: ScopeSummary | None
    national: National | None
    calendar: Names
    tasks: Names | None  # coaching follow-up tasks of the user's agencies


# --- the unit operator ----------------------------------------------------------------------
def _complaint_rows(
    deadlines: list[Deadline], titles: dict[int, str], today: dt.date
) -> list[Named]:
    rows = []
    for d in deadlines:
        pk = int(d.key) if d.key.isdigit() else 0
        label = d.subject or f"#{pk}"
        if titles.get(pk):
            label = f"{label} — {titles[pk]}"
        rows.append(
            Named(
                label,
                links.deadline_link(d.target, d.key, d.unit.code),
                due_on=d.due_on,
                overdue=d.due_on < today,
            )
        )
    return rows


def unit_cards(unit_ids: list[int], *, today: dt.date) -> list[UnitCard]:
    """The operator's units (at most MAX_UNITS), each with the lines of its start page."""
    units = list(
        ServiceUnit.objects.filter(pk__in=unit_ids[:MAX_UNITS])
        .select_related("agency", "readiness")
        .order_by("name")
    )
    cards = [UnitCard(unit=u, row=getattr(u, "readiness", None)) for u in units]
    ids = [u.pk for u in units]
    periods = [c.row.skm_period_id for c in cards if c.row and c.row.skm_period_id]
    results = {
        r.period_id: r
        for r in PeriodResult.objects.filter(period_id__in=periods).only(
            "period_id", "respondents", "sample_required", "ikm_rounded"
        )
    }
    services = standards.service_rows_by_unit(
        [c.unit.pk for c in cards if c.row and c.row.services_without_standard], today
    )
    complaints = list(
        Deadline.objects.filter(
            unit_id__in=ids,
            kind=Deadline.Kind.COMPLAINT,
            due_on__lte=today + dt.timedelta(days=3),
        )
        .select_related("unit")
        .order_by("due_on", "pk")[: ROWS * len(ids)]
    )
    titles = dict(
        Complaint.objects.filter(
            pk__in=[int(d.key) for d in complaints if d.key.isdigit()]
        ).values_list("pk", "title")
    )
    recap: dict[int, dict[int, Decimal | None]] = {}
    for unit_id, year, ikm in PeriodResult.objects.filter(
        unit_id__in=ids, in_recap=True
    ).values_list("unit_id", "year", "ikm_rounded"):
        recap.setdefault(unit_id, {})[year] = ikm
    targets: dict[int, dict[int, Decimal]] = {}
    for unit_id, year, target in SurveyTarget.objects.filter(unit_id__in=ids).values_list(
        "unit_id", "year", "target"
    ):
        targets.setdefault(unit_id, {})[year] = target
    for card in cards:
        period_id = card.row.skm_period_id if card.row else None
        result = results.get(period_id) if period_id is not None else None
        if result is not None:
            card.respondents = result.respondents
            card.sample_required = result.sample_required
            card.ikm = result.ikm_rounded if result.respondents else None
        card.services_without = [
            r.service.name for r in services.get(card.unit.pk, []) if r.in_force is None
        ]
        mine = [d for d in complaints if d.unit_id == card.unit.pk]
        rows = _complaint_rows(mine, titles, today)
        card.complaints_overdue = [r for r in rows if r.overdue][:ROWS]
        card.complaints_due_soon = [r for r in rows if not r.overdue][:ROWS]
        years = sorted(set(recap.get(card.unit.pk, {})) | set(targets.get(card.unit.pk, {})))
        card.trend = [
            YearPoint(y, recap.get(card.unit.pk, {}).get(y), targets.get(card.unit.pk, {}).get(y))
            for y in years
            if y <= today.year
        ]
    return cards


# --- the agency administrator ---------------------------------------------------------------
def _unit_names(rows: list[UnitReadiness], duty: str) -> list[Named]:
    return [Named(r.unit.name, links.duty_link(duty, r.unit.code)) for r in rows]


def agency_cards(agency_ids: list[int], *, today: dt.date) -> list[AgencyCard]:
    """The administrator's agencies (at most MAX_AGENCIES) with their readiness summary."""
    agencies = list(
        Agency.objects.filter(pk__in=agency_ids)
        .select_related("readiness")
        .order_by("name")[:MAX_AGENCIES]
    )
    cards = []
    for agency in agencies:
        row: AgencyReadiness | None = getattr(agency, "readiness", None)
        units = UnitReadiness.objects.filter(agency=agency).select_related("unit")
        empty = {"ok": 0, "due": 0, "late": 0, "missing": 0}
        duties = [
            (str(DUTY_LABELS[d]), (row.duties.get(d) if row else None) or empty) for d in DUTIES
        ]
        no_standard = Q(duties__standards__status="missing")
        partial_standard = Q(duties__standards__status="late")
        no_skm = Q(duties__skm__status="missing")
        without_standard = list(units.filter(no_standard).order_by("unit__name")[:NAMES])
        partial = list(units.filter(partial_standard).order_by("unit__name")[:NAMES])
        without_skm = list(units.filter(no_skm).order_by("unit__name")[:NAMES])
        counts = dict(row.duties) if row else {}
        overdue = list(
            Deadline.objects.filter(
                agency=agency, kind=Deadline.Kind.COMPLAINT, due_on__lt=today
            ).select_related("unit")[:ROWS]
        )
        titles = dict(
            Complaint.objects.filter(
                pk__in=[int(d.key) for d in overdue if d.key.isdigit()]
            ).values_list("pk", "title")
        )
        cards.append(
            AgencyCard(
                agency=agency,
                row=row,
                duties=duties,
                most_late=list(
                    units.filter(late_count__gt=0).order_by("-late_count", "unit__name")[:ROWS]
                ),
                without_standard=Names(
                    _unit_names(without_standard, Duty.STANDARDS),
                    counts.get(Duty.STANDARDS, {}).get("missing", 0),
                ),
                partial_standard=Names(
                    _unit_names(partial, Duty.STANDARDS),
                    counts.get(Duty.STANDARDS, {}).get("late", 0),
                ),
                without_skm=Names(
                    _unit_names(without_skm, Duty.SKM),
                    counts.get(Duty.SKM, {}).get("missing", 0),
                ),
                complaints_overdue=Names(
                    _complaint_rows(overdue, titles, today),
                    row.complaints_overdue if row else len(overdue),
                ),
                board_url=readiness_url(agency.code),
            )
        )
    return cards


# --- evaluators and provincial readers ------------------------------------------------------
def scope_summary(user: User, agencies: Q, *, evaluates: bool, today: dt.date) -> ScopeSummary:
    """The agencies the user oversees, the ones with the most late duties first, and the
    lokus they evaluate in this year's cycles."""
    rows = AgencyReadiness.objects.filter(agency__in=Agency.objects.filter(agencies).values("pk"))
    totals = rows.aggregate(
        agencies=Count("pk"),
        all_units=Sum("units"),
        ready=Sum("units_ready"),
        late=Sum("units_late"),
    )
    late_units = totals["late"] or 0
    assignments = Assignment.objects.filter(evaluator=user, lokus__cycle__year=today.year).exclude(
        lokus__cycle__status=Cycle.Status.PUBLISHED
    )
    lokus = [
        Named(
            f"{a.lokus.unit.name} · {a.lokus.cycle.name}",
            reverse("manage:evaluation_lokus", args=[a.lokus_id]),
            note=a.get_role_display(),
        )
        for a in assignments.select_related("lokus__unit", "lokus__cycle").order_by(
            "lokus__unit__name"
        )[:NAMES]
    ]
    return ScopeSummary(
        agencies=totals["agencies"] or 0,
        units=totals["all_units"] or 0,
        units_ready=totals["ready"] or 0,
        late_units=late_units,
        rows=list(
            rows.select_related("agency").order_by("-late_count", "-missing_count", "agency__name")[
                :10
            ]
        ),
        evaluates=evaluates,
        lokus=Names(lokus, assignments.count() if lokus else 0),
        board_url=readiness_url(),
    )


# --- the national administrator -------------------------------------------------------------
def _names(queryset: QuerySet[Any], make: Callable[[Any], Named], total: int) -> Names:
    return Names([make(x) for x in queryset[:ROWS]], total)


def national(*, now: dt.datetime) -> National:
    """Headline figures summed over the agency rows, and the ministry's work queue."""
    sums = AgencyReadiness.objects.aggregate(
        all_units=Sum("units"),
        ready=Sum("units_ready"),
        overdue=Sum("complaints_overdue"),
        priority=Sum("priority_units"),
        ipp_units=Sum(F("mean_projected_ipp") * F("units")),
        late=Sum("units_late"),
    )
    late = sums["late"] or 0
    contests = Contest.objects.filter(status=Contest.Status.OPEN)
    anomalies = AnomalyFinding.objects.all()
    escalated = Complaint.objects.filter(escalation__gt=0, status__in=OPEN_COMPLAINTS)
    silent = Kiosk.objects.filter(is_active=True, enrolled_at__isnull=False).filter(
        Q(last_seen_at__isnull=True, enrolled_at__lt=now - dt.timedelta(days=SILENT_DAYS))
        | Q(last_seen_at__lt=now - dt.timedelta(days=SILENT_DAYS))
    )
    # the mean over units, not over agencies: weigh each agency's mean by its units
    units = sums["all_units"] or 0
    ipp = sums["ipp_units"] / units if units and sums["ipp_units"] is not None else None
    return National(
        units=units,
        units_ready=sums["ready"] or 0,
        units_late=late,
        complaints_overdue=sums["overdue"] or 0,
        priority_units=sums["priority"] or 0,
        mean_projected_ipp=Decimal(ipp).quantize(Decimal("0.01")) if ipp is not None else None,
        contests=_names(
            contests.select_related("lokus__unit").order_by("raised_at"),
            lambda c: Named(
                f"{c.lokus.unit.name} · {c.indicator}",
                reverse("manage:evaluation_lokus", args=[c.lokus_id]),
                due_on=timezone.localdate(c.raised_at),
            ),
            contests.count(),
        ),
        anomalies=_names(
            anomalies.select_related("period__unit").order_by("-detected_at"),
            lambda a: Named(
                f"{a.period.unit.name} · {a.summary}",
                reverse("manage:survey_anomalies", args=[a.period_id]),
            ),
            anomalies.count(),
        ),
        escalated=_names(
            escalated.select_related("unit", "agency").order_by("due_at"),
            lambda c: Named(
                f"{c.public_id or c.pk} — {c.title}",
                reverse("manage:complaint_detail", args=[c.pk]),
                note=(c.unit or c.agency).name,
            ),
            escalated.count(),
        ),
        silent_kiosks=_names(
            silent.select_related("unit").order_by("last_seen_at"),
            lambda k: Named(
                f"{k.unit.name} · {k.name}",
                reverse("manage:unit_surveys", args=[k.unit.code]),
                due_on=timezone.localdate(k.last_seen_at) if k.last_seen_at else None,
            ),
            silent.count(),
        ),
    )


# --- the compliance calendar ----------------------------------------------------------------
def calendar(units: Q | None, *, today: dt.date) -> Names:
    """Deadlines falling due in the next CALENDAR_DAYS days (and those passed) across the
    units in scope (None: the whole country), soonest first. The count stops at
    COUNT_CAP: past it the page says "more than", and a national count stays cheap."""
    rows = Deadline.objects.filter(due_on__lte=today + dt.timedelta(days=CALENDAR_DAYS))
    if units is not None:
        rows = rows.filter(unit__in=ServiceUnit.objects.filter(units).values("pk"))
    shown = [
        Named(
            d.subject or d.unit.name,
            links.deadline_link(d.target, d.key, d.unit.code),
            note=f"{d.get_kind_display()} · {d.unit.name}" if d.subject else d.get_kind_display(),
            due_on=d.due_on,
            overdue=d.due_on < today,
        )
        for d in rows.select_related("unit").order_by("due_on", "pk")[:CALENDAR_ROWS]
    ]
    total = rows.order_by()[:COUNT_CAP].count()
    return Names(shown, total, capped=total >= COUNT_CAP)


def coaching_tasks(agency_ids: frozenset[int], *, today: dt.date) -> Names:
    """Open coaching follow-up tasks of the user's agencies, soonest deadline first."""
    tasks = FollowUpTask.objects.filter(agency_id__in=agency_ids, status__in=OPEN_TASKS)
    return _names(
        tasks.select_related("agency", "event").order_by("due_on", "pk"),
        lambda t: Named(
            t.title,
            reverse("manage:coaching_task", args=[t.pk]),
            note=f"{t.event.title} · {t.progress}%",
            due_on=t.due_on,
            overdue=t.due_on < today,
        ),
        tasks.count(),
    )


def start_page(user: User, scope: Scope, *, now: dt.datetime | None = None) -> StartPage:
    """Everything the user's start page shows, for each role they hold."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    operated = sorted(scope.operator_unit_ids)
    administered = sorted(scope.admin_agency_ids)
    oversees = scope.national_reader or bool(scope.region_prefixes or scope.read_agency_ids)
    agencies = scope.admin_agency_ids | scope.operator_agency_ids
    evaluates = user.memberships.filter(role=Role.EVALUATOR).exists()
    return StartPage(
        units=unit_cards(operated, today=today) if operated else [],
        more_units=max(len(operated) - MAX_UNITS, 0),
        agencies=agency_cards(administered, today=today) if administered else [],
        scope=(
            scope_summary(user, scope.agency_filter(), evaluates=evaluates, today=today)
            if oversees
            else None
        ),
        national=national(now=now) if scope.national_admin else None,
        calendar=calendar(None if scope.national_reader else scope.unit_filter(), today=today),
        tasks=coaching_tasks(agencies, today=today) if agencies else None,
    )
