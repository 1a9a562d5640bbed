"""Every write on the MPP as a place — its profile, closures, tenants, counters and the
services offered there — each in one transaction, naming who acted.

The profile and tenants keep a history of their own (django-simple-history). Closures,
counters and offerings have no history table: a change to one is recorded as a history entry
of the record it belongs to (the MPP for a closure, the tenant for a counter or an offering)
with a reason naming what changed, so "Change history" shows who added counter A-03 or
withdrew a service, and when.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from prima.lib.history import Reason
from prima.lib.history import save_recorded as _save
from prima.mpp.models import Closure, Counter, Mpp, Offering, Tenant
from prima.registry import actions as registry_actions
from prima.registry.models import Service, ServiceUnit

if TYPE_CHECKING:
    from prima.accounts.models import User

# Why each action saved (prima.lib.history): English here, in the reader's language when shown.
CREATED = Reason(gettext_noop("MPP profile created"))
EDITED = Reason(gettext_noop("MPP profile edited"))
CLOSURE_ADDED = Reason(gettext_noop("closure on %(day)s added"))
CLOSURE_REMOVED = Reason(gettext_noop("closure on %(day)s removed"))
TENANT_ADDED = Reason(gettext_noop("tenant added"))
TENANT_EDITED = Reason(gettext_noop("tenant edited"))
COUNTER_ADDED = Reason(gettext_noop("counter %(code)s added"))
COUNTER_EDITED = Reason(gettext_noop("counter %(code)s edited"))
OFFERING_ADDED = Reason(gettext_noop("service %(name)s offered"))
OFFERING_EDITED = Reason(gettext_noop("service %(name)s edited"))

# The fields of Mpp the profile form sets.
MPP_FIELDS = (
    "manager",
    "legal_basis",
    "legal_basis_file",
    "proposed_on",
    "soft_launched_on",
    "inaugurated_on",
    "latitude",
    "longitude",
    "is_digital_pilot",
    "digital_url",
    "is_published",
)
TENANT_FIELDS = (
    "name",
    "kind",
    "agency",
    "home_unit",
    "agreement_number",
    "agreement_signed_on",
    "agreement_file",
    "joined_on",
    "left_on",
    "floor",
    "note",
)
COUNTER_FIELDS = ("code", "floor", "is_active")
OFFERING_FIELDS = (
    "home_service",
    "walk_in",
    "pre_registration",
    "registration_url",
    "digital",
    "daily_quota",
    "is_active",
)
FILE_FIELDS = {"legal_basis_file", "agreement_file"}

SOFT_LAUNCH_BEFORE_PROPOSAL = gettext_lazy(
    "The soft launch cannot come before the proposal: check both dates."
)
INAUGURATION_BEFORE_PROPOSAL = gettext_lazy(
    "The inauguration cannot come before the proposal: check both dates."
)
INAUGURATION_BEFORE_SOFT_LAUNCH = gettext_lazy(
    "The inauguration cannot come before the soft launch: check both dates."
)
LEFT_BEFORE_JOINING = gettext_lazy("A tenant cannot leave before it joined: check both dates.")
NO_REGISTRATION_URL = gettext_lazy(
    "Give the address where visitors pre-register, or untick online pre-registration."
)
NO_CHANNEL = gettext_lazy(
    "Tick at least one way to get the service: walk-in, pre-registration or online."
)


def _apply(record: Any, fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(name)
        if name in FILE_FIELDS and value is None:
            continue  # no new file: keep the one stored
        setattr(record, name, value if value is not False or name not in FILE_FIELDS else "")


def date_problems(
    proposed: dt.date | None, soft_launched: dt.date | None, inaugurated: dt.date | None
) -> dict[str, Any]:
    """What is wrong with an MPP's dates, by field: they run proposal ≤ soft launch ≤
    inauguration, each where given. Shared by the form (errors beside the fields) and the
    actions (the last word)."""
    errors: dict[str, Any] = {}
    if proposed and soft_launched and soft_launched < proposed:
        errors["soft_launched_on"] = SOFT_LAUNCH_BEFORE_PROPOSAL
    if proposed and inaugurated and inaugurated < proposed:
        errors["inaugurated_on"] = INAUGURATION_BEFORE_PROPOSAL
    elif soft_launched and inaugurated and inaugurated < soft_launched:
        errors["inaugurated_on"] = INAUGURATION_BEFORE_SOFT_LAUNCH
    return errors


def _check_dates(mpp: Mpp) -> None:
    errors = date_problems(mpp.proposed_on, mpp.soft_launched_on, mpp.inaugurated_on)
    if (mpp.latitude is None) != (mpp.longitude is None):
        errors["longitude" if mpp.longitude is None else "latitude"] = _(
            "Give both latitude and longitude, or neither."
        )
    if mpp.manager_id is not None:
        manager = mpp.manager
        region = mpp.unit.region
        allowed = {region.pk, region.parent_id}
        if manager is not None and manager.region_id not in allowed:
            errors["manager"] = _(
                "Choose a managing unit of the MPP's own region (or its province)."
            )
        if manager is not None and manager.pk == mpp.unit_id:
            errors["manager"] = _("The MPP cannot manage itself: choose its DPMPTSP.")
    if errors:
        raise ValidationError(errors)


def manager_choices(unit: ServiceUnit) -> Any:
    """Units that may manage the MPP of `unit`: of its region or province, DPMPTSP first."""
    from django.db.models import Case, IntegerField, Value, When

    region = unit.region
    return (
        ServiceUnit.objects.filter(region_id__in=[region.pk, region.parent_id])
        .exclude(pk=unit.pk)
        .exclude(kind=ServiceUnit.Kind.MPP)
        .annotate(
            dpmptsp=Case(
                When(kind=ServiceUnit.Kind.DPMPTSP, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("dpmptsp", "name")
    )


# --- the profile ----------------------------------------------------------------------------
@transaction.atomic
def create_mpp(unit: ServiceUnit, *, actor: User, **fields: Any) -> Mpp:
    """The MPP profile of `unit` (a unit of kind "mpp" without one)."""
    if unit.kind != ServiceUnit.Kind.MPP:
        raise ValidationError(
            _("Only a unit of type Mal Pelayanan Publik can have an MPP profile.")
        )
    if Mpp.objects.filter(unit=unit).exists():
        raise ValidationError(_("This unit already has an MPP profile."))
    mpp = Mpp(unit=unit)
    _apply(mpp, fields, MPP_FIELDS)
    _check_dates(mpp)
    _save(mpp, actor, CREATED)
    return mpp


@transaction.atomic
def update_mpp(mpp: Mpp, *, actor: User, **fields: Any) -> Mpp:
    _apply(mpp, fields, MPP_FIELDS)
    _check_dates(mpp)
    _save(mpp, actor, EDITED)
    return mpp


@transaction.atomic
def add_closure(mpp: Mpp, *, actor: User, date: dt.date, reason: str) -> Closure:
    """A day the MPP is closed beyond the national calendar."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the MPP is closed that day."))
    if mpp.closures.filter(date=date).exists():
        raise ValidationError(_("A closure on that day is already recorded."))
    closure = Closure(mpp=mpp, date=date, reason=reason)
    closure.full_clean()
    closure.save()
    _save(mpp, actor, CLOSURE_ADDED(day=date.isoformat()))
    return closure


