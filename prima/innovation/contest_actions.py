"""Every write of a competition, each in one transaction, naming who acted.

The stages (docs/guide/innovation-competitions.md): the organiser prepares the competition
(details, windows, groups with their rubric, categories) and announces it once every rubric is
valid; units enter innovations from the registry while registration is open; the secretariat
checks each entry (reason codes); reviewers from outside the entering agency declare any
conflict of interest and score; the organiser computes scores and ranks (prima.innovation
.rubric), shortlists the Top N, hears objections during the public window, decides and
publishes the results with the award decree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from prima.innovation import eligibility, rubric
from prima.innovation.contest_access import units_in_reach, window_is_open
from prima.innovation.contest_queries import criteria_of, result_of
from prima.innovation.models import (
    AdminCheck,
    Award,
    Category,
    Competition,
    Criterion,
    Group,
    Innovation,
    Objection,
    Review,
    ReviewScore,
    Submission,
    SubmissionAnswer,
    Window,
)
from prima.lib.history import Reason
from prima.lib.history import delete_recorded as _delete
from prima.lib.history import save_recorded as _save
from prima.registry.models import Region

if TYPE_CHECKING:
    from prima.accounts.models import User

S = Submission.State

EDITED = Reason(gettext_noop("competition details edited"))
ANNOUNCED = Reason(gettext_noop("announced"))
SUBMITTED = Reason(gettext_noop("submitted"))
WITHDRAWN = Reason(gettext_noop("withdrawn"))
CHECKED = Reason(gettext_noop("administrative check: %(result)s"))
DECLARED = Reason(gettext_noop("conflict of interest declared: %(answer)s"))
SCORED = Reason(gettext_noop("scored"))
RANKED = Reason(gettext_noop("desk score %(score)s, rank %(rank)s"))
SHORTLIST = Reason(gettext_noop("shortlist: %(result)s"))
OBJECTION_RESOLVED = Reason(gettext_noop("objection resolved"))
DECIDED = Reason(gettext_noop("decided: %(outcome)s"))
PUBLISHED = Reason(gettext_noop("results published"))

PROBLEM_TEXT = {
    rubric.NO_CRITERIA: gettext_noop("Group %(group)s has no criteria yet."),
    rubric.DUPLICATE_CODE: gettext_noop("Group %(group)s uses the code %(detail)s twice."),
    rubric.WEIGHT_OUT_OF_RANGE: gettext_noop(
        "Group %(group)s: the weight of %(detail)s must be between 0 and 100."
    ),
    rubric.WEIGHTS_NOT_100: gettext_noop(
        "Group %(group)s: the weights add up to %(detail)s, not 100."
    ),
}


# --- the competition ------------------------------------------------------------------------
def _check_level(competition: Competition) -> None:
    level = competition.level
    if level != Competition.Level.PROVINCIAL:
        competition.region = None
    elif competition.region is None or competition.region.level != Region.Level.PROVINCE:
        raise ValidationError(_("A provincial competition needs its province."))
    if level != Competition.Level.NATIONAL and competition.organiser is None:
        raise ValidationError(_("Name the organising agency."))


@transaction.atomic
def create_competition(*, actor: User, **fields: Any) -> Competition:
    """A new competition, being prepared. `fields` are Competition fields."""
    competition = Competition(created_by=actor, **fields)
    _check_level(competition)
    _save(competition, actor)
    return competition


@transaction.atomic
def update_competition(competition: Competition, *, actor: User, **fields: Any) -> None:
    if competition.state == Competition.State.CLOSED:
        raise ValidationError(_("The results are published; the competition cannot change."))
    for name, value in fields.items():
        setattr(competition, name, value)
    _check_level(competition)
    _save(competition, actor, EDITED)


@transaction.atomic
def set_windows(
    competition: Competition,
    *,
    actor: User,
    windows: Mapping[str, tuple[dt.datetime, dt.datetime] | None],
) -> None:
    """Set each stage's window (opens, closes), or remove it (None)."""
    if competition.state == Competition.State.CLOSED:
        raise ValidationError(_("The results are published; the windows cannot change."))
    for stage, times in windows.items():
        current = competition.windows.filter(stage=stage).first()
        if times is None:
            if current is not None:
                _delete(current, actor)
            continue
        opens, closes = times
        if closes <= opens:
            raise ValidationError(
                _("%(stage)s: the window must close after it opens.")
                % {"stage": Window.Stage(stage).label}
            )
        window = current or Window(competition=competition, stage=stage)
        window.opens_at, window.closes_at = opens, closes
        _save(window, actor)


