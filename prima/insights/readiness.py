"""Where a service unit stands on every duty the PEKPPP evaluation checks (issue 19): one
`Assessment` per unit, from the unit's records as they are today.

Each duty has a status — `ok`, `due` (a deadline within DUE_WINDOW days), `late` (a
deadline passed, or part of the duty undone), `missing` (nothing recorded) — the date it next
falls due, and, where an indicator of the newest PEKPPP instrument reads the duty's evidence
slot, the level Prima's records support. Those levels come from
prima.evaluation.evidence.prefill_for, the code that pre-fills F-01: the board never computes
a level a second way. The projected IPP scores the instrument with those levels (an indicator
no record supports counts 0) and says how many indicators raised to 5 would reach the next
category. The rules and their sources: docs/guide/readiness.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cache

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from prima.complaints import workflow as complaint_workflow
from prima.complaints.models import Complaint
from prima.evaluation import evidence, instrument, scoring
from prima.evaluation.models import Cycle, Lokus
from prima.innovation.lifecycle import report_due
from prima.innovation.models import Innovation
from prima.innovation.models.registry import LIVING, STATUS_VALID_FOR, status_on
from prima.mpp import readiness as mpp_readiness  # mpp:reach
from prima.registry.models import ServiceUnit
from prima.standards import queries as standards
from prima.standards.models import Forum
from prima.surveys.evidence import survey_period_for
from prima.surveys.models import FollowUpAction, SurveyPeriod, SurveyTarget

DUE_WINDOW = 30  # days: a deadline this close is "due"
COMPLAINT_DUE_SOON = dt.timedelta(days=3)  # an answer due this soon counts as due soon
FKP_EVERY = 365  # days between forums on the standards (the yearly review, docs/regulations.md §2)
PUBLISH_WITHIN = 30  # days after a period ends to publish its results (Prima's rule)


class Duty:
    """The duties, in the board's column order, with the evidence slot each reads."""

    STANDARDS = "standards"
    REVIEW = "review"
    FKP = "fkp"
    MAKLUMAT = "maklumat"
    SKM = "skm"
    SKM_PUBLISHED = "skm_published"
    FOLLOWUP = "followup"
    COMPLAINTS = "complaints"
    FACILITIES = "facilities"
    INNOVATION = "innovation"
    MPP = "mpp"  # mpp:reach — units of kind "mpp" only


DUTIES: tuple[str, ...] = (
    Duty.STANDARDS,
    Duty.REVIEW,
    Duty.FKP,
    Duty.MAKLUMAT,
    Duty.SKM,
    Duty.SKM_PUBLISHED,
    Duty.FOLLOWUP,
    Duty.COMPLAINTS,
    Duty.FACILITIES,
    Duty.INNOVATION,
    Duty.MPP,  # mpp:reach
)

# --- mpp:reach ---
# Duties that apply to units of one kind only: other units' rows leave them out (the board
# shows "not applicable", the API null), and they count toward no other unit's totals.
ONLY_FOR_KIND: dict[str, str] = {Duty.MPP: ServiceUnit.Kind.MPP}
MPP_PARTS = 4  # profile, a tenant present, a service offered, figures in the last 30 days
# --- end mpp:reach ---

# What each duty is called: short, for a column header (the board, its exports) …
DUTY_HEADINGS: dict[str, Promise] = {
    Duty.STANDARDS: _("Service standards"),
    Duty.REVIEW: _("Standard review"),
    Duty.FKP: _("FKP"),
    Duty.MAKLUMAT: _("Maklumat"),
    Duty.SKM: _("SKM this year"),
    Duty.SKM_PUBLISHED: _("SKM results published"),
    Duty.FOLLOWUP: _("SKM follow-up"),
    Duty.COMPLAINTS: _("Complaints on time"),
    Duty.FACILITIES: _("Facilities for vulnerable groups"),
    Duty.INNOVATION: _("Innovation"),
    Duty.MPP: _("MPP"),  # mpp:reach
}

# … and in full, for a line of a start page.
DUTY_LABELS: dict[str, Promise] = {
    Duty.STANDARDS: _("Standard in force for every service"),
    Duty.REVIEW: _("Standards reviewed yearly"),
    Duty.FKP: _("FKP held"),
    Duty.MAKLUMAT: _("Maklumat signed"),
    Duty.SKM: _("SKM this year, sample met"),
    Duty.SKM_PUBLISHED: _("SKM results published"),
    Duty.FOLLOWUP: _("SKM follow-up done"),
    Duty.COMPLAINTS: _("Complaints answered on time"),
    Duty.FACILITIES: _("Facilities for vulnerable groups"),
    Duty.INNOVATION: _("A living innovation, its status reported yearly"),
    Duty.MPP: _("MPP profile, tenants, services and recent daily figures"),  # mpp:reach
}

