"""Keeping the readiness tables current (prima.insights.models).

Three paths write them, and all three go through `refresh_units`:

- **incremental**: a write that changes a unit's records — a model saved or deleted that the
  assessment reads (the receivers `connect` installs), or `prima.lib.changes.units_changed`
  from writes that bypass the ORM's signals — marks the unit; when the transaction commits,
  the unit's row, its deadlines and its agency's sums are recomputed. A rolled-back write
  leaves nothing to do.
- **time**: each row knows when time alone next changes one of its statuses (`recheck_at`);
  `readiness refresh` (every 15 minutes from cron, docs/commands.md) recomputes those rows.
- **rebuild**: `readiness rebuild` recomputes every row from the records.

A property test (tests/test_readiness_store.py) proves that any sequence of writes leaves the
same rows as a rebuild.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from prima.insights import figures_store, readiness
from prima.insights.models import AgencyReadiness, Deadline, UnitReadiness
from prima.lib import changes
from prima.registry.models import ServiceUnit

STATUSES = ("ok", "due", "late", "missing")

_pending = threading.local()
logger = logging.getLogger(__name__)


def _row_values(assessment: readiness.Assessment) -> dict[str, Any]:
    unit = assessment.unit
    return {
        "agency_id": unit.agency_id,
        "province_code": (unit.region_id or "")[:2],
        "year": assessment.year,
        "duties": {name: state.as_json() for name, state in assessment.duties.items()},
        "ok_count": assessment.count("ok"),
        "due_count": assessment.count("due"),
        "late_count": assessment.count("late"),
        "missing_count": assessment.count("missing"),
        "projected_ipp": assessment.projected_ipp,
        "projected_category": assessment.projected_category,
        "next_category": assessment.next_category,
        "indicators_to_next": assessment.indicators_to_next,
        "ikm_target": assessment.ikm_target,
        "skm_period_id": assessment.skm_period_id,
        "services_total": assessment.services_total,
        "services_without_standard": assessment.services_without_standard,
        "reviews_due": assessment.reviews_due,
        "reviews_overdue": assessment.reviews_overdue,
        "complaints_overdue": assessment.complaints_overdue,
        "complaints_due_soon": assessment.complaints_due_soon,
        "followups_open": assessment.followups_open,
        "followups_late": assessment.followups_late,
        "latest_ipp": assessment.latest_ipp,
        "latest_ipp_category": assessment.latest_ipp_category,
        "latest_ipp_year": assessment.latest_ipp_year,
        "is_priority": assessment.is_priority,
        "next_due_on": assessment.next_due_on,
        "recheck_at": assessment.recheck_at,
    }


def _store_unit(unit: ServiceUnit, today: dt.date, now: dt.datetime) -> None:
    assessment = readiness.assess(unit, today, now)
    UnitReadiness.objects.update_or_create(unit=unit, defaults=_row_values(assessment))
    Deadline.objects.filter(unit=unit).delete()
    Deadline.objects.bulk_create(
        Deadline(
            unit=unit,
            agency_id=unit.agency_id,
            kind=item.kind,
            due_on=item.due_on,
            subject=item.subject[:200],
            target=item.target,
            key=item.key,
        )
        for item in assessment.deadlines
    )


def sum_agency(agency_id: int) -> None:
    """Recompute an agency's sums from its unit rows (or drop them when it has none)."""
    rows = list(
        UnitReadiness.objects.filter(agency_id=agency_id)
        .order_by("unit_id")  # rows[0] names the province: the same row on every path
        .values(
            "province_code",
            "duties",
            "late_count",
            "due_count",
            "missing_count",
            "complaints_overdue",
            "is_priority",
            "projected_ipp",
        )
    )
    if not rows:
        AgencyReadiness.objects.filter(agency_id=agency_id).delete()
        return
    duties: dict[str, dict[str, int]] = {
        duty: dict.fromkeys(STATUSES, 0) for duty in readiness.DUTIES
    }
    for row in rows:
        for duty, state in row["duties"].items():
            duties.setdefault(duty, dict.fromkeys(STATUSES, 0))[state["status"]] += 1
    mean = sum((row["projected_ipp"] for row in rows), Decimal(0)) / len(rows)
    AgencyReadiness.objects.update_or_create(
        agency_id=agency_id,
        defaults={
            "province_code": rows[0]["province_code"],
            "units": len(rows),
            "units_ready": sum(
                all(s["status"] == "ok" for s in row["duties"].values()) for row in rows
            ),
            "duties": duties,
            "units_late": sum(row["late_count"] > 0 for row in rows),
            "late_count": sum(row["late_count"] for row in rows),
            "due_count": sum(row["due_count"] for row in rows),
            "missing_count": sum(row["missing_count"] for row in rows),
            "complaints_overdue": sum(row["complaints_overdue"] for row in rows),
            "priority_units": sum(row["is_priority"] for row in rows),
            "mean_projected_ipp": mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
        },
    )


