"""Coaching endpoints of the JSON API: events with their topics and follow-up tasks.

Published events are open to anyone; an event's organisers also see its drafts. Participants'
names are never served here; tasks show the agency, the deadline and the status. Times are
ISO 8601 with the offset of the event's own zone (`"2020-05-12T09:00:00+09:00"` for WIT),
and `timezone` names the zone. A filter value out of range or unknown answers 400 naming the
filter, never an empty list that looks like an answer.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError

from prima.coaching import access, queries
from prima.coaching.models import Event, FollowUpTask, Topic
from prima.lib.api import query_params
from prima.registry.models import Agency


class FollowUpSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.code", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = FollowUpTask
        fields = [
            "id",
            "agency",
            "agency_name",
            "title",
            "topic",
            "evidence",
            "target",
            "due_on",
            "status",
            "progress",
            "done_on",
            "overdue",
        ]

    def get_overdue(self, task: FollowUpTask) -> bool:
        return task.is_overdue(timezone.localdate())


class EventSerializer(serializers.ModelSerializer):
    topics = serializers.SerializerMethodField()
    organiser = serializers.SerializerMethodField()
    starts_at = serializers.SerializerMethodField()
    ends_at = serializers.SerializerMethodField()
    timezone = serializers.SerializerMethodField()
    follow_ups = FollowUpSerializer(source="tasks", many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "title",
            "kind",
            "mode",
            "status",
            "starts_at",
            "ends_at",
            "timezone",
            "organiser",
            "topics",
            "follow_ups",
        ]

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_starts_at(self, event: Event) -> str:
        """When it starts, with the offset of the event's own zone."""
        return event.local_start.isoformat()

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_ends_at(self, event: Event) -> str:
        return event.local_end.isoformat()

    @extend_schema_field(serializers.ChoiceField(choices=["WIB", "WITA", "WIT"]))
    def get_timezone(self, event: Event) -> str:
        """The zone of the province the event is held in, else of the organising province."""
        return event.zone

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_topics(self, event: Event) -> list[str]:
        return event.topic_codes

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_organiser(self, event: Event) -> dict[str, Any]:
        if event.coordination_region_id:
            region = event.coordination_region
            assert region is not None
            return {"kind": "coordination_region", "code": region.code, "name": region.name}
        province = event.province
        assert province is not None
        return {"kind": "province", "code": province.code, "name": province.name}


class EventFilterSerializer(serializers.Serializer):
    """The list's filters: each refused with a 400 naming it when out of range or unknown. The
    schema declares them from this serializer (prima.lib.api.query_params)."""

    year = serializers.IntegerField(
        required=False,
        min_value=queries.FIRST_YEAR,
        max_value=queries.LAST_YEAR,
        help_text="the year the event starts in, by its own clock (1–9999)",
    )
    topic = serializers.ChoiceField(required=False, choices=Topic.values, help_text="a topic code")
    kind = serializers.ChoiceField(
        required=False,
        choices=[*Event.Kind.values, *Event.FORMER_KINDS],
        help_text="`workshop` is the former name of `lokakarya` and finds it",
    )
    agency = serializers.SlugField(
        required=False, max_length=40, help_text="events an agency (code) was invited to"
    )

    def validate_kind(self, kind: str) -> str:
        return Event.FORMER_KINDS.get(kind, kind)

    def validate_agency(self, code: str) -> str:
        if not Agency.objects.filter(code=code).exists():
            raise ValidationError(_("No agency has this code."))
        return code


@extend_schema_view(
    list=extend_schema(
        summary="Coaching events",
        parameters=[EventFilterSerializer],
        responses={
            200: EventSerializer(many=True),
            400: OpenApiResponse(
                response=OpenApiTypes.OBJECT,
                description="a filter out of range or unknown, e.g. "
                '`{"year": ["Ensure this value is less than or equal to 9999."]}`',
            ),
        },
    ),
    retrieve=extend_schema(summary="One coaching event"),
)
class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Technical guidance events, workshops, coordination meetings, talk sessions and
    mentoring, with their topics and the follow-up tasks of each participating agency."""

    serializer_class = EventSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet[Event]:
        visible = Q(status=Event.Status.PUBLISHED)
        if self.request.user.is_authenticated:
            visible |= Q(pk__in=access.events_organised_by(self.request.user).values("pk"))
        events = queries.api_events(Event.objects.filter(visible)).order_by("-starts_at", "pk")
        if self.action != "list":
            return events
        chosen = query_params(self.request, EventFilterSerializer)
        if "year" in chosen:
            events = queries.in_year(events, chosen["year"])
        if "topic" in chosen:
            events = events.filter(topics__topic=chosen["topic"])
        if "kind" in chosen:
            events = events.filter(kind=chosen["kind"])
        if "agency" in chosen:
            events = events.filter(invitations__agency__code=chosen["agency"])
        return events.distinct()
