"""The national picture's figures (issue 20): what each unit adds to the areas it belongs to,
and the figures an area's summed rows give. The definitions, for readers and for the oracle
test that recomputes them from the raw records: docs/guide/national-picture.md.

A *holder* is a service unit ("u<id>") or an agency's own records that name no unit
("a<id>": complaints filed to the agency). `holder_sums` computes, for a batch of holders,
their additive sums per year and audience (`Sums.data`: counts, exact decimal sums, counts by
key) in a fixed number of grouped queries, whatever the batch's size — the same function
serves the rebuild (batches of hundreds) and the incremental path (the few holders a write
touched), so the two cannot compute a figure two ways. `derive` turns summed data into the
figures the pages and the API show. Pure of pages and requests.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from prima.complaints.access import PUBLIC as PUBLIC_COMPLAINT
from prima.complaints.models import Complaint
from prima.complaints.models import Event as ComplaintEvent
from prima.evaluation import instrument as instruments
from prima.evaluation.models import Cycle, Lokus
from prima.evaluation.scoring import round_half_up
from prima.innovation import lifecycle
from prima.innovation.models import Innovation, Replication
from prima.insights.models import Audience
from prima.mpp import readiness as mpp_facts  # mpp:reach
from prima.registry.models import Agency, ServiceUnit
from prima.standards import queries as standards
from prima.standards.models import Forum, Maklumat
from prima.surveys.ikm import t_quantile_975
from prima.surveys.models import ELEMENT_KEYS, PeriodResult, SurveyTally

NOW = 0  # the year of the rows that count things as they stand today
PUBLIC, STAFF = Audience.PUBLIC.value, Audience.STAFF.value
AUDIENCES = (PUBLIC, STAFF)
MUTU = ("A", "B", "C", "D")
FEW_UNITS = 3  # a mean over fewer units is marked "few units"
MIN_PUBLIC_COMPLAINTS = 5  # prima.complaints.queries.MIN_PUBLIC_COUNT: shares over fewer hidden
FKP_PURPOSES = (Forum.Purpose.DRAFTING, Forum.Purpose.REVIEW)
REGIONAL_GOVERNMENTS = (
    Agency.Kind.PEMERINTAH_PROVINSI,
    Agency.Kind.PEMERINTAH_KABUPATEN,
    Agency.Kind.PEMERINTAH_KOTA,
)


def unit_holder(unit_id: int) -> str:
    return f"u{unit_id}"


def agency_holder(agency_id: int) -> str:
    return f"a{agency_id}"


# --- additive sums --------------------------------------------------------------------------
# Keys of Sums.data: integers add, *_sum are exact decimals kept as strings, dictionaries add
# key by key (their values integers, or decimal strings for ipp_aspects), skm_tally adds lists.
_DECIMALS = ("skm_sum", "skm_sq", "ipp_sum")
TEN_DECIMALS = Decimal("1e-10")


@dataclass
class Sums:
    data: dict[str, Any] = field(default_factory=dict)

    def count(self, key: str, n: int = 1) -> None:
        self.data[key] = self.data.get(key, 0) + n

    def add_decimal(self, key: str, value: Decimal) -> None:
        self.data[key] = str(Decimal(self.data.get(key, "0")) + value)

    def count_in(self, key: str, name: str, n: int = 1) -> None:
        bucket = self.data.setdefault(key, {})
        bucket[name] = bucket.get(name, 0) + n

    def add(self, other: Mapping[str, Any]) -> None:
        """Add another row's data to this one."""
        for key, value in other.items():
            if key in _DECIMALS:
                self.add_decimal(key, Decimal(value))
            elif key == "skm_tally":
                mine = self.data.setdefault(key, {})
                for element, counts in value.items():
                    have = mine.setdefault(element, [0] * len(counts))
                    mine[element] = [a + b for a, b in zip(have, counts, strict=True)]
            elif key == "ipp_aspects":
                mine = self.data.setdefault(key, {})
                for aspect, total in value.items():
                    mine[aspect] = str(Decimal(mine.get(aspect, "0")) + Decimal(total))
            elif isinstance(value, dict):
                for name, n in value.items():
                    self.count_in(key, name, n)
            else:
                self.count(key, value)


