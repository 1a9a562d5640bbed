from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # Uploads go to a folder of their own per test, never into var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English, the source language; Indonesian is checked in
    # test_pages.test_pages_speak_indonesian_by_default.
    with translation.override("en"):
        yield


@pytest.fixture
def client(settings):
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return english
