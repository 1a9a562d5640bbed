"""The innovation registry as open data (issue 23): the published innovations of listed units,
with their stage and status as shown on the day of the build, and the replication network —
which unit adopted which innovation, and its own entry when that is published too.

One package, not one a year: the registry is a snapshot, like the service registry. No team
member, decree file, evidence file or report author is read here; measures stay on the
innovation's page and in the API.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.innovation.access import public_innovations
from prima.innovation.models import Innovation, Replication
from prima.innovation.models.registry import UNKNOWN, Stage, Status, Theme, status_on
from prima.opendata import schema as s
from prima.opendata.datasets import DATASETS
from prima.opendata.datasets import registry as codes
from prima.registry.access import public_units

CHUNK = 2000
INNOVATIONS = "inovasi"
REPLICATIONS = "replikasi"


def _innovations(year: int | None) -> Iterator[Sequence[Any]]:
    today = timezone.localdate()
    rows = (
        public_innovations()
        .order_by("pk")
        .values_list(
            "pk",
            "title",
            F("unit__code"),
            F("unit__agency__code"),
            F("unit__region_id"),
            "theme",
            "kind",
            "stage",
            "started_on",
            "status",
            "status_confirmed_on",
            "summary",
            "problem",
            "website",
        )
    )
    for row in rows.iterator(chunk_size=CHUNK):
        status, confirmed = row[9], row[10]
        # The status as shown on the day of the build, then the one last confirmed.
        yield (*row[:9], status_on(status, confirmed, today), *row[9:13], row[13] or None)


def _replications(year: int | None) -> Iterator[Sequence[Any]]:
    published = set(public_innovations().values_list("pk", flat=True))
    rows = (
        Replication.objects.filter(source__in=public_innovations(), adopter_unit__in=public_units())
        .order_by("source_id", "adopter_unit__code")
        .values_list(
            "source_id", F("adopter_unit__code"), "adopter_innovation_id", "started_on", "state"
        )
    )
    for source, unit, adopter, started, state in rows.iterator(chunk_size=CHUNK):
        yield (source, unit, adopter if adopter in published else None, started, state)


def _years() -> list[int]:
    return []


def innovation_id(name: str, title: Any, description: Any, *, required: bool) -> s.Field:
    return s.Field(
        name, title, "integer", description, required=required, refers_to=f"{INNOVATIONS}.id"
    )


INNOVATION_LIST = s.Resource(
    INNOVATIONS,
    _("Innovations"),
    _(
        "Published public-service innovations of listed units: what they are, since when they "
        "run, their stage and their status as shown on the day the package was built."
    ),
    (
        s.Field(
            "id", _("Identifier"), "integer", _("The innovation's number in Prima."), True, True
        ),
        s.Field("title", _("Name"), "string", _("The innovation's name."), required=True),
        codes.unit_code(),
        codes.agency_code(),
        codes.region_code(),
        s.Field(
            "theme",
            _("Theme"),
            "string",
            _("The catalogue's broad theme (the ten KIPP 2021 categories)."),
            required=True,
            enum=tuple(Theme.values),
        ),
        s.Field(
            "kind",
            _("Original or replication"),
            "string",
            _("original, or replikasi when it adopts another unit's innovation."),
            required=True,
            enum=tuple(Innovation.Kind.values),
        ),
        s.Field(
            "stage",
            _("Stage"),
            "string",
            _("inisiatif (initiative), uji_coba (trial) or penerapan (implementation)."),
            required=True,
            enum=tuple(Stage.values),
        ),
        s.Field(
            "started_on",
            _("Implementation started"),
            "date",
            _("The day it was first used for real; empty for an initiative."),
        ),
        s.Field(
            "status",
            _("Status"),
            "string",
            _(
                "aktif, berkembang (growing), vakum (dormant) or berhenti (stopped) as confirmed "
                "by the unit; tidak_diketahui (unknown) when nobody confirmed it in the year "
                "before the build."
            ),
            required=True,
            enum=(*Status.values, UNKNOWN),
        ),
        s.Field(
            "confirmed_status",
            _("Last confirmed status"),
            "string",
            _("The status the unit confirmed last, however long ago."),
            required=True,
            enum=tuple(Status.values),
        ),
        s.Field(
            "status_confirmed_on",
            _("Status confirmed on"),
            "date",
            _("The last day the unit confirmed the status: registration, an edit or a report."),
            required=True,
        ),
        s.Field("summary", _("Summary"), "string", _("What it is, in a few sentences."), True),
        s.Field("problem", _("Problem"), "string", _("The situation before it."), True),
        s.Field("website", _("Web page or video"), "string", _("A link, when given.")),
    ),
    key=("id",),
    rows=_innovations,
    yearly=False,
)
REPLICATION_LIST = s.Resource(
    REPLICATIONS,
    _("Replications"),
    _(
        "Which listed unit adopted which published innovation, since when and how it goes; "
        "the adopter's own entry when it is published."
    ),
    (
        innovation_id(
            "source_id", _("Innovation replicated"), _("The innovation adopted."), required=True
        ),
        codes.unit_code("adopter_unit_code"),
        innovation_id(
            "adopter_innovation_id",
            _("The adopter's own entry"),
            _("The adopting unit's innovation, when it registered and published one."),
            required=False,
        ),
        s.Field("started_on", _("Started"), "date", _("The day the replication started."), True),
        s.Field(
            "state",
            _("State"),
            "string",
            _("dirintis (being prepared), berjalan (running) or berhenti (stopped)."),
            required=True,
            enum=tuple(Replication.State.values),
        ),
    ),
    key=("source_id", "adopter_unit_code"),
    rows=_replications,
    yearly=False,
)

INNOVATION = DATASETS.add(
    s.Dataset(
        name="inovasi",
        title=_("Public-service innovations"),
        description=_(
            "The innovation registry: published innovations of listed service units, their "
            "stage and status — unknown when the unit has not confirmed it for a year — and "
            "where each was replicated."
        ),
        producer=_("The service units and agencies that register their innovations in Prima"),
        steward=_("The ministry's innovation programme administrators"),
        frequency="daily",
        theme=s.GOVERNMENT,
        keywords=(_("innovation"), _("replication"), _("public service"), "JIPPNas"),
        resources=(INNOVATION_LIST, REPLICATION_LIST),
        years=_years,
        code_lists=(codes.COORDINATION, codes.REGIONS, codes.AGENCIES, codes.UNITS),
        definitions=(
            (
                _("Unknown status"),
                _(
                    "A status nobody confirmed in the year before the build: the unit files a "
                    "sustainability report each year, or edits the innovation, to confirm it."
                ),
            ),
            (
                _("Replication"),
                _(
                    "A unit adopting another's innovation, usually under a cooperation "
                    "agreement (PKS), adapted to its own situation."
                ),
            ),
        ),
        yearly=False,
        order=60,
    )
)
