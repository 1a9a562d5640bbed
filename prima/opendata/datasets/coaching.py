"""The coaching programme as open data (issue 21): the technical guidance events (bimtek,
workshops, coordination meetings, talk sessions, mentoring), the agencies that took part, and
how far each agency has got with the follow-up tasks it was set.

Only published events: a draft is not yet an event and a cancelled one did not take place
(the API shows the public the same). Participants are counted, never listed: no person's name,
NIP, e-mail or phone is read here. Agencies are public bodies and are named by their code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.coaching import documents, queries
from prima.coaching.models import Event, FollowUpTask, Invitation, Participant
from prima.opendata import schema as s
from prima.opendata.datasets import DATASETS
from prima.opendata.datasets import registry as codes
from prima.registry.timezones import IANA_ZONE

CHUNK = 2000
EVENTS = "coaching_events"


def _published(year: int | None) -> QuerySet[Event]:
    """The published events starting in `year` (every year for None), each in the year of its
    own clock — the rule of the coaching pages and the API (prima.coaching.queries.in_year):
    an event at 01.00 WIT on New Year's Day belongs to the new year."""
    events = Event.objects.filter(status=Event.Status.PUBLISHED)
    return queries.in_year(events, year) if year is not None else events


def _count(rows: QuerySet[Any], counted: str = "pk", *, distinct: bool = False) -> Coalesce:
    """A count per event as a subquery (prima.coaching.queries.event_rows counts with joins,
    which multiply an event's invitations by its participants by its tasks)."""
    per_event = (
        rows.filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(n=Count(counted, distinct=distinct))
        .values("n")
    )
    return Coalesce(Subquery(per_event, output_field=IntegerField()), 0)


def _organising_agency() -> Callable[[Event], str | None]:
    """The agency an event is held under: prima.coaching.documents.issuing_agency (the one
    chosen on the event, else the organising province's government, else the ministry for a
    coordination region's event), asked once per choice, province and kind of organiser."""
    found: dict[tuple[Any, ...], str | None] = {}

    def code(event: Event) -> str | None:
        key = (event.issuing_agency_id, event.province_id, event.coordination_region_id is None)
        if key not in found:
            agency = documents.issuing_agency(event)
            found[key] = agency.code if agency is not None else None
        return found[key]

    return code


def _events(year: int | None) -> Iterator[Sequence[Any]]:
    attended = Participant.objects.filter(attended_at__isnull=False)
    events = (
        _published(year)
        .select_related(*queries.EVENT_RELATED, "issuing_agency")
        .annotate(
            n_invited=_count(Invitation.objects.all()),
            n_took_part=_count(attended, "agency", distinct=True),
            n_registered=_count(Participant.objects.all()),
            n_attended=_count(attended),
        )
        .order_by("starts_at", "pk")
    )
    organiser = _organising_agency()
    for event in events.iterator(chunk_size=CHUNK):
        yield (
            event.pk,
            event.title,
            event.kind,
            event.mode,
            event.coordination_region.code if event.coordination_region else None,
            event.province_id,
            organiser(event),
            event.venue_province_id,
            event.zone,
            event.local_start.date(),
            event.local_end.date(),
            event.n_invited,  # type: ignore[attr-defined]
            event.n_took_part,  # type: ignore[attr-defined]
            event.n_registered,  # type: ignore[attr-defined]
            event.n_attended,  # type: ignore[attr-defined]
        )


def _participation(year: int | None) -> Iterator[Sequence[Any]]:
    # Took part: at least one attendee — the reach report's rule (prima.coaching.queries.reach)
    # and the default choice of agencies for follow-up tasks (attended_agency_ids).
    rows = (
        Participant.objects.filter(
            event__in=_published(year).values("pk"), attended_at__isnull=False
        )
        .values_list("event_id", "agency__code")
        .annotate(n=Count("pk"))
        .order_by("event_id", "agency__code")
    )
    yield from rows.iterator(chunk_size=CHUNK)


def _completion(year: int | None) -> Iterator[Sequence[Any]]:
    # prima.coaching.queries.completion's rule, per event and agency: cancelled tasks are left
    # out; done is reported done or verified (FollowUpTask.FINISHED); overdue is not finished
    # and past its deadline, on the day of the build (Jakarta's date, as the API's `overdue`).
    today = timezone.localdate()
    finished = Q(status__in=FollowUpTask.FINISHED)
    rows = (
        FollowUpTask.objects.filter(event__in=_published(year).values("pk"))
        .exclude(status=FollowUpTask.Status.CANCELLED)
        .values("event_id", "agency__code")
        .annotate(
            tasks=Count("pk"),
            done=Count("pk", filter=finished),
            verified=Count("pk", filter=Q(status=FollowUpTask.Status.VERIFIED)),
            overdue=Count("pk", filter=~finished & Q(due_on__lt=today)),
        )
        .order_by("event_id", "agency__code")
        .values_list("event_id", "agency__code", "tasks", "done", "verified", "overdue")
    )
    yield from rows.iterator(chunk_size=CHUNK)


def _years() -> list[int]:
    """The years with a published event, by the event's own clock."""
    published = Event.objects.filter(status=Event.Status.PUBLISHED)
    return sorted(y for y in queries.event_years() if queries.in_year(published, y).exists())


def event_id() -> s.Field:
    return s.Field(
        "event_id",
        _("Coaching event"),
        "integer",
        _("The event: its identifier in the events list."),
        required=True,
        refers_to=f"{EVENTS}.id",
    )


def count(name: str, title: Any, description: Any) -> s.Field:
    return s.Field(name, title, "integer", description, required=True, minimum=0)


