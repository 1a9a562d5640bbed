"""The small tables the start pages and readiness boards read (issue 19).

`UnitReadiness` holds, for each service unit, where it stands on every duty the PEKPPP
evaluation checks (prima.insights.readiness computes it), and `Deadline` the dates those
duties fall due; `AgencyReadiness` sums an agency's unit rows. They are derived data: kept
current by the writes that change a unit's records (prima.insights.store, on commit),
recomputed when time alone changes a status (`readiness refresh`), and rebuilt from the
records by `readiness rebuild` — a property test proves the two paths agree. No history: they
are derived, like the SKM aggregates (ADR 0009).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    OK = "ok", _("In order")
    DUE = "due", _("Due soon")
    LATE = "late", _("Late")
    MISSING = "missing", _("Missing")


class UnitReadiness(models.Model):
    unit = models.OneToOneField(
        "registry.ServiceUnit",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="readiness",
    )
    agency = models.ForeignKey(
        "registry.Agency", on_delete=models.CASCADE, related_name="unit_readiness"
    )
    province_code = models.CharField(max_length=2, db_index=True)
    year = models.PositiveSmallIntegerField()
    # duty → {"status", "indicator", "level", "due_on" (ISO date or None), "done", "total"}
    duties = models.JSONField(default=dict)
    ok_count = models.PositiveSmallIntegerField(default=0)
    due_count = models.PositiveSmallIntegerField(default=0)
    late_count = models.PositiveSmallIntegerField(default=0)
    missing_count = models.PositiveSmallIntegerField(default=0)
    projected_ipp = models.DecimalField(max_digits=4, decimal_places=2)
    projected_category = models.CharField(max_length=4)
    next_category = models.CharField(max_length=4, blank=True)
    indicators_to_next = models.PositiveSmallIntegerField(null=True)
    ikm_target = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    skm_period = models.ForeignKey(
        "surveys.SurveyPeriod", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    services_total = models.PositiveIntegerField(default=0)
    services_without_standard = models.PositiveIntegerField(default=0)
    reviews_due = models.PositiveIntegerField(default=0)
    reviews_overdue = models.PositiveIntegerField(default=0)
    complaints_overdue = models.PositiveIntegerField(default=0)
    complaints_due_soon = models.PositiveIntegerField(default=0)
    followups_open = models.PositiveIntegerField(default=0)
    followups_late = models.PositiveIntegerField(default=0)
    latest_ipp = models.DecimalField(max_digits=4, decimal_places=2, null=True)
    latest_ipp_category = models.CharField(max_length=4, blank=True)
    latest_ipp_year = models.PositiveSmallIntegerField(null=True)
    is_priority = models.BooleanField(default=False)
    next_due_on = models.DateField(null=True)
    # when time alone next changes a status here (a deadline passes or comes within 30 days)
    recheck_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["agency", "late_count"], name="readiness_agency_late"),
            models.Index(fields=["province_code", "agency"], name="readiness_province"),
        ]

    def __str__(self) -> str:
        return f"readiness of unit {self.unit_id}"


class Deadline(models.Model):
    """A dated duty of a unit: the compliance calendar."""

    class Kind(models.TextChoices):
        STANDARD_REVIEW = "standard_review", _("Standard review due")
        FKP = "fkp", _("Public consultation forum (FKP) due")
        SKM_YEAR = "skm_year", _("SKM for this year")
        SKM_PERIOD_ENDS = "skm_period_ends", _("Survey period ends")
        SKM_PUBLISH = "skm_publish", _("Publish the SKM results")
        SKM_FOLLOWUP = "skm_followup", _("SKM follow-up action due")
        COMPLAINT = "complaint", _("Complaint answer due")
        INNOVATION_REPORT = "innovation_report", _("Innovation sustainability report due")

    unit = models.ForeignKey(
        "registry.ServiceUnit", on_delete=models.CASCADE, related_name="deadlines"
    )
    agency = models.ForeignKey("registry.Agency", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due_on = models.DateField()
    subject = models.CharField(max_length=200)  # what falls due: a service, a period, …
    target = models.CharField(max_length=20)  # the kind of page it is done on
    key = models.CharField(max_length=40, blank=True)  # that page's record

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["agency", "due_on"], name="deadline_agency_due"),
            models.Index(fields=["unit", "due_on"], name="deadline_unit_due"),
            models.Index(fields=["due_on"], name="deadline_due"),  # the national calendar
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject} {self.due_on}"


class AgencyReadiness(models.Model):
    """An agency's unit rows summed: per duty, how many units stand at each status."""

    agency = models.OneToOneField(
        "registry.Agency", on_delete=models.CASCADE, primary_key=True, related_name="readiness"
    )
    province_code = models.CharField(max_length=2, db_index=True)
    units = models.PositiveIntegerField(default=0)
    units_ready = models.PositiveIntegerField(default=0)  # every duty in order
    units_late = models.PositiveIntegerField(default=0)  # at least one duty late
    # duty → {"ok": n, "due": n, "late": n, "missing": n}
    duties = models.JSONField(default=dict)
    late_count = models.PositiveIntegerField(default=0)
    due_count = models.PositiveIntegerField(default=0)
    missing_count = models.PositiveIntegerField(default=0)
    complaints_overdue = models.PositiveIntegerField(default=0)
    priority_units = models.PositiveIntegerField(default=0)
    mean_projected_ipp = models.DecimalField(max_digits=4, decimal_places=2, null=True)

    def __str__(self) -> str:
        return f"readiness of agency {self.agency_id}"


