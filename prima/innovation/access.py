"""Who may see and change innovations and their replications. Every view and endpoint of the
registry fetches through here.

An innovation has the rights of its service unit (prima.registry.access): staff who read the
unit — its operators, its agency's administrators and evaluators, regional and national
evaluators, national administrators — read its innovations; the unit's operators, its
agency's administrators and national administrators register, change, report on and publish
them. A replication may be changed from either side: by those who change the innovation
replicated or the adopting unit. The public sees published innovations of listed units.
Anything else is a 404, recorded in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from prima.accounts.access import deny
from prima.accounts.scope import scope_for
from prima.innovation.models import Innovation, InnovationFile, Replication
from prima.registry.access import unit_rights, units_visible_to
from prima.registry.models import ServiceUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from prima.accounts.models import User

    AnyUser = User | AnonymousUser

PUBLISHED = Q(is_published=True, unit__is_active=True, unit__agency__is_active=True)


@dataclass(frozen=True)
class InnovationRights:
    """What a user may do with one innovation: its unit's rights."""

    read: bool
    change: bool  # edit it, its team, measures and files; file reports; record replications
    publish: bool  # show it in the public catalogue, or take it back


def innovation_rights(user: AnyUser, innovation: Innovation) -> InnovationRights:
    rights = unit_rights(user, innovation.unit)
    return InnovationRights(read=rights.read, change=rights.change, publish=rights.change)


def get_innovation_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[Innovation, InnovationRights]:
    """The innovation `pk` with what the user may do with it: read if its unit is in scope,
    write if the user operates or administers the unit; otherwise 404 (audited)."""
    innovation = (
        Innovation.objects.select_related("unit", "unit__agency", "unit__region")
        .filter(pk=pk)
        .first()
    )
    if innovation is None:
        deny(user, "innovation", pk, write=write)
    rights = innovation_rights(user, innovation)
    if not (rights.change if write else rights.read):
        deny(user, "innovation", pk, write=write)
    return innovation, rights


def innovations_visible_to(user: AnyUser) -> QuerySet[Innovation]:
    """The innovations of the units in the user's scope (the staff list)."""
    return Innovation.objects.filter(unit__in=units_visible_to(user))


def units_registering(user: AnyUser) -> QuerySet[ServiceUnit]:
    """The units the user may register innovations for: those they operate or administer."""
    scope = scope_for(user)
    if scope.national_admin:
        return ServiceUnit.objects.all()
    return ServiceUnit.objects.filter(
        Q(pk__in=scope.operator_unit_ids) | Q(agency_id__in=scope.admin_agency_ids)
    )


def can_register(user: AnyUser) -> bool:
    return units_registering(user).exists()


def public_innovations() -> QuerySet[Innovation]:
    """Published innovations of listed units of active agencies: the catalogue, the public
    API and the open data."""
    return Innovation.objects.filter(PUBLISHED)


def get_public_innovation(pk: int) -> Innovation:
    innovation = (
        public_innovations()
        .select_related("unit", "unit__agency", "unit__region", "unit__region__parent")
        .filter(pk=pk)
        .first()
    )
    if innovation is None:
        raise Http404
    return innovation


def public_file(innovation: Innovation, pk: int) -> InnovationFile:
    """A file marked public of a published innovation."""
    found = innovation.files.filter(pk=pk, is_public=True).first()
    if found is None:
        raise Http404
    return found


def innovation_file(innovation: Innovation, pk: int) -> InnovationFile:
    """One evidence file of an innovation the user already reached through access."""
    found = innovation.files.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


# --- replications ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ReplicationRights:
    read: bool
    change: bool


def get_replication_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[Replication, ReplicationRights]:
    """A replication with the rights of either side: read when the user reads the innovation
    replicated or the adopting unit, change when they change either; otherwise 404 (audited)."""
    replication = (
        Replication.objects.select_related(
            "source", "source__unit", "source__unit__agency", "adopter_unit__agency"
        )
        .filter(pk=pk)
        .first()
    )
    if replication is None:
        deny(user, "innovation.replication", pk, write=write)
    source = unit_rights(user, replication.source.unit)
    adopter = unit_rights(user, replication.adopter_unit)
    rights = ReplicationRights(
        read=source.read or adopter.read, change=source.change or adopter.change
    )
    if not (rights.change if write else rights.read):
        deny(user, "innovation.replication", pk, write=write)
    return replication, rights


def adoptable_units(user: AnyUser) -> QuerySet[ServiceUnit]:
    """Units a replication may name as the adopter: every listed unit, and the user's own."""
    return units_visible_to(user, include_public=True)


def replicable_innovations(user: AnyUser) -> QuerySet[Innovation]:
    """Innovations a replication may name as its source or the adopter's entry: the published
    ones and those in the user's scope."""
    return Innovation.objects.filter(PUBLISHED | Q(unit__in=units_visible_to(user)))
