"""Who may see and do what with recognition programmes. Every view fetches through here.

- A programme is set up (edited, its criteria and committee, opened, closed) by the
  administrators of its agency and by national administrators.
- It is read by everyone whose scope reads its agency (its administrators, its units'
  operators, evaluators over it) and by its committee members.
- Nominations are made, while the programme is open, by its managers and by the operators of
  the unit it covers (of any of the agency's units for an agency-wide programme).
- Committee members declare a conflict of interest or none on each nomination, and score the
  nominations on which they declared none. The chair records the decision and the awards.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from prima.accounts.access import deny
from prima.accounts.scope import scope_for
from prima.recognition.models import (
    CommitteeMember,
    ConflictDeclaration,
    EvidenceFile,
    Nomination,
    Programme,
)
from prima.registry.models import Agency, ServiceUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from prima.accounts.models import User

    AnyUser = User | AnonymousUser


def agencies_managed(user: AnyUser) -> QuerySet[Agency]:
    """The agencies whose programmes the user may set up."""
    scope = scope_for(user)
    agencies = Agency.objects.filter(is_active=True).order_by("name")
    if scope.national_admin:
        return agencies
    return agencies.filter(pk__in=scope.admin_agency_ids)


def can_create_programmes(user: AnyUser) -> bool:
    return agencies_managed(user).exists()


def programmes_visible_to(user: AnyUser) -> QuerySet[Programme]:
    scope = scope_for(user)
    if not scope.is_staff:
        return Programme.objects.none()
    readable = Agency.objects.filter(scope.agency_filter()).values("pk")
    # A subquery, not a join: a join on the committee would repeat each programme per member
    # and multiply every count made over it.
    seated = CommitteeMember.objects.filter(user_id=user.pk or 0).values("programme_id")
    return Programme.objects.filter(Q(agency__in=readable) | Q(pk__in=seated))


def _member(user: AnyUser, programme: Programme) -> CommitteeMember | None:
    if not user.is_authenticated:
        return None
    return programme.members.filter(user_id=user.pk).first()


def nominating_units(user: AnyUser, programme: Programme) -> QuerySet[ServiceUnit]:
    """The units whose staff the user may nominate in `programme` (whether or not it is open):
    its unit, or every active unit of its agency, for its managers; the units they operate
    for its units' operators."""
    scope = scope_for(user)
    units = ServiceUnit.objects.filter(agency_id=programme.agency_id, is_active=True)
    if programme.unit_id:
        units = units.filter(pk=programme.unit_id)
    if scope.can_change_agency(programme.agency_id):
        return units.order_by("name")
    return units.filter(pk__in=scope.operator_unit_ids).order_by("name")


@dataclass(frozen=True)
class ProgrammeRights:
    """What a user may do with a programme."""

    read: bool
    manage: bool  # its agency's administrators: the programme's setup and its committee
    change_criteria: bool  # manage a draft: criteria are published, then fixed, on opening
    open: bool  # manage a draft
    close: bool  # manage an open programme
    nominate: bool  # the programme is open and the user may nominate staff of a unit
    member: bool  # on the committee: declare, score
    chair: bool  # chairs the committee: record the decision and the awards
    export: bool  # managers and the committee: the decisions as PEKPPP evidence


def programme_rights(user: AnyUser, programme: Programme) -> ProgrammeRights:
    manage = scope_for(user).can_change_agency(programme.agency_id)
    member = _member(user, programme)
    draft = programme.status == Programme.Status.DRAFT
    return ProgrammeRights(
        read=True,
        manage=manage,
        change_criteria=manage and draft,
        open=manage and draft,
        close=manage and programme.status == Programme.Status.OPEN,
        nominate=programme.is_open and nominating_units(user, programme).exists(),
        member=member is not None,
        chair=member is not None and member.role == CommitteeMember.Role.CHAIR,
        export=manage or member is not None,
    )


def get_programme_for_user(
    user: AnyUser, pk: int, *, need: str = "read"
) -> tuple[Programme, ProgrammeRights]:
    """The programme with what the user may do with it; 404 (audited) when the user does not
    read it or `need` (a name of ProgrammeRights) is not granted."""
    programme = programmes_visible_to(user).select_related("agency", "unit").filter(pk=pk).first()
    if programme is None:
        deny(user, "recognition.programme", pk, write=need != "read")
    rights = programme_rights(user, programme)
    if not getattr(rights, need):
        deny(user, "recognition.programme", pk, write=need != "read")
    return programme, rights


@dataclass(frozen=True)
class NominationRights:
    """What a user may do with a nomination."""

    read: bool
    change: bool  # its nominator or the programme's managers, until its round is decided
    declare: bool  # a member who has not declared yet, until its round is decided
    score: bool  # a member who declared no conflict, until its round is decided
    conflicted: bool  # the user declared a conflict: they do not score it


def round_decided(nomination: Nomination) -> bool:
    return nomination.programme.decisions.filter(round_start=nomination.round_start).exists()


def nomination_rights(
    user: AnyUser, nomination: Nomination, programme_rights: ProgrammeRights
) -> NominationRights:
    member = _member(user, nomination.programme)
    declaration: ConflictDeclaration | None = (
        nomination.declarations.filter(member=member).first() if member else None
    )
    live = (
        nomination.status == Nomination.Status.SUBMITTED
        and nomination.programme.status != Programme.Status.DRAFT
        and not round_decided(nomination)
    )
    own = user.is_authenticated and nomination.nominated_by_id == user.pk
    return NominationRights(
        read=True,
        change=live and (programme_rights.manage or own),
        declare=live and member is not None and declaration is None,
        score=live and declaration is not None and not declaration.has_conflict,
        conflicted=declaration is not None and declaration.has_conflict,
    )


def get_nomination_for_user(
    user: AnyUser, pk: int, *, need: str = "read"
) -> tuple[Nomination, NominationRights, ProgrammeRights]:
    """A nomination with the user's rights on it and on its programme; 404 (audited) when the
    user does not read the programme or `need` (a name of NominationRights) is not granted."""
    nomination = (
        Nomination.objects.filter(programme__in=programmes_visible_to(user).values("pk"), pk=pk)
        .select_related("programme", "programme__agency", "programme__unit", "unit")
        .first()
    )
    if nomination is None:
        deny(user, "recognition.nomination", pk, write=need != "read")
    on_programme = programme_rights(user, nomination.programme)
    rights = nomination_rights(user, nomination, on_programme)
    if not getattr(rights, need):
        deny(user, "recognition.nomination", pk, write=need != "read")
    return nomination, rights, on_programme


def member_of(user: AnyUser, programme: Programme) -> CommitteeMember | None:
    """The user's seat on the programme's committee, if any."""
    return _member(user, programme)


def evidence_file(nomination: Nomination, pk: int) -> EvidenceFile:
    """An evidence file of a nomination already fetched through this module."""
    found = nomination.evidence.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def get_public_programme(pk: int) -> Programme:
    """A programme whose awards are public: it publishes them and is no longer a draft."""
    programme = (
        Programme.objects.filter(pk=pk, publish_awards=True)
        .exclude(status=Programme.Status.DRAFT)
        .select_related("agency", "unit")
        .first()
    )
    if programme is None:
        raise Http404
    return programme


def public_programmes() -> QuerySet[Programme]:
    return Programme.objects.filter(publish_awards=True).exclude(status=Programme.Status.DRAFT)
