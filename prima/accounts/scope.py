"""Which organisations a user acts for, computed once per request from their memberships.

Every access function (prima/*/access.py) asks a Scope; nothing else reads memberships to
decide who may see what.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q

from prima.accounts.models import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from prima.accounts.models import User


@dataclass(frozen=True, slots=True)
class Scope:
    """What one user may read and change, as sets of ids and region-code prefixes."""

    is_staff: bool = False
    national_admin: bool = False
    national_reader: bool = False  # national administrators and national evaluators
    region_prefixes: frozenset[str] = frozenset()  # regional evaluators read inside these
    read_agency_ids: frozenset[int] = frozenset()  # evaluators and admins of these agencies
    admin_agency_ids: frozenset[int] = frozenset()  # agency administrators
    operator_unit_ids: frozenset[int] = frozenset()  # unit operators
    operator_agency_ids: frozenset[int] = frozenset()  # agencies of those units

    # --- agencies --------------------------------------------------------------------------
    def agency_filter(self) -> Q:
        """A filter on Agency for the agencies this user may see in the staff area."""
        if self.national_reader:
            return Q(pk__isnull=False)  # not Q(): Q() | x is just x
        condition = Q(
            pk__in=self.read_agency_ids | self.admin_agency_ids | self.operator_agency_ids
        )
        for prefix in self.region_prefixes:
            condition |= Q(region__code__startswith=prefix)
        return condition

    def can_read_agency(self, agency_id: int, region_code: str | None) -> bool:
        if self.national_reader:
            return True
        if agency_id in self.read_agency_ids | self.admin_agency_ids | self.operator_agency_ids:
            return True
        return region_code is not None and any(
            region_code.startswith(prefix) for prefix in self.region_prefixes
        )

    def can_change_agency(self, agency_id: int) -> bool:
        return self.national_admin or agency_id in self.admin_agency_ids

    # --- service units ---------------------------------------------------------------------
    def unit_filter(self) -> Q:
        """A filter on ServiceUnit for the units this user may see in the staff area."""
        if self.national_reader:
            return Q(pk__isnull=False)  # not Q(): Q() | x is just x
        condition = Q(pk__in=self.operator_unit_ids) | Q(
            agency_id__in=self.read_agency_ids | self.admin_agency_ids
        )
        for prefix in self.region_prefixes:
            condition |= Q(region__code__startswith=prefix) | Q(
                agency__region__code__startswith=prefix
            )
        return condition

    def can_read_unit(
        self, unit_id: int, agency_id: int, region_code: str, agency_region_code: str | None
    ) -> bool:
        if self.national_reader or unit_id in self.operator_unit_ids:
            return True
        if agency_id in self.read_agency_ids | self.admin_agency_ids:
            return True
        return any(
            region_code.startswith(prefix)
            or (agency_region_code is not None and agency_region_code.startswith(prefix))
            for prefix in self.region_prefixes
        )

    def can_change_unit(self, unit_id: int, agency_id: int) -> bool:
        return (
            self.national_admin
            or agency_id in self.admin_agency_ids
            or unit_id in self.operator_unit_ids
        )

    def can_create_unit_in(self, agency_id: int) -> bool:
        return self.national_admin or agency_id in self.admin_agency_ids

    # --- people ----------------------------------------------------------------------------
    @property
    def manages_users(self) -> bool:
        return self.national_admin or bool(self.admin_agency_ids)


ANONYMOUS = Scope()


def scope_for(user: User | AnonymousUser) -> Scope:
    """The user's scope, cached on the user object for the rest of the request."""
    if not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached: Scope | None = getattr(user, "_prima_scope", None)
    if cached is not None:
        return cached
    national_admin = user.is_superuser
    national_reader = user.is_superuser
    region_prefixes: set[str] = set()
    read_agencies: set[int] = set()
    admin_agencies: set[int] = set()
    operator_units: set[int] = set()
    operator_agencies: set[int] = set()
    for membership in user.memberships.select_related("unit").all():
        if membership.role == Role.NATIONAL_ADMIN:
            national_admin = national_reader = True
        elif membership.role == Role.EVALUATOR:
            if membership.agency_id:
                read_agencies.add(membership.agency_id)
            elif membership.region_id:
                region_prefixes.add(membership.region_id)
            else:
                national_reader = True
        elif membership.role == Role.AGENCY_ADMIN and membership.agency_id:
            admin_agencies.add(membership.agency_id)
        elif membership.role == Role.UNIT_OPERATOR and membership.unit is not None:
            operator_units.add(membership.unit.pk)
            operator_agencies.add(membership.unit.agency_id)
    scope = Scope(
        is_staff=True,
        national_admin=national_admin,
        national_reader=national_reader,
        region_prefixes=frozenset(region_prefixes),
        read_agency_ids=frozenset(read_agencies),
        admin_agency_ids=frozenset(admin_agencies),
        operator_unit_ids=frozenset(operator_units),
        operator_agency_ids=frozenset(operator_agencies),
    )
    setattr(user, "_prima_scope", scope)  # noqa: B010 - cached per request
    return scope
