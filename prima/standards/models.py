"""Service standards (Standar Pelayanan) and their versions, reviews and publication records;
the unit's Maklumat Pelayanan; public consultation forums (FKP); facilities for vulnerable
groups. Rules: docs/regulations.md §2, §3, §7 and §9.

What is true of one row lives here; the life cycle is in prima.standards.actions.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prima.lib.fields import LimitedTextField
from prima.lib.media import Medium, is_electronic
from prima.lib.officials import validate_nip
from prima.registry.models import Service, ServiceUnit
from prima.standards import components as spec


def _stored_name(folder: str, filename: str) -> str:
    """A random stored name with the checked extension only; the uploader's file name is
    thrown away (docs/security.md §1.6)."""
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"standards/{folder}/{uuid.uuid4().hex}{suffix}"


def decree_path(instance: Any, filename: str) -> str:
    return _stored_name("decrees", filename)


def flowchart_path(instance: Any, filename: str) -> str:
    return _stored_name("flowcharts", filename)


def maklumat_path(instance: Any, filename: str) -> str:
    return _stored_name("maklumat", filename)


def photo_path(instance: Any, filename: str) -> str:
    return _stored_name("photos", filename)


class ServiceStandard(models.Model):
    """One version of a service's standard. A service has at most one open draft and at most
    one standard in force (published or under review) at a time; every version is kept."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONSULTATION = "consultation", _("Public consultation")
        SET = "set", _("Set")
        PUBLISHED = "published", _("Published")
        UNDER_REVIEW = "under_review", _("Under review")
        SUPERSEDED = "superseded", _("Superseded")

    EDITABLE = (Status.DRAFT, Status.CONSULTATION)
    IN_FORCE = (Status.PUBLISHED, Status.UNDER_REVIEW)
    FORMALLY_SET = (Status.SET, Status.PUBLISHED, Status.UNDER_REVIEW, Status.SUPERSEDED)

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="standards"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    components = models.JSONField(_("components"), default=dict, blank=True)
    flowchart = models.FileField(
        _("procedure flowchart"), upload_to=flowchart_path, blank=True, max_length=120
    )
    decree_number = models.CharField(_("decree number"), max_length=120, blank=True)
    decree_date = models.DateField(_("decree date"), null=True, blank=True)
    signer_name = models.CharField(_("signed by"), max_length=150, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=150, blank=True)
    decree_file = models.FileField(
        _("signed decree (PDF)"), upload_to=decree_path, blank=True, max_length=120
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)
    review_due_on = models.DateField(_("review due"), null=True, blank=True)
    change_note = LimitedTextField(_("what changed and why"), max_length=1000, blank=True)
    # Optimistic lock: each save of the draft raises it; a save based on an older revision
    # is refused (issue 4 §8: two editors never overwrite each other silently).
    revision = models.PositiveIntegerField(_("revision"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["service_id", "-version"]
        verbose_name = _("service standard")
        verbose_name_plural = _("service standards")
        constraints = [
            models.UniqueConstraint(fields=["service", "version"], name="standard_version_unique"),
            models.UniqueConstraint(
                fields=["service"],
                condition=Q(status__in=["draft", "consultation"]),
                name="standard_one_open_draft",
            ),
            models.UniqueConstraint(
                fields=["service"],
                condition=Q(status__in=["published", "under_review"]),
                name="standard_one_in_force",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["set", "published", "under_review", "superseded"])
                | (Q(decree_date__isnull=False) & ~Q(decree_number="")),
                name="standard_set_has_decree",
            ),
        ]
        indexes = [models.Index(fields=["status", "service"], name="standard_status_idx")]

    def __str__(self) -> str:
        return f"{self.service} · v{self.version}"

    # The optimistic lock's counter means nothing to a reader of the history.
    history_hidden_fields = ("revision",)

    @classmethod
    def history_display(cls, field_name: str, value: Any) -> dict[str, str] | None:
        """The components in the change history one by one, by their names in PermenPANRB
        15/2014, so a change names the components it changed (prima.lib.history)."""
        if field_name != "components" or not isinstance(value, dict):
            return None
        return {
            f"{c.number}. {c.name}": "; ".join(spec.component_lines(c.key, value.get(c.key)))
            for c in spec.COMPONENTS
        }

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_in_force(self) -> bool:
        return self.status in self.IN_FORCE

    def is_review_overdue(self, today: dt.date) -> bool:
        """A published standard whose periodic review fell due before `today` (one under
        review is being reviewed). queries.units_overview counts the same rule in SQL."""
        return (
            self.status == self.Status.PUBLISHED
            and self.review_due_on is not None
            and self.review_due_on < today
        )

    @property
    def missing(self) -> list[str]:
        return spec.missing_components(self.components or {})


class StandardReview(models.Model):
    """A periodic review (peninjauan ulang) of a standard in force, with its outcome.
    Feeds PEKPPP 4.a.K and level 5 of 1.a.Ak (monitored and evaluated)."""

    class Outcome(models.TextChoices):
        UNCHANGED = "unchanged", _("Kept as it is")
        REVISED = "revised", _("To be revised (a new version is drafted)")

    standard = models.ForeignKey(
        ServiceStandard,
        verbose_name=_("standard"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    started_on = models.DateField(_("review started"))
    finished_on = models.DateField(_("review finished"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    forum = models.ForeignKey(
        "Forum",
        verbose_name=_("public consultation forum"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews",
    )
    note = LimitedTextField(_("findings"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("standard review")
        verbose_name_plural = _("standard reviews")

    def __str__(self) -> str:
        return f"{self.standard} · {self.started_on}"


class StandardPublication(models.Model):
    """Where a unit published its standards' service-delivery components (PEKPPP 3.a.T)."""

    unit = models.ForeignKey(
        ServiceUnit,
        verbose_name=_("service unit"),
        on_delete=models.CASCADE,
        related_name="standard_publications",
    )
    medium = models.CharField(_("medium"), max_length=16, choices=Medium.choices)
    url = models.URLField(_("link"), blank=True)
    published_on = models.DateField(_("date"))
    all_components = models.BooleanField(
        _("all six service-delivery components shown"), default=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "pk"]
        verbose_name = _("standard publication")
        verbose_name_plural = _("standard publications")

    def __str__(self) -> str:
        return f"{self.get_medium_display()} {self.published_on}"

    @property
    def is_electronic(self) -> bool:
        return is_electronic(self.medium)


# --- Maklumat Pelayanan ---------------------------------------------------------------------
class Maklumat(models.Model):
    """A unit's Maklumat Pelayanan (UU 25/2009 Pasal 22): the three required statements,
    signed and published. A new maklumat replaces the previous one; old ones are kept."""

    unit = models.ForeignKey(
        ServiceUnit,
        verbose_name=_("service unit"),
        on_delete=models.PROTECT,
        related_name="maklumat",
    )
    promise = LimitedTextField(
        _("promise to serve according to the standard"), max_length=2000, blank=True
    )
    commitment = LimitedTextField(
        _("commitment to fulfil obligations and improve continuously"), max_length=2000, blank=True
    )
    sanction = LimitedTextField(
        _("readiness to accept sanctions or give compensation"), max_length=2000, blank=True
    )
    signer_name = models.CharField(_("signed by"), max_length=150, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=150, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    file = models.FileField(
        _("signed maklumat (PDF or image)"), upload_to=maklumat_path, blank=True, max_length=120
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-signed_on", "-pk"]
        verbose_name = _("maklumat pelayanan")
        verbose_name_plural = _("maklumat pelayanan")

    def __str__(self) -> str:
        return f"Maklumat {self.unit.name} {self.signed_on or ''}".strip()

    @property
    def statements(self) -> list[str]:
        return [s for s in (self.promise, self.commitment, self.sanction)]

    @property
    def is_complete(self) -> bool:
        return all(s.strip() for s in self.statements)

    @property
    def is_set(self) -> bool:
        return self.signed_on is not None and bool(self.signer_name)

    @property
    def is_final(self) -> bool:
        """Signed and published: a record of what was declared, which is not changed — a new
        maklumat is drafted instead."""
        return self.is_set and self.publications.exists()


class MaklumatPublication(models.Model):
    maklumat = models.ForeignKey(
        Maklumat, verbose_name=_("maklumat"), on_delete=models.CASCADE, related_name="publications"
    )
    medium = models.CharField(_("medium"), max_length=16, choices=Medium.choices)
    url = models.URLField(_("link"), blank=True)
    published_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["published_on", "pk"]
        verbose_name = _("maklumat publication")
        verbose_name_plural = _("maklumat publications")

    def __str__(self) -> str:
        return f"{self.get_medium_display()} {self.published_on}"

    @property
    def is_electronic(self) -> bool:
        return is_electronic(self.medium)


# --- Forum Konsultasi Publik ----------------------------------------------------------------
class Forum(models.Model):
    """A public consultation forum (PermenPANRB 16/2017) held by a unit, with the standards it
    discussed. Its minutes (berita acara) are generated from the record."""

    class Mode(models.TextChoices):
        FACE_TO_FACE = "tatap_muka", _("Face to face")
        ONLINE = "daring", _("Online")

    class Stage(models.TextChoices):
        PREPARATION = "pra", _("Pre-implementation (pra-pelaksanaan)")
        HELD = "pelaksanaan", _("Implementation (pelaksanaan)")
        FOLLOW_UP = "pasca", _("Post-implementation (pasca-pelaksanaan)")

    class Purpose(models.TextChoices):
        DRAFTING = "drafting", _("Drafting or changing service standards")
        REVIEW = "review", _("Periodic review of service standards")
        OTHER = "other", _("Other service policy")

    unit = models.ForeignKey(
        ServiceUnit, verbose_name=_("service unit"), on_delete=models.PROTECT, related_name="forums"
    )
    title = models.CharField(_("topic"), max_length=200)
    purpose = models.CharField(
        _("purpose"), max_length=10, choices=Purpose.choices, default=Purpose.DRAFTING
    )
    mode = models.CharField(
        _("form"), max_length=12, choices=Mode.choices, default=Mode.FACE_TO_FACE
    )
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.PREPARATION
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    meeting_link = models.URLField(_("meeting link"), blank=True)
    agenda = LimitedTextField(_("agenda"), max_length=2000, blank=True)
    summary = LimitedTextField(_("course of the discussion"), max_length=5000, blank=True)
    chair = models.CharField(
        _("chaired by"),
        max_length=150,
        blank=True,
        help_text=_("Name and titles as they are signed; the chair signs the minutes."),
    )
    chair_position = models.CharField(
        _("chair's position"),
        max_length=200,
        blank=True,
        help_text=_("Printed under the chair's name, e.g. Sekretaris Dinas."),
    )
    chair_nip = models.CharField(
        _("chair's NIP"), max_length=18, blank=True, validators=[validate_nip]
    )
    standards = models.ManyToManyField(
        ServiceStandard, verbose_name=_("standards discussed"), blank=True, related_name="forums"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("public consultation forum")
        verbose_name_plural = _("public consultation forums")

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on})"


class Participant(models.Model):
    """Someone invited to a forum, with the community element they represent."""

    class Element(models.TextChoices):
        # The five elements PEKPPP 2.a.P counts (docs/regulations.md §2.3, §3), then the provider.
        USERS = "pengguna_layanan", _("Service users")
        EXPERTS = "ahli_praktisi_akademisi", _("Experts, practitioners and academics")
        AGENCIES = "instansi_terkait", _("Related agencies")
        CIVIL_SOCIETY = "organisasi_masyarakat", _("Civil-society organisations")
        MEDIA = "media_massa", _("Mass media")
        PROVIDER = "penyelenggara", _("The service provider")

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="participants"
    )
    name = models.CharField(_("name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    element = models.CharField(_("represents"), max_length=24, choices=Element.choices)
    attended = models.BooleanField(_("attended"), default=True)
    # UU 27/2022 art. 11 (prima.privacy): left out of participant lists exported; counts keep
    # them.
    processing_restricted = models.BooleanField(_("processing restricted"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["element", "name", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.name


class Agreement(models.Model):
    """One thing the forum agreed, optionally tied to the standard version and component it
    changed — so anyone can see what the community changed."""

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="agreements"
    )
    text = LimitedTextField(_("agreement"), max_length=1000)
    standard = models.ForeignKey(
        ServiceStandard,
        verbose_name=_("changed standard version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
    )
    component = models.CharField(
        _("component"),
        max_length=20,
        blank=True,
        choices=[(c.key, f"{c.number}. {c.name}") for c in spec.COMPONENTS],
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.text[:60]


class ForumPhoto(models.Model):
    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(_("photo"), upload_to=photo_path, max_length=120)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.caption or f"#{self.pk}"


# --- Facilities for vulnerable groups -------------------------------------------------------
GROUP_CHOICES = [
    ("disabilitas", _("Persons with disabilities")),
    ("lansia", _("The elderly")),
    ("ibu_hamil_menyusui", _("Pregnant and nursing women")),
    ("anak", _("Children")),
]


class FacilityType(models.Model):
    """One item of the configurable checklist (docs/regulations.md §7: the official enumeration is
    not confirmed, so administrators may add, rename and retire items)."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    groups = models.JSONField(_("for"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in the checklist"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("facility type")
        verbose_name_plural = _("facility types")

    def __str__(self) -> str:
        return self.name

    @property
    def group_labels(self) -> list[str]:
        return [str(dict(GROUP_CHOICES).get(g, g)) for g in self.groups]

    @classmethod
    def history_display(cls, field_name: str, value: Any) -> str | None:
        """The groups by their names in the change history (prima.lib.history)."""
        if field_name != "groups" or not isinstance(value, list):
            return None
        return ", ".join(cls(groups=value).group_labels)


class UnitFacility(models.Model):
    """A facility a unit has. Only usable ones count for PEKPPP 18.c.K."""

    class Condition(models.TextChoices):
        GOOD = "good", _("Good")
        FAIR = "fair", _("Usable, needs repair")
        BROKEN = "broken", _("Not usable")

    unit = models.ForeignKey(
        ServiceUnit,
        verbose_name=_("service unit"),
        on_delete=models.CASCADE,
        related_name="facilities",
    )
    facility = models.ForeignKey(
        FacilityType, verbose_name=_("facility"), on_delete=models.PROTECT, related_name="+"
    )
    condition = models.CharField(
        _("condition"), max_length=8, choices=Condition.choices, default=Condition.GOOD
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    photo = models.FileField(_("photo"), upload_to=photo_path, blank=True, max_length=120)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["facility__order", "facility__name"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        constraints = [
            models.UniqueConstraint(fields=["unit", "facility"], name="unit_facility_unique"),
        ]

    def __str__(self) -> str:
        return str(self.facility)

    @property
    def counts(self) -> bool:
        return self.condition != self.Condition.BROKEN
