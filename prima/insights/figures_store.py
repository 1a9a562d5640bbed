"""Keeping the national picture's tables current (issue 20; ADR 0012).

- `rebuild()` recomputes every holder's rows (prima.insights.figures.holder_sums, in batches),
  sums them into areas, and recomputes the regional governments' coaching rows.
- `refresh(unit_ids, agency_ids)` is the incremental path: the holders a write touched are
  recomputed with the same function, and only the areas they belong to (before and after)
  are summed again. prima.insights.store calls it on commit for the units whose records
  changed (the receivers it installs and prima.lib.changes); `connect` adds what only the
  national picture reads (an agency's own complaints and listing, complaint answers, coaching).
- `sweep()` catches up what arrives too often to refresh one by one — the SKM's answers move
  a period's IKM with every submission (ADR 0005's hot path) — by recomputing the units whose
  period results changed since the last sweep; `prima figures refresh` runs it on a timer.

A property test proves that any sequence of writes followed by the incremental path leaves
exactly the rows a rebuild makes (prima/insights/tests/test_figures_store.py).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from prima.coaching.models import FollowUpTask, Participant
from prima.innovation.models import Innovation
from prima.innovation.models.registry import STATUS_VALID_FOR
from prima.insights import figures
from prima.insights.models import AreaFigures, FiguresMark, GovernmentFigures, HolderFigures
from prima.mpp import readiness as mpp_facts  # mpp:reach
from prima.mpp.models import Mpp, MppDay  # mpp:reach
from prima.registry.models import Agency, Region, ServiceUnit
from prima.surveys.models import PeriodResult

logger = logging.getLogger(__name__)

BATCH = 500  # holders computed together in the rebuild
NONE_AREA = "-"  # records that belong to no region (a ministry's own complaints)
SWEEP = "skm-sweep"  # FiguresMark: the last period-result change the sweep took in
FORUM_DAY = "forum-day"  # FiguresMark: the day up to which forums dated ahead were taken in


def _lock(keys: Iterable[str], *, shared: bool = False) -> None:
    """Hold these keys until the transaction ends (PostgreSQL advisory locks, in key order;
    SQLite writes one transaction at a time anyway). A refresh locks its holders, then the
    areas it sums, each set in order, so two refreshes never wait on each other in a circle;
    two refreshes of one holder or one area queue instead of both deleting its rows and
    inserting them twice (found by the fault test: concurrent SKM answers of one unit)."""
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":
        return
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    with connection.cursor() as cursor:
        for key in sorted(set(keys)):
            cursor.execute(f"SELECT {function}(hashtext(%s))", [f"prima.figures:{key}"])


EVERYTHING = "*"  # held shared by every refresh, exclusively by a rebuild


def agency_area(agency_id: int) -> str:
    return f"agency:{agency_id}"


def _areas_of(region_id: str | None, agency_id: int) -> set[str]:
    """The stored areas a holder's rows are summed into."""
    areas = {agency_area(agency_id)}
    if region_id is None:
        areas.add(NONE_AREA)
    else:
        areas.add(region_id)
        if "." in region_id:
            areas.add(region_id.split(".")[0])
    return areas


# --- holders ---------------------------------------------------------------------------------
def _holder_rows(found: figures.HolderRows) -> list[HolderFigures]:
    return [
        HolderFigures(
            holder=key,
            unit_id=found.holders[key].unit_id,
            agency_id=found.holders[key].agency_id,
            region_id=found.holders[key].region_id,
            kind=found.holders[key].kind,
            province=found.holders[key].province,
            year=year,
            audience=audience,
            data=sums.data,
            **(figures.quick(sums.data) if key.startswith("u") else {}),
        )
        for (key, year, audience), sums in sorted(found.sums.items())
    ]


def _agencies_with_own_records() -> set[int]:
    from prima.complaints.models import Complaint

    return set(
        Complaint.objects.filter(unit__isnull=True)
        .order_by()
        .values_list("agency_id", flat=True)
        .distinct()
    )


