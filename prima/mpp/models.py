"""Mal Pelayanan Publik: the MPP as a place (docs/regulations.md §8, docs/guide/mpp.md).

In the registry an MPP is a service unit of kind "mpp": its region, address, opening hours,
contacts, standards, facilities (standards' inventory), SKM and complaints are the unit's.
This app adds what only an MPP has:

- `Mpp`: the profile beside the unit — managing unit (usually the DPMPTSP), legal basis, the
  dates from proposal to inauguration, location, MPP Digital pilot; closures of its own beside
  the national calendar (complaints' CalendarDay).
- `Tenant`: an agency present (vertical ministry office, regional office, BUMN, BUMD,
  private) with its agreement and join/leave dates, linked to its home unit when that unit is
  registered in Prima.
- `Counter`: a gerai/loket of a tenant.
- `Offering`: a service offered at the MPP. The service is a registry Service of the MPP
  unit (so the SKM and complaint forms of the MPP list it, unchanged); `home_service` is the
  same service at the tenant's own office, whose standard says what to bring when the MPP's
  service has none of its own (ADR 0017).
- Daily figures: `OfferingDay` (visitors, transactions, waiting and service minutes in total,
  visitors per hour) and `CounterDay` (opened, closed, staff) — entered by hand or imported
  (`FigureImport`); pre-aggregated per tenant and day (`TenantDay`) and per MPP and day
  (`MppDay`), rebuildable by `prima mpp_figures --rebuild`.
- `ComplaintAtMpp`: a complaint filed at the MPP, and the tenant it went to.
- `DigitalCriterion`: the MPP Digital readiness checklist (11 criteria).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prima.lib.fields import LimitedTextField
from prima.lib.uploads import stored_name
from prima.registry.models import Agency, Service, ServiceUnit

NOTE_MAX = 2000
HOURS = 24


def _basis_path(instance: Mpp, filename: str) -> str:
    return stored_name(f"mpp/{instance.unit_id}", "dasar-hukum", filename)


def _agreement_path(instance: Tenant, filename: str) -> str:
    return stored_name(f"mpp/{instance.mpp_id}", "pks", filename)


def _digital_path(instance: DigitalCriterion, filename: str) -> str:
    return stored_name(f"mpp/{instance.mpp_id}", "mpp-digital", filename)


class Mpp(models.Model):
    """The MPP profile of a service unit of kind "mpp"."""

    unit = models.OneToOneField(
        ServiceUnit,
        verbose_name=_("service unit"),
        on_delete=models.CASCADE,
        related_name="mpp",
        primary_key=True,
        limit_choices_to={"kind": ServiceUnit.Kind.MPP},
    )
    manager = models.ForeignKey(
        ServiceUnit,
        verbose_name=_("managing unit"),
        on_delete=models.PROTECT,
        related_name="managed_mpps",
        null=True,
        blank=True,
        help_text=_("Usually the regency's or city's DPMPTSP."),
    )
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=300,
        blank=True,
        help_text=_("e.g. Peraturan Wali Kota Ambon Nomor 12 Tahun 2021"),
    )
    legal_basis_file = models.FileField(
        _("legal basis (file)"), upload_to=_basis_path, blank=True, max_length=120
    )
    proposed_on = models.DateField(_("proposed on"), null=True, blank=True)
    soft_launched_on = models.DateField(_("soft launch"), null=True, blank=True)
    inaugurated_on = models.DateField(_("inaugurated on"), null=True, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    is_digital_pilot = models.BooleanField(_("MPP Digital pilot"), default=False)
    digital_url = models.URLField(_("MPP Digital address"), blank=True)
    is_published = models.BooleanField(
        _("public page"),
        default=True,
        help_text=_("Show the MPP's page, tenants and services to the public."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("Mal Pelayanan Publik")
        verbose_name_plural = _("Mal Pelayanan Publik")
        constraints = [
            models.CheckConstraint(
                condition=Q(soft_launched_on__isnull=True)
                | Q(proposed_on__isnull=True)
                | Q(soft_launched_on__gte=models.F("proposed_on")),
                name="mpp_soft_launch_after_proposal",
            ),
            models.CheckConstraint(
                condition=Q(inaugurated_on__isnull=True)
                | Q(proposed_on__isnull=True)
                | Q(inaugurated_on__gte=models.F("proposed_on")),
                name="mpp_inauguration_after_proposal",
            ),
        ]

    def __str__(self) -> str:
        return self.unit.name

    def local_today(self) -> dt.date:
        """Today at the MPP (its unit's time zone): what "present today" and "open today" mean
        there."""
        return timezone.now().astimezone(self.unit.region.zoneinfo).date()


class Closure(models.Model):
    """A day the MPP is closed beyond the national calendar (a local holiday, renovation)."""

    mpp = models.ForeignKey(Mpp, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["mpp", "date"], name="mpp_closure_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.reason}"


class Tenant(models.Model):
    """An agency present at the MPP (instansi/tenant), from joining to leaving."""

    class Kind(models.TextChoices):
        VERTICAL = "vertikal", _("Central government office (instansi vertikal)")
        REGIONAL = "opd", _("Regional government office (OPD)")
        BUMN = "bumn", _("State-owned enterprise (BUMN)")
        BUMD = "bumd", _("Regional enterprise (BUMD)")
        PRIVATE = "swasta", _("Private")

    mpp = models.ForeignKey(
        Mpp, verbose_name=_("MPP"), on_delete=models.CASCADE, related_name="tenants"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="mpp_tenancies",
        null=True,
        blank=True,
    )
    home_unit = models.ForeignKey(
        ServiceUnit,
        verbose_name=_("home office"),
        on_delete=models.PROTECT,
        related_name="mpp_tenancies",
        null=True,
        blank=True,
        help_text=_("The tenant's own service unit, when it is registered in Prima."),
    )
    agreement_number = models.CharField(_("agreement number"), max_length=120, blank=True)
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    agreement_file = models.FileField(
        _("agreement (PKS/MoU)"), upload_to=_agreement_path, blank=True, max_length=120
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    floor = models.CharField(_("floor"), max_length=40, blank=True)
    note = LimitedTextField(_("note"), max_length=NOTE_MAX, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tenant")
        verbose_name_plural = _("tenants")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["mpp", "name"], name="mpp_tenant_name_unique"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="mpp_tenant_leaves_after_joining",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_present_on(self, day: dt.date) -> bool:
        """Whether the tenant belonged to the MPP on `day` (joined, not yet left)."""
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)


def present_on(day: dt.date) -> Q:
    """Tenants that belonged to their MPP on `day` (the DB form of Tenant.is_present_on)."""
    return Q(joined_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day))


class Counter(models.Model):
    """A counter (gerai, loket) of a tenant."""

    tenant = models.ForeignKey(
        Tenant, verbose_name=_("tenant"), on_delete=models.CASCADE, related_name="counters"
    )
    code = models.CharField(_("counter"), max_length=20, help_text=_("e.g. A-03"))
    floor = models.CharField(_("floor"), max_length=40, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="mpp_counter_code_unique"),
        ]

    def __str__(self) -> str:
        return self.code


class Offering(models.Model):
    """A service offered at the MPP by a tenant, with its channels and daily quota."""

    tenant = models.ForeignKey(
        Tenant, verbose_name=_("tenant"), on_delete=models.CASCADE, related_name="offerings"
    )
    service = models.OneToOneField(
        Service,
        verbose_name=_("service at the MPP"),
        on_delete=models.PROTECT,
        related_name="mpp_offering",
        help_text=_("A service of the MPP's unit in the registry."),
    )
    home_service = models.ForeignKey(
        Service,
        verbose_name=_("same service at the home office"),
        on_delete=models.SET_NULL,
        related_name="mpp_offerings_elsewhere",
        null=True,
        blank=True,
        help_text=_("Its standard says what to bring when the MPP has none of its own."),
    )
    walk_in = models.BooleanField(_("walk-in"), default=True)
    pre_registration = models.BooleanField(_("online pre-registration required"), default=False)
    registration_url = models.URLField(_("pre-registration address"), blank=True)
    digital = models.BooleanField(_("also online (digital)"), default=False)
    daily_quota = models.PositiveIntegerField(
        _("daily quota"),
        null=True,
        blank=True,
        help_text=_("Queue numbers given per day; empty when there is no quota."),
    )
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("service at the MPP")
        verbose_name_plural = _("services at the MPP")
        ordering = ["service__name"]

    def __str__(self) -> str:
        return self.service.name


class FigureImport(models.Model):
    """One file of daily figures imported (from a queue machine's export) — all or nothing."""

    mpp = models.ForeignKey(Mpp, on_delete=models.CASCADE, related_name="imports")
    sha256 = models.CharField(_("file digest"), max_length=64)
    filename = models.CharField(_("file"), max_length=200)
    rows = models.PositiveIntegerField(_("rows"))
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        verbose_name = _("import of daily figures")
        verbose_name_plural = _("imports of daily figures")
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint(fields=["mpp", "sha256"], name="mpp_import_once"),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.first_day}–{self.last_day})"


