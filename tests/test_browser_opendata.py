"""The open-data pages in Debian's Chromium (issue 21): a citizen opens /data/ from the menu,
picks a dataset, reads its data dictionary and downloads a year's zip; both pages pass
axe-core and fit a 360 px phone, without JavaScript. With PRIMA_SCREENSHOTS set, screenshots
go to that directory."""

from __future__ import annotations

import zipfile

import pytest
from django.test import override_settings

from tests.conftest import axe_violations, require_chromium
from tests.test_browser_phone import PHONE, _fits
from tests.test_browser_start_pages import _shot, demo_browser  # noqa: F401

require_chromium()

from playwright.sync_api import expect  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_citizen_finds_a_dataset_reads_its_dictionary_and_downloads_it(
    demo_browser,  # noqa: F811
    live_server,
    tmp_path,
):
    from django.core.management import call_command

    from prima.opendata import build

    call_command("seed_demo", verbosity=0)
    with override_settings(PRIMA_OPENDATA_DIR=tmp_path / "opendata"):
        build.publish()
        context = demo_browser.new_context(
            viewport={"width": 1280, "height": 900},
            java_script_enabled=False,
            accept_downloads=True,
        )
        page = context.new_page()
        page.goto(live_server.url + "/")
        page.locator("footer").get_by_role("link", name="Data terbuka").first.click()
        main = page.locator("main")
        expect(main.get_by_role("heading", level=1, name="Data terbuka")).to_be_visible()
        expect(main.get_by_role("link", name="Registri pelayanan publik")).to_be_visible()
        _shot(page, "opendata-index")
        assert axe_violations(demo_browser, page.url) == []
        page.set_viewport_size(PHONE)
        assert _fits(page) == []
        _shot(page, "opendata-index-360")
        page.set_viewport_size({"width": 1280, "height": 900})

        main.get_by_role("link", name="Registri pelayanan publik").click()
        expect(main.get_by_role("heading", level=2, name="Kamus data")).to_be_visible()
        expect(main.get_by_role("heading", level=3, name="Unit layanan")).to_be_visible()
        expect(main.locator("code", has_text="unit_code").first).to_be_visible()
        _shot(page, "opendata-dataset")
        assert axe_violations(demo_browser, page.url) == []
        page.set_viewport_size(PHONE)
        assert _fits(page) == []
        _shot(page, "opendata-dataset-360")

        with page.expect_download() as waiting:
            main.get_by_role("link", name="zip").first.click()
        saved = tmp_path / "registry.zip"
        waiting.value.save_as(saved)
        with zipfile.ZipFile(saved) as bundle:
            assert "registry-all/datapackage.json" in bundle.namelist()
        context.close()
