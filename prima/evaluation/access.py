"""Who may see and do what in an evaluation cycle. Every view fetches through here.

- A cycle is managed (lokus, evaluators, stages, moderation of contests) by national
  administrators; a PEKPPP Mandiri cycle also by the administrators of its agency.
- A lokus is read by those who manage its cycle, its assigned evaluators, and anyone whose
  scope reads the unit (its operators, its agency, regional evaluators).
- The self-assessment (F-01) and contests are the unit's: those who may change the unit.
- Scores (F-02) are entered only by the evaluators assigned to the lokus.

Who may use a form is decided here; whether the stage allows it now, by the *_refusal rules in
actions. lokus_gates and cycle_gates put the two together for the pages, so a form that cannot
be saved is shown read-only with the reason, and a link is shown only to a page its reader may
open (openable_lokus, openable_cycles, plannable_items, unit_record_rights).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from prima.accounts.access import deny
from prima.accounts.models import Membership, Role, User
from prima.accounts.scope import scope_for
from prima.evaluation import actions
from prima.evaluation.models import ActionItem, Assignment, Cycle, Lokus
from prima.registry.access import units_visible_to
from prima.registry.models import Agency, ServiceUnit

T = TypeVar("T")

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


def can_manage(user: User | AnonymousUser, cycle: Cycle) -> bool:
    scope = scope_for(user)
    if scope.national_admin:
        return True
    return cycle.scheme == Cycle.Scheme.MANDIRI and cycle.agency_id in scope.admin_agency_ids


def can_create_cycles(user: User | AnonymousUser) -> bool:
    scope = scope_for(user)
    return scope.national_admin or bool(scope.admin_agency_ids)


def can_run_national_cycles(user: User | AnonymousUser) -> bool:
    """PEKPPP Nasional is run by the national administrators (the ministry); everyone else who
    may create cycles runs PEKPPP Mandiri for their agencies."""
    return scope_for(user).national_admin


def cycles_visible_to(user: User | AnonymousUser) -> QuerySet[Cycle]:
    scope = scope_for(user)
    if not scope.is_staff:
        return Cycle.objects.none()
    if scope.national_reader:
        return Cycle.objects.all()
    units = units_visible_to(user).values("pk")
    return Cycle.objects.filter(
        Q(agency_id__in=scope.admin_agency_ids | scope.read_agency_ids)
        | Q(lokus__unit__in=units)
        | Q(lokus__assignments__evaluator_id=user.pk)
    ).distinct()


@dataclass(frozen=True)
class CycleRights:
    read: bool
    manage: bool  # its settings, stages, lokus and double-scoring sample (can_manage)
    national: bool  # may run PEKPPP Nasional (can_run_national_cycles)


def get_cycle_for_user(
    user: User | AnonymousUser, pk: int, *, need: str = "read"
) -> tuple[Cycle, CycleRights]:
    """The cycle with what the user may do there; 404 (audited) when `need` (read or manage)
    is not granted."""
    cycle = cycles_visible_to(user).select_related("agency").filter(pk=pk).first()
    if cycle is None:
        deny(user, "evaluation.cycle", pk, write=need != "read")
    granted = CycleRights(
        read=True, manage=can_manage(user, cycle), national=can_run_national_cycles(user)
    )
    if not getattr(granted, need):
        deny(user, "evaluation.cycle", pk, write=need != "read")
    return cycle, granted


@dataclass(frozen=True)
class LokusRights:
    read: bool
    manage: bool  # manage the cycle: assign, moderate, publish
    self_assess: bool  # the unit's side: F-01, contests, action plans
    score: bool  # an assigned evaluator
    primary: bool  # the primary evaluator

    @property
    def mentor(self) -> bool:
        """Draft recommendations and record mentoring: the evaluators and the cycle's managers."""
        return self.score or self.manage

    @property
    def plan(self) -> bool:
        """Keep the action plan: the unit's side as well as mentors."""
        return self.self_assess or self.mentor


