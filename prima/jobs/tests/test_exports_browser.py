"""My downloads in a real browser (Debian's Chromium through Playwright), on a 360 px phone and
on a desktop: the list updates itself while a file is being prepared, under Prima's CSP (no
violation), and stops; with JavaScript off a file is deleted with "Hapus". No page scrolls
sideways and the page passes axe-core's WCAG 2.2 A/AA rules. Skipped with a reason without
Chromium (tests/conftest.py)."""

from __future__ import annotations

import re
from datetime import timedelta

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


def _export(user, state: str):
    from django.utils import timezone

    from prima.jobs.models import Export

    export = Export.objects.create(
        requested_by=user,
        kind="picture-xlsx",
        params={"area": "81"},
        title="Gambaran Provinsi Maluku: Disdukcapil (XLSX)",
        language="id",
        expires_at=timezone.now() + timedelta(days=7),
    )
    if state == Export.State.READY:
        _make_ready(export)
    return export


def _make_ready(export) -> None:
    from django.core.files.base import ContentFile

    from prima.jobs.models import Export

    export.file.save(f"{export.uuid}.xlsx", ContentFile(b"PK"), save=False)
    Export.objects.filter(pk=export.pk).update(
        state=Export.State.READY, file=export.file.name, size=2
    )


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("width", [360, 1280])
def test_the_list_updates_itself_then_stops_and_a_file_is_deleted_without_javascript(
    browser,  # noqa: F811
    live_server,
    world,
    width,
    tmp_path,
):
    from prima.jobs.models import Export

    _export(world.yohanis, Export.State.READY)
    waiting = _export(world.yohanis, Export.State.WAITING)
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else 0)
    _sign_in(page, live_server, "yohanis")
    page.goto(live_server.url + "/manage/exports/")
    status = page.locator("#exports-status")
    expect(status).to_contain_text("1 berkas masih disiapkan")
    assert page.evaluate(WIDE) <= 0
    page.screenshot(path=str(tmp_path / f"exports-{width}-busy.png"), full_page=True)

    _make_ready(waiting)  # the worker finishes: the next poll shows it and stops
    expect(status).to_contain_text("Semua berkas yang Anda minta sudah selesai", timeout=20_000)
    expect(page.locator("#exports")).not_to_have_attribute("hx-trigger", re.compile("every"))
    expect(page.get_by_role("link", name=re.compile("^Unduh"))).to_have_count(2)
    assert refused == []
    cookies = context.cookies()
    context.close()

    # With scripts off: "Hapus" deletes the file and says so.
    plain = browser.new_context(viewport={"width": width, "height": 800}, java_script_enabled=False)
    plain.add_cookies(cookies)
    page = plain.new_page()
    page.goto(live_server.url + "/manage/exports/")
    page.get_by_role("button", name=re.compile("^Hapus")).first.click()
    expect(page.locator("body")).to_contain_text("sudah dihapus")
    assert Export.objects.count() == 1
    assert page.evaluate(WIDE) <= 0
    page.screenshot(path=str(tmp_path / f"exports-{width}-deleted.png"), full_page=True)
    plain.close()
    _export(world.yohanis, Export.State.WAITING)
    viewport = {"width": width, "height": 800}
    url = live_server.url + "/manage/exports/"
    assert axe_violations(browser, url, cookies=cookies, viewport=viewport) == []
