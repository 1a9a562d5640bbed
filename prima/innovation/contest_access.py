"""Who may see and do what in a competition. Every contest view fetches through here.

- Organisers: national administrators for the national competition (and every other); the
  administrators of the organising agency; for a provincial competition also the
  administrators of that province's government. They edit it, check entries, assign
  reviewers, rank, shortlist, resolve objections, decide and publish.
- Entrants: a competition's reach is the whole country (national), the units in its region
  (provincial) or the organising agency's units (agency pre-selection). Whoever may change a
  unit in reach (its operators, its agency's administrators — prima.registry.access
  .unit_rights) enters that unit's innovations and sees the unit's entries.
- Reviewers: a user assigned to an entry sees its title and agency, declares a conflict of
  interest or none, and only then reads the answers and scores them. A reviewer sees only the
  entries assigned to them.
- Drafts of a competition are seen by its organisers only; once announced, every staff
  member who may enter (or reads nationally) sees it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from prima.accounts.access import deny
from prima.accounts.scope import scope_for
from prima.innovation.models import Competition, Innovation, Objection, Review, Submission, Window
from prima.registry.access import unit_rights, units_visible_to
from prima.registry.models import Agency, ServiceUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from prima.accounts.models import User

    AnyUser = User | AnonymousUser


def window_is_open(competition: Competition, stage: str) -> bool:
    """Whether `stage`'s window is open now (a stage without a window is never open)."""
    now = timezone.now()
    return any(
        w.stage == stage and w.opens_at <= now < w.closes_at for w in competition.windows.all()
    )


# --- competitions ---------------------------------------------------------------------------
def organiser_agencies(user: AnyUser) -> QuerySet[Agency]:
    """The agencies whose competitions the user may organise (every active agency for
    national administrators; the agencies they administer otherwise)."""
    scope = scope_for(user)
    agencies = Agency.objects.filter(is_active=True).order_by("name")
    if scope.national_admin:
        return agencies
    return agencies.filter(pk__in=scope.admin_agency_ids)


def creatable_levels(user: AnyUser) -> list[str]:
    """The levels of competition the user may create: all for national administrators; an
    agency pre-selection for an agency's administrators, a provincial one too when the agency
    is a provincial government."""
    scope = scope_for(user)
    if scope.national_admin:
        return list(Competition.Level.values)
    if not scope.admin_agency_ids:
        return []
    levels = [Competition.Level.AGENCY.value]
    if organiser_agencies(user).filter(kind=Agency.Kind.PEMERINTAH_PROVINSI).exists():
        levels.insert(0, Competition.Level.PROVINCIAL.value)
    return levels


def can_create_competitions(user: AnyUser) -> bool:
    return bool(creatable_levels(user))


def _organised_filter(user: AnyUser) -> Q:
    scope = scope_for(user)
    if scope.national_admin:
        return Q(pk__isnull=False)  # not Q(): Q() | x is just x
    provinces = Agency.objects.filter(
        pk__in=scope.admin_agency_ids, kind=Agency.Kind.PEMERINTAH_PROVINSI
    ).values("region_id")
    return Q(level__in=[Competition.Level.AGENCY, Competition.Level.PROVINCIAL]) & (
        Q(organiser_id__in=scope.admin_agency_ids)
        | Q(level=Competition.Level.PROVINCIAL, region_id__in=provinces)
    )


def can_organise(user: AnyUser, competition: Competition) -> bool:
    return Competition.objects.filter(_organised_filter(user), pk=competition.pk).exists()


def units_in_reach(competition: Competition) -> QuerySet[ServiceUnit]:
    """The units that may enter: all (national), those in the region (provincial), the
    organiser's (agency pre-selection)."""
    units = ServiceUnit.objects.filter(is_active=True, agency__is_active=True)
    if competition.level == Competition.Level.AGENCY:
        return units.filter(agency=competition.organiser)
    if competition.level == Competition.Level.PROVINCIAL and competition.region is not None:
        prefix = competition.region.code
        return units.filter(
            Q(region__code__startswith=prefix) | Q(agency__region__code__startswith=prefix)
        )
    return units


