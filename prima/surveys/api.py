"""Survey endpoints of the JSON API: the published results of every unit (open data).

Only periods whose results the unit has published, of listed units, are shown — to anyone.
No response-level data is ever served here: the results are aggregates per period.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from prima.lib.api import query_params, text_filter, year_filter
from prima.lib.dbrouter import replica_reads
from prima.surveys import aggregates
from prima.surveys.access import published_periods
from prima.surveys.models import SurveyPeriod


class PublishedResultSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    agency = serializers.CharField(source="unit.agency.code", read_only=True)
    region = serializers.CharField(source="unit.region_id", read_only=True)
    service = serializers.CharField(source="service.name", allow_null=True, read_only=True)
    result = serializers.SerializerMethodField()

    class Meta:
        model = SurveyPeriod
        fields = [
            "id",
            "unit",
            "unit_name",
            "agency",
            "region",
            "service",
            "name",
            "kind",
            "starts_on",
            "ends_on",
            "method",
            "population",
            "results_published_at",
            "result",
        ]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_result(self, period: SurveyPeriod) -> dict[str, object]:
        return aggregates.result_of(period).as_json()


class ResultFilters(serializers.Serializer):
    unit = text_filter(help_text="a unit code, e.g. 8104-DUKCAPIL")
    region = text_filter(help_text="a region code prefix: 81 or 81.04")
    year = year_filter(help_text="the year the period ends in")


@extend_schema_view(
    list=extend_schema(summary="Published SKM results", parameters=[ResultFilters]),
    retrieve=extend_schema(summary="One published SKM result"),
)
class PublishedResultViewSet(viewsets.ReadOnlyModelViewSet):
    """The IKM and the nine elements of every published survey period."""

    serializer_class = PublishedResultSerializer
    permission_classes = [permissions.AllowAny]

    @method_decorator(replica_reads)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[SurveyPeriod]:
        periods = (
            published_periods()
            .select_related("unit", "unit__agency", "service", "result")
            .order_by("-ends_on", "unit__code", "pk")
        )
        if self.action != "list":
            return periods
        params = query_params(self.request, ResultFilters)
        if params.get("unit"):
            periods = periods.filter(unit__code=params["unit"])
        region = params.get("region", "")
        if region:
            periods = periods.filter(
                Q(unit__region_id=region) | Q(unit__region__code__startswith=f"{region}.")
            )
        if params.get("year"):
            periods = periods.filter(ends_on__year=params["year"])
        return periods
