"""Who may see and act on a complaint, and who may see who filed it. Every view and endpoint
fetches through here.

- The **coordinator** — the administrators of the agency the complaint is addressed to
  (admin koordinator in SP4N-LAPOR!) and national administrators — verifies, routes, archives,
  and is the only role that may see the complainant's identity; every view of it is recorded.
- The **unit** — the operators of the unit a complaint was dispatched to — follows it up and
  answers. A unit never sees who complained (issue 5 §3: identity never reaches the unit).
- **Evaluators** read complaints in their scope, without identity.
- The **public** sees complaints that are neither secret (*Rahasia*) nor archived as abuse, of
  listed agencies, without identity; and a complainant sees their own with the tracking code,
  or with its number and secret code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from prima.accounts.access import deny
from prima.accounts.audit import record_event
from prima.accounts.models import AuditEvent
from prima.accounts.scope import scope_for
from prima.complaints import tokens, workflow
from prima.complaints.models import (
    Complaint,
    ComplaintQuerySet,
    Event,
    Identity,
    ResponseTemplate,
    Status,
)
from prima.registry.models import Agency

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from prima.accounts.models import User

    AnyUser = User | AnonymousUser

HANDLED = [Status.DISPATCHED, Status.IN_PROGRESS, Status.RESPONDED, Status.REOPENED, Status.CLOSED]


def complaints_visible_to(user: AnyUser) -> ComplaintQuerySet:
    scope = scope_for(user)
    if not scope.is_staff:
        return Complaint.objects.none()
    if scope.national_reader:
        return Complaint.objects.all()
    condition = Q(agency_id__in=scope.admin_agency_ids | scope.read_agency_ids)
    condition |= Q(unit_id__in=scope.operator_unit_ids, status__in=HANDLED)
    for prefix in scope.region_prefixes:
        condition |= Q(agency__region__code__startswith=prefix) | Q(
            unit__region__code__startswith=prefix
        )
    return Complaint.objects.filter(condition)


@dataclass(frozen=True)
class ComplaintRights:
    """What a user may do with a complaint in the staff area."""

    read: bool
    coordinate: bool  # verify, postpone, reroute, archive, close; see who complained
    follow_up: bool  # the unit's steps: start, return, answer (once dispatched to it)

    @property
    def change(self) -> bool:
        """Take the steps of their role, add internal notes, close the loop."""
        return self.coordinate or self.follow_up

    @property
    def see_identity(self) -> bool:
        """Only the coordinator sees the complainant's identity (every look recorded)."""
        return self.coordinate

    @property
    def role(self) -> str | None:
        """The role the state machine checks (prima.complaints.workflow.ACTORS); None for
        those who only read."""
        if self.coordinate:
            return workflow.COORDINATOR
        return workflow.UNIT if self.follow_up else None


def complaint_rights(user: AnyUser, complaint: Complaint) -> ComplaintRights:
    """The coordinator: national administrators and the administrators of the agency it is
    addressed to. The unit: the operators of the unit it was dispatched to, while it is handled
    there. Readers: whoever's scope covers it (complaints_visible_to)."""
    scope = scope_for(user)
    if not scope.is_staff:
        return ComplaintRights(read=False, coordinate=False, follow_up=False)
    coordinate = scope.national_admin or complaint.agency_id in scope.admin_agency_ids
    follow_up = (
        not coordinate
        and complaint.unit_id in scope.operator_unit_ids
        and complaint.status in HANDLED
    )
    read = coordinate or follow_up or complaints_visible_to(user).filter(pk=complaint.pk).exists()
    return ComplaintRights(read=read, coordinate=coordinate, follow_up=follow_up)


def get_complaint_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[Complaint, ComplaintRights]:
    """The complaint and what the user may do with it; 404 (recorded) when they may not read
    it, or only read it and want to act."""
    complaint = (
        Complaint.objects.select_related(
            "agency", "agency__region", "unit", "unit__region", "service", "category", "policy"
        )
        .filter(pk=pk)
        .first()
    )
    if complaint is None:
        deny(user, "complaint", pk, write=write)
    rights = complaint_rights(user, complaint)
    if not (rights.change if write else rights.read):
        deny(user, "complaint", pk, write=write)
    return complaint, rights