def entering_units(user: AnyUser, competition: Competition) -> QuerySet[ServiceUnit]:
    """The units in reach whose innovations this user may enter: units they operate or whose
    agency they administer (national administrators act for any)."""
    scope = scope_for(user)
    if not scope.is_staff:
        return ServiceUnit.objects.none()
    mine = Q(pk__in=scope.operator_unit_ids) | Q(agency_id__in=scope.admin_agency_ids)
    if scope.national_admin:
        mine = Q(pk__isnull=False)
    return units_in_reach(competition).filter(mine).order_by("name")


def enterable_innovations(user: AnyUser, competition: Competition) -> QuerySet[Innovation]:
    """The registry entries the user may enter, not yet entered in this competition."""
    return (
        Innovation.objects.filter(unit__in=entering_units(user, competition))
        .exclude(submissions__competition=competition)
        .select_related("unit", "unit__agency")
        .order_by("title")
    )


def competitions_visible_to(user: AnyUser) -> QuerySet[Competition]:
    """Staff see announced competitions that reach their units (national readers all of
    them), those they organise, and those they review for."""
    scope = scope_for(user)
    if not scope.is_staff:
        return Competition.objects.none()
    announced = ~Q(state=Competition.State.DRAFT)
    if scope.national_reader:
        reach = announced
    else:
        units = units_visible_to(user).values("agency_id")
        regions = units_visible_to(user).values_list("region__code", flat=True)
        reach = announced & (
            Q(level=Competition.Level.NATIONAL)
            | Q(level=Competition.Level.AGENCY, organiser_id__in=units)
            | Q(level=Competition.Level.PROVINCIAL, region__code__in=_province_codes(regions))
        )
    reviewing = Q(submissions__reviews__reviewer=user)
    return Competition.objects.filter(reach | _organised_filter(user) | reviewing).distinct()


def _province_codes(region_codes: Iterable[str]) -> list[str]:
    """The provinces (two-digit Kemendagri codes) of these regions."""
    return sorted({code[:2] for code in region_codes if code})


@dataclass(frozen=True)
class CompetitionRights:
    """What a user may do with a competition, by their role and its state and windows."""

    read: bool
    organise: bool  # check entries, assign reviewers, rank, shortlist, objections, decide
    change: bool  # organise, not yet published: edit the details, windows, groups, rubric
    change_rubric: bool  # change, and no entry submitted yet
    open: bool  # organise a draft
    enter: bool  # registration is open and the user has units in reach
    publish: bool  # organise, announced


def competition_rights(user: AnyUser, competition: Competition) -> CompetitionRights:
    organise = can_organise(user, competition)
    state = competition.state
    announced = state == Competition.State.OPEN
    change = organise and state != Competition.State.CLOSED
    submitted = competition.submissions.exclude(state=Submission.State.DRAFT).exists()
    enter = (
        announced
        and window_is_open(competition, Window.Stage.REGISTRATION)
        and entering_units(user, competition).exists()
    )
    return CompetitionRights(
        read=True,
        organise=organise,
        change=change,
        change_rubric=change and not submitted,
        open=organise and state == Competition.State.DRAFT,
        enter=enter,
        publish=organise and announced,
    )


def get_competition_for_user(
    user: AnyUser, pk: int, *, need: str = "read"
) -> tuple[Competition, CompetitionRights]:
    """The competition `pk` with the user's rights; 404 (audited) when it is not visible or
    the right `need` (a CompetitionRights field) is missing."""
    competition = (
        competitions_visible_to(user)
        .select_related("organiser", "region")
        .prefetch_related("windows")
        .filter(pk=pk)
        .first()
    )
    if competition is None:
        deny(user, "innovation.competition", pk, write=need != "read")
    rights = competition_rights(user, competition)
    if not getattr(rights, need):
        deny(user, "innovation.competition", pk, write=need != "read")
    return competition, rights


# --- entries --------------------------------------------------------------------------------
@dataclass(frozen=True)
class SubmissionRights:
    read: bool
    organise: bool
    answers: bool  # read the answers and evidence
    edit: bool  # the entrant, while a draft and registration is open
    withdraw: bool  # the entrant, before the decision
    check: bool  # the organiser, submitted (or re-checking a failed check)
    assign: bool  # the organiser, under evaluation
    decide: bool  # the organiser, shortlisted
    review: Review | None  # the user's own review of it, if assigned


