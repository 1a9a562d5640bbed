"""The /data/ pages, the files they serve and the DCAT catalogue (issue 21)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import rdflib
from django.test import override_settings
from rdflib.namespace import DCAT, DCTERMS, RDF

from prima.opendata import build
from prima.opendata.datasets import datasets

from .test_build import toy  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

DCAT3 = rdflib.Namespace("http://www.w3.org/ns/dcat#")


@pytest.fixture(params=["disk", pytest.param("object store", marks=pytest.mark.objectstore)])
def site(request, toy, tmp_path) -> Iterator[None]:  # noqa: F811 - the fixture above
    """The site with its builds on disk, and in a real object store (ADR 0021)."""
    if request.param == "object store":
        request.getfixturevalue("object_store")
    with override_settings(
        PRIMA_OPENDATA_DIR=tmp_path, PRIMA_PUBLIC_URL="https://prima.example.go.id"
    ):
        yield


def test_before_any_build_the_page_says_what_will_come(client, site):
    page = client.get("/data/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Belum ada paket data" in text
    for found in datasets():
        assert str(found.title) in text
    assert client.get("/data/toy/").status_code == 200
    assert client.get("/data/toy/all/datapackage.json").status_code == 404
    # The catalogue still describes every dataset (as a series without editions).
    graph = rdflib.Graph().parse(data=client.get("/data/catalog.jsonld").content, format="json-ld")
    assert len(list(graph.subjects(RDF.type, DCAT3.DatasetSeries))) == len(datasets())


def test_after_a_build_the_pages_link_every_file_and_serve_only_those(client, site):
    build.publish(home="https://prima.example.go.id")
    text = client.get("/data/").content.decode()
    assert 'href="/data/toy/2025/toy-2025.zip"' in text
    assert 'href="/data/toy/all/toy-all.zip"' in text
    dictionary = client.get("/data/toy/").content.decode()
    for column in ("year", "unit_code", "count", "share", "on"):
        assert f"<code>{column}</code>" in dictionary
    assert "at least 0" in dictionary or "paling kecil 0" in dictionary
    assert 'href="#unit_layanan"' in dictionary  # a code's column links to its list
    csv = client.get("/data/toy/2026/data/toy_counts.csv")
    assert csv.status_code == 200
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert csv["Access-Control-Allow-Origin"] == "*"
    assert b"".join(csv.streaming_content).startswith(b"year,unit_code,count")
    archive = client.get("/data/toy/2026/toy-2026.zip")
    assert archive["Content-Disposition"].startswith("attachment")
    for refused in (
        "/data/toy/2026/manifest.json",
        "/data/toy/2024/datapackage.json",
        "/data/toy/2026/data/../datapackage.json",
        "/data/toy/2026/data/other.csv",
        "/data/nothing/all/datapackage.json",
        "/data/nothing/",
    ):
        assert client.get(refused).status_code == 404, refused
    assert client.post("/data/").status_code == 405


def _one(graph: rdflib.Graph, subject, predicate):
    return list(graph.objects(subject, predicate))


def test_the_catalogue_parses_as_json_ld_with_each_class_s_properties(client, site):
    build.publish(home="https://prima.example.go.id")
    response = client.get("/data/catalog.jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    graph = rdflib.Graph().parse(data=response.content, format="json-ld")
    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert catalogs == [rdflib.URIRef("https://prima.example.go.id/data/#catalog")]
    catalog = catalogs[0]
    for predicate in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCAT.dataset):
        assert _one(graph, catalog, predicate), predicate
    assert {o.language for o in _one(graph, catalog, DCTERMS.title)} == {"id", "en"}
    editions = list(graph.subjects(RDF.type, DCAT.Dataset))
    # toy 2025, 2026, all; the registry's one
    assert len(editions) == 4
    for edition in editions:
        for predicate in (
            DCTERMS.title,
            DCTERMS.description,
            DCTERMS.publisher,
            DCAT.contactPoint,
            DCAT.distribution,
            DCAT.keyword,
            DCAT.theme,
            DCTERMS.spatial,
            DCAT3.inSeries,
        ):
            assert _one(graph, edition, predicate), (edition, predicate)
    yearly = rdflib.URIRef("https://prima.example.go.id/data/toy/#2025")
    (period,) = _one(graph, yearly, DCTERMS.temporal)
    assert str(_one(graph, period, DCAT.startDate)[0]) == "2025-01-01"
    assert str(_one(graph, period, DCAT.endDate)[0]) == "2025-12-31"
    distributions = list(graph.subjects(RDF.type, DCAT.Distribution))
    assert distributions
    for distribution in distributions:
        for predicate in (DCAT.accessURL, DCAT.downloadURL, DCTERMS.license, DCAT.mediaType):
            assert _one(graph, distribution, predicate), (distribution, predicate)
    downloads = {str(_one(graph, d, DCAT.downloadURL)[0]) for d in distributions}
    assert "https://prima.example.go.id/data/toy/2025/toy-2025.zip" in downloads
    assert "https://prima.example.go.id/data/toy/2025/data/toy_counts.csv" in downloads
    # Every file the catalogue names is served.
    for address in downloads:
        path = address.removeprefix("https://prima.example.go.id")
        assert client.get(path).status_code == 200, path
    (service,) = graph.subjects(RDF.type, DCAT.DataService)
    assert _one(graph, service, DCAT.endpointURL)
