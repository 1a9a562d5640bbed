"""Reads for the evaluation pages, exports and the coaching priorities."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from prima.complaints.models import Complaint
from prima.evaluation import evidence, scoring
from prima.evaluation.access import public_rating_lokus
from prima.evaluation.instrument import Aspect, Indicator, Instrument
from prima.evaluation.models import (
    ActionItem,
    Answer,
    Assignment,
    Contest,
    Cycle,
    Lokus,
    Score,
)
from prima.innovation import lifecycle
from prima.lib.history import describe
from prima.registry import unit_tasks
from prima.registry.models import Region, ServiceUnit
from prima.standards import queries as standards
from prima.surveys import queries as surveys

if TYPE_CHECKING:
    from prima.evaluation.access import UnitRecordRights

OPEN_ITEMS = ActionItem.OPEN


# --- a cycle -------------------------------------------------------------------------------
@dataclass
class CycleRow:
    lokus: Lokus
    primary: Assignment | None
    scored: int  # indicators the primary evaluator has scored
    open_contests: int


def cycle_rows(lokus: QuerySet[Lokus]) -> list[CycleRow]:
    """The cycle page's table: each lokus with its primary evaluator, progress and contests."""
    rows = []
    for item in (
        lokus.select_related("unit", "unit__agency")
        .prefetch_related("assignments__evaluator", "scores", "contests")
        .order_by("unit__name")
    ):
        primary = next(
            (a for a in item.assignments.all() if a.role == Assignment.Role.PRIMARY), None
        )
        rows.append(
            CycleRow(
                lokus=item,
                primary=primary,
                scored=sum(1 for s in item.scores.all() if s.evaluator_id == primary.evaluator_id)
                if primary
                else 0,
                open_contests=sum(
                    1 for c in item.contests.all() if c.status == Contest.Status.OPEN
                ),
            )
        )
    return rows


# --- one lokus ------------------------------------------------------------------------------
@dataclass
class IndicatorRow:
    indicator: Indicator
    answer: Answer | None
    prefill: dict[str, Any] | None
    links: list[tuple[str, str | None]]  # the prefill's links for this reader (URL or None)
    files: list[Any]
    scores: dict[int, Score]  # evaluator id → score
    primary: Score | None
    second: Score | None
    contests: list[Contest]

    @property
    def open_contest(self) -> Contest | None:
        return next((c for c in self.contests if c.status == Contest.Status.OPEN), None)


@dataclass
class AspectBlock:
    aspect: Aspect
    rows: list[IndicatorRow]
    score: Decimal | None


def lokus_rows(
    lokus: Lokus, *, records: UnitRecordRights | None, today: dt.date | None = None
) -> list[AspectBlock]:
    """The instrument's aspects with, per indicator, the unit's answer, the records Prima
    holds (live until the unit submits, then as they were at submission) with links to what
    the reader may open (`records`: access.unit_record_rights; None: no links, for print),
    uploaded evidence, and the evaluators' scores."""
    instrument = lokus.cycle.instrument
    answers = {a.indicator: a for a in lokus.answers.all()}
    files: dict[str, list[Any]] = defaultdict(list)
    for item in lokus.evidence.all():
        files[item.indicator].append(item)
    scores: dict[str, dict[int, Score]] = defaultdict(dict)
    for score in lokus.scores.all():
        scores[score.indicator][score.evaluator_id] = score
    contests: dict[str, list[Contest]] = defaultdict(list)
    for contest in lokus.contests.all():
        contests[contest.indicator].append(contest)
    primary_id = lokus.evaluator_id(Assignment.Role.PRIMARY)
    second_id = lokus.evaluator_id(Assignment.Role.SECOND)
    if lokus.submitted_at is None:
        slots = {i.code: i.evidence for i in instrument.indicators.values() if i.evidence}
        live = evidence.prefill_for(
            lokus.unit, year=lokus.cycle.year, slots=slots, today=today or timezone.localdate()
        )
        prefill = {code: item.as_json() for code, item in live.items()}
    else:
        prefill = {code: a.prefill for code, a in answers.items() if a.prefill}
    blocks = []
    for aspect in instrument.aspects:
        rows = []
        for indicator in aspect.indicators:
            by_evaluator = scores.get(indicator.code, {})
            found = prefill.get(indicator.code)
            rows.append(
                IndicatorRow(
                    indicator=indicator,
                    answer=answers.get(indicator.code),
                    prefill=found,
                    links=evidence.resolve_links(
                        found.get("links", []), unit_code=lokus.unit.code, rights=records
                    )
                    if found and records is not None
                    else [],
                    files=files.get(indicator.code, []),
                    scores=by_evaluator,
                    primary=by_evaluator.get(primary_id) if primary_id else None,
                    second=by_evaluator.get(second_id) if second_id else None,
                    contests=contests.get(indicator.code, []),
                )
            )
        value = lokus.aspect_scores.get(aspect.code)
        blocks.append(AspectBlock(aspect, rows, Decimal(value) if value else None))
    return blocks