def _rubric_unlocked(competition: Competition) -> None:
    if competition.state == Competition.State.CLOSED:
        raise ValidationError(_("The results are published; the competition cannot change."))
    if competition.submissions.exclude(state=S.DRAFT).exists():
        raise ValidationError(
            _("Entries have been submitted: the groups, rubric and categories are fixed.")
        )


@transaction.atomic
def save_group(
    competition: Competition, *, actor: User, group: Group | None = None, **fields: Any
) -> Group:
    _rubric_unlocked(competition)
    group = group or Group(competition=competition)
    for name, value in fields.items():
        setattr(group, name, value)
    if group.replication_only and group.originals_only:
        raise ValidationError(_("A group takes replications only or originals only, not both."))
    if competition.groups.filter(code=group.code).exclude(pk=group.pk).exists():
        raise ValidationError(_("Another group of this competition has this code."))
    _save(group, actor)
    return group


@transaction.atomic
def delete_group(group: Group, *, actor: User) -> None:
    _rubric_unlocked(group.competition)
    if Submission.objects.filter(group=group).exists():
        raise ValidationError(_("Entries were started in this group; it cannot be deleted."))
    for criterion in group.criteria.all():
        _delete(criterion, actor)
    _delete(group, actor)


@transaction.atomic
def save_criterion(
    group: Group, *, actor: User, criterion: Criterion | None = None, **fields: Any
) -> Criterion:
    _rubric_unlocked(group.competition)
    criterion = criterion or Criterion(group=group)
    for name, value in fields.items():
        setattr(criterion, name, value)
    if group.criteria.filter(code=criterion.code).exclude(pk=criterion.pk).exists():
        raise ValidationError(_("Another criterion of this group has this code."))
    _save(criterion, actor)
    return criterion


@transaction.atomic
def delete_criterion(criterion: Criterion, *, actor: User) -> None:
    _rubric_unlocked(criterion.group.competition)
    if SubmissionAnswer.objects.filter(criterion=criterion).exists():
        raise ValidationError(_("Entries answered this criterion; it cannot be deleted."))
    _delete(criterion, actor)


@transaction.atomic
def save_category(
    competition: Competition, *, actor: User, category: Category | None = None, **fields: Any
) -> Category:
    _rubric_unlocked(competition)
    category = category or Category(competition=competition)
    for name, value in fields.items():
        setattr(category, name, value)
    if competition.categories.filter(code=category.code).exclude(pk=category.pk).exists():
        raise ValidationError(_("Another category of this competition has this code."))
    _save(category, actor)
    return category


@transaction.atomic
def delete_category(category: Category, *, actor: User) -> None:
    _rubric_unlocked(category.competition)
    if Submission.objects.filter(category=category).exists():
        raise ValidationError(_("Entries were started in this category; it cannot be deleted."))
    _delete(category, actor)


def rubric_problems(competition: Competition) -> list[str]:
    """Why the competition cannot be announced yet, in the reader's language; [] when ready."""
    found: list[str] = []
    groups = list(competition.groups.prefetch_related("criteria"))
    if not groups:
        found.append(_("Add at least one group."))
    for group in groups:
        for problem in rubric.validate(criteria_of(group)):
            found.append(
                _(PROBLEM_TEXT[problem.code]) % {"group": group.name, "detail": problem.detail}
            )
    if not competition.categories.exists():
        found.append(_("Add at least one category."))
    if not competition.windows.filter(stage=Window.Stage.REGISTRATION).exists():
        found.append(_("Set the registration window."))
    return found