# --- what each holder adds -------------------------------------------------------------------
@dataclass(frozen=True)
class Holder:
    key: str
    agency_id: int
    unit_id: int | None
    region_id: str | None
    listed: bool  # shown to the public: the unit (or the agency) and its agency active
    kind: str = ""  # the unit's kind (ServiceUnit.Kind), "" for an agency's own records

    @property
    def province(self) -> str:
        return (self.region_id or "")[:2]


@dataclass
class HolderRows:
    holders: dict[str, Holder]
    sums: dict[tuple[str, int, str], Sums]  # (holder, year, audience) → sums (none empty)


def local_year(moment: dt.datetime) -> int:
    """The year of a moment in Indonesia's western time (the country's reporting day)."""
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).year


def shown_cycles() -> dict[int, int]:
    """Year → the latest published PEKPPP Nasional cycle of that year (its pk)."""
    chosen: dict[int, int] = {}
    rows = Cycle.objects.filter(
        scheme=Cycle.Scheme.NASIONAL, status=Cycle.Status.PUBLISHED
    ).order_by("year", "published_at", "pk")
    for pk, year in rows.values_list("pk", "year"):
        chosen[year] = pk
    return chosen


def holder_sums(
    unit_ids: Iterable[int], agency_ids: Iterable[int], *, today: dt.date
) -> HolderRows:
    """The sums of these units and of these agencies' own records, per year and audience."""
    unit_ids, agency_ids = sorted(set(unit_ids)), sorted(set(agency_ids))
    holders: dict[str, Holder] = {}
    for pk, agency_id, region_id, active, agency_active, kind in ServiceUnit.objects.filter(
        pk__in=unit_ids
    ).values_list("pk", "agency_id", "region_id", "is_active", "agency__is_active", "kind"):
        holders[unit_holder(pk)] = Holder(
            unit_holder(pk), agency_id, pk, region_id, active and agency_active, kind
        )
    for pk, region_id, active in Agency.objects.filter(pk__in=agency_ids).values_list(
        "pk", "region_id", "is_active"
    ):
        holders[agency_holder(pk)] = Holder(agency_holder(pk), pk, None, region_id, active)
    sums: dict[tuple[str, int, str], Sums] = defaultdict(Sums)
    units = {h.unit_id: h for h in holders.values() if h.unit_id is not None}

    def add(holder: Holder, year: int, public: bool, data: dict[str, Any]) -> None:
        """Add `data` to the holder's staff row, and to its public row when `public`."""
        sums[holder.key, year, STAFF].add(data)
        if public and holder.listed:
            sums[holder.key, year, PUBLIC].add(data)

    for holder in units.values():
        add(holder, NOW, True, {"units": 1})
    _skm(units, add)
    _ipp(units, add)
    _standards(units, add, today)
    _complaints(holders, add)
    _innovation(units, add, today)
    _mpp(units, add, today)  # mpp:reach
    return HolderRows(holders, {key: s for key, s in sums.items() if s.data})


def _skm(units: dict[int, Holder], add: Any) -> None:
    results = list(
        PeriodResult.objects.filter(unit_id__in=list(units), in_recap=True, ikm__isnull=False)
        .order_by()
        .values_list(
            "period_id",
            "unit_id",
            "year",
            "ikm",
            "mutu",
            "sample_met",
            "period__results_published_at",
        )
    )
    tallies: dict[int, dict[str, list[int]]] = defaultdict(dict)
    for period_id, element, answer, count in (
        SurveyTally.objects.filter(period_id__in={r[0] for r in results}, element__in=ELEMENT_KEYS)
        .order_by()
        .values_list("period_id", "element", "answer", "count")
    ):
        counts = tallies[period_id].setdefault(element, [0, 0, 0, 0])
        if 1 <= answer <= 4:
            counts[answer - 1] += count
    for period_id, unit_id, year, ikm, mutu, sample_met, published_at in results:
        if ikm is None:  # filtered out above; for the type checker
            continue
        data: dict[str, Any] = {
            "skm_units": 1,
            "skm_sum": str(ikm),
            # Squares to ten decimals: enough for the interval of a mean, exact to sum.
            "skm_sq": str((ikm * ikm).quantize(TEN_DECIMALS)),
        }
        if sample_met is False:
            data["skm_below"] = 1
        elif mutu:
            data["skm_mutu"] = {mutu: 1}
        if tallies.get(period_id):
            data["skm_tally"] = tallies[period_id]
        add(units[unit_id], year, published_at is not None, data)