SLOT_OF_DUTY: dict[str, str] = {
    Duty.STANDARDS: "standards.service_standards",
    Duty.REVIEW: "standards.periodic_review",
    Duty.FKP: "standards.community_involvement",
    Duty.MAKLUMAT: "standards.maklumat",
    Duty.SKM: "surveys.skm_conducted",
    Duty.SKM_PUBLISHED: "surveys.results_published",
    Duty.FOLLOWUP: "surveys.followup_realised",
    Duty.COMPLAINTS: "complaints.settled_in_prima",
    Duty.FACILITIES: "standards.vulnerable_group_facilities",
    Duty.INNOVATION: "innovation.creation",
    Duty.MPP: "mpp.operation",  # mpp:reach — no PEKPPP indicator reads it
}

OK, DUE, LATE, MISSING = "ok", "due", "late", "missing"


@dataclass
class DutyState:
    status: str
    due_on: dt.date | None = None
    done: int | None = None  # how much of it is done, where it counts (services, actions)
    total: int | None = None
    indicator: str = ""
    level: int | None = None
    period: int | None = None  # the survey period an SKM duty reads

    def as_json(self) -> dict[str, object]:
        return {
            "status": self.status,
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "done": self.done,
            "total": self.total,
            "indicator": self.indicator,
            "level": self.level,
            "period": self.period,
        }


@dataclass
class DeadlineItem:
    kind: str
    due_on: dt.date
    subject: str
    target: str
    key: str = ""


@dataclass
class Assessment:
    unit: ServiceUnit
    year: int
    duties: dict[str, DutyState]
    projected_ipp: Decimal
    projected_category: str
    next_category: str
    indicators_to_next: int | None
    ikm_target: Decimal | None = None
    skm_period_id: int | None = None
    services_total: int = 0
    services_without_standard: int = 0
    reviews_due: int = 0
    reviews_overdue: int = 0
    complaints_overdue: int = 0
    complaints_due_soon: int = 0
    followups_open: int = 0
    followups_late: int = 0
    latest_ipp: Decimal | None = None
    latest_ipp_category: str = ""
    latest_ipp_year: int | None = None
    is_priority: bool = False
    deadlines: list[DeadlineItem] = field(default_factory=list)
    recheck_at: dt.datetime | None = None

    def count(self, status: str) -> int:
        return sum(d.status == status for d in self.duties.values())

    @property
    def next_due_on(self) -> dt.date | None:
        upcoming = [d.due_on for d in self.deadlines]
        return min(upcoming) if upcoming else None


@cache
def newest_instrument() -> instrument.Instrument:
    return instrument.built_in(instrument.built_in_codes(family="pekppp")[0])


def bound_slots() -> dict[str, str]:
    """Indicator code → evidence slot, for the newest instrument's indicators that read one:
    the same mapping the F-01 pre-fill of a cycle on that instrument uses."""
    return {i.code: i.evidence for i in newest_instrument().indicators.values() if i.evidence}


def _dated(status_if_future: str, due_on: dt.date, today: dt.date) -> str:
    """`late` once `due_on` has passed, `due` within the window, else `status_if_future`."""
    if due_on < today:
        return LATE
    if (due_on - today).days <= DUE_WINDOW:
        return DUE
    return status_if_future


def projection(levels: dict[str, int]) -> tuple[scoring.Result, str, int | None]:
    """The IPP the levels support (missing indicators count 0), the next category up and the
    fewest indicators raised to 5 that reach it (None at the top)."""
    tool = newest_instrument()
    scores = {code: levels.get(code, 0) for code in tool.indicators}
    result = scoring.score(tool, scores)
    higher = [c for c in tool.categories if c.min > Fraction(result.ipp_rounded)]
    if not higher:
        return result, "", None
    target = higher[-1]  # categories run highest first: the lowest of the higher ones
    gains = sorted(
        (
            tool.aspect_of(code).weight / 100 * indicator.weight / 100 * (5 - scores[code])
            for code, indicator in tool.indicators.items()
        ),
        reverse=True,
    )
    ipp = result.ipp
    for needed, gain in enumerate(gains, start=1):
        ipp += gain
        if Fraction(scoring.round_half_up(ipp)) >= target.min:
            return result, target.code, needed
    return result, target.code, None


