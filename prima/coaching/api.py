"""Coaching endpoints of the JSON API: events with their topics and follow-up tasks.

Published events are open to anyone; an event's organisers also see its drafts. Participants'
names are never served here; tasks show the agency, the deadline and the status.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, viewsets

from prima.coaching import access, queries
from prima.coaching.models import Event, FollowUpTask, Topic
from prima.lib.api import choice_filter, query_params, text_filter, year_filter


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
            "organiser",
            "topics",
            "follow_ups",
        ]

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


class EventFilters(serializers.Serializer):
    year = year_filter(help_text="the year the event starts in")
    topic = choice_filter(Topic.choices, help_text="a topic code")
    kind = choice_filter(Event.Kind.choices)
    agency = text_filter(help_text="events an agency (code) was invited to")


@extend_schema_view(
    list=extend_schema(summary="Coaching events", parameters=[EventFilters]),
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
        params = query_params(self.request, EventFilters)
        if params.get("year"):
            events = events.filter(starts_at__year=params["year"])
        if params.get("topic"):
            events = events.filter(topics__topic=params["topic"])
        if params.get("kind"):
            events = events.filter(kind=params["kind"])
        if params.get("agency"):
            events = events.filter(invitations__agency__code=params["agency"])
        return events.distinct()