@transaction.atomic
def remove_closure(closure: Closure, *, actor: User) -> None:
    mpp = closure.mpp
    day = closure.date
    closure.delete()
    _save(mpp, actor, CLOSURE_REMOVED(day=day.isoformat()))


# --- tenants --------------------------------------------------------------------------------
def _check_tenant(tenant: Tenant) -> None:
    errors: dict[str, Any] = {}
    if tenant.left_on and tenant.joined_on and tenant.left_on < tenant.joined_on:
        errors["left_on"] = LEFT_BEFORE_JOINING
    if (
        tenant.agreement_signed_on
        and tenant.left_on
        and tenant.agreement_signed_on > tenant.left_on
    ):
        errors["agreement_signed_on"] = _("The agreement cannot be signed after the tenant left.")
    if tenant.home_unit_id and tenant.home_unit_id == tenant.mpp_id:
        errors["home_unit"] = _("The home office is the tenant's own unit, not the MPP.")
    same = Tenant.objects.filter(mpp_id=tenant.mpp_id, name__iexact=tenant.name.strip())
    if same.exclude(pk=tenant.pk).exists():
        errors["name"] = _("This MPP already has a tenant with this name.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_tenant(mpp: Mpp, *, actor: User, **fields: Any) -> Tenant:
    """A new tenant; without an agency given, the home unit's agency."""
    tenant = Tenant(mpp=mpp)
    _apply(tenant, fields, TENANT_FIELDS)
    if tenant.agency_id is None and tenant.home_unit is not None:
        tenant.agency = tenant.home_unit.agency
    _check_tenant(tenant)
    _save(tenant, actor, TENANT_ADDED)
    return tenant


@transaction.atomic
def update_tenant(tenant: Tenant, *, actor: User, **fields: Any) -> Tenant:
    """Change a tenant; a tenant leaving is one with `left_on` set (kept, with its history)."""
    _apply(tenant, fields, TENANT_FIELDS)
    if tenant.agency_id is None and tenant.home_unit is not None:
        tenant.agency = tenant.home_unit.agency
    _check_tenant(tenant)
    _save(tenant, actor, TENANT_EDITED)
    return tenant


# --- counters -------------------------------------------------------------------------------
def _save_counter(counter: Counter) -> None:
    counter.code = counter.code.strip()
    same = Counter.objects.filter(tenant_id=counter.tenant_id, code__iexact=counter.code)
    if same.exclude(pk=counter.pk).exists():
        raise ValidationError({"code": _("This tenant already has a counter with this code.")})
    counter.full_clean()
    counter.save()


@transaction.atomic
def add_counter(tenant: Tenant, *, actor: User, **fields: Any) -> Counter:
    """A counter (gerai, loket) of `tenant`; on the tenant's floor unless another is given."""
    counter = Counter(tenant=tenant)
    _apply(counter, fields, COUNTER_FIELDS)
    if not counter.floor:
        counter.floor = tenant.floor
    _save_counter(counter)
    _save(tenant, actor, COUNTER_ADDED(code=counter.code))
    return counter


@transaction.atomic
def update_counter(counter: Counter, *, actor: User, **fields: Any) -> Counter:
    """Change a counter; retiring one is setting `is_active` off (its days are kept)."""
    _apply(counter, fields, COUNTER_FIELDS)
    _save_counter(counter)
    _save(counter.tenant, actor, COUNTER_EDITED(code=counter.code))
    return counter


# --- services offered -----------------------------------------------------------------------
def _check_offering(offering: Offering) -> None:
    errors: dict[str, Any] = {}
    if offering.pre_registration and not offering.registration_url:
        errors["registration_url"] = NO_REGISTRATION_URL
    if not (offering.walk_in or offering.pre_registration or offering.digital):
        errors["walk_in"] = NO_CHANNEL
    if offering.home_service_id is not None:
        home_unit = offering.tenant.home_unit_id
        if home_unit is None or offering.home_service.unit_id != home_unit:  # type: ignore[union-attr]
            errors["home_service"] = _(
                "Choose the same service among the services of the tenant's home office."
            )
    if offering.service.unit_id != offering.tenant.mpp_id:
        errors["service"] = _("Choose a service of the MPP's own unit.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_offering(
    tenant: Tenant,
    *,
    actor: User,
    service: Service | None = None,
    new_name: str = "",
    new_kind: str = "",
    **fields: Any,
) -> Offering:
    """A service offered at the MPP by `tenant`: an existing service of the MPP's unit not yet
    offered there, or a new one created in the registry (name and group)."""
    mpp_unit = tenant.mpp.unit
    if service is None:
        name = new_name.strip()
        if not name:
            raise ValidationError({"service": _("Choose a service of the MPP, or name a new one.")})
        if mpp_unit.services.filter(name__iexact=name).exists():
            raise ValidationError(
                {"new_name": _("The MPP already has a service with this name: choose it above.")}
            )
        values: dict[str, Any] = {"name": name}
        if new_kind:
            values["kind"] = new_kind
        service = registry_actions.create_service(actor=actor, unit=mpp_unit, **values)
    elif Offering.objects.filter(service=service).exists():
        raise ValidationError({"service": _("This service is already offered at the MPP.")})
    offering = Offering(tenant=tenant, service=service)
    _apply(offering, fields, OFFERING_FIELDS)
    _check_offering(offering)
    try:
        with transaction.atomic():
            offering.save()
    except IntegrityError as error:  # two people offering the same service at once
        raise ValidationError(_("This service is already offered at the MPP.")) from error
    _save(tenant, actor, OFFERING_ADDED(name=service.name))
    return offering


@transaction.atomic
def update_offering(offering: Offering, *, actor: User, **fields: Any) -> Offering:
    """Change how a service is offered; withdrawing it is setting `is_active` off."""
    _apply(offering, fields, OFFERING_FIELDS)
    _check_offering(offering)
    offering.full_clean()
    offering.save()
    _save(offering.tenant, actor, OFFERING_EDITED(name=offering.service.name))
    return offering