def _ipp(units: dict[int, Holder], add: Any) -> None:
    cycles = shown_cycles()
    if not cycles:
        return
    for unit_id, year, ipp, category, aspects in (
        Lokus.objects.filter(
            cycle_id__in=list(cycles.values()), unit_id__in=list(units), ipp__isnull=False
        )
        .order_by()
        .values_list("unit_id", "cycle__year", "ipp", "category", "aspect_scores")
    ):
        data: dict[str, Any] = {"ipp_lokus": 1, "ipp_sum": str(ipp)}
        if category:
            data["ipp_cat"] = {category: 1}
        if aspects:
            data["ipp_aspects"] = {code: str(value) for code, value in aspects.items()}
        add(units[unit_id], year, True, data)


def _standards(units: dict[int, Holder], add: Any, today: dt.date) -> None:
    rows = standards.service_rows_by_unit(list(units), today)
    for unit_id, services in rows.items():
        in_force = sum(r.in_force is not None for r in services)
        add(units[unit_id], NOW, True, {"std_services": len(services), "std_in_force": in_force})
    signed = (
        Maklumat.objects.filter(unit_id__in=list(units), signed_on__isnull=False)
        .order_by()
        .values_list("unit_id", flat=True)
        .distinct()
    )
    for unit_id in signed:
        add(units[unit_id], NOW, True, {"std_maklumat": 1})
    forums = (
        Forum.objects.filter(unit_id__in=list(units), purpose__in=FKP_PURPOSES, held_on__lte=today)
        .order_by()
        .values_list("unit_id", "held_on__year")
        .distinct()
    )
    for unit_id, year in forums:
        add(units[unit_id], year, True, {"std_fkp": 1})


