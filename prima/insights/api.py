"""Readiness endpoint of the JSON API (/api/v1/readiness/): where each unit of an agency stands
on every duty the PEKPPP evaluation checks — the board's values (issue 19).

Staff only, within their scope: the agency must be one they may read (else 404, as every
endpoint answers for what lies outside a scope), and of its units they see those their scope
covers (a unit operator: their own units). The values are the stored rows
(prima.insights.models.UnitReadiness), the same the readiness board reads, and each duty's
`link` is the page it is done on (prima.insights.links). Two queries for the page whatever the
number of units, besides the caller's token and scope and the agency.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from prima.accounts.scope import Scope, scope_for
from prima.insights.links import DutyLinks
from prima.insights.models import Status, UnitReadiness
from prima.insights.readiness import DUTIES, ONLY_FOR_KIND
from prima.lib.api import Pagination, query_params
from prima.lib.dbrouter import replica_reads
from prima.registry import access


# --- the answer, described (the schema; the view builds the same shape directly, since DRF's
# serializers would cost more than the rest of the request for an agency of 200 units) --------
class DutySerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=Status.choices,
        help_text="`ok` in order, `due` a deadline within 30 days, `late` a deadline passed or "
        "part of the duty undone, `missing` nothing recorded",
    )
    indicator = serializers.CharField(
        help_text="the PEKPPP indicator that reads this duty's evidence, as the instrument "
        "numbers it; empty where none does"
    )
    level = serializers.IntegerField(
        min_value=0,
        max_value=5,
        allow_null=True,
        help_text="the level Prima's records support for that indicator (the F-01 pre-fill); "
        "null where none is supported",
    )
    due_on = serializers.DateField(allow_null=True, help_text="when the duty next falls due")
    done = serializers.IntegerField(
        allow_null=True, help_text="how much of it is done, where it counts (services, actions)"
    )
    total = serializers.IntegerField(allow_null=True, help_text="out of how many")
    link = serializers.CharField(help_text="the staff page on which the duty is done (a path)")


DutiesSerializer = type(
    "ReadinessDutiesSerializer",
    (serializers.Serializer,),
    {
        duty: DutySerializer(
            # mpp:reach — a duty of units of another kind: null
            allow_null=True,
            help_text=f"units of kind {ONLY_FOR_KIND[duty]} only; null for the others",
        )
        if duty in ONLY_FOR_KIND
        else DutySerializer()
        for duty in DUTIES
    },
)


class UnitReadinessSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    year = serializers.IntegerField(help_text="the year the duties are counted for")
    duties = DutiesSerializer(help_text="one entry per duty, in the board's column order")
    projected_ipp = serializers.DecimalField(
        max_digits=4,
        decimal_places=2,
        min_value=0,
        max_value=5,
        coerce_to_string=False,
        help_text="the IPP the records support today (indicators no record supports count 0)",
    )
    projected_category = serializers.CharField()
    next_category = serializers.CharField(help_text="the next category up; empty at the top")
    indicators_to_next = serializers.IntegerField(
        allow_null=True,
        help_text="the fewest indicators raised to level 5 that reach the next category",
    )
    ok = serializers.IntegerField(help_text="duties in order")
    due = serializers.IntegerField(help_text="duties due soon")
    late = serializers.IntegerField(help_text="duties late")
    missing = serializers.IntegerField(help_text="duties with nothing recorded")


class AgencyReadinessSerializer(serializers.Serializer):
    agency = serializers.CharField(help_text="the agency's code")
    agency_name = serializers.CharField()
    count = serializers.IntegerField(help_text="units in the answer, over every page")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    units = UnitReadinessSerializer(many=True, help_text="ordered by unit code")


class ReadinessFilters(serializers.Serializer):
    agency = serializers.CharField(max_length=40, help_text="the agency's code, e.g. pemkab-buru")


# The list's pages, described as every paginated list describes them (prima.lib.api).
PAGE_PARAMETERS = [
    OpenApiParameter(
        parameter["name"],
        type=parameter["schema"],
        location=OpenApiParameter.QUERY,
        description=parameter.get("description", ""),
    )
    for parameter in Pagination().get_schema_operation_parameters(None)
]


# --- the view -------------------------------------------------------------------------------
COLUMNS = (
    "unit_id",
    "agency_id",
    "unit__code",
    "unit__name",
    "year",
    "duties",
    "projected_ipp",
    "projected_category",
    "next_category",
    "indicators_to_next",
    "ok_count",
    "due_count",
    "late_count",
    "missing_count",
)


def _unit(row: tuple[Any, ...], links: DutyLinks, scope: Scope) -> dict[str, Any]:
    unit_id, agency_id, code, name, year, stored, ipp, category, next_category, to_next = row[:10]
    ok, due, late, missing = row[10:]
    duties: dict[str, dict[str, Any] | None] = {}
    for duty in DUTIES:
        if duty in ONLY_FOR_KIND and duty not in stored:  # mpp:reach
            duties[duty] = None
            continue
        state = stored.get(duty) or {"status": Status.MISSING}
        duties[duty] = {
            "status": state["status"],
            "indicator": state.get("indicator") or "",
            "level": state.get("level"),
            "due_on": state.get("due_on"),
            "done": state.get("done"),
            "total": state.get("total"),
            "link": links(
                duty, code, state.get("period"), change=scope.can_change_unit(unit_id, agency_id)
            ),
        }
    return {
        "code": code,
        "name": name,
        "year": year,
        "duties": duties,
        "projected_ipp": float(ipp),  # two decimals: exact as a JSON number
        "projected_category": category,
        "next_category": next_category,
        "indicators_to_next": to_next,
        "ok": ok,
        "due": due,
        "late": late,
        "missing": missing,
    }


@extend_schema(
    summary="Readiness for the PEKPPP evaluation of an agency's units",
    parameters=[ReadinessFilters, *PAGE_PARAMETERS],
    responses={200: AgencyReadinessSerializer},
)
class ReadinessView(generics.GenericAPIView):
    """Where each unit of an agency stands on every duty the PEKPPP evaluation checks: the
    status of each duty, the indicator level its records support, when it next falls due and
    where it is done; the IPP the records support and the gap to the next category. The same
    values as the readiness board (`/manage/readiness/<agency>/`)."""

    serializer_class = AgencyReadinessSerializer

    def get_queryset(self) -> QuerySet[UnitReadiness]:
        return UnitReadiness.objects.none()  # the schema's; `get` reads one agency's rows

    @method_decorator(replica_reads)
    def get(self, request: Request) -> Response:
        if not request.query_params.get("agency"):
            raise ValidationError({"agency": [_("Give an agency code, e.g. ?agency=pemkab-buru.")]})
        code = query_params(request, ReadinessFilters)["agency"]
        # Unknown or outside the caller's scope: 404, recorded (prima.accounts.access.deny).
        agency, _rights = access.get_agency_for_user(request.user, code)
        # Of the agency's units, those the caller's scope covers (an operator: their own).
        visible = access.units_visible_to(request.user).filter(agency=agency)
        rows = (
            UnitReadiness.objects.filter(agency=agency, unit__in=visible)
            .order_by("unit__code")
            .values_list(*COLUMNS)
        )
        assert self.paginator is not None
        page = self.paginate_queryset(rows)
        assert page is not None
        links, scope = DutyLinks(), scope_for(request.user)
        return Response(
            {
                "agency": agency.code,
                "agency_name": agency.name,
                "count": self.paginator.page.paginator.count,  # type: ignore[attr-defined]
                "next": self.paginator.get_next_link(),  # type: ignore[attr-defined]
                "previous": self.paginator.get_previous_link(),  # type: ignore[attr-defined]
                "units": [_unit(row, links, scope) for row in page],
            }
        )
