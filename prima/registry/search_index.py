"""The directory search's index: SearchDocument rows kept current, and the full-text queries
over them on each database (ADR 0014).

Each row holds stems, not words: prima.registry.search stems the records' words and the
visitor's with the same Indonesian stemmer, so the database only matches tokens — SQLite's
FTS5 (`unicode61`, no stemmer of its own) and PostgreSQL's `simple` configuration (no
stemmer, no stop words) agree on what matches. What the rows hold is decided in one place,
`documents_of`; the rebuild and the incremental path both call it.

The rows change in the transaction of the write that changes the records (post_save and
post_delete receivers on the registry's models; the standards app connects its own for a
standard in force), so a search reads its own writes and a rolled-back write leaves no trace.
A write costs one unit's documents (a unit and its few services). Writes that bypass the
ORM's signals (bulk imports, `QuerySet.update`) are followed by `prima search rebuild`.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.signals import post_save

from prima.registry import search
from prima.registry.models import (
    Agency,
    Region,
    SearchDocument,
    SearchWord,
    Service,
    ServiceUnit,
)

logger = logging.getLogger(__name__)

TABLE = SearchDocument._meta.db_table
FTS_TABLE = f"{TABLE}_fts"
BATCH = 500
# Standards whose words are indexed: the version in force (standards.ServiceStandard.IN_FORCE;
# the standards app sits above the registry, so the values are named here).
STANDARD_IN_FORCE = ("published", "under_review")
# What a standard says a service needs and gives (PermenPANRB 15/2014 components 1 and 5):
# the words people search for. The other components (fees, procedure, complaints…) read
# alike in every standard and would match everything.
STANDARD_COMPONENTS = ("persyaratan", "produk")


# --- what a row holds --------------------------------------------------------------------
def _texts(value: Any) -> Iterator[str]:
    """Every string in a component's value (a text, a list of texts, nested)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


@dataclass
class _Built:
    documents: list[SearchDocument]
    words: set[str]


def documents_of(unit_ids: Iterable[int]) -> _Built:
    """The rows of these units (none for a unit not listed) and the words of their names."""
    units = list(
        ServiceUnit.objects.filter(
            pk__in=list(unit_ids), is_active=True, agency__is_active=True
        ).select_related("agency", "region", "region__parent")
    )
    services: dict[int, list[Service]] = defaultdict(list)
    for service in Service.objects.filter(unit__in=units, is_active=True).order_by("pk"):
        services[service.unit_id].append(service)
    standards: dict[int, list[str]] = defaultdict(list)
    rows = Service.objects.filter(
        unit__in=units, is_active=True, standards__status__in=STANDARD_IN_FORCE
    ).values_list("pk", "standards__components")
    for service_id, components in rows:
        for key in STANDARD_COMPONENTS:
            standards[service_id].extend(_texts((components or {}).get(key)))

    built = _Built(documents=[], words=set())
    for unit in units:
        region = unit.region
        place = [region.name, region.display_name, region.parent.name if region.parent else ""]
        names, topics = search.kind_words(unit.kind)
        common = [unit.name, unit.code, unit.kind, *names, unit.agency.name, *place]
        built.words.update(search.words_of(" ".join([unit.name, unit.agency.name, *place])))
        built.documents.append(
            SearchDocument(
                unit=unit,
                service=None,
                region_code=unit.region_id,
                kind=unit.kind,
                title=search.index_text(unit.name),
                # A unit is also found by the topics of its type (KTP → Disdukcapil).
                body=search.index_text(
                    unit.code, unit.kind, *names, *topics, unit.agency.name, *place
                ),
            )
        )
        for service in services[unit.pk]:
            built.words.update(search.words_of(service.name))
            built.documents.append(
                SearchDocument(
                    unit=unit,
                    service=service,
                    region_code=unit.region_id,
                    kind=unit.kind,
                    title=search.index_text(service.name),
                    body=search.index_text(service.description, *standards[service.pk], *common),
                )
            )
    return built


