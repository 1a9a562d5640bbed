"""Who may see and change an MPP. Every view and endpoint of the app fetches through here.

An MPP has the rights of its service unit (prima.registry.access), widened to its managing
unit: staff who read the MPP's unit or its managing unit (usually the DPMPTSP) read the MPP,
its tenants, figures and dashboard; those who change either unit (their operators, their
agency's administrators, national administrators) manage the MPP. A tenant's own staff read
what concerns their tenancy through their home unit's complaints and SKM, not here. The
public sees published MPPs of listed units. Anything else is a 404, recorded in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from prima.accounts.access import deny
from prima.accounts.scope import scope_for
from prima.mpp.models import Mpp
from prima.registry.access import unit_rights, units_visible_to
from prima.registry.models import ServiceUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from prima.accounts.models import User

    AnyUser = User | AnonymousUser

PUBLISHED = Q(is_published=True, unit__is_active=True, unit__agency__is_active=True)
_RELATED = ("unit", "unit__agency", "unit__region", "unit__region__parent", "manager__agency")


@dataclass(frozen=True)
class MppRights:
    read: bool
    change: bool  # profile, tenants, counters, services, figures, MPP Digital checklist


def mpp_rights(user: AnyUser, mpp: Mpp) -> MppRights:
    own = unit_rights(user, mpp.unit)
    managing = unit_rights(user, mpp.manager) if mpp.manager is not None else None
    read = own.read or bool(managing and managing.read)
    change = own.change or bool(managing and managing.change)
    return MppRights(read=read, change=change)


def get_mpp_for_user(user: AnyUser, code: str, *, write: bool = False) -> tuple[Mpp, MppRights]:
    """The MPP of the unit `code` with what the user may do with it; otherwise 404 (audited)."""
    mpp = Mpp.objects.select_related(*_RELATED).filter(unit__code=code).first()
    if mpp is None:
        deny(user, "mpp", code, write=write)
    rights = mpp_rights(user, mpp)
    if not (rights.change if write else rights.read):
        deny(user, "mpp", code, write=write)
    return mpp, rights


def mpps_visible_to(user: AnyUser) -> QuerySet[Mpp]:
    """The MPPs whose unit or managing unit is in the user's scope (the staff list)."""
    units = units_visible_to(user)
    return Mpp.objects.filter(Q(unit__in=units) | Q(manager__in=units))


def units_without_profile(user: AnyUser) -> QuerySet[ServiceUnit]:
    """Units of kind "mpp" the user may change that have no MPP profile yet."""
    scope = scope_for(user)
    units = ServiceUnit.objects.filter(kind=ServiceUnit.Kind.MPP, mpp__isnull=True)
    if scope.national_admin:
        return units
    return units.filter(Q(pk__in=scope.operator_unit_ids) | Q(agency_id__in=scope.admin_agency_ids))


def public_mpps() -> QuerySet[Mpp]:
    """Published MPPs of listed units: the public list and page, the API and the open data."""
    return Mpp.objects.filter(PUBLISHED)


def get_public_mpp(code: str) -> Mpp:
    mpp = public_mpps().select_related(*_RELATED).filter(unit__code=code).first()
    if mpp is None:
        raise Http404
    return mpp