EVENT_LIST = s.Resource(
    EVENTS,
    _("Coaching events"),
    _(
        "Published technical guidance events, workshops, coordination meetings, talk sessions "
        "and mentoring, with their organiser, dates and how many agencies and participants "
        "took part."
    ),
    (
        s.Field("id", _("Identifier"), "integer", _("The event's number in Prima."), True, True),
        s.Field("title", _("Title"), "string", _("The event's title."), required=True),
        s.Field(
            "kind",
            _("Kind"),
            "string",
            _(
                "bimtek (technical guidance), lokakarya (workshop), rakor (coordination "
                "meeting), talk (talk session) or pendampingan (mentoring)."
            ),
            required=True,
            enum=tuple(Event.Kind.values),
        ),
        s.Field(
            "mode",
            _("Mode"),
            "string",
            _("online, luring (face to face) or hybrid."),
            required=True,
            enum=tuple(Event.Mode.values),
        ),
        s.Field(
            "organiser_coordination_region",
            _("Organised by the coordination region"),
            "string",
            _(
                "The ministry's coordination region (Wilayah I, II or III) that organised the "
                "event; empty when a province did."
            ),
            refers_to=f"{codes.COORDINATION}.code",
        ),
        s.Field(
            "organiser_province_code",
            _("Organised by the province"),
            "string",
            _("The province that organised the event; empty when a coordination region did."),
            pattern=r"^\d{2}$",
            refers_to=f"{codes.REGIONS}.code",
        ),
        s.Field(
            "organiser_agency_code",
            _("Organising agency"),
            "string",
            _(
                "The agency the event is held under, whose certificates it gives: the one "
                "chosen on the event, else the organising province's government, or the "
                "ministry for a coordination region's event."
            ),
            refers_to=f"{codes.AGENCIES}.code",
        ),
        s.Field(
            "venue_province_code",
            _("Held in the province"),
            "string",
            _(
                "The province the event was held in (for an online event, the province of its "
                "participants); empty when not given."
            ),
            pattern=r"^\d{2}$",
            refers_to=f"{codes.REGIONS}.code",
        ),
        s.Field(
            "time_zone",
            _("Time zone"),
            "string",
            _("The time zone of the event's dates: WIB, WITA or WIT."),
            required=True,
            enum=tuple(IANA_ZONE),
        ),
        s.Field(
            "start_date",
            _("Start date"),
            "date",
            _("The day the event started, in its own time zone."),
            required=True,
        ),
        s.Field(
            "end_date",
            _("End date"),
            "date",
            _("The day the event ended, in its own time zone."),
            required=True,
        ),
        count("invited_agencies", _("Agencies invited"), _("How many agencies were invited.")),
        count(
            "participating_agencies",
            _("Agencies that took part"),
            _("How many agencies had at least one participant attend."),
        ),
        count(
            "participants_registered",
            _("Participants registered"),
            _("How many people the invited agencies registered."),
        ),
        count(
            "participants_attended",
            _("Participants attended"),
            _(
                "How many registered people attended (by the meeting tool's join list, the QR "
                "check-in or the organiser's mark)."
            ),
        ),
    ),
    key=("id",),
    rows=_events,
)
PARTICIPATION = s.Resource(
    "coaching_participation",
    _("Agencies that took part in coaching events"),
    _("Each agency that had at least one participant attend an event, with how many attended."),
    (
        event_id(),
        codes.agency_code(),
        count(
            "participants_attended",
            _("Participants attended"),
            _("How many of the agency's participants attended the event."),
        ),
    ),
    key=("event_id", "agency_code"),
    rows=_participation,
)
COMPLETION = s.Resource(
    "follow_up_completion",
    _("Follow-up task completion"),
    _(
        "The follow-up tasks each agency was set after an event and how many it has done, as "
        "they stand on the day the package was built."
    ),
    (
        event_id(),
        codes.agency_code(),
        count("tasks", _("Tasks"), _("The tasks set for the agency; cancelled ones left out.")),
        count(
            "tasks_done",
            _("Tasks done"),
            _("Tasks the agency reported done, whether or not the organiser has verified them."),
        ),
        count(
            "tasks_verified",
            _("Tasks verified"),
            _("Tasks reported done whose evidence the organiser has verified."),
        ),
        count(
            "tasks_overdue",
            _("Tasks overdue"),
            _("Tasks not reported done whose deadline had passed on the day of the build."),
        ),
    ),
    key=("event_id", "agency_code"),
    rows=_completion,
)

COACHING = DATASETS.add(
    s.Dataset(
        name="coaching",
        title=_("Coaching events and follow-up"),
        description=_(
            "The public-service coaching programme (pembinaan): published technical guidance "
            "events and workshops, the agencies that took part, and the completion of the "
            "follow-up tasks each agency was set. Participants are counted, never named."
        ),
        producer=_("The ministry's coordination regions and the provinces that organise events"),
        steward=_("The ministry's coaching programme administrators"),
        frequency="daily",
        theme=s.GOVERNMENT,
        keywords=(_("coaching"), "bimtek", _("public service"), _("follow-up")),
        resources=(EVENT_LIST, PARTICIPATION, COMPLETION),
        years=_years,
        code_lists=(codes.COORDINATION, codes.REGIONS, codes.AGENCIES),
        definitions=(
            (
                _("Took part"),
                _(
                    "An agency took part in an event when at least one of its participants "
                    "attended."
                ),
            ),
            (
                _("Task done"),
                _("A follow-up task the agency reported done, with the evidence it expects."),
            ),
            (
                _("Task overdue"),
                _("A follow-up task not reported done whose deadline has passed."),
            ),
        ),
        order=50,
    )
)