@transaction.atomic
def open_competition(competition: Competition, *, actor: User) -> None:
    """Announce a prepared competition: units may enter once registration opens. Only with a
    valid rubric in every group (weights adding up to 100, codes unique)."""
    if competition.state != Competition.State.DRAFT:
        raise ValidationError(_("Only a competition being prepared can be announced."))
    problems = rubric_problems(competition)
    if problems:
        raise ValidationError(problems)
    competition.state = Competition.State.OPEN
    _save(competition, actor, ANNOUNCED)


# --- entries --------------------------------------------------------------------------------
def _registration_open(competition: Competition) -> None:
    if competition.state != Competition.State.OPEN:
        raise ValidationError(_("This competition is not taking entries."))
    if not window_is_open(competition, Window.Stage.REGISTRATION):
        raise ValidationError(_("Registration is closed."))


@transaction.atomic
def start_entry(
    competition: Competition,
    *,
    actor: User,
    innovation: Innovation,
    group: Group,
    category: Category,
) -> Submission:
    """A draft entry of a registry innovation in a group and category."""
    _registration_open(competition)
    if group.competition_id != competition.pk or category.competition_id != competition.pk:
        raise ValidationError(_("Choose a group and a category of this competition."))
    if not units_in_reach(competition).filter(pk=innovation.unit_id).exists():
        raise ValidationError(_("This competition does not take entries from this unit."))
    if competition.submissions.filter(innovation=innovation).exists():
        raise ValidationError(_("This innovation is already entered in this competition."))
    submission = Submission(
        competition=competition,
        innovation=innovation,
        group=group,
        category=category,
        agency=innovation.unit.agency,
    )
    _save(submission, actor)
    return submission


@dataclass(frozen=True)
class AnswerInput:
    text: str
    evidence: File[Any] | None = None  # a new file, or None to keep what is there


@transaction.atomic
def save_answers(
    submission: Submission, *, actor: User, answers: Mapping[int, AnswerInput]
) -> None:
    """Save the entry's answers by criterion id; over-long answers are refused."""
    if submission.state != S.DRAFT:
        raise ValidationError(_("A submitted entry cannot be changed."))
    _registration_open(submission.competition)
    criteria = {c.pk: c for c in submission.group.criteria.all()}
    for criterion_id, given in answers.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise ValidationError(_("This question is not part of the entry's group."))
        _check_words(criterion, given.text)
        answer = submission.answers.filter(criterion=criterion).first() or SubmissionAnswer(
            submission=submission, criterion=criterion
        )
        answer.text = given.text.strip()
        if given.evidence is not None:
            answer.evidence = given.evidence  # type: ignore[assignment]
        _save(answer, actor)


def _check_words(criterion: Criterion, text: str) -> None:
    words = rubric.word_count(text)
    if criterion.max_words and words > criterion.max_words:
        raise ValidationError(
            _("%(name)s: %(words)s words; the limit is %(limit)s.")
            % {"name": criterion.name, "words": words, "limit": criterion.max_words}
        )


def eligibility_facts(submission: Submission) -> eligibility.Facts:
    """What the group rules are checked against (the registry entry, its awards at the
    competition's level, the agency's other entries)."""
    competition = submission.competition
    innovation = submission.innovation
    registration = competition.windows.filter(stage=Window.Stage.REGISTRATION).first()
    closes = (
        timezone.localtime(registration.closes_at).date() if registration else timezone.localdate()
    )
    others = competition.submissions.filter(agency=submission.agency).exclude(
        Q(pk=submission.pk) | Q(state__in=[S.DRAFT, S.WITHDRAWN])
    )
    # Past awards count at the competition's own level: a province's winner may still enter
    # the national KIPP's umum group, never won at the national level.
    past = innovation.awards.filter(level=competition.level).exclude(
        submission__competition=competition
    )
    return eligibility.Facts(
        kind=innovation.kind,
        started_on=innovation.started_on,
        registration_closes_on=closes,
        title=innovation.title,
        times_shortlisted=past.filter(tier=Award.Tier.SHORTLIST).count(),
        times_won=past.filter(tier=Award.Tier.WINNER).count(),
        agency_entries=others.count(),
        agency_titles=list(others.values_list("innovation__title", flat=True)),
        has_decree=bool(innovation.decree_number),
    )


