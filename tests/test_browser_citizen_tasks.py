"""Issue 22, "done when": on a 360 × 740 phone, with JavaScript on and off, each of the four
things citizens come to do starts on the home page and takes at most three taps — a tap being
a link or button that loads the next page (typing into a box and choosing from a list are not
taps):

1. report a problem at Disdukcapil Kab. Buru: find the unit (1), open it (2), "Laporkan
   masalah" (3) — the form; sending it is the task done;
2. track that report with what the confirmation page gave: "Lacak laporan" (1), the number
   and the secret code, "Lacak" (2) — the report's page;
3. rate the service: find the unit (1), open it (2), "Nilai layanan ini" (3) — the
   questionnaire; sending it is the task done;
4. find where to get a KTP in Kab. Buru: "KTP" in the home page's service search, the
   province Maluku, "Cari" (1) — the service and where it is offered, Kab. Buru first; open
   the unit (2).

Every page on the way fits the phone (no sideways scroll).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from tests.conftest import require_chromium

require_chromium()

from playwright.sync_api import expect  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}
UNIT = "8104-DUKCAPIL"


class Taps:
    """Counts the taps that load a page, and checks each page fits the phone."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.count = 0

    def tap(self, locator: Any) -> None:
        expect(locator).to_be_visible()
        with self.page.expect_navigation():
            locator.click()
        self.count += 1
        self.fits()

    def fits(self) -> None:
        widths = self.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], (self.page.url, widths)


@pytest.fixture
def open_survey(world):
    """Buru's Disdukcapil takes survey answers today; the search index holds the world."""
    from django.core.management import call_command
    from django.utils import timezone

    from prima.surveys.tests.factories import make_period

    today = timezone.now().date()
    make_period(
        world,
        name="Survei 2026",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=60),
    )
    call_command("search", "rebuild", verbosity=0)


def _home(browser: Any, live_server: Any, js: bool) -> tuple[Any, Taps]:
    page = browser.new_context(viewport=PHONE, java_script_enabled=js).new_page()
    page.goto(live_server.url + "/")
    taps = Taps(page)
    taps.fits()
    return page, taps


def _find_the_unit(page: Any, taps: Taps) -> None:
    page.locator("#rate-q").fill("Disdukcapil Buru")
    taps.tap(page.locator("#rate-q ~ button, form:has(#rate-q) button[type=submit]").first)
    taps.tap(page.locator(f"main a[href='/units/{UNIT}/']").first)
    expect(page.locator("h1")).to_have_text("Disdukcapil Kabupaten Buru")


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_report_then_track_from_the_home_page(
    browser, live_server, world, open_survey, settings, js
):
    settings.PRIMA_COMPLAINT_MIN_SECONDS = 0
    page, taps = _home(browser, live_server, js)

    # 1. Report a problem at Disdukcapil Kab. Buru.
    _find_the_unit(page, taps)
    taps.tap(page.locator(f"main ul.tasks a[href='/complaints/unit/{UNIT}/new/']"))
    assert taps.count <= 3
    expect(page.locator("main .lead")).to_have_text("Disdukcapil Kabupaten Buru")
    page.locator("#id_title").fill("KTP-el belum dicetak")
    page.locator("#id_description").fill("Sudah tiga minggu KTP-el saya belum selesai dicetak.")
    page.locator("#id_visibility_0").check()
    page.locator("#id_identity_2").check()  # without name or contact
    page.locator("form.stack button[type=submit]").click()
    number = page.locator("#receipt-number").inner_text().strip()
    secret = page.locator("#receipt-secret").inner_text().strip()
    assert re.fullmatch(r"PRM-\d{4}-\d{6}", number), number
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", secret), secret
    taps.fits()

    # 2. Track it with what the confirmation page gave, starting again from the home page.
    page.goto(live_server.url + "/")
    taps = Taps(page)
    taps.tap(page.locator("main ul.tasks a[href='/complaints/track/']"))
    page.locator("#id_number").fill(number)
    page.locator("#id_code").fill(secret)
    taps.tap(page.locator("main form.stack button[type=submit]"))
    assert taps.count <= 3
    expect(page.locator("main")).to_contain_text("KTP-el belum dicetak")
    expect(page.locator("main")).to_contain_text(number)
    page.context.close()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_rate_the_service_from_the_home_page(browser, live_server, world, open_survey, js):
    page, taps = _home(browser, live_server, js)
    _find_the_unit(page, taps)
    taps.tap(page.locator(f"main ul.tasks a[href='/s/{UNIT}/']"))
    assert taps.count <= 3
    expect(page.locator("main form input[name='token']")).to_be_attached()
    page.context.close()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_find_where_to_get_a_ktp_in_kab_buru(browser, live_server, world, open_survey, js):
    from prima.registry.models import Region

    page, taps = _home(browser, live_server, js)
    search = page.locator("main form[role=search]:has(input[name=q][type=search]):has(select)")
    search.locator("input[name=q]").fill("KTP")
    maluku = Region.objects.get(code="81")
    search.locator("select").select_option(maluku.code)
    taps.tap(search.locator("button[type=submit]"))
    first = page.locator("#services ~ ul.results > li").first
    expect(first).to_contain_text("Penerbitan KTP-el")
    expect(first).to_contain_text("Kab. Buru")
    taps.tap(first.locator(f"a[href='/units/{UNIT}/']"))
    assert taps.count <= 3
    expect(page.locator("h1")).to_have_text("Disdukcapil Kabupaten Buru")
    page.context.close()
