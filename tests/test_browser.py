"""End-to-end in a real browser: Debian's Chromium driven by Playwright.

Each page is also scanned with axe-core (from npm) for WCAG 2.2 A/AA violations. Without
/usr/bin/chromium these tests are skipped with a reason, unless PRIMA_REQUIRE_BROWSER=1
(set by .ci/run), where a missing browser is a failure.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import require_chromium

require_chromium()

from playwright.sync_api import expect  # noqa: E402

from tests.conftest import axe_violations  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
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