def get_identity_for_user(user: User, complaint: Complaint) -> Identity | None:
    """The complainant's identity, for the coordinator only; every look is recorded in the
    complaint's timeline and the security log."""
    if not complaint_rights(user, complaint).see_identity:
        deny(user, "complaint_identity", complaint.pk, write=False)
    identity = Identity.objects.filter(complaint=complaint).first()
    Event.objects.create(
        complaint=complaint,
        at=timezone.now(),
        action=Event.Action.IDENTITY_VIEWED,
        actor=user,
        actor_label=user.get_username(),
        from_status=complaint.status,
        to_status=complaint.status,
    )
    record_event(
        AuditEvent.Kind.IDENTITY_VIEWED,
        actor=user,
        target=complaint,
        agency=complaint.agency,
        detail={"anonymous": complaint.is_anonymous},
    )
    return identity


# --- settings -------------------------------------------------------------------------------
def can_change_clock(user: AnyUser) -> bool:
    """The clock's policies and calendar are national: national administrators only."""
    return scope_for(user).national_admin


def template_agencies_for_user(user: AnyUser) -> QuerySet[Agency]:
    """The agencies whose response templates the user keeps: those they administer, or all
    for a national administrator (who also keeps the shared templates). None: 404."""
    scope = scope_for(user)
    if not (scope.national_admin or scope.admin_agency_ids):
        deny(user, "response_template", "-", write=False)
    agencies = Agency.objects.filter(is_active=True)
    return agencies if scope.national_admin else agencies.filter(pk__in=scope.admin_agency_ids)


def can_keep_shared_templates(user: AnyUser) -> bool:
    """The templates for every agency are national administrators' to keep."""
    return scope_for(user).national_admin


def templates_for_user(user: AnyUser) -> QuerySet[ResponseTemplate]:
    mine = ResponseTemplate.objects.filter(agency__in=template_agencies_for_user(user))
    if scope_for(user).national_admin:
        mine = mine | ResponseTemplate.objects.filter(agency__isnull=True)
    return mine


# --- public ---------------------------------------------------------------------------------
PUBLIC = Q(
    is_secret=False,
    is_abuse=False,
    agency__is_active=True,
) & ~Q(status=Status.ARCHIVED)


def public_complaints() -> QuerySet[Complaint]:
    """Complaints anyone may read (without identity): not secret, not archived, not abuse."""
    return Complaint.objects.filter(PUBLIC)


class NumberLookup(Enum):
    FOUND = "found"
    UNKNOWN_NUMBER = "unknown_number"
    NO_SECRET = "no_secret"  # filed before secret codes: the tracking code opens it
    WRONG_SECRET = "wrong_secret"


def find_by_number(number: str, secret: str) -> tuple[Complaint | None, NumberLookup]:
    """The complaint a report number and its secret code open (any complaint, secret ones
    included), and why not when they do not. Saying that a number exists tells nothing new:
    numbers are counted up and public reports show theirs. Guessing the secret code is held
    off by the tracking page's rate limits (ADR 0015)."""
    complaint = (
        Complaint.objects.select_related("agency", "unit", "unit__region", "policy")
        .filter(public_id=number)
        .first()
    )
    if complaint is None:
        return None, NumberLookup.UNKNOWN_NUMBER
    if not complaint.secret_hash:
        return None, NumberLookup.NO_SECRET
    if not tokens.secret_matches(secret, number=number, stored=complaint.secret_hash):
        return None, NumberLookup.WRONG_SECRET
    return complaint, NumberLookup.FOUND


def find_by_code(code: str) -> Complaint | None:
    """The complaint a tracking code opens (any complaint, secret ones included: the code is
    the complainant's own key)."""
    if not code or len(tokens.normalise(code)) < 20:
        return None
    return (
        Complaint.objects.select_related("agency", "unit", "unit__region", "policy")
        .filter(tracking_hash=tokens.digest(code))
        .first()
    )
