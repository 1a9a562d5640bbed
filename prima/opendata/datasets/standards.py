"""Service standards as open data: the standards in force, the units' maklumat pelayanan and
the public consultation forums (FKP) they held — exactly what the public pages and the API of
prima.standards already show (docs/regulations.md §2, §2.4, §3).

What is public, and so what is published here, is decided where the pages decide it:

- a standard is public while it is in force (published, or published and under review) at a
  listed unit of an active agency, for a service still offered: `queries.published_standards()`,
  the rule behind the standard's page, the passport and `/api/v1/standards/`. Drafts, drafts in
  public consultation, standards set but not yet published and superseded versions are never
  public, nor are review findings or change notes. The decree's signer, whom the API names, is
  left out: the open data needs no one's name;
- a unit's maklumat is the one the passport shows: its latest signed maklumat
  (`queries.current_maklumat(unit, signed_only=True)`), with its three statements and the
  signer's position — not the signer's name, for the same reason;
- a forum is public once held (`documents.is_held`: past the preparation stage and on or before
  the day of the build) at a listed unit, as the passport lists it and its minutes are issued.
  Only counts of the participants are published (those present, and how many of the five
  community elements were among them, as the minutes state): no names, organisations, chair,
  NIP, agenda or summary.

One package, not one per year (`yearly=False`, like the registry): the dataset is the state of
the day of the build. Only the version in force of a standard is public, so a year's package of
"standards that came into force that year" would lose rows whenever a later version supersedes
one, and the builder's rebuild of a single year carries the other years' packages over
unchanged, which holds only for years whose data no longer change. The dates are columns
instead: `in_force_from` and `decree_date` for a standard, `signed_on` for a maklumat, `held_on`
for a forum, so a reader selects a year by them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.opendata import schema as s
from prima.opendata.datasets import DATASETS
from prima.opendata.datasets import registry as codes
from prima.standards import components as spec
from prima.standards import exports, queries
from prima.standards.models import Forum, Maklumat, ServiceStandard

CHUNK = 2000
# Lines of a component in one cell, separated as the SIPP Nasional export separates them
# (prima.standards.exports.sippn_row).
SEPARATOR = "; "
UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
# The component columns: (column, component key, title, description).
COMPONENT_COLUMNS = (
    ("requirements", "persyaratan", _("Requirements"), _("Component 1, Persyaratan.")),
    (
        "procedure",
        "prosedur",
        _("Procedure"),
        _("Component 2, Sistem, mekanisme, dan prosedur: the steps in order."),
    ),
    ("service_time", "waktu", _("Service time"), _("Component 3, Jangka waktu pelayanan.")),
    (
        "fee",
        "biaya",
        _("Fee"),
        _("Component 4, Biaya/tarif: the amount in rupiah or free, and its legal basis."),
    ),
    ("product", "produk", _("Service product"), _("Component 5, Produk pelayanan.")),
    (
        "complaint_handling",
        "pengaduan",
        _("Complaints, suggestions and feedback"),
        _("Component 6, Penanganan pengaduan, saran, dan masukan: channels and procedure."),
    ),
    ("legal_basis", "dasar_hukum", _("Legal basis"), _("Component 7, Dasar hukum.")),
)


def _component_text(components: dict[str, Any] | None, key: str) -> str:
    return SEPARATOR.join(spec.component_lines(key, (components or {}).get(key)))


# --- service standards ----------------------------------------------------------------------
def _standards(year: int | None) -> Iterator[Sequence[Any]]:
    rows = (
        queries.published_standards()
        .order_by("service__unit__code", "service_id")
        .values_list(
            "pk",
            "service_id",
            "service__unit__code",
            "service__unit__agency__code",
            "service__unit__region_id",
            "version",
            "status",
            "decree_number",
            "decree_date",
            "published_at",
            "review_due_on",
            "components",
        )
    )
    for pk, service, unit, *middle, published, review_due, components in rows.iterator(
        chunk_size=CHUNK
    ):
        yield (
            pk,
            service,
            unit,
            *middle,  # agency, region, version, status, decree number and date
            timezone.localdate(published) if published else None,
            review_due,
            *(_component_text(components, key) for _n, key, _t, _d in COMPONENT_COLUMNS),
            reverse("standards:standard", args=[unit, pk]),
            reverse("api:standard-detail", args=[pk]),
            exports.stable_id("service", service),
        )


STANDARDS = s.Resource(
    "service_standards",
    _("Service standards in force"),
    _(
        "One row per service standard in force (published, or published and under periodic "
        "review) at a listed unit: the version, the decree that set it and its "
        "service-delivery components as the public page shows them (PermenPANRB 15/2014; "
        "docs/regulations.md §2). Drafts and superseded versions are not public."
    ),
    (
        s.Field(
            "standard_id",
            _("Standard identifier"),
            "integer",
            _("The number of this version of the standard in Prima, as in its page's address."),
            required=True,
            unique=True,
        ),
        s.Field(
            "service_id",
            _("Service"),
            "integer",
            _("The service the standard is for: its identifier in the services list."),
            required=True,
            unique=True,
            refers_to=f"{codes.SERVICES}.id",
        ),
        codes.unit_code(),
        codes.agency_code(),
        codes.region_code(),
        s.Field(
            "version",
            _("Version"),
            "integer",
            _("The version of the service's standard: 1 for the first, one more for each new."),
            required=True,
            minimum=1,
        ),
        s.Field(
            "status",
            _("Status"),
            "string",
            _(
                "published, or under_review while its periodic review runs (the standard "
                "stays in force meanwhile)."
            ),
            required=True,
            enum=tuple(str(v) for v in ServiceStandard.IN_FORCE),
        ),
        s.Field(
            "decree_number",
            _("Decree number"),
            "string",
            _("The number of the decree (surat keputusan) that set the standard."),
            required=True,
        ),
        s.Field(
            "decree_date",
            _("Decree date"),
            "date",
            _("The day the decree set the standard (penetapan)."),
            required=True,
        ),
        s.Field(
            "in_force_from",
            _("In force from"),
            "date",
            _(
                "The day the standard was published in Prima, replacing the version in force "
                "before it (Western Indonesia Time)."
            ),
        ),
        s.Field(
            "review_due_on",
            _("Review due"),
            "date",
            _(
                "When the periodic review falls due: a year after the decree or the last review "
                "that kept the standard (docs/regulations.md §2.3)."
            ),
        ),
        *(
            s.Field(name, title, "string", description)
            for name, _key, title, description in COMPONENT_COLUMNS
        ),
        s.Field(
            "page_path",
            _("Standard page"),
            "string",
            _("The address of the standard's public page on this site, from its root."),
            required=True,
        ),
        s.Field(
            "api_path",
            _("API record"),
            "string",
            _("The address of the standard in the JSON API, with all 14 components."),
            required=True,
        ),
        s.Field(
            "hsds_id",
            _("HSDS service identifier"),
            "string",
            _(
                "The service's id in the Open Referral HSDS export of the API "
                "(/api/v1/standards/hsds/)."
            ),
            required=True,
            pattern=UUID,
        ),
    ),
    key=("standard_id",),
    rows=_standards,
)


# --- maklumat pelayanan ---------------------------------------------------------------------
def _maklumat(year: int | None) -> Iterator[Sequence[Any]]:
    # The maklumat the passport shows: the unit's latest signed one, by the order of
    # queries.current_maklumat(unit, signed_only=True); listed units only (public_units).
    latest = (
        Maklumat.objects.filter(unit=OuterRef("unit"), signed_on__isnull=False)
        .order_by("-signed_on", "-pk")
        .values("pk")[:1]
    )
    rows = (
        Maklumat.objects.filter(
            pk=Subquery(latest), unit__is_active=True, unit__agency__is_active=True
        )
        .order_by("unit__code")
        .values_list(
            "unit__code",
            "signed_on",
            "signer_position",
            "promise",
            "commitment",
            "sanction",
            "file",
        )
    )
    for unit, signed_on, position, promise, commitment, sanction, file in rows.iterator(
        chunk_size=CHUNK
    ):
        yield (
            unit,
            signed_on,
            position,
            promise,
            commitment,
            sanction,
            reverse("standards:maklumat_file", args=[unit]) if file else "",
            reverse("standards:passport", args=[unit]),
        )


MAKLUMAT = s.Resource(
    "maklumat",
    _("Maklumat pelayanan"),
    _(
        "The maklumat pelayanan of each listed unit that has signed one: its latest signed "
        "maklumat, covering all the unit's services (UU 25/2009 Pasal 22; "
        "docs/regulations.md §2.4)."
    ),
    (
        s.Field(
            "unit_code",
            _("Service unit code"),
            "string",
            _("The unit that declared the maklumat: its code in the units list."),
            required=True,
            unique=True,
            refers_to=f"{codes.UNITS}.code",
        ),
        s.Field("signed_on", _("Signed on"), "date", _("The day it was signed."), required=True),
        s.Field(
            "signer_position",
            _("Signer's position"),
            "string",
            _("The office of whoever signed it, usually the head of the unit."),
        ),
        s.Field(
            "promise",
            _("Promise"),
            "string",
            _("The promise to serve according to the standards."),
        ),
        s.Field(
            "commitment",
            _("Commitment"),
            "string",
            _("The commitment to fulfil obligations and to improve continuously."),
        ),
        s.Field(
            "sanction",
            _("Sanctions and compensation"),
            "string",
            _("The readiness to accept sanctions or give compensation if the service falls short."),
        ),
        s.Field(
            "document_path",
            _("Signed document"),
            "string",
            _("The address of the signed maklumat on this site; empty if none was uploaded."),
        ),
        s.Field(
            "passport_path",
            _("Service passport"),
            "string",
            _("The address of the unit's service passport, which shows the maklumat."),
            required=True,
        ),
    ),
    key=("unit_code",),
    rows=_maklumat,
)


# --- public consultation forums --------------------------------------------------------------
HELD_STAGES = (Forum.Stage.HELD, Forum.Stage.FOLLOW_UP)


def _forums(year: int | None) -> Iterator[Sequence[Any]]:
    # Held forums of listed units: documents.is_held (past preparation, on or before today)
    # and access.get_public_forum, as the passport lists them.
    attended = Q(participants__attended=True)
    rows = (
        Forum.objects.filter(
            stage__in=HELD_STAGES,
            held_on__lte=timezone.localdate(),
            unit__is_active=True,
            unit__agency__is_active=True,
        )
        .annotate(
            present=Count("participants", filter=attended),
            elements=Count(
                "participants__element",
                filter=attended & Q(participants__element__in=spec.COMMUNITY_ELEMENTS),
                distinct=True,
            ),
        )
        .order_by("unit__code", "held_on", "pk")
        .values_list(
            "pk",
            "unit__code",
            "held_on",
            "title",
            "purpose",
            "mode",
            "stage",
            "present",
            "elements",
        )
    )
    for pk, unit, *values in rows.iterator(chunk_size=CHUNK):
        yield (pk, unit, *values, reverse("standards:minutes", args=[unit, pk]))


FORUMS = s.Resource(
    "consultation_forums",
    _("Public consultation forums"),
    _(
        "Public consultation forums (forum konsultasi publik, FKP) held by listed units "
        "(PermenPANRB 16/2017; docs/regulations.md §3), with counts of those present — never "
        "their names."
    ),
    (
        s.Field(
            "forum_id",
            _("Forum identifier"),
            "integer",
            _("The forum's number in Prima, as in the address of its minutes."),
            required=True,
            unique=True,
        ),
        codes.unit_code(),
        s.Field("held_on", _("Held on"), "date", _("The day the forum was held."), required=True),
        s.Field("topic", _("Topic"), "string", _("The forum's topic."), required=True),
        s.Field(
            "purpose",
            _("Purpose"),
            "string",
            _(
                "drafting (drafting or changing service standards), review (periodic review of "
                "service standards) or other (other service policy)."
            ),
            required=True,
            enum=tuple(Forum.Purpose.values),
        ),
        s.Field(
            "mode",
            _("Forum form"),
            "string",
            _("tatap_muka (face to face) or daring (online)."),
            required=True,
            enum=tuple(Forum.Mode.values),
        ),
        s.Field(
            "stage",
            _("Stage"),
            "string",
            _("pelaksanaan (held) or pasca (held, follow-up under way)."),
            required=True,
            enum=tuple(str(v) for v in HELD_STAGES),
        ),
        s.Field(
            "participants_present",
            _("Participants present"),
            "integer",
            _("How many of those invited attended, the service provider's staff included."),
            required=True,
            minimum=0,
        ),
        s.Field(
            "community_elements",
            _("Community elements present"),
            "integer",
            _(
                "How many of the five community elements the PEKPPP evaluation counts were "
                "among those present: service users; experts, practitioners and academics; "
                "related agencies; civil-society organisations; mass media "
                "(docs/regulations.md §2.3, §3)."
            ),
            required=True,
            minimum=0,
            maximum=len(spec.COMMUNITY_ELEMENTS),
        ),
        s.Field(
            "minutes_path",
            _("Minutes"),
            "string",
            _("The address of the forum's minutes (berita acara, PDF) on this site."),
            required=True,
        ),
    ),
    key=("forum_id",),
    rows=_forums,
)


def _years() -> list[int]:
    return []


STANDARDS_DATASET = DATASETS.add(
    s.Dataset(
        name="standards",
        title=_("Service standards"),
        description=_(
            "The service standards in force at listed service units with their "
            "service-delivery components, the units' maklumat pelayanan and the public "
            "consultation forums they held, as the public pages show them on the day of the "
            "build."
        ),
        producer=_("The service units, which draft, set and publish their standards in Prima"),
        steward=_("The ministry's administrators of Prima"),
        frequency="daily",
        theme=s.GOVERNMENT,
        keywords=(
            _("service standard"),
            "maklumat pelayanan",
            _("public consultation forum"),
            _("public service"),
        ),
        resources=(STANDARDS, MAKLUMAT, FORUMS),
        years=_years,
        code_lists=(
            codes.COORDINATION,
            codes.REGIONS,
            codes.AGENCIES,
            codes.UNITS,
            codes.SERVICES,
        ),
        definitions=(
            (
                _("Service standard"),
                _(
                    "The benchmark for delivering a service and the public's measure of it: "
                    "14 components, six of them on service delivery that must be published, "
                    "set by decree (UU 25/2009 Pasal 20–21, PermenPANRB 15/2014)."
                ),
            ),
            (
                _("In force"),
                _(
                    "Published and not superseded by a later version; a standard under periodic "
                    "review stays in force until its new version is published."
                ),
            ),
            (
                _("Maklumat pelayanan"),
                _(
                    "A unit's signed declaration that it will serve according to its standards, "
                    "fulfil its obligations and accept sanctions or give compensation if it "
                    "falls short (UU 25/2009 Pasal 22)."
                ),
            ),
            (
                _("Public consultation forum (FKP)"),
                _(
                    "A meeting where service users and the community help draft or review a "
                    "unit's standards or other service policy (PermenPANRB 16/2017)."
                ),
            ),
        ),
        yearly=False,
    )
)