def rating_tasks(unit: ServiceUnit, now: dt.datetime) -> list[unit_tasks.Task]:
    """The F-03 form on the unit's public page (registry.unit_tasks) while an evaluation cycle
    collects service users' ratings of the unit; nothing otherwise."""
    lokus = rating_lokus(unit)
    if lokus is None:
        return []
    return [
        unit_tasks.Task(
            unit_tasks.EVALUATE,
            _("Rate this unit for the public-service evaluation"),
            _("Form F-03 of the %(cycle)s: 14 short questions, no name asked.")
            % {"cycle": lokus.cycle.name},
            reverse("evaluation_rating", args=[lokus.user_token]),
        )
    ]


def lokus_for_page(pk: int) -> Lokus:
    return (
        Lokus.objects.select_related("cycle", "cycle__agency", "unit", "unit__agency")
        .prefetch_related("answers", "evidence", "scores", "contests", "assignments__evaluator")
        .get(pk=pk)
    )


def rating_lokus(unit: ServiceUnit | int) -> Lokus | None:
    """The lokus whose F-03 form (PEKPPP, PermenPANRB 29/2022) the unit's public page links
    to while a cycle collects service users' ratings for it, with its cycle; None otherwise.
    One small query. Should two cycles rate the unit at once, the latest year's form."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    return (
        public_rating_lokus()
        .select_related("cycle")
        .filter(unit_id=unit_id)
        .order_by("-cycle__year", "-pk")
        .first()
    )


def open_rating_path(unit: ServiceUnit | int) -> str | None:
    """The address of the unit's F-03 rating form while it is open (rating_lokus), else None."""
    lokus = rating_lokus(unit)
    return reverse("evaluation_rating", args=[lokus.user_token]) if lokus else None


def user_item_means(lokus: Lokus) -> list[tuple[str, int, Decimal | None]]:
    """Per F-03 item: its text, how many rated it, and the mean rating."""
    instrument = lokus.cycle.instrument
    totals: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    for answers in lokus.ratings.values_list("answers", flat=True):
        for code, value in answers.items():
            totals[code] += value
            counts[code] += 1
    return [
        (
            item.text,
            counts[item.code],
            scoring.round_half_up(Fraction(totals[item.code], counts[item.code]), 2)
            if counts[item.code]
            else None,
        )
        for item in instrument.user_items
    ]


def earlier_action_items(lokus: Lokus) -> QuerySet[ActionItem]:
    """The unit's action-plan steps from earlier cycles, so progress is followed into this
    one."""
    return (
        ActionItem.objects.filter(lokus__unit=lokus.unit, lokus__cycle__year__lt=lokus.cycle.year)
        .select_related("lokus__cycle", "lokus__unit", "recommendation")
        .order_by("-lokus__cycle__year", "due_on")
    )


def score_history(lokus: Lokus) -> list[Any]:
    """Every change of the lokus's scores, newest first, with who and why."""
    records = (
        Score.history.filter(lokus_id=lokus.pk)  # type: ignore[attr-defined]
        .select_related("history_user")
        .order_by("-history_date")[:60]
    )
    return describe(records)


# --- recommendations ------------------------------------------------------------------------
ASPECT_ADVICE = {
    "kebijakan": gettext_lazy(
        "Involve the community when drafting and reviewing the service standards (Forum "
        "Konsultasi Publik); run the SKM by PermenPANRB 14/2017, publish the results and follow "
        "them up."
    ),
    "sdm": gettext_lazy(
        "Reward frontline staff against clear criteria, train them, and make the code of conduct "
        "and service hours known to users."
    ),
    "sarpras": gettext_lazy(
        "Provide facilities for vulnerable groups (ramps, priority counters, lactation room, "
        "accessible toilet) and keep the waiting room, toilets and parking in good order."
    ),
    "sipp": gettext_lazy(
        "Modernise: publish service information online, connect to SIPP Nasional, and move "
        "face-to-face services online where users can."
    ),
    "pengaduan": gettext_lazy(
        "Use complaints to improve the service and document it: a separate consultation desk, "
        "connection to SP4N-LAPOR!, answers within the deadline, and the results published."
    ),
    "inovasi": gettext_lazy(
        "Turn a local improvement into an innovation with a legal basis, a budget and a team, "
        "and enter it in a competition."
    ),
}


