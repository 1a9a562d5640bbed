"""Reads for the standards pages, the public passport, the API and the compliance status.

The compliance status mirrors the PEKPPP scales, computed from Prima's records, never typed in
(issue 4 §2; docs/regulations.md §2.3, §2.4, §4.4, §7). Each figure is keyed by its evidence slot
(prima.lib.evidence; the instrument file says which indicator it feeds). How a unit's score is
read from several services is Prima's reading, documented in docs/guide/standards.md:

- standards.service_standards: the level reached by every offered service (the lowest
  service score), since the law asks for a standard for each type of service (UU 25/2009
  Pasal 20);
- standards.periodic_review: each service's review interval, as components.review_score
  reads it;
- standards.community_involvement: distinct community elements that attended the unit's
  forums on its standards;
- standards.published_media, standards.maklumat, standards.vulnerable_group_facilities:
  from the publication records, the current maklumat and the facilities inventory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from prima.lib import evidence
from prima.registry.models import Service, ServiceUnit
from prima.standards import components as spec
from prima.standards import diff
from prima.standards.models import (
    Agreement,
    Forum,
    Maklumat,
    Medium,
    Participant,
    ServiceStandard,
    StandardPublication,
    StandardReview,
    UnitFacility,
)

Status = ServiceStandard.Status
COMMUNITY = set(spec.COMMUNITY_ELEMENTS)


@dataclass
class ServiceRow:
    service: Service
    versions: list[ServiceStandard]
    in_force: ServiceStandard | None
    draft: ServiceStandard | None
    counted: ServiceStandard | None  # the version the service's level is read from
    score: int
    community_involved: bool
    evaluated: bool
    review_interval: int | None  # whole years, None if never reviewed
    review_overdue: bool  # the standard in force waits for its periodic review

    @property
    def missing(self) -> list[str]:
        return self.counted.missing if self.counted else list(spec.KEYS)


@dataclass
class Indicator:
    slot: str  # the evidence slot (prima.lib.evidence) this figure is offered under
    name: str
    score: int
    explanation: str

    @property
    def code(self) -> str:
        """The indicator the newest instrument binds to the slot, as shown beside it."""
        return evidence.citation(self.slot)


@dataclass
class Compliance:
    rows: list[ServiceRow]
    indicators: list[Indicator] = field(default_factory=list)

    def score(self, slot: str) -> int:
        return next(i.score for i in self.indicators if i.slot == slot)


def _versions_prefetch() -> Prefetch:
    return Prefetch(
        "standards",
        queryset=ServiceStandard.objects.order_by("-version").prefetch_related(
            "reviews",
            Prefetch("forums", queryset=Forum.objects.prefetch_related("participants")),
        ),
        to_attr="all_versions",
    )


def _review_dates(versions: Iterable[ServiceStandard]) -> list[dt.date]:
    return sorted(r.finished_on or r.started_on for v in versions for r in v.reviews.all())


def review_interval(versions: list[ServiceStandard], today: dt.date) -> int | None:
    """Whole years between reviews of one service's standard: the longer of the last gap
    (since the review or the decree before it) and the time since the last review, so an
    overdue review counts as a longer interval. None when it was never reviewed."""
    dates = _review_dates(versions)
    if not dates:
        return None
    decrees = sorted(v.decree_date for v in versions if v.decree_date)
    last = dates[-1]
    before = [d for d in [*decrees, *dates[:-1]] if d <= last]
    gap = spec.years_between(max(before), last) if before else 0
    return max(gap, spec.years_between(last, today))


def service_row(service: Service, today: dt.date) -> ServiceRow:
    versions: list[ServiceStandard] = getattr(service, "all_versions", None) or list(
        service.standards.order_by("-version")
    )
    in_force = next((v for v in versions if v.status in ServiceStandard.IN_FORCE), None)
    draft = next((v for v in versions if v.status in ServiceStandard.EDITABLE), None)
    formally_set = [v for v in versions if v.status in (Status.SET, *ServiceStandard.IN_FORCE)]
    counted = (
        in_force
        or (formally_set[0] if formally_set else None)
        or draft
        or (versions[0] if versions else None)
    )
    lineage = [v for v in versions if counted is not None and v.version <= counted.version]
    community = any(
        p.attended and p.element in COMMUNITY
        for v in lineage
        for forum in v.forums.all()
        for p in forum.participants.all()
    )
    evaluated = any(r.finished_on for v in lineage for r in v.reviews.all())
    score = (
        spec.standard_score(
            counted.components,
            is_set=counted.status in ServiceStandard.FORMALLY_SET,
            community_involved=community,
            evaluated=evaluated,
        )
        if counted
        else 0
    )
    return ServiceRow(
        service=service,
        versions=versions,
        in_force=in_force,
        draft=draft,
        counted=counted,
        score=score,
        community_involved=community,
        evaluated=evaluated,
        review_interval=review_interval(versions, today),
        review_overdue=in_force is not None and in_force.is_review_overdue(today),
    )


def _offered_services() -> QuerySet[Service]:
    return (
        Service.objects.filter(is_active=True)
        .order_by("name")
        .prefetch_related(_versions_prefetch())
    )


def service_rows(unit: ServiceUnit, today: dt.date) -> list[ServiceRow]:
    return [service_row(s, today) for s in _offered_services().filter(unit=unit)]


def service_rows_by_unit(unit_ids: Iterable[int], today: dt.date) -> dict[int, list[ServiceRow]]:
    """service_rows for many units in two queries: unit id → its rows."""
    found: dict[int, list[ServiceRow]] = {}
    for service in _offered_services().filter(unit_id__in=list(unit_ids)):
        found.setdefault(service.unit_id, []).append(service_row(service, today))
    return found


def current_maklumat(unit: ServiceUnit, *, signed_only: bool = False) -> Maklumat | None:
    """The unit's maklumat in force: the latest signed one (or, for staff, the latest)."""
    rows = Maklumat.objects.filter(unit=unit).prefetch_related("publications")
    signed = rows.filter(signed_on__isnull=False).order_by("-signed_on", "-pk").first()
    if signed is not None or signed_only:
        return signed
    return rows.order_by("-pk").first()


