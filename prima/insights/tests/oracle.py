"""An independent oracle for the national picture (issue 20): every figure recomputed from the
raw records, straight from docs/guide/national-picture.md, with the plainest code there is —
loops over rows, exact fractions, `statistics.median`. No pre-aggregated table is read (not
even the survey aggregates: the IKM is recomputed from the counted responses), so a test can
hold `national.figures` against it.

`load()` reads the raw rows once into a `Raw` snapshot; `figures(raw, code, year=…,
audience=…)` answers from it in the shape of `national.figures`.

Where the guide leaves a detail open, the reading taken here is written as a comment marked
DECISION, so the two implementations can be aligned.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from prima.coaching.models import FollowUpTask, Participant
from prima.complaints.models import Complaint, Event, Status
from prima.evaluation.models import Cycle, Lokus
from prima.innovation.models import Innovation, Replication
from prima.mpp.models import Mpp, MppDay, Offering, Tenant  # mpp:reach
from prima.registry.models import Agency, CoordinationRegion, Region, Service, ServiceUnit
from prima.standards.models import Forum, Maklumat, ServiceStandard
from prima.surveys import ikm
from prima.surveys.models import ELEMENT_KEYS, SurveyPeriod, SurveyResponse

WIB = ZoneInfo("Asia/Jakarta")
MIN_PUBLIC_COUNT = 5  # the complaints module's rule, restated on purpose (guide: "5 complaints")
REGIONAL_KINDS = (
    Agency.Kind.PEMERINTAH_PROVINSI,
    Agency.Kind.PEMERINTAH_KABUPATEN,
    Agency.Kind.PEMERINTAH_KOTA,
)
# Open details where the lead's implementation read the guide otherwise (issue 20 review): each
# switch names this oracle's reading (the default) and the other one, so aligning is one line.
# A unit's coaching figures: none (False), or its agency's when that is a regional government.
UNIT_HOLDS_ITS_AGENCYS_GOVERNMENT = True
# For the public, a complaint naming an unlisted unit: counted (False), or left out (True).
PUBLIC_COMPLAINTS_NEED_A_LISTED_UNIT = True
# Aspects with the same mean: in the instrument's order ("instrument") or by code ("code").
ASPECT_TIES = "instrument"

# PermenPANRB 14/2017: mutu from the IKM rounded half up to two decimals.
MUTU_FLOORS = ((Decimal("88.31"), "A"), (Decimal("76.61"), "B"), (Decimal("65.00"), "C"))


def exact_half_up(value: Fraction, places: int) -> Decimal:
    """An exact non-negative value rounded half up to `places` decimals."""
    return Decimal(math.floor(value * 10**places + Fraction(1, 2))).scaleb(-places)


# --- the raw snapshot ------------------------------------------------------------------------
@dataclass
class PeriodRaw:
    period: SurveyPeriod
    counts: dict[str, Counter[int]] = field(default_factory=dict)  # element -> answer -> n

    def sums(self) -> list[tuple[int, int]]:
        return [
            (sum(self.counts[k].values()), sum(a * n for a, n in self.counts[k].items()))
            for k in ELEMENT_KEYS
        ]

    def ikm(self) -> Fraction | None:
        """25 × the mean of the nine NRR (sum / number of answers; blanks left out)."""
        sums = self.sums()
        if any(n == 0 for n, _ in sums):
            return None
        return Fraction(25, len(ELEMENT_KEYS)) * sum(Fraction(s, n) for n, s in sums)

    def below_sample(self) -> bool:
        """Population known and some element answered fewer times than Krejcie–Morgan asks
        (the required size itself is the survey module's formula, ikm.required_sample)."""
        if self.period.population is None:
            return False
        fewest = min(n for n, _ in self.sums())
        return fewest < ikm.required_sample(self.period.population)


@dataclass
class Raw:
    today: dt.date
    regions: dict[str, Region]
    coordination: dict[str, int]  # CoordinationRegion code -> pk
    agencies: dict[int, Agency]
    units: dict[int, ServiceUnit]
    periods: list[PeriodRaw]
    cycles: list[Cycle]
    lokus: list[Lokus]
    services: list[Service]
    in_force: set[int]  # service ids with a standard published or under review
    maklumat_units: set[int]
    forums: list[Forum]
    complaints: list[Complaint]
    first_answer_in_time: dict[int, bool]
    attended: list[tuple[int, dt.datetime]]  # (agency id, event start) per attendance
    tasks: list[FollowUpTask]
    innovations: list[Innovation] = field(default_factory=list)
    replications: list[Replication] = field(default_factory=list)
    # --- mpp:reach ---
    mpps: list[Mpp] = field(default_factory=list)
    tenants: list[Tenant] = field(default_factory=list)
    offerings: list[Offering] = field(default_factory=list)
    mpp_days: list[MppDay] = field(default_factory=list)
    # --- end mpp:reach ---


def load(*, today: dt.date | None = None) -> Raw:
    periods = {
        p.pk: PeriodRaw(p, {k: Counter() for k in ELEMENT_KEYS})
        for p in SurveyPeriod.objects.filter(service__isnull=True)
    }
    for row in SurveyResponse.objects.filter(
        is_flagged=False, period_id__in=list(periods)
    ).values_list("period_id", *ELEMENT_KEYS):
        for key, answer in zip(ELEMENT_KEYS, row[1:], strict=True):
            if answer is not None:
                periods[row[0]].counts[key][answer] += 1
    first_in_time: dict[int, bool] = {}
    for event in Event.objects.filter(action=Event.Action.RESPONDED).order_by("at", "pk"):
        # DECISION: "the answer's in_time mark" is read from the complaint's first RESPONDED
        # event (the one the respond action marks); later answers do not count again.
        first_in_time.setdefault(event.complaint_id, event.detail.get("in_time") is True)
    return Raw(
        today=today or timezone.localdate(),
        regions={r.code: r for r in Region.objects.select_related("coordination_region")},
        coordination=dict(CoordinationRegion.objects.values_list("code", "pk")),
        agencies={a.pk: a for a in Agency.objects.all()},
        units={u.pk: u for u in ServiceUnit.objects.all()},
        periods=list(periods.values()),
        cycles=list(Cycle.objects.all()),
        lokus=list(Lokus.objects.all()),
        services=list(Service.objects.all()),
        in_force=set(
            ServiceStandard.objects.filter(status__in=ServiceStandard.IN_FORCE).values_list(
                "service_id", flat=True
            )
        ),
        # DECISION: "a signed maklumat" is any maklumat with a signing date (signed_on set),
        # whatever that date; the signer's name is not required.
        maklumat_units=set(
            Maklumat.objects.filter(signed_on__isnull=False).values_list("unit_id", flat=True)
        ),
        forums=list(Forum.objects.all()),
        complaints=list(Complaint.objects.all()),
        first_answer_in_time=first_in_time,
        attended=list(
            Participant.objects.filter(attended_at__isnull=False).values_list(
                "agency_id", "event__starts_at"
            )
        ),
        tasks=list(FollowUpTask.objects.all()),
        innovations=list(Innovation.objects.all()),
        replications=list(Replication.objects.all()),
        # --- mpp:reach ---
        mpps=list(Mpp.objects.all()),
        tenants=list(Tenant.objects.all()),
        offerings=list(Offering.objects.all()),
        mpp_days=list(MppDay.objects.all()),
        # --- end mpp:reach ---
    )


# --- areas -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Area:
    level: str  # "ID", "wilayah", "province", "regency", "agency", "unit"
    key: Any  # None, the code, or the agency's / unit's pk


def parse(raw: Raw, code: str) -> Area:
    if code == "ID":
        return Area("ID", None)
    if code.startswith("agency:"):
        name = code.removeprefix("agency:")
        return Area("agency", next(a.pk for a in raw.agencies.values() if a.code == name))
    if code.startswith("unit:"):
        name = code.removeprefix("unit:")
        return Area("unit", next(u.pk for u in raw.units.values() if u.code == name))
    if code in raw.coordination:
        return Area("wilayah", code)
    region = raw.regions[code]
    return Area("province" if region.level == Region.Level.PROVINCE else "regency", code)


def province_of(raw: Raw, region_code: str) -> Region:
    region = raw.regions[region_code]
    return region if region.parent_id is None else raw.regions[region.parent_id]


def region_in_area(raw: Raw, region_code: str | None, area: Area) -> bool:
    """Whether a place (a unit's region, or a unitless complaint's agency's region) lies in a
    regional area. Regions are matched through their parent, not a code prefix."""
    if region_code is None:
        return area.level == "ID"
    if area.level == "ID":
        return True
    province = province_of(raw, region_code)
    if area.level == "wilayah":
        cr = province.coordination_region
        return cr is not None and cr.code == area.key
    if area.level == "province":
        return province.code == area.key
    if area.level == "regency":
        return region_code == area.key
    return False


def listed(raw: Raw, unit: ServiceUnit) -> bool:
    return unit.is_active and raw.agencies[unit.agency_id].is_active


def area_units(raw: Raw, area: Area, audience: str) -> list[ServiceUnit]:
    found = []
    for unit in raw.units.values():
        if audience == "public" and not listed(raw, unit):
            continue
        if area.level == "agency":
            inside = unit.agency_id == area.key
        elif area.level == "unit":
            inside = unit.pk == area.key
        else:
            inside = region_in_area(raw, unit.region_id, area)
        if inside:
            found.append(unit)
    return found


def complaint_in_area(raw: Raw, complaint: Complaint, area: Area) -> bool:
    """A complaint naming a unit belongs where the unit is; one without a unit belongs to its
    agency and the agency's region (a ministry's: the agency and Indonesia only)."""
    unit = raw.units.get(complaint.unit_id) if complaint.unit_id else None
    if area.level == "unit":
        return unit is not None and unit.pk == area.key
    if area.level == "agency":
        # DECISION: a complaint naming a unit counts for the unit's (current) agency; the
        # intake refuses a unit of another agency and rerouting clears the unit, so this is
        # the complaint's agency in practice.
        return (unit.agency_id if unit else complaint.agency_id) == area.key
    place = unit.region_id if unit else raw.agencies[complaint.agency_id].region_id
    return region_in_area(raw, place, area)


def public_complaint(raw: Raw, complaint: Complaint) -> bool:
    # DECISION: "complaints anyone may read" is the complaints module's public filter (not
    # secret, not abuse, not archived, agency active) and nothing more: a complaint to an
    # unlisted unit of an active agency is readable, so it counts for the public too (in its
    # region and agency; for `unit:` of the unlisted unit as well).
    unit = raw.units.get(complaint.unit_id) if complaint.unit_id else None
    if PUBLIC_COMPLAINTS_NEED_A_LISTED_UNIT and unit is not None and not listed(raw, unit):
        return False
    return (
        not complaint.is_secret
        and not complaint.is_abuse
        and complaint.status != Status.ARCHIVED
        and raw.agencies[complaint.agency_id].is_active
    )


def governments(raw: Raw, area: Area) -> dict[str, set[int]]:
    """The area's regional governments: region code -> the ids of the regional-government
    agencies registered for it (empty when none is in Prima)."""
    by_region: dict[str, set[int]] = defaultdict(set)
    # DECISION: a government's agencies are the regional-government agencies whose region is
    # the government's region, active or not (taking part is a fact of the past).
    for agency in raw.agencies.values():
        if agency.kind in REGIONAL_KINDS and agency.region_id:
            by_region[agency.region_id].add(agency.pk)
    if area.level == "unit" and not UNIT_HOLDS_ITS_AGENCYS_GOVERNMENT:
        # DECISION: a unit holds no regional government; its coaching figures are all zero.
        return {}
    if area.level in ("agency", "unit"):
        agency = raw.agencies[area.key if area.level == "agency" else raw.units[area.key].agency_id]
        if agency.kind in REGIONAL_KINDS and agency.region_id:
            # DECISION: "itself": only this agency's own attendance and tasks count.
            return {agency.region_id: {agency.pk}}
        return {}
    return {
        code: set(by_region.get(code, ()))
        for code, region in raw.regions.items()
        if region.is_active and region_in_area(raw, code, area)
    }


# --- the figures -------------------------------------------------------------------------------
def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def skm(raw: Raw, units: list[ServiceUnit], *, year: int, audience: str) -> dict[str, Any]:
    ids = {u.pk for u in units}
    chosen: dict[int, PeriodRaw] = {}
    for p in raw.periods:
        if p.period.unit_id not in ids or p.period.ends_on.year != year:
            continue
        best = chosen.get(p.period.unit_id)
        # The whole-unit period that ends last in the year; the latest id on a tie (as
        # aggregates.mark_recap).
        if best is None or (p.period.ends_on, p.period.pk) > (best.period.ends_on, best.period.pk):
            chosen[p.period.unit_id] = p
    counted: list[tuple[PeriodRaw, Fraction]] = []
    for p in chosen.values():
        value = p.ikm()
        if value is None:
            continue
        # DECISION: for the public, the unit counts only when *that* period (the last of the
        # year) is published; an earlier published period does not stand in for it.
        if audience == "public" and p.period.results_published_at is None:
            continue
        counted.append((p, value))
    by_mutu = {"A": 0, "B": 0, "C": 0, "D": 0}
    below = 0
    for p, value in counted:
        if p.below_sample():
            below += 1
            continue
        rounded = exact_half_up(value, 2)
        grade = next((m for floor, m in MUTU_FLOORS if rounded >= floor), "D")
        by_mutu[grade] += 1
    mean = mean_rounded = None
    if counted:
        # The mean of PeriodResult.ikm as stored: the exact IKM to ten decimals (half up).
        # DECISION: both displayed roundings are taken from the exact mean of those values
        # (the two-decimal figure is not a rounding of the four-decimal one).
        exact = sum(Fraction(exact_half_up(v, 10)) for _, v in counted) / len(counted)
        mean = _float(exact_half_up(exact, 4))
        mean_rounded = _float(exact_half_up(exact, 2))
    pooled: dict[str, list[int]] = {k: [0, 0] for k in ELEMENT_KEYS}
    for p, _value in counted:
        for key, (n, total) in zip(ELEMENT_KEYS, p.sums(), strict=True):
            pooled[key][0] += n
            pooled[key][1] += total
    weakest = sorted(
        (k for k in ELEMENT_KEYS if pooled[k][0]),
        key=lambda k: (Fraction(pooled[k][1], pooled[k][0]), ELEMENT_KEYS.index(k)),
    )
    return {
        "year": year,
        "units_with_result": len(counted),
        "ikm_mean": mean,
        "ikm_mean_rounded": mean_rounded,
        "by_mutu": by_mutu,
        "below_sample": below,
        # DECISION: the whole ordered list of the nine elements, not only the first few.
        "weakest_elements": weakest,
    }


def ipp(raw: Raw, units: list[ServiceUnit], *, year: int) -> dict[str, Any]:
    # DECISION: "published" is the cycle's stage (status == published), as Cycle.is_published.
    # The cycle shown is the same for every area of the year, with or without lokus in it.
    shown = [
        c
        for c in raw.cycles
        if c.scheme == Cycle.Scheme.NASIONAL
        and c.status == Cycle.Status.PUBLISHED
        and c.year <= year
    ]
    cycle = max(shown, key=lambda c: (c.year, c.pk), default=None)
    ids = {u.pk for u in units}
    lokus = [
        lk
        for lk in raw.lokus
        if cycle is not None
        and lk.cycle_id == cycle.pk
        and lk.unit_id in ids
        and lk.ipp is not None
    ]
    mean = None
    if lokus:
        # The stored IPP (six decimals) is the unrounded IPP the guide means.
        mean = _float(exact_half_up(sum(Fraction(lk.ipp) for lk in lokus) / len(lokus), 2))
    categories = Counter(lk.category for lk in lokus)
    order = [a.code for a in cycle.instrument.aspects] if cycle is not None else []
    scores: dict[str, list[Fraction]] = defaultdict(list)
    for lk in lokus:
        for code, value in lk.aspect_scores.items():
            scores[code].append(Fraction(Decimal(value)))
    # DECISION: an aspect's mean is over the lokus that have a score for it; ties keep the
    # instrument's order of aspects.
    weakest = sorted(
        scores,
        key=lambda code: (
            sum(scores[code]) / len(scores[code]),
            (order.index(code) if code in order else len(order))
            if ASPECT_TIES == "instrument"
            else 0,
            code,
        ),
    )
    return {
        "cycle": cycle.pk if cycle else None,
        "cycle_year": cycle.year if cycle else None,
        "lokus": len(lokus),
        "ipp_mean": mean,
        "by_category": {code: n for code, n in categories.items() if n > 0},
        "weakest_aspects": weakest,
    }


def standards(raw: Raw, units: list[ServiceUnit], *, year: int) -> dict[str, Any]:
    ids = {u.pk for u in units}
    services = [s for s in raw.services if s.unit_id in ids and s.is_active]
    # DECISION: a forum counts by purpose and date only (held_on in the year, on or before
    # today), whatever its recorded stage.
    fkp = {
        f.unit_id
        for f in raw.forums
        if f.unit_id in ids
        and f.purpose in (Forum.Purpose.DRAFTING, Forum.Purpose.REVIEW)
        and f.held_on.year == year
        and f.held_on <= raw.today
    }
    return {
        "services": len(services),
        "with_standard_in_force": sum(1 for s in services if s.pk in raw.in_force),
        "units_with_maklumat": len(ids & raw.maklumat_units),
        "units_with_fkp": len(fkp),
    }


def innovation(raw: Raw, units: list[ServiceUnit], *, audience: str) -> dict[str, Any]:
    """The guide: living = running or growing, confirmed within a year of today (365 days
    after the confirmation still counts); the public counts published ones only."""
    ids = {u.pk for u in units}
    living = [
        i
        for i in raw.innovations
        if i.unit_id in ids
        and i.status in ("aktif", "berkembang")
        and (raw.today - i.status_confirmed_on).days <= 365
        and (audience == "staff" or i.is_published)
    ]
    # DECISION: a replication counts unless it stopped (being prepared or running).
    spread = {r.source_id for r in raw.replications if r.state != "berhenti"}
    return {
        "units_with_living": len({i.unit_id for i in living}),
        "living": len(living),
        "replicated": sum(1 for i in living if i.pk in spread),
    }


# --- mpp:reach ---
def mpp(raw: Raw, units: list[ServiceUnit], *, audience: str) -> dict[str, Any]:
    """The guide: MPP units (kind "mpp") with a profile, as they stand today; the public
    counts published MPPs only. A tenant is present from the day it joined until the day
    before it left; the last 30 days are today and the 29 before."""
    ids = {u.pk for u in units if u.kind == "mpp"}
    # DECISION: "published" is the profile's public-page switch; the unit being listed is
    # already required of the public's units (area_units).
    mine = [m for m in raw.mpps if m.unit_id in ids and (audience == "staff" or m.is_published)]
    chosen = {m.unit_id for m in mine}
    present = {
        t.pk
        for t in raw.tenants
        if t.mpp_id in chosen
        and t.joined_on <= raw.today
        and (t.left_on is None or raw.today < t.left_on)
    }
    first = raw.today - dt.timedelta(days=29)
    return {
        "mpps": len(mine),
        "inaugurated": sum(
            1 for m in mine if m.inaugurated_on is not None and m.inaugurated_on <= raw.today
        ),
        "tenants": len(present),
        "services": sum(1 for o in raw.offerings if o.is_active and o.tenant_id in present),
        "visitors_30_days": sum(
            d.visitors for d in raw.mpp_days if d.mpp_id in chosen and first <= d.date <= raw.today
        ),
        "digital_pilots": sum(1 for m in mine if m.is_digital_pilot),
    }


# --- end mpp:reach ---


def complaints(raw: Raw, area: Area, *, year: int, audience: str) -> dict[str, Any]:
    rows = [
        c
        for c in raw.complaints
        if complaint_in_area(raw, c, area)
        and (audience == "staff" or public_complaint(raw, c))
        and c.received_at.astimezone(WIB).year == year
    ]
    received = len(rows)
    if audience == "public" and received < MIN_PUBLIC_COUNT:
        # DECISION: the public threshold is on the complaints received (the module's rule in
        # complaints.queries.unit_stats), for the median as for the share.
        return {"received": received, "answered_on_time": None, "median_first_answer_hours": None}
    # DECISION: with nothing received the count on time is 0, not None.
    on_time = sum(1 for c in rows if raw.first_answer_in_time.get(c.pk, False))
    hours = [
        math.floor((c.first_responded_at - c.received_at).total_seconds() / 3600)
        for c in rows
        if c.first_responded_at is not None
    ]
    return {
        "received": received,
        "answered_on_time": on_time,
        "median_first_answer_hours": float(statistics.median(hours)) if hours else None,
    }


def coaching(raw: Raw, area: Area, *, year: int) -> dict[str, Any]:
    govs = governments(raw, area)
    took = 0
    never_codes = []
    # DECISION: an event's year is the year of its start in WIB (the project's time zone);
    # any stage of the event counts, only attendance matters.
    for code, agencies in govs.items():
        starts = [s for a, s in raw.attended if a in agencies]
        if any(s.astimezone(WIB).year == year for s in starts):
            took += 1
        if not starts:
            never_codes.append(code)
    mine = set().union(*govs.values()) if govs else set()
    # DECISION: cancelled tasks are left out (as coaching.queries.completion); done means
    # reported done or verified (FollowUpTask.FINISHED).
    tasks = [
        t
        for t in raw.tasks
        if t.agency_id in mine
        and t.due_on.year == year
        and t.status != FollowUpTask.Status.CANCELLED
    ]
    return {
        "governments": len(govs),
        "took_part": took,
        "never": sorted(never_codes),
        "tasks": len(tasks),
        "tasks_done": sum(1 for t in tasks if t.status in FollowUpTask.FINISHED),
    }


def figures(raw: Raw, code: str, *, year: int, audience: str) -> dict[str, Any]:
    """The national picture's panel for one area, year and audience, from the raw rows."""
    area = parse(raw, code)
    units = area_units(raw, area, audience)
    # DECISION: coaching figures do not depend on the audience.
    return {
        "units": len(units),
        "skm": skm(raw, units, year=year, audience=audience),
        "ipp": ipp(raw, units, year=year),
        "standards": standards(raw, units, year=year),
        "complaints": complaints(raw, area, year=year, audience=audience),
        "innovation": innovation(raw, units, audience=audience),
        "mpp": mpp(raw, units, audience=audience),  # mpp:reach
        "coaching": coaching(raw, area, year=year),
    }


# --- what to compare -----------------------------------------------------------------------
def area_codes(raw: Raw, *, without: int = 5) -> list[str]:
    """Every area worth comparing: Indonesia, the coordination regions, every province, every
    regency/city holding a unit, an agency or a complaint's place, `without` regencies holding
    nothing, every agency and every unit."""
    used = {u.region_id for u in raw.units.values()}
    used |= {a.region_id for a in raw.agencies.values() if a.region_id}
    regencies = sorted(
        code for code, r in raw.regions.items() if r.level == Region.Level.REGENCY and code in used
    )
    empty = sorted(
        code
        for code, r in raw.regions.items()
        if r.level == Region.Level.REGENCY and code not in used and r.is_active
    )[:without]
    provinces = sorted(code for code, r in raw.regions.items() if r.level == Region.Level.PROVINCE)
    return [
        "ID",
        *sorted(raw.coordination),
        *provinces,
        *regencies,
        *empty,
        *sorted(f"agency:{a.code}" for a in raw.agencies.values()),
        *sorted(f"unit:{u.code}" for u in raw.units.values()),
    ]


def years(raw: Raw) -> range:
    """From the earliest year holding any record the figures read, to this year."""
    found = [raw.today.year]
    found += [p.period.ends_on.year for p in raw.periods]
    found += [c.year for c in raw.cycles]
    found += [f.held_on.year for f in raw.forums]
    found += [c.received_at.astimezone(WIB).year for c in raw.complaints]
    found += [s.astimezone(WIB).year for _, s in raw.attended]
    found += [t.due_on.year for t in raw.tasks]
    return range(min(found), raw.today.year + 1)
