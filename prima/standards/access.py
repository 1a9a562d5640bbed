"""Who may see and change standards, maklumat, forums and facilities. Every view fetches
through here.

Each record has the rights of its unit (prima.registry.access): staff who read the unit read
its standards; its operators and administrators draft, set and publish them. The public sees
standards in force, signed maklumat, forums held and facilities — of listed units only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import Http404

from prima.accounts.access import deny
from prima.accounts.scope import scope_for
from prima.registry.access import UnitRights, get_unit_for_user
from prima.registry.models import ServiceUnit
from prima.standards import queries
from prima.standards.models import (
    Agreement,
    Forum,
    ForumPhoto,
    Maklumat,
    Participant,
    ServiceStandard,
    StandardPublication,
    StandardReview,
    UnitFacility,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from prima.accounts.models import User

    AnyUser = User | AnonymousUser

Status = ServiceStandard.Status


@dataclass(frozen=True)
class StandardRights:
    """What a user may do with one version of a standard: its unit's rights, and which step of
    the life cycle (prima.standards.actions) its status offers to those who may change it."""

    read: bool
    change: bool
    edit: bool  # edit the draft, or set it by decree
    consult: bool  # open the draft to public consultation
    publish: bool  # publish the set standard
    review: bool  # start the periodic review of the standard in force


def standard_rights(standard: ServiceStandard, unit_rights: UnitRights) -> StandardRights:
    change = unit_rights.change
    return StandardRights(
        read=unit_rights.read,
        change=change,
        edit=change and standard.is_editable,
        consult=change and standard.status == Status.DRAFT,
        publish=change and standard.status == Status.SET,
        review=change and standard.status == Status.PUBLISHED,
    )


@dataclass(frozen=True)
class FacilitiesRights:
    """What a user may do with a unit's inventory of facilities for vulnerable groups."""

    read: bool
    change: bool
    change_checklist: bool  # the checklist itself: national administrators


def can_change_facility_checklist(user: AnyUser) -> bool:
    """The checklist of facilities is kept by national administrators."""
    return scope_for(user).national_admin


def _unit_rights(user: AnyUser, unit: ServiceUnit, *, write: bool) -> UnitRights:
    """The rights of `unit`, which every record of it shares (a forum and its parts, a
    maklumat, a publication record, a facility); refused, audited, when out of reach."""
    _unit, rights = get_unit_for_user(user, unit.code, write=write)
    return rights


def get_standard_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[ServiceStandard, StandardRights]:
    """A version of a standard with its unit's rights: read if the unit is in scope, write if
    the user administers or operates it; otherwise 404 (audited)."""
    standard = (
        ServiceStandard.objects.select_related("service", "service__unit", "based_on")
        .filter(pk=pk)
        .first()
    )
    if standard is None:
        deny(user, "service_standard", pk, write=write)
    rights = _unit_rights(user, standard.service.unit, write=write)
    return standard, standard_rights(standard, rights)


def get_review_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[StandardReview, StandardRights]:
    """A review with the rights of the standard it reviews."""
    review = StandardReview.objects.select_related("standard").filter(pk=pk).first()
    if review is None:
        deny(user, "standard_review", pk, write=write)
    _standard, rights = get_standard_for_user(user, review.standard_id, write=write)
    return review, rights


def get_forum_for_user(user: AnyUser, pk: int, *, write: bool = False) -> tuple[Forum, UnitRights]:
    forum = Forum.objects.select_related("unit").filter(pk=pk).first()
    if forum is None:
        deny(user, "forum", pk, write=write)
    return forum, _unit_rights(user, forum.unit, write=write)


def get_maklumat_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[Maklumat, UnitRights]:
    maklumat = Maklumat.objects.select_related("unit").filter(pk=pk).first()
    if maklumat is None:
        deny(user, "maklumat", pk, write=write)
    return maklumat, _unit_rights(user, maklumat.unit, write=write)


def get_publication_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[StandardPublication, UnitRights]:
    publication = StandardPublication.objects.select_related("unit").filter(pk=pk).first()
    if publication is None:
        deny(user, "standard_publication", pk, write=write)
    return publication, _unit_rights(user, publication.unit, write=write)


def get_forum_part_for_user(
    user: AnyUser, kind: str, pk: int, *, write: bool = False
) -> tuple[Participant | Agreement | ForumPhoto, UnitRights]:
    """A participant, agreement or photo, with its forum's rights."""
    model = {"participant": Participant, "agreement": Agreement, "photo": ForumPhoto}[kind]
    part = model.objects.filter(pk=pk).first()  # type: ignore[attr-defined]
    if part is None:
        deny(user, f"forum_{kind}", pk, write=write)
    _forum, rights = get_forum_for_user(user, part.forum_id, write=write)
    return part, rights


def get_facilities_for_user(
    user: AnyUser, code: str, *, write: bool = False
) -> tuple[ServiceUnit, FacilitiesRights]:
    """The unit `code` whose facilities are shown, with what the user may do there."""
    unit, rights = get_unit_for_user(user, code, write=write)
    return unit, FacilitiesRights(
        read=rights.read,
        change=rights.change,
        change_checklist=can_change_facility_checklist(user),
    )


def get_facility_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[UnitFacility, UnitRights]:
    """One facility of a unit's inventory, with its unit's rights."""
    facility = UnitFacility.objects.select_related("unit").filter(pk=pk).first()
    if facility is None:
        deny(user, "unit_facility", pk, write=write)
    return facility, _unit_rights(user, facility.unit, write=write)


# --- public ---------------------------------------------------------------------------------
def get_public_standard(code: str, pk: int) -> ServiceStandard:
    standard = queries.published_standards().filter(pk=pk, service__unit__code=code).first()
    if standard is None:
        raise Http404
    return standard


def get_public_forum(code: str, pk: int) -> Forum:
    forum = (
        Forum.objects.filter(
            pk=pk, unit__code=code, unit__is_active=True, unit__agency__is_active=True
        )
        .exclude(stage=Forum.Stage.PREPARATION)
        .select_related("unit")
        .first()
    )
    if forum is None:
        raise Http404
    return forum
