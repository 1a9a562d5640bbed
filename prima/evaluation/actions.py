"""Every write in an evaluation cycle, each in one transaction, naming who acted.

The stages follow the 2023/2024 mechanism (docs/regulations.md §4.2): the unit lokus fills F-01,
the evaluator scores (F-02) while service users rate the unit (F-03), scores are released for
a verification window in which the unit may contest them and a moderator decides, then the
results are published. Every change of a score is kept in its history with the reason.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from prima.complaints.calendar import closed_days
from prima.evaluation import evidence, scoring
from prima.evaluation.instrument import FAMILY_OF_CYCLE, Instrument, built_in
from prima.evaluation.models import (
    RESULT_FIELDS,
    ActionItem,
    Answer,
    Assignment,
    Contest,
    Cycle,
    Evidence,
    Lokus,
    MentoringSession,
    Recommendation,
    Score,
    UserRating,
    Visit,
)
from prima.lib import changes, workdays
from prima.lib.history import Reason, delete_recorded, save_fields_recorded
from prima.lib.history import save_recorded as _save
from prima.registry.models import ServiceUnit

if TYPE_CHECKING:
    from prima.accounts.models import User

Stage = Cycle.Status

# Why each action saved (prima.lib.history): English here, in the reader's language when shown.
SETTINGS_CHANGED = Reason(gettext_noop("settings changed"))
STAGE_CHANGED = Reason(
    gettext_noop("stage: %(stage)s"), shows={"stage": lambda v: str(Stage(v).label)}
)
RECORDS_ATTACHED = Reason(gettext_noop("records attached at submission"))
SCORED = Reason(gettext_noop("scored"))
RESCORED = Reason(gettext_noop("rescored from %(score)s"))
CONTEST_ACCEPTED = Reason(gettext_noop("contest #%(contest)s accepted (was %(score)s)"))


# --- cycles ---------------------------------------------------------------------------------
def create_cycle(*, actor: User, **fields: Any) -> Cycle:
    """A new cycle in the Preparing stage. `fields` are Cycle fields (year, scheme, agency,
    name, instrument_code and the cycle's parameters)."""
    _check_family(built_in(fields["instrument_code"]), fields.get("scheme", ""))
    cycle = Cycle(created_by=actor, **fields)
    with transaction.atomic():
        _save(cycle, actor)
    return cycle


def _check_family(used: Instrument, scheme: str) -> None:
    """Refuse an instrument of another family (a PEKPPP instrument for a Monev MPP cycle, or
    the reverse); an unknown instrument was refused by built_in already."""
    if used.scheme != FAMILY_OF_CYCLE.get(scheme):
        raise ValidationError(_("This instrument is not for cycles of this scheme."))


# --- what each stage allows -----------------------------------------------------------------
# The one place that says whether a form of the evaluation pages can be saved now. Each
# *_refusal function returns why not — a sentence for the person who would use the form — or
# None. The actions raise it; access.lokus_gates and access.cycle_gates show it in place of the
# form, before anyone types (issue 16 §9).
RATING_STAGES = (Stage.SELF_ASSESSMENT, Stage.SCORING)


def cycle_change_refusal(cycle: Cycle) -> str | None:
    """Why the cycle's settings cannot be changed now."""
    if cycle.status == Stage.PUBLISHED:
        return _("A published cycle cannot be changed.")
    return None


def advance_refusal(cycle: Cycle, *, today: dt.date | None = None) -> str | None:
    """Why the cycle cannot move to its next stage yet: what that stage needs and is missing."""
    today = today or timezone.localdate()
    target = cycle.next_status
    if target is None:
        return _("The cycle is already published.")
    lokus = list(
        cycle.lokus.select_related("unit").prefetch_related("assignments", "scores", "contests")
    )
    if target == Stage.SELF_ASSESSMENT:
        if not lokus:
            return _("Add at least one unit lokus first.")
        without = [
            str(item.unit.name)
            for item in lokus
            if item.evaluator_id(Assignment.Role.PRIMARY) is None
        ]
        if without:
            return _("Assign a primary evaluator to: %(units)s.") % {"units": ", ".join(without)}
    if target == Stage.VERIFICATION:
        instrument = cycle.instrument
        unscored = [
            str(item.unit.name) for item in lokus if primary_scores(item, instrument) is None
        ]
        if unscored:
            return _(
                "Every indicator must be scored by the primary evaluator first: %(units)s."
            ) % {"units": ", ".join(unscored)}
    if target == Stage.PUBLISHED:
        if any(c.status == Contest.Status.OPEN for item in lokus for c in item.contests.all()):
            return _("Decide every open contest first.")
        ends = cycle.verification_ends_on
        waiting = [str(item.unit.name) for item in lokus if item.scores_accepted_at is None]
        if ends is not None and today <= ends and waiting:
            return _(
                "The verification window is open until %(date)s; these units have not "
                "accepted their scores: %(units)s."
            ) % {"date": date_format(ends), "units": ", ".join(waiting)}
    return None


def lokus_add_refusal(cycle: Cycle) -> str | None:
    if cycle.reached(Stage.SCORING):
        return _("Unit lokus can only be added before scoring starts.")
    return None


def lokus_removal_refusal(lokus: Lokus) -> str | None:
    if lokus.cycle.reached(Stage.SCORING) or lokus.scores.exists():
        return _("A lokus cannot be removed once scoring has started.")
    return None


def assignment_refusal(cycle: Cycle) -> str | None:
    """Why evaluators cannot be assigned (or removed) now."""
    if cycle.status == Stage.PUBLISHED:
        return _("The cycle is published.")
    return None


def unassign_refusal(assignment: Assignment, *, scored: bool | None = None) -> str | None:
    """Why this evaluator cannot be removed from the lokus; `scored` when already known."""
    refusal = assignment_refusal(assignment.lokus.cycle)
    if refusal:
        return refusal
    if scored is None:
        scored = Score.objects.filter(
            lokus_id=assignment.lokus_id, evaluator_id=assignment.evaluator_id
        ).exists()
    if scored:
        return _("This evaluator has already scored; the scores are kept.")
    return None


def double_scoring_refusal(cycle: Cycle) -> str | None:
    if cycle.status == Stage.PUBLISHED:
        return _("The cycle is published.")
    if not cycle.double_scoring_percent:
        return _("The cycle's share of lokus scored twice is 0.")
    return None


def self_assessment_refusal(lokus: Lokus) -> str | None:
    """Why the unit's self-assessment (F-01) and its evidence cannot be changed now."""
    if lokus.cycle.status not in RATING_STAGES:
        return _(
            "The self-assessment is open during the self-assessment and scoring stages; the "
            "cycle is now at: %(stage)s."
        ) % {"stage": lokus.cycle.get_status_display()}
    if lokus.submitted_at is not None:
        return _("The self-assessment has been submitted.")
    return None


def scoring_refusal(lokus: Lokus) -> str | None:
    """Why scores (F-02) cannot be entered now (who may enter them is access's question)."""
    if lokus.cycle.status != Stage.SCORING:
        return _(
            "Scores can be entered only while the cycle is in scoring; the cycle is now at: "
            "%(stage)s."
        ) % {"stage": lokus.cycle.get_status_display()}
    return None


def rating_refusal(cycle: Cycle) -> str | None:
    """Why the public F-03 form is closed."""
    if cycle.status not in RATING_STAGES:
        return _("The F-03 form is open during the self-assessment and scoring stages.")
    if not cycle.instrument.user_items:
        return _(
            "This instrument has no items for service users; satisfaction is read from the SKM."
        )
    return None


def contest_refusal(lokus: Lokus, today: dt.date) -> str | None:
    """Why the unit cannot contest (or accept) its scores today."""
    cycle = lokus.cycle
    if cycle.status != Stage.VERIFICATION or cycle.verification_ends_on is None:
        return _("Scores can be contested only during the verification window.")
    if today > cycle.verification_ends_on:
        return _("The verification window closed on %(date)s.") % {
            "date": date_format(cycle.verification_ends_on)
        }
    if lokus.scores_accepted_at is not None:
        return _("The unit has accepted its scores.")
    return None


def decision_refusal(contest: Contest) -> str | None:
    if contest.status != Contest.Status.OPEN:
        return _("This contest has been decided.")
    return None


def contest_decision_due(cycle: Cycle) -> dt.date | None:
    """By when the moderator decides the open contests: the end of the verification window,
    since the cycle is published only once every contest is decided (docs/regulations.md §4.2: a
    verification window of about a week, then the results are computed)."""
    return cycle.verification_ends_on


def _refuse(refusal: str | None) -> None:
    if refusal:
        raise ValidationError(refusal)


def update_cycle(cycle: Cycle, *, actor: User, **fields: Any) -> Cycle:
    _refuse(cycle_change_refusal(cycle))
    if "instrument_code" in fields and fields["instrument_code"] != cycle.instrument_code:
        if Score.objects.filter(lokus__cycle=cycle).exists():
            raise ValidationError(_("The instrument cannot change once scoring has started."))
        _check_family(built_in(fields["instrument_code"]), cycle.scheme)
    for name, value in fields.items():
        setattr(cycle, name, value)
    with transaction.atomic():
        _save(cycle, actor, SETTINGS_CHANGED)
        if {"user_weight", "user_min_respondents"} & set(fields):
            for lokus in cycle.lokus.all():
                refresh_result(lokus)
    return cycle


def closed_days_around(day: dt.date) -> frozenset[dt.date]:
    """Days offices are closed: national holidays and cuti bersama (Prima's calendar)."""
    return closed_days(around=day, skip_cuti_bersama=True)


def advance(cycle: Cycle, *, actor: User, today: dt.date | None = None) -> Cycle:
    """Move the cycle to its next stage, if what that stage needs is in place
    (advance_refusal)."""
    today = today or timezone.localdate()
    _refuse(advance_refusal(cycle, today=today))
    target = cycle.next_status
    assert target is not None  # advance_refusal refuses a published cycle
    if target == Stage.VERIFICATION:
        cycle.verification_started_at = timezone.now()
        cycle.verification_ends_on = workdays.add_working_days(
            today, cycle.verification_days, closed_days_around(today)
        )
    if target == Stage.PUBLISHED:
        cycle.published_at = timezone.now()
    cycle.status = target
    with transaction.atomic():
        _save(cycle, actor, STAGE_CHANGED(stage=target))
    return cycle


# --- lokus and evaluators -------------------------------------------------------------------
def default_kind(unit: ServiceUnit) -> str:
    """The lokus type most of the unit's services have (UU 25/2009 Pasal 5 groups)."""
    kinds = [s.kind for s in unit.services.all()]
    if not kinds:
        return Lokus.Kind.ADMINISTRATIF
    return max(Lokus.Kind.values, key=kinds.count)


def add_lokus(cycle: Cycle, *, unit: ServiceUnit, kind: str, mode: str, actor: User) -> Lokus:
    _refuse(lokus_add_refusal(cycle))
    if cycle.scheme == Cycle.Scheme.MANDIRI and unit.agency_id != cycle.agency_id:
        raise ValidationError(_("A PEKPPP Mandiri cycle evaluates its own agency's units."))
    if cycle.is_mpp and unit.kind != ServiceUnit.Kind.MPP:
        raise ValidationError(_("A Monev MPP cycle evaluates MPP units only."))
    if cycle.lokus.filter(unit=unit).exists():
        raise ValidationError(_("%(unit)s is already a lokus of this cycle.") % {"unit": unit.name})
    lokus = Lokus(cycle=cycle, unit=unit, kind=kind, mode=mode)
    with transaction.atomic():
        _save(lokus, actor)
    return lokus


def remove_lokus(lokus: Lokus, *, actor: User) -> None:
    _refuse(lokus_removal_refusal(lokus))
    with transaction.atomic():
        delete_recorded(lokus, actor)


def assign(lokus: Lokus, *, evaluator: User, role: str, level: str, actor: User) -> Assignment:
    _refuse(assignment_refusal(lokus.cycle))
    if lokus.assignments.filter(evaluator=evaluator).exists():
        raise ValidationError(_("%(name)s is already assigned.") % {"name": evaluator})
    if role == Assignment.Role.PRIMARY and lokus.assignments.filter(role=role).exists():
        raise ValidationError(_("The lokus already has a primary evaluator."))
    if role == Assignment.Role.SECOND and not lokus.double_scored:
        raise ValidationError(_("This lokus is not in the double-scoring sample."))
    assignment = Assignment(lokus=lokus, evaluator=evaluator, role=role, level=level)
    with transaction.atomic():
        _save(assignment, actor)
    return assignment


def unassign(assignment: Assignment, *, actor: User) -> None:
    _refuse(unassign_refusal(assignment))
    with transaction.atomic():
        delete_recorded(assignment, actor)


def choose_double_scoring(cycle: Cycle, *, actor: User) -> list[Lokus]:
    """Mark a random sample (the cycle's share, at least one) of lokus to be scored twice.
    Seeded by the cycle, so choosing again gives the same sample."""
    _refuse(double_scoring_refusal(cycle))
    everyone = list(cycle.lokus.order_by("pk"))
    if not everyone:
        return []
    size = max(1, math.ceil(len(everyone) * cycle.double_scoring_percent / 100))
    chosen = random.Random(cycle.pk).sample(everyone, min(size, len(everyone)))  # noqa: S311
    with transaction.atomic():
        for lokus in chosen:
            if not lokus.double_scored:
                lokus.double_scored = True
                save_fields_recorded(lokus, actor, ["double_scored"])
    return chosen


# --- F-01 -----------------------------------------------------------------------------------
def save_answers(lokus: Lokus, *, answers: dict[str, tuple[int | None, str]], actor: User) -> None:
    """The unit's claimed level and explanation per indicator (F-01), saved as a draft."""
    _refuse(self_assessment_refusal(lokus))
    instrument = lokus.cycle.instrument
    unknown = set(answers) - set(instrument.indicators)
    if unknown:
        raise ValidationError(
            _("Unknown indicators: %(codes)s") % {"codes": ", ".join(sorted(unknown))}
        )
    existing = {a.indicator: a for a in lokus.answers.all()}
    with transaction.atomic():
        for code, (claim, explanation) in answers.items():
            answer = existing.get(code) or Answer(lokus=lokus, indicator=code)
            if answer.pk and answer.claim == claim and answer.explanation == explanation:
                continue
            answer.claim = claim
            answer.explanation = explanation
            answer.updated_by = actor
            _save(answer, actor)


def add_evidence(lokus: Lokus, *, indicator: str, title: str, file: Any, actor: User) -> Evidence:
    _refuse(self_assessment_refusal(lokus))
    if indicator not in lokus.cycle.instrument.indicators:
        raise ValidationError(_("Unknown indicator."))
    item = Evidence(lokus=lokus, indicator=indicator, title=title, uploaded_by=actor)
    item.file.save(file.name, file, save=False)
    _save(item, actor)
    return item


def remove_evidence(item: Evidence, *, actor: User) -> None:
    _refuse(self_assessment_refusal(item.lokus))
    item.file.delete(save=False)
    delete_recorded(item, actor)


def submit_self_assessment(lokus: Lokus, *, actor: User, today: dt.date | None = None) -> Lokus:
    """Close F-01, keeping a copy of what Prima's records said at this moment beside each
    answer, so evaluators see the evidence as it was when the unit submitted."""
    _refuse(self_assessment_refusal(lokus))
    instrument = lokus.cycle.instrument
    answered = {a.indicator: a for a in lokus.answers.all()}
    files = set(lokus.evidence.values_list("indicator", flat=True))
    slots = {i.code: i.evidence for i in instrument.indicators.values() if i.evidence}
    found = evidence.prefill_for(
        lokus.unit, year=lokus.cycle.year, slots=slots, today=today or timezone.localdate()
    )
    empty = [
        code
        for code in instrument.indicators
        if code not in found
        and code not in files
        and not (
            code in answered and (answered[code].claim is not None or answered[code].explanation)
        )
    ]
    if empty:
        raise ValidationError(
            _("Answer or attach evidence for every indicator first; missing: %(codes)s.")
            % {"codes": ", ".join(empty)}
        )
    with transaction.atomic():
        for code, item in found.items():
            answer = answered.get(code) or Answer(lokus=lokus, indicator=code, updated_by=actor)
            answer.prefill = item.as_json()
            _save(answer, actor, RECORDS_ATTACHED)
        lokus.submitted_at = timezone.now()
        lokus.submitted_by = actor
        save_fields_recorded(lokus, actor, ["submitted_at", "submitted_by"])
    return lokus


# --- F-02 -----------------------------------------------------------------------------------
def primary_scores(lokus: Lokus, instrument: Instrument) -> dict[str, int] | None:
    """The primary evaluator's score on every indicator, or None while any is missing."""
    primary = lokus.evaluator_id(Assignment.Role.PRIMARY)
    if primary is None:
        return None
    scores = {s.indicator: s.score for s in lokus.scores.all() if s.evaluator_id == primary}
    if set(instrument.indicators) - set(scores):
        return None
    return {code: scores[code] for code in instrument.indicators}


def save_scores(
    lokus: Lokus, *, evaluator: User, scores: dict[str, tuple[int, str]], actor: User
) -> int:
    """An assigned evaluator's scores (0–5) and notes; returns how many changed. Scores are
    entered while the cycle is in the Scoring stage; after that only a moderator's decision
    on a contest changes them."""
    _refuse(scoring_refusal(lokus))
    if not lokus.assignments.filter(evaluator=evaluator).exists():
        raise ValidationError(_("Only an evaluator assigned to this lokus scores it."))
    instrument = lokus.cycle.instrument
    problems = [code for code in scores if code not in instrument.indicators]
    problems += [code for code, (value, _note) in scores.items() if not 0 <= value <= 5]
    if problems:
        raise ValidationError(_("Invalid scores for: %(codes)s") % {"codes": ", ".join(problems)})
    existing = {s.indicator: s for s in lokus.scores.filter(evaluator=evaluator)}
    changed = 0
    with transaction.atomic():
        for code, (value, note) in scores.items():
            row = existing.get(code) or Score(lokus=lokus, indicator=code, evaluator=evaluator)
            if row.pk and row.score == value and row.note == note:
                continue
            reason = SCORED() if row.pk is None else RESCORED(score=row.score)
            row.score = value
            row.note = note
            _save(row, actor, reason)
            changed += 1
        if changed:
            refresh_result(lokus)
    return changed


def refresh_result(lokus: Lokus) -> Lokus:
    """Recompute the lokus's IPP and category from the primary evaluator's scores and the
    F-03 ratings (scoring.score, scoring.combine); clear them while scores are missing.

    Called by the actions that change a score or a rating, which record who acted; the result
    follows from those records, so it is written without an actor or a history row."""
    lokus = Lokus.objects.prefetch_related("assignments", "scores").get(pk=lokus.pk)
    cycle = lokus.cycle
    instrument = cycle.instrument
    ratings = list(lokus.ratings.values_list("answers", flat=True))
    users = scoring.user_mean(ratings)
    lokus.user_respondents = len(ratings)
    lokus.user_mean = Decimal(str(scoring.round_half_up(users, 3))) if users is not None else None
    scores = primary_scores(lokus, instrument)
    if scores is None:
        lokus.ipp = lokus.ipp_rounded = lokus.evaluator_ipp = None
        lokus.category = ""
        lokus.aspect_scores = {}
    else:
        result = scoring.score(instrument, scores)
        usable = users if len(ratings) >= cycle.user_min_respondents else None
        combined = scoring.combine(result.ipp, usable, user_weight=cycle.user_weight)
        rounded = scoring.round_half_up(combined)
        lokus.evaluator_ipp = _decimal(result.ipp)
        lokus.ipp = _decimal(combined)
        lokus.ipp_rounded = rounded
        lokus.category = scoring.category_of(instrument, rounded).code
        lokus.aspect_scores = {
            code: str(scoring.round_half_up(value, 4)) for code, value in result.aspects.items()
        }
    Lokus.objects.filter(pk=lokus.pk).update(
        **{name: getattr(lokus, name) for name in RESULT_FIELDS}
    )
    changes.units_changed([lokus.unit_id])
    return lokus


def _decimal(value: Fraction) -> Decimal:
    """Six decimals for storage; the rounding shown is always taken from the exact value."""
    return scoring.round_half_up(value, 6)


def record_visit(lokus: Lokus, *, actor: User, **fields: Any) -> Visit:
    visit = Visit(lokus=lokus, recorded_by=actor, **fields)
    _save(visit, actor)
    return visit


# --- F-03 -----------------------------------------------------------------------------------
def submit_rating(lokus: Lokus, *, answers: dict[str, int], actor: User | None) -> UserRating:
    """One service user's ratings (0–5 per item; unrated items are left out). The service user
    is not signed in and not named: `actor` is None from the public form (a staff member or
    the demo may name themselves)."""
    _refuse(rating_refusal(lokus.cycle))
    items = {item.code for item in lokus.cycle.instrument.user_items}
    clean = {code: int(v) for code, v in answers.items() if code in items and v is not None}
    if not clean:
        raise ValidationError(_("Rate at least one item."))
    if any(not 0 <= v <= 5 for v in clean.values()):
        raise ValidationError(_("Each rating is from 0 to 5."))
    with transaction.atomic():
        rating = UserRating(lokus=lokus, answers=clean)
        _save(rating, actor)
        refresh_result(lokus)
    return rating


# --- verification ---------------------------------------------------------------------------
def current_score(lokus: Lokus, indicator: str) -> Score:
    primary = lokus.assignments.get(role=Assignment.Role.PRIMARY)
    return lokus.scores.get(indicator=indicator, evaluator=primary.evaluator)


def raise_contest(
    lokus: Lokus,
    *,
    indicator: str,
    reason: str,
    proposed_score: int,
    attachment: Any = None,
    actor: User,
    today: dt.date | None = None,
) -> Contest:
    """The unit contests one score within the window (sanggahan)."""
    _refuse(contest_refusal(lokus, today or timezone.localdate()))
    if indicator not in lokus.cycle.instrument.indicators:
        raise ValidationError(_("Unknown indicator."))
    score = current_score(lokus, indicator)
    if proposed_score == score.score:
        raise ValidationError(_("Ask for a score different from the current one."))
    if lokus.contests.filter(indicator=indicator, status=Contest.Status.OPEN).exists():
        raise ValidationError(_("This score is already contested."))
    contest = Contest(
        lokus=lokus,
        indicator=indicator,
        reason=reason,
        proposed_score=proposed_score,
        raised_by=actor,
        score_before=score.score,
    )
    if attachment is not None:
        contest.attachment.save(attachment.name, attachment, save=False)
    with transaction.atomic():
        _save(contest, actor)
    return contest


def decide_contest(
    contest: Contest, *, accept: bool, note: str, score: int | None, actor: User
) -> Contest:
    """The moderator's decision. Accepting sets the score (the one asked for unless the
    moderator gives another), audited in the score's history with the contest's number."""
    _refuse(decision_refusal(contest))
    if not note.strip():
        raise ValidationError(_("Give the reasons for the decision."))
    lokus = contest.lokus
    with transaction.atomic():
        if accept:
            new = contest.proposed_score if score is None else score
            if not 0 <= new <= 5:
                raise ValidationError(_("A score is from 0 to 5."))
            row = current_score(lokus, contest.indicator)
            before = row.score
            row.score = new
            _save(row, actor, CONTEST_ACCEPTED(contest=contest.pk, score=before))
            contest.score_after = new
            contest.status = Contest.Status.ACCEPTED
        else:
            contest.status = Contest.Status.REJECTED
            contest.score_after = contest.score_before
        contest.decided_by = actor
        contest.decided_at = timezone.now()
        contest.decision_note = note.strip()
        _save(contest, actor)
        if accept:
            refresh_result(lokus)
    return contest


def accept_scores(lokus: Lokus, *, actor: User, today: dt.date | None = None) -> Lokus:
    """The unit accepts its scores, closing its own verification window early."""
    _refuse(contest_refusal(lokus, today or timezone.localdate()))
    if lokus.contests.filter(status=Contest.Status.OPEN).exists():
        raise ValidationError(_("Wait for the decision on your open contests."))
    lokus.scores_accepted_at = timezone.now()
    save_fields_recorded(lokus, actor, ["scores_accepted_at"])
    return lokus


# --- recommendations, mentoring, action plans ----------------------------------------------
def save_recommendation(
    lokus: Lokus,
    *,
    aspect: str,
    text: str,
    actor: User,
    recommendation: Recommendation | None = None,
) -> Recommendation:
    if aspect not in {a.code for a in lokus.cycle.instrument.aspects}:
        raise ValidationError(_("Unknown aspect."))
    row = recommendation or Recommendation(lokus=lokus, aspect=aspect)
    row.aspect = aspect
    row.text = text.strip()
    row.updated_by = actor
    with transaction.atomic():
        _save(row, actor)
    return row


def record_session(lokus: Lokus, *, actor: User, **fields: Any) -> MentoringSession:
    session = MentoringSession(lokus=lokus, recorded_by=actor, **fields)
    _save(session, actor)
    return session


def save_action_item(
    lokus: Lokus, *, actor: User, item: ActionItem | None = None, **fields: Any
) -> ActionItem:
    """Add or update one step of the action plan; done needs a date, which defaults to
    today."""
    row = item or ActionItem(lokus=lokus)
    evidence_file = fields.pop("evidence", None)
    for name, value in fields.items():
        setattr(row, name, value)
    if row.status == ActionItem.Status.DONE and row.done_on is None:
        row.done_on = timezone.localdate()
    if row.status != ActionItem.Status.DONE:
        row.done_on = None
    if evidence_file is not None and hasattr(evidence_file, "read"):
        row.evidence.save(evidence_file.name, evidence_file, save=False)
    with transaction.atomic():
        _save(row, actor)
    return row
