"""Reads for the readiness board (kesiapan PEKPPP, issue 19): the agencies in a user's scope
with their sums, an agency's units with their duties, and the deadlines across an agency.

Everything here reads the small tables prima.insights.store keeps (UnitReadiness,
AgencyReadiness, Deadline) joined to the registry's names, plus, for the deadline list, the
agency's open coaching tasks and the contest windows of its lokus. Each function is a fixed
number of queries whatever the number of units: the views page through the results.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from prima.coaching.models import FollowUpTask
from prima.evaluation.models import Assignment, Cycle, Lokus
from prima.insights import links
from prima.insights.models import AgencyReadiness, Deadline, Status, UnitReadiness
from prima.insights.readiness import DUE_WINDOW, DUTIES, DUTY_HEADINGS, ONLY_FOR_KIND
from prima.registry.models import Agency, Region, ServiceUnit
from prima.surveys.models import SurveyPeriod

if TYPE_CHECKING:
    from prima.accounts.models import User

STATUSES: tuple[str, ...] = tuple(Status.values)


def _asc(name: str) -> OrderBy:
    return F(name).asc(nulls_last=True)


def _desc(name: str) -> OrderBy:
    return F(name).desc(nulls_last=True)


# ?sort= on the agency board: the most to fix first unless asked otherwise.
UNIT_SORTS: dict[str, tuple[str | OrderBy, ...]] = {
    "late": (
        _desc("readiness__late_count"),
        _desc("readiness__missing_count"),
        "name",
        "pk",
    ),
    "-late": (_asc("readiness__late_count"), _asc("readiness__missing_count"), "name", "pk"),
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "ipp": (_asc("readiness__projected_ipp"), "name", "pk"),
    "-ipp": (_desc("readiness__projected_ipp"), "name", "pk"),
}
DEFAULT_UNIT_SORT = "late"

# ?sort= on the list of agencies.
AGENCY_SORTS: dict[str, tuple[str | OrderBy, ...]] = {
    "late": (_desc("readiness__late_count"), _desc("readiness__missing_count"), "name", "pk"),
    "-late": (_asc("readiness__late_count"), _asc("readiness__missing_count"), "name", "pk"),
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "ipp": (_asc("readiness__mean_projected_ipp"), "name", "pk"),
    "-ipp": (_desc("readiness__mean_projected_ipp"), "name", "pk"),
    "units": (_desc("readiness__units"), "name", "pk"),
    "-units": (_asc("readiness__units"), "name", "pk"),
}
DEFAULT_AGENCY_SORT = "name"


@dataclass(frozen=True)
class UnitFilters:
    """The board's filters, each one already checked: an unknown value is dropped."""

    q: str = ""
    duty: str = ""
    status: str = ""
    sort: str = DEFAULT_UNIT_SORT

    @classmethod
    def of(cls, params: object) -> UnitFilters:
        get = getattr(params, "get", lambda _key, _default="": "")
        duty = str(get("duty", "") or "")
        status = str(get("status", "") or "")
        sort = str(get("sort", "") or "")
        return cls(
            q=" ".join(str(get("q", "") or "").split())[:100],
            duty=duty if duty in DUTIES else "",
            status=status if status in STATUSES else "",
            sort=sort if sort in UNIT_SORTS else DEFAULT_UNIT_SORT,
        )

    @property
    def narrowed(self) -> bool:
        """Whether the filters leave out units (sorting does not)."""
        return bool(self.q or self.duty or self.status)


def board_units(units: QuerySet[ServiceUnit], filters: UnitFilters) -> QuerySet[ServiceUnit]:
    """The units of a board with their readiness rows, filtered and sorted.

    `?duty=` alone keeps the units where that duty is not in order; `?status=` alone the units
    with at least one duty at that status; both together the units whose duty has that status.
    A unit without a readiness row yet (it is computed when the transaction that created the
    unit commits) is kept unless a duty or status filter asks for something it cannot show.
    """
    rows = units.select_related("readiness")
    if filters.q:
        rows = rows.filter(Q(name__icontains=filters.q) | Q(code__icontains=filters.q))
    if filters.duty and filters.status:
        rows = rows.filter(**{f"readiness__duties__{filters.duty}__status": filters.status})
    elif filters.duty:
        rows = rows.filter(readiness__isnull=False).exclude(
            **{f"readiness__duties__{filters.duty}__status": Status.OK}
        )
    elif filters.status:
        rows = rows.filter(**{f"readiness__{filters.status}_count__gt": 0})
    return rows.order_by(*UNIT_SORTS[filters.sort])


@dataclass(frozen=True)
class Cell:
    """One duty of one unit, as the board shows it."""

    duty: str
    label: str
    status: str
    status_label: str
    indicator: str
    level: int | None
    due_on: dt.date | None
    done: int | None
    total: int | None
    link: str
    done_text: str = ""  # "3 of 5", where there is a total
    due_text: str = ""  # "due 1 Jan 2027" / "was due …"


