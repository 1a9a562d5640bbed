"""The directory's search on a 360 px phone, with JavaScript and without: services and units
as cards, nothing wider than the screen, no WCAG violations (issue 22, items 2 and 7)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import require_chromium

require_chromium()

from playwright.sync_api import expect  # noqa: E402

from tests.conftest import axe_violations  # noqa: E402
from tests.test_browser_phone import PHONE, PHONE_CHECK  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("javascript", [True, False])
def test_a_phone_finds_where_to_get_a_ktp(browser, live_server, world, javascript):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(live_server.url + "/units/?province=81")
    page.get_by_role("searchbox").fill("ktp buru")
    page.get_by_role("button", name=re.compile("Cari|Search")).click()
    expect(page).to_have_url(re.compile(r"q=ktp(\+|%20)buru"))
    results = page.locator("#results")
    service = results.locator("ul.cards li").filter(has_text="Penerbitan KTP-el").first
    expect(service).to_contain_text("Kabupaten Buru")
    unit = results.get_by_role("heading", level=3).get_by_role("link", name=re.compile("Buru"))
    expect(unit.first).to_be_visible()
    assert results.locator("table").count() == 0
    assert page.evaluate(PHONE_CHECK) == []
    service.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/units/8104-DUKCAPIL/$"))
    context.close()


def test_the_directory_search_has_no_wcag_violations(browser, live_server, world):
    for path in ["/units/?q=ktp", "/units/?q=zzzz", "/units/?q=akta&region=81.04"]:
        assert axe_violations(browser, live_server.url + path) == [], path
