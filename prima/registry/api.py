"""Registry endpoints of the JSON API (/api/v1/).

Reference data is public and read-only: regions, coordination regions, agencies, listed
service units and their services. Staff with a token also see the unlisted units in their
scope, and may change what they administer (PATCH a unit, add or change a service) through
the same actions and access rules as the pages.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, mixins, permissions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from prima.accounts.requests import api_user
from prima.lib.api import (
    StrictCharField,
    StrictIntegerField,
    StrictModelSerializer,
    choice_filter,
    query_params,
    text_filter,
)
from prima.registry import access, actions, opening_hours, queries
from prima.registry.models import Agency, CoordinationRegion, Region, Service, ServiceUnit


# --- serializers ----------------------------------------------------------------------------
class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent_id", allow_null=True, read_only=True)  # type: ignore[assignment]
    province = serializers.CharField(source="province_code", read_only=True)
    # Provinces only: a regency or city answers null.
    coordination_region: serializers.SlugRelatedField[CoordinationRegion] = (
        serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    )
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = Region
        fields = [
            "code",
            "name",
            "display_name",
            "level",
            "kind",
            "parent",
            "province",
            "timezone",
            "coordination_region",
            "is_active",
            "source",
        ]


class CoordinationRegionSerializer(serializers.ModelSerializer):
    provinces: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = CoordinationRegion
        fields = ["code", "name", "description", "provinces"]


class AgencySerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id", allow_null=True, read_only=True)

    class Meta:
        model = Agency
        fields = [
            "code",
            "name",
            "kind",
            "region",
            "address",
            "website",
            "email",
            "phone",
            "is_active",
        ]


class OpeningPeriodSerializer(serializers.Serializer):
    day = StrictIntegerField(min_value=0, max_value=6, help_text="0 = Monday … 6 = Sunday")
    opens = StrictCharField(help_text="HH:MM, local time of the unit")
    closes = StrictCharField(help_text="HH:MM, local time of the unit; 24:00 allowed")


class ServiceSerializer(StrictModelSerializer):
    unit: serializers.SlugRelatedField[ServiceUnit] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Service
        fields = ["id", "unit", "name", "kind", "description", "is_active"]


class UnitSerializer(StrictModelSerializer):
    agency: serializers.SlugRelatedField[Agency] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    region: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.filter(is_active=True)
    )
    timezone = serializers.CharField(source="region.timezone", read_only=True)
    opening_hours = OpeningPeriodSerializer(many=True, required=False)
    services = serializers.SerializerMethodField()

    class Meta:
        model = ServiceUnit
        fields = [
            "code",
            "name",
            "kind",
            "agency",
            "region",
            "timezone",
            "address",
            "delivery_mode",
            "opening_hours",
            "phone",
            "email",
            "website",
            "is_active",
            "services",
        ]
        read_only_fields = ["code", "agency"]

    def get_services(self, unit: ServiceUnit) -> list[str]:
        # Prefetched by the view as `offered_services`.
        offered = getattr(unit, "offered_services", None)
        if offered is None:
            offered = unit.services.filter(is_active=True)
        return [s.name for s in offered]

    def validate_region(self, region: Region) -> Region:
        unit = self.instance
        if isinstance(unit, ServiceUnit) and not unit.agency.serves_in(region):
            raise serializers.ValidationError(
                f"A unit of {unit.agency.name} serves inside region {unit.agency.region_id}."
            )
        return region

    def validate_opening_hours(self, value: list[dict[str, Any]]) -> list[dict[str, object]]:
        try:
            return [p.as_dict() for p in opening_hours.parse(value)]
        except opening_hours.OpeningHoursError as error:
            raise serializers.ValidationError(str(error)) from error


# --- query parameters of the lists ----------------------------------------------------------
class RegionFilters(serializers.Serializer):
    level = choice_filter(["province", "regency"], help_text="Only this level.")
    # DRF takes declared fields off the class, so `parent` does not shadow Field.parent.
    parent = text_filter(help_text="Regencies/cities of this province code, e.g. 81.")  # type: ignore[assignment]
    q = text_filter(help_text="Words in the name.")
    include_inactive = serializers.BooleanField(
        required=False, help_text="Also codes no longer in use (kept, inactive)."
    )


class AgencyFilters(serializers.Serializer):
    region = text_filter(help_text="Kemendagri code prefix, e.g. 81 or 81.04.")
    kind = choice_filter(Agency.Kind.choices)
    q = text_filter(help_text="Words in the name or code.")


class UnitFilters(serializers.Serializer):
    region = text_filter(help_text="Kemendagri code prefix: 81 (a province) or 81.04 (a regency).")
    agency = text_filter(help_text="Agency code.")
    kind = choice_filter(ServiceUnit.Kind.choices)
    q = text_filter(help_text="Words in the name, code, agency or region.")


class ServiceFilters(serializers.Serializer):
    unit = text_filter(help_text="Unit code.")


# --- views (anyone may read; writing needs a signed-in user, and the access functions decide
# what it may change) --------------------------------------------------------------------------
@extend_schema_view(
    list=extend_schema(
        summary="Provinces and regencies/cities with Kemendagri codes",
        parameters=[RegionFilters],
    ),
    retrieve=extend_schema(summary="One region by its Kemendagri code, e.g. 96.01"),
)
class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RegionSerializer
    permission_classes = [permissions.AllowAny]
    lookup_value_regex = r"\d{2}(?:\.\d{2})?"
    queryset = Region.objects.select_related("coordination_region")

    def get_queryset(self) -> QuerySet[Region]:
        regions = super().get_queryset()
        if self.action != "list":
            return regions
        params = query_params(self.request, RegionFilters)
        level = params.get("level")
        if level == "province":
            regions = regions.filter(level=Region.Level.PROVINCE)
        elif level == "regency":
            regions = regions.filter(level=Region.Level.REGENCY)
        if params.get("parent"):
            regions = regions.filter(parent_id=params["parent"])
        if not params.get("include_inactive"):
            regions = regions.filter(is_active=True)
        for word in params.get("q", "").split()[:6]:
            regions = regions.filter(name__icontains=word)
        return regions.order_by("code")


@extend_schema_view(
    list=extend_schema(summary="KemenPANRB coordination regions (Wilayah I, II, III)"),
    retrieve=extend_schema(summary="One coordination region with its province codes"),
)
class CoordinationRegionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CoordinationRegionSerializer
    permission_classes = [permissions.AllowAny]
    queryset = CoordinationRegion.objects.prefetch_related("provinces").order_by("code")
    lookup_field = "code"


@extend_schema_view(
    list=extend_schema(
        summary="Agencies: ministries, national agencies, regional governments",
        parameters=[AgencyFilters],
    ),
    retrieve=extend_schema(summary="One agency by its code"),
)
class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AgencySerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Agency]:
        visible = Q(is_active=True) | Q(
            pk__in=access.agencies_visible_to(self.request.user).values("pk")
        )
        agencies = Agency.objects.filter(visible)
        if self.action != "list":
            return agencies
        params = query_params(self.request, AgencyFilters)
        return queries.search_agencies(
            agencies,
            q=params.get("q", ""),
            kind=params.get("kind", ""),
            region_prefix=params.get("region", ""),
        )


@extend_schema_view(
    list=extend_schema(
        summary="Service units, each with its national code",
        parameters=[UnitFilters],
    ),
    retrieve=extend_schema(summary="One service unit by its code"),
    partial_update=extend_schema(summary="Change a unit you administer or operate"),
)
class UnitViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = UnitSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    lookup_field = "code"
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[ServiceUnit]:
        units = access.units_visible_to(self.request.user, include_public=True)
        if self.action == "list":
            params = query_params(self.request, UnitFilters)
            units = queries.search_units(
                units,
                q=params.get("q", ""),
                region_prefix=params.get("region", ""),
                kind=params.get("kind", ""),
                agency_code=params.get("agency", ""),
            )
        return units.select_related("agency", "region").prefetch_related(
            Prefetch(
                "services",
                queryset=Service.objects.filter(is_active=True).order_by("name"),
                to_attr="offered_services",
            )
        )

    def get_object(self) -> ServiceUnit:
        code = self.kwargs["code"]
        if self.request.method in permissions.SAFE_METHODS:
            unit = self.get_queryset().filter(code=code).first()
            # Not public and not in scope: the access function records the refusal (404).
            return unit or access.get_unit_for_user(self.request.user, code)[0]
        return access.get_unit_for_user(self.request.user, code, write=True)[0]

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        unit = self.get_object()
        serializer = self.get_serializer(unit, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        allowed = access.unit_rights(request.user, unit).fields
        refused = sorted(set(serializer.validated_data) - set(allowed))
        if refused:
            return Response(
                {"detail": f"You may not change: {', '.join(refused)}."},
                status=status.HTTP_403_FORBIDDEN,
            )
        actions.update_unit(
            unit, actor=api_user(request), allowed=allowed, **serializer.validated_data
        )
        return Response(self.get_serializer(unit).data)


class ServiceWriteSerializer(StrictModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=ServiceUnit.objects.all())

    class Meta:
        model = Service
        fields = ["id", "unit", "name", "kind", "description", "is_active"]
        # Uniqueness per unit is checked by the action's full_clean, with a clear message.
        validators: list[Any] = []


@extend_schema_view(
    get=extend_schema(summary="Services offered by listed units", parameters=[ServiceFilters]),
    post=extend_schema(summary="Add a service to a unit you administer or operate"),
)
class ServiceListView(generics.ListCreateAPIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return ServiceWriteSerializer if self.request.method == "POST" else ServiceSerializer

    def get_queryset(self) -> QuerySet[Service]:
        # Offered services of listed units for everyone; every service of the units in the
        # caller's own scope (including ones no longer offered) for staff.
        services = access.services_visible_to(self.request.user)
        unit = query_params(self.request, ServiceFilters).get("unit")
        if unit:
            services = services.filter(unit__code=unit)
        return services.order_by("unit__code", "name")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ServiceWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        unit, rights = access.get_unit_for_user(request.user, data.pop("unit").code, write=True)
        if queries.service_name_taken(unit, data["name"]):
            return Response(
                {"name": ["This unit already offers a service with this name."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        service = actions.create_service(actor=api_user(request), unit=unit, **data)
        return Response(ServiceSerializer(service).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(summary="One service"),
    patch=extend_schema(summary="Change a service of a unit you administer or operate"),
)
class ServiceDetailView(generics.RetrieveUpdateAPIView):
    serializer_class = ServiceSerializer

    def get_queryset(self) -> QuerySet[Service]:
        return access.services_visible_to(self.request.user)

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self) -> Service:
        pk = self.kwargs["pk"]
        if self.request.method in permissions.SAFE_METHODS:
            service = self.get_queryset().filter(pk=pk).first()
            return service or access.get_service_for_user(self.request.user, pk)
        return access.get_service_for_user(self.request.user, pk, write=True)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        service = self.get_object()
        serializer = ServiceSerializer(service, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        actions.update_service(service, actor=api_user(request), **serializer.validated_data)
        return Response(ServiceSerializer(service).data)


@extend_schema(responses={200: OpenApiTypes.OBJECT}, summary="Who the token or session belongs to")
class MeView(generics.GenericAPIView):
    def get(self, request: Request) -> Response:
        user = api_user(request)  # IsAuthenticated: never anonymous here
        roles = [
            {
                "role": m.role,
                "region": m.region_id,
                "agency": m.agency.code if m.agency else None,
                "unit": m.unit.code if m.unit else None,
            }
            for m in user.memberships.select_related("agency", "unit")
        ]
        return Response(
            {"username": user.get_username(), "full_name": user.full_name, "roles": roles}
        )
