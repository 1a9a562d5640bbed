"""The complaint form in a real browser on a 360 × 740 phone (issue 22, item 4), with
JavaScript on and off: the privacy choices are large cards, sending it empty shows the error
summary with the focus on it, the answers stay, and the character counter counts (and says
when the text is too long) where scripts run; without them the limit is stated and the server
says by how much to shorten, keeping the text. The survey's suggestion has the same counter.
axe-core finds nothing. Skipped with a reason without Chromium (tests/conftest.py).

With PRIMA_SCREENSHOTS set, the tests also save PNGs of the form (empty, with errors) to
/tmp/prima-shots/ for a person to look at (never in CI)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import AXE, axe_violations, require_chromium

require_chromium()

from playwright.sync_api import expect  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}
FORM = "/complaints/unit/8104-DUKCAPIL/new/"
SHOTS = Path(os.environ.get("PRIMA_SCREENSHOTS_DIR", "/tmp/prima-shots"))


def _shot(page, name: str) -> None:
    if os.environ.get("PRIMA_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _no_sideways_scrolling(page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page is {width[0]}px wide in a {width[1]}px window"


def _open(browser, url: str, scripts: bool):
    context = browser.new_context(viewport=PHONE, java_script_enabled=scripts)
    page = context.new_page()
    page.goto(url + FORM)
    return page


@pytest.mark.parametrize("scripts", [True, False], ids=["js", "no-js"])
def test_the_choices_are_large_and_an_empty_form_shows_the_summary(
    browser, live_server, world, settings, scripts
):
    settings.PRIMA_COMPLAINT_MIN_SECONDS = 0
    page = _open(browser, live_server.url, scripts)
    _no_sideways_scrolling(page)
    cards = page.locator(".choice-card")
    assert cards.count() == 3 + 2 + 3  # type, who may read, who may know
    for i in range(cards.count()):
        box = cards.nth(i).bounding_box()
        assert box["height"] >= 44 and box["width"] >= 300, box
    # The whole card is the tap target: a tap on its explanation chooses it.
    page.locator("#id_identity_1_hint").scroll_into_view_if_needed()
    box = page.locator("#id_identity_1_hint").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator("#id_identity_1")).to_be_checked()
    if not scripts:
        _shot(page, "forms-empty")

    page.locator("#id_title").fill("KTP")
    page.locator("form.complaint-form button[type=submit]").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    links = summary.locator("a")
    assert links.count() == 4  # title too short, description, who may read, the contact
    expect(page.locator("#id_title")).to_have_value("KTP")
    expect(page.locator("#id_identity_1")).to_be_checked()
    # Each link leads to its field.
    summary.locator("a[href='#id_visibility_0']").click()
    expect(page.locator("#id_visibility_0")).to_be_focused()
    _no_sideways_scrolling(page)
    if not scripts:
        page.evaluate("window.scrollTo(0, 0)")
        _shot(page, "forms-errors")


def test_the_counter_counts_and_says_when_the_text_is_too_long(browser, live_server, world):
    page = _open(browser, live_server.url, True)
    count = page.locator("#id_description ~ .char-count")
    expect(count).to_have_text(re.compile(r"5[.,]000"))
    expect(page.locator("#id_description_limit")).to_have_class(re.compile("visually-hidden"))
    page.locator("#id_description").fill("Antrean panjang.\n" * 10)  # 170 characters
    expect(count).to_have_text(re.compile(r"4[.,]830"))
    page.locator("#id_description").fill("x" * 5003)
    expect(count).to_have_text(re.compile(r"\b3\b"))
    expect(count).to_have_class(re.compile(r"\bover\b"))
    # Crossing into "too many" is announced, politely.
    live = page.locator("#id_description ~ [aria-live=polite]")
    expect(live).to_have_text(re.compile(r"\b3\b"))
    _no_sideways_scrolling(page)


def test_without_scripts_the_limit_is_stated_and_a_long_text_comes_back_whole(
    browser, live_server, world, settings
):
    settings.PRIMA_COMPLAINT_MIN_SECONDS = 0
    page = _open(browser, live_server.url, False)
    expect(page.locator("#id_description_limit")).to_have_text(re.compile(r"5[.,]000"))
    assert page.locator("#id_description").get_attribute("maxlength") is None
    text = "Loket tutup tanpa pemberitahuan. " * 160  # 5,280 characters
    page.locator("#id_description").fill(text)
    assert len(page.locator("#id_description").input_value()) == len(text)  # nothing cut
    page.locator("#id_title").fill("Loket tutup")
    page.locator("#id_visibility_1").check()
    page.locator("#id_identity_2").check()
    page.locator("form.complaint-form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_contain_text("279")  # the final space is not counted
    assert page.locator("#id_description").input_value() == text  # as typed
    expect(page.locator("#id_visibility_1")).to_be_checked()


def test_the_complaint_form_passes_axe_empty_and_with_errors(browser, live_server, world):
    assert axe_violations(browser, live_server.url + FORM) == []
    # With errors: the same form posted empty, scanned in its own context.
    context = browser.new_context(bypass_csp=True, viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + FORM)
    page.locator("form.complaint-form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
    )
    assert [v["id"] for v in result["violations"]] == []
    context.close()


def test_the_survey_suggestion_has_the_same_counter(browser, live_server, world):
    import datetime as dt

    from django.utils import timezone

    from prima.surveys.tests.factories import make_period

    today = timezone.localdate()
    make_period(
        world,
        name="Tahun ini",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=30),
        population=100,
    )
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/s/8104-DUKCAPIL/")
    count = page.locator("#id_suggestion ~ .char-count")
    expect(count).to_have_text(re.compile(r"2[.,]000"))
    page.locator("#id_suggestion").fill("Loketnya ditambah. 😊")  # an emoji is one character
    expect(count).to_have_text(re.compile(r"1[.,]980"))
    _no_sideways_scrolling(page)
    context.close()


def test_the_staff_entry_form_with_the_same_choices_passes_axe(browser, live_server, world):
    from prima.test import PASSWORD

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_username").fill("abdul")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("^(Masuk|Sign in)$")).click()
    expect(page).to_have_url(re.compile(r"/manage/"))
    url = live_server.url + "/manage/units/8104-DUKCAPIL/complaints/new/"
    assert axe_violations(browser, url, cookies=page.context.cookies()) == []
    context.close()