# --- areas -------------------------------------------------------------------------------------
@transaction.atomic
def _sum_areas(areas: set[str]) -> None:
    """Sum these areas again and replace their rows: a regency/city, an agency and "-" from
    their holders; a province from its regencies/cities' rows (summed first) and the holders
    directly in it."""
    _lock(f"area:{area}" for area in areas)
    holders = HolderFigures.objects.order_by()
    columns = ("year", "audience", "data")
    regencies = {a for a in areas if "." in a}
    provinces = {a for a in areas if a != NONE_AREA and "." not in a and ":" not in a}
    agencies = {a for a in areas if a.startswith("agency:")}
    sums: dict[tuple[str, int, str], figures.Sums] = defaultdict(figures.Sums)
    for region_id, *row in holders.filter(region_id__in=regencies).values_list(
        "region_id", *columns
    ):
        _add(sums, region_id, row)
    _replace(sums, regencies)
    sums.clear()
    if provinces:
        below = Q(*[Q(area__startswith=f"{p}.") for p in provinces], _connector=Q.OR)
        for area, *row in AreaFigures.objects.filter(below).values_list("area", *columns):
            _add(sums, area.split(".")[0], row)
        for region_id, *row in holders.filter(region_id__in=provinces).values_list(
            "region_id", *columns
        ):
            _add(sums, region_id, row)
    for agency_id, *row in holders.filter(
        agency_id__in=[int(a.split(":")[1]) for a in agencies]
    ).values_list("agency_id", *columns):
        _add(sums, agency_area(agency_id), row)
    if NONE_AREA in areas:
        for row in holders.filter(region__isnull=True).values_list(*columns):
            _add(sums, NONE_AREA, list(row))
    _replace(sums, areas - regencies)


def _add(sums: dict[tuple[str, int, str], figures.Sums], area: str, row: list[Any]) -> None:
    year, audience, data = row
    sums[area, year, audience].add(data)


def _replace(sums: dict[tuple[str, int, str], figures.Sums], areas: set[str]) -> None:
    """Replace the stored rows of `areas` with `sums` (only sums of those areas are written)."""
    if not areas:
        return
    AreaFigures.objects.filter(area__in=areas).delete()
    AreaFigures.objects.bulk_create(
        [
            AreaFigures(area=area, year=year, audience=audience, data=s.data)
            for (area, year, audience), s in sorted(sums.items())
            if area in areas and s.data
        ],
        batch_size=1000,
    )


# --- regional governments' coaching ---------------------------------------------------------
@transaction.atomic
def refresh_governments() -> None:
    """Recompute every regional government's coaching rows (552 regions, three queries)."""
    _lock(["governments"])
    regions = set(Region.objects.filter(is_active=True).values_list("code", flat=True))
    government: dict[int, str] = {}
    for pk, region_id in (
        Agency.objects.filter(
            kind__in=figures.REGIONAL_GOVERNMENTS, is_active=True, region_id__in=regions
        )
        .order_by("pk")
        .values_list("pk", "region_id")
    ):
        government.setdefault(pk, region_id)
    rows: dict[tuple[str, int], GovernmentFigures] = {}

    def row(region_id: str, year: int) -> GovernmentFigures:
        if (region_id, year) not in rows:
            rows[region_id, year] = GovernmentFigures(region_id=region_id, year=year)
        return rows[region_id, year]

    for agency_id, starts_at in (
        Participant.objects.filter(agency_id__in=list(government), attended_at__isnull=False)
        .order_by()
        .values_list("agency_id", "event__starts_at")
        .distinct()
    ):
        row(government[agency_id], figures.local_year(starts_at)).took_part = True
    for agency_id, due_on, status in (
        FollowUpTask.objects.filter(agency_id__in=list(government))
        .exclude(status=FollowUpTask.Status.CANCELLED)
        .order_by()
        .values_list("agency_id", "due_on", "status")
    ):
        found = row(government[agency_id], due_on.year)
        found.tasks += 1
        if status in FollowUpTask.FINISHED:  # reported done, or verified
            found.tasks_done += 1
    GovernmentFigures.objects.all().delete()
    GovernmentFigures.objects.bulk_create([rows[key] for key in sorted(rows)], batch_size=1000)