# --- the national picture (issue 20; prima.insights.figures, docs/guide/national-picture.md) ---
class Audience(models.TextChoices):
    PUBLIC = "public", _("Public")
    STAFF = "staff", _("Staff")


# The columns of HolderFigures that repeat a few numbers of its `data` (figures.quick).
QUICK = ("ikm", "ipp", "received", "on_time", "services", "in_force", "maklumat", "units")


class HolderFigures(models.Model):
    """What one unit — or an agency's own records that name no unit ("a<agency id>") —
    adds to the national picture in a year, for one audience: additive sums in `data`
    (prima.insights.figures.Sums). Year 0 holds what is counted as it stands today (units,
    standards, maklumat). Rows with nothing to add are not stored."""

    holder = models.CharField(max_length=16)  # "u<unit id>" or "a<agency id>"
    unit = models.ForeignKey(
        "registry.ServiceUnit", on_delete=models.CASCADE, null=True, related_name="+"
    )
    agency = models.ForeignKey(
        "registry.Agency", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # The region the holder's records count for: the unit's, or the agency's (None for a
    # ministry's own records, which count for Indonesia only).
    region = models.ForeignKey(
        "registry.Region", on_delete=models.PROTECT, null=True, related_name="+", db_index=False
    )
    # Copied from the unit so that every unit of a kind in a province or Wilayah is one index
    # range (the peers of a unit, the units-of-a-kind ranking): "" for an agency's own rows.
    kind = models.CharField(max_length=16, blank=True, default="")
    province = models.CharField(max_length=2, blank=True, default="")
    year = models.PositiveSmallIntegerField()
    audience = models.CharField(max_length=6, choices=Audience.choices)
    data = models.JSONField(default=dict)
    # A few numbers of `data`, apart (prima.insights.figures.quick; zero or None on an
    # agency's own rows), carried in the kind index too: ranking thousands of units of a kind
    # reads them from the index, not the wide rows (ADR 0012).
    ikm = models.FloatField(null=True)
    ipp = models.FloatField(null=True)
    received = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    services = models.PositiveIntegerField(default=0)
    in_force = models.PositiveIntegerField(default=0)
    maklumat = models.PositiveIntegerField(default=0)
    units = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["holder", "year", "audience"], name="holder_figures_one_row"
            ),
        ]
        indexes = [
            models.Index(fields=["region", "year"], name="holder_figures_region_idx"),
            models.Index(fields=["agency", "year"], name="holder_figures_agency_idx"),
            models.Index(
                fields=["year", "audience", "kind", "province"],
                include=["unit", *QUICK],
                name="holder_figures_kind_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder} {self.year} {self.audience}"


class AreaFigures(models.Model):
    """The sums of an area's holders for a year and an audience: `area` is a regency/city or
    province code, "agency:<agency id>", or "-" (records that belong to no region). Wilayah
    and Indonesia add up their provinces when read."""

    area = models.CharField(max_length=24)
    year = models.PositiveSmallIntegerField()
    audience = models.CharField(max_length=6, choices=Audience.choices)
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year", "audience"], name="area_figures_one_row"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.year} {self.audience}"


class GovernmentFigures(models.Model):
    """A regional government's part in the coaching programme in a year: one row per active
    province and regency/city with anything to say (registered in Prima or not)."""

    region = models.ForeignKey("registry.Region", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    took_part = models.BooleanField(default=False)
    tasks = models.PositiveIntegerField(default=0)
    tasks_done = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="government_figures_one_row"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}"


class FiguresMark(models.Model):
    """Where a catch-up job stopped: `skm-sweep` holds the last period-result change the
    sweep took in (prima.insights.figures_store.sweep)."""

    name = models.CharField(max_length=24, primary_key=True)
    at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"{self.name} {self.at}"
