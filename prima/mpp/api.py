"""MPP endpoints of the JSON API: the MPPs, their tenants and services, and their daily
figures — read-only.

Published MPPs of listed units are open to anyone (prima.mpp.access.public_mpps); a signed-in
officer (session or API token) also sees the unpublished MPPs of their scope
(prima.mpp.access.mpps_visible_to). A tenant is listed while present today; a service while it
is offered.

Daily figures (`/api/v1/mpps/{code}/days/`) come from the per-MPP day aggregates (MppDay):
the totals of an MPP's day — visitors, transactions, average minutes waited and served
(totals over transactions), tenants present and absent, counters in use and idle — are public
for a published MPP, as in the open data (dataset `mpp`). Which tenants were absent, by name,
is for the staff who read the MPP: `absent_tenants` is null for anyone else.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
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
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from prima.lib.api import query_params, text_filter
from prima.mpp import access
from prima.mpp.models import Mpp, MppDay, Offering, Tenant, TenantDay, present_on

REGION_CODE = re.compile(r"\d{2}(\.\d{2})?")
BOOLEAN = ("true", "false")


def average(total: int, count: int) -> float | None:
    """Minutes per transaction, to one decimal; None on a day without transactions."""
    return round(total / count, 1) if count else None


class TenantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tenant
        fields = ["name", "kind", "joined_on", "floor"]


class ServiceOfferedSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="service.name", read_only=True)
    service = serializers.IntegerField(
        source="service_id", read_only=True, help_text="the registry service of the MPP's unit"
    )
    tenant = serializers.CharField(source="tenant.name", read_only=True)
    channels = serializers.SerializerMethodField()

    class Meta:
        model = Offering
        fields = ["name", "service", "tenant", "channels", "registration_url", "daily_quota"]

    @extend_schema_field(
        serializers.ListField(
            child=serializers.ChoiceField(choices=["walk_in", "pre_registration", "digital"]),
            help_text="walk_in, pre_registration (online, required) and/or digital (also online)",
        )
    )
    def get_channels(self, offering: Offering) -> list[str]:
        flags = (
            ("walk_in", offering.walk_in),
            ("pre_registration", offering.pre_registration),
            ("digital", offering.digital),
        )
        return [name for name, on in flags if on]


class MppSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="unit.code", read_only=True)
    name = serializers.CharField(source="unit.name", read_only=True)
    agency = serializers.CharField(source="unit.agency.code", read_only=True)
    region = serializers.CharField(source="unit.region_id", read_only=True)
    region_name = serializers.CharField(source="unit.region.name", read_only=True)
    address = serializers.CharField(source="unit.address", read_only=True)
    manager = serializers.CharField(
        source="manager.code",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="the managing unit's code, usually the DPMPTSP",
    )
    manager_name = serializers.CharField(
        source="manager.name", read_only=True, allow_null=True, default=None
    )
    tenants = serializers.SerializerMethodField()
    services = serializers.SerializerMethodField()

    class Meta:
        model = Mpp
        fields = [
            "code",
            "name",
            "agency",
            "region",
            "region_name",
            "address",
            "manager",
            "manager_name",
            "legal_basis",
            "proposed_on",
            "soft_launched_on",
            "inaugurated_on",
            "latitude",
            "longitude",
            "is_digital_pilot",
            "digital_url",
            "is_published",
            "tenants",
            "services",
        ]

    @extend_schema_field(TenantSerializer(many=True))
    def get_tenants(self, mpp: Mpp) -> list[dict[str, Any]]:
        return TenantSerializer(mpp.present_tenants, many=True).data  # type: ignore[attr-defined,return-value]

    @extend_schema_field(ServiceOfferedSerializer(many=True))
    def get_services(self, mpp: Mpp) -> list[dict[str, Any]]:
        offered = [o for t in mpp.present_tenants for o in t.offered]  # type: ignore[attr-defined]
        offered.sort(key=lambda o: (o.service.name, o.pk))
        return ServiceOfferedSerializer(offered, many=True).data  # type: ignore[return-value]


class MppDaySerializer(serializers.ModelSerializer):
    average_wait_minutes = serializers.SerializerMethodField()
    average_service_minutes = serializers.SerializerMethodField()
    absent_tenants = serializers.SerializerMethodField()

    class Meta:
        model = MppDay
        fields = [
            "date",
            "visitors",
            "transactions",
            "average_wait_minutes",
            "average_service_minutes",
            "tenants",
            "tenants_absent",
            "counters",
            "counters_idle",
            "absent_tenants",
        ]
        extra_kwargs = {
            "tenants": {"help_text": "tenants present that day"},
            "tenants_absent": {"help_text": "tenants present yet with no counter staffed"},
            "counters": {"help_text": "counters in use that day"},
            "counters_idle": {"help_text": "counters in use, yet not opened or not staffed"},
        }

    @extend_schema_field(
        serializers.FloatField(
            allow_null=True, help_text="minutes waited in total over transactions; null if none"
        )
    )
    def get_average_wait_minutes(self, day: MppDay) -> float | None:
        return average(day.wait_minutes, day.transactions)

    @extend_schema_field(
        serializers.FloatField(
            allow_null=True, help_text="minutes served in total over transactions; null if none"
        )
    )
    def get_average_service_minutes(self, day: MppDay) -> float | None:
        return average(day.service_minutes, day.transactions)

    @extend_schema_field(
        serializers.ListField(
            child=serializers.CharField(),
            allow_null=True,
            help_text="the absent tenants' names, for staff who read the MPP; null otherwise",
        )
    )
    def get_absent_tenants(self, day: MppDay) -> list[str] | None:
        absent: dict[dt.date, list[str]] | None = self.context.get("absent")
        if absent is None:
            return None
        return absent.get(day.date, [])


class MppFilters(serializers.Serializer):
    q = text_filter(help_text="words in the MPP's name")
    region = text_filter(help_text="a region code: 81 (the province and its regencies) or 81.71")
    digital_pilot = serializers.ChoiceField(
        choices=BOOLEAN, required=False, allow_blank=True, help_text="true or false"
    )

    def validate_region(self, code: str) -> str:
        if not REGION_CODE.fullmatch(code):
            raise ValidationError(
                _("Give a region code of two digits, or two and two: 81 or 81.04.")
            )
        return code


class DayFilters(serializers.Serializer):
    since = serializers.DateField(
        required=False, help_text="the first day, e.g. 2026-06-01 (included)"
    )
    until = serializers.DateField(required=False, help_text="the last day (included)")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        since, until = attrs.get("since"), attrs.get("until")
        if since and until and since > until:
            raise ValidationError({"until": [_("The last day comes before the first.")]})
        return attrs


BAD_FILTER = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description='a filter value it does not take, e.g. `{"region": [...]}`',
)


@extend_schema_view(
    list=extend_schema(
        summary="Mal Pelayanan Publik (MPP)",
        parameters=[MppFilters],
        responses={200: MppSerializer(many=True), 400: BAD_FILTER},
    ),
    retrieve=extend_schema(summary="One MPP, by its unit code (e.g. 8171-MPP)"),
)
class MppViewSet(viewsets.ReadOnlyModelViewSet):
    """Public service malls (MPP): the managing unit, the dates from proposal to
    inauguration, the location, the tenants present today and the services they offer there.
    Published MPPs for everyone; the unpublished ones of their scope for signed-in officers."""

    serializer_class = MppSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "unit__code"
    lookup_url_kwarg = "code"

    def _visible(self) -> QuerySet[Mpp]:
        condition = access.PUBLISHED
        if self.request.user.is_authenticated:
            scoped = access.mpps_visible_to(self.request.user).values("pk")
            condition = condition | Q(pk__in=scoped)
        return Mpp.objects.filter(condition)

    def get_queryset(self) -> QuerySet[Mpp]:
        today = timezone.localdate()
        offered = Offering.objects.filter(is_active=True).select_related("service")
        tenants = (
            Tenant.objects.filter(present_on(today))
            .prefetch_related(Prefetch("offerings", queryset=offered, to_attr="offered"))
            .order_by("name", "pk")
        )
        mpps = (
            self._visible()
            .select_related("unit", "unit__agency", "unit__region", "manager")
            .prefetch_related(Prefetch("tenants", queryset=tenants, to_attr="present_tenants"))
            .order_by("unit__name", "unit__code")
        )
        if self.action != "list":
            return mpps
        chosen = query_params(self.request, MppFilters)
        if chosen.get("q"):
            for word in chosen["q"].split():
                mpps = mpps.filter(unit__name__icontains=word)
        if chosen.get("region"):
            mpps = mpps.filter(
                Q(unit__region_id=chosen["region"]) | Q(unit__region__parent_id=chosen["region"])
            )
        if chosen.get("digital_pilot"):
            mpps = mpps.filter(is_digital_pilot=chosen["digital_pilot"] == "true")
        return mpps

    @extend_schema(
        summary="An MPP's daily figures",
        parameters=[DayFilters],
        responses={200: MppDaySerializer(many=True), 400: BAD_FILTER},
    )
    @action(detail=True, url_path="days", serializer_class=MppDaySerializer)
    def days(self, request: Request, code: str | None = None) -> Response:
        """Each day with figures, newest first: visitors, transactions, average minutes waited
        and served, tenants present and absent, counters in use and idle. The absent tenants'
        names only for staff who read the MPP."""
        mpp = self.get_object()
        # A date parameter given empty is not a date (the schema says so), unlike the lists'
        # text filters, where empty means "not given".
        empty = {
            name: [_("Give a date as YYYY-MM-DD.")]
            for name in ("since", "until")
            if request.query_params.get(name, None) == ""
        }
        if empty:
            raise ValidationError(empty)
        chosen = query_params(request, DayFilters)
        days = MppDay.objects.filter(mpp=mpp).order_by("-date")
        if chosen.get("since"):
            days = days.filter(date__gte=chosen["since"])
        if chosen.get("until"):
            days = days.filter(date__lte=chosen["until"])
        page = self.paginate_queryset(days)
        rows = list(page if page is not None else days)
        context = dict(self.get_serializer_context())
        if access.mpp_rights(request.user, mpp).read:
            context["absent"] = absent_by_day(mpp, [d.date for d in rows])
        data = MppDaySerializer(rows, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)


def absent_by_day(mpp: Mpp, dates: list[dt.date]) -> dict[dt.date, list[str]]:
    """The names of the tenants absent on each of `dates` (staff only)."""
    absent: dict[dt.date, list[str]] = {}
    rows = (
        TenantDay.objects.filter(tenant__mpp=mpp, date__in=dates, is_absent=True)
        .order_by("date", "tenant__name")
        .values_list("date", "tenant__name")
    )
    for day, name in rows:
        absent.setdefault(day, []).append(name)
    return absent
