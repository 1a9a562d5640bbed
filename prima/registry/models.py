"""The organisation registry: regions, coordination regions, agencies, service units, services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast
from zoneinfo import ZoneInfo

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prima.lib import numbering
from prima.lib.fields import LimitedTextField
from prima.lib.officials import validate_nip
from prima.lib.uploads import stored_name
from prima.registry.timezones import IANA_ZONE, TimeZoneCode

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class Region(models.Model):
    """A province or a regency/city, keyed by its Kemendagri code ("81", "81.01").

    Loaded from a maintained package (prima.registry.regions_source), never typed in. A
    region that disappears from the source is kept, inactive, so old records still point
    somewhere; a region that moves gets a new code (Kab. Sorong: 92.01 → 96.01 in 2022).
    """

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Province")
        REGENCY = 2, _("Regency/city")

    class Kind(models.TextChoices):
        PROVINSI = "provinsi", _("Province")
        KABUPATEN = "kabupaten", _("Regency")
        KOTA = "kota", _("City")

    class TimeZone(models.TextChoices):
        WIB = "WIB", _("WIB (UTC+7)")
        WITA = "WITA", _("WITA (UTC+8)")
        WIT = "WIT", _("WIT (UTC+9)")

    code = models.CharField(_("Kemendagri code"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    timezone = models.CharField(_("time zone"), max_length=4, choices=TimeZone.choices)
    coordination_region = models.ForeignKey(
        "CoordinationRegion",
        verbose_name=_("coordination region"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="provinces",
    )
    is_active = models.BooleanField(_("active"), default=True)
    source = models.CharField(_("source"), max_length=120)

    history = HistoricalRecords()

    if TYPE_CHECKING:
        children: RelatedManager[Region]

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(level=1, parent__isnull=True) & Q(kind="provinsi"))
                | (Q(level=2, parent__isnull=False) & Q(kind__in=["kabupaten", "kota"])),
                name="region_level_matches_parent_and_kind",
            ),
            models.CheckConstraint(
                condition=Q(level=1) | Q(coordination_region__isnull=True),
                name="region_only_provinces_have_coordination_region",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """'Provinsi Maluku', 'Kab. Buru', 'Kota Ambon' — as officials write them."""
        if self.level == self.Level.PROVINCE:
            return f"Provinsi {self.name}"
        if self.name.startswith("Kabupaten "):
            return "Kab. " + self.name.removeprefix("Kabupaten ")
        return self.name

    @property
    def province_code(self) -> str:
        return self.code[:2]

    @property
    def zoneinfo(self) -> ZoneInfo:
        return ZoneInfo(IANA_ZONE[cast(TimeZoneCode, self.timezone)])


class CoordinationRegion(models.Model):
    """KemenPANRB's coordination regions for public service (Wilayah I, II, III).

    The Deputy for Public Service splits the provinces among assistant deputies by region;
    which province belongs where is editable data, not code (docs/guide/registry.md).
    """

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = LimitedTextField(_("description"), max_length=2000, blank=True)

    history = HistoricalRecords()

    if TYPE_CHECKING:
        provinces: RelatedManager[Region]

    class Meta:
        ordering = ["code"]
        verbose_name = _("coordination region")
        verbose_name_plural = _("coordination regions")

    def __str__(self) -> str:
        return self.name


def agency_logo_path(instance: Any, filename: str) -> str:
    return stored_name("registry", "logo", filename)


class Agency(models.Model):
    """An agency (instansi): a ministry, a national agency, or a regional government."""

    class Kind(models.TextChoices):
        KEMENTERIAN = "kementerian", _("Ministry")
        LEMBAGA = "lembaga", _("National agency")
        PEMERINTAH_PROVINSI = "pemerintah_provinsi", _("Provincial government")
        PEMERINTAH_KABUPATEN = "pemerintah_kabupaten", _("Regency government")
        PEMERINTAH_KOTA = "pemerintah_kota", _("City government")

    CENTRAL_KINDS = (Kind.KEMENTERIAN, Kind.LEMBAGA)
    # The region kind each regional government must sit in.
    REGION_KIND_FOR = {
        Kind.PEMERINTAH_PROVINSI: Region.Kind.PROVINSI,
        Kind.PEMERINTAH_KABUPATEN: Region.Kind.KABUPATEN,
        Kind.PEMERINTAH_KOTA: Region.Kind.KOTA,
    }

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Short, stable identifier in lower case, e.g. pemkab-buru."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        help_text=_("Required for regional governments; empty for ministries and agencies."),
    )
    address = LimitedTextField(_("address"), max_length=500, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # The kop surat and the numbering of the documents the agency issues (prima.lib.pdf).
    letterhead_title = models.CharField(
        _("letterhead heading"),
        max_length=200,
        blank=True,
        help_text=_(
            "The first line of the letterhead, e.g. PEMERINTAH KABUPATEN BURU; empty for the "
            "agency's name."
        ),
    )
    seat = models.CharField(
        _("place of signing"),
        max_length=100,
        blank=True,
        help_text=_("The town written before the date on documents, e.g. Namlea."),
    )
    logo = models.FileField(_("logo"), upload_to=agency_logo_path, blank=True, max_length=120)
    document_number_pattern = models.CharField(
        _("document number pattern"),
        max_length=120,
        default=numbering.DEFAULT_PATTERN,
        validators=[numbering.validate_pattern],
        help_text=_(
            "How the agency numbers the documents it issues, e.g. 800/{nomor}/{jenis}/{unit}/"
            "{tahun}. {nomor} is the running number of the year; {jenis} BA, SERT or LAP; "
            "{unit} the unit's code; {instansi} the agency's code; {bulan} the month in Roman "
            "numerals; {tahun} the year."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    if TYPE_CHECKING:
        units: RelatedManager[ServiceUnit]

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["kementerian", "lembaga"]) | Q(region__isnull=False),
                name="agency_regional_government_has_region",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def serves_in(self, region: Region) -> bool:
        """A regional government's units serve inside its own region; a ministry's anywhere."""
        if self.region_id is None:
            return True
        return region.code == self.region_id or region.code.startswith(f"{self.region_id}.")


unit_code_validator = RegexValidator(
    r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$",
    _("Use capital letters, digits and single hyphens, e.g. 8104-DUKCAPIL."),
)


class ServiceUnit(models.Model):
    """A public-service unit (unit penyelenggara pelayanan publik) under an agency.

    `code` is unique nationally and never changes once given: QR codes, exported data and
    other systems refer to a unit by it.
    """

    class Kind(models.TextChoices):
        DISDUKCAPIL = "disdukcapil", _("Disdukcapil (population and civil registration)")
        DPMPTSP = "dpmptsp", _("DPMPTSP (investment and one-stop licensing)")
        RSUD = "rsud", _("RSUD (regional hospital)")
        PUSKESMAS = "puskesmas", _("Puskesmas (community health centre)")
        KECAMATAN = "kecamatan", _("Kecamatan (sub-district office)")
        SAMSAT = "samsat", _("Samsat (vehicle registration and tax)")
        MPP = "mpp", _("Mal Pelayanan Publik")
        OTHER = "other", _("Other")

    class DeliveryMode(models.TextChoices):
        LURING = "luring", _("In person (luring)")
        DARING = "daring", _("Online (daring)")

    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        validators=[unit_code_validator],
        help_text=_("Unique nationally and permanent, e.g. 8104-DUKCAPIL."),
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="units"
    )
    address = LimitedTextField(_("address"), max_length=500, blank=True)
    delivery_mode = models.CharField(
        _("delivery mode"),
        max_length=8,
        choices=DeliveryMode.choices,
        default=DeliveryMode.LURING,
    )
    opening_hours = models.JSONField(
        _("opening hours"),
        default=list,
        blank=True,
        help_text=_("Per weekday, in the unit's local time; see prima.registry.opening_hours."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    head_name = models.CharField(
        _("head of unit"),
        max_length=150,
        blank=True,
        help_text=_("Name and titles as they are signed, e.g. Drs. La Ode Rahman, M.Si."),
    )
    head_position = models.CharField(
        _("head's position"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Kepala Dinas Kependudukan dan Pencatatan Sipil"),
    )
    head_nip = models.CharField(
        _("head's NIP"), max_length=18, blank=True, validators=[validate_nip]
    )
    is_active = models.BooleanField(
        _("listed publicly"),
        default=True,
        help_text=_("Inactive units are hidden from the public directory and the public API."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    if TYPE_CHECKING:
        services: RelatedManager[Service]

    class Meta:
        ordering = ["name"]
        verbose_name = _("service unit")
        verbose_name_plural = _("service units")
        indexes = [models.Index(fields=["region", "kind"], name="unit_region_kind_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @classmethod
    def history_display(cls, field_name: str, value: Any) -> dict[str, str] | None:
        """Opening hours in the change history day by day, as the public page shows them
        ("Senin: 08.00-15.00"), so a change names the days it changed (prima.lib.history)."""
        if field_name != "opening_hours":
            return None
        from prima.registry import opening_hours

        try:
            week = opening_hours.by_day(opening_hours.parse(value or []))
        except opening_hours.OpeningHoursError:
            return None
        days = opening_hours.day_names(get_language())
        return {
            days[i]: opening_hours.format_day(p) or str(_("Closed")) for i, p in enumerate(week)
        }


class Service(models.Model):
    """A kind of service (jenis layanan) a unit delivers, e.g. 'Penerbitan KTP-el'."""

    class Kind(models.TextChoices):
        # UU 25/2009 Pasal 5: the three groups of public service.
        ADMINISTRATIF = "administratif", pgettext_lazy("service group", "Administrative")
        BARANG = "barang", pgettext_lazy("service group", "Goods")
        JASA = "jasa", pgettext_lazy("service group", "Services")

    unit = models.ForeignKey(
        ServiceUnit,
        verbose_name=_("service unit"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("group"), max_length=16, choices=Kind.choices, default=Kind.ADMINISTRATIF
    )
    description = LimitedTextField(_("description"), max_length=2000, blank=True)
    is_active = models.BooleanField(_("offered"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="service_name_unique_in_unit"),
        ]

    def __str__(self) -> str:
        return self.name


class SearchDocument(models.Model):
    """The public directory's search index (ADR 0014): one row per listed unit (`service`
    empty) and one per offered service of a listed unit, holding the Indonesian stems of its
    words (prima.registry.search.index_text) — `title` its own name, `body` the rest: a
    service's description and its standard in force's requirements and products, the unit's
    name, code, type and the type's common names, its agency and region.

    The full-text index over these columns is the database's own: on SQLite an FTS5 table,
    `registry_searchdocument_fts`, kept by triggers on this table; on PostgreSQL a generated
    `tsvector` column, `document`, with a GIN index (migration 0007). Neither is known to the
    ORM. A migration that alters this table on SQLite (Django rebuilds the table) drops the
    triggers and must create them again as 0007 does; a test checks the index.

    Derived data, without history: prima.registry.search_index keeps it current on every
    write and `prima search rebuild` recomputes it.
    """

    unit = models.ForeignKey(ServiceUnit, on_delete=models.CASCADE, related_name="+")
    service = models.OneToOneField(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Written by the index's code, never by a person: no form offers them (editable=False),
    # so they carry no documented maximum (docs/limits.md).
    region_code = models.CharField(max_length=5, editable=False)
    kind = models.CharField(max_length=16, editable=False)
    title = models.TextField(editable=False)
    body = models.TextField(editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(service__isnull=True),
                name="search_one_document_per_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.service_id or '-'}"


class SearchWord(models.Model):
    """A word of the names the directory knows (services, units, agencies, regions), to which
    a misspelt query word is corrected (prima.registry.search.parse). Words are added as
    names are indexed; `prima search rebuild` drops those no longer used."""

    word = models.CharField(max_length=64, primary_key=True, editable=False)

    def __str__(self) -> str:
        return self.word