# --- the two paths ---------------------------------------------------------------------------
@transaction.atomic
def rebuild(*, today: dt.date | None = None) -> None:
    """Every row from the records."""
    today = today or timezone.localdate()
    _lock([EVERYTHING])
    HolderFigures.objects.all().delete()
    unit_ids = list(ServiceUnit.objects.order_by("pk").values_list("pk", flat=True))
    agency_ids = sorted(_agencies_with_own_records())
    for start in range(0, max(len(unit_ids), len(agency_ids)), BATCH):
        found = figures.holder_sums(
            unit_ids[start : start + BATCH], agency_ids[start : start + BATCH], today=today
        )
        HolderFigures.objects.bulk_create(_holder_rows(found), batch_size=1000)
    sums: dict[tuple[str, int, str], figures.Sums] = defaultdict(figures.Sums)
    for region_id, agency_id, year, audience, data in (
        HolderFigures.objects.order_by("pk")
        .values_list("region_id", "agency_id", "year", "audience", "data")
        .iterator(chunk_size=2000)
    ):
        for area in _areas_of(region_id, agency_id):
            sums[area, year, audience].add(data)
    AreaFigures.objects.all().delete()
    AreaFigures.objects.bulk_create(
        [
            AreaFigures(area=area, year=year, audience=audience, data=s.data)
            for (area, year, audience), s in sorted(sums.items())
            if s.data
        ],
        batch_size=1000,
    )
    refresh_governments()
    FiguresMark.objects.update_or_create(name=SWEEP, defaults={"at": _latest_result_change()})


def vacuum() -> None:
    """After a rebuild on PostgreSQL, clear the replaced rows and mark the pages visible, so
    that the ranking reads the kind index alone at once rather than after autovacuum's turn
    (ADR 0012). Outside any transaction; nothing to do elsewhere."""
    connection = transaction.get_connection()
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in (HolderFigures, AreaFigures):
            cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")


@transaction.atomic
def refresh(
    unit_ids: Iterable[int] = (), agency_ids: Iterable[int] = (), *, today: dt.date | None = None
) -> None:
    """Recompute these holders and the areas they belong to, before and after."""
    today = today or timezone.localdate()
    unit_ids, agency_ids = set(unit_ids), set(agency_ids)
    keys = {figures.unit_holder(u) for u in unit_ids} | {
        figures.agency_holder(a) for a in agency_ids
    }
    if not keys:
        return
    _lock([EVERYTHING], shared=True)
    _lock(keys)
    old = HolderFigures.objects.filter(holder__in=keys)
    areas: set[str] = set()
    for region_id, agency_id in old.values_list("region_id", "agency_id").distinct():
        areas |= _areas_of(region_id, agency_id)
    old.delete()
    found = figures.holder_sums(unit_ids, agency_ids, today=today)
    HolderFigures.objects.bulk_create(_holder_rows(found))
    for holder in found.holders.values():
        areas |= _areas_of(holder.region_id, holder.agency_id)
    _sum_areas(areas)


def _latest_result_change() -> dt.datetime | None:
    return PeriodResult.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()


