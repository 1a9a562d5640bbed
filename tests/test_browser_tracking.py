"""Tracking people can keep (issue 22 §3), in a real browser at 360 × 740 with JavaScript on
and off: file a report at a demo unit, read the report number and secret code from the
confirmation page, track the report with them; the codes never wrap inside a group, the copy
buttons appear and answer with JavaScript (and are absent without), and the pages pass axe.
Screenshots of both pages go to PRIMA_SHOTS (default /work/_notes/shots) when it exists."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import AXE, require_chromium

require_chromium()

from playwright.sync_api import expect  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

UNIT = "8104-DUKCAPIL"
SHOTS = Path(os.environ.get("PRIMA_SHOTS", "/work/_notes/shots"))
PHONE = {"width": 360, "height": 740}


def _file(page, base: str, title: str) -> None:
    page.goto(f"{base}/complaints/unit/{UNIT}/new/")
    page.locator("#id_title").fill(title)
    page.locator("#id_description").fill("Sudah tiga minggu KTP-el saya belum selesai dicetak.")
    page.locator("#id_visibility_0").check()
    page.locator("#id_identity_2").check()  # without name or contact
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator("#receipt-secret")).to_be_visible()


def _fits(page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width


def _groups_stay_whole(page) -> None:
    """Every group of every code is on one line: one box, one line high."""
    boxes = page.evaluate(
        """() => Array.from(document.querySelectorAll('.receipt .code .group')).map(g => {
            const rects = g.getClientRects();
            const style = getComputedStyle(g);
            return {text: g.textContent, lines: rects.length,
                    height: rects[0].height, line: parseFloat(style.lineHeight)};
        })"""
    )
    assert len(boxes) >= 3 + 2 + 3
    for box in boxes:
        assert box["lines"] == 1 and box["height"] < box["line"] * 1.5, box


def _axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
    )
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_report_is_tracked_with_the_number_and_secret_code_from_its_receipt(
    browser, live_server, world, settings, javascript
):
    settings.PRIMA_COMPLAINT_MIN_SECONDS = 0
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    if javascript:
        context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    _file(page, live_server.url, "KTP-el belum jadi")
    number = page.locator("#receipt-number").inner_text().strip()
    secret = page.locator("#receipt-secret").inner_text().strip()
    assert re.fullmatch(r"PRM-\d{4}-\d{6}", number) and re.fullmatch(
        r"[A-Z2-9]{4}-[A-Z2-9]{4}", secret
    )
    _fits(page)
    _groups_stay_whole(page)
    copy = page.locator(f"button.copy[data-copy='{secret}']")
    if javascript:
        expect(copy).to_be_visible()
        copy.click()
        status = copy.locator("xpath=following-sibling::span[@role='status']")
        expect(status).not_to_be_empty()
        assert (
            status.inner_text() in ("Disalin", "Copied")
            or page.evaluate("navigator.clipboard.readText()") == secret
        )
        expect(page.locator("button[data-print]")).to_be_visible()
        SHOTS.is_dir() and page.screenshot(path=str(SHOTS / "tracking-filed.png"), full_page=True)
        # Printed (or saved as PDF), the page is the receipt: no buttons, no forms.
        page.emulate_media(media="print")
        expect(page.locator(".receipt #receipt-secret")).to_be_visible()
        expect(page.locator("form[action$='/sent/']")).to_be_hidden()
        expect(copy).to_be_hidden()
        SHOTS.is_dir() and page.screenshot(path=str(SHOTS / "tracking-print.png"), full_page=True)
        page.emulate_media(media="screen")
    else:
        expect(copy).to_be_hidden()
        expect(page.locator("button[data-print]")).to_be_hidden()
        SHOTS.is_dir() and page.screenshot(
            path=str(SHOTS / "tracking-filed-nojs.png"), full_page=True
        )

    # Days later, in a fresh browser, with what the receipt gave — typed carelessly.
    context.close()
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server.url}/complaints/track/")
    page.locator("#id_number").fill(number.lower())
    page.locator("main form.stack button[type=submit]").click()
    expect(page.locator(".error-summary")).to_contain_text(
        re.compile("kode rahasia|secret code", re.I)
    )
    page.locator("#id_code").fill(" " + secret.lower().replace("-", " "))
    page.locator("main form.stack button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/complaints/track/{number}/$"))
    expect(page.locator("h1")).to_have_text("KTP-el belum jadi")
    expect(page.locator("ol.timeline")).to_contain_text(" WIT")
    _fits(page)
    if javascript:
        SHOTS.is_dir() and page.screenshot(path=str(SHOTS / "tracking-tracked.png"), full_page=True)
    context.close()


def test_the_receipt_and_the_tracking_form_pass_axe(browser, live_server, world, settings):
    settings.PRIMA_COMPLAINT_MIN_SECONDS = 0
    # axe is injected, which the CSP (rightly) forbids: this context bypasses it.
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    _file(page, live_server.url, "Antrean terlalu lama")
    assert _axe(page) == []
    page.locator("#id_email").fill("bukan alamat")
    page.locator("form[action$='/sent/'] button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert _axe(page) == []
    page.goto(f"{live_server.url}/complaints/track/")
    page.locator("#id_code").fill("K7QM-R2XD")
    page.locator("main form.stack button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    _fits(page)
    SHOTS.is_dir() and page.screenshot(path=str(SHOTS / "tracking-track-error.png"), full_page=True)
    assert _axe(page) == []
    context.close()
