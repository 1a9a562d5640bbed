"""Writing the open-data packages (issue 21; docs/guide/open-data.md).

`build(root)` writes, for every dataset, one Frictionless Data Package per year with data and
one for all years ("all"; the registry has only that one), each a folder with its
`datapackage.json`, its CSV files under `data/` and a zip of the whole, and a `manifest.json`
listing what was written (rows, bytes, SHA-256) that the site and the DCAT catalogue read.

Rows are streamed from the database to the files (each resource's `rows` reads in chunks; the
writer keeps one row at a time), so memory stays flat whatever the size of the country; the
only sets kept are the codes the rows refer to, so that each package carries exactly the units
and services its rows name (the regions, coordination regions and agencies go in whole).

`publish()` builds into a new folder under PRIMA_OPENDATA_DIR/builds and then points
`current` at it in one rename, so a reader never sees half a build; with `year` it rebuilds
that year's packages and the "all" ones and keeps the other years' from the current build.

With an object store (PRIMA_STORAGE_URL, ADR 0021) the same happens in the bucket, so that
every app server serves the same build: the packages are written in a scratch folder, copied
under opendata/builds/<stamp>/, and then opendata/current.json, one small object replaced in a
single write, names that build.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.utils import timezone, translation

from prima.lib.storage import OPENDATA
from prima.opendata import schema as s
from prima.opendata.datasets import datasets
from prima.opendata.datasets import registry as code_lists

ALL = "all"  # the edition with every year
MANIFEST = "manifest.json"
DESCRIPTOR = "datapackage.json"
CURRENT = "current"
POINTER = "current.json"  # in the object store: {"build": "<stamp>"}
KEEP_BUILDS = 2  # the current build and the one before it
LANGUAGE = "id"  # titles and descriptions in the packages: the interface's default language
# Written before the codes they name: a filtered code list keeps only the rows referred to.
CODE_LIST_ORDER = (
    code_lists.SERVICES,
    code_lists.UNITS,
    code_lists.AGENCIES,
    code_lists.REGIONS,
    code_lists.COORDINATION,
)
FILTERED = {code_lists.SERVICES, code_lists.UNITS}


def opendata_dir() -> Path:
    return Path(settings.PRIMA_OPENDATA_DIR)


def object_store() -> Storage | None:
    """The object store the builds are kept in, or None when they are on disk."""
    return storages[OPENDATA] if OPENDATA in settings.STORAGES else None


@dataclass(frozen=True)
class Stored:
    """A build in the object store: its key prefix there ("builds/<stamp>")."""

    prefix: str

    def key(self, *parts: str) -> str:
        return "/".join((self.prefix, *parts))

    def __str__(self) -> str:
        return f"{OPENDATA}/{self.prefix}/ in the object store"


Root = Path | Stored  # where a build is: a folder, or a prefix in the object store


def _store() -> Storage:
    store = object_store()
    if store is None:  # pragma: no cover - a Stored root exists only with a store
        raise RuntimeError("the open-data builds are not in an object store")
    return store


def open_file(root: Root, relative: str) -> IO[bytes]:
    """A file of a build, opened for reading; FileNotFoundError when it is not there."""
    if isinstance(root, Stored):
        return _store().open(root.key(relative), "rb")  # type: ignore[return-value]
    return (root / relative).open("rb")


def _walk(store: Storage, prefix: str) -> Iterator[str]:
    """The names of every object under `prefix` (a "folder" of the store)."""
    folders, files = store.listdir(prefix)
    for name in files:
        yield f"{prefix}/{name}"
    for folder in folders:
        yield from _walk(store, f"{prefix}/{folder}")


def cell(value: Any) -> str:
    """A value as Table Schema reads it by default: "" for none, true/false, ISO dates,
    UTC date-times ending in Z."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(dt.UTC)
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


