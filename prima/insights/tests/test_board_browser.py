"""The readiness board in a real browser (Debian's Chromium through Playwright): with
JavaScript off an agency administrator filters the board on a 360 px phone and on a desktop;
no page scrolls sideways, and the board and the list of agencies pass axe-core's WCAG 2.2 A/AA
rules. Skipped with a reason without Chromium (tests/conftest.py)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import axe_violations, browser, require_chromium  # noqa: F401

require_chromium()

from playwright.sync_api import expect  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDE = "() => document.documentElement.scrollWidth - window.innerWidth"


def _sign_in(page, live_server, username: str) -> None:
    from prima.test import PASSWORD

    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("^(Masuk|Sign in)$")).click()
    expect(page).to_have_url(re.compile(r"/manage/"))


@pytest.mark.parametrize("width", [360, 1280])
def test_the_board_works_without_javascript_and_fits_the_screen(
    browser,  # noqa: F811
    live_server,
    world,
    width,
):
    from prima.insights import store
    from prima.standards.tests.factories import published_standard

    published_standard(world.buru_ktp)  # Disdukcapil's standards in order, RSUD's missing
    store.rebuild()
    context = browser.new_context(
        viewport={"width": width, "height": 800}, java_script_enabled=False
    )
    page = context.new_page()
    _sign_in(page, live_server, "siti")
    page.goto(live_server.url + "/manage/readiness/")
    table = page.locator("table.board")
    expect(table).to_contain_text("Disdukcapil Kabupaten Buru")
    expect(table).to_contain_text("RSUD Namlea")
    page.locator("#f-duty").select_option("standards")
    page.locator("#f-status").select_option("missing")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"duty=standards&status=missing"))
    expect(table).to_contain_text("RSUD Namlea")
    expect(table).not_to_contain_text("Disdukcapil Kabupaten Buru")
    cookies = context.cookies()
    context.close()

    # The same pages with scripts on, to measure them and run axe.
    checked = browser.new_context(viewport={"width": width, "height": 800})
    checked.add_cookies(cookies)
    look = checked.new_page()
    for path in ("/manage/readiness/", "/manage/readiness/?q=nothing-like-it"):
        look.goto(live_server.url + path)
        assert look.evaluate(WIDE) <= 0, path
    checked.close()
    assert axe_violations(browser, live_server.url + "/manage/readiness/", cookies=cookies) == []


def test_the_list_of_agencies_is_axe_clean(browser, live_server, world):  # noqa: F811
    from prima.insights import store

    store.rebuild()
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    _sign_in(page, live_server, "yohanis")
    page.goto(live_server.url + "/manage/readiness/")
    expect(page.locator("table.board")).to_contain_text("Pemerintah Kabupaten Buru")
    assert page.evaluate(WIDE) <= 0
    page.get_by_role("link", name="Pemerintah Kabupaten Buru").first.click()
    expect(page).to_have_url(re.compile(r"/manage/readiness/pemkab-buru/$"))
    assert (
        axe_violations(browser, live_server.url + "/manage/readiness/", cookies=context.cookies())
        == []
    )
    context.close()
