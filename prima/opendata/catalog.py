"""The DCAT catalogue of the open data (issue 21): JSON-LD at /data/catalog.jsonld, made from
the dataset descriptions and the current build's manifest — the same files the packages hold.

W3C DCAT 3 (https://www.w3.org/TR/vocab-dcat-3/): one `dcat:Catalog`; each dataset a
`dcat:DatasetSeries` whose editions (each year, and all years) are `dcat:Dataset`s `inSeries`
of it; each edition's files are `dcat:Distribution`s (the zip of the Data Package, its
`datapackage.json` and each CSV) with a licence on every distribution (DCAT-AP puts it there);
the API is a `dcat:DataService`. Themes and frequencies use the EU vocabularies data portals
harvest by.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from prima.opendata import build
from prima.opendata import schema as s
from prima.opendata.datasets import datasets

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}
THEMES = "http://publications.europa.eu/resource/authority/data-theme/"
FREQUENCIES = "http://publications.europa.eu/resource/authority/frequency/"
FREQUENCY = {"daily": "DAILY", "monthly": "MONTHLY", "annual": "ANNUAL", "irregular": "IRREG"}
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
INDONESIA = "https://sws.geonames.org/1643084/"  # GeoNames: Indonesia
DATA_PACKAGE = "https://specs.frictionlessdata.io/data-package/"
TABLE_SCHEMA = "https://specs.frictionlessdata.io/table-schema/"
LANGUAGE = "http://publications.europa.eu/resource/authority/language/IND"
CATALOG_TITLE = _("Prima open data")
CATALOG_DESCRIPTION = _(
    "Open data on the quality of public services: survey results, evaluation indices, "
    "service standards, complaint statistics, coaching and the registry of service units, "
    "as Frictionless Data Packages."
)


def _text(value: Any) -> list[dict[str, str]]:
    """A text in Indonesian and in English."""
    found = []
    for language in ("id", "en"):
        with translation.override(language):
            found.append({"@language": language, "@value": str(value)})
    return found


def _typed(value: Any, kind: str) -> dict[str, Any]:
    return {"@value": value, "@type": f"xsd:{kind}"}


def _ref(address: str) -> dict[str, str]:
    return {"@id": address}


def publisher(url: Any) -> dict[str, Any]:
    return {
        "@id": url(reverse("opendata")) + "#publisher",
        "@type": "foaf:Agent",
        "foaf:name": settings.PRIMA_OPENDATA_PUBLISHER,
    }


def contact_point() -> dict[str, Any]:
    found: dict[str, Any] = {
        "@type": "vcard:Organization",
        "vcard:fn": settings.PRIMA_OPENDATA_PUBLISHER,
    }
    email = build.contact().get("email")
    if email:
        found["vcard:hasEmail"] = _ref(f"mailto:{email}")
    return found


def _licence() -> dict[str, Any]:
    name, path, title = settings.PRIMA_OPENDATA_LICENSE
    return {
        "@id": path,
        "@type": "dct:LicenseDocument",
        "rdfs:label": title,
        "dct:identifier": name,
    }


def _distribution(
    address: str, title: str, media: str, size: int, *, conforms: str | None = None
) -> dict[str, Any]:
    found: dict[str, Any] = {
        "@id": f"{address}#distribution",
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:accessURL": _ref(address),
        "dcat:downloadURL": _ref(address),
        "dcat:mediaType": _ref(f"{MEDIA_TYPES}{media}"),
        "dcat:byteSize": _typed(size, "nonNegativeInteger"),
        "dct:license": _licence(),
    }
    if conforms:
        found["dct:conformsTo"] = _ref(conforms)
    return found


def _edition(
    found: s.Dataset, label: str, entry: dict[str, Any], url: Any, series: str, modified: str
) -> dict[str, Any]:
    def file(path: str) -> str:
        return url(reverse("opendata_file", args=[found.name, label, path]))

    page = url(reverse("opendata_dataset", args=[found.name]))
    title = str(found.title) if label == build.ALL else f"{found.title} {label}"
    distributions = [
        _distribution(
            file(entry["zip"]["path"]),
            f"{title} (Data Package, zip)",
            "application/zip",
            entry["zip"]["bytes"],
            conforms=DATA_PACKAGE,
        ),
        _distribution(
            file(build.DESCRIPTOR),
            f"{title} (datapackage.json)",
            "application/json",
            0,
            conforms=DATA_PACKAGE,
        ),
    ]
    distributions[1].pop("dcat:byteSize")
    for resource in entry["resources"]:
        distributions.append(
            _distribution(
                file(resource["path"]),
                f"{resource['name']}.csv",
                "text/csv",
                resource["bytes"],
                conforms=TABLE_SCHEMA,
            )
        )
    edition: dict[str, Any] = {
        "@id": f"{page}#{label}",
        "@type": "dcat:Dataset",
        "dct:identifier": f"{found.name}-{label}",
        "dct:title": title,
        "dct:description": _text(found.description),
        "dcat:inSeries": _ref(series),
        "dcat:landingPage": _ref(page),
        "dct:modified": _typed(modified, "dateTime"),
        "dct:language": _ref(LANGUAGE),
        "dcat:distribution": distributions,
    }
    temporal = entry.get("temporal")
    if temporal:
        edition["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": _typed(temporal["start"], "date"),
            "dcat:endDate": _typed(temporal["end"], "date"),
        }
    return edition


def catalog(url: Any) -> dict[str, Any]:
    """The catalogue; `url(path)` makes an absolute address of a path."""
    home = url(reverse("opendata"))
    served = build.current()
    manifest = served[1] if served else {"datasets": {}, "built_at": None}
    modified = manifest.get("built_at")
    who = publisher(url)
    graph: list[dict[str, Any]] = []
    listed = []
    for found in datasets():
        page = url(reverse("opendata_dataset", args=[found.name]))
        series_id = f"{page}#series"
        series: dict[str, Any] = {
            "@id": series_id,
            "@type": "dcat:DatasetSeries",
            "dct:identifier": found.name,
            "dct:title": _text(found.title),
            "dct:description": _text(found.description),
            "dct:publisher": who,
            "dct:creator": {"@type": "foaf:Agent", "foaf:name": str(found.producer)},
            "dcat:contactPoint": contact_point(),
            "dcat:keyword": [str(k) for k in found.keywords],
            "dcat:theme": _ref(f"{THEMES}{found.theme}"),
            "dct:accrualPeriodicity": _ref(f"{FREQUENCIES}{FREQUENCY[found.frequency]}"),
            "dct:spatial": _ref(INDONESIA),
            "dcat:landingPage": _ref(page),
            "dct:conformsTo": _ref(DATA_PACKAGE),
            "rdfs:comment": _text(found.steward),
        }
        listed.append(_ref(series_id))
        graph.append(series)
        for label, entry in manifest["datasets"].get(found.name, {}).items():
            edition = _edition(found, label, entry, url, series_id, modified or "")
            edition.update(
                {
                    "dct:publisher": who,
                    "dcat:contactPoint": contact_point(),
                    "dcat:keyword": [str(k) for k in found.keywords],
                    "dcat:theme": _ref(f"{THEMES}{found.theme}"),
                    "dct:spatial": _ref(INDONESIA),
                }
            )
            listed.append(_ref(edition["@id"]))
            graph.append(edition)
    service = {
        "@id": url(reverse("about_api")) + "#service",
        "@type": "dcat:DataService",
        "dct:title": "Prima API",
        "dcat:endpointURL": _ref(url("/api/v1/")),
        "dcat:endpointDescription": _ref(url(reverse("api:schema"))),
        "dct:publisher": who,
        "dcat:contactPoint": contact_point(),
        "dct:license": _licence(),
    }
    root: dict[str, Any] = {
        "@id": f"{home}#catalog",
        "@type": "dcat:Catalog",
        "dct:title": _text(CATALOG_TITLE),
        "dct:description": _text(CATALOG_DESCRIPTION),
        "dct:publisher": who,
        "dcat:contactPoint": contact_point(),
        "foaf:homepage": _ref(home),
        "dct:license": _licence(),
        "dct:language": _ref(LANGUAGE),
        "dct:spatial": _ref(INDONESIA),
        "dcat:dataset": listed,
        "dcat:service": [_ref(service["@id"])],
    }
    if modified:
        root["dct:modified"] = _typed(modified, "dateTime")
    return {"@context": CONTEXT, "@graph": [root, *graph, service]}
