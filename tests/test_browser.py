"""End-to-end in a real browser: Debian's Chromium driven by Playwright.

Each page is also scanned with axe-core (from npm) for WCAG 2.2 A/AA violations. Without
/usr/bin/chromium these tests are skipped with a reason, unless PRIMA_REQUIRE_BROWSER=1
(set by .ci/run), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("PRIMA_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"

if not CHROMIUM.exists():
    if os.environ.get("PRIMA_REQUIRE_BROWSER") == "1":
        raise RuntimeError(f"PRIMA_REQUIRE_BROWSER=1 but there is no browser at {CHROMIUM}")
    pytest.skip(
        f"browser tests need Chromium at {CHROMIUM} (Debian: apt-get install chromium)",
        allow_module_level=True,
    )

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures
# are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser(live_server, world) -> Iterator[Browser]:
    # Function-scoped on purpose, and started after the database fixtures: while
    # Playwright's event loop runs, asgiref hands Django another connection object, so the
    # test database must be set up and flushed (restoring the migrated regions) with no
    # loop running.
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
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a small phone
    page = context.new_page()
    yield page
    context.close()


def axe_violations(browser: Browser, url: str, *, cookies: list | None = None) -> list[dict]:
    """WCAG 2.x A/AA violations on a page. A separate context bypasses our CSP, which
    (rightly) forbids the injected script."""
    context = browser.new_context(bypass_csp=True)
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


def test_public_pages_have_no_wcag_violations(browser, live_server, world):
    for path in [
        "/",
        "/units/",
        "/units/8104-DUKCAPIL/",
        "/regions/",
        "/regions/81/",
        "/accounts/login/",
        "/about/api/",
    ]:
        assert axe_violations(browser, live_server.url + path) == [], path


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, live_server, world):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_directory_filters_as_you_type(page, live_server, world):
    page.goto(live_server.url + "/units/")
    expect(page.locator("#results")).to_contain_text("Disdukcapil Kabupaten Sorong")
    page.get_by_role("searchbox").fill("ambon")
    expect(page.locator("#results")).not_to_contain_text("Sorong")
    expect(page.locator("#results")).to_contain_text("Disdukcapil Kota Ambon")
    expect(page).to_have_url(re.compile(r"q=ambon"))


def test_the_directory_works_without_javascript(browser, live_server, world):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/units/")
    page.get_by_role("searchbox").fill("sorong")
    page.get_by_role("button", name=re.compile("Cari|Search")).click()
    expect(page).to_have_url(re.compile(r"q=sorong"))
    expect(page.locator("#results")).to_contain_text("Disdukcapil Kabupaten Sorong")
    expect(page.locator("#results")).not_to_contain_text("Ambon")
    context.close()


def test_an_officer_signs_in_with_a_second_factor_and_edits_their_unit(
    browser, page, live_server, world
):
    from prima.accounts import actions
    from prima.test import PASSWORD

    codes = actions.regenerate_backup_codes(world.ratna)
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_username").fill("ratna")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Masuk|Sign in")).click()
    expect(page).to_have_url(re.compile(r"/accounts/verify/"))
    page.locator("#id_token").fill(codes[0])
    page.locator("#id_token").press("Enter")
    expect(page).to_have_url(re.compile(r"/manage/$"))

    page.goto(live_server.url + "/manage/units/8104-DUKCAPIL/edit/")
    page.locator("#id_hours_0").fill("08.00-99.00")
    page.locator("form.stack button[type=submit]").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(page.locator("#id_hours_0")).to_have_attribute("aria-invalid", "true")
    page.locator("#id_hours_0").fill("07.30-15.30")
    page.locator("form.stack button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/manage/units/8104-DUKCAPIL/$"))
    expect(page.locator("table.hours")).to_contain_text("07.30-15.30")

    cookies = page.context.cookies()
    for path in [
        "/manage/",
        "/manage/units/8104-DUKCAPIL/",
        "/manage/units/8104-DUKCAPIL/edit/",
        "/manage/users/",
        f"/manage/users/{world.abdul.pk}/",
        "/manage/audit/",
        "/manage/agencies/",
        "/accounts/",
    ]:
        assert axe_violations(browser, live_server.url + path, cookies=cookies) == [], path
