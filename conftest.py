"""Fixtures for the whole suite. Personas are described in prima/test.py."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from prima.test import World, make_world


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