def sweep(*, today: dt.date | None = None) -> int:
    """Catch up what is not refreshed write by write: the units whose SKM period results
    changed since the last sweep, those with a forum dated ahead whose day has come since, and
    those with an innovation whose status lapsed since (prima.innovation.lifecycle).
    How many units were recomputed."""
    from prima.standards.models import Forum

    today = today or timezone.localdate()
    marks = dict(FiguresMark.objects.values_list("name", "at"))
    changed = PeriodResult.objects.order_by()
    if marks.get(SWEEP) is not None:
        changed = changed.filter(updated_at__gt=marks[SWEEP])
    latest = _latest_result_change()
    unit_ids = set(changed.values_list("unit_id", flat=True).distinct())
    last_day = marks.get(FORUM_DAY)
    forums = Forum.objects.filter(held_on__lte=today, purpose__in=figures.FKP_PURPOSES)
    if last_day is not None:
        forums = forums.filter(held_on__gt=timezone.localdate(last_day))
    else:
        forums = forums.filter(held_on=today)
    unit_ids |= set(forums.values_list("unit_id", flat=True).distinct())
    # Innovations whose status lapsed (unconfirmed for over a year) since the last sweep.
    lapsed = Innovation.objects.filter(
        status_confirmed_on__lte=today - STATUS_VALID_FOR - dt.timedelta(days=1)
    )
    if last_day is not None:
        lapsed = lapsed.filter(
            status_confirmed_on__gt=timezone.localdate(last_day)
            - STATUS_VALID_FOR
            - dt.timedelta(days=1)
        )
    else:
        lapsed = lapsed.filter(status_confirmed_on=today - STATUS_VALID_FOR - dt.timedelta(days=1))
    unit_ids |= set(lapsed.values_list("unit_id", flat=True).distinct())
    unit_ids |= _mpps_moved(today, timezone.localdate(last_day) if last_day else None)  # mpp:reach
    ordered = sorted(unit_ids)
    for start in range(0, len(ordered), BATCH):
        refresh(ordered[start : start + BATCH], today=today)
    FiguresMark.objects.update_or_create(name=SWEEP, defaults={"at": latest})
    FiguresMark.objects.update_or_create(
        name=FORUM_DAY,
        defaults={
            "at": dt.datetime.combine(today, dt.time(12), tzinfo=timezone.get_current_timezone())
        },
    )
    return len(unit_ids)


# --- mpp:reach ---
def _mpps_moved(today: dt.date, last: dt.date | None) -> set[int]:
    """MPP units whose figures time alone changed since the day `last` of the last sweep
    (only today's, without one): a day of figures that entered or left the last 30 days, an
    inauguration whose day came (prima.mpp.readiness)."""
    first = last + dt.timedelta(days=1) if last is not None else today
    if first > today:
        return set()
    span = dt.timedelta(days=mpp_facts.RECENT_DAYS)
    days = MppDay.objects.filter(
        Q(date__gte=first, date__lte=today) | Q(date__gte=first - span, date__lte=today - span)
    )
    moved = set(days.values_list("mpp_id", flat=True).distinct())
    inaugurated = Mpp.objects.filter(inaugurated_on__gte=first, inaugurated_on__lte=today)
    return moved | set(inaugurated.values_list("unit_id", flat=True))


# --- end mpp:reach ---


def check(*, today: dt.date | None = None) -> list[str]:
    """The stored rows that differ from a rebuild's (none when the incremental path kept up):
    'holder u12 2026 staff', 'area 81 2026 public', 'government 81.04 2026'."""

    def snapshot() -> tuple[dict[Any, Any], dict[Any, Any], dict[Any, Any]]:
        return (
            {
                (h, y, a): d
                for h, y, a, d in HolderFigures.objects.values_list(
                    "holder", "year", "audience", "data"
                )
            },
            {
                (r, y, a): d
                for r, y, a, d in AreaFigures.objects.values_list(
                    "area", "year", "audience", "data"
                )
            },
            {
                (r, y): (t, n, d)
                for r, y, t, n, d in GovernmentFigures.objects.values_list(
                    "region_id", "year", "took_part", "tasks", "tasks_done"
                )
            },
        )

    stored = snapshot()
    with transaction.atomic():
        rebuild(today=today)
        fresh = snapshot()
        transaction.set_rollback(True)
    differ = []
    for label, mine, theirs in zip(("holder", "area", "government"), stored, fresh, strict=True):
        for key in sorted(set(mine) | set(theirs), key=str):
            if mine.get(key) != theirs.get(key):
                differ.append(" ".join([label, *map(str, key)]))
    return differ


# --- the incremental path's triggers -------------------------------------------------------
class _Pending(threading.local):
    """What the current transaction changed (in this thread), refreshed once when it
    commits."""

    def __init__(self) -> None:
        self.units: set[int] = set()
        self.agencies: set[int] = set()
        self.governments = False
        self.callback: Any = None


_pending = _Pending()