def rights(user: User | AnonymousUser, lokus: Lokus) -> LokusRights:
    scope = scope_for(user)
    manage = can_manage(user, lokus.cycle)
    roles = {a.role for a in lokus.assignments.all() if a.evaluator_id == user.pk}
    unit = lokus.unit
    reads_unit = scope.can_read_unit(unit.pk, unit.agency_id, unit.region_id, unit.agency.region_id)
    return LokusRights(
        read=manage or bool(roles) or reads_unit,
        manage=manage,
        self_assess=scope.can_change_unit(unit.pk, unit.agency_id),
        score=bool(roles),
        primary=Assignment.Role.PRIMARY in roles,
    )


def get_lokus_for_user(
    user: User | AnonymousUser, pk: int, *, need: str = "read"
) -> tuple[Lokus, LokusRights]:
    """The lokus with what the user may do there; 404 (audited) when `need` is not granted.
    `need` is one of read, manage, self_assess, score, mentor, plan."""
    lokus = (
        Lokus.objects.select_related("cycle", "unit", "unit__agency", "unit__region")
        .prefetch_related("assignments__evaluator")
        .filter(pk=pk)
        .first()
    )
    if lokus is None:
        deny(user, "evaluation.lokus", pk, write=need != "read")
    granted = rights(user, lokus)
    if not granted.read or not getattr(granted, need):
        deny(user, "evaluation.lokus", pk, write=need != "read")
    return lokus, granted


def lokus_visible_to(user: User | AnonymousUser, cycle: Cycle) -> QuerySet[Lokus]:
    """The cycle's lokus a user may open: all for those who manage the cycle and national
    readers; otherwise those of units in the user's scope and those they evaluate."""
    scope = scope_for(user)
    if can_manage(user, cycle) or scope.national_reader:
        return cycle.lokus.all()
    units = units_visible_to(user).values("pk")
    return Lokus.objects.filter(
        Q(unit__in=units) | Q(assignments__evaluator_id=user.pk), cycle=cycle
    ).distinct()


def lokus_in_view(user: User | AnonymousUser, cycle: Cycle) -> QuerySet[Lokus] | None:
    """Which lokus a user sees in a cycle's results and priorities: everyone sees all of them
    once the cycle is published; before that, lokus_visible_to (None means all)."""
    scope = scope_for(user)
    if can_manage(user, cycle) or scope.national_reader or cycle.is_published:
        return None
    return lokus_visible_to(user, cycle)


def get_lokus_record_for_user(
    user: User | AnonymousUser, model: type[T], pk: int, *, need: str = "read"
) -> tuple[T, LokusRights]:
    """A record that belongs to a lokus (evidence, visit, contest, assignment, action-plan
    step), with the user's rights on its lokus, through which it is fetched."""
    record = model._default_manager.filter(pk=pk).first()  # type: ignore[attr-defined]
    if record is None:
        deny(user, f"evaluation.{model.__name__.lower()}", pk, write=need != "read")
    _lokus, granted = get_lokus_for_user(user, record.lokus_id, need=need)
    return record, granted


def agencies_for_cycles(user: User | AnonymousUser) -> QuerySet[Agency]:
    """The agencies a user may start a PEKPPP Mandiri cycle for."""
    scope = scope_for(user)
    if scope.national_admin:
        return Agency.objects.filter(is_active=True)
    return Agency.objects.filter(pk__in=scope.admin_agency_ids)


def public_rating_lokus() -> QuerySet[Lokus]:
    """The lokus whose F-03 form is open to anyone: the cycle collects user ratings
    (actions.RATING_STAGES) and the unit is listed publicly."""
    return Lokus.objects.filter(
        cycle__status__in=actions.RATING_STAGES,
        unit__is_active=True,
        unit__agency__is_active=True,
    )


