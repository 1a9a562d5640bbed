"""The site's open-data builds in an object store (issue 26; ADR 0021), against a real
S3-compatible server: written there, not on the app server's disk; switched whole by one write
of current.json; the build before kept and older ones removed; a year's rebuild keeps the other
years; every object private; a lost file is a 404."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request
import zipfile

import pytest
from django.core.management import call_command
from django.test import override_settings

from prima.opendata import build

from .test_build import ROWS, toy  # noqa: F401 - the fixture

pytestmark = [pytest.mark.django_db, pytest.mark.objectstore]


@pytest.fixture
def site(toy, object_store, tmp_path):  # noqa: F811 - the fixture above
    with override_settings(
        PRIMA_OPENDATA_DIR=tmp_path / "opendata", PRIMA_PUBLIC_URL="https://prima.example.go.id"
    ):
        yield object_store
    assert not (tmp_path / "opendata").exists()  # nothing on the app server's disk


def stamps(store) -> list[str]:
    return sorted({key.split("/")[2] for key in store.keys("opendata/builds/")})


def read(root, relative: str) -> str:
    with build.open_file(root, relative) as handle:
        return handle.read().decode("utf-8")


def test_publishing_switches_builds_whole_and_keeps_the_one_before(site):
    assert build.current() is None
    first = build.publish()
    assert isinstance(first, build.Stored)
    assert build.current()[0] == first
    second = build.publish()
    third = build.publish()
    assert stamps(site) == sorted([second.prefix.split("/")[1], third.prefix.split("/")[1]])
    pointer = site.server.client().get_object(Bucket=site.bucket, Key="opendata/current.json")
    assert json.loads(pointer["Body"].read()) == {"build": third.prefix.split("/")[1]}
    root, manifest = build.current()
    assert root == third
    assert list(manifest["datasets"]["toy"]) == ["2025", "2026", "all"]
    archive = zipfile.ZipFile(io.BytesIO(build.open_file(root, "toy/all/toy-all.zip").read()))
    assert "toy-all/data/toy_counts.csv" in archive.namelist()


def test_a_year_rebuild_keeps_the_other_years_of_the_stored_build(site):
    build.publish()
    ROWS[2026].append((2026, "9601-DUKCAPIL", 7, None, None))
    ROWS[2025].append((2025, "8171-DUKCAPIL", 9, None, None))  # not rebuilt: kept as was
    root = build.publish(year=2026)
    assert list(build.current()[1]["datasets"]["toy"]) == ["2025", "2026", "all"]
    assert len(read(root, "toy/2025/data/toy_counts.csv").splitlines()) == 2
    assert len(read(root, "toy/2026/data/toy_counts.csv").splitlines()) == 4
    assert len(read(root, "toy/all/data/toy_counts.csv").splitlines()) == 6
    assert read(root, "toy/2025/datapackage.json").startswith("{")


def test_the_stored_files_are_served_through_prima_and_private_in_the_bucket(client, site):
    call_command("opendata", "build", verbosity=0)
    response = client.get("/data/toy/2026/data/toy_counts.csv")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"year,unit_code,count")
    for key in ("opendata/current.json", site.keys("opendata/builds/")[0]):
        try:
            urllib.request.urlopen(f"{site.server.endpoint}/{site.bucket}/{key}", timeout=10)  # noqa: S310
            status = 200
        except urllib.error.HTTPError as error:
            status = error.code
        assert status == 403, key


def test_a_listed_file_lost_from_the_bucket_is_a_404_not_a_500(client, site):
    root = build.publish()
    site.server.client().delete_object(
        Bucket=site.bucket, Key=f"opendata/{root.key('toy', '2026', 'data', 'toy_counts.csv')}"
    )
    assert client.get("/data/toy/2026/data/toy_counts.csv").status_code == 404
    assert client.get("/data/toy/2026/datapackage.json").status_code == 200
