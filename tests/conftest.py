"""Browser fixtures shared by the end-to-end tests (tests/test_browser*.py): Debian's
Chromium driven by Playwright, and an axe-core scan. The test modules skip themselves, with a
reason, when Chromium is missing (or fail when PRIMA_REQUIRE_BROWSER=1)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("PRIMA_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


def require_chromium() -> None:
    """Skip the calling test module without Chromium, unless CI requires the browser."""
    if not CHROMIUM.exists():
        if os.environ.get("PRIMA_REQUIRE_BROWSER") == "1":
            raise RuntimeError(f"PRIMA_REQUIRE_BROWSER=1 but there is no browser at {CHROMIUM}")
        pytest.skip(
            f"browser tests need Chromium at {CHROMIUM} (Debian: apt-get install chromium)",
            allow_module_level=True,
        )
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by
    # fixtures are still synchronous and safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser(live_server, world) -> Iterator[Any]:
    # Function-scoped on purpose, and started after the database fixtures: while
    # Playwright's event loop runs, asgiref hands Django another connection object, so the
    # test database must be set up and flushed (restoring the migrated regions) with no
    # loop running.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
        # ORM calls made while the loop ran opened connections of their own; close them
        # here, or PostgreSQL cannot drop the test database at the end of the run.
        from django.db import connections

        connections.close_all()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a small phone
    page = context.new_page()
    yield page
    context.close()


def axe_violations(
    browser: Any, url: str, *, cookies: list | None = None, viewport: dict | None = None
) -> list[dict]:
    """WCAG 2.x A/AA violations on a page (at `viewport`'s size, e.g. a phone's, if given).
    A separate context bypasses our CSP, which (rightly) forbids the injected script."""
    size = {"viewport": viewport} if viewport else {}
    context = browser.new_context(bypass_csp=True, **size)
    if cookies:
        context.add_cookies(cookies)
    page = context.new_page()
    page.goto(url)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
    )
    context.close()
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