def get_public_lokus(token: str) -> Lokus:
    """The lokus behind an F-03 link, while its form is open (public_rating_lokus)."""
    lokus = (
        public_rating_lokus()
        .select_related("cycle", "unit", "unit__agency")
        .filter(user_token=token)
        .first()
    )
    if lokus is None or not lokus.cycle.instrument.user_items:  # Monev MPP has no F-03
        raise Http404
    return lokus


def eligible_evaluators() -> QuerySet[User]:
    """Active users who may be assigned: evaluators and national administrators."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__role__in=[Role.EVALUATOR, Role.NATIONAL_ADMIN],
        )
        .distinct()
        .order_by("full_name", "username")
    )


def level_of(evaluator: User) -> str:
    """Which tier an evaluator works at (docs/regulations.md §4.2), read from their membership:
    national → the ministry; a province → Biro Organisasi; a regency/city → Bagian
    Organisasi."""
    membership: Membership | None = (
        evaluator.memberships.filter(role__in=[Role.EVALUATOR, Role.NATIONAL_ADMIN])
        .select_related("agency", "region")
        .first()
    )
    if membership is None:
        return Assignment.Level.OTHER
    if membership.role == Role.NATIONAL_ADMIN or (
        membership.agency_id is None and membership.region_id is None
    ):
        return Assignment.Level.KEMENTERIAN
    code = membership.region_id or (membership.agency.region_id if membership.agency else None)
    if code is None:
        return Assignment.Level.KEMENTERIAN
    return Assignment.Level.BIRO if "." not in code else Assignment.Level.BAGIAN


# --- what a page shows: forms that can be saved, links that open ----------------------------
@dataclass(frozen=True)
class Gate:
    """One form of the evaluation pages for one user: `open` when they may use it now; when
    they hold the right but the stage (or the record) does not allow it, `reason` says why and
    the page shows it instead of the form, before anyone types. Neither: nothing is shown."""

    open: bool = False
    reason: str = ""

    @property
    def shown(self) -> bool:
        return self.open or bool(self.reason)


def _gate(right: bool, refusal: Callable[[], str | None]) -> Gate:
    if not right:
        return Gate()
    reason = refusal()
    return Gate(reason=reason) if reason else Gate(open=True)


def _always() -> None:
    return None


@dataclass(frozen=True)
class LokusGates:
    self_assess: Gate  # F-01 and its evidence
    score: Gate  # F-02
    contest: Gate  # contest a score, or accept the scores
    assign: Gate
    remove: Gate  # remove the lokus from the cycle
    rating: Gate  # the public F-03 link and QR code
    visit: Gate
    mentor: Gate  # recommendations and mentoring sessions
    plan: Gate  # the action plan
    removable: frozenset[int]  # assignments this user may remove now
    decidable: frozenset[int]  # open contests this user decides
    pending: frozenset[int]  # open contests someone else decides
    decider: str  # who decides contests, said to everyone else
    decide_by: dt.date | None


def deciders(cycle: Cycle) -> str:
    """Who moderates the cycle's contests (can_manage), in words for those who do not."""
    if cycle.scheme == Cycle.Scheme.MANDIRI and cycle.agency is not None:
        return _("the administrators of %(agency)s") % {"agency": cycle.agency.name}
    return _("the national administrators (Kementerian PANRB)")


