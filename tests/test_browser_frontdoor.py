"""The citizen's front door on a phone (issue 22, items 1 and 7): 360 × 740 CSS px in Debian's
Chromium through Playwright, with JavaScript on and off.

- From the home page, rating a service at Disdukcapil Kab. Buru takes three taps: find the
  unit, open its page, and its tasks lead (rate this service first while the survey is open).
- The header stays compact (brand and a Menu that opens without JavaScript, the citizens'
  tasks first in it, staff sign-in and the developers' links at its end).
- The service passport does not scroll sideways, even with an unbroken address in it.
- The pages pass axe-core's WCAG 2.2 A/AA rules at that size.
With PRIMA_SCREENSHOTS set, the test saves PNGs of the three pages to PRIMA_SCREENSHOTS_DIR
(default /tmp/prima-shots/) as frontdoor-*.png.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import axe_violations, require_chromium

require_chromium()

from playwright.sync_api import expect  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}
UNIT = "8104-DUKCAPIL"
LONG_URL = (
    "https://dukcapil.burukab.go.id/layanan/pengaduan-masyarakat/"
    "formulir-pengaduan-dan-saran-pelayanan-administrasi-kependudukan-tahun-2026"
)


@pytest.fixture
def front_door(world):
    """Buru's Disdukcapil with its survey open today and a passport holding long addresses."""
    from django.utils import timezone

    from prima.standards.models import StandardPublication
    from prima.standards.tests.factories import complete_components, published_standard
    from prima.surveys.tests.factories import make_period

    today = timezone.now().date()
    make_period(
        world,
        name="Survei 2026",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=60),
    )
    channels = {"channels": ["SP4N-LAPOR!", LONG_URL]}
    published_standard(
        world.buru_ktp, world.abdul, pengaduan=complete_components(pengaduan=channels)["pengaduan"]
    )
    StandardPublication.objects.create(
        unit=world.buru_dukcapil, medium="website", url=LONG_URL, published_on=today
    )


def _phone(browser: Any, js: bool) -> Any:
    return browser.new_context(viewport=PHONE, java_script_enabled=js).new_page()


def _header_height(page: Any) -> float:
    return page.evaluate("document.querySelector('header.site-header').offsetHeight")


def _scroll_width(page: Any) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _shot(page: Any, name: str) -> None:
    if os.environ.get("PRIMA_SCREENSHOTS"):
        shots = Path(os.environ.get("PRIMA_SCREENSHOTS_DIR", "/tmp/prima-shots"))
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / f"frontdoor-{name}.png"), full_page=True)


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_rating_a_service_from_the_home_page_takes_three_taps(
    browser, live_server, world, front_door, js
):
    page = _phone(browser, js)
    page.goto(live_server.url + "/")
    assert _header_height(page) <= 80
    # The tasks are the first thing under the heading, on the first screen.
    for href in ("/complaints/new/", "/complaints/track/"):
        task = page.locator(f"main ul.tasks a[href='{href}']")
        expect(task).to_be_in_viewport()
        box = task.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 300  # large tap targets
    assert _scroll_width(page) <= PHONE["width"]
    _shot(page, "home")

    page.locator("#rate-q").fill("Disdukcapil Buru")
    page.locator("#rate-q").press("Enter")  # tap 1: find the unit
    page.locator(f"main a[href='/units/{UNIT}/']").first.click()  # tap 2: its page
    assert page.url.endswith(f"/units/{UNIT}/")
    assert _header_height(page) <= 80
    tasks = page.locator("main ul.tasks a")
    expect(tasks.first).to_have_attribute("href", f"/s/{UNIT}/")
    expect(tasks.first).to_be_in_viewport()
    hrefs = [tasks.nth(i).get_attribute("href") for i in range(tasks.count())]
    assert hrefs == [
        f"/s/{UNIT}/",
        f"/complaints/unit/{UNIT}/new/",
        f"/units/{UNIT}/passport/",
        f"/units/{UNIT}/ikm/",
    ]
    assert _scroll_width(page) <= PHONE["width"]
    _shot(page, "unit")

    tasks.first.click()  # tap 3: the questionnaire
    expect(page.locator("main form input[name='token']")).to_be_attached()
    page.context.close()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_the_menu_opens_with_the_citizens_tasks_first(browser, live_server, world, js):
    page = _phone(browser, js)
    page.goto(live_server.url + "/")
    expect(page.locator("nav.site-nav")).to_be_hidden()
    menu = page.locator("details.menu")
    menu.locator("summary").click()
    links = menu.locator(".menu-panel nav a")
    expect(links.first).to_have_attribute("href", "/complaints/new/")
    expect(links.nth(1)).to_have_attribute("href", "/complaints/track/")
    expect(links.nth(2)).to_have_attribute("href", "/units/")
    expect(menu.locator(".menu-more a[href='/accounts/login/']")).to_be_visible()
    assert _scroll_width(page) <= PHONE["width"]
    links.nth(1).click()
    assert page.url.endswith("/complaints/track/")
    page.context.close()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_the_passport_does_not_scroll_sideways(browser, live_server, world, front_door, js):
    page = _phone(browser, js)
    page.goto(f"{live_server.url}/units/{UNIT}/passport/")
    expect(page.locator(f"main a[href='{LONG_URL}']").first).to_be_visible()
    assert _header_height(page) <= 80
    assert _scroll_width(page) <= PHONE["width"]
    _shot(page, "passport")
    page.context.close()


def test_the_front_door_pages_pass_axe_on_a_phone(browser, live_server, world, front_door):
    for path in ("/", f"/units/{UNIT}/", f"/units/{UNIT}/passport/"):
        assert axe_violations(browser, live_server.url + path, viewport=PHONE) == [], path
