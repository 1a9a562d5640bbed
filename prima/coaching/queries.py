"""Reads for the coaching pages, the reach and effect report, reminders and the API."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from prima.coaching.models import Event, EventTopic, Feedback, FollowUpTask, Participant, Topic
from prima.registry.models import Agency, CoordinationRegion, Region
from prima.registry.timezones import IANA_ZONE, TimeZoneCode, zoneinfo_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from prima.accounts.models import User

REGIONAL = (
    Agency.Kind.PEMERINTAH_PROVINSI,
    Agency.Kind.PEMERINTAH_KABUPATEN,
    Agency.Kind.PEMERINTAH_KOTA,
)
EFFECT_MONTHS = 6


# What an event row needs for its organiser and its time zone.
EVENT_RELATED = ("coordination_region", "province", "venue_province")

# The year bounds of the calendar: a year's first or last moment in a zone east of UTC can
# fall outside what a datetime holds, so the first and the last year are open on that side.
FIRST_YEAR, LAST_YEAR = 1, 9999


def year_in_range(year: int | None) -> int | None:
    """A year filter: a year a date can hold, else no filter."""
    return year if year is not None and FIRST_YEAR <= year <= LAST_YEAR else None


def with_topics(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.select_related(*EVENT_RELATED).prefetch_related(
        Prefetch("topics", queryset=EventTopic.objects.order_by("topic"))
    )


def viewer_zone(user: User | AnonymousUser) -> TimeZoneCode | None:
    """The time zone a signed-in user lives by: that of the organisation they work for — the
    region of their first role's unit, agency or region, in the order the roles were granted.
    National roles and the ministries keep the capital's zone (Prima's default, WIB).
    Anonymous visitors have none: they see an event's own zone alone."""
    if not user.is_authenticated:
        return None
    for membership in user.memberships.select_related(
        "unit__region", "agency__region", "region"
    ).order_by("pk"):
        region = (
            membership.unit.region
            if membership.unit is not None
            else membership.agency.region
            if membership.agency is not None
            else membership.region
        )
        if region is not None:
            return cast(TimeZoneCode, region.timezone)
    return _default_zone()


def _default_zone() -> TimeZoneCode | None:
    by_iana = {iana: code for code, iana in IANA_ZONE.items()}
    return by_iana.get(settings.TIME_ZONE)