def refresh_units(
    unit_ids: Iterable[int], *, today: dt.date | None = None, now: dt.datetime | None = None
) -> int:
    """Recompute the rows of these units and the sums of their agencies (before and after a
    unit moved). A unit that no longer exists loses its row."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    ids = sorted(set(unit_ids))
    agencies = set(
        UnitReadiness.objects.filter(unit_id__in=ids).values_list("agency_id", flat=True)
    )
    units = list(ServiceUnit.objects.filter(pk__in=ids).select_related("agency", "region"))
    with transaction.atomic():
        found = {unit.pk for unit in units}
        UnitReadiness.objects.filter(unit_id__in=set(ids) - found).delete()
        for unit in units:
            _store_unit(unit, today, now)
            agencies.add(unit.agency_id)
        for agency_id in sorted(agencies):
            sum_agency(agency_id)
    return len(units)


def rebuild(
    *,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    progress: Callable[[int], None] | None = None,
    chunk: int = 200,
) -> int:
    """Recompute every row from the records."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    ids = list(ServiceUnit.objects.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        UnitReadiness.objects.exclude(unit_id__in=ids).delete()
        AgencyReadiness.objects.exclude(agency__units__isnull=False).delete()
    done = 0
    for start in range(0, len(ids), chunk):
        done += refresh_units(ids[start : start + chunk], today=today, now=now)
        if progress is not None:
            progress(done)
    return done


def refresh_due(*, now: dt.datetime | None = None) -> int:
    """Recompute the rows whose statuses time has changed since they were computed, and the
    rows of units that have none yet."""
    now = now or timezone.now()
    due = list(UnitReadiness.objects.filter(recheck_at__lte=now).values_list("unit_id", flat=True))
    due += list(ServiceUnit.objects.filter(readiness__isnull=True).values_list("pk", flat=True))
    for start in range(0, len(due), 200):
        refresh_units(due[start : start + 200], now=now)
    return len(due)