def submission_rights(user: AnyUser, submission: Submission) -> SubmissionRights:
    competition = submission.competition
    organise = can_organise(user, competition)
    entrant = unit_rights(user, submission.innovation.unit).change
    review = (
        Review.objects.filter(submission=submission, reviewer_id=getattr(user, "pk", None)).first()
        if user.is_authenticated
        else None
    )
    reviewer_reads = review is not None and review.state in (
        Review.State.DECLARED,
        Review.State.DONE,
    )
    state = submission.state
    S = Submission.State
    registration = window_is_open(competition, Window.Stage.REGISTRATION)
    return SubmissionRights(
        read=organise or entrant or review is not None,
        organise=organise,
        answers=organise or entrant or reviewer_reads,
        edit=entrant and state == S.DRAFT and registration,
        withdraw=entrant and state in (S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.SCORED, S.SHORTLISTED),
        check=organise and state in (S.SUBMITTED, S.ADMIN_FAILED),
        assign=organise and state == S.IN_REVIEW,
        decide=organise and state == S.SHORTLISTED,
        review=review,
    )


def get_submission_for_user(
    user: AnyUser, pk: int, *, need: str = "read"
) -> tuple[Submission, SubmissionRights]:
    submission = (
        Submission.objects.select_related(
            "competition",
            "competition__region",
            "innovation",
            "innovation__unit",
            "innovation__unit__agency",
            "group",
            "category",
            "agency",
        )
        .filter(pk=pk)
        .first()
    )
    if submission is None or not scope_for(user).is_staff:
        deny(user, "innovation.submission", pk, write=need != "read")
    rights = submission_rights(user, submission)
    if not rights.read or not getattr(rights, need):
        deny(user, "innovation.submission", pk, write=need != "read")
    return submission, rights


def submissions_entered_by(user: AnyUser, competition: Competition) -> QuerySet[Submission]:
    """The entries of the units the user may change (their own unit's, their agency's)."""
    scope = scope_for(user)
    if not scope.is_staff:
        return Submission.objects.none()
    if scope.national_admin:
        mine = Q(pk__isnull=False)
    else:
        mine = Q(innovation__unit_id__in=scope.operator_unit_ids) | Q(
            innovation__unit__agency_id__in=scope.admin_agency_ids
        )
    return competition.submissions.filter(mine)


# --- reviews --------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReviewRights:
    declare: bool  # assigned, not yet declared
    answers: bool  # declared no conflict: read the answers
    score: bool  # declared no conflict (or scored, to correct) while the entry is evaluated


def get_review_for_user(user: AnyUser, pk: int) -> tuple[Review, ReviewRights]:
    """A review, for its reviewer only (organisers see reviews on the entry's page)."""
    review = (
        Review.objects.select_related(
            "submission",
            "submission__competition",
            "submission__innovation",
            "submission__innovation__unit",
            "submission__group",
            "submission__category",
            "submission__agency",
        )
        .filter(pk=pk, reviewer_id=getattr(user, "pk", None))
        .first()
        if user.is_authenticated
        else None
    )
    if review is None:
        deny(user, "innovation.review", pk, write=False)
    declared = review.state in (Review.State.DECLARED, Review.State.DONE)
    evaluating = review.submission.state == Submission.State.IN_REVIEW
    return review, ReviewRights(
        declare=review.state == Review.State.ASSIGNED,
        answers=declared,
        score=declared and evaluating,
    )


def reviews_of(user: AnyUser) -> QuerySet[Review]:
    if not user.is_authenticated:
        return Review.objects.none()
    return Review.objects.filter(reviewer_id=user.pk)


def get_objection_for_user(user: AnyUser, pk: int) -> Objection:
    """An objection, for the organisers of its competition."""
    objection = (
        Objection.objects.select_related("submission", "submission__competition")
        .filter(pk=pk)
        .first()
    )
    if objection is None or not can_organise(user, objection.submission.competition):
        deny(user, "innovation.objection", pk, write=True)
    return objection


# --- the public -----------------------------------------------------------------------------
def public_competitions() -> QuerySet[Competition]:
    """Announced and published competitions: their rules, the Top N, the results."""
    return Competition.objects.exclude(state=Competition.State.DRAFT)
