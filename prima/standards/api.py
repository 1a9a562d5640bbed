"""Standards endpoints of the JSON API (open data): the standards in force of listed units,
with their 14 components, and the same records shaped for HSDS and SIPP Nasional."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from prima.lib.api import choice_filter, query_params, text_filter
from prima.lib.exports import DIALECTS, dialect_of, stream_csv
from prima.lib.http import absolute_url
from prima.standards import exports, queries
from prima.standards.models import ServiceStandard

STATUSES = sorted(s.value for s in ServiceStandard.IN_FORCE)


def public_url(request: Any, standard: ServiceStandard) -> str:
    path = reverse("standards:standard", args=[standard.service.unit.code, standard.pk])
    return absolute_url(path, request)


class StandardSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="service.unit.code", read_only=True)
    unit_name = serializers.CharField(source="service.unit.name", read_only=True)
    agency = serializers.CharField(source="service.unit.agency.code", read_only=True)
    region = serializers.CharField(source="service.unit.region_id", read_only=True)
    service = serializers.CharField(source="service.name", read_only=True)
    service_id = serializers.IntegerField(source="service.pk", read_only=True)
    decree = serializers.SerializerMethodField()
    components = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = ServiceStandard
        fields = [
            "id",
            "unit",
            "unit_name",
            "agency",
            "region",
            "service_id",
            "service",
            "version",
            "status",
            "decree",
            "published_at",
            "review_due_on",
            "components",
            "url",
        ]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_decree(self, standard: ServiceStandard) -> dict[str, Any]:
        return {
            "number": standard.decree_number,
            "date": standard.decree_date.isoformat() if standard.decree_date else None,
            "signed_by": standard.signer_name,
            "position": standard.signer_position,
        }

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_components(self, standard: ServiceStandard) -> dict[str, Any]:
        return exports.components_json(standard)

    def get_url(self, standard: ServiceStandard) -> str:
        return public_url(self.context["request"], standard)


class StandardFilters(serializers.Serializer):
    status = choice_filter(
        STATUSES,
        help_text="published or under_review (both by default); drafts are never public",
        error_messages={
            "invalid_choice": f"Use one of: {', '.join(STATUSES)}. Drafts are not public."
        },
    )
    unit = text_filter(help_text="a unit code, e.g. 8104-DUKCAPIL")
    region = text_filter(help_text="a region code prefix: 81 or 81.04")
    agency = text_filter(help_text="an agency code")


class SippnFilters(StandardFilters):
    output = choice_filter(["json", "csv"], help_text="json (default) or csv")
    dialect = choice_filter(
        list(DIALECTS),
        help_text="with output=csv: standard (default: commas, decimal points) or excel-id "
        "(semicolons and decimal commas, as Excel set to Indonesian reads a CSV)",
    )


@extend_schema_view(
    list=extend_schema(summary="Service standards in force", parameters=[StandardFilters]),
    retrieve=extend_schema(summary="One service standard in force"),
)
class StandardViewSet(viewsets.ReadOnlyModelViewSet):
    """Standards set and published by listed units, with their 14 components. Drafts and
    superseded versions are never served here."""

    serializer_class = StandardSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet[ServiceStandard]:
        standards = queries.published_standards().order_by("service__unit__code", "service__name")
        if self.action == "retrieve":
            return standards
        params = query_params(
            self.request, SippnFilters if self.action == "sippn" else StandardFilters
        )
        if params.get("status"):
            standards = standards.filter(status=params["status"])
        if params.get("unit"):
            standards = standards.filter(service__unit__code=params["unit"])
        if params.get("agency"):
            standards = standards.filter(service__unit__agency__code=params["agency"])
        region = params.get("region", "")
        if region:
            standards = standards.filter(
                Q(service__unit__region_id=region)
                | Q(service__unit__region__code__startswith=f"{region}.")
            )
        return standards

    @extend_schema(
        summary="Standards in force as Open Referral HSDS services",
        parameters=[StandardFilters],
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=False, url_path="hsds", pagination_class=None)
    def hsds(self, request: Request) -> Response:
        standards = self.get_queryset()
        return Response(
            {
                "hsds_version": "3.0",
                "services": [
                    exports.hsds_service(s, url=public_url(request, s)) for s in standards
                ],
            }
        )

    @extend_schema(
        summary="Standards in force in SIPP Nasional's fields (JSON, or CSV with output=csv)",
        parameters=[SippnFilters],
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (200, "text/csv"): OpenApiTypes.STR,
        },
    )
    @action(detail=False, url_path="sippn", pagination_class=None)
    def sippn(self, request: Request) -> Any:
        rows = [exports.sippn_row(s, url=public_url(request, s)) for s in self.get_queryset()]
        if request.query_params.get("output") == "csv":  # checked by get_queryset
            return stream_csv(
                "standar-pelayanan-sippn.csv",
                exports.SIPPN_FIELDS,
                ([row[f] for f in exports.SIPPN_FIELDS] for row in rows),
                dialect=dialect_of(request.query_params),
            )
        return Response({"fields": exports.SIPPN_FIELDS, "services": rows})
