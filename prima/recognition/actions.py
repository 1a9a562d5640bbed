"""Every write in recognition programmes, each in one transaction, naming who acted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from prima.lib.history import Reason
from prima.lib.history import delete_recorded as _delete
from prima.lib.history import save_recorded as _save
from prima.recognition import rules
from prima.recognition.models import (
    WITHDRAW_REASON_MAX,
    Award,
    AwardKind,
    CommitteeMember,
    ConflictDeclaration,
    Criterion,
    Decision,
    EvidenceFile,
    Nomination,
    Placement,
    Programme,
    Score,
)
from prima.registry.models import ServiceUnit

if TYPE_CHECKING:
    from prima.accounts.models import User

EDITED = Reason(gettext_noop("programme edited"))
OPENED = Reason(gettext_noop("opened for nominations"))
CLOSED = Reason(gettext_noop("closed"))
WITHDRAWN = Reason(gettext_noop("withdrawn: %(reason)s"))
DECIDED = Reason(gettext_noop("decided"))
SCORED = Reason(gettext_noop("scored"))


def _check_scope(programme: Programme) -> None:
    if programme.unit is not None and programme.unit.agency_id != programme.agency_id:
        raise ValidationError(_("That service unit belongs to another agency."))
    unknown = set(programme.award_kinds) - set(AwardKind.values)
    if unknown:
        raise ValidationError(_("Unknown award kind."))


# --- programmes ------------------------------------------------------------------------------
@transaction.atomic
def create_programme(*, actor: User, **fields: Any) -> Programme:
    """A new programme as a draft. `fields` are Programme fields."""
    programme = Programme(created_by=actor, **fields)
    _check_scope(programme)
    _save(programme, actor)
    return programme


@transaction.atomic
def update_programme(programme: Programme, *, actor: User, **fields: Any) -> Programme:
    """Edit a programme. Its scope (agency, unit) and period are fixed once it opened: the
    nominations already made belong to them."""
    if programme.status == Programme.Status.CLOSED:
        raise ValidationError(_("A closed programme cannot be changed."))
    fixed = ("agency", "unit", "period")
    if programme.status != Programme.Status.DRAFT and any(
        name in fields and fields[name] != getattr(programme, name) for name in fixed
    ):
        raise ValidationError(
            _("The agency, unit and period of an open programme cannot be changed.")
        )
    for name, value in fields.items():
        setattr(programme, name, value)
    _check_scope(programme)
    _save(programme, actor, EDITED)
    return programme


def _require_draft(programme: Programme) -> None:
    if programme.status != Programme.Status.DRAFT:
        raise ValidationError(
            _("The criteria were published when the programme opened: they cannot change.")
        )


@transaction.atomic
def add_criterion(
    programme: Programme,
    *,
    actor: User,
    element: str,
    title: str,
    weight: int,
    description: str = "",
) -> Criterion:
    _require_draft(programme)
    position = programme.criteria.count() + 1
    criterion = Criterion(
        programme=programme,
        element=element,
        title=title,
        weight=weight,
        description=description,
        position=position,
    )
    _save(criterion, actor)
    return criterion


@transaction.atomic
def remove_criterion(criterion: Criterion, *, actor: User) -> None:
    _require_draft(criterion.programme)
    _delete(criterion, actor)


@transaction.atomic
def add_member(
    programme: Programme, *, actor: User, user: User, role: str = CommitteeMember.Role.MEMBER
) -> CommitteeMember:
    """Seat a user on the committee; a programme has one chair."""
    if programme.status == Programme.Status.CLOSED:
        raise ValidationError(_("A closed programme cannot be changed."))
    if role == CommitteeMember.Role.CHAIR and programme.members.filter(role=role).exists():
        raise ValidationError(_("The committee already has a chair."))
    member = CommitteeMember(programme=programme, user=user, role=role)
    _save(member, actor)
    return member


@transaction.atomic
def remove_member(member: CommitteeMember, *, actor: User) -> None:
    """Take a member off the committee — only before they declared or scored anything: their
    record stays part of the decisions."""
    if member.declarations.exists() or member.scores.exists():
        raise ValidationError(
            _("%(name)s has declared or scored: their record stays with the programme.")
            % {"name": member.user}
        )
    _delete(member, actor)


def opening_problems(programme: Programme) -> list[str]:
    """What stops a draft from opening, in words; empty when it may open."""
    problems = []
    criteria = list(programme.criteria.all())
    if not criteria:
        problems.append(_("Add the criteria."))
    elif sum(c.weight for c in criteria) != rules.WEIGHT_TOTAL:
        problems.append(
            _("The criteria's weights add up to %(sum)s; they must add up to 100.")
            % {"sum": sum(c.weight for c in criteria)}
        )
    members = list(programme.members.all())
    if not any(m.role == CommitteeMember.Role.CHAIR for m in members):
        problems.append(_("Name the committee's chair."))
    if len(members) < 2:
        problems.append(_("A committee has at least two members."))
    if not programme.award_kinds:
        problems.append(_("Choose at least one kind of award."))
    return problems


@transaction.atomic
def open_programme(programme: Programme, *, actor: User) -> None:
    """Publish the criteria and take nominations."""
    if programme.status != Programme.Status.DRAFT:
        raise ValidationError(_("Only a draft can be opened."))
    problems = opening_problems(programme)
    if problems:
        raise ValidationError(problems)
    programme.status = Programme.Status.OPEN
    _save(programme, actor, OPENED)


@transaction.atomic
def close_programme(programme: Programme, *, actor: User) -> None:
    if programme.status != Programme.Status.OPEN:
        raise ValidationError(_("Only an open programme can be closed."))
    programme.status = Programme.Status.CLOSED
    _save(programme, actor, CLOSED)


# --- nominations -----------------------------------------------------------------------------
@transaction.atomic
def nominate(
    programme: Programme,
    *,
    actor: User,
    round_start: dt.date,
    unit: ServiceUnit,
    staff_name: str,
    staff_position: str,
    reasons: str,
    staff_nip: str = "",
) -> Nomination:
    """Nominate an officer for a round of an open programme."""
    if not programme.is_open:
        raise ValidationError(_("Nominations are taken while the programme is open."))
    if rules.round_start(programme.period, round_start) != round_start:
        raise ValidationError(_("Choose one of the programme's rounds."))
    if programme.decisions.filter(round_start=round_start).exists():
        raise ValidationError(_("This round has already been decided."))
    if unit.agency_id != programme.agency_id or (
        programme.unit_id and unit.pk != programme.unit_id
    ):
        raise ValidationError(_("The nominee must serve in the programme's unit."))
    name = " ".join(staff_name.split())
    if programme.nominations.filter(
        round_start=round_start,
        staff_name__iexact=name,
        status=Nomination.Status.SUBMITTED,
    ).exists():
        raise ValidationError(_("%(name)s is already nominated for this round.") % {"name": name})
    if not reasons.strip():
        raise ValidationError(_("Say why the officer is nominated."))
    nomination = Nomination(
        programme=programme,
        round_start=round_start,
        unit=unit,
        staff_name=name,
        staff_nip=staff_nip.strip(),
        staff_position=staff_position.strip(),
        reasons=reasons.strip(),
        nominated_by=actor,
    )
    _save(nomination, actor)
    return nomination


def _require_undecided(nomination: Nomination) -> None:
    if nomination.status != Nomination.Status.SUBMITTED:
        raise ValidationError(_("This nomination was withdrawn."))
    if nomination.programme.decisions.filter(round_start=nomination.round_start).exists():
        raise ValidationError(_("This round has already been decided."))


@transaction.atomic
def add_evidence(nomination: Nomination, *, actor: User, title: str, file: Any) -> EvidenceFile:
    _require_undecided(nomination)
    evidence = EvidenceFile(nomination=nomination, title=title)
    evidence.file.save(file.name, file, save=False)
    _save(evidence, actor)
    return evidence


@transaction.atomic
def withdraw_nomination(nomination: Nomination, *, actor: User, reason: str) -> None:
    _require_undecided(nomination)
    if not reason.strip():
        raise ValidationError(_("Say why the nomination is withdrawn."))
    if len(reason.strip()) > WITHDRAW_REASON_MAX:
        raise ValidationError(
            _("Say why in at most %(n)s characters.") % {"n": WITHDRAW_REASON_MAX}
        )
    nomination.status = Nomination.Status.WITHDRAWN
    _save(nomination, actor, WITHDRAWN(reason=reason.strip()))


# --- the committee ----------------------------------------------------------------------------
@transaction.atomic
def declare(
    nomination: Nomination,
    *,
    actor: User,
    member: CommitteeMember,
    has_conflict: bool,
    nature: str = "",
) -> ConflictDeclaration:
    """A member's declaration on a nomination, once: a conflict of interest (described) or
    none. It cannot be taken back; a member with a conflict does not score the nomination."""
    _require_undecided(nomination)
    if member.programme_id != nomination.programme_id:
        raise ValidationError(_("Only the programme's committee members declare."))
    if nomination.declarations.filter(member=member).exists():
        raise ValidationError(_("This member has already declared on this nomination."))
    if has_conflict and not nature.strip():
        raise ValidationError(_("Describe the conflict of interest."))
    declaration = ConflictDeclaration(
        nomination=nomination,
        member=member,
        has_conflict=has_conflict,
        nature=nature.strip() if has_conflict else "",
    )
    _save(declaration, actor)
    return declaration


@transaction.atomic
def score(
    nomination: Nomination,
    *,
    actor: User,
    member: CommitteeMember,
    values: Mapping[int, int],
) -> None:
    """A member's scores (criterion id → 0–100) for a nomination, replacing their earlier
    ones. Only after declaring no conflict of interest on it."""
    _require_undecided(nomination)
    declaration = nomination.declarations.filter(member=member).first()
    if declaration is None:
        raise ValidationError(_("Declare whether you have a conflict of interest first."))
    if declaration.has_conflict:
        raise ValidationError(
            _("You declared a conflict of interest on this nomination: you do not score it.")
        )
    criteria = {c.pk: c for c in nomination.programme.criteria.all()}
    if set(values) != set(criteria):
        raise ValidationError(_("Score every criterion."))
    for criterion_id, value in values.items():
        if not 0 <= value <= rules.SCORE_MAX:
            raise ValidationError(_("A score is between 0 and 100."))
        existing = nomination.scores.filter(member=member, criterion_id=criterion_id).first()
        if existing is None:
            _save(
                Score(
                    nomination=nomination,
                    member=member,
                    criterion=criteria[criterion_id],
                    value=value,
                ),
                actor,
            )
        elif existing.value != value:
            existing.value = value
            _save(existing, actor, SCORED)


def round_totals(programme: Programme, round_start: dt.date) -> dict[int, Decimal | None]:
    """Nomination id → weighted total (None while a criterion has no score) of the round's
    submitted nominations."""
    weights = {c.pk: c.weight for c in programme.criteria.all()}
    nominations = programme.nominations.filter(
        round_start=round_start, status=Nomination.Status.SUBMITTED
    )
    scores: dict[int, list[tuple[int, int]]] = {n.pk: [] for n in nominations}
    for row in Score.objects.filter(nomination__in=nominations).values_list(
        "nomination_id", "criterion_id", "value"
    ):
        scores[row[0]].append((row[1], row[2]))
    return {pk: rules.weighted_total(weights, given) for pk, given in scores.items()}


@transaction.atomic
def decide(
    programme: Programme,
    *,
    actor: User,
    round_start: dt.date,
    decree_number: str,
    decree_date: dt.date,
    reasons: str,
) -> Decision:
    """Record the committee's decision on a round: every submitted nomination, scored on
    every criterion, placed by its weighted total (ties share a rank)."""
    if programme.status == Programme.Status.DRAFT:
        raise ValidationError(_("The programme has not opened."))
    if programme.decisions.filter(round_start=round_start).exists():
        raise ValidationError(_("This round has already been decided."))
    totals = round_totals(programme, round_start)
    if not totals:
        raise ValidationError(_("This round has no nominations."))
    unscored = [pk for pk, total in totals.items() if total is None]
    if unscored:
        names = Nomination.objects.filter(pk__in=unscored).values_list("staff_name", flat=True)
        raise ValidationError(
            _("Not yet scored on every criterion: %(names)s.") % {"names": ", ".join(names)}
        )
    if not reasons.strip():
        raise ValidationError(_("Record the committee's reasons."))
    decision = Decision(
        programme=programme,
        round_start=round_start,
        decree_number=decree_number.strip(),
        decree_date=decree_date,
        reasons=reasons.strip(),
        decided_by=actor,
    )
    _save(decision, actor, DECIDED)
    known = {pk: total for pk, total in totals.items() if total is not None}
    for pk, rank in rules.ranks(list(known.items())).items():
        _save(Placement(decision=decision, nomination_id=pk, total=known[pk], rank=rank), actor)
    return decision


@transaction.atomic
def give_award(
    placement: Placement,
    *,
    actor: User,
    kind: str,
    title: str,
    reasons: str,
    awarded_on: dt.date,
) -> Award:
    """Record an award to a placed nominee, of a kind the programme offers."""
    programme = placement.decision.programme
    if kind not in programme.award_kinds:
        raise ValidationError(_("The programme does not offer this kind of award."))
    if not reasons.strip():
        raise ValidationError(_("Record why the award is given."))
    award = Award(
        placement=placement,
        kind=kind,
        title=title.strip(),
        reasons=reasons.strip(),
        awarded_on=awarded_on,
        recorded_by=actor,
    )
    _save(award, actor)
    return award


@transaction.atomic
def remove_award(award: Award, *, actor: User) -> None:
    _delete(award, actor)


def seat_members(
    programme: Programme, *, actor: User, seats: Iterable[tuple[User, str]]
) -> list[CommitteeMember]:
    """Seat several users at once (the demo and the tests)."""
    return [add_member(programme, actor=actor, user=user, role=role) for user, role in seats]
