"""The open-data pages (issue 21): `/data/` lists the datasets, `/data/<name>/` is a dataset's
data dictionary and downloads (made from the same schema as its packages), the files of the
current build are served under `/data/<name>/<edition>/`, and `/data/catalog.jsonld` is the
DCAT catalogue."""

from __future__ import annotations

import json
import mimetypes
import re
from pathlib import PurePosixPath
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_datetime
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from prima.lib.http import absolute_url
from prima.opendata import build, catalog
from prima.opendata.datasets import dataset, datasets, registry
from prima.opendata.schema import FREQUENCY_LABELS, TYPE_LABELS, Resource

CACHE_SECONDS = 15 * 60  # a build changes at most nightly; a quarter of an hour is fresh enough
TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
    ".zip": "application/zip",
}


def _served() -> tuple[Any, dict[str, Any]]:
    found = build.current()
    if found is None:
        return None, {"datasets": {}, "built_at": None}
    return found


def _built_at(manifest: dict[str, Any]) -> Any:
    raw = manifest.get("built_at")
    return parse_datetime(raw) if raw else None


def _cached(response: HttpResponse | FileResponse) -> Any:
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    _root, manifest = _served()
    rows = []
    for found in datasets():
        entries = manifest["datasets"].get(found.name, {})
        whole = entries.get(build.ALL)
        rows.append(
            {
                "dataset": found,
                "frequency": FREQUENCY_LABELS[found.frequency],
                "years": [
                    (label, entry["zip"]["path"])
                    for label, entry in entries.items()
                    if label != build.ALL
                ],
                "whole": whole,
                "rows": sum(r["rows"] for r in whole["resources"]) if whole else 0,
            }
        )
    return _cached(
        render(
            request,
            "opendata/index.html",
            {
                "rows": rows,
                "built_at": _built_at(manifest),
                "built": bool(manifest["datasets"]),
                "licence_title": build.licence()["title"],
            },
        )
    )


@require_safe
def dataset_page(request: HttpRequest, name: str) -> HttpResponse:
    found = dataset(name)
    if found is None:
        raise Http404
    _root, manifest = _served()
    entries = manifest["datasets"].get(found.name, {})
    editions = [
        {
            "label": label,
            "entry": entry,
            "rows": sum(r["rows"] for r in entry["resources"]),
        }
        for label, entry in entries.items()
    ]
    lists = [registry.CODE_LISTS[n] for n in build.CODE_LIST_ORDER if n in found.code_lists]
    return _cached(
        render(
            request,
            "opendata/dataset.html",
            {
                "dataset": found,
                "frequency": FREQUENCY_LABELS[found.frequency],
                "editions": editions,
                "years": [e["label"] for e in editions if e["label"] != build.ALL],
                "resources": [_described(r) for r in found.resources],
                "code_lists": [_described(r) for r in reversed(lists)],
                "definitions": [(term, marked(meaning)) for term, meaning in found.definitions],
                "built_at": _built_at(manifest),
                "licence": build.licence(),
            },
        )
    )


IDENTIFIER = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def marked(text: Any) -> SafeString:
    """A description with the column names and values it cites (`in_year_recap`,
    `under_review`) set as code, as the dictionary shows names."""
    return mark_safe(  # noqa: S308 - escaped first; only <code> is added
        IDENTIFIER.sub(lambda m: f"<code>{m.group(0)}</code>", str(escape(str(text))))
    )


def _described(resource: Resource) -> dict[str, Any]:
    """A resource's columns for the data dictionary: the same objects as its Table Schema."""
    return {
        "resource": resource,
        "description": marked(resource.description),
        "file": f"data/{resource.name}.csv",
        "key": ", ".join(resource.key),
        "fields": [
            {
                "field": f,
                "description": marked(f.description),
                "type": TYPE_LABELS[f.type],
                "rules": f.rules(),
                "refers_to": f.refers_to.split(".")[0] if f.refers_to else "",
            }
            for f in resource.fields
        ],
    }


@require_safe
def file(request: HttpRequest, name: str, edition: str, path: str) -> FileResponse:
    """A file of the current build, only one the manifest lists (no other path is read)."""
    root, manifest = _served()
    entry = manifest["datasets"].get(name, {}).get(edition)
    if root is None or entry is None:
        raise Http404
    listed = {build.DESCRIPTOR, entry["zip"]["path"], *(r["path"] for r in entry["resources"])}
    if path not in listed:
        raise Http404
    try:
        # From the disk or the object store (ADR 0021), whichever holds the builds.
        handle = build.open_file(root, f"{name}/{edition}/{path}")
    except OSError as error:  # a file the manifest lists but the build lost
        raise Http404 from error
    target = PurePosixPath(path)
    content_type = TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0]
    response = FileResponse(
        handle,
        content_type=content_type or "application/octet-stream",
        as_attachment=target.suffix == ".zip",
        filename=target.name,
    )
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return _cached(response)


@require_safe
def catalog_view(request: HttpRequest) -> HttpResponse:
    body = catalog.catalog(lambda path: absolute_url(path, request))
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=1),
        content_type="application/ld+json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return _cached(response)