# --- keeping it current ------------------------------------------------------------------
def refresh(unit_ids: Iterable[int]) -> None:
    """Replace the rows of these units and of their services with what the records say now."""
    ids = sorted({i for i in unit_ids if i is not None})
    if not ids:
        return
    with transaction.atomic():
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            SearchDocument.objects.filter(Q(unit__in=batch) | Q(service__unit__in=batch)).delete()
            built = documents_of(batch)
            SearchDocument.objects.bulk_create(built.documents, batch_size=BATCH)
            _add_words(built.words)


def _add_words(words: set[str]) -> None:
    fitting = [SearchWord(word=w) for w in sorted(words) if len(w) <= 64]
    SearchWord.objects.bulk_create(fitting, batch_size=BATCH, ignore_conflicts=True)


def rebuild() -> int:
    """Every row again from the records (after an upgrade, a restore or a bulk import);
    returns how many rows there are."""
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        SearchWord.objects.all().delete()
        ids = list(ServiceUnit.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            built = documents_of(ids[start : start + BATCH])
            SearchDocument.objects.bulk_create(built.documents, batch_size=BATCH)
            _add_words(built.words)
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
            elif connection.vendor == "postgresql":
                # Every row is new: the planner's statistics for the GIN index are not.
                cursor.execute(f"ANALYZE {TABLE}, {SearchWord._meta.db_table}")
    return SearchDocument.objects.count()


def check() -> list[str]:
    """The rows that differ from what the records say (empty when the index is current), and
    on SQLite whether the FTS5 index matches its table."""
    stored = {
        (d.unit_id, d.service_id): (d.region_code, d.kind, d.title, d.body)
        for d in SearchDocument.objects.all()
    }
    fresh: dict[tuple[int, int | None], tuple[str, str, str, str]] = {}
    ids = list(ServiceUnit.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        for d in documents_of(ids[start : start + BATCH]).documents:
            fresh[(d.unit.pk, d.service.pk if d.service else None)] = (
                d.region_code,
                d.kind,
                d.title,
                d.body,
            )
    differ = [
        f"unit {unit} service {service or '-'}"
        for unit, service in sorted(set(stored) | set(fresh), key=lambda k: (k[0], k[1] or 0))
        if stored.get((unit, service)) != fresh.get((unit, service))
    ]
    if connection.vendor == "sqlite":
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)"
                )
        except Exception as error:  # noqa: BLE001 - reported as a difference, not raised
            differ.append(f"full-text index: {error}")
    return differ


