"""Writes to the registry. Each runs in one transaction and names the acting user, whose
name lands in the record's history (django-simple-history) with the before and after values.
The actor is None only where a command writes, not a person (the demo seed, sync_regions).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext_noop

from prima.lib.history import Reason
from prima.lib.history import save_recorded as _save
from prima.registry.models import Agency, CoordinationRegion, Region, Service, ServiceUnit
from prima.registry.regions_source import RegionRecord, read_regions, source_label

if TYPE_CHECKING:
    from prima.accounts.models import User

# Why sync_regions saved a region (prima.lib.history); older rows stored the command's name.
REGIONS_SYNCED = Reason(
    gettext_noop("updated from the Kemendagri region codes"), aliases=("sync_regions",)
)


def _apply(instance: Any, changes: dict[str, Any], allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(instance, name, value)


# --- agencies -------------------------------------------------------------------------------
AGENCY_FIELDS = (
    "name",
    "kind",
    "region",
    "address",
    "website",
    "email",
    "phone",
    "letterhead_title",
    "seat",
    "logo",
    "document_number_pattern",
    "is_active",
)
# Set nationally: an agency's own administrators do not change its kind, region or listing.
AGENCY_NATIONAL_FIELDS = ("kind", "region", "is_active")


@transaction.atomic
def create_agency(*, actor: User | None, code: str, **values: Any) -> Agency:
    """A new agency; `actor` None when a command adds it (the demo seed)."""
    agency = Agency(code=code)
    _apply(agency, values, AGENCY_FIELDS)
    _save(agency, actor)
    return agency


@transaction.atomic
def update_agency(agency: Agency, *, actor: User, **changes: Any) -> Agency:
    """Change an agency's profile. Its code never changes (other systems refer to it)."""
    _apply(agency, changes, AGENCY_FIELDS)
    _save(agency, actor)
    return agency


# --- service units --------------------------------------------------------------------------
UNIT_FIELDS = (
    "name",
    "kind",
    "region",
    "address",
    "delivery_mode",
    "opening_hours",
    "phone",
    "email",
    "website",
    "head_name",
    "head_position",
    "head_nip",
    "is_active",
)
# What an operator of the unit may change; moving or unlisting a unit is for administrators.
UNIT_OPERATOR_FIELDS = (
    "address",
    "opening_hours",
    "phone",
    "email",
    "website",
    "delivery_mode",
    "head_name",
    "head_position",
    "head_nip",
)


@transaction.atomic
def create_unit(*, actor: User | None, agency: Agency, code: str, **values: Any) -> ServiceUnit:
    """A new service unit of `agency`; `actor` None when a command adds it (the demo seed)."""
    unit = ServiceUnit(agency=agency, code=code)
    _apply(unit, values, UNIT_FIELDS)
    _save(unit, actor)
    return unit


@transaction.atomic
def update_unit(
    unit: ServiceUnit, *, actor: User, allowed: Iterable[str] = UNIT_FIELDS, **changes: Any
) -> ServiceUnit:
    """Change a unit's profile. Its code and agency never change."""
    _apply(unit, changes, allowed)
    _save(unit, actor)
    return unit


# --- services -------------------------------------------------------------------------------
SERVICE_FIELDS = ("name", "kind", "description", "is_active")


@transaction.atomic
def create_service(*, actor: User | None, unit: ServiceUnit, **values: Any) -> Service:
    """A new service of `unit`; `actor` None when a command adds it (the demo seed)."""
    service = Service(unit=unit)
    _apply(service, values, SERVICE_FIELDS)
    _save(service, actor)
    return service


@transaction.atomic
def update_service(service: Service, *, actor: User, **changes: Any) -> Service:
    _apply(service, changes, SERVICE_FIELDS)
    _save(service, actor)
    return service


# --- coordination regions -------------------------------------------------------------------
@transaction.atomic
def update_coordination_region(
    region: CoordinationRegion,
    *,
    actor: User,
    name: str,
    description: str,
    provinces: Iterable[Region],
) -> CoordinationRegion:
    """Rename a coordination region and set which provinces it covers.

    A province belongs to at most one coordination region: assigning it here takes it from
    the region that had it.
    """
    region.name = name
    region.description = description
    _save(region, actor)
    wanted = {p.code for p in provinces}
    for province in Region.objects.filter(level=Region.Level.PROVINCE):
        now_here = province.coordination_region_id == region.pk
        if province.code in wanted and not now_here:
            province.coordination_region = region
            _save(province, actor)
        elif province.code not in wanted and now_here:
            province.coordination_region = None
            _save(province, actor)
    return region


# --- regions from the package ---------------------------------------------------------------
@dataclass
class RegionSyncReport:
    created: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)  # code, old, new
    changed: list[str] = field(default_factory=list)  # time zone or kind changed
    retired: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return not (self.created or self.renamed or self.changed or self.retired or self.restored)


@transaction.atomic
def sync_regions(
    *, actor: User | None, records: list[RegionRecord] | None = None, dry_run: bool = False
) -> RegionSyncReport:
    """Bring the region table in line with the pinned package (or the given records).
    `actor` is None when the sync_regions command runs it: the history then says "system",
    with the reason REGIONS_SYNCED.

    New codes are added, names and time zones follow the source, and a code the source no
    longer has is kept but made inactive, so that units and history pointing at it stay
    valid. Regions move by getting a new code; the old one is retired. With dry_run the
    report is computed and nothing is written.
    """
    records = records if records is not None else read_regions()
    label = source_label()
    report = RegionSyncReport()
    existing = {r.code: r for r in Region.objects.all()}
    seen: set[str] = set()
    # Provinces first, so that regencies find their parent.
    for record in sorted(records, key=lambda r: (r.level, r.code)):
        seen.add(record.code)
        region = existing.get(record.code)
        if region is None:
            report.created.append(record.code)
            region = Region(
                code=record.code,
                name=record.name,
                level=record.level,
                kind=record.kind,
                parent_id=record.parent_code,
                timezone=record.timezone,
                source=label,
            )
            if not dry_run:
                _save(region, actor, REGIONS_SYNCED)
            continue
        dirty = False
        if region.name != record.name:
            report.renamed.append((region.code, region.name, record.name))
            region.name = record.name
            dirty = True
        if region.timezone != record.timezone or region.kind != record.kind:
            report.changed.append(region.code)
            region.timezone, region.kind = record.timezone, record.kind
            dirty = True
        if not region.is_active:
            report.restored.append(region.code)
            region.is_active = True
            dirty = True
        if dirty:
            region.source = label
            if not dry_run:
                _save(region, actor, REGIONS_SYNCED)
    for code, region in existing.items():
        if code not in seen and region.is_active:
            report.retired.append(code)
            region.is_active = False
            if not dry_run:
                _save(region, actor, REGIONS_SYNCED)
    if dry_run:
        transaction.set_rollback(True)
    return report
