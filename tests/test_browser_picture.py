"""The national picture in Debian's Chromium (issue 20): a national administrator drills from
Indonesia to a Maluku unit and back up, through the breadcrumbs and the tables' links; the map
of provinces renders with its legend and the table beside it; each level passes axe-core and
fits a 360 px phone; the pages work without JavaScript. With PRIMA_SCREENSHOTS set,
screenshots go to that directory."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.conftest import axe_violations, require_chromium
from tests.test_browser_phone import PHONE, _fits
from tests.test_browser_start_pages import _shot, _sign_in, demo_browser  # noqa: F401

require_chromium()

from playwright.sync_api import expect  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _checked(browser: Any, context: Any, page: Any, name: str) -> None:
    _shot(page, f"picture-{name}")
    assert axe_violations(browser, page.url, cookies=context.cookies()) == [], name
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    assert _fits(page) == [], name
    _shot(page, f"picture-{name}-360")
    page.set_viewport_size(size)


def test_a_national_administrator_drills_from_indonesia_to_a_maluku_unit_and_back(
    demo_browser,  # noqa: F811
    live_server,
):
    from django.core.management import call_command

    from prima.demo.data import DEMO_BACKUP_CODES
    from prima.insights import figures_store

    call_command("seed_demo", verbosity=0)
    figures_store.rebuild()
    base = live_server.url
    context = demo_browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = _sign_in(context, base, "admin.nasional", list(DEMO_BACKUP_CODES))

    page.goto(base + "/gambaran/")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1, name="Indonesia")).to_be_visible()
    expect(main.get_by_text("Staff figures")).to_be_visible()
    # The map: one link per province, a legend with the IKM grades and "no data", and the
    # table of the Wilayah below it.
    province_map = main.locator("svg.choropleth")
    expect(province_map).to_be_visible()
    assert province_map.locator("a").count() == 38
    legend = main.locator("figure.picture-map").inner_html()
    assert "88.31" in legend and "no data" in legend  # the grade A bound, in English
    expect(main.get_by_role("link", name="Wilayah III")).to_be_visible()
    _checked(demo_browser, context, page, "indonesia")

    main.get_by_role("link", name="Wilayah III").first.click()
    expect(main.get_by_role("heading", level=1, name="Wilayah III")).to_be_visible()
    # From the map: Maluku's area is a link to its page.
    maluku = page.locator("svg.choropleth a").filter(has=page.locator("title", has_text="Maluku"))
    expect(maluku.first).to_have_attribute("href", re.compile(r"/gambaran/81/"))
    main.get_by_role("link", name="Provinsi Maluku", exact=True).click()
    expect(main.get_by_role("heading", level=1, name="Provinsi Maluku")).to_be_visible()
    _checked(demo_browser, context, page, "maluku")

    main.get_by_role("link", name="Kab. Buru", exact=True).click()
    expect(main.get_by_role("heading", level=1, name="Kab. Buru")).to_be_visible()
    main.get_by_role("link", name="Pemerintah Kabupaten Buru").click()
    expect(main.get_by_role("heading", level=1, name="Pemerintah Kabupaten Buru")).to_be_visible()
    main.get_by_role("link", name="Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buru").click()
    heading = "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buru"
    expect(main.get_by_role("heading", level=1, name=heading)).to_be_visible()
    expect(main.get_by_text("Satisfaction survey (SKM)")).to_be_visible()
    _checked(demo_browser, context, page, "unit")

    # And back up, by the breadcrumbs.
    trail = page.get_by_role("navigation", name="Where you are")
    for name in ["Pemerintah Kabupaten Buru", "Kab. Buru", "Provinsi Maluku", "Wilayah III"]:
        expect(trail.get_by_role("link", name=name)).to_be_visible()
    trail.get_by_role("link", name="Indonesia").click()
    expect(main.get_by_role("heading", level=1, name="Indonesia")).to_be_visible()
    context.close()