class Source(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    IMPORT = "import", _("Imported")


def _hours() -> list[int]:
    return [0] * HOURS


class OfferingDay(models.Model):
    """One service's day at the MPP: visitors (queue numbers taken), transactions (served),
    minutes waited and minutes served in total (averages are totals over transactions, so
    days and hours add up exactly), visitors per hour of the MPP's local day."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    visitors = models.PositiveIntegerField(_("visitors"), default=0)
    transactions = models.PositiveIntegerField(_("transactions"), default=0)
    wait_minutes = models.PositiveIntegerField(_("minutes waited, in total"), default=0)
    service_minutes = models.PositiveIntegerField(_("minutes served, in total"), default=0)
    hourly = models.JSONField(_("visitors per hour"), default=_hours)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    figure_import = models.ForeignKey(
        FigureImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("day of a service")
        verbose_name_plural = _("days of services")
        constraints = [
            models.UniqueConstraint(fields=["offering", "date"], name="mpp_offering_day_once"),
        ]
        indexes = [models.Index(fields=["date"], name="mpp_offering_day_date")]

    def __str__(self) -> str:
        return f"{self.offering_id} {self.date}"


class CounterDay(models.Model):
    """One counter's day: when it opened and closed, and how many staff served at it. No row
    for a working day means the counter stayed closed."""

    counter = models.ForeignKey(Counter, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    opened_at = models.TimeField(_("opened"), null=True, blank=True)
    closed_at = models.TimeField(_("closed"), null=True, blank=True)
    staff = models.PositiveSmallIntegerField(_("staff present"), default=0)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    figure_import = models.ForeignKey(
        FigureImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("day of a counter")
        verbose_name_plural = _("days of counters")
        constraints = [
            models.UniqueConstraint(fields=["counter", "date"], name="mpp_counter_day_once"),
        ]

    def __str__(self) -> str:
        return f"{self.counter_id} {self.date}"

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None

    @property
    def is_staffed(self) -> bool:
        return self.opened_at is not None and self.staff > 0


class TenantDay(models.Model):
    """Pre-aggregated: one tenant's day (kept by prima.mpp.aggregates, rebuildable)."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="aggregate_days")
    date = models.DateField()
    visitors = models.PositiveIntegerField(default=0)
    transactions = models.PositiveIntegerField(default=0)
    wait_minutes = models.PositiveIntegerField(default=0)
    service_minutes = models.PositiveIntegerField(default=0)
    counters = models.PositiveSmallIntegerField(default=0)  # counters in use that day
    counters_open = models.PositiveSmallIntegerField(default=0)
    counters_staffed = models.PositiveSmallIntegerField(default=0)
    is_absent = models.BooleanField(default=False)  # a working day with no counter staffed
    hourly = models.JSONField(default=_hours)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "date"], name="mpp_tenant_day_once"),
        ]

    def __str__(self) -> str:
        return f"{self.tenant_id} {self.date}"


