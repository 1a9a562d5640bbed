"""Complaints in a real browser (Debian's Chromium through Playwright): a citizen files an
anonymous report on a phone-sized screen with JavaScript off, keeps the tracking code, tracks
the report, and reads the unit's answer after staff respond; the pages pass axe-core's WCAG 2.2
A/AA rules. Skipped with a reason without Chromium (tests/conftest.py)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import axe_violations, require_chromium

require_chromium()

from playwright.sync_api import expect  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

UNIT = "8104-DUKCAPIL"
ANSWER = "KTP-el Anda sudah dicetak dan dapat diambil di loket 2."


def test_an_anonymous_report_is_filed_on_a_phone_tracked_and_answered(
    browser, live_server, world, settings
):
    settings.PRIMA_COMPLAINT_MIN_SECONDS = 0
    phone = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = phone.new_page()
    page.goto(f"{live_server.url}/units/{UNIT}/")
    page.locator(f"a[href='/complaints/unit/{UNIT}/new/']").first.click()
    page.locator("#id_title").fill("KTP-el belum jadi")
    page.locator("#id_description").fill("Sudah tiga minggu KTP-el saya belum selesai dicetak.")
    page.locator("input[name=visibility][value=public]").check()
    page.locator("input[name=identity][value=anonymous]").check()
    page.locator("#id_phone").fill("0812345678")
    page.locator("form.stack button[type=submit]").click()
    code = page.locator("#receipt-code").inner_text().strip()
    assert len(code.replace("-", "")) == 27
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1]

    from prima.complaints import actions, workflow
    from prima.complaints.models import Complaint

    complaint = Complaint.objects.get()
    assert complaint.is_anonymous
    complaint = actions.verify(complaint, actor=world.siti, unit=world.buru_dukcapil)
    actions.respond(complaint, actor=world.abdul, role=workflow.UNIT, answer=ANSWER)

    # A fresh browser, as the citizen days later: only the code.
    later = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = later.new_page()
    page.goto(f"{live_server.url}/complaints/track/")
    page.locator("#id_code").fill(code.lower())
    page.locator("form.stack button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/complaints/track/{complaint.public_id}/$"))
    expect(page.locator("main")).to_contain_text(ANSWER)
    expect(page.locator("ol.stages li[aria-current=step]")).to_contain_text("Beri Tanggapan")
    page.locator("input[name=rating][value='4']").check()
    page.locator("form[action$='/accept/'] button").click()
    expect(page.locator("ol.stages li[aria-current=step]")).to_contain_text("Selesai")
    cookies = page.context.cookies()
    for path in ["/complaints/track/", f"/complaints/track/{complaint.public_id}/"]:
        assert axe_violations(browser, live_server.url + path, cookies=cookies) == [], path
    phone.close()
    later.close()
    for path in [f"/complaints/unit/{UNIT}/new/", "/complaints/new/", f"/complaints/unit/{UNIT}/"]:
        assert axe_violations(browser, live_server.url + path) == [], path


def test_staff_pages_pass_axe(browser, live_server, world):
    from prima.complaints.tests.factories import file
    from prima.test import PASSWORD

    filed = file(world, is_anonymous=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_username").fill("siti")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("^(Masuk|Sign in)$")).click()
    expect(page).to_have_url(re.compile(r"/manage/"))
    cookies = page.context.cookies()
    for path in [
        "/manage/complaints/",
        f"/manage/complaints/{filed.complaint.pk}/",
        "/manage/complaints/templates/",
    ]:
        assert axe_violations(browser, live_server.url + path, cookies=cookies) == [], path
    context.close()