def _unit_saved(sender: Any, instance: ServiceUnit, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading a fixture: `search rebuild` afterwards
        return
    refresh([instance.pk])


def _service_saved(sender: Any, instance: Service, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading a fixture: `search rebuild` afterwards
        return
    refresh([instance.unit_id])


def _agency_saved(sender: Any, instance: Agency, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading a fixture: `search rebuild` afterwards
        return
    refresh(ServiceUnit.objects.filter(agency=instance).values_list("pk", flat=True))


def _region_saved(sender: Any, instance: Region, update_fields: Any = None, **kwargs: Any) -> None:
    if kwargs.get("raw") or kwargs.get("created"):
        return
    if update_fields is not None and "name" not in update_fields:
        return
    units = ServiceUnit.objects.filter(Q(region=instance) | Q(region__parent=instance))
    refresh(units.values_list("pk", flat=True))


def services_changed(service_ids: Iterable[int]) -> None:
    """Refresh the rows of these services' units: for the apps above the registry whose
    records a service's row holds (the standards app, for the standard in force)."""
    ids = [i for i in service_ids if i is not None]
    if ids:
        refresh(Service.objects.filter(pk__in=ids).values_list("unit_id", flat=True))


def connect() -> None:
    """Keep the rows current on every save of the registry's records (RegistryConfig.ready)."""
    for model, receiver in (
        (ServiceUnit, _unit_saved),
        (Service, _service_saved),
        (Agency, _agency_saved),
    ):
        post_save.connect(receiver, sender=model, dispatch_uid=f"search-{model.__name__}")
    post_save.connect(_region_saved, sender=Region, dispatch_uid="search-Region")
    # Deleting a unit or a service deletes its rows (CASCADE); its words stay until a rebuild.


# --- the queries -------------------------------------------------------------------------
def vocabulary_of(tokens: Iterable[str]) -> tuple[set[str], set[str]]:
    """Of `tokens`, those the index knows, and the known words a misspelling of the others
    may be (those of a length difflib's ratio can still accept: ≥ 0.8 needs the shorter word
    to be at least ⅔ of the longer)."""
    tokens = set(tokens)
    known = set(SearchWord.objects.filter(word__in=tokens).values_list("word", flat=True))
    unknown = [t for t in tokens - known if len(t) >= search.MIN_TYPO and not t.isdigit()]
    if not unknown:
        return known, set()
    shortest = min(len(t) for t in unknown) * 2 // 3
    longest = max(len(t) for t in unknown) * 3 // 2 + 1
    candidates = (
        SearchWord.objects.annotate(length=Length("word"))
        .filter(length__gte=shortest, length__lte=longest)
        .values_list("word", flat=True)
    )
    return known, set(candidates)


def _match(query: search.Query, *, titles: bool = False) -> tuple[str, list[Any]]:
    """A condition on `d`, the documents, that they match the query's terms (in their title
    only, with `titles`), and its parameters."""
    if connection.vendor == "postgresql":
        return "d.document @@ to_tsquery('simple', %s)", [query.tsquery(titles=titles)]
    return (
        f"d.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)",
        [query.fts5(titles=titles)],
    )


class ServiceHits:
    """The services matching a query, in the directory's order — the chosen region's first,
    then those whose own name matches every term, then by region, unit and name — fetched a
    page at a time (a sequence for Django's Paginator)."""

    def __init__(self, query: search.Query, *, region_prefix: str = "", kind: str = "") -> None:
        self.query = query
        self.region_prefix = region_prefix
        self.kind = kind
        self._count: int | None = None

    def _where(self) -> tuple[str, list[Any]]:
        match, params = _match(self.query)
        where = f"{match} AND d.service_id IS NOT NULL"
        if self.kind:
            where += " AND d.kind = %s"
            params.append(self.kind)
        return where, params

    def count(self) -> int:
        if self._count is None:
            where, params = self._where()
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT count(*) FROM {TABLE} d WHERE {where}", params)
                self._count = int(cursor.fetchone()[0])
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Service]:
        if not isinstance(index, slice):
            raise TypeError("ServiceHits are read a page at a time")
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        if stop <= start:
            return []
        where, params = self._where()
        named, named_params = _match(self.query, titles=True)
        order = f"CASE WHEN {named} THEN 0 ELSE 1 END"
        order_params = named_params
        if self.region_prefix:
            here = "CASE WHEN d.region_code = %s OR d.region_code LIKE %s THEN 0 ELSE 1 END"
            order = f"{here}, {order}"
            order_params = [self.region_prefix, f"{self.region_prefix}.%", *named_params]
        sql = (
            f"SELECT d.service_id FROM {TABLE} d "
            f"JOIN {ServiceUnit._meta.db_table} u ON u.id = d.unit_id "
            f"JOIN {Service._meta.db_table} s ON s.id = d.service_id "
            f"WHERE {where} "
            f"ORDER BY {order}, d.region_code, u.name, s.name, s.id "
            "LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *order_params, stop - start, start])
            ids = [row[0] for row in cursor.fetchall()]
        services = Service.objects.select_related(
            "unit", "unit__region", "unit__region__parent", "unit__agency"
        ).in_bulk(ids)
        return [services[i] for i in ids if i in services]


def units_matching(queries: Iterable[search.Query]) -> tuple[str, list[Any]]:
    """SQL selecting the ids of the units a query finds, by their own words or by one of
    their services' (for `pk__in=RawSQL(...)`)."""
    parts, params = [], []
    for query in queries:
        match, match_params = _match(query)
        parts.append(f"SELECT d.unit_id FROM {TABLE} d WHERE {match}")
        params.extend(match_params)
    return " UNION ".join(parts), params