def lokus_gates(lokus: Lokus, rights: LokusRights, *, today: dt.date | None = None) -> LokusGates:
    """Which of the lokus page's forms this user may use now, and why not where they hold the
    right. `lokus` with its assignments, scores and contests prefetched (queries.lokus_for_page)."""
    today = today or timezone.localdate()
    cycle = lokus.cycle
    scored_by = {s.evaluator_id for s in lokus.scores.all()}
    contests = [c for c in lokus.contests.all() if actions.decision_refusal(c) is None]
    unassign = _gate(rights.manage, lambda: actions.assignment_refusal(cycle))
    return LokusGates(
        self_assess=_gate(rights.self_assess, lambda: actions.self_assessment_refusal(lokus)),
        score=_gate(rights.score, lambda: actions.scoring_refusal(lokus)),
        contest=_gate(rights.self_assess, lambda: actions.contest_refusal(lokus, today)),
        assign=_gate(rights.manage, lambda: actions.assignment_refusal(cycle)),
        remove=_gate(rights.manage, lambda: actions.lokus_removal_refusal(lokus)),
        rating=_gate(rights.read, lambda: actions.rating_refusal(cycle)),
        visit=_gate(rights.score, _always),
        mentor=_gate(rights.mentor, _always),
        plan=_gate(rights.plan, _always),
        removable=frozenset(
            a.pk
            for a in lokus.assignments.all()
            if unassign.open
            and actions.unassign_refusal(a, scored=a.evaluator_id in scored_by) is None
        ),
        decidable=frozenset(c.pk for c in contests if rights.manage),
        pending=frozenset(c.pk for c in contests if not rights.manage),
        decider=deciders(cycle),
        decide_by=actions.contest_decision_due(cycle),
    )


@dataclass(frozen=True)
class CycleGates:
    settings: Gate
    advance: Gate
    add_lokus: Gate
    double: Gate


def cycle_gates(cycle: Cycle, rights: CycleRights, *, today: dt.date | None = None) -> CycleGates:
    """Which of the cycle page's forms this user may use now, and why not for its managers."""
    manage = rights.manage
    return CycleGates(
        settings=_gate(manage, lambda: actions.cycle_change_refusal(cycle)),
        advance=_gate(
            manage and cycle.next_status is not None,
            lambda: actions.advance_refusal(cycle, today=today),
        ),
        add_lokus=_gate(manage, lambda: actions.lokus_add_refusal(cycle)),
        double=_gate(manage, lambda: actions.double_scoring_refusal(cycle)),
    )


def openable_lokus(user: User | AnonymousUser, cycle: Cycle) -> frozenset[int]:
    """The cycle's lokus whose page this user may open (results and priorities list more once
    the cycle is published; only these are links)."""
    return frozenset(lokus_visible_to(user, cycle).values_list("pk", flat=True))


def openable_cycles(user: User | AnonymousUser) -> frozenset[int]:
    return frozenset(cycles_visible_to(user).values_list("pk", flat=True))


def plannable_items(user: User | AnonymousUser, items: Iterable[ActionItem]) -> frozenset[int]:
    """Of these action-plan steps (of any lokus, with lokus__cycle and lokus__unit loaded), the
    ones this user may update: those of lokus where they hold the `plan` right."""
    items = list(items)
    scope = scope_for(user)
    assigned = set(
        Assignment.objects.filter(
            lokus_id__in={item.lokus_id for item in items}, evaluator_id=user.pk
        ).values_list("lokus_id", flat=True)
    )
    return frozenset(
        item.pk
        for item in items
        if item.lokus_id in assigned
        or can_manage(user, item.lokus.cycle)
        or scope.can_change_unit(item.lokus.unit_id, item.lokus.unit.agency_id)
    )


@dataclass(frozen=True)
class UnitRecordRights:
    """What a reader may open of a unit's records in other modules (evidence.record_url)."""

    read: bool  # the staff pages of the unit
    change: bool  # the unit's editing pages
    public: bool  # the unit is listed: its public pages exist


def unit_record_rights(user: User | AnonymousUser, unit: ServiceUnit) -> UnitRecordRights:
    """`unit` with its agency loaded."""
    scope = scope_for(user)
    agency = unit.agency
    return UnitRecordRights(
        read=scope.can_read_unit(unit.pk, unit.agency_id, unit.region_id, agency.region_id),
        change=scope.can_change_unit(unit.pk, unit.agency_id),
        public=unit.is_active and agency.is_active,
    )
