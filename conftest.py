"""Fixtures for the whole suite. Personas are described in prima/test.py."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.core.cache import cache

from prima.lib.storage import object_storages
from prima.test import World, make_world
from tests.objectstore import Seaweed, require_weed


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that commits (django_db(transaction=True)) must also restore the migrated
    data after it (serialized_rollback=True). Without it, its flush at the end fires
    post_migrate, which makes the content types again, and the next test that restores the
    serialized data fails on them — on PostgreSQL, every browser test after it (CI, stop 38)."""
    wrong = [
        item.nodeid
        for item in items
        if (mark := item.get_closest_marker("django_db")) is not None
        and mark.kwargs.get("transaction")
        and not mark.kwargs.get("serialized_rollback")
    ]
    if wrong:
        raise pytest.UsageError(
            "django_db(transaction=True) needs serialized_rollback=True as well: "
            + ", ".join(wrong[:5])
        )


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    # Argon2 is deliberately slow; tests hash many passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db) -> World:
    return make_world()


@pytest.fixture(scope="session")
def seaweed(tmp_path_factory) -> Iterator[Seaweed]:
    """A real S3-compatible server (SeaweedFS) for the whole run; see tests/objectstore.py."""
    server = Seaweed.start(tmp_path_factory.mktemp("seaweed"), weed=require_weed())
    yield server
    server.stop()


@dataclass(frozen=True)
class ObjectStore:
    server: Seaweed
    bucket: str
    url: str  # PRIMA_STORAGE_URL

    def keys(self, prefix: str = "") -> list[str]:
        return self.server.keys(self.bucket, prefix)


@pytest.fixture
def object_store(seaweed, settings) -> ObjectStore:
    """Prima's uploads and open-data builds in a new private bucket of the real server, as
    PRIMA_STORAGE_URL would configure them (prima/lib/storage.py)."""
    bucket = seaweed.new_bucket()
    url = seaweed.storage_url(bucket)
    settings.STORAGES = {**settings.STORAGES, **object_storages(url)}
    return ObjectStore(seaweed, bucket, url)