def eligibility_rules(submission: Submission) -> eligibility.Rules:
    group = submission.group
    return eligibility.Rules(
        min_age_months=group.min_age_months,
        replication_only=group.replication_only,
        originals_only=group.originals_only,
        max_times_shortlisted=group.max_times_shortlisted,
        past_winners_excluded=group.past_winners_excluded,
        quota_per_agency=submission.competition.quota_per_agency,
    )


def eligibility_warnings(submission: Submission) -> list[str]:
    """The reason codes the group's rules raise for this entry (shown, never blocking: the
    secretariat decides at the administrative check)."""
    return eligibility.reasons(eligibility_facts(submission), eligibility_rules(submission))


def missing_answers(submission: Submission) -> list[str]:
    """What the entry still lacks: an answer to each question, evidence where required,
    answers within their word limits."""
    answers = {a.criterion_id: a for a in submission.answers.all()}
    found: list[str] = []
    for criterion in submission.group.criteria.all():
        answer = answers.get(criterion.pk)
        if answer is None or not answer.text.strip():
            found.append(_("Answer “%(name)s”.") % {"name": criterion.name})
            continue
        words = rubric.word_count(answer.text)
        if criterion.max_words and words > criterion.max_words:
            found.append(
                _("%(name)s: %(words)s words; the limit is %(limit)s.")
                % {"name": criterion.name, "words": words, "limit": criterion.max_words}
            )
        if criterion.evidence_required and not answer.evidence:
            found.append(_("Attach the evidence for “%(name)s”.") % {"name": criterion.name})
    return found


@transaction.atomic
def submit_entry(submission: Submission, *, actor: User) -> list[str]:
    """Send a complete draft entry while registration is open. Returns the eligibility
    warnings (reason codes) for the entrant to see."""
    if submission.state != S.DRAFT:
        raise ValidationError(_("This entry was already submitted."))
    _registration_open(submission.competition)
    missing = missing_answers(submission)
    if missing:
        raise ValidationError(missing)
    submission.state = S.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.submitted_by = actor
    _save(submission, actor, SUBMITTED)
    return eligibility_warnings(submission)


@transaction.atomic
def withdraw_entry(submission: Submission, *, actor: User) -> None:
    if submission.state not in (S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.SCORED, S.SHORTLISTED):
        raise ValidationError(_("This entry can no longer be withdrawn."))
    submission.state = S.WITHDRAWN
    _save(submission, actor, WITHDRAWN)


# --- administrative check -------------------------------------------------------------------
@transaction.atomic
def check_entry(
    submission: Submission,
    *,
    actor: User,
    passed: bool,
    reasons: Iterable[str] = (),
    note: str = "",
) -> AdminCheck:
    """The secretariat's check: passed → under evaluation; failed → with at least one reason
    code (and a note for "other"). A failed entry may be checked again."""
    if submission.state not in (S.SUBMITTED, S.ADMIN_FAILED):
        raise ValidationError(_("Only a submitted entry is checked."))
    codes = list(dict.fromkeys(reasons))
    unknown = [c for c in codes if c not in AdminCheck.Reason.values]
    if unknown:
        raise ValidationError(_("Unknown reason: %(codes)s.") % {"codes": ", ".join(unknown)})
    if passed and codes:
        raise ValidationError(_("An entry that passes has no reasons to fail."))
    if not passed and not codes:
        raise ValidationError(_("Choose at least one reason why the entry does not pass."))
    if AdminCheck.Reason.OTHER in codes and not note.strip():
        raise ValidationError(_("Say in the note what the other reason is."))
    check = AdminCheck.objects.create(
        submission=submission, passed=passed, reasons=codes, note=note.strip(), checked_by=actor
    )
    submission.state = S.IN_REVIEW if passed else S.ADMIN_FAILED
    _save(submission, actor, CHECKED(result="passed" if passed else ", ".join(codes)))
    return check


