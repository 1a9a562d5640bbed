"""Who may see and change registry records. Every view and endpoint fetches through here.

Public visitors see active units of active agencies and their offered services (the public
directory and the public API). Staff see, in addition, what their scope covers
(prima.accounts.scope); they change only what they administer. Anything else is a 404,
recorded in the audit log, so existence does not leak.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from prima.accounts.access import deny
from prima.accounts.scope import scope_for
from prima.registry.models import Agency, CoordinationRegion, Service, ServiceUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from prima.accounts.models import User

    AnyUser = User | AnonymousUser

PUBLIC_UNITS = Q(is_active=True, agency__is_active=True)


def public_units() -> QuerySet[ServiceUnit]:
    return ServiceUnit.objects.filter(PUBLIC_UNITS)


def agencies_visible_to(user: AnyUser) -> QuerySet[Agency]:
    """Agencies listed in the staff area for this user."""
    scope = scope_for(user)
    if not scope.is_staff:
        return Agency.objects.none()
    return Agency.objects.filter(scope.agency_filter())


def units_visible_to(user: AnyUser, *, include_public: bool = False) -> QuerySet[ServiceUnit]:
    """Units in the user's scope (staff area); with include_public, also every public unit."""
    scope = scope_for(user)
    condition = scope.unit_filter() if scope.is_staff else Q(pk__in=[])
    if include_public:
        condition |= PUBLIC_UNITS
    return ServiceUnit.objects.filter(condition)


@dataclass(frozen=True)
class AgencyRights:
    """What a user may do with an agency in the staff area."""

    read: bool
    change: bool  # its fields: national administrators and the agency's own administrators
    administer: bool  # also its kind, region and listing: national administrators
    add_unit: bool
    manage_users: bool  # grant roles in it: national administrators and its administrators

    @property
    def fields(self) -> tuple[str, ...]:
        """The agency fields this user may change: every one for national administrators;
        the agency's own administrators keep its kind, region and listing as set nationally."""
        from prima.registry.actions import AGENCY_FIELDS, AGENCY_NATIONAL_FIELDS

        if not self.change:
            return ()
        if self.administer:
            return AGENCY_FIELDS
        return tuple(name for name in AGENCY_FIELDS if name not in AGENCY_NATIONAL_FIELDS)


def agency_rights(user: AnyUser, agency: Agency) -> AgencyRights:
    scope = scope_for(user)
    region_code = agency.region.code if agency.region else None
    return AgencyRights(
        read=scope.can_read_agency(agency.pk, region_code),
        change=scope.can_change_agency(agency.pk),
        administer=scope.national_admin,
        add_unit=scope.can_create_unit_in(agency.pk),
        manage_users=scope.national_admin or agency.pk in scope.admin_agency_ids,
    )


def get_agency_for_user(
    user: AnyUser, code: str, *, write: bool = False
) -> tuple[Agency, AgencyRights]:
    """The agency `code` for the staff area, with what the user may do there: read if in
    scope, write if administered; otherwise 404 (audited)."""
    agency = Agency.objects.select_related("region").filter(code=code).first()
    if agency is None:
        deny(user, "agency", code, write=write)
    rights = agency_rights(user, agency)
    if not (rights.change if write else rights.read):
        deny(user, "agency", code, write=write)
    return agency, rights


def can_create_agency(user: AnyUser) -> bool:
    """National administrators add agencies."""
    return scope_for(user).national_admin


def can_change_coordination_regions(user: AnyUser) -> bool:
    """National administrators name coordination regions and assign their provinces."""
    return scope_for(user).national_admin


@dataclass(frozen=True)
class UnitRights:
    """What a user may do with a service unit in the staff area."""

    read: bool
    change: bool  # its records (services, standards, SKM, complaints): administrators, operators
    administer: bool  # move or unlist it, every field: the agency's administrators
    read_agency: bool

    @property
    def fields(self) -> tuple[str, ...]:
        """The unit fields this user may change: everything for its administrators; contact
        details and hours for its operators (moving or unlisting a unit is an administrator's)."""
        from prima.registry.actions import UNIT_FIELDS, UNIT_OPERATOR_FIELDS

        if not self.change:
            return ()
        return UNIT_FIELDS if self.administer else UNIT_OPERATOR_FIELDS


def unit_rights(user: AnyUser, unit: ServiceUnit) -> UnitRights:
    """What `user` may do with `unit` (fetched with its agency)."""
    scope = scope_for(user)
    agency_region = unit.agency.region_id if unit.agency.region_id else None
    return UnitRights(
        read=scope.can_read_unit(unit.pk, unit.agency_id, unit.region_id, agency_region),
        change=scope.can_change_unit(unit.pk, unit.agency_id),
        administer=scope.national_admin or unit.agency_id in scope.admin_agency_ids,
        read_agency=scope.can_read_agency(unit.agency_id, unit.agency.region_id),
    )


def get_unit_for_user(
    user: AnyUser, code: str, *, write: bool = False
) -> tuple[ServiceUnit, UnitRights]:
    """The unit `code` for the staff area, with what the user may do there: read if in scope,
    write if administered or operated; otherwise 404 (audited)."""
    unit = (
        ServiceUnit.objects.select_related("agency", "agency__region", "region")
        .filter(code=code)
        .first()
    )
    if unit is None:
        deny(user, "service_unit", code, write=write)
    rights = unit_rights(user, unit)
    if not (rights.change if write else rights.read):
        deny(user, "service_unit", code, write=write)
    return unit, rights


def public_services() -> QuerySet[Service]:
    """The services the public directory shows: offered, of a listed unit."""
    return Service.objects.filter(is_active=True, unit__in=public_units())


def services_visible_to(user: AnyUser) -> QuerySet[Service]:
    """Offered services of listed units for everyone; every service of the units in the
    user's own scope (including ones no longer offered) for staff."""
    return Service.objects.filter(
        Q(is_active=True, unit__in=public_units()) | Q(unit__in=units_visible_to(user))
    ).select_related("unit")


def get_public_unit(code: str) -> ServiceUnit:
    """A unit for the public directory: listed units of active agencies only."""
    unit = (
        public_units()
        .select_related("agency", "region", "region__parent")
        .filter(code=code)
        .first()
    )
    if unit is None:
        raise Http404
    return unit


def get_service_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Service:
    """A service through its unit: the same rights as the unit that offers it."""
    service = Service.objects.select_related("unit").filter(pk=pk).first()
    if service is None:
        deny(user, "service", pk, write=write)
    get_unit_for_user(user, service.unit.code, write=write)
    return service


def get_coordination_region_for_user(
    user: AnyUser, code: str, *, write: bool = False
) -> CoordinationRegion:
    """Any signed-in officer reads coordination regions (the public sees each province's on
    the regions page); only national administrators change them."""
    region = CoordinationRegion.objects.filter(code=code).first()
    if region is None or (write and not can_change_coordination_regions(user)):
        deny(user, "coordination_region", code, write=write)
    return region
