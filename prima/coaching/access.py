"""Who may see and do what in the coaching programme. Every view fetches through here.

- An event is organised (edited, published, agencies invited, attendance taken, tasks set,
  reports verified) by national administrators when a coordination region runs it, and also
  by the administrators of the provincial government when a province runs it.
- Published events are read by every staff member (they are public through the API too);
  drafts only by their organisers.
- An invited agency's administrators and its units' operators register its participants and
  report on its follow-up tasks.
- A follow-up task is read by its organisers, by anyone whose scope reads its agency, and by
  the agency's operators.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from prima.accounts.access import deny
from prima.accounts.scope import scope_for
from prima.coaching.models import Event, FollowUpTask, Material, Participant
from prima.coaching.queries import invited_agencies
from prima.registry.models import Agency, Region

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from prima.accounts.models import User

    AnyUser = User | AnonymousUser


def organised_provinces(user: AnyUser) -> QuerySet[Region]:
    """The provinces whose events the user may organise: those of the provincial
    governments the user administers (all provinces for national administrators)."""
    scope = scope_for(user)
    provinces = Region.objects.filter(level=Region.Level.PROVINCE, is_active=True)
    if scope.national_admin:
        return provinces
    return provinces.filter(
        agencies__kind=Agency.Kind.PEMERINTAH_PROVINSI,
        agencies__pk__in=scope.admin_agency_ids,
    ).distinct()


def can_create_events(user: AnyUser) -> bool:
    scope = scope_for(user)
    return scope.national_admin or organised_provinces(user).exists()


def can_organise(user: AnyUser, event: Event) -> bool:
    scope = scope_for(user)
    if scope.national_admin:
        return True
    if event.province_id is None:
        return False
    return organised_provinces(user).filter(pk=event.province_id).exists()


def _organised_filter(user: AnyUser) -> Q:
    scope = scope_for(user)
    if scope.national_admin:
        return Q(pk__isnull=False)  # not Q(): Q() | x is just x
    return Q(province__in=organised_provinces(user).values("pk"))


def events_visible_to(user: AnyUser) -> QuerySet[Event]:
    scope = scope_for(user)
    if not scope.is_staff:
        return Event.objects.none()
    return Event.objects.filter(Q(status=Event.Status.PUBLISHED) | _organised_filter(user))


def events_organised_by(user: AnyUser) -> QuerySet[Event]:
    if not scope_for(user).is_staff:
        return Event.objects.none()
    return Event.objects.filter(_organised_filter(user))


def get_event_for_user(user: AnyUser, pk: int, *, organise: bool = False) -> Event:
    event = (
        events_visible_to(user)
        .select_related("coordination_region", "province", "venue_province")
        .filter(pk=pk)
        .first()
    )
    if event is None or (organise and not can_organise(user, event)):
        deny(user, "coaching.event", pk, write=organise)
    return event


def acting_agency_ids(user: AnyUser) -> frozenset[int]:
    """Agencies the user acts for in coaching: its administrators and its units' operators."""
    scope = scope_for(user)
    return scope.admin_agency_ids | scope.operator_agency_ids


def agencies_registering(user: AnyUser, event: Event) -> QuerySet[Agency]:
    """The invited agencies whose participants the user may register (none once the event is
    cancelled)."""
    if event.status == Event.Status.CANCELLED:
        return Agency.objects.none()
    invited = invited_agencies(event)
    if can_organise(user, event):
        return invited
    return invited.filter(pk__in=acting_agency_ids(user))


def participants_visible_to(user: AnyUser, event: Event) -> QuerySet[Participant]:
    """An event's participants as the user may list them: all for its organisers, their own
    agencies' for everyone else."""
    participants = event.participants.all()
    if can_organise(user, event):
        return participants
    return participants.filter(agency_id__in=acting_agency_ids(user))


def get_participant_for_user(
    user: AnyUser, event: Event, pk: int, *, write: bool = False
) -> Participant:
    """A participant of `event`; with `write`, one the user registers for (their agency or
    the organiser)."""
    participant = event.participants.select_related("agency", "unit").filter(pk=pk).first()
    if participant is None:
        deny(user, "coaching.participant", pk, write=write)
    if write and not (
        can_organise(user, event) or participant.agency_id in acting_agency_ids(user)
    ):
        deny(user, "coaching.participant", pk, write=write)
    return participant


def tasks_visible_to(user: AnyUser) -> QuerySet[FollowUpTask]:
    scope = scope_for(user)
    if not scope.is_staff:
        return FollowUpTask.objects.none()
    if scope.national_reader:
        return FollowUpTask.objects.all()
    return FollowUpTask.objects.filter(
        Q(agency__in=Agency.objects.filter(scope.agency_filter()).values("pk"))
        | Q(agency_id__in=scope.operator_agency_ids)
        | Q(event__in=events_organised_by(user).values("pk"))
    )


def can_report(user: AnyUser, task: FollowUpTask) -> bool:
    """Report progress: the agency's staff who act for it, and the organisers."""
    return task.agency_id in acting_agency_ids(user) or can_organise(user, task.event)


def get_task_for_user(
    user: AnyUser, pk: int, *, report: bool = False, verify: bool = False
) -> FollowUpTask:
    task = (
        tasks_visible_to(user)
        .select_related(
            "event",
            "event__coordination_region",
            "event__province",
            "event__venue_province",
            "agency",
        )
        .filter(pk=pk)
        .first()
    )
    if task is None:
        deny(user, "coaching.task", pk, write=report or verify)
    if (report and not can_report(user, task)) or (verify and not can_organise(user, task.event)):
        deny(user, "coaching.task", pk, write=True)
    return task


def get_published_event(token: str) -> Event:
    """The participants' page of an event (/pembinaan/<token>/): published events only."""
    event = (
        Event.objects.filter(token=token, status=Event.Status.PUBLISHED)
        .select_related("coordination_region", "province", "venue_province")
        .first()
    )
    if event is None:
        raise Http404
    return event


def event_material(event: Event, pk: int) -> Material:
    """A material of an event already fetched through this module; 404 when it has no such
    material (not a refusal: whoever reads the event reads its materials)."""
    material = event.materials.filter(pk=pk).first()
    if material is None:
        raise Http404
    return material