# --- reviews --------------------------------------------------------------------------------
def reviewer_agencies(user: User) -> set[int]:
    """The agencies a user belongs to (administers, evaluates, operates a unit of)."""
    agencies: set[int] = set()
    for m in user.memberships.select_related("unit"):
        if m.agency_id:
            agencies.add(m.agency_id)
        if m.unit is not None:
            agencies.add(m.unit.agency_id)
    return agencies


@transaction.atomic
def assign_reviewer(submission: Submission, *, actor: User, reviewer: User) -> Review:
    """Assign a reviewer to an entry under evaluation — never someone of the entering agency."""
    if submission.state != S.IN_REVIEW:
        raise ValidationError(_("Reviewers are assigned to entries under evaluation."))
    if not reviewer.is_active:
        raise ValidationError(_("This account is not active."))
    if submission.agency_id in reviewer_agencies(reviewer) or reviewer.pk == (
        submission.submitted_by_id
    ):
        raise ValidationError(
            _("%(name)s belongs to the entering agency and cannot review this entry.")
            % {"name": reviewer}
        )
    if submission.reviews.filter(reviewer=reviewer).exists():
        raise ValidationError(_("%(name)s is already assigned.") % {"name": reviewer})
    review = Review(submission=submission, reviewer=reviewer, assigned_by=actor)
    _save(review, actor)
    return review


@transaction.atomic
def declare(review: Review, *, actor: User, conflict: bool, note: str = "") -> None:
    """The reviewer declares a conflict of interest (with what it is) or none. A conflict ends
    the review; the organiser assigns another reviewer."""
    if actor.pk != review.reviewer_id:
        raise ValidationError(_("Only the assigned reviewer declares."))
    if review.state != Review.State.ASSIGNED:
        raise ValidationError(_("This review was already declared."))
    if conflict and not note.strip():
        raise ValidationError(_("Say what the conflict of interest is."))
    review.state = Review.State.CONFLICT if conflict else Review.State.DECLARED
    review.conflict_note = note.strip()
    review.declared_at = timezone.now()
    _save(review, actor, DECLARED(answer="yes" if conflict else "no"))


@transaction.atomic
def score_review(
    review: Review, *, actor: User, scores: Mapping[int, int], comment: str = ""
) -> None:
    """The reviewer's scores by criterion id, each 0 to the competition's scale. Sent
    complete, the review is done; it may be corrected while the entry is under evaluation."""
    if actor.pk != review.reviewer_id:
        raise ValidationError(_("Only the assigned reviewer scores."))
    if review.state not in (Review.State.DECLARED, Review.State.DONE):
        raise ValidationError(_("Declare any conflict of interest before scoring."))
    submission = review.submission
    if submission.state != S.IN_REVIEW:
        raise ValidationError(_("The desk evaluation of this entry is over."))
    scale = submission.competition.scale_max
    criteria = {c.pk: c for c in submission.group.criteria.all()}
    if set(scores) != set(criteria):
        raise ValidationError(_("Score every criterion."))
    for criterion_id, value in scores.items():
        if not 0 <= value <= scale:
            raise ValidationError(
                _("%(name)s: a score runs from 0 to %(max)s.")
                % {"name": criteria[criterion_id].name, "max": scale}
            )
        row = review.scores.filter(criterion_id=criterion_id).first() or ReviewScore(
            review=review, criterion=criteria[criterion_id]
        )
        row.score = value
        _save(row, actor)
    review.state = Review.State.DONE
    review.comment = comment.strip()
    review.submitted_at = timezone.now()
    _save(review, actor, SCORED)


# --- scores, ranks, shortlist ---------------------------------------------------------------
RANKABLE = (S.IN_REVIEW, S.SCORED)