def assess(unit: ServiceUnit, today: dt.date, now: dt.datetime | None = None) -> Assessment:
    """Where `unit` stands today on every duty, with its deadlines."""
    now = now or timezone.now()
    year = today.year
    slots = bound_slots()
    prefill = evidence.prefill_for(unit, year=year, slots=slots, today=today)
    indicator_of_slot = {slot: code for code, slot in slots.items()}
    deadlines: list[DeadlineItem] = []
    duties: dict[str, DutyState] = {}

    # Service standards: one in force for every offered service; reviews when they fall due.
    rows = standards.service_rows(unit, today)
    in_force = [r for r in rows if r.in_force is not None]
    without = len(rows) - len(in_force)
    duties[Duty.STANDARDS] = DutyState(
        OK if rows and not without else LATE if in_force else MISSING,
        done=len(in_force),
        total=len(rows),
    )
    # A standard under review is being reviewed: the duty is due (work under way), never late
    # for it, as standards.queries counts overdue reviews (ServiceStandard.is_review_overdue).
    review_dates: list[dt.date] = []
    overdue_reviews = under_review = 0
    for row in in_force:
        standard = row.in_force
        if standard is not None and standard.status == standard.Status.UNDER_REVIEW:
            under_review += 1
            continue
        due = standard.review_due_on if standard is not None else None
        if standard is None or due is None:
            continue
        review_dates.append(due)
        if row.review_overdue:
            overdue_reviews += 1
        if (due - today).days <= DUE_WINDOW:
            deadlines.append(
                DeadlineItem("standard_review", due, row.service.name, "standard", str(standard.pk))
            )
    soonest_review = min(review_dates) if review_dates else None
    if not in_force:
        review_status = MISSING
    elif overdue_reviews:
        review_status = LATE
    elif under_review:
        review_status = DUE
    elif soonest_review is not None:
        review_status = _dated(OK, soonest_review, today)
    else:
        review_status = OK
    duties[Duty.REVIEW] = DutyState(
        review_status,
        due_on=soonest_review,
        done=len(in_force) - overdue_reviews - under_review,
        total=len(in_force),
    )
    reviews_due = sum(0 <= (d - today).days <= DUE_WINDOW for d in review_dates)

    # FKP: a forum on the standards at least yearly.
    last_forum = (
        Forum.objects.filter(
            unit=unit,
            purpose__in=[Forum.Purpose.DRAFTING, Forum.Purpose.REVIEW],
            held_on__lte=today,
        )
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    # A forum dated ahead counts from its day on: time alone changes the duty then.
    next_forum = (
        Forum.objects.filter(
            unit=unit,
            purpose__in=[Forum.Purpose.DRAFTING, Forum.Purpose.REVIEW],
            held_on__gt=today,
        )
        .order_by("held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    if last_forum is None:
        duties[Duty.FKP] = DutyState(MISSING)
    else:
        fkp_due = last_forum + dt.timedelta(days=FKP_EVERY)
        duties[Duty.FKP] = DutyState(_dated(OK, fkp_due, today), due_on=fkp_due)
        if (fkp_due - today).days <= DUE_WINDOW:
            deadlines.append(DeadlineItem("fkp", fkp_due, "", "forums"))

    # Maklumat: signed.
    maklumat = standards.current_maklumat(unit)
    duties[Duty.MAKLUMAT] = DutyState(
        MISSING if maklumat is None else OK if maklumat.is_set else LATE
    )

    # SKM this year, its sample met; the results of the period an evaluation reads published
    # and followed up.
    year_periods = list(
        SurveyPeriod.objects.filter(
            unit=unit,
            service__isnull=True,
            starts_on__lte=dt.date(year, 12, 31),
            ends_on__gte=dt.date(year, 1, 1),
        )
        .select_related("result")
        .order_by("-ends_on", "-pk")
    )
    year_end = dt.date(year, 12, 31)

    def _sample_met(p: SurveyPeriod) -> bool:
        result = getattr(p, "result", None)
        return bool(result and result.sample_met)

    met = [p for p in year_periods if _sample_met(p)]
    running = [p for p in year_periods if p.ends_on >= today]
    chosen = met or running or year_periods
    current: SurveyPeriod | None = chosen[0] if chosen else None
    if met:
        duties[Duty.SKM] = DutyState(OK)
    elif running:
        ends = min(p.ends_on for p in running)
        duties[Duty.SKM] = DutyState(_dated(DUE, ends, today), due_on=ends)
        deadlines.append(
            DeadlineItem(
                "skm_period_ends", ends, running[0].name, "survey_period", str(running[0].pk)
            )
        )
    elif year_periods:
        duties[Duty.SKM] = DutyState(LATE)
    else:
        duties[Duty.SKM] = DutyState(MISSING, due_on=year_end)
        if (year_end - today).days <= DUE_WINDOW:
            deadlines.append(DeadlineItem("skm_year", year_end, "", "surveys"))

    evaluated = survey_period_for(unit, year)
    followups_open = followups_late = 0
    if evaluated is None:
        duties[Duty.SKM_PUBLISHED] = DutyState(MISSING)
        duties[Duty.FOLLOWUP] = DutyState(MISSING)
    else:
        published = evaluated.results_published_at is not None or evaluated.publications.exists()
        publish_by = evaluated.ends_on + dt.timedelta(days=PUBLISH_WITHIN)
        if published:
            duties[Duty.SKM_PUBLISHED] = DutyState(OK)
        else:
            duties[Duty.SKM_PUBLISHED] = DutyState(
                _dated(DUE, publish_by, today), due_on=publish_by
            )
            deadlines.append(
                DeadlineItem(
                    "skm_publish", publish_by, evaluated.name, "survey_period", str(evaluated.pk)
                )
            )
        actions = [
            a for a in evaluated.followups.all() if a.status != FollowUpAction.Status.CANCELLED
        ]
        open_actions = [a for a in actions if a.status != FollowUpAction.Status.DONE]
        followups_open = len(open_actions)
        followups_late = sum(a.deadline < today for a in open_actions)
        soonest = min((a.deadline for a in open_actions), default=None)
        if not actions:
            status = MISSING
        elif followups_late:
            status = LATE
        elif soonest is not None:
            status = _dated(OK, soonest, today)
        else:
            status = OK
        duties[Duty.FOLLOWUP] = DutyState(
            status, due_on=soonest, done=len(actions) - len(open_actions), total=len(actions)
        )
        for action in open_actions:
            if (action.deadline - today).days <= DUE_WINDOW:
                deadlines.append(
                    DeadlineItem(
                        "skm_followup",
                        action.deadline,
                        action.action[:200],
                        "survey_period",
                        str(evaluated.pk),
                    )
                )

    for name in (Duty.SKM_PUBLISHED, Duty.FOLLOWUP):
        duties[name].period = evaluated.pk if evaluated is not None else None
    duties[Duty.SKM].period = current.pk if current is not None else None

    # Complaints answered on time.
    open_complaints: list[tuple[int, str | None, dt.datetime]] = list(
        Complaint.objects.filter(
            unit=unit, status__in=complaint_workflow.STAFF_DEADLINE, due_at__isnull=False
        ).values_list("pk", "public_id", "due_at")  # type: ignore[arg-type]
    )
    overdue = [c for c in open_complaints if c[2] < now]
    soon = [c for c in open_complaints if now <= c[2] <= now + COMPLAINT_DUE_SOON]
    duties[Duty.COMPLAINTS] = DutyState(
        LATE if overdue else DUE if soon else OK,
        due_on=timezone.localdate(min(c[2] for c in open_complaints)) if open_complaints else None,
        done=None,
        total=len(open_complaints),
    )
    for pk, public_id, due_at in open_complaints:
        due_day = timezone.localdate(due_at)
        if (due_day - today).days <= DUE_WINDOW:
            deadlines.append(
                DeadlineItem("complaint", due_day, public_id or "", "complaint", str(pk))
            )

    # Facilities for vulnerable groups.
    facilities = standards.usable_facilities(unit).count()
    duties[Duty.FACILITIES] = DutyState(OK if facilities else MISSING, done=facilities)

    # Innovation: at least one living, its status confirmed within the year. Its yearly
    # report is due from eleven whole months after the confirmation (the registry's rule,
    # prima.innovation.lifecycle.report_due); the deadline is the day the status lapses.
    innovations = list(
        Innovation.objects.filter(unit=unit)
        .order_by("status_confirmed_on", "pk")
        .values_list("pk", "title", "status", "status_confirmed_on")
    )
    living = [i for i in innovations if status_on(i[2], i[3], today) in LIVING]
    reports = [
        (pk, title, confirmed + STATUS_VALID_FOR, report_due(confirmed, today))
        for pk, title, _s, confirmed in living
    ]
    if not innovations:
        duties[Duty.INNOVATION] = DutyState(MISSING, done=0, total=0)
    elif not living:
        duties[Duty.INNOVATION] = DutyState(LATE, done=0, total=len(innovations))
    else:
        soonest_report = min(lapse for _pk, _title, lapse, _due in reports)
        duties[Duty.INNOVATION] = DutyState(
            DUE if any(is_due for *_rest, is_due in reports) else OK,
            due_on=soonest_report,
            done=len(living),
            total=len(innovations),
        )
        for pk, title, lapse, is_due in reports:
            if is_due:
                deadlines.append(
                    DeadlineItem("innovation_report", lapse, title, "innovation", str(pk))
                )

    # --- mpp:reach ---
    # MPP (units of kind "mpp"): its profile, a tenant present, a service offered there and
    # daily figures within the last 30 days (prima.mpp.readiness; docs/guide/readiness.md).
    mpp_ahead: dt.date | None = None
    if unit.kind == ServiceUnit.Kind.MPP:
        duties[Duty.MPP], mpp_ahead = mpp_duty(unit, today)
    # --- end mpp:reach ---

    # Levels: what the F-01 pre-fill says, for the duties an indicator reads.
    for duty, state in duties.items():
        code = indicator_of_slot.get(SLOT_OF_DUTY[duty], "")
        if code and code in prefill:
            state.indicator = code
            state.level = prefill[code].level
    levels = {code: p.level for code, p in prefill.items() if p.level is not None}
    result, next_category, to_next = projection(levels)

    target = (
        SurveyTarget.objects.filter(unit=unit, year=year).values_list("target", flat=True).first()
    )
    latest = (
        Lokus.objects.ipp()  # never a Monev MPP result (evaluation.models.IPP_SCHEMES)
        .filter(unit=unit, cycle__status=Cycle.Status.PUBLISHED, ipp_rounded__isnull=False)
        .select_related("cycle")
        .order_by("-cycle__year", "-pk")
        .first()
    )
    # When time alone next changes a status: a dated deadline entering the window or passing,
    # a complaint's answer falling due or due soon, the year turning.
    moments: list[dt.datetime] = [_midnight(dt.date(year + 1, 1, 1))]
    if next_forum is not None:
        moments.append(_midnight(next_forum))
    for state in duties.values():
        if state.due_on is not None:
            for day in (
                state.due_on - dt.timedelta(days=DUE_WINDOW),
                state.due_on + dt.timedelta(days=1),
            ):
                moment = _midnight(day)
                if moment > now:
                    moments.append(moment)
    if mpp_ahead is not None:  # mpp:reach — figures dated ahead count from their day
        moments.append(_midnight(mpp_ahead))
    for _pk, _public_id, due_at in open_complaints:
        for moment in (due_at - COMPLAINT_DUE_SOON, due_at):
            if moment > now:
                moments.append(moment)
    return Assessment(
        unit=unit,
        year=year,
        duties=duties,
        projected_ipp=result.ipp_rounded,
        projected_category=result.category.code,
        next_category=next_category,
        indicators_to_next=to_next,
        ikm_target=target,
        skm_period_id=current.pk if current is not None else None,
        services_total=len(rows),
        services_without_standard=without,
        reviews_due=reviews_due,
        reviews_overdue=overdue_reviews,
        complaints_overdue=len(overdue),
        complaints_due_soon=len(soon),
        followups_open=followups_open,
        followups_late=followups_late,
        latest_ipp=latest.ipp_rounded if latest else None,
        latest_ipp_category=latest.category if latest else "",
        latest_ipp_year=latest.cycle.year if latest else None,
        is_priority=latest is not None
        and latest.ipp_rounded is not None
        and latest.ipp_rounded < latest.cycle.priority_below,
        deadlines=sorted(deadlines, key=lambda d: (d.due_on, d.kind, d.subject)),
        recheck_at=min(moments),
    )


# --- mpp:reach ---
def mpp_duty(unit: ServiceUnit, today: dt.date) -> tuple[DutyState, dt.date | None]:
    """The MPP duty of an MPP unit, and the first day of figures dated ahead (when time alone
    changes it). `ok` when all MPP_PARTS are there, due again the day its newest figures leave
    the last 30 days; `late` when a part is undone; `missing` without a profile."""
    facts = mpp_readiness.facts_for([unit.pk], today).get(unit.pk)
    if facts is None:
        return DutyState(MISSING, done=0, total=MPP_PARTS), None
    done = 1 + (facts.tenants > 0) + (facts.services > 0) + facts.figures_recent
    if done < MPP_PARTS:
        return DutyState(LATE, done=done, total=MPP_PARTS), facts.next_figures_on
    assert facts.last_figures_on is not None  # figures_recent
    due = facts.last_figures_on + dt.timedelta(days=mpp_readiness.RECENT_DAYS - 1)
    return DutyState(OK, due_on=due, done=done, total=MPP_PARTS), facts.next_figures_on


# --- end mpp:reach ---


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