def draft_recommendations(
    lokus: Lokus, *, below: Decimal | None = None
) -> list[tuple[Aspect, str]]:
    """Drafts for every aspect scoring under the cycle's priority line: the aspect's general
    advice, then for each of its weakest indicators what the next level of its scale (at
    least level 3) asks for — so the draft says concretely what to do. The evaluator edits
    before saving."""
    instrument = lokus.cycle.instrument
    below = below if below is not None else lokus.cycle.priority_below
    primary = lokus.evaluator_id(Assignment.Role.PRIMARY)
    scores = {s.indicator: s.score for s in lokus.scores.all() if s.evaluator_id == primary}
    drafts = []
    for aspect in instrument.aspects:
        value = lokus.aspect_scores.get(aspect.code)
        if value is None or Decimal(value) >= below:
            continue
        lines = [str(ASPECT_ADVICE.get(aspect.code, ""))] if aspect.code in ASPECT_ADVICE else []
        weakest = sorted(
            (i for i in aspect.indicators if scores.get(i.code, 0) < 5),
            key=lambda i: (scores.get(i.code, 0), -i.weight),
        )[:3]
        for indicator in weakest:
            level = scores.get(indicator.code, 0)
            # Aim at least for level 3: the lowest levels of some scales describe a failure
            # ("plan not carried out"), which is no advice.
            target = max(level + 1, 3)
            lines.append(
                _("%(code)s %(name)s (now %(level)s, aim for %(target)s): %(next)s.")
                % {
                    "code": indicator.code,
                    "name": indicator.name,
                    "level": level,
                    "target": target,
                    "next": indicator.scale[target],
                }
            )
        drafts.append((aspect, "\n".join(line for line in lines if line)))
    return drafts


# --- results and rankings -------------------------------------------------------------------
@dataclass
class RankRow:
    lokus: Lokus
    rank: int
    province: Region | None
    wilayah: str
    previous: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.previous is None or self.lokus.ipp_rounded is None:
            return None
        return self.lokus.ipp_rounded - self.previous


def scored_lokus(cycle: Cycle, within: QuerySet[Lokus] | None = None) -> QuerySet[Lokus]:
    """The cycle's lokus with a result, best first; `within` narrows them to what a user may
    see (access.lokus_in_view)."""
    base = within if within is not None else cycle.lokus.all()
    return (
        base.filter(cycle=cycle, ipp_rounded__isnull=False)
        .select_related("unit", "unit__agency", "unit__region")
        .order_by("-ipp", "unit__name")
    )


def previous_results(cycle: Cycle, units: list[int]) -> dict[int, Decimal]:
    """Each unit's IPP in its latest earlier published cycle."""
    found: dict[int, Decimal] = {}
    # Within the family: an MPP's earlier Monev MPP results, a unit's earlier IPP.
    family = Lokus.objects.filter(cycle__scheme=Cycle.Scheme.MPP) if cycle.is_mpp else None
    rows = (
        (family if family is not None else Lokus.objects.ipp())
        .filter(
            unit_id__in=units,
            cycle__year__lt=cycle.year,
            cycle__status=Cycle.Status.PUBLISHED,
            ipp_rounded__isnull=False,
        )
        .order_by("unit_id", "-cycle__year")
        .values_list("unit_id", "ipp_rounded")
    )
    for unit_id, value in rows:
        if value is not None:
            found.setdefault(unit_id, value)
    return found


GROUPINGS = {
    "national": gettext_lazy("National"),
    "wilayah": gettext_lazy("Coordination region (Wilayah)"),
    "province": gettext_lazy("Province"),
    "agency": gettext_lazy("Agency"),
    "kind": gettext_lazy("Type of service"),
}


