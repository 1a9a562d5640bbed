"""Reads for the MPP's own survey (SKM) and complaints, per tenant (docs/guide/mpp-quality.md).

The MPP's SKM is a survey period of its unit (or of one of its services): citizens answer on
the unit's ordinary form and pick the service they received, and every service of the MPP is
a tenant's (Offering). The IKM of a tenant is therefore *computed*, not a kind of period: the
period's counted answers (flagged ones left out) are summed per service by the survey app
(`aggregates.tallies_by_service`, the sums its own rebuild uses), the tallies of a tenant's
services are merged, and the survey app's `ikm.Tally.result` gives the index and category —
the same arithmetic as a period holding only that tenant's answers. A period per tenant would
need a new scope on SurveyPeriod read on every citizen's answer; the QR codes and links per
service (`survey_links`) preselect the tenant's service instead.

Complaints filed at the MPP are recorded with their tenant (`ComplaintAtMpp`, by the signal
in apps.py) and listed here by tenant without anything about who complained.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from prima.complaints.models import Event, Status
from prima.mpp.models import ComplaintAtMpp, Mpp, Offering, Tenant
from prima.surveys import aggregates, ikm
from prima.surveys.models import SurveyPeriod
from prima.surveys.queries import survey_path

if TYPE_CHECKING:
    from prima.accounts.models import User


# --- the IKM per tenant ---------------------------------------------------------------------
@dataclass(frozen=True)
class Ikm:
    """One IKM as the survey app computes it, for a tenant or one of its services."""

    respondents: int
    value: Decimal | None  # rounded to two decimals; None while an element has no answer
    category: ikm.Category | None

    @classmethod
    def of(cls, tally: ikm.Tally) -> Ikm:
        result = tally.result(interval=False, elements=False)
        return cls(result.respondents, result.ikm_rounded, result.category)


@dataclass(frozen=True)
class ServiceIkm:
    offering: Offering
    ikm: Ikm


@dataclass(frozen=True)
class TenantIkm:
    tenant: Tenant | None  # None: answers naming no tenant's service (or no service)
    ikm: Ikm
    services: list[ServiceIkm] = field(default_factory=list)


def ikm_by_tenant(period: SurveyPeriod) -> list[TenantIkm]:
    """The IKM of each tenant of the period's MPP, and of each of its services, from the
    period's counted answers; tenants with answers first (highest IKM first), then those
    without; last a row (tenant None) for answers naming no tenant's service."""
    parts = aggregates.tallies_by_service(period)
    method = period.ikm_method
    offerings = (
        Offering.objects.filter(tenant__mpp__unit_id=period.unit_id)
        .select_related("tenant", "service")
        .order_by("tenant__name", "service__name")
    )
    if period.service_id is not None:
        offerings = offerings.filter(service_id=period.service_id)
    rows: dict[int, tuple[Tenant, ikm.Tally, list[ServiceIkm]]] = {}
    for offering in offerings:
        tally = parts.pop(offering.service_id, None) or ikm.Tally(method)
        tenant = offering.tenant
        _tenant, merged, services = rows.setdefault(tenant.pk, (tenant, ikm.Tally(method), []))
        merged.merge(tally)
        services.append(ServiceIkm(offering, Ikm.of(tally)))
    tenants = [TenantIkm(t, Ikm.of(tally), services) for t, tally, services in rows.values()]
    tenants.sort(key=lambda r: (r.ikm.respondents == 0, -(r.ikm.value or Decimal(-1))))
    rest = ikm.Tally(method)
    for tally in parts.values():
        rest.merge(tally)
    if rest.respondents:
        tenants.append(TenantIkm(None, Ikm.of(rest)))
    return tenants


def periods_of(mpp: Mpp) -> QuerySet[SurveyPeriod]:
    """The MPP's survey periods, latest first."""
    return (
        SurveyPeriod.objects.filter(unit_id=mpp.unit_id)
        .select_related("service", "unit")
        .order_by("-starts_on", "-pk")
    )


def chosen_period(mpp: Mpp, pk: int | None) -> SurveyPeriod | None:
    """The period asked for when it is the MPP's, else its latest whole-MPP period (else
    its latest)."""
    periods = periods_of(mpp)
    if pk is not None:
        found = periods.filter(pk=pk).first()
        if found is not None:
            return found
    return periods.filter(service__isnull=True).first() or periods.first()


