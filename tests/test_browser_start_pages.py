"""The start page of every demo persona (issue 19) in Debian's Chromium: each signs in (the
national administrator with a second-factor backup code) and reads, on /manage/, the counts
and names the demo's records give — for Kab. Buru the units without a standard in force, the
units without an SKM this year and the overdue complaint. Every start page passes axe-core,
fits a 360 px phone (tests/test_browser_phone.py's check) and works without JavaScript.
With PRIMA_SCREENSHOTS set, screenshots go to that directory."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import CHROMIUM, axe_violations, require_chromium
from tests.test_browser_phone import PHONE, _fits

require_chromium()

from playwright.sync_api import expect  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BURU_WITHOUT_STANDARD = [
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Buru",
    "Kecamatan Namlea",
    "Puskesmas Namlea",
    "RSUD Namlea",
]


@pytest.fixture
def demo_browser(live_server) -> Iterator[Any]:
    """The browser of tests/conftest.py without its small world: the demo is loaded instead."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()
        connections.close_all()


def _sign_in(context: Any, base: str, username: str, codes: list[str]) -> Any:
    """Signs in, in English (the assertions read English; Indonesian is tested by the
    catalogue checks)."""
    from prima.demo.data import DEMO_PASSWORD

    context.add_cookies([{"name": "prima_language", "value": "en", "url": base}])
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name=re.compile("^(Masuk|Sign in)$")).click()
    if "/accounts/verify/" in page.url:
        page.locator("#id_token").fill(codes.pop(0))
        page.locator("#id_token").press("Enter")
    expect(page).to_have_url(re.compile(r"/manage/$"))
    return page


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("PRIMA_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def _section(page: Any, heading: str) -> Any:
    return page.locator("section").filter(has=page.get_by_role("heading", name=heading)).first


def test_every_demo_persona_sees_their_start_page(demo_browser, live_server):
    from django.core.management import call_command

    from prima.demo.data import DEMO_BACKUP_CODES

    call_command("seed_demo", verbosity=0)
    codes = list(DEMO_BACKUP_CODES)
    base = live_server.url
    seen: dict[str, Any] = {}
    lists: dict[str, dict[str, str]] = {}
    for username in [
        "admin.nasional",
        "evaluator.maluku",
        "admin.buru",
        "admin.ambon",
        "operator.dukcapil.buru",
    ]:
        context = demo_browser.new_context(viewport={"width": 1280, "height": 900})
        page = _sign_in(context, base, username, codes)
        main = page.locator("main")
        expect(main.get_by_role("heading", level=2, name="Due in the next 30 days")).to_be_visible()
        seen[username] = main.inner_text()
        # each list of names under the heading that counts it
        lists[username] = page.evaluate(
            """() => Object.fromEntries([...document.querySelectorAll('main h3')]
                .filter(h => h.nextElementSibling && h.nextElementSibling.tagName === 'UL')
                .map(h => [h.textContent.trim(), h.nextElementSibling.innerText]))"""
        )
        _shot(page, f"{username}-desktop")
        assert axe_violations(demo_browser, page.url, cookies=context.cookies()) == [], username
        page.set_viewport_size(PHONE)
        assert _fits(page) == [], username
        _shot(page, f"{username}-360")
        context.close()

    national = seen["admin.nasional"]
    assert re.search(r"\b50\s+service units", national)  # the demo's 50 units
    assert "Antrean pagi sangat panjang" in national  # escalated complaint of Buru
    assert "Pemerintah Kabupaten Sorong" in national

    evaluator = seen["evaluator.maluku"]
    assert "Pemerintah Kabupaten Buru" in evaluator
    assert "Pemerintah Kabupaten Sorong" not in evaluator  # Papua Barat Daya: out of scope
    assert "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buru · PEKPPP" in evaluator

    buru = seen["admin.buru"]
    assert "0 / 5" in buru
    for name in BURU_WITHOUT_STANDARD:
        assert name in lists["admin.buru"]["4 units without a standard in force"], name
        assert name in lists["admin.buru"]["4 units without an SKM this year"], name
    dukcapil = (
        "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buru"  # has an SKM and some standards
    )
    assert dukcapil not in lists["admin.buru"]["4 units without a standard in force"]
    assert dukcapil not in lists["admin.buru"]["4 units without an SKM this year"]
    assert "Antrean pagi sangat panjang" in lists["admin.buru"]["1 complaint overdue"]
    assert "Pemerintah Kota Ambon" not in buru

    ambon = seen["admin.ambon"]
    assert "0 / 6" in ambon
    assert "NIB tidak bisa diterbitkan di OSS" in lists["admin.ambon"]["1 complaint overdue"]
    assert "Kecamatan Namlea" not in ambon

    operator = seen["operator.dukcapil.buru"]
    assert re.search(r"IKM 20\d\d", operator)
    assert re.search(r"\d+ / \d+\s+respondents", operator)
    assert "Antrean pagi sangat panjang" in operator
    assert "Penerbitan Akta Kematian" in operator  # a service without a standard in force
    assert "Coaching priority" in operator


def test_the_buru_start_page_works_without_javascript(demo_browser, live_server):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    context = demo_browser.new_context(java_script_enabled=False)
    page = _sign_in(context, live_server.url, "admin.buru", [])
    page.get_by_role("link", name="Puskesmas Namlea").first.click()
    expect(page).to_have_url(re.compile(r"/manage/units/[^/]+/standards/$"))
    context.close()