def rankings(
    cycle: Cycle, *, by: str = "national", within: QuerySet[Lokus] | None = None
) -> list[tuple[str, list[RankRow]]]:
    """Lokus ranked by IPP (exact, ties share a rank) within each group of `by`."""
    rows = list(scored_lokus(cycle, within))
    provinces = {
        r.code: r
        for r in Region.objects.filter(
            code__in={lokus.unit.region_id[:2] for lokus in rows}
        ).select_related("coordination_region")
    }
    previous = previous_results(cycle, [lokus.unit_id for lokus in rows])
    kinds = dict(Lokus.Kind.choices)
    groups: dict[str, list[RankRow]] = defaultdict(list)
    for lokus in rows:
        province = provinces.get(lokus.unit.region_id[:2])
        wilayah = (
            province.coordination_region.name
            if province is not None and province.coordination_region is not None
            else _("Unassigned")
        )
        key = {
            "national": str(GROUPINGS["national"]),
            "wilayah": wilayah,
            "province": province.name if province else "—",
            "agency": lokus.unit.agency.name,
            "kind": str(kinds.get(lokus.kind, lokus.kind)),
        }.get(by, "")
        groups[key].append(RankRow(lokus, 0, province, wilayah, previous.get(lokus.unit_id)))
    for members in groups.values():
        last_ipp: Decimal | None = None
        for position, row in enumerate(members, start=1):
            if row.lokus.ipp != last_ipp:
                row.rank = position
                last_ipp = row.lokus.ipp
            else:
                row.rank = members[position - 2].rank
    return sorted(groups.items())


def category_distribution(
    cycle: Cycle, within: QuerySet[Lokus] | None = None
) -> list[tuple[str, str, int]]:
    instrument = cycle.instrument
    counts = Counter(scored_lokus(cycle, within).values_list("category", flat=True))
    return [(c.code, c.label, counts.get(c.code, 0)) for c in instrument.categories]