@dataclass
class Written:
    name: str
    path: str  # inside the package
    rows: int
    bytes: int
    sha256: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": self.path,
            "rows": self.rows,
            "bytes": self.bytes,
            "sha256": self.sha256,
        }


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_csv(
    folder: Path,
    resource: s.Resource,
    rows: Iterable[Sequence[Any]],
    referred: dict[str, set[str]],
    keep: set[str] | None = None,
) -> Written:
    """Write one resource's rows; note the codes they refer to in `referred` (target
    "resource.column" → values); with `keep`, only rows whose key is in it."""
    relative = f"data/{resource.name}.csv"
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    references = [(i, f.refers_to) for i, f in enumerate(resource.fields) if f.refers_to]
    key_index = resource.field_names().index(resource.key[0]) if keep is not None else 0
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(resource.field_names())
        for row in rows:
            if keep is not None and cell(row[key_index]) not in keep:
                continue
            values = [cell(v) for v in row]
            for index, target in references:
                if values[index]:
                    referred[target].add(values[index])  # type: ignore[index]
            writer.writerow(values)
            count += 1
    return Written(resource.name, relative, count, path.stat().st_size, _digest(path))


def field_descriptor(found: s.Field) -> dict[str, Any]:
    described: dict[str, Any] = {
        "name": found.name,
        "title": str(found.title),
        "type": found.type,
        "description": str(found.description),
    }
    if found.type == "number":
        described["bareNumber"] = True
    constraints = found.constraints()
    if constraints:
        described["constraints"] = constraints
    return described


def resource_descriptor(resource: s.Resource, written: Written) -> dict[str, Any]:
    table: dict[str, Any] = {
        "fields": [field_descriptor(f) for f in resource.fields],
        "primaryKey": list(resource.key),
        "missingValues": [""],
    }
    foreign = [
        {"fields": name, "reference": {"resource": target, "fields": column}}
        for name, target, column in resource.foreign_keys()
    ]
    if foreign:
        table["foreignKeys"] = foreign
    return {
        "name": resource.name,
        "path": written.path,
        "profile": "tabular-data-resource",
        "title": str(resource.title),
        "description": str(resource.description),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": written.bytes,
        "hash": f"sha256:{written.sha256}",
        "schema": table,
    }


@dataclass(frozen=True)
class Edition:
    """One package of a dataset: a year's, or every year's (`year` None)."""

    dataset: s.Dataset
    year: int | None
    years: tuple[int, ...]  # the years it covers

    @property
    def label(self) -> str:
        return str(self.year) if self.year is not None else ALL

    @property
    def package_name(self) -> str:
        return f"{self.dataset.name}-{self.label}"

    def temporal(self) -> dict[str, str] | None:
        if not self.years:
            return None
        return {"start": f"{min(self.years)}-01-01", "end": f"{max(self.years)}-12-31"}


def contact() -> dict[str, str]:
    """The publisher's e-mail when it is one a reader can write to (not prima@localhost, the
    development default, which the package schema rejects)."""
    email = settings.PRIMA_OPENDATA_CONTACT
    return {"email": email} if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email) else {}


def licence() -> dict[str, str]:
    name, path, title = settings.PRIMA_OPENDATA_LICENSE
    return {"name": name, "path": path, "title": title}