@transaction.atomic
def compute_ranking(competition: Competition, *, actor: User) -> int:
    """Score every entry under evaluation and rank them within their group. An entry with
    enough complete reviews becomes scored; one without keeps no score. Returns how many are
    scored. Run again after a late review: the ranks are recomputed."""
    if competition.submissions.filter(state=S.SHORTLISTED).exists():
        raise ValidationError(_("The shortlist is set; the ranking no longer changes."))
    scored = 0
    for group in competition.groups.all():
        entries: list[rubric.Entry] = []
        members = {
            s.pk: s
            for s in competition.submissions.filter(group=group, state__in=RANKABLE).select_related(
                "competition", "group"
            )
        }
        for submission in members.values():
            result = result_of(submission)
            entries.append(rubric.Entry(submission.pk, result.score, result.heaviest_mean))
        for ranked in rubric.rank(entries):
            submission = members[ranked.key]  # type: ignore[index]
            new_score = rubric.as_decimal(ranked.score) if ranked.score is not None else None
            new_state = S.SCORED if ranked.score is not None else S.IN_REVIEW
            if (submission.score, submission.rank, submission.state) != (
                new_score,
                ranked.rank,
                new_state,
            ):
                submission.score, submission.rank = new_score, ranked.rank
                submission.state = new_state
                _save(
                    submission,
                    actor,
                    RANKED(score=new_score if new_score is not None else "-", rank=ranked.rank),
                )
            scored += ranked.score is not None
    return scored


@transaction.atomic
def set_shortlist(
    competition: Competition,
    *,
    actor: User,
    decree_number: str = "",
    decree_date: dt.date | None = None,
) -> list[Submission]:
    """The Top N of each group — everyone ranked N or better (ties at place N included) whose
    score reaches the passing grade — recorded as shortlist awards; the other scored entries
    are not shortlisted. Entries still under evaluation must be scored first."""
    if competition.state != Competition.State.OPEN:
        raise ValidationError(_("The shortlist is set in an announced competition."))
    if competition.submissions.filter(state=S.IN_REVIEW).exists():
        raise ValidationError(
            _(
                "Some entries under evaluation have no score yet: finish their reviews and "
                "compute the ranking."
            )
        )
    scored = list(competition.submissions.filter(state=S.SCORED).select_related("innovation"))
    if not scored:
        raise ValidationError(_("No entry is scored yet: compute the ranking first."))
    passing = Fraction(competition.passing_grade) if competition.passing_grade is not None else None
    chosen: list[Submission] = []
    for group in competition.groups.all():
        members = [s for s in scored if s.group_id == group.pk]
        ranked = [
            rubric.Ranked(s.pk, Fraction(s.score) if s.score is not None else None, s.rank)
            for s in members
        ]
        keys = set(rubric.shortlist(ranked, top_n=competition.top_n, passing_grade=passing))
        for submission in members:
            listed = submission.pk in keys
            submission.state = S.SHORTLISTED if listed else S.NOT_SHORTLISTED
            _save(submission, actor, SHORTLIST(result="in" if listed else "out"))
            if listed:
                chosen.append(submission)
                _save(
                    Award(
                        innovation=submission.innovation,
                        submission=submission,
                        tier=Award.Tier.SHORTLIST,
                        title=_("Top %(n)s %(competition)s")
                        % {"n": competition.top_n, "competition": competition.title},
                        level=competition.level,
                        year=competition.year,
                        decree_number=decree_number.strip(),
                        decree_date=decree_date,
                        recorded_by=actor,
                    ),
                    actor,
                )
    return chosen


# --- public objection -----------------------------------------------------------------------
@transaction.atomic
def file_objection(
    submission: Submission, *, actor: User | None, name: str, contact: str, text: str
) -> Objection:
    """A member of the public objects to a shortlisted entry, only while the objection window
    is open."""
    if submission.state != S.SHORTLISTED:
        raise ValidationError(_("Objections are taken against shortlisted entries only."))
    if not window_is_open(submission.competition, Window.Stage.OBJECTION):
        raise ValidationError(_("The public objection window is not open."))
    objection = Objection(
        submission=submission, name=name.strip(), contact=contact.strip(), text=text.strip()
    )
    _save(objection, actor)
    return objection