def _with_zone(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.alias(zone_code=Coalesce("venue_province__timezone", "province__timezone"))


def in_year(events: QuerySet[Event], year: int) -> QuerySet[Event]:
    """The events that start in `year` (1–9999) by their own clock: an event at 06.00 WIT on
    New Year's Day belongs to the new year, though it is still the old one in Jakarta."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"year out of range: {year}")
    condition = Q(pk__in=[])
    for code in IANA_ZONE:
        zone = zoneinfo_for(code)
        bounds = Q(zone_code=code)
        if year > FIRST_YEAR:
            bounds &= Q(starts_at__gte=dt.datetime(year, 1, 1, tzinfo=zone))
        if year < LAST_YEAR:
            bounds &= Q(starts_at__lt=dt.datetime(year + 1, 1, 1, tzinfo=zone))
        condition |= bounds
    return _with_zone(events).filter(condition)


def event_rows(events: QuerySet[Event]) -> QuerySet[Event]:
    """The event list: each with its topics and counts of invited agencies, participants,
    attendees and open tasks."""
    return with_topics(events).annotate(
        n_invited=Count("invitations", distinct=True),
        n_registered=Count("participants", distinct=True),
        n_attended=Count(
            "participants", filter=Q(participants__attended_at__isnull=False), distinct=True
        ),
        n_tasks=Count("tasks", distinct=True),
    )


def filter_events(
    events: QuerySet[Event],
    *,
    q: str = "",
    year: int | None = None,
    kind: str = "",
    topic: str = "",
    organiser: str = "",
) -> QuerySet[Event]:
    if q:
        events = events.filter(Q(title__icontains=q) | Q(description__icontains=q))
    if year:
        events = in_year(events, year)
    if kind:
        events = events.filter(kind=kind)
    if topic:
        events = events.filter(topics__topic=topic)
    if organiser.startswith("w:"):
        events = events.filter(coordination_region__code=organiser[2:])
    elif organiser.startswith("p:"):
        events = events.filter(province_id=organiser[2:])
    return events


def event_years() -> list[int]:
    """The years events start in, each by its own clock, newest first."""
    years: set[int] = set()
    for code in IANA_ZONE:
        starts = _with_zone(Event.objects.all()).filter(Q(zone_code=code))
        years |= {d.year for d in starts.datetimes("starts_at", "year", tzinfo=zoneinfo_for(code))}
    return sorted(years, reverse=True)


def organiser_choices() -> list[tuple[str, str]]:
    wilayah: list[tuple[str, str]] = [
        (f"w:{c.code}", c.name) for c in CoordinationRegion.objects.all()
    ]
    provinces = [
        (f"p:{r.pk}", r.name)
        for r in Region.objects.filter(coaching_events__isnull=False).distinct().order_by("name")
    ]
    return wilayah + provinces


def agencies_in(
    *, coordination_regions: Any = (), provinces: Any = (), kinds: tuple[str, ...] = REGIONAL
) -> QuerySet[Agency]:
    """Active agencies of the given kinds (regional governments by default) in the chosen
    coordination regions and provinces: the invitation list picked by region."""
    condition = Q(pk__in=[])
    for wilayah in coordination_regions:
        codes = Region.objects.filter(coordination_region=wilayah).values_list("code", flat=True)
        for code in codes:
            condition |= Q(region__code__startswith=code)
    for province in provinces:
        condition |= Q(region__code__startswith=province.code)
    return Agency.objects.filter(condition, kind__in=kinds, is_active=True).order_by(
        "region__code", "name"
    )


def invited_agencies(event: Event) -> QuerySet[Agency]:
    return Agency.objects.filter(coaching_invitations__event=event).order_by("name")


def participant_rows(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    return participants.select_related("agency", "unit").order_by("agency__name", "name")


def attended_agency_ids(event: Event) -> list[int]:
    """The agencies with at least one attendee: the default choice for follow-up tasks."""
    return list(
        event.participants.filter(attended_at__isnull=False)
        .values_list("agency_id", flat=True)
        .distinct()
    )


def agency_summary(event: Event) -> list[dict[str, Any]]:
    """Per invited agency: participants registered and attended, tasks and tasks done."""
    agencies = (
        invited_agencies(event)
        .select_related("region")
        .annotate(
            registered=Count(
                "coaching_participants",
                filter=Q(coaching_participants__event=event),
                distinct=True,
            ),
            attended=Count(
                "coaching_participants",
                filter=Q(
                    coaching_participants__event=event,
                    coaching_participants__attended_at__isnull=False,
                ),
                distinct=True,
            ),
        )
        .order_by("region__code", "name")
    )
    return [{"agency": a, "registered": a.registered, "attended": a.attended} for a in agencies]


def feedback_summary(event: Event) -> dict[str, Any]:
    """Mean of each rating (1–5) and the comments, never who gave them."""
    rows = Feedback.objects.filter(event=event)
    means = rows.aggregate(**{name: Avg(name) for name in Feedback.RATINGS})
    labels = {
        name: getattr(Feedback._meta.get_field(name), "verbose_name", name)
        for name in Feedback.RATINGS
    }
    return {
        "count": rows.count(),
        "ratings": [
            {"name": name, "label": labels[name], "mean": means[name]} for name in Feedback.RATINGS
        ],
        "comments": list(rows.exclude(comment="").values_list("comment", flat=True)),
    }


# --- follow-up tasks --------------------------------------------------------------------------
def task_rows(tasks: QuerySet[FollowUpTask]) -> QuerySet[FollowUpTask]:
    return tasks.select_related(
        "agency", "event", "event__coordination_region", "event__province"
    ).annotate(n_reports=Count("reports"))


def filter_tasks(
    tasks: QuerySet[FollowUpTask],
    *,
    state: str = "",
    today: dt.date,
    agency: str = "",
    topic: str = "",
    q: str = "",
) -> QuerySet[FollowUpTask]:
    if state == "overdue":
        tasks = tasks.exclude(status__in=FollowUpTask.CLOSED).filter(due_on__lt=today)
    elif state == "open":
        tasks = tasks.exclude(status__in=FollowUpTask.CLOSED)
    elif state in FollowUpTask.Status.values:
        tasks = tasks.filter(status=state)
    if agency:
        tasks = tasks.filter(agency__code=agency)
    if topic:
        tasks = tasks.filter(Q(topic=topic) | Q(topic="", event__topics__topic=topic)).distinct()
    if q:
        tasks = tasks.filter(
            Q(title__icontains=q) | Q(agency__name__icontains=q) | Q(event__title__icontains=q)
        )
    return tasks


def overdue(tasks: QuerySet[FollowUpTask], *, today: dt.date) -> QuerySet[FollowUpTask]:
    return task_rows(
        tasks.exclude(status__in=FollowUpTask.CLOSED).filter(due_on__lt=today)
    ).order_by("due_on", "agency__name")


def reports_of(task: FollowUpTask) -> QuerySet[Any]:
    return task.reports.select_related(
        "reported_by",
        "standard__service__unit",
        "survey_period__unit",
        "follow_up_action__period__unit",
    )


def evidence_choices(task: FollowUpTask) -> dict[str, QuerySet[Any]]:
    """The agency's records that can be linked as evidence: standards set, survey periods
    with published results and SKM follow-up actions done, from the event on."""
    from prima.standards.models import ServiceStandard
    from prima.surveys.models import FollowUpAction, SurveyPeriod

    since = task.event.local_start.date()
    return {
        "standard": ServiceStandard.objects.filter(
            service__unit__agency=task.agency,
            status__in=ServiceStandard.FORMALLY_SET,
            decree_date__gte=since,
        )
        .select_related("service__unit")
        .order_by("-decree_date"),
        "survey_period": SurveyPeriod.objects.filter(
            unit__agency=task.agency, results_published_at__date__gte=since
        )
        .select_related("unit")
        .order_by("-results_published_at"),
        "follow_up_action": FollowUpAction.objects.filter(
            period__unit__agency=task.agency,
            status=FollowUpAction.Status.DONE,
            completed_on__gte=since,
        )
        .select_related("period__unit")
        .order_by("-completed_on"),
    }


def reminders_due(*, today: dt.date, before: tuple[int, ...]) -> QuerySet[FollowUpTask]:
    """Tasks not yet reported done of published events, due within max(before) days or
    overdue."""
    horizon = today + dt.timedelta(days=max(before))
    return (
        FollowUpTask.objects.exclude(status__in=FollowUpTask.CLOSED)
        .filter(event__status=Event.Status.PUBLISHED, due_on__lte=horizon)
        .select_related("agency", "event")
        .prefetch_related("reminders")
        .order_by("due_on", "pk")
    )


# --- completion ---------------------------------------------------------------------------------
@dataclass
class Completion:
    key: Any
    label: str
    total: int = 0
    done: int = 0  # reported done or verified
    verified: int = 0
    overdue: int = 0

    @property
    def share(self) -> float | None:
        return self.done / self.total if self.total else None


def completion(tasks: QuerySet[FollowUpTask], *, by: str, today: dt.date) -> list[Completion]:
    """Completion of follow-up tasks grouped by "agency", "topic" or "event" (cancelled
    tasks left out), most tasks first."""
    rows = tasks.exclude(status=FollowUpTask.Status.CANCELLED).values_list(
        "pk", "status", "due_on", "topic", "agency_id", "agency__name", "event_id", "event__title"
    )
    groups: dict[Any, Completion] = {}
    event_topics: dict[int, list[str]] = defaultdict(list)
    if by == "topic":
        for event_id, topic in EventTopic.objects.filter(
            event__in=tasks.values("event_id")
        ).values_list("event_id", "topic"):
            event_topics[event_id].append(topic)
    for _pk, status, due_on, topic, agency_id, agency_name, event_id, event_title in rows:
        keys: list[tuple[Any, str]]
        if by == "agency":
            keys = [(agency_id, agency_name)]
        elif by == "event":
            keys = [(event_id, event_title)]
        else:
            codes = [topic] if topic else event_topics.get(event_id, [])
            keys = [(code, str(Topic(code).label)) for code in codes]
        for key, label in keys:
            group = groups.setdefault(key, Completion(key, label))
            group.total += 1
            if status in FollowUpTask.FINISHED:
                group.done += 1
            if status == FollowUpTask.Status.VERIFIED:
                group.verified += 1
            if status not in FollowUpTask.FINISHED and due_on < today:
                group.overdue += 1
    return sorted(groups.values(), key=lambda g: (-g.total, g.label))


# --- reach --------------------------------------------------------------------------------------
@dataclass
class ProvinceReach:
    province: Region
    agencies: int = 0  # regional governments in the province
    took_part: int = 0
    events: set[int] = field(default_factory=set)
    attendees: int = 0
    never: list[Agency] = field(default_factory=list)

    @property
    def share(self) -> float | None:
        return self.took_part / self.agencies if self.agencies else None


@dataclass
class Reach:
    provinces: list[ProvinceReach]
    by_agency: Counter[int]  # agency id -> events attended
    total_agencies: int
    took_part: int

    @property
    def never(self) -> int:
        return self.total_agencies - self.took_part


def reach(*, events: QuerySet[Event]) -> Reach:
    """Which regional governments took part in `events` (at least one attendee), how often,
    and which never did — per province."""
    attended = (
        Participant.objects.filter(event__in=events, attended_at__isnull=False)
        .values_list("agency_id", "event_id")
        .distinct()
    )
    events_by_agency: dict[int, set[int]] = defaultdict(set)
    for agency_id, event_id in attended:
        events_by_agency[agency_id].add(event_id)
    attendees = Counter(
        dict(
            Participant.objects.filter(event__in=events, attended_at__isnull=False)
            .values("agency_id")
            .annotate(n=Count("pk"))
            .values_list("agency_id", "n")
        )
    )
    provinces = {
        r.code: ProvinceReach(r)
        for r in Region.objects.filter(level=Region.Level.PROVINCE, is_active=True).order_by("code")
    }
    agencies = Agency.objects.filter(kind__in=REGIONAL, is_active=True).select_related("region")
    total = took = 0
    for agency in agencies.order_by("name"):
        if agency.region is None:
            continue
        row = provinces.get(agency.region.province_code)
        if row is None:
            continue
        total += 1
        row.agencies += 1
        if agency.pk in events_by_agency:
            took += 1
            row.took_part += 1
            row.events |= events_by_agency[agency.pk]
            row.attendees += attendees[agency.pk]
        else:
            row.never.append(agency)
    return Reach(
        provinces=list(provinces.values()),
        by_agency=Counter({a: len(e) for a, e in events_by_agency.items()}),
        total_agencies=total,
        took_part=took,
    )


def agency_reach_rows(result: Reach, *, limit: int = 50) -> list[tuple[Agency, int]]:
    """The agencies that took part most often."""
    top = result.by_agency.most_common(limit)
    agencies = Agency.objects.in_bulk([pk for pk, _ in top])
    return [(agencies[pk], n) for pk, n in top if pk in agencies]


# --- effect -------------------------------------------------------------------------------------
EFFECT_TOPICS = {
    Topic.STANDARDS: "standards",
    Topic.SKM: "ikm",
}


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@dataclass
class Effect:
    event: Event
    topic: str
    window_end: dt.date
    participants: int  # agencies that attended
    participants_acted: int
    others: int  # invited agencies that did not attend
    others_acted: int

    @property
    def share(self) -> float | None:
        return self.participants_acted / self.participants if self.participants else None

    @property
    def running(self) -> bool:
        return self.window_end >= timezone.localdate()

    @property
    def others_share(self) -> float | None:
        return self.others_acted / self.others if self.others else None


def _acted(agency_ids: set[int], topic: str, start: dt.date, end: dt.date) -> set[int]:
    from prima.standards.models import ServiceStandard
    from prima.surveys.models import SurveyPeriod

    if not agency_ids:
        return set()
    rows: Any
    if topic == Topic.STANDARDS:
        rows = ServiceStandard.objects.filter(
            service__unit__agency_id__in=agency_ids,
            status__in=ServiceStandard.FORMALLY_SET,
            decree_date__gt=start,
            decree_date__lte=end,
        ).values_list("service__unit__agency_id", flat=True)
    else:
        rows = SurveyPeriod.objects.filter(
            unit__agency_id__in=agency_ids,
            results_published_at__date__gt=start,
            results_published_at__date__lte=end,
        ).values_list("unit__agency_id", flat=True)
    return set(rows)


def effects(events: QuerySet[Event]) -> list[Effect]:
    """For each event on service standards or the SKM that has been held: of the agencies that
    attended, how many set a service standard (or published an IKM) within six months after
    it — beside the same share among the agencies invited that did not attend. A window
    still running counts what happened so far (Effect.running)."""
    rows = []
    held = events.filter(topics__topic__in=list(EFFECT_TOPICS), ends_at__lt=timezone.now())
    chosen = with_topics(held.distinct())
    for event in chosen.order_by("starts_at"):
        start = event.local_end.date()
        end = _add_months(start, EFFECT_MONTHS)
        invited = set(event.invitations.values_list("agency_id", flat=True))
        came = set(
            event.participants.filter(attended_at__isnull=False).values_list("agency_id", flat=True)
        )
        others = invited - came
        for topic in event.topic_codes:
            if topic not in EFFECT_TOPICS:
                continue
            rows.append(
                Effect(
                    event=event,
                    topic=topic,
                    window_end=end,
                    participants=len(came),
                    participants_acted=len(_acted(came, topic, start, end)),
                    others=len(others),
                    others_acted=len(_acted(others, topic, start, end)),
                )
            )
    return rows


# --- API ------------------------------------------------------------------------------------
def api_events(events: QuerySet[Event]) -> QuerySet[Event]:
    return with_topics(events).prefetch_related(
        Prefetch(
            "tasks",
            queryset=FollowUpTask.objects.select_related("agency").order_by(
                "due_on", "agency__name", "pk"
            ),
        )
    )
