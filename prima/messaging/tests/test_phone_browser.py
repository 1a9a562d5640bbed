"""The simulated phone in a real browser (Debian's Chromium through Playwright) on a 360 px
phone, without JavaScript: an administrator files a complaint by WhatsApp and reads the
codes in the thread; nothing scrolls sideways; no accessibility violation (axe). Skipped with a
reason without Chromium (tests/conftest.py)."""

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


def test_the_simulated_phone_works_on_a_small_phone_without_javascript(
    browser,  # noqa: F811
    live_server,
    world,
):
    from prima.test import PASSWORD

    context = browser.new_context(viewport={"width": 360, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_username").fill("siti")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("^(Masuk|Sign in)$")).click()
    expect(page).to_have_url(re.compile(r"/manage/"))
    page.goto(live_server.url + "/manage/pesan/telepon/")
    page.locator("#id_text").fill(
        "ADUAN 8104-DUKCAPIL Sudah tiga minggu KTP-el saya belum selesai dicetak"
    )
    page.locator("form.stack button[type=submit]").click()
    thread = page.locator("ol.phone-thread")
    expect(thread.locator("li.from-prima")).to_contain_text(re.compile(r"PRM-\d{4}-\d{6}"))
    assert page.evaluate(WIDE) <= 0
    page.screenshot(path="/tmp/messaging-phone-360.png", full_page=True)
    url = page.url
    cookies = context.cookies()
    context.close()
    viewport = {"width": 360, "height": 800}
    assert axe_violations(browser, url, cookies=cookies, viewport=viewport) == []