@transaction.atomic
def resolve_objection(objection: Objection, *, actor: User, upheld: bool, resolution: str) -> None:
    if objection.state != Objection.State.RECEIVED:
        raise ValidationError(_("This objection was already resolved."))
    if not resolution.strip():
        raise ValidationError(_("Write the resolution: what was found and decided."))
    objection.state = Objection.State.UPHELD if upheld else Objection.State.REJECTED
    objection.resolution = resolution.strip()
    objection.resolved_by = actor
    objection.resolved_at = timezone.now()
    _save(objection, actor, OBJECTION_RESOLVED)


# --- decision and results -------------------------------------------------------------------
OUTCOMES = (S.AWARDED, S.FINALIST, S.DISQUALIFIED)


def _objections_settled(competition: Competition) -> None:
    window = competition.windows.filter(stage=Window.Stage.OBJECTION).first()
    if window is not None and timezone.now() < window.closes_at:
        raise ValidationError(_("The public objection window has not closed yet."))
    if Objection.objects.filter(
        submission__competition=competition, state=Objection.State.RECEIVED
    ).exists():
        raise ValidationError(_("Resolve every objection first."))


@transaction.atomic
def record_decree(competition: Competition, *, actor: User, number: str, date: dt.date) -> None:
    """The decree fixing the results (e.g. a KepmenPANRB)."""
    if competition.state != Competition.State.OPEN:
        raise ValidationError(_("The decree is recorded before the results are published."))
    if not number.strip():
        raise ValidationError(_("Enter the decree number."))
    competition.award_decree_number = number.strip()
    competition.award_decree_date = date
    _save(competition, actor, EDITED)


@transaction.atomic
def decide(submission: Submission, *, actor: User, outcome: str, award_title: str = "") -> None:
    """Decide a shortlisted entry after the objection window: winner (an award with the
    competition's decree), finalist, or disqualified (only after an upheld objection)."""
    if submission.state != S.SHORTLISTED:
        raise ValidationError(_("Only a shortlisted entry is decided."))
    if outcome not in OUTCOMES:
        raise ValidationError(_("Choose winner, finalist or disqualified."))
    competition = submission.competition
    _objections_settled(competition)
    if (
        outcome == S.DISQUALIFIED
        and not submission.objections.filter(state=Objection.State.UPHELD).exists()
    ):
        raise ValidationError(_("An entry is disqualified only after an upheld objection."))
    if outcome == S.AWARDED:
        if not competition.award_decree_number:
            raise ValidationError(_("Record the award decree first."))
        _save(
            Award(
                innovation=submission.innovation,
                submission=submission,
                tier=Award.Tier.WINNER,
                title=award_title.strip() or competition.title,
                level=competition.level,
                year=competition.year,
                decree_number=competition.award_decree_number,
                decree_date=competition.award_decree_date,
                recorded_by=actor,
            ),
            actor,
        )
    submission.state = outcome
    _save(submission, actor, DECIDED(outcome=outcome))


@transaction.atomic
def publish_results(competition: Competition, *, actor: User) -> None:
    """Publish the results: every shortlisted entry decided, every objection resolved, the
    decree recorded. The competition is then closed."""
    if competition.state != Competition.State.OPEN:
        raise ValidationError(_("Only an announced competition publishes its results."))
    if not competition.award_decree_number:
        raise ValidationError(_("Record the award decree first."))
    if competition.submissions.filter(state=S.SHORTLISTED).exists():
        raise ValidationError(_("Decide every shortlisted entry first."))
    if not competition.submissions.filter(state__in=OUTCOMES).exists():
        raise ValidationError(_("No entry has been decided yet."))
    _objections_settled(competition)
    competition.state = Competition.State.CLOSED
    competition.results_published_at = timezone.now()
    _save(competition, actor, PUBLISHED)