def usable_facilities(unit: ServiceUnit) -> QuerySet[UnitFacility]:
    return (
        UnitFacility.objects.filter(unit=unit, facility__is_active=True)
        .exclude(condition=UnitFacility.Condition.BROKEN)
        .select_related("facility")
    )


def attended_elements(participants: Iterable[Participant]) -> list[str]:
    """The community elements PEKPPP counts among the participants who attended."""
    return sorted({p.element for p in participants if p.attended} & set(spec.COMMUNITY_ELEMENTS))


def community_elements(unit: ServiceUnit) -> list[str]:
    """Distinct community elements that attended the unit's forums on its standards."""
    return sorted(
        set(
            Participant.objects.filter(
                forum__unit=unit,
                forum__purpose__in=[Forum.Purpose.DRAFTING, Forum.Purpose.REVIEW],
                attended=True,
                element__in=spec.COMMUNITY_ELEMENTS,
            ).values_list("element", flat=True)
        )
    )


def unit_compliance(unit: ServiceUnit, today: dt.date) -> Compliance:
    """The unit's standards, service by service, and the PEKPPP levels read from them, one
    per evidence slot."""
    rows = service_rows(unit, today)
    result = Compliance(rows=rows)
    element_labels = dict(Participant.Element.choices)

    ak = min((r.score for r in rows), default=0)
    weakest = [r.service.name for r in rows if r.score == ak]
    result.indicators.append(
        Indicator(
            "standards.service_standards",
            _("Service standards"),
            ak,
            _("No offered services yet.")
            if not rows
            else _("The level every offered service reaches; lowest: %(names)s.")
            % {"names": ", ".join(weakest[:5])},
        )
    )
    elements = community_elements(unit)
    result.indicators.append(
        Indicator(
            "standards.community_involvement",
            _("Community involvement"),
            spec.community_score(elements),
            ", ".join(str(element_labels[e]) for e in elements)
            or _("No community element has attended a forum on the standards."),
        )
    )
    publications = list(StandardPublication.objects.filter(unit=unit))
    media = {p.medium for p in publications if p.medium != Medium.SIPPN}
    on_sippn = any(p.medium == Medium.SIPPN for p in publications)
    result.indicators.append(
        Indicator(
            "standards.published_media",
            _("Publication of the standards"),
            spec.publication_score(
                media=media,
                on_sippn=on_sippn,
                all_components=any(p.all_components for p in publications),
            ),
            _("%(count)s media besides SIPP Nasional; on SIPP Nasional: %(sippn)s.")
            % {"count": len(media), "sippn": _("yes") if on_sippn else _("no")},
        )
    )
    intervals = [r.review_interval for r in rows]
    result.indicators.append(
        Indicator(
            "standards.periodic_review",
            _("Periodic review"),
            spec.review_score(intervals) if rows else 0,
            _("%(reviewed)s of %(total)s services reviewed.")
            % {"reviewed": sum(i is not None for i in intervals), "total": len(rows)},
        )
    )
    maklumat = current_maklumat(unit)
    pubs = list(maklumat.publications.all()) if maklumat else []
    result.indicators.append(
        Indicator(
            "standards.maklumat",
            _("Maklumat Pelayanan"),
            spec.maklumat_score(
                exists=maklumat is not None,
                is_set=bool(maklumat and maklumat.is_set),
                complete=bool(maklumat and maklumat.is_complete),
                electronic=any(p.is_electronic for p in pubs),
                printed=any(not p.is_electronic for p in pubs),
            ),
            _("No maklumat recorded.")
            if maklumat is None
            else _("Signed on %(date)s; published on %(count)s media.")
            % {"date": date_format(maklumat.signed_on or "", "d-m-Y"), "count": len(pubs)}
            if maklumat.is_set
            else _("Drafted, not signed."),
        )
    )
    count = usable_facilities(unit).count()
    result.indicators.append(
        Indicator(
            "standards.vulnerable_group_facilities",
            _("Facilities for vulnerable groups"),
            spec.facilities_score(count),
            _("%(count)s usable facilities from the checklist.") % {"count": count},
        )
    )
    return result