def tenant_ikm_context(mpp: Mpp, period: SurveyPeriod | None = None) -> dict[str, Any]:
    """What the partial mpp/quality/_tenant_ikm.html needs (the MPP's dashboard includes it):
    the period and its IKM per tenant."""
    period = period or chosen_period(mpp, None)
    return {
        "mpp": mpp,
        "ikm_period": period,
        "tenant_ikm": ikm_by_tenant(period) if period is not None else [],
    }


@dataclass(frozen=True)
class SurveyLink:
    offering: Offering
    path: str  # the citizen's form with the service chosen
    qr: str  # its QR code (SVG)
    poster: str  # its printable poster


def survey_links(mpp: Mpp) -> list[tuple[Tenant, list[SurveyLink]]]:
    """For each tenant present, the MPP's survey with each of its services preselected: the
    address, QR code and poster to put at its counters."""
    code = mpp.unit.code
    offerings = (
        Offering.objects.filter(tenant__mpp=mpp, is_active=True, service__is_active=True)
        .select_related("tenant", "service")
        .order_by("tenant__name", "service__name")
    )
    grouped: dict[int, tuple[Tenant, list[SurveyLink]]] = {}
    for offering in offerings:
        query = f"?service={offering.service_id}"
        link = SurveyLink(
            offering,
            survey_path(mpp.unit, offering.service),
            reverse("surveys:qr", args=[code, "svg"]) + query,
            reverse("surveys:poster", args=[code]) + query,
        )
        grouped.setdefault(offering.tenant_id, (offering.tenant, []))[1].append(link)
    return list(grouped.values())


# --- complaints at the MPP ------------------------------------------------------------------
OPEN = [s for s in Status.values if s not in (Status.CLOSED, Status.ARCHIVED)]


@dataclass(frozen=True)
class TenantComplaints:
    tenant: Tenant | None
    received: int
    open: int
    answered_on_time: int

    @property
    def on_time_share(self) -> int | None:
        """The share of complaints answered within the deadline, in percent (as the
        complaints app counts it: an answer event marked in time)."""
        return round(100 * self.answered_on_time / self.received) if self.received else None


def complaints_at(mpp: Mpp) -> QuerySet[ComplaintAtMpp]:
    """The complaints filed at the MPP, newest first — never with the complainant's identity
    (only the complaint's own fields are loaded)."""
    return (
        ComplaintAtMpp.objects.filter(mpp=mpp)
        .select_related(
            "tenant",
            "tenant__home_unit",
            "offering__service",
            "complaint__unit",
            "complaint__agency",
        )
        .order_by("-complaint__received_at", "-pk")
    )


def complaints_by_tenant(mpp: Mpp) -> list[TenantComplaints]:
    """Per tenant: complaints received, still open, answered on time."""
    in_time = Event.objects.filter(action=Event.Action.RESPONDED, detail__in_time=True)
    rows = (
        ComplaintAtMpp.objects.filter(mpp=mpp)
        .order_by()
        .values("tenant_id")
        .annotate(
            received=Count("pk"),
            open=Count("pk", filter=Q(complaint__status__in=OPEN)),
        )
    )
    on_time = dict(
        ComplaintAtMpp.objects.filter(mpp=mpp, complaint__in=in_time.values("complaint_id"))
        .order_by()
        .values("tenant_id")
        .annotate(n=Count("pk"))
        .values_list("tenant_id", "n")
    )
    tenants = {t.pk: t for t in Tenant.objects.filter(mpp=mpp)}
    found = [
        TenantComplaints(
            tenants.get(row["tenant_id"]) if row["tenant_id"] else None,
            row["received"],
            row["open"],
            on_time.get(row["tenant_id"], 0),
        )
        for row in rows
    ]
    found.sort(key=lambda r: (r.tenant is None, r.tenant.name if r.tenant else ""))
    return found


def coordinated_agency_ids(user: User) -> set[int] | None:
    """The agencies whose complaints `user` coordinates (None: every agency)."""
    from prima.accounts.scope import scope_for

    scope = scope_for(user)
    return None if scope.national_admin else set(scope.admin_agency_ids)


def can_forward(record: ComplaintAtMpp, agencies: set[int] | None) -> bool:
    """Whether the complaint can be sent on to its tenant by a coordinator of `agencies`:
    still awaiting verification at the MPP's agency."""
    complaint = record.complaint
    return complaint.status == Status.RECEIVED and (
        agencies is None or complaint.agency_id in agencies
    )
