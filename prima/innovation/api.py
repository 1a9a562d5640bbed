"""Innovation endpoints of the JSON API: the registry, read-only.

Published innovations of listed units are open to anyone; a signed-in officer (session or API
token) also sees the unpublished ones of the units in their scope. `status` is the status as
shown today: `tidak_diketahui` (unknown) once nobody confirmed it for a year, whatever was
confirmed last (`confirmed_status`). A filter value that is not one of its choices answers
400 naming the filter.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
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

from prima.innovation import access, queries
from prima.innovation.models import Innovation, Measure, Replication
from prima.innovation.models.registry import Stage, Theme
from prima.lib.api import choice_filter, query_params, text_filter
from prima.lib.http import absolute_url

REGION_CODE = re.compile(r"\d{2}(\.\d{2})?")


class MeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Measure
        fields = ["name", "unit_of_measure", "before", "after", "measured_on", "source"]


class SpreadSerializer(serializers.ModelSerializer):
    """A replication of the innovation: the adopting unit and, when visible, its own entry."""

    adopter_unit = serializers.CharField(source="adopter_unit.code", read_only=True)
    adopter_unit_name = serializers.CharField(source="adopter_unit.name", read_only=True)
    adopter_innovation = serializers.SerializerMethodField()

    class Meta:
        model = Replication
        fields = ["adopter_unit", "adopter_unit_name", "adopter_innovation", "started_on", "state"]

    @extend_schema_field(
        serializers.IntegerField(
            allow_null=True, help_text="the adopter's own entry, when it is visible to the reader"
        )
    )
    def get_adopter_innovation(self, replication: Replication) -> int | None:
        visible: set[int] = self.context["visible_ids"]
        adopter = replication.adopter_innovation_id
        return adopter if adopter in visible else None


class InnovationSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    agency = serializers.CharField(source="unit.agency.code", read_only=True)
    region = serializers.CharField(source="unit.region_id", read_only=True)
    status = serializers.SerializerMethodField()
    confirmed_status = serializers.CharField(source="status", read_only=True)
    services = serializers.SerializerMethodField()
    measures = MeasureSerializer(many=True, read_only=True)
    replicates = serializers.SerializerMethodField()
    spread = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Innovation
        fields = [
            "id",
            "title",
            "summary",
            "problem",
            "theme",
            "kind",
            "stage",
            "started_on",
            "status",
            "confirmed_status",
            "status_confirmed_on",
            "unit",
            "unit_name",
            "agency",
            "region",
            "services",
            "measures",
            "replicates",
            "spread",
            "website",
            "jippnas_id",
            "is_published",
            "url",
        ]

    @extend_schema_field(
        serializers.ChoiceField(choices=queries.STATUS_CHOICES, help_text="as shown today")
    )
    def get_status(self, innovation: Innovation) -> str:
        return innovation.status_on(self.context["today"])

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_services(self, innovation: Innovation) -> list[str]:
        return [service.name for service in innovation.services.all()]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_replicates(self, innovation: Innovation) -> list[int]:
        visible: set[int] = self.context["visible_ids"]
        return [r.source_id for r in innovation.replicated_from.all() if r.source_id in visible]

    @extend_schema_field(SpreadSerializer(many=True))
    def get_spread(self, innovation: Innovation) -> list[dict[str, Any]]:
        return SpreadSerializer(innovation.replications.all(), many=True, context=self.context).data  # type: ignore[return-value]

    @extend_schema_field(
        serializers.URLField(allow_null=True, help_text="the public page; null while unpublished")
    )
    def get_url(self, innovation: Innovation) -> str | None:
        if not innovation.is_published:
            return None
        path = reverse("innovation:innovation", args=[innovation.pk])
        return absolute_url(path, self.context["request"])


class InnovationFilters(serializers.Serializer):
    q = text_filter(help_text="words in the name, summary or problem")
    service = text_filter(help_text="part of the name of a service it changed, e.g. KTP")
    region = text_filter(help_text="a region code: 81 (the province and its regencies) or 81.04")
    stage = choice_filter(list(Stage.values), help_text="inisiatif, uji_coba or penerapan")
    theme = choice_filter(list(Theme.values), help_text="a theme code")
    status = choice_filter(
        queries.STATUS_CHOICES,
        help_text="as shown today; tidak_diketahui for those nobody confirmed for a year",
    )
    kind = choice_filter(list(Innovation.Kind.values), help_text="original or replikasi")
    unit = text_filter(help_text="a unit code, e.g. 8104-DUKCAPIL")

    def validate_region(self, code: str) -> str:
        if not REGION_CODE.fullmatch(code):
            raise ValidationError(
                _("Give a region code of two digits, or two and two: 81 or 81.04.")
            )
        return code


@extend_schema_view(
    list=extend_schema(
        summary="Public-service innovations",
        parameters=[InnovationFilters],
        responses={
            200: InnovationSerializer(many=True),
            400: OpenApiResponse(
                response=OpenApiTypes.OBJECT,
                description='a filter value not among its choices, e.g. `{"stage": [...]}`',
            ),
        },
    ),
    retrieve=extend_schema(summary="One public-service innovation"),
)
class InnovationViewSet(viewsets.ReadOnlyModelViewSet):
    """The innovation registry: what each unit changed, since when, its stage and status (as
    shown today), before/after measures and the replication network. Published entries for
    everyone; the unpublished ones of their scope for signed-in officers."""

    serializer_class = InnovationSerializer
    permission_classes = [permissions.AllowAny]

    def _visible(self) -> QuerySet[Innovation]:
        condition = access.PUBLISHED
        if self.request.user.is_authenticated:
            scoped = access.innovations_visible_to(self.request.user).values("pk")
            condition = condition | Q(pk__in=scoped)
        return Innovation.objects.filter(condition)

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["today"] = timezone.localdate()
        context["visible_ids"] = set(self._visible().values_list("pk", flat=True))
        return context

    def get_queryset(self) -> QuerySet[Innovation]:
        innovations = queries.api_innovations(self._visible()).order_by("title", "pk")
        if self.action != "list":
            return innovations
        chosen = query_params(self.request, InnovationFilters)
        filters = queries.Filters(**{k: v for k, v in chosen.items() if v})
        return queries.filter_innovations(innovations, filters, today=timezone.localdate())