class MppDay(models.Model):
    """Pre-aggregated: one MPP's day (kept by prima.mpp.aggregates, rebuildable)."""

    mpp = models.ForeignKey(Mpp, on_delete=models.CASCADE, related_name="aggregate_days")
    date = models.DateField()
    visitors = models.PositiveIntegerField(default=0)
    transactions = models.PositiveIntegerField(default=0)
    wait_minutes = models.PositiveIntegerField(default=0)
    service_minutes = models.PositiveIntegerField(default=0)
    tenants = models.PositiveSmallIntegerField(default=0)  # tenants present that day
    tenants_absent = models.PositiveSmallIntegerField(default=0)
    counters = models.PositiveSmallIntegerField(default=0)
    counters_idle = models.PositiveSmallIntegerField(default=0)  # in use, yet not opened/staffed
    hourly = models.JSONField(default=_hours)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mpp", "date"], name="mpp_day_once"),
        ]

    def __str__(self) -> str:
        return f"{self.mpp_id} {self.date}"


class ComplaintAtMpp(models.Model):
    """A complaint filed at the MPP, and the tenant it was routed to."""

    complaint = models.OneToOneField(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="at_mpp"
    )
    mpp = models.ForeignKey(Mpp, on_delete=models.CASCADE, related_name="complaints")
    tenant = models.ForeignKey(
        Tenant, on_delete=models.SET_NULL, null=True, blank=True, related_name="complaints"
    )
    offering = models.ForeignKey(
        Offering, on_delete=models.SET_NULL, null=True, blank=True, related_name="complaints"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.complaint_id} @ {self.mpp_id}"