def cells(
    row: UnitReadiness, unit_code: str, *, change: bool, draw: links.DutyLinks | None = None
) -> list[Cell]:
    """The unit's duties in the board's column order. `change` says whether the reader may
    edit the unit's records (DutyLinks: where the maklumat's cell leads)."""
    draw = draw or links.DutyLinks()
    was_due, due_word = str(_("was due")), str(_("due"))
    found = []
    for duty in DUTIES:
        # --- mpp:reach --- a duty of other units' kind: not applicable, no link
        if duty in ONLY_FOR_KIND and duty not in row.duties:
            found.append(_not_applicable(duty))
            continue
        # --- end mpp:reach ---
        state = row.duties.get(duty) or {"status": Status.MISSING}
        status = state.get("status") or Status.MISSING
        due = state.get("due_on")
        done, total = state.get("done"), state.get("total")
        found.append(
            Cell(
                duty=duty,
                label=str(DUTY_HEADINGS[duty]),
                status=status,
                status_label=str(Status(status).label) if status in STATUSES else status,
                indicator=state.get("indicator") or "",
                level=state.get("level"),
                due_on=dt.date.fromisoformat(due) if due else None,
                done=done,
                total=total,
                link=draw(duty, unit_code, state.get("period"), change=change),
                done_text=str(_("%(done)s of %(total)s") % {"done": done, "total": total})
                if total and done is not None
                else "",
                due_text=f"{was_due if status == Status.LATE else due_word} "
                f"{date_format(dt.date.fromisoformat(due), 'j M Y')}"
                if due
                else "",
            )
        )
    return found


# --- mpp:reach ---
NOT_APPLICABLE = "na"


def _not_applicable(duty: str) -> Cell:
    """The cell of a duty that applies to units of another kind (readiness.ONLY_FOR_KIND)."""
    return Cell(
        duty=duty,
        label=str(DUTY_HEADINGS[duty]),
        status=NOT_APPLICABLE,
        status_label=str(_("Not applicable")),
        indicator="",
        level=None,
        due_on=None,
        done=None,
        total=None,
        link="",
    )


# --- end mpp:reach ---


def gap_text(row: UnitReadiness) -> str:
    """What separates the unit from the next IPP category, in words: "2 indikator lagi ke B"."""
    if not row.next_category:
        return str(_("Top category"))
    if row.indicators_to_next is None:
        return str(_("Out of reach with the indicators Prima reads"))
    return ngettext(
        "%(n)s more indicator to %(category)s",
        "%(n)s more indicators to %(category)s",
        row.indicators_to_next,
    ) % {"n": row.indicators_to_next, "category": row.next_category}


# --- agencies ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class AgencyFilters:
    q: str = ""
    province: str = ""
    sort: str = DEFAULT_AGENCY_SORT

    @classmethod
    def of(cls, params: object, provinces: dict[str, str]) -> AgencyFilters:
        get = getattr(params, "get", lambda _key, _default="": "")
        province = str(get("province", "") or "")
        sort = str(get("sort", "") or "")
        return cls(
            q=" ".join(str(get("q", "") or "").split())[:100],
            province=province if province in provinces else "",
            sort=sort if sort in AGENCY_SORTS else DEFAULT_AGENCY_SORT,
        )

    @property
    def narrowed(self) -> bool:
        return bool(self.q or self.province)


def provinces_of(agencies: QuerySet[Agency]) -> dict[str, str]:
    """Province code → name, for the provinces the agencies (or their units) lie in."""
    codes = AgencyReadiness.objects.filter(agency__in=agencies.values("pk")).values("province_code")
    return dict(
        Region.objects.filter(level=Region.Level.PROVINCE)
        .filter(
            Q(code__in=codes)
            | Q(agencies__in=agencies.values("pk"))
            | Q(children__agencies__in=agencies.values("pk"))
        )
        .distinct()
        .order_by("code")
        .values_list("code", "name")
    )


def agency_rows(agencies: QuerySet[Agency], filters: AgencyFilters) -> QuerySet[Agency]:
    """Agencies with their readiness sums (none for an agency without units), filtered by
    name or code and by province (of its units, else of its seat), sorted."""
    rows = agencies.select_related("readiness", "region")
    if filters.q:
        rows = rows.filter(Q(name__icontains=filters.q) | Q(code__icontains=filters.q))
    if filters.province:
        rows = rows.filter(
            Q(readiness__province_code=filters.province)
            | Q(
                readiness__isnull=True,
                region__code__startswith=f"{filters.province}.",
            )
            | Q(readiness__isnull=True, region__code=filters.province)
        )
    return rows.order_by(*AGENCY_SORTS[filters.sort])


@dataclass(frozen=True)
class DutyCount:
    duty: str
    label: str
    late: int
    missing: int
    due: int