def mark(
    *, units: Iterable[int] = (), agencies: Iterable[int] = (), governments: bool = False
) -> None:
    """Refresh these holders (and the coaching rows) when the current transaction commits, at
    once outside one. A rolled-back transaction discards its callback, and what it gathered
    with it (a new callback starts afresh)."""
    units = {u for u in units if u is not None}
    agencies = {a for a in agencies if a is not None}
    if not (units or agencies or governments):
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _refresh_quietly(units, agencies, governments)
        return
    callback = _pending.callback
    if callback is None or not any(item[1] is callback for item in connection.run_on_commit):
        _pending.__init__()  # type: ignore[misc]

        def run() -> None:
            gathered = (_pending.units, _pending.agencies, _pending.governments)
            _pending.__init__()  # type: ignore[misc]
            _refresh_quietly(*gathered)

        _pending.callback = run
        transaction.on_commit(run)
    _pending.units |= units
    _pending.agencies |= agencies
    _pending.governments |= governments


def _refresh_quietly(units: set[int], agencies: set[int], governments: bool) -> None:
    """After a write has committed: a failure is logged, never turned into an error page for
    the write; `figures refresh --rebuild` or `figures check` catch up."""
    try:
        if units or agencies:
            refresh(units, agencies)
        if governments:
            refresh_governments()
    except Exception:
        logger.exception(
            "national figures refresh failed (units %s, agencies %s)",
            sorted(units),
            sorted(agencies),
        )


def _agency_own_complaint(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A complaint that names no unit counts for its agency's own records."""
    if kwargs.get("raw"):
        return
    if instance.unit_id is None:
        mark(agencies=[instance.agency_id])
    old = getattr(instance, "_figures_old", None)
    if old is not None and old[0] is None:
        mark(agencies=[old[1]])


def _remember_complaint(sender: Any, instance: Any, **kwargs: Any) -> None:
    if instance.pk is None or kwargs.get("raw"):
        return
    old = type(instance)._default_manager.filter(pk=instance.pk)
    instance._figures_old = old.values_list("unit_id", "agency_id").first()


def _agency_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """An agency listed or not, moved or renamed as a government: its units, its own records
    and the coaching rows."""
    if kwargs.get("raw") or instance.pk is None:
        return
    units = ServiceUnit.objects.filter(agency_id=instance.pk).values_list("pk", flat=True)
    mark(units=list(units), agencies=[instance.pk], governments=True)


def _governments_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        mark(governments=True)


def _cycle_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A national cycle published or withdrawn changes which cycle its year shows: the units
    of every national cycle of that year."""
    if kwargs.get("raw"):
        return
    from prima.evaluation.models import Lokus

    units = Lokus.objects.filter(
        cycle__year=instance.year, cycle__scheme=instance.scheme
    ).values_list("unit_id", flat=True)
    mark(units=list(units))


def _unit_deleting(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A unit deleted takes its rows with it (CASCADE): sum its areas again on commit."""
    areas: set[str] = set()
    rows = HolderFigures.objects.filter(holder=figures.unit_holder(instance.pk))
    for region_id, agency_id in rows.values_list("region_id", "agency_id").distinct():
        areas |= _areas_of(region_id, agency_id)
    if areas:
        transaction.on_commit(lambda: _sum_areas(areas))


def connect() -> None:
    """Install the triggers only the national picture needs (InsightsConfig.ready); the units'
    own records reach `mark` through prima.insights.store's receivers."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

    pre_delete.connect(_unit_deleting, sender=ServiceUnit, dispatch_uid="figures-unit-deleting")
    complaint = apps.get_model("complaints.Complaint")
    pre_save.connect(_remember_complaint, sender=complaint, dispatch_uid="figures-complaint-old")
    for signal in (post_save, post_delete):
        name = "save" if signal is post_save else "delete"
        signal.connect(
            _agency_own_complaint, sender=complaint, dispatch_uid=f"figures-complaint-{name}"
        )
        signal.connect(_agency_changed, sender=Agency, dispatch_uid=f"figures-agency-{name}")
        signal.connect(
            _cycle_changed,
            sender=apps.get_model("evaluation.Cycle"),
            dispatch_uid=f"figures-cycle-{name}",
        )
        for label in (
            "registry.Region",
            "coaching.Event",
            "coaching.Participant",
            "coaching.FollowUpTask",
        ):
            signal.connect(
                _governments_changed,
                sender=apps.get_model(label),
                dispatch_uid=f"figures-{label}-{name}",
            )