class DigitalCriterion(models.Model):
    """One of the 11 criteria of MPP Digital readiness (next-capabilities §B5, tagged
    unconfirmed in docs/regulations.md §8), its state and evidence."""

    class Code(models.TextChoices):
        INFORMATION = "informasi", _("General information")
        QUEUE = "antrean", _("Queue")
        CONSULTATION = "konsultasi", _("Consultation and complaints")
        SKM = "skm", _("Satisfaction survey (SKM)")
        REPORTING = "pelaporan", _("Performance reporting")
        TRACKING = "penelusuran", _("Document processing and tracking")
        COMMITMENT = "komitmen", _("Commitment")
        PLATFORM = "platform", _("Platform")
        CONTINUITY = "keberlanjutan", _("Sustainability")
        SECURITY = "keamanan", _("Security")
        USER_TESTING = "uji_coba", _("User testing")

    class State(models.TextChoices):
        NOT_STARTED = "belum", _("Not started")
        IN_PROGRESS = "proses", _("In progress")
        READY = "siap", _("Ready")

    mpp = models.ForeignKey(
        Mpp, verbose_name=_("MPP"), on_delete=models.CASCADE, related_name="digital_criteria"
    )
    code = models.CharField(_("criterion"), max_length=16, choices=Code.choices)
    state = models.CharField(
        _("state"), max_length=8, choices=State.choices, default=State.NOT_STARTED
    )
    evidence_url = models.URLField(_("evidence (address)"), blank=True)
    evidence_file = models.FileField(
        _("evidence (file)"), upload_to=_digital_path, blank=True, max_length=120
    )
    note = LimitedTextField(_("note"), max_length=NOTE_MAX, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("MPP Digital criterion")
        verbose_name_plural = _("MPP Digital criteria")
        constraints = [
            models.UniqueConstraint(fields=["mpp", "code"], name="mpp_digital_criterion_once"),
        ]

    def __str__(self) -> str:
        return self.get_code_display()
