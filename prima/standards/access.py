"""Who may see and change standards, maklumat, forums and facilities. Every view fetches
through here.

Each record has the rights of its unit (prima.registry.access): staff who read the unit read
its standards; its operators and administrators draft, set and publish them. The public sees
standards in force, signed maklumat, forums held and facilities — of listed units only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from prima.accounts.access import deny
from prima.registry.access import get_unit_for_user
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
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from prima.accounts.models import User

    AnyUser = User | AnonymousUser


def get_standard_for_user(user: AnyUser, pk: int, *, write: bool = False) -> ServiceStandard:
    standard = (
        ServiceStandard.objects.select_related("service", "service__unit", "based_on")
        .filter(pk=pk)
        .first()
    )
    if standard is None:
        deny(user, "service_standard", pk, write=write)
    get_unit_for_user(user, standard.service.unit.code, write=write)
    return standard


def get_review_for_user(user: AnyUser, pk: int, *, write: bool = False) -> StandardReview:
    review = StandardReview.objects.select_related("standard").filter(pk=pk).first()
    if review is None:
        deny(user, "standard_review", pk, write=write)
    get_standard_for_user(user, review.standard_id, write=write)
    return review


def get_forum_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Forum:
    forum = Forum.objects.select_related("unit").filter(pk=pk).first()
    if forum is None:
        deny(user, "forum", pk, write=write)
    get_unit_for_user(user, forum.unit.code, write=write)
    return forum


def get_maklumat_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Maklumat:
    maklumat = Maklumat.objects.select_related("unit").filter(pk=pk).first()
    if maklumat is None:
        deny(user, "maklumat", pk, write=write)
    get_unit_for_user(user, maklumat.unit.code, write=write)
    return maklumat


def get_publication_for_user(user: AnyUser, pk: int, *, write: bool = False) -> StandardPublication:
    publication = StandardPublication.objects.select_related("unit").filter(pk=pk).first()
    if publication is None:
        deny(user, "standard_publication", pk, write=write)
    get_unit_for_user(user, publication.unit.code, write=write)
    return publication


def get_forum_part_for_user(
    user: AnyUser, kind: str, pk: int, *, write: bool = False
) -> Participant | Agreement | ForumPhoto:
    """A participant, agreement or photo, with its forum's rights."""
    model = {"participant": Participant, "agreement": Agreement, "photo": ForumPhoto}[kind]
    part = model.objects.filter(pk=pk).first()  # type: ignore[attr-defined]
    if part is None:
        deny(user, f"forum_{kind}", pk, write=write)
    get_forum_for_user(user, part.forum_id, write=write)
    return part  # type: ignore[no-any-return]


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