def cycle_comparison(cycle: Cycle) -> list[dict[str, Any]]:
    """Earlier cycles of the same scheme (and agency): lokus scored, mean IPP, and how many
    fell in the priority range, newest first."""
    cycles = Cycle.objects.filter(scheme=cycle.scheme, agency=cycle.agency, year__lte=cycle.year)
    rows = []
    for other in cycles.order_by("-year")[:6]:
        values: list[Decimal] = [
            v
            for v in other.lokus.filter(ipp_rounded__isnull=False).values_list(
                "ipp_rounded", flat=True
            )
            if v is not None
        ]
        rows.append(
            {
                "cycle": other,
                "scored": len(values),
                "mean": (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"))
                if values
                else None,
                "priority": sum(v < other.priority_below for v in values),
            }
        )
    return rows


# --- double scoring -------------------------------------------------------------------------
@dataclass
class EvaluatorAgreement:
    evaluator: Any
    lokus: int
    result: scoring.Agreement


def agreement_by_evaluator(cycle: Cycle) -> list[EvaluatorAgreement]:
    """For lokus scored twice: per evaluator, how their scores agree with the other
    evaluator's on the same indicators."""
    pairs: dict[int, list[tuple[int, int]]] = defaultdict(list)
    lokus_count: Counter[int] = Counter()
    people: dict[int, Any] = {}
    double = cycle.lokus.filter(double_scored=True).prefetch_related(
        "scores", "assignments__evaluator"
    )
    for lokus in double:
        by_role = {a.role: a.evaluator for a in lokus.assignments.all()}
        first, second = by_role.get(Assignment.Role.PRIMARY), by_role.get(Assignment.Role.SECOND)
        if first is None or second is None:
            continue
        a = {s.indicator: s.score for s in lokus.scores.all() if s.evaluator_id == first.pk}
        b = {s.indicator: s.score for s in lokus.scores.all() if s.evaluator_id == second.pk}
        common = sorted(set(a) & set(b))
        if not common:
            continue
        for person in (first, second):
            people[person.pk] = person
            lokus_count[person.pk] += 1
        pairs[first.pk] += [(a[c], b[c]) for c in common]
        pairs[second.pk] += [(b[c], a[c]) for c in common]
    return [
        EvaluatorAgreement(people[pk], lokus_count[pk], scoring.agreement(pairs[pk]))
        for pk in sorted(pairs, key=lambda pk: str(people[pk]))
    ]


# --- coaching priorities --------------------------------------------------------------------
@dataclass
class Reason:
    code: str
    text: str
    points: int


@dataclass
class Priority:
    lokus: Lokus
    is_priority: bool
    reasons: list[Reason] = field(default_factory=list)

    @property
    def points(self) -> int:
        return sum(r.points for r in self.reasons)


IKM_GOOD = Decimal("76.61")  # mutu B and above (PermenPANRB 14/2017; docs/regulations.md §1)


def coaching_priorities(
    cycle: Cycle, *, today: dt.date | None = None, within: QuerySet[Lokus] | None = None
) -> list[Priority]:
    """Every scored lokus with the reasons it may need mentoring, most in need first.

    Whether a unit *is* a priority is the cycle's local rule — IPP below
    `cycle.priority_below` (default 3.01, i.e. under B-); the other reasons rank and explain:
    weak aspects, a fall since the last cycle, a low or missing IKM, complaints past their
    deadline, services without a standard in force, action-plan steps left overdue, and no
    living innovation (docs/guide/innovation.md).
    """
    today = today or timezone.localdate()
    instrument: Instrument = cycle.instrument
    names = {a.code: a.name for a in instrument.aspects}
    lokus_list = list(scored_lokus(cycle, within))
    units = [lokus.unit_id for lokus in lokus_list]
    previous = previous_results(cycle, units)
    now = timezone.now()
    overdue = Counter(
        Complaint.objects.overdue(now).filter(unit_id__in=units).values_list("unit_id", flat=True)
    )
    latest_ikm = surveys.latest_published_by_unit(units)
    services = standards.service_rows_by_unit(units, today)
    late_items = Counter(
        ActionItem.objects.filter(
            lokus__unit_id__in=units, status__in=OPEN_ITEMS, due_on__lt=today
        ).values_list("lokus__unit_id", flat=True)
    )
    innovating = lifecycle.units_with_living_innovation(units, today)
    result = []
    for lokus in lokus_list:
        ipp = lokus.ipp_rounded or Decimal(0)
        item = Priority(lokus, is_priority=ipp < cycle.priority_below)
        if item.is_priority:
            item.reasons.append(
                Reason(
                    "category",
                    _("IPP %(ipp)s (%(cat)s) is below the priority line %(line)s.")
                    % {
                        "ipp": number_format(ipp, 2),
                        "cat": lokus.category,
                        "line": number_format(cycle.priority_below, 2),
                    },
                    3,
                )
            )
        weak = [
            names.get(code, code)
            for code, value in lokus.aspect_scores.items()
            if Decimal(value) < cycle.priority_below
        ]
        if weak:
            item.reasons.append(
                Reason(
                    "aspects", _("Weak aspects: %(list)s.") % {"list": ", ".join(weak)}, len(weak)
                )
            )
        before = previous.get(lokus.unit_id)
        if before is not None and ipp < before:
            item.reasons.append(
                Reason(
                    "trend",
                    _("IPP fell from %(before)s to %(now)s.")
                    % {"before": number_format(before, 2), "now": number_format(ipp, 2)},
                    2,
                )
            )
        ikm = latest_ikm.get(lokus.unit_id)
        if ikm is None or ikm.ikm_rounded is None:
            item.reasons.append(Reason("ikm", _("No published SKM result."), 1))
        elif ikm.ikm_rounded < IKM_GOOD:
            item.reasons.append(
                Reason(
                    "ikm",
                    _("Latest IKM %(ikm)s (%(mutu)s) is below B.")
                    % {"ikm": number_format(ikm.ikm_rounded, 2), "mutu": ikm.mutu},
                    2,
                )
            )
        if overdue[lokus.unit_id]:
            item.reasons.append(
                Reason(
                    "complaints",
                    ngettext(
                        "%(n)s complaint past its deadline.",
                        "%(n)s complaints past their deadline.",
                        overdue[lokus.unit_id],
                    )
                    % {"n": overdue[lokus.unit_id]},
                    1,
                )
            )
        rows = services.get(lokus.unit_id, [])
        missing = [r.service.name for r in rows if r.in_force is None]
        if missing:
            item.reasons.append(
                Reason(
                    "standards",
                    _("No standard in force for %(n)s of %(total)s services.")
                    % {"n": len(missing), "total": len(rows)},
                    1,
                )
            )
        if late_items[lokus.unit_id]:
            item.reasons.append(
                Reason(
                    "action_plan",
                    ngettext(
                        "%(n)s action-plan step is overdue.",
                        "%(n)s action-plan steps are overdue.",
                        late_items[lokus.unit_id],
                    )
                    % {"n": late_items[lokus.unit_id]},
                    1,
                )
            )
        if lokus.unit_id not in innovating:
            item.reasons.append(
                Reason(
                    "innovation",
                    _(
                        "No living innovation: none registered, or none confirmed running "
                        "within a year."
                    ),
                    1,
                )
            )
        result.append(item)
    result.sort(key=lambda p: (not p.is_priority, -p.points, p.lokus.ipp or 0))
    return result


def units_for_lokus(cycle: Cycle, visible: QuerySet[ServiceUnit]) -> QuerySet[ServiceUnit]:
    """Units that may still be added to the cycle."""
    units = visible.exclude(pk__in=cycle.lokus.values("unit_id")).select_related("agency")
    if cycle.scheme == Cycle.Scheme.MANDIRI and cycle.agency_id is not None:
        units = units.filter(agency_id=cycle.agency_id)
    if cycle.is_mpp:
        units = units.filter(kind=ServiceUnit.Kind.MPP)
    return units.order_by("name")
