"""The innovation registry: what a unit changed, since when, how far along, whether it lives.

An innovation belongs to one service unit (and so to its agency). Its status is only as good
as its last confirmation: the unit confirms it when registering or editing it and each year in
a sustainability report; one not confirmed for a year shows as unknown, not alive
(`status_on`). A replication is a record linking a source innovation to the unit that adopted
it — and to the adopter's own registry entry once it has one — so both pages show the link.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prima.innovation.eligibility import months_between  # pure; re-exported here
from prima.lib.fields import LimitedTextField
from prima.lib.uploads import stored_name
from prima.registry.models import ServiceUnit

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager

    from prima.innovation.models.contest import Award, Submission

# The longest text each free-text field takes (docs/limits.md).
SUMMARY_MAX = 1500
PROBLEM_MAX = 3000
DESCRIPTION_MAX = 6000
NOTE_MAX = 2000
LINK_MAX = 200

# An innovation whose status nobody confirmed for this long shows as unknown.
STATUS_VALID_FOR = dt.timedelta(days=365)


def _decree_path(instance: Innovation, filename: str) -> str:
    return stored_name(f"innovation/{instance.unit_id}", "sk", filename)


def _file_path(instance: InnovationFile, filename: str) -> str:
    return stored_name(f"innovation/{instance.innovation.unit_id}", "bukti", filename)


def _report_path(instance: SustainabilityReport, filename: str) -> str:
    return stored_name(f"innovation/{instance.innovation.unit_id}", "laporan", filename)


def _agreement_path(instance: Replication, filename: str) -> str:
    return stored_name(f"innovation/{instance.adopter_unit_id}", "pks", filename)


class Stage(models.TextChoices):
    """The stage vocabulary of the regional innovation index (IID): initiative, trial,
    implementation."""

    INISIATIF = "inisiatif", _("Initiative")
    UJI_COBA = "uji_coba", _("Trial")
    PENERAPAN = "penerapan", _("Implementation")


class Status(models.TextChoices):
    AKTIF = "aktif", _("Running")
    BERKEMBANG = "berkembang", _("Growing")
    VAKUM = "vakum", _("Dormant")
    BERHENTI = "berhenti", _("Stopped")


# Shown, never stored: a status nobody confirmed within STATUS_VALID_FOR.
UNKNOWN = "tidak_diketahui"
LIVING = (Status.AKTIF, Status.BERKEMBANG)


class Theme(models.TextChoices):
    """Broad themes for the catalogue (the ten KIPP 2021 categories; a competition keeps its
    own categories as data)."""

    KEMISKINAN = "kemiskinan", _("Poverty reduction")
    PENDIDIKAN = "pendidikan", _("Education")
    KESEHATAN = "kesehatan", _("Health")
    PANGAN = "pangan", _("Food security")
    EKONOMI = "ekonomi", _("Economic growth and jobs")
    PEMBERDAYAAN = "pemberdayaan", _("Community empowerment")
    GENDER = "gender", _("Gender-responsive public service")
    LINGKUNGAN = "lingkungan", _("Environment")
    TATA_KELOLA = "tata_kelola", _("Governance")
    HUKUM = "hukum", _("Law enforcement")


class Institutionalisation(models.TextChoices):
    """How far the innovation is anchored in a rule (the legal umbrella of PEKPPP 30.f.B)."""

    NONE = "none", _("No rule")
    DRAFT = "rancangan", _("A rule is being drafted")
    SET = "ditetapkan", _("Set by a regulation, decree or SOP")


class Innovation(models.Model):
    class Kind(models.TextChoices):
        ORIGINAL = "original", _("Original")
        REPLICATION = "replikasi", _("Replication")

    unit = models.ForeignKey(
        ServiceUnit,
        verbose_name=_("service unit"),
        on_delete=models.PROTECT,
        related_name="innovations",
    )
    title = models.CharField(_("name of the innovation"), max_length=200)
    summary = LimitedTextField(
        _("summary"),
        max_length=SUMMARY_MAX,
        help_text=_("What it is, in a few sentences a citizen understands."),
    )
    problem = LimitedTextField(
        _("problem it solves"), max_length=PROBLEM_MAX, help_text=_("The situation before.")
    )
    description = LimitedTextField(_("how it works"), max_length=DESCRIPTION_MAX, blank=True)
    theme = models.CharField(_("theme"), max_length=16, choices=Theme.choices)
    kind = models.CharField(
        _("original or replication"), max_length=10, choices=Kind.choices, default=Kind.ORIGINAL
    )
    started_on = models.DateField(
        _("implementation started"),
        null=True,
        blank=True,
        help_text=_(
            "The day it was first used for real; empty while at the initiative stage. "
            "Competitions count the innovation's age from it."
        ),
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.AKTIF
    )
    status_confirmed_on = models.DateField(
        _("status confirmed on"),
        help_text=_("The last day the unit confirmed the status (registration, edit, report)."),
    )
    services = models.ManyToManyField(
        "registry.Service",
        verbose_name=_("services it changed"),
        blank=True,
        related_name="innovations",
    )
    standards = models.ManyToManyField(
        "standards.ServiceStandard",
        verbose_name=_("service standards it changed"),
        blank=True,
        related_name="innovations",
    )
    decree_number = models.CharField(
        _("decree (SK) number"),
        max_length=100,
        blank=True,
        help_text=_("The decision of the authorised official naming the innovator or team."),
    )
    decree_date = models.DateField(_("decree date"), null=True, blank=True)
    decree_file = models.FileField(
        _("decree file"), upload_to=_decree_path, blank=True, max_length=120
    )
    website = models.URLField(_("web page or video"), max_length=LINK_MAX, blank=True)
    jippnas_id = models.CharField(
        _("JIPPNas reference"), max_length=40, blank=True, help_text=_("If listed there.")
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Shown in the public catalogue and the open data."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    if TYPE_CHECKING:
        team: RelatedManager[TeamMember]
        measures: RelatedManager[Measure]
        files: RelatedManager[InnovationFile]
        reports: RelatedManager[SustainabilityReport]
        replications: RelatedManager[Replication]  # where it was replicated (as the source)
        replicated_from: RelatedManager[Replication]  # its sources (as the adopter)
        submissions: RelatedManager[Submission]
        awards: RelatedManager[Award]

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("innovation")
        verbose_name_plural = _("innovations")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "title"], name="innovation_title_unique_in_unit"
            ),
            models.CheckConstraint(
                condition=Q(stage="inisiatif") | Q(started_on__isnull=False),
                name="innovation_started_unless_initiative",
            ),
        ]
        indexes = [models.Index(fields=["is_published", "stage"])]

    def __str__(self) -> str:
        return self.title

    def status_on(self, today: dt.date) -> str:
        """The status as shown on `today`: the confirmed one, or UNKNOWN when nobody confirmed
        it within STATUS_VALID_FOR."""
        return status_on(self.status, self.status_confirmed_on, today)

    def age_on(self, day: dt.date) -> int | None:
        """Whole months of implementation up to `day` (None before it started)."""
        return months_between(self.started_on, day) if self.started_on else None


def status_on(status: str, confirmed_on: dt.date, today: dt.date) -> str:
    return status if today - confirmed_on <= STATUS_VALID_FOR else UNKNOWN


class TeamMember(models.Model):
    """A person named in the innovator decree: the innovator or a team member."""

    innovation = models.ForeignKey(
        Innovation, verbose_name=_("innovation"), on_delete=models.CASCADE, related_name="team"
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role in the team"), max_length=100)
    position = models.CharField(_("position"), max_length=150, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self) -> str:
        return self.name


class Measure(models.Model):
    """A before/after figure showing what the innovation changed (days to issue a KTP, visits
    needed, complaints a month)."""

    innovation = models.ForeignKey(
        Innovation, verbose_name=_("innovation"), on_delete=models.CASCADE, related_name="measures"
    )
    name = models.CharField(_("what is measured"), max_length=200)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40)
    before = models.DecimalField(_("before"), max_digits=14, decimal_places=2)
    after = models.DecimalField(_("after"), max_digits=14, decimal_places=2)
    measured_on = models.DateField(_("measured on (after)"))
    source = models.CharField(_("source of the figures"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return self.name


class InnovationFile(models.Model):
    """Evidence of an innovation: photos, SOPs, reports."""

    innovation = models.ForeignKey(
        Innovation, verbose_name=_("innovation"), on_delete=models.CASCADE, related_name="files"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_file_path, max_length=120)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown on the public page of the innovation.")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.title


class SustainabilityReport(models.Model):
    """The yearly report on whether an innovation lives on (the PKRI questions): still
    running, anchored in a rule, funded, supported, replicated. Filing it confirms the status."""

    innovation = models.ForeignKey(
        Innovation, verbose_name=_("innovation"), on_delete=models.CASCADE, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    reported_on = models.DateField(_("reported on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    institutionalisation = models.CharField(
        _("anchored in a rule"),
        max_length=10,
        choices=Institutionalisation.choices,
        default=Institutionalisation.NONE,
    )
    legal_basis = models.CharField(
        _("the rule"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Peraturan Bupati Buru Nomor 12 Tahun 2025, or the SOP's number."),
    )
    funded = models.BooleanField(_("has a budget"), default=False)
    budget_source = models.CharField(_("budget source"), max_length=200, blank=True)
    has_facilities = models.BooleanField(_("has its own facilities"), default=False)
    has_team_decree = models.BooleanField(_("the team is set by a decree"), default=False)
    notes = LimitedTextField(_("notes"), max_length=NOTE_MAX, blank=True)
    file = models.FileField(_("evidence"), upload_to=_report_path, blank=True, max_length=120)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("sustainability report")
        verbose_name_plural = _("sustainability reports")
        constraints = [
            models.UniqueConstraint(
                fields=["innovation", "year"], name="innovation_report_once_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.innovation} {self.year}"

    @property
    def supports(self) -> int:
        """How many supports beside the rule: budget, facilities, a team decree (30.f.B)."""
        return int(self.funded) + int(self.has_facilities) + int(self.has_team_decree)


class Replication(models.Model):
    """One unit adopting another's innovation: the agreement, what it adapted, how it goes."""

    class State(models.TextChoices):
        PLANNED = "dirintis", _("Being prepared")
        RUNNING = "berjalan", _("Running")
        STOPPED = "berhenti", _("Stopped")

    source = models.ForeignKey(
        Innovation,
        verbose_name=_("innovation replicated"),
        on_delete=models.PROTECT,
        related_name="replications",
    )
    adopter_unit = models.ForeignKey(
        ServiceUnit,
        verbose_name=_("adopting unit"),
        on_delete=models.PROTECT,
        related_name="replications",
    )
    adopter_innovation = models.ForeignKey(
        Innovation,
        verbose_name=_("the adopter's own entry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replicated_from",
    )
    started_on = models.DateField(_("started"))
    agreement = models.CharField(
        _("agreement"),
        max_length=200,
        blank=True,
        help_text=_("The cooperation agreement (PKS) or memorandum, with its number."),
    )
    agreement_file = models.FileField(
        _("agreement file"), upload_to=_agreement_path, blank=True, max_length=120
    )
    adaptation = LimitedTextField(_("what was adapted"), max_length=NOTE_MAX, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PLANNED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "pk"]
        verbose_name = _("replication")
        verbose_name_plural = _("replications")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "adopter_unit"], name="innovation_replicated_once_per_unit"
            ),
            models.CheckConstraint(
                condition=~Q(adopter_innovation=models.F("source")),
                name="innovation_not_its_own_replication",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.adopter_unit}"