def duty_counts(readiness: AgencyReadiness | None) -> list[DutyCount]:
    """Per duty, in column order, how many of the agency's units are late, missing, due."""
    sums = readiness.duties if readiness is not None else {}
    return [
        DutyCount(
            duty,
            str(DUTY_HEADINGS[duty]),
            int((sums.get(duty) or {}).get(Status.LATE, 0)),
            int((sums.get(duty) or {}).get(Status.MISSING, 0)),
            int((sums.get(duty) or {}).get(Status.DUE, 0)),
        )
        for duty in DUTIES
    ]


def readiness_of(agency: Agency) -> AgencyReadiness | None:
    return AgencyReadiness.objects.filter(agency=agency).first()


# --- deadlines ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class DeadlineEntry:
    due_on: dt.date
    what: str
    subject: str
    unit: str  # the unit's name; "" for the agency's own tasks
    url: str  # the page it is done on, or "" to draw it from target, key and code
    late: bool
    target: str = ""
    key: str = ""
    code: str = ""

    @property
    def link(self) -> str:
        """Drawn when shown: an agency's list holds hundreds, a page shows a few."""
        return self.url or links.deadline_link(self.target, self.key, self.code)


def agency_deadlines(
    agency: Agency,
    *,
    units: QuerySet[ServiceUnit],
    tasks: QuerySet[FollowUpTask],
    today: dt.date,
) -> list[DeadlineEntry]:
    """The compliance calendar of an agency's units (the Deadline rows: within DUE_WINDOW
    days or past), with the survey periods ending within the window, the agency's open
    coaching follow-up tasks and the contest windows of its lokus in an evaluation being
    verified, soonest first. `units` and `tasks` are what
    the reader may see."""
    horizon = today + dt.timedelta(days=DUE_WINDOW)
    rows = list(
        Deadline.objects.filter(agency=agency, unit__in=units.values("pk"))
        .select_related("unit")
        .only("due_on", "kind", "subject", "target", "key", "unit__name", "unit__code")
    )
    kinds = {value: str(label) for value, label in Deadline.Kind.choices}
    entries = [
        DeadlineEntry(
            due_on=d.due_on,
            what=kinds.get(d.kind, d.kind),
            subject=d.subject,
            unit=d.unit.name,
            url="",
            late=d.due_on < today,
            target=d.target,
            key=d.key,
            code=d.unit.code,
        )
        for d in rows
    ]
    # Survey periods ending soon whose sample is already met are no Deadline (their duty is
    # in order) but still end: the unit closes them and publishes the results.
    listed = {d.key for d in rows if d.kind == Deadline.Kind.SKM_PERIOD_ENDS}
    entries += [
        DeadlineEntry(
            due_on=period.ends_on,
            what=str(Deadline.Kind.SKM_PERIOD_ENDS.label),
            subject=period.name,
            unit=period.unit.name,
            url=reverse("manage:survey_period", args=[period.pk]),
            late=False,
        )
        for period in SurveyPeriod.objects.filter(
            unit__in=units.values("pk"), ends_on__gte=today, ends_on__lte=horizon
        )
        .select_related("unit")
        .only("pk", "name", "ends_on", "unit__name")
        if str(period.pk) not in listed
    ]
    entries += [
        DeadlineEntry(
            due_on=task.due_on,
            what=str(_("Coaching follow-up task")),
            subject=task.title,
            unit="",
            url=reverse("manage:coaching_task", args=[task.pk]),
            late=task.due_on < today,
        )
        for task in tasks.filter(agency=agency, due_on__lte=horizon)
        .exclude(status__in=FollowUpTask.CLOSED)
        .only("pk", "title", "due_on")
    ]
    entries += [
        DeadlineEntry(
            due_on=lokus.cycle.verification_ends_on,
            what=str(_("Contests accepted until")),
            subject=lokus.cycle.name,
            unit=lokus.unit.name,
            url=reverse("manage:evaluation_lokus", args=[lokus.pk]),
            late=False,
        )
        for lokus in Lokus.objects.filter(
            unit__in=units.values("pk"),
            cycle__status=Cycle.Status.VERIFICATION,
            cycle__verification_ends_on__gte=today,
            cycle__verification_ends_on__lte=horizon,
        ).select_related("cycle", "unit")
        if lokus.cycle.verification_ends_on is not None
    ]
    return sorted(entries, key=lambda e: (e.due_on, e.unit, e.what, e.subject))


# --- evaluators --------------------------------------------------------------------------------
def lokus_evaluated_by(user: User, *, year: int) -> QuerySet[Assignment]:
    """The evaluator's assignments in this year's cycles and in any cycle not yet published."""
    return (
        Assignment.objects.filter(evaluator=user)
        .filter(Q(lokus__cycle__year=year) | ~Q(lokus__cycle__status=Cycle.Status.PUBLISHED))
        .select_related("lokus__unit__agency", "lokus__cycle")
        .order_by("lokus__cycle__year", "lokus__unit__name", "pk")
    )
