"""Printing the passport page from a real browser (Debian's Chromium through Playwright) prints
every service, the folded ones too (issue 18: "printing the page drops the services folded
away"). Skipped with a reason without Chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from prima.lib.tests import pdfcheck
from prima.registry.models import Service
from prima.standards.tests.factories import published_standard

CHROMIUM = Path(os.environ.get("PRIMA_CHROMIUM", "/usr/bin/chromium"))

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not CHROMIUM.exists() and os.environ.get("PRIMA_REQUIRE_BROWSER") != "1",
        reason=f"browser tests need Chromium at {CHROMIUM} (Debian: apt-get install chromium)",
    ),
]


def test_printing_the_passport_page_unfolds_every_service(live_server, world):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    unit = world.buru_dukcapil
    for index in range(3):
        service = Service.objects.create(unit=unit, name=f"Layanan Lipat {index}")
        published_standard(service, produk=f"Produk terlipat nomor {index}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        page.goto(f"{live_server.url}/units/{unit.code}/passport/")
        # On screen only the first service is open.
        assert page.locator("details.service[open]").count() == 1
        printed = page.pdf(format="A4")
        browser.close()
    from django.db import connections

    connections.close_all()
    text = pdfcheck.text(printed)
    for index in range(3):
        assert f"Produk terlipat nomor {index}" in text
    assert "passport (PDF)" not in text and "paspor (PDF)" not in text