def _complaints(holders: dict[str, Holder], add: Any) -> None:
    unit_ids = [h.unit_id for h in holders.values() if h.unit_id is not None]
    agency_ids = [h.agency_id for h in holders.values() if h.unit_id is None]
    mine = Complaint.objects.filter(
        Q(unit_id__in=unit_ids) | Q(unit__isnull=True, agency_id__in=agency_ids)
    ).order_by()
    rows = list(mine.values_list("pk", "unit_id", "agency_id", "received_at", "first_responded_at"))
    public = set(mine.filter(PUBLIC_COMPLAINT).values_list("pk", flat=True))
    on_time = set(
        ComplaintEvent.objects.filter(
            complaint__in=mine,
            action=ComplaintEvent.Action.RESPONDED,
            detail__in_time=True,
        )
        .order_by()
        .values_list("complaint_id", flat=True)
    )
    for pk, unit_id, agency_id, received, answered in rows:
        holder = holders[unit_holder(unit_id) if unit_id else agency_holder(agency_id)]
        data: dict[str, Any] = {"cmp_received": 1}
        if pk in on_time:
            data["cmp_on_time"] = 1
        if answered is not None:
            data["cmp_hours"] = {str(int((answered - received).total_seconds() // 3600)): 1}
        add(holder, local_year(received), pk in public, data)


def _innovation(units: dict[int, Holder], add: Any, today: dt.date) -> None:
    """Living innovations as they stand today (prima.innovation.lifecycle): each counts
    publicly when published; a unit counts once, publicly when one of its living innovations
    is published."""
    rows = list(
        Innovation.objects.filter(lifecycle.living(today), unit_id__in=list(units))
        .order_by()
        .values_list("pk", "unit_id", "is_published")
    )
    spread = set(
        Replication.objects.filter(source_id__in=[pk for pk, _u, _p in rows])
        .exclude(state=Replication.State.STOPPED)
        .values_list("source_id", flat=True)
    )
    shown: dict[int, bool] = {}
    for pk, unit_id, published in rows:
        data: dict[str, Any] = {"inv_living": 1}
        if pk in spread:
            data["inv_replicated"] = 1
        add(units[unit_id], NOW, published, data)
        shown[unit_id] = shown.get(unit_id, False) or published
    for unit_id, published in shown.items():
        if published:
            add(units[unit_id], NOW, True, {"inv_units": 1})
        else:
            add(units[unit_id], NOW, False, {"inv_units": 1})


# --- mpp:reach ---
def _mpp(units: dict[int, Holder], add: Any, today: dt.date) -> None:
    """MPP units with a profile as they stand today (prima.mpp.readiness.facts_for): each
    counts publicly when its MPP is published."""
    mpp_ids = [pk for pk, h in units.items() if h.kind == ServiceUnit.Kind.MPP]
    for unit_id, facts in mpp_facts.facts_for(mpp_ids, today).items():
        data: dict[str, Any] = {"mpp_units": 1}
        for key, value in (
            ("mpp_inaugurated", int(facts.inaugurated)),
            ("mpp_tenants", facts.tenants),
            ("mpp_services", facts.services),
            ("mpp_visitors", facts.visitors_recent),
            ("mpp_digital", int(facts.digital_pilot)),
        ):
            if value:
                data[key] = value
        add(units[unit_id], NOW, facts.published, data)


def mpp_figures(now: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "mpps": now.get("mpp_units", 0),
        "inaugurated": now.get("mpp_inaugurated", 0),
        "tenants": now.get("mpp_tenants", 0),
        "services": now.get("mpp_services", 0),
        "visitors_30_days": now.get("mpp_visitors", 0),
        "digital_pilots": now.get("mpp_digital", 0),
    }


# --- end mpp:reach ---


def quick(data: Mapping[str, Any]) -> dict[str, Any]:
    """The numbers of a unit's row a ranking reads (the HolderFigures.QUICK columns), as
    floats and counts: its IKM and IPP, complaints received and answered on time, and
    today's services, standards in force, maklumat and the unit itself."""
    found: dict[str, Any] = {}
    if data.get("skm_units"):
        found["ikm"] = float(Decimal(data["skm_sum"]) / data["skm_units"])
    if data.get("ipp_lokus"):
        found["ipp"] = float(Decimal(data["ipp_sum"]) / data["ipp_lokus"])
    for key, name in (
        ("cmp_received", "received"),
        ("cmp_on_time", "on_time"),
        ("std_services", "services"),
        ("std_in_force", "in_force"),
        ("std_maklumat", "maklumat"),
        ("units", "units"),
    ):
        if data.get(key):
            found[name] = data[key]
    return found


# --- the figures of summed data ------------------------------------------------------------
def _rounded(value: Fraction, places: int) -> float:
    return float(round_half_up(value, places))


def _median_hours(histogram: Mapping[str, int]) -> float | None:
    """The median of whole hours kept as hours → count; the mean of the middle two when the
    count is even."""
    n = sum(histogram.values())
    if not n:
        return None
    ordered = sorted((int(h), c) for h, c in histogram.items())

    def at(index: int) -> int:
        seen = 0
        for hours, count in ordered:
            seen += count
            if index < seen:
                return hours
        raise IndexError(index)

    if n % 2:
        return float(at(n // 2))
    return (at(n // 2 - 1) + at(n // 2)) / 2


def weakest_elements(tally: Mapping[str, list[int]]) -> list[str]:
    """Elements by their mean answer, lowest first; ties in questionnaire order."""
    means = []
    for index, element in enumerate(ELEMENT_KEYS):
        counts = tally.get(element)
        if not counts or not sum(counts):
            continue
        mean = Fraction(sum((i + 1) * c for i, c in enumerate(counts)), sum(counts))
        means.append((mean, index, element))
    return [element for _mean, _index, element in sorted(means)]


def skm_figures(data: Mapping[str, Any], year: int, *, elements: bool = True) -> dict[str, Any]:
    units = data.get("skm_units", 0)
    mean = Fraction(Decimal(data.get("skm_sum", "0"))) / units if units else None
    return {
        "year": year,
        "units_with_result": units,
        "ikm_mean": _rounded(mean, 4) if mean is not None else None,
        "ikm_mean_rounded": _rounded(mean, 2) if mean is not None else None,
        "by_mutu": {m: data.get("skm_mutu", {}).get(m, 0) for m in MUTU},
        "below_sample": data.get("skm_below", 0),
        # A table's row shows no elements: pooling nine exact means per row is left out.
        "weakest_elements": weakest_elements(data.get("skm_tally", {})) if elements else [],
    }


def ipp_figures(data: Mapping[str, Any], cycle: Cycle | None) -> dict[str, Any]:
    lokus = data.get("ipp_lokus", 0)
    mean = Fraction(Decimal(data.get("ipp_sum", "0"))) / lokus if lokus else None
    aspects = {
        code: Fraction(Decimal(value)) / lokus
        for code, value in data.get("ipp_aspects", {}).items()
    }
    return {
        "cycle": cycle.pk if cycle is not None else None,
        "cycle_year": cycle.year if cycle is not None else None,
        "lokus": lokus,
        "ipp_mean": _rounded(mean, 2) if mean is not None else None,
        "by_category": {k: v for k, v in sorted(data.get("ipp_cat", {}).items()) if v},
        "weakest_aspects": [
            code
            for code, _v in sorted(
                aspects.items(), key=lambda a: (a[1], _aspect_order(cycle, a[0]))
            )
        ],
    }


def _aspect_order(cycle: Cycle | None, code: str) -> tuple[int, str]:
    """Where the cycle's instrument lists the aspect (ties of the mean are shown so)."""
    order = _aspects_of(cycle.instrument_code) if cycle is not None else ()
    return (order.index(code) if code in order else len(order), code)


@cache
def _aspects_of(instrument_code: str) -> tuple[str, ...]:
    try:
        return tuple(a.code for a in instruments.built_in(instrument_code).aspects)
    except instruments.InstrumentError:  # not a built-in instrument: codes order the ties
        return ()


def standards_figures(now: Mapping[str, Any], year_data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "services": now.get("std_services", 0),
        "with_standard_in_force": now.get("std_in_force", 0),
        "units_with_maklumat": now.get("std_maklumat", 0),
        "units_with_fkp": year_data.get("std_fkp", 0),
    }


def innovation_figures(now: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "units_with_living": now.get("inv_units", 0),
        "living": now.get("inv_living", 0),
        "replicated": now.get("inv_replicated", 0),
    }


def complaint_figures(
    data: Mapping[str, Any], audience: str, *, median: bool = True
) -> dict[str, Any]:
    """`median=False` for a table's row, which shows none (sorting the hours is left out)."""
    received = data.get("cmp_received", 0)
    hidden = audience == PUBLIC and received < MIN_PUBLIC_COMPLAINTS
    return {
        "received": received,
        "answered_on_time": None if hidden else data.get("cmp_on_time", 0),
        "median_first_answer_hours": (
            _median_hours(data.get("cmp_hours", {})) if median and not hidden else None
        ),
    }


# --- how sure a mean is, and whether it moved ------------------------------------------------
Interval = tuple[float, float]


def mean_interval(data: Mapping[str, Any]) -> Interval | None:
    """A 95% interval for the mean IKM of the units summed in `data` (Student's t on the
    spread of the units' IKM); None for fewer than two units. The spread across units, not the
    sampling within each: how sure the level's mean is as a mean of its units."""
    n = data.get("skm_units", 0)
    if n < 2:
        return None
    total, squares = Decimal(data["skm_sum"]), Decimal(data.get("skm_sq", "0"))
    variance = max((squares - total * total / n) / (n - 1), Decimal(0))
    half = t_quantile_975(n - 1) * math.sqrt(float(variance) / n)
    mean = float(total / n)
    return (mean - half, mean + half)


RISE, FALL, NO_CLEAR_CHANGE = "rise", "fall", "no_clear_change"


def movement(now: Interval | None, before: Interval | None) -> str | None:
    """A rise or a fall only when the two intervals do not overlap; None without both."""
    if now is None or before is None:
        return None
    if now[0] > before[1]:
        return RISE
    if now[1] < before[0]:
        return FALL
    return NO_CLEAR_CHANGE
