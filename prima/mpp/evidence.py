"""What an MPP's own records establish for its yearly evaluation (Monev MPP), offered by
evidence slot (prima.lib.evidence) so that the MPP instrument (evaluation's mpp-2022.yaml)
prefills its self-assessment from them — docs/evaluation-instruments.md, "Monev MPP".

The MPP is a service unit of kind "mpp"; a unit without an MPP profile has no findings here.
Its SKM and facilities are the unit's own (the surveys and standards findings, read for the MPP
unit); tenants, services, daily figures, complaints filed at the MPP and the MPP Digital
checklist are this app's. The levels are Prima's reading of the instrument's scales, whose
thresholds are UNCONFIRMED (docs/regulations.md §8); each is a small pure function below.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Sum
from django.utils.translation import gettext as _

from prima.lib.evidence import Finding, Link
from prima.mpp.models import (
    ComplaintAtMpp,
    Counter,
    CounterDay,
    DigitalCriterion,
    Mpp,
    MppDay,
    Offering,
    OfferingDay,
    Tenant,
    present_on,
)
from prima.registry.models import ServiceUnit
from prima.standards import evidence as standards
from prima.standards.models import ServiceStandard
from prima.surveys import evidence as surveys

SLOTS = {
    "mpp.tenants": "The agencies (tenants) present at the MPP at the end of the year or on the "
    "day read, and how many have a cooperation agreement (PKS/MoU).",
    "mpp.services": "The services offered at the MPP and the share with a set service standard "
    "(their own, or the tenant's home service's).",
    "mpp.figures": "Visitors and transactions of the year, days a tenant was absent and the "
    "share of counter-days left without staff (the MPP's daily figures).",
    "mpp.skm": "The SKM of the MPP's own unit: held, published and followed up (as "
    "surveys.skm_conducted).",
    "mpp.complaints": "Complaints filed at the MPP in the year and the share answered on time.",
    "mpp.facilities": "Facilities for vulnerable groups in the MPP unit's checklist (as "
    "standards.vulnerable_group_facilities).",
    "mpp.digital": "How many of the 11 MPP Digital criteria are ready.",
}

SET_STANDARD = (ServiceStandard.Status.SET, ServiceStandard.Status.PUBLISHED)
DIGITAL_CRITERIA = len(DigitalCriterion.Code.values)


# --- levels (pure) --------------------------------------------------------------------------
def tenants_level(*, present: int, with_agreement: int, kinds: int) -> int:
    """0 none; 1 under 5; 2 five or more, some without agreement; 3 five or more, all with an
    agreement; 4 ten or more of at least two kinds; 5 fifteen or more of at least three kinds."""
    if present == 0:
        return 0
    if present < 5:
        return 1
    if with_agreement < present:
        return 2
    if present >= 15 and kinds >= 3:
        return 5
    if present >= 10 and kinds >= 2:
        return 4
    return 3


def share_level(part: int, whole: int, bounds: tuple[int, int, int, int]) -> int:
    """1–5 by the percentage part/whole against four ascending lower bounds (percent) for
    levels 2–5; 5 needs the last bound; 0 when nothing counts. Exact: 100 × part ≥ bound ×
    whole, no floats."""
    if whole == 0 or part == 0:
        return 0
    level = 1
    for n, bound in enumerate(bounds, start=2):
        if 100 * part >= bound * whole:
            level = n
    return level


def services_level(*, offered: int, with_standard: int) -> int:
    """0 none offered; then by the share with a set standard: under 25% → 1, 25% → 2,
    50% → 3, 80% → 4, all → 5."""
    if offered == 0:
        return 0
    return max(1, share_level(with_standard, offered, (25, 50, 80, 100)))


def figures_level(*, counter_days: int, idle: int) -> int:
    """0 no daily records; then by the share of counter-days idle (in use, not staffed):
    over 20% → 1, 10–20% → 2, 5–<10% → 3, 2–<5% → 4, under 2% → 5."""
    if counter_days == 0:
        return 0
    percent_x = 100 * idle  # compare 100·idle with bound·counter_days, exactly
    if percent_x < 2 * counter_days:
        return 5
    if percent_x < 5 * counter_days:
        return 4
    if percent_x < 10 * counter_days:
        return 3
    if percent_x <= 20 * counter_days:
        return 2
    return 1


def complaints_level(*, received: int, on_time: int) -> int | None:
    """None (a person judges) with no complaint; else by the share answered on time: under
    50% → 1 (0 when none), 50% → 2, 70% → 3, 85% → 4, 95% → 5."""
    if received == 0:
        return None
    if on_time == 0:
        return 0
    return max(1, share_level(on_time, received, (50, 70, 85, 95)))


def digital_level(*, ready: int, started: int) -> int:
    """0 nothing started; 1 some in progress, none ready; 2 one to three ready; 3 four to
    seven; 4 eight to ten; 5 all eleven."""
    if ready >= DIGITAL_CRITERIA:
        return 5
    if ready >= 8:
        return 4
    if ready >= 4:
        return 3
    if ready >= 1:
        return 2
    return 1 if started else 0


# --- findings -------------------------------------------------------------------------------
def findings(unit: ServiceUnit, *, year: int, today: dt.date) -> dict[str, Finding]:
    mpp = Mpp.objects.filter(unit=unit).first()
    if mpp is None:
        return {}
    mpp.unit = unit
    day = min(today, dt.date(year, 12, 31))
    found = {
        "mpp.tenants": _tenants(mpp, day),
        "mpp.services": _services(mpp),
        "mpp.figures": _figures(mpp, year, day),
        "mpp.complaints": _complaints(mpp, year),
        "mpp.digital": _digital(mpp),
    }
    skm = surveys.findings(unit, year=year, today=today).get("surveys.skm_conducted")
    if skm is not None:
        found["mpp.skm"] = skm
    facilities = standards.findings(unit, year=year, today=today).get(
        "standards.vulnerable_group_facilities"
    )
    if facilities is not None:
        found["mpp.facilities"] = facilities
    return found


def _link(label: str, target: str, mpp: Mpp) -> list[Link]:
    return [(label, target, mpp.unit.code)]


def _tenants(mpp: Mpp, day: dt.date) -> Finding:
    present = list(Tenant.objects.filter(present_on(day), mpp=mpp).order_by("name"))
    agreed = [t for t in present if t.agreement_number or t.agreement_file]
    kinds = {t.kind for t in present}
    labels = dict(Tenant.Kind.choices)
    facts = [
        _("%(n)s agencies present on %(day)s; %(agreed)s with a cooperation agreement.")
        % {"n": len(present), "day": day.isoformat(), "agreed": len(agreed)}
    ]
    if present:
        facts.append(
            _("Kinds: %(list)s.")
            % {"list": ", ".join(sorted(str(labels.get(k, k)) for k in kinds))}
        )
    missing = [t.name for t in present if t not in agreed]
    if missing:
        facts.append(_("Without an agreement: %(list)s.") % {"list": ", ".join(missing)})
    level = tenants_level(present=len(present), with_agreement=len(agreed), kinds=len(kinds))
    return Finding(level, facts, _link(_("Tenants of the MPP"), "mpp", mpp))


def _services(mpp: Mpp) -> Finding:
    offerings = list(
        Offering.objects.filter(tenant__mpp=mpp, is_active=True).select_related(
            "service", "home_service"
        )
    )
    services = {o.service_id for o in offerings} | {
        o.home_service_id for o in offerings if o.home_service_id
    }
    standard_set = set(
        ServiceStandard.objects.filter(service_id__in=services, status__in=SET_STANDARD)
        .values_list("service_id", flat=True)
        .distinct()
    )
    with_standard = [
        o for o in offerings if o.service_id in standard_set or o.home_service_id in standard_set
    ]
    facts = [
        _("%(n)s services offered at the MPP; %(s)s with a set service standard.")
        % {"n": len(offerings), "s": len(with_standard)}
    ]
    digital = sum(o.digital for o in offerings)
    if digital:
        facts.append(_("%(n)s also offered online.") % {"n": digital})
    level = services_level(offered=len(offerings), with_standard=len(with_standard))
    return Finding(level, facts, _link(_("Service standards of the MPP"), "standards", mpp))


def _figures(mpp: Mpp, year: int, day: dt.date) -> Finding:
    """From the per-day aggregates (MppDay); where none were built for the year, from the
    daily rows themselves (counters in use of tenants present, against the counter-days
    recorded open with staff)."""
    start = dt.date(year, 1, 1)
    rows = MppDay.objects.filter(mpp=mpp, date__gte=start, date__lte=day)
    totals = rows.aggregate(
        visitors=Sum("visitors"),
        transactions=Sum("transactions"),
        absent=Sum("tenants_absent"),
        counters=Sum("counters"),
        idle=Sum("counters_idle"),
    )
    days = rows.count()
    if not days:
        totals, days = _figures_from_rows(mpp, start, day)
    link = _link(_("Daily figures of the MPP"), "mpp_figures", mpp)
    if not days:
        return Finding(0, [_("No daily figures recorded for %(year)s.") % {"year": year}], link)
    counter_days = totals["counters"] or 0
    idle = totals["idle"] or 0
    facts = [
        _("%(days)s days recorded in %(year)s: %(v)s visitors, %(t)s transactions.")
        % {
            "days": days,
            "year": year,
            "v": totals["visitors"] or 0,
            "t": totals["transactions"] or 0,
        },
        _("%(idle)s of %(all)s counter-days without staff; %(absent)s tenant-days absent.")
        % {"idle": idle, "all": counter_days, "absent": totals["absent"] or 0},
    ]
    return Finding(figures_level(counter_days=counter_days, idle=idle), facts, link)


def _figures_from_rows(mpp: Mpp, start: dt.date, end: dt.date) -> tuple[dict[str, int], int]:
    offered = OfferingDay.objects.filter(offering__tenant__mpp=mpp, date__gte=start, date__lte=end)
    dates = set(offered.values_list("date", flat=True))
    staffed = CounterDay.objects.filter(
        counter__tenant__mpp=mpp, date__gte=start, date__lte=end, staff__gt=0
    ).exclude(opened_at__isnull=True)
    dates |= set(staffed.values_list("date", flat=True))
    if not dates:
        return {}, 0
    sums = offered.aggregate(visitors=Sum("visitors"), transactions=Sum("transactions"))
    by_day: dict[dt.date, set[int]] = defaultdict(set)
    for date, counter in staffed.values_list("date", "counter_id"):
        by_day[date].add(counter)
    counters = list(
        Counter.objects.filter(tenant__mpp=mpp, is_active=True).values_list(
            "pk", "tenant_id", "tenant__joined_on", "tenant__left_on"
        )
    )
    # A tenant with no counter staffed on a day the MPP recorded is absent that day; only
    # tenants serving at all on that weekday are expected (Saturday service is optional).
    served_weekdays: dict[int, set[int]] = defaultdict(set)
    for date, counter in staffed.values_list("date", "counter__tenant_id"):
        served_weekdays[counter].add(date.weekday())
    counter_days = idle = 0
    absent = 0
    for date in dates:
        open_tenants: dict[int, bool] = {}
        for pk, tenant, joined, left in counters:
            if joined > date or (left is not None and left <= date):
                continue
            if date.weekday() not in served_weekdays[tenant]:
                continue
            counter_days += 1
            is_staffed = pk in by_day[date]
            idle += not is_staffed
            open_tenants[tenant] = open_tenants.get(tenant, False) or is_staffed
        absent += sum(not served for served in open_tenants.values())
    return {
        "visitors": sums["visitors"] or 0,
        "transactions": sums["transactions"] or 0,
        "absent": absent,
        "counters": counter_days,
        "idle": idle,
    }, len(dates)


def _complaints(mpp: Mpp, year: int) -> Finding:
    rows = list(
        ComplaintAtMpp.objects.filter(
            mpp=mpp, complaint__received_at__year=year, complaint__is_abuse=False
        ).values_list("complaint__first_responded_at", "complaint__due_at")
    )
    link = _link(_("Complaints at the MPP"), "complaints", mpp)
    if not rows:
        return Finding(
            None, [_("No complaints filed at the MPP in %(year)s.") % {"year": year}], link
        )
    on_time = sum(
        answered is not None and (due is None or answered <= due) for answered, due in rows
    )
    facts = [
        _("%(n)s complaints filed at the MPP in %(year)s; %(on_time)s answered on time.")
        % {"n": len(rows), "year": year, "on_time": on_time}
    ]
    return Finding(complaints_level(received=len(rows), on_time=on_time), facts, link)


def _digital(mpp: Mpp) -> Finding:
    states = dict(DigitalCriterion.objects.filter(mpp=mpp).values_list("code", "state"))
    ready = sum(s == DigitalCriterion.State.READY for s in states.values())
    started = sum(s == DigitalCriterion.State.IN_PROGRESS for s in states.values())
    facts = [
        _("%(ready)s of %(all)s MPP Digital criteria ready; %(started)s in progress.")
        % {"ready": ready, "all": DIGITAL_CRITERIA, "started": started}
    ]
    if mpp.is_digital_pilot:
        facts.append(_("An MPP Digital pilot."))
    return Finding(
        digital_level(ready=ready, started=started),
        facts,
        _link(_("MPP Digital checklist"), "mpp_digital", mpp),
    )