def _descriptor(
    edition: Edition, written: list[tuple[s.Resource, Written]], built: dt.datetime, home: str
) -> dict[str, Any]:
    found = edition.dataset
    title = str(found.title) if edition.year is None else f"{found.title} {edition.year}"
    descriptor: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": edition.package_name,
        "id": f"{home}#{edition.label}",
        "title": title,
        "description": str(found.description),
        "homepage": home,
        "version": f"{built.year}.{built.month}.{built.day}",
        "created": cell(built),
        "licenses": [licence()],
        "sources": [{"title": "Prima", "path": home}],
        "contributors": [
            {"title": str(found.producer), "role": "author"},
            {"title": str(found.steward), "role": "maintainer"},
            {"title": settings.PRIMA_OPENDATA_PUBLISHER, "role": "publisher", **contact()},
        ],
        "keywords": [str(k) for k in found.keywords],
        # Satu Data Indonesia's metadata (Perpres 39/2019): who produces the data (produsen
        # data), who compiles and checks it (walidata), how often it changes.
        "produsen_data": str(found.producer),
        "walidata": str(found.steward),
        "frequency": found.frequency,
        "definitions": [
            {"term": str(term), "meaning": str(meaning)} for term, meaning in found.definitions
        ],
        "spatial": {"name": "Indonesia", "geonames": "https://sws.geonames.org/1643084/"},
        "resources": [resource_descriptor(r, w) for r, w in written],
    }
    temporal = edition.temporal()
    if temporal:
        descriptor["temporal"] = temporal
    return descriptor