# --- versions -------------------------------------------------------------------------------
def component_rows(standard: ServiceStandard, group: str | None = None) -> list[dict[str, Any]]:
    """The standard's components in the regulation's order (of one group, if given), each with
    its plain-text lines and what, if anything, is missing."""
    values = standard.components or {}
    return [
        {
            "component": c,
            "lines": spec.component_lines(c.key, values.get(c.key)),
            "problem": spec.component_problem(c.key, values.get(c.key)),
        }
        for c in spec.COMPONENTS
        if group is None or c.group == group
    ]


def previous_version(standard: ServiceStandard) -> ServiceStandard | None:
    if standard.based_on_id:
        return standard.based_on
    return (
        ServiceStandard.objects.filter(service=standard.service, version__lt=standard.version)
        .order_by("-version")
        .first()
    )


def changes_since(
    standard: ServiceStandard, other: ServiceStandard | None = None
) -> list[diff.ComponentChange]:
    """What changed from `other` (by default the version this one was drafted from)."""
    other = other if other is not None else previous_version(standard)
    return diff.compare(other.components if other else {}, standard.components)


def agreements_by_component(standard: ServiceStandard) -> dict[str, list[Agreement]]:
    """The forum agreements that went into this version, by component ("" for the whole)."""
    found: dict[str, list[Agreement]] = {}
    for agreement in standard.agreements.select_related("forum").order_by("forum__held_on", "pk"):
        found.setdefault(agreement.component, []).append(agreement)
    return found


