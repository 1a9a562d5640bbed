"""Who may see what of SMS and WhatsApp. The phone numbers are the coordinators' to see, as
a complainant's identity is (prima.complaints.access): the review queue and the simulated phone
page are for national administrators and agency administrators only; an agency administrator
reviews the messages that name a unit of their agency, a national administrator every one.
Unit operators never see a number: no page of theirs shows one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from prima.accounts.access import deny
from prima.accounts.scope import scope_for
from prima.messaging.models import Inbound
from prima.registry.models import ServiceUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from prima.accounts.models import User

    AnyUser = User | AnonymousUser


def review_queue_for_user(user: AnyUser) -> QuerySet[Inbound]:
    """The messages to review this user may decide on; 404 (recorded) for anyone who is not
    a coordinator."""
    scope = scope_for(user)
    if not (scope.national_admin or scope.admin_agency_ids):
        deny(user, "messaging.inbound", "list", write=False)
    items = Inbound.objects.filter(outcome=Inbound.Outcome.REVIEW)
    if not scope.national_admin:
        items = items.filter(unit__agency_id__in=scope.admin_agency_ids)
    return items.select_related("contact", "unit", "unit__agency", "complaint", "decided_by")


def get_review_item_for_user(user: AnyUser, pk: int) -> Inbound:
    item = review_queue_for_user(user).filter(pk=pk).first()
    if item is None:
        deny(user, "messaging.inbound", pk, write=True)
    return item


def units_for_reviewer(user: AnyUser) -> QuerySet[ServiceUnit]:
    """The units a reviewer may file a message to: those of the agencies they administer
    (every active unit for a national administrator)."""
    scope = scope_for(user)
    units = ServiceUnit.objects.filter(is_active=True, agency__is_active=True)
    if not scope.national_admin:
        units = units.filter(agency_id__in=scope.admin_agency_ids)
    return units.select_related("agency").order_by("code")


def check_phone_for_user(user: AnyUser) -> None:
    """The simulated phone: coordinators only (it shows a number's whole thread)."""
    scope = scope_for(user)
    if not (scope.national_admin or scope.admin_agency_ids):
        deny(user, "messaging.contact", "phone", write=True)


def units_to_invite_from(user: AnyUser) -> QuerySet[ServiceUnit]:
    """The units whose survey this user runs (operators and administrators: the rule of
    Scope.can_change_unit, as a filter)."""
    scope = scope_for(user)
    units = ServiceUnit.objects.filter(is_active=True)
    if not scope.national_admin:
        units = units.filter(
            Q(agency_id__in=scope.admin_agency_ids) | Q(pk__in=scope.operator_unit_ids)
        )
    return units.select_related("agency").order_by("name")