def build_package(edition: Edition, folder: Path, built: dt.datetime, home: str) -> dict[str, Any]:
    """Write one package into `folder` (its CSVs, descriptor and zip); what the manifest
    keeps of it."""
    folder.mkdir(parents=True, exist_ok=True)
    referred: dict[str, set[str]] = defaultdict(set)
    written: list[tuple[s.Resource, Written]] = []
    for resource in edition.dataset.resources:
        written.append(
            (resource, _write_csv(folder, resource, resource.rows(edition.year), referred))
        )
    lists: list[tuple[s.Resource, Written]] = []
    for name in CODE_LIST_ORDER:
        if name not in edition.dataset.code_lists:
            continue
        resource = code_lists.CODE_LISTS[name]
        keep = referred.get(f"{name}.{resource.key[0]}", set()) if name in FILTERED else None
        lists.append(
            (resource, _write_csv(folder, resource, resource.rows(None), referred, keep=keep))
        )
    written += reversed(lists)
    descriptor = _descriptor(edition, written, built, home)
    (folder / DESCRIPTOR).write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    archive = f"{edition.package_name}.zip"
    with zipfile.ZipFile(folder / archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.write(folder / DESCRIPTOR, f"{edition.package_name}/{DESCRIPTOR}")
        for _resource, w in written:
            bundle.write(folder / w.path, f"{edition.package_name}/{w.path}")
    return {
        "year": edition.year,
        "years": list(edition.years),
        "package": DESCRIPTOR,
        "zip": {"path": archive, "bytes": (folder / archive).stat().st_size},
        "resources": [w.as_dict() for _r, w in written],
        "temporal": edition.temporal(),
    }


def editions(found: s.Dataset, only_year: int | None = None) -> list[Edition]:
    """The packages of a dataset: each year with data and all years (the registry: one)."""
    if not found.yearly:
        return [Edition(found, None, ())]
    years = tuple(found.years())
    chosen = [y for y in years if only_year is None or y == only_year]
    return [Edition(found, y, (y,)) for y in chosen] + [Edition(found, None, years)]


def build(
    root: Path,
    *,
    year: int | None = None,
    home: str = "",
    carry_from: Root | None = None,
    log: Any = None,
) -> dict[str, Any]:
    """Write every package under `root` (which must be empty or new) and its manifest. With
    `year`, only that year's packages and the "all" ones are made; the other years' are
    copied from `carry_from` (the current build) when it has them."""
    root.mkdir(parents=True, exist_ok=True)
    built = timezone.now().replace(microsecond=0)
    manifest: dict[str, Any] = {"built_at": cell(built), "datasets": {}}
    old = _read_manifest(carry_from) if carry_from else None
    with translation.override(LANGUAGE):
        for found in datasets():
            page = f"{home.rstrip('/')}/data/{found.name}/" if home else f"/data/{found.name}/"
            entries: dict[str, Any] = {}
            for edition in editions(found, year):
                started = timezone.now()
                entries[edition.label] = build_package(
                    edition, root / found.name / edition.label, built, page
                )
                if log:
                    rows = sum(r["rows"] for r in entries[edition.label]["resources"])
                    seconds = (timezone.now() - started).total_seconds()
                    log(f"{edition.package_name}: {rows} rows in {seconds:.1f} s")
            if year is not None and found.yearly and old and carry_from:
                for label, entry in old["datasets"].get(found.name, {}).items():
                    if label in entries or label == ALL:
                        continue
                    if int(label) not in found.years():
                        continue
                    _copy_package(carry_from, found.name, label, root / found.name / label)
                    entries[label] = entry
            manifest["datasets"][found.name] = dict(
                sorted(entries.items(), key=lambda item: (item[0] == ALL, item[0]))
            )
    (root / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def _copy_package(source: Root, name: str, label: str, target: Path) -> None:
    """Copy one package of an earlier build into `target` (a folder of the new build)."""
    if not isinstance(source, Stored):
        shutil.copytree(source / name / label, target)
        return
    store = _store()
    prefix = source.key(name, label)
    for key in _walk(store, prefix):
        path = target / key.removeprefix(f"{prefix}/")
        path.parent.mkdir(parents=True, exist_ok=True)
        with store.open(key, "rb") as stored, path.open("wb") as handle:
            shutil.copyfileobj(stored, handle)


def _read_manifest(root: Root) -> dict[str, Any] | None:
    try:
        with open_file(root, MANIFEST) as handle:
            found = json.loads(handle.read().decode("utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def current() -> tuple[Root, dict[str, Any]] | None:
    """The build the site serves, with its manifest (None before the first build)."""
    if object_store() is not None:
        pointer = _read_pointer()
        if pointer is None:
            return None
        root: Root = pointer
    else:
        root = (opendata_dir() / CURRENT).resolve()
    manifest = _read_manifest(root)
    if manifest is None:
        return None
    return root, manifest


def publish(*, year: int | None = None, home: str = "", log: Any = None) -> Root:
    """Build into a new folder and make it the current one atomically; keep the one before."""
    store = object_store()
    if store is not None:
        return _publish_to_store(store, year=year, home=home, log=log)
    base = opendata_dir()
    builds = base / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
    target = builds / stamp
    now = current()
    build(target, year=year, home=home, carry_from=now[0] if now else None, log=log)
    link = base / f".{CURRENT}-{stamp}"
    link.symlink_to(Path("builds") / stamp)
    os.replace(link, base / CURRENT)
    for old in sorted(p for p in builds.iterdir() if p.is_dir())[:-KEEP_BUILDS]:
        shutil.rmtree(old, ignore_errors=True)
    return target


def _read_pointer() -> Stored | None:
    """The current build in the object store, as named by current.json."""
    try:
        with _store().open(POINTER, "rb") as handle:
            stamp = json.loads(handle.read().decode("utf-8")).get("build", "")
    except (OSError, ValueError, AttributeError):
        return None
    if not isinstance(stamp, str) or not re.fullmatch(r"\d{8}T\d{12}", stamp):
        return None
    return Stored(f"builds/{stamp}")


def _publish_to_store(store: Storage, *, year: int | None, home: str, log: Any) -> Stored:
    """publish() with the object store: build in a scratch folder, copy it to the store,
    then replace current.json; keep the build before, remove older ones."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
    target = Stored(f"builds/{stamp}")
    now = current()
    with tempfile.TemporaryDirectory(prefix="prima-opendata-") as scratch:
        folder = Path(scratch)
        build(folder, year=year, home=home, carry_from=now[0] if now else None, log=log)
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            with path.open("rb") as handle:
                store.save(target.key(*path.relative_to(folder).parts), File(handle))
    # The one write that switches every app server to the new build.
    store.save(POINTER, ContentFile(json.dumps({"build": stamp}).encode()))
    for old in sorted(store.listdir("builds")[0])[:-KEEP_BUILDS]:
        if old != stamp:
            for key in list(_walk(store, f"builds/{old}")):
                store.delete(key)
    return target
