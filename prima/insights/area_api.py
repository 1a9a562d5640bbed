"""The national picture in the JSON API (issue 20 item 5): GET /api/v1/insights/areas/<code>/
for Indonesia (`ID`), a Wilayah (`I`, `II`, `III`), a province (`81`) or a regency/city
(`81.04`), and for the levels below them, `agency:<code>` and `unit:<code>`.

Anyone may read the public figures; a caller whose roles cover the whole area (a session or an
API token) reads the staff figures (docs/guide/national-picture.md, *Audiences*). The figures
are read from the pre-aggregated tables in a fixed number of queries.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from prima.accounts.scope import scope_for
from prima.insights import national
from prima.insights.models import Audience
from prima.lib.api import query_params
from prima.lib.dbrouter import replica_reads

FIRST_YEAR = 2000


class AreaFilters(serializers.Serializer):
    year = serializers.IntegerField(
        required=False,
        min_value=FIRST_YEAR,
        max_value=2100,
        help_text="the calendar year of the figures (default: this year)",
    )


class SkmSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    units_with_result = serializers.IntegerField(
        help_text="units whose whole-unit period ending last in the year has an index"
    )
    ikm_mean = serializers.FloatField(
        allow_null=True, help_text="mean of those units' unrounded IKM, four decimals"
    )
    ikm_mean_rounded = serializers.FloatField(allow_null=True, help_text="two decimals")
    by_mutu = serializers.DictField(
        child=serializers.IntegerField(), help_text="units whose sample was met, by grade A–D"
    )
    below_sample = serializers.IntegerField(help_text="units whose sample fell short")
    weakest_elements = serializers.ListField(
        child=serializers.CharField(), help_text="the nine elements pooled, weakest first"
    )


class IppSerializer(serializers.Serializer):
    cycle = serializers.IntegerField(
        allow_null=True,
        help_text="the latest published PEKPPP Nasional cycle of the year or before",
    )
    cycle_year = serializers.IntegerField(allow_null=True)
    lokus = serializers.IntegerField()
    ipp_mean = serializers.FloatField(allow_null=True, help_text="two decimals")
    by_category = serializers.DictField(child=serializers.IntegerField())
    weakest_aspects = serializers.ListField(child=serializers.CharField())


class StandardsSerializer(serializers.Serializer):
    services = serializers.IntegerField()
    with_standard_in_force = serializers.IntegerField()
    units_with_maklumat = serializers.IntegerField()
    units_with_fkp = serializers.IntegerField(help_text="units that held an FKP in the year")


class ComplaintsSerializer(serializers.Serializer):
    received = serializers.IntegerField()
    answered_on_time = serializers.IntegerField(
        allow_null=True, help_text="null for the public below 5 complaints"
    )
    median_first_answer_hours = serializers.FloatField(allow_null=True)


class AreaInnovationSerializer(serializers.Serializer):
    units_with_living = serializers.IntegerField(
        help_text="units with a living innovation today (public: a published one)"
    )
    living = serializers.IntegerField(
        help_text="innovations running or growing, their status confirmed within a year"
    )
    replicated = serializers.IntegerField(help_text="of them, replicated by another unit")


# --- mpp:reach ---
class AreaMppSerializer(serializers.Serializer):
    mpps = serializers.IntegerField(
        help_text="MPP units with an MPP profile (public: a published one)"
    )
    inaugurated = serializers.IntegerField(help_text="of them, inaugurated by today")
    tenants = serializers.IntegerField(help_text="tenants present at them today")
    services = serializers.IntegerField(help_text="services offered at them today")
    visitors_30_days = serializers.IntegerField(
        help_text="visitors over the 30 days ending today (daily figures)"
    )
    digital_pilots = serializers.IntegerField(help_text="of them, MPP Digital pilots")


# --- end mpp:reach ---


class CoachingSerializer(serializers.Serializer):
    governments = serializers.IntegerField(help_text="regional governments of the area")
    took_part = serializers.IntegerField(help_text="of them, those that took part in the year")
    never = serializers.ListField(
        child=serializers.CharField(), help_text="region codes of those that never took part"
    )
    tasks = serializers.IntegerField(help_text="follow-up tasks due in the year")
    tasks_done = serializers.IntegerField()


class FiguresSerializer(serializers.Serializer):
    units = serializers.IntegerField()
    skm = SkmSerializer()
    ipp = IppSerializer()
    standards = StandardsSerializer()
    complaints = ComplaintsSerializer()
    innovation = AreaInnovationSerializer()
    mpp = AreaMppSerializer()  # mpp:reach
    coaching = CoachingSerializer()


class AreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.ChoiceField(
        choices=["country", "wilayah", "province", "regency", "agency", "unit"]
    )
    parent_code = serializers.CharField(allow_null=True, help_text="the area above (null for ID)")
    year = serializers.IntegerField()
    audience = serializers.ChoiceField(choices=Audience.choices)
    children = serializers.ListField(child=serializers.CharField())
    figures = FiguresSerializer()


@extend_schema(
    summary="The national picture of an area, from Indonesia to a unit",
    parameters=[
        AreaFilters,
        OpenApiParameter(
            "code",
            str,
            OpenApiParameter.PATH,
            description="ID, I/II/III, a province (81), a regency/city (81.04), "
            "agency:<code> or unit:<code>",
        ),
    ],
    responses={200: AreaSerializer},
)
class AreaView(APIView):
    """Every instrument's figures for one area and year — SKM, PEKPPP, service standards,
    complaints, coaching — with the codes of the areas below it. How each figure is computed:
    docs/guide/national-picture.md."""

    permission_classes = [permissions.AllowAny]

    @method_decorator(replica_reads)
    def get(self, request: Request, code: str) -> Response:
        year = query_params(request, AreaFilters).get("year") or timezone.localdate().year
        try:
            found = national.area(code)
        except LookupError:
            raise Http404 from None
        audience = national.audience_for(scope_for(request.user), found)
        if not national.visible(found, audience):
            raise Http404
        body: dict[str, Any] = {
            "code": found.code,
            "name": found.name,
            "level": found.level,
            "parent_code": found.parent,
            "year": year,
            "audience": audience,
            "children": national.children_for(found, audience),
            "figures": national.figures_of(found, year=year, audience=audience),
        }
        return Response(body)