# --- reminders ------------------------------------------------------------------------------
def reviews_due(
    units: QuerySet[ServiceUnit], *, today: dt.date, within_days: int = 30
) -> QuerySet[ServiceStandard]:
    """Standards in force whose review is due within `within_days` or overdue, not yet under
    review."""
    return (
        ServiceStandard.objects.filter(
            service__unit__in=units,
            status=Status.PUBLISHED,
            review_due_on__lte=today + dt.timedelta(days=within_days),
        )
        .select_related("service", "service__unit")
        .order_by("review_due_on")
    )


# --- public ---------------------------------------------------------------------------------
PUBLIC = Q(
    status__in=ServiceStandard.IN_FORCE,
    service__is_active=True,
    service__unit__is_active=True,
    service__unit__agency__is_active=True,
)


def published_standards() -> QuerySet[ServiceStandard]:
    """Standards in force (published, or published and under review) of listed units."""
    return ServiceStandard.objects.filter(PUBLIC).select_related(
        "service", "service__unit", "service__unit__agency", "service__unit__region"
    )


@dataclass
class Passport:
    unit: ServiceUnit
    standards: list[ServiceStandard]
    services_without: list[Service]
    maklumat: Maklumat | None
    facilities: list[UnitFacility]
    forums: list[Forum]
    publications: list[StandardPublication]
    channels: list[str]


def passport(unit: ServiceUnit, today: dt.date) -> Passport:
    """Everything a citizen should know before coming to the unit (the "service passport")."""
    standards = list(published_standards().filter(service__unit=unit).order_by("service__name"))
    with_standard = {s.service_id for s in standards}
    channels: list[str] = []
    for standard in standards:
        value = standard.components.get("pengaduan")
        for line in value.get("channels") or [] if isinstance(value, dict) else value or []:
            if isinstance(line, str) and line.strip() and line.strip() not in channels:
                channels.append(line.strip())
    forums = list(
        Forum.objects.filter(unit=unit, held_on__lte=today)
        .exclude(stage=Forum.Stage.PREPARATION)
        .prefetch_related("standards__service")
        .order_by("-held_on")[:10]
    )
    return Passport(
        unit=unit,
        standards=standards,
        services_without=[
            s
            for s in unit.services.filter(is_active=True).order_by("name")
            if s.pk not in with_standard
        ],
        maklumat=current_maklumat(unit, signed_only=True),
        facilities=list(usable_facilities(unit)),
        forums=forums,
        publications=list(StandardPublication.objects.filter(unit=unit)),
        channels=channels,
    )


def reviews_of(standard: ServiceStandard) -> QuerySet[StandardReview]:
    return standard.reviews.select_related("forum").order_by("-started_on")


# --- overview across units ------------------------------------------------------------------
def units_overview(units: QuerySet[ServiceUnit], *, today: dt.date) -> Any:
    """Each unit with counts of its offered services, of those with a standard in force, of
    drafts under way and of reviews overdue — one grouped query for a page of units."""
    offered = Q(services__is_active=True)
    return units.select_related("agency", "region").annotate(
        offered=Count("services", filter=offered, distinct=True),
        in_force=Count(
            "services",
            filter=offered & Q(services__standards__status__in=ServiceStandard.IN_FORCE),
            distinct=True,
        ),
        drafting=Count(
            "services",
            filter=offered & Q(services__standards__status__in=ServiceStandard.EDITABLE),
            distinct=True,
        ),
        overdue=Count(  # ServiceStandard.is_review_overdue, in SQL
            "services",
            filter=offered
            & Q(
                services__standards__status=Status.PUBLISHED,
                services__standards__review_due_on__lt=today,
            ),
            distinct=True,
        ),
    )
