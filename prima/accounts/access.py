"""Access to user accounts and the security log, what a signed-in user may reach in the staff
area, and the shared way every access function says no."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from prima.accounts.audit import record_event
from prima.accounts.models import ApiToken, AuditEvent, Membership, Role, User
from prima.accounts.scope import scope_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


def deny(user: User | AnonymousUser, object_type: str, key: object, *, write: bool) -> NoReturn:
    """Record the refusal and answer 404, so a stranger cannot learn that the object exists.

    Every access function ends here when it says no (ASVS 5.0 8.2.2, 16.3.2).
    """
    record_event(
        AuditEvent.Kind.ACCESS_DENIED,
        actor=user if isinstance(user, User) else None,
        detail={"object_type": object_type, "key": str(key)[:100], "write": write},
    )
    raise Http404


def users_visible_to(actor: User | AnonymousUser) -> QuerySet[User]:
    """Accounts an administrator may list.

    National administrators see everyone. An agency administrator sees the accounts whose
    every role lies inside their agencies (its administrators and its units' operators), so
    that an account shared with another agency is never theirs to manage.
    """
    scope = scope_for(actor)
    if scope.national_admin:
        return User.objects.all()
    if not scope.admin_agency_ids:
        return User.objects.none()
    agencies = scope.admin_agency_ids
    outside = Membership.objects.filter(user=OuterRef("pk")).exclude(
        Q(role=Role.AGENCY_ADMIN, agency_id__in=agencies)
        | Q(role=Role.UNIT_OPERATOR, unit__agency_id__in=agencies)
    )
    inside = Membership.objects.filter(user=OuterRef("pk")).filter(
        Q(role=Role.AGENCY_ADMIN, agency_id__in=agencies)
        | Q(role=Role.UNIT_OPERATOR, unit__agency_id__in=agencies)
    )
    return User.objects.filter(Exists(inside), ~Exists(outside), is_superuser=False)


def get_user_for_user(actor: User | AnonymousUser, pk: int, *, write: bool = False) -> User:
    """The account `pk`, if `actor` administers it; otherwise 404 (audited).

    Reading and changing need the same right: only administrators see other accounts.
    """
    try:
        return users_visible_to(actor).get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError):
        deny(actor, "user", pk, write=write)


def get_api_token_for_user(user: User | AnonymousUser, pk: int) -> ApiToken:
    """One's own API token; nobody else's, not even an administrator's view of it."""
    token = (
        ApiToken.objects.filter(pk=pk, user_id=user.pk).first() if user.is_authenticated else None
    )
    if token is None:
        deny(user, "api_token", pk, write=True)
    return token


def get_membership_for_user(actor: User | AnonymousUser, pk: int) -> Membership:
    """A role grant the actor may revoke: one on an account they administer, in their scope."""
    scope = scope_for(actor)
    membership = (
        Membership.objects.select_related("user", "unit", "agency", "region").filter(pk=pk).first()
    )
    if membership is None or not scope.manages_users:
        deny(actor, "membership", pk, write=True)
    if scope.national_admin:
        return membership
    in_scope = (
        membership.role == Role.AGENCY_ADMIN and membership.agency_id in scope.admin_agency_ids
    ) or (
        membership.role == Role.UNIT_OPERATOR
        and membership.unit is not None
        and membership.unit.agency_id in scope.admin_agency_ids
    )
    if not in_scope or not users_visible_to(actor).filter(pk=membership.user_id).exists():
        deny(actor, "membership", pk, write=True)
    return membership


@dataclass(frozen=True)
class StaffRights:
    """What the signed-in user may reach in the staff area beyond single records. The
    project's context processor offers it to every template as `staff`."""

    manage_users: bool  # people and the security log: national and agency administrators
    read_changes: bool  # the change history of registry and account records: national admins
    create_agencies: bool  # national administrators
    operate_jobs: bool  # the e-mail outbox and the periodic jobs: national administrators


def staff_rights(user: User | AnonymousUser) -> StaffRights:
    scope = scope_for(user)
    return StaffRights(
        manage_users=scope.manages_users,
        read_changes=scope.national_admin,
        create_agencies=scope.national_admin,
        operate_jobs=scope.national_admin,
    )


def audit_events_visible_to(user: User | AnonymousUser) -> QuerySet[AuditEvent]:
    """The security log for this user: every event for national administrators; for agency
    administrators, the events about their agencies and those of the accounts they
    administer; nobody else reads it (404, audited)."""
    scope = scope_for(user)
    if scope.national_admin:
        return AuditEvent.objects.all()
    if scope.admin_agency_ids:
        people = users_visible_to(user)
        return AuditEvent.objects.filter(
            Q(agency_id__in=scope.admin_agency_ids)
            | Q(actor__in=people)
            | Q(
                target_type="accounts.user",
                target_id__in=[str(pk) for pk in people.values_list("pk", flat=True)],
            )
        )
    deny(user, "audit_event", "list", write=False)