def check(*, now: dt.datetime | None = None) -> list[int]:
    """The units whose stored row differs from a recomputation now, or that have none
    (nothing is written)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    differ: list[int] = []
    units = ServiceUnit.objects.select_related("agency", "region").order_by("pk")
    for unit in units.iterator(chunk_size=200):
        fresh = _row_values(readiness.assess(unit, today, now))
        stored = UnitReadiness.objects.filter(unit=unit).values(*fresh).first()
        if stored != fresh:
            differ.append(unit.pk)
    return differ


# --- the incremental path -------------------------------------------------------------------
def mark(unit_ids: Iterable[int]) -> None:
    """Refresh these units when the current transaction commits (at once outside one).

    Within one transaction the marks gather in one set, refreshed once on commit; a rolled-back
    transaction discards its callback, and with it the set."""
    ids = {unit_id for unit_id in unit_ids if unit_id is not None}
    if not ids:
        return
    figures_store.mark(units=ids)  # the same units' part in the national picture
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _refresh_quietly(ids)
        return
    callback = getattr(_pending, "callback", None)
    if callback is not None and any(item[1] is callback for item in connection.run_on_commit):
        _pending.ids |= ids
        return
    _pending.ids = set(ids)

    def run() -> None:
        todo = _pending.ids
        _pending.ids = set()
        _pending.callback = None
        _refresh_quietly(todo)

    _pending.callback = run
    transaction.on_commit(run)


def _refresh_quietly(ids: Iterable[int]) -> None:
    """Refresh after a write has committed: a failure here must not turn the citizen's or the
    officer's saved write into an error page. It is logged; `readiness refresh` and
    `readiness check` catch the row up."""
    try:
        refresh_units(ids)
    except Exception:
        logger.exception("readiness refresh failed for units %s", sorted(ids))
        # Due at once for the next `readiness refresh` (units without a row are found anyway).
        UnitReadiness.objects.filter(unit_id__in=ids).update(recheck_at=timezone.now())


def _unit_of(path: str) -> Callable[[Any], int | None]:
    """A getter for the unit id at `path` ("unit_id", "service.unit_id", …)."""

    def get(instance: Any) -> int | None:
        value: Any = instance
        for part in path.split("."):
            value = getattr(value, part, None)
            if value is None:
                return None
        return int(value)

    return get


WATCHED: dict[str, str] = {
    "registry.ServiceUnit": "pk",
    "registry.Service": "unit_id",
    "standards.ServiceStandard": "service.unit_id",
    "standards.StandardReview": "standard.service.unit_id",
    "standards.StandardPublication": "unit_id",
    "standards.Maklumat": "unit_id",
    "standards.MaklumatPublication": "maklumat.unit_id",
    "standards.Forum": "unit_id",
    "standards.Participant": "forum.unit_id",
    "standards.UnitFacility": "unit_id",
    "surveys.SurveyPeriod": "unit_id",
    "surveys.SurveyTarget": "unit_id",
    "surveys.PeriodResult": "unit_id",
    "surveys.Publication": "period.unit_id",
    "surveys.FollowUpAction": "period.unit_id",
    "complaints.Complaint": "unit_id",
    "evaluation.Lokus": "unit_id",
    "innovation.Innovation": "unit_id",
    "innovation.SustainabilityReport": "innovation.unit_id",
    "innovation.Submission": "innovation.unit_id",
    "innovation.Award": "innovation.unit_id",
    "innovation.Replication": "source.unit_id",
    # --- mpp:reach --- (an MPP's pk is its unit's; MppDay rows written in bulk by the
    # aggregates call prima.lib.changes.units_changed)
    "mpp.Mpp": "unit_id",
    "mpp.Tenant": "mpp_id",
    "mpp.Offering": "tenant.mpp_id",
    "mpp.MppDay": "mpp_id",
    # --- end mpp:reach ---
}


def _receiver(getter: Callable[[Any], int | None]) -> Callable[..., None]:
    def changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
        if kwargs.get("raw"):
            return
        ids = [getter(instance), getattr(instance, "_readiness_old_unit", None)]
        mark(i for i in ids if i is not None)

    return changed


def _remember_old_unit(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    """A unit moving agency, a complaint or service moving unit: refresh the old one too."""
    if instance.pk is None or kwargs.get("raw"):
        return
    if isinstance(instance, ServiceUnit):
        return  # refresh_units re-sums the agency the stored row names
    old = type(instance)._default_manager.filter(pk=instance.pk).values_list("unit_id", flat=True)
    instance._readiness_old_unit = old.first()  # type: ignore[attr-defined]


def _cycle_changed(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    """A cycle published (or withdrawn): the latest IPP of its lokus units changes."""
    if kwargs.get("raw"):
        return
    mark(instance.lokus.values_list("unit_id", flat=True))


def _facility_type_changed(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    from prima.standards.models import UnitFacility

    mark(UnitFacility.objects.filter(facility=instance).values_list("unit_id", flat=True))


def _unit_deleted(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    """A deleted unit takes its row with it (CASCADE), so refresh_units no longer knows its
    agency: sum the agency again when the deletion commits."""
    agency_id = instance.agency_id
    transaction.on_commit(lambda: sum_agency(agency_id))


_receivers: list[Callable[..., None]] = []


def connect() -> None:
    """Install the incremental path (InsightsConfig.ready)."""
    from django.apps import apps

    changes.listen(mark)
    for label, path in WATCHED.items():
        model = apps.get_model(label)
        receiver = _receiver(_unit_of(path))
        _receivers.append(receiver)
        post_save.connect(receiver, sender=model, dispatch_uid=f"readiness-{label}-save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"readiness-{label}-delete")
        if label in ("registry.Service", "complaints.Complaint"):
            pre_save.connect(
                _remember_old_unit, sender=model, dispatch_uid=f"readiness-{label}-old"
            )
    post_save.connect(
        _cycle_changed, sender=apps.get_model("evaluation.Cycle"), dispatch_uid="readiness-cycle"
    )
    post_delete.connect(
        _unit_deleted, sender=ServiceUnit, dispatch_uid="readiness-unit-deleted-agency"
    )
    post_save.connect(
        _facility_type_changed,
        sender=apps.get_model("standards.FacilityType"),
        dispatch_uid="readiness-facility-type",
    )
