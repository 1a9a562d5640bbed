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

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from prima.accounts.access import deny
from prima.accounts.scope import scope_for
from prima.coaching.models import Event, FollowUpTask, Material, Participant
from prima.coaching.queries import agencies_in, invited_agencies
from prima.registry.models import Agency, CoordinationRegion, Region

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
    """Organise a new event: national administrators, and those of a provincial government."""
    scope = scope_for(user)
    return scope.national_admin or organised_provinces(user).exists()


def organised_wilayah(user: AnyUser) -> QuerySet[CoordinationRegion]:
    """The coordination regions whose events the user may organise: all of them for national
    administrators, none for anyone else."""
    if scope_for(user).national_admin:
        return CoordinationRegion.objects.all()
    return CoordinationRegion.objects.none()


def issuing_agencies(user: AnyUser) -> QuerySet[Agency]:
    """The agencies whose certificates the user's events may be: every active agency for
    national administrators, else the provincial governments they administer."""
    agencies = Agency.objects.filter(is_active=True).order_by("name")
    if scope_for(user).national_admin:
        return agencies
    return agencies.filter(
        kind=Agency.Kind.PEMERINTAH_PROVINSI, pk__in=scope_for(user).admin_agency_ids
    )


def invitable_provinces(user: AnyUser) -> QuerySet[Region]:
    """The provinces whose agencies the user may invite as a whole: every active province for
    national administrators, else those they organise."""
    if scope_for(user).national_admin:
        return Region.objects.filter(level=Region.Level.PROVINCE, is_active=True).order_by("name")
    return organised_provinces(user)


def invitable_agencies(user: AnyUser) -> QuerySet[Agency]:
    """The agencies the user may invite one by one: every active agency for national
    administrators, else the agencies in the provinces they organise."""
    if scope_for(user).national_admin:
        return Agency.objects.filter(is_active=True).order_by("name")
    return agencies_in(provinces=organised_provinces(user))


def reads_reach(user: AnyUser) -> bool:
    """The reach page: every staff member (it covers the events they see)."""
    return scope_for(user).is_staff


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


@dataclass(frozen=True)
class EventRights:
    """What a user may do with a coaching event in the staff area, by their role and the
    event's status."""

    read: bool
    organise: bool  # an organiser: sees the invited agencies and the evaluation, answers
    change: bool  # organise, not cancelled: edit, invite, add materials, record questions, cancel
    publish: bool  # organise a draft
    check_in: bool  # organise a published event: attendance by hand, join list, QR code
    set_tasks: bool  # organise a published event: its follow-up tasks
    register: bool  # register participants now: registration is open and an agency is theirs


def event_rights(user: AnyUser, event: Event) -> EventRights:
    """What `user`, who reads `event`, may do with it."""
    organise = can_organise(user, event)
    cancelled = event.status == Event.Status.CANCELLED
    published = event.status == Event.Status.PUBLISHED
    return EventRights(
        read=True,
        organise=organise,
        change=organise and not cancelled,
        publish=organise and event.status == Event.Status.DRAFT,
        check_in=organise and published,
        set_tasks=organise and published,
        register=event.registration_open(timezone.now())
        and agencies_registering(user, event).exists(),
    )


def get_event_for_user(user: AnyUser, pk: int, *, need: str = "read") -> tuple[Event, EventRights]:
    """The event with what the user may do with it; 404 (audited) when the user does not read
    it or `need` (a name of EventRights, e.g. organise) is not granted."""
    event = (
        events_visible_to(user)
        .select_related("coordination_region", "province", "venue_province")
        .filter(pk=pk)
        .first()
    )
    if event is None:
        deny(user, "coaching.event", pk, write=need != "read")
    rights = event_rights(user, event)
    if not getattr(rights, need):
        deny(user, "coaching.event", pk, write=need != "read")
    return event, rights


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


@dataclass(frozen=True)
class TaskRights:
    """What a user may do with a follow-up task, by their role and the task's status."""

    read: bool
    report: bool  # report for it: the agency's staff who act for it, and the organisers
    organise: bool  # the event's organisers: review the reports, move the deadline
    add_report: bool  # report now: reports are still taken
    verify: bool  # organise a task reported done: verify it or send it back
    move_deadline: bool  # organise a task not yet closed


def task_rights(user: AnyUser, task: FollowUpTask) -> TaskRights:
    """What `user`, who reads `task`, may do with it."""
    report = can_report(user, task)
    organise = can_organise(user, task.event)
    return TaskRights(
        read=True,
        report=report,
        organise=organise,
        add_report=report and task.takes_reports,
        verify=organise and task.status == FollowUpTask.Status.DONE,
        move_deadline=organise and task.status not in FollowUpTask.CLOSED,
    )


def get_task_for_user(
    user: AnyUser, pk: int, *, need: str = "read"
) -> tuple[FollowUpTask, TaskRights]:
    """The task with what the user may do with it; 404 (audited) when the user does not read
    it or `need` (a name of TaskRights: report, organise) is not granted."""
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
        deny(user, "coaching.task", pk, write=need != "read")
    rights = task_rights(user, task)
    if not getattr(rights, need):
        deny(user, "coaching.task", pk, write=True)
    return task, rights


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
