"""The SKM in a real browser (Debian's Chromium through Playwright): a citizen answers on a
phone with JavaScript off; a kiosk enrolled through its page returns to a blank form after an
answer and when left idle, and refuses a device that is not enrolled; the survey pages pass
axe-core's WCAG 2.2 A/AA rules. Skipped with a reason without Chromium (tests/conftest.py).

With PRIMA_SCREENSHOTS set, the tests also save PNGs to /tmp/prima-shots/ for a person to look
at (never in CI)."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from tests.conftest import axe_violations, require_chromium

require_chromium()

from playwright.sync_api import expect  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1024, "height": 768}
SHOTS = Path("/tmp/prima-shots")
SEND = re.compile("Kirim|Send")
FORM = "/s/8104-DUKCAPIL/"
KIOSK = "/s/8104-DUKCAPIL/kiosk/"
# One answer per question, in the order the page shows them (1 = worst … 4 = best).
CHOSEN = (4, 3, 2, 1, 4, 3, 2, 1, 4)


def _shot(page, name: str) -> None:
    if os.environ.get("PRIMA_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _no_sideways_scrolling(page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page is {width[0]}px wide in a {width[1]}px window"


@pytest.fixture
def open_period(world, settings):
    """A period at Disdukcapil Buru open today (the live server runs on the real clock)."""
    from django.utils import timezone

    from prima.surveys.tests.factories import make_period

    settings.PRIMA_SURVEY_MIN_SECONDS = 0
    settings.PRIMA_KIOSK_MIN_INTERVAL_SECONDS = 0
    today = timezone.localdate()
    return make_period(
        world,
        name="Tahun ini",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=30),
        population=100,
    )


def _questions(page) -> list:
    """The nine element questions, as (field name, fieldset) in page order."""
    fieldsets = page.locator("ol.questions fieldset.question").all()
    assert len(fieldsets) == 9
    return [(f.locator("input[type=radio]").first.get_attribute("name"), f) for f in fieldsets]


def _pick(fieldset, value: int) -> None:
    """Choose an answer as a person does: by touching its label (the radio is inside it)."""
    fieldset.locator("label.option", has=fieldset.page.locator(f"input[value='{value}']")).click()


def _answer(page, *, skip: str = "") -> dict[str, int]:
    chosen = {}
    for (name, fieldset), value in zip(_questions(page), CHOSEN, strict=True):
        if name != skip:
            _pick(fieldset, value)
            chosen[name] = value
    return chosen


def _expect_checked(page, chosen: dict[str, int]) -> None:
    for name, value in chosen.items():
        expect(page.locator(f"input[name='{name}'][value='{value}']")).to_be_checked()


def test_a_citizen_answers_on_a_phone_without_javascript(browser, live_server, open_period):
    from prima.surveys.models import SurveyResponse

    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + FORM)
    expect(page.locator("h1")).to_have_text(re.compile("Bagaimana|How was"))
    _shot(page, "citizen-form-phone")
    _no_sideways_scrolling(page)

    # First attempt: the fifth question left unanswered.
    skipped = _questions(page)[4][0]
    chosen = _answer(page, skip=skipped)
    page.locator("label.option", has_text=re.compile("^Perempuan$|^Female$")).click()
    page.locator("#id_age").fill("34")
    page.locator("#id_education").select_option("sma")
    page.locator("#id_occupation").select_option("wirausaha")
    page.locator("#id_suggestion").fill("Antrean pagi terlalu panjang.")
    page.get_by_role("button", name=SEND).click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(re.compile("Mohon periksa|Please check"))
    expect(summary.locator("li")).to_have_count(1)
    expect(summary.locator("a")).to_have_attribute("href", f"#id_{skipped}_0")
    expect(summary).to_contain_text(re.compile("Pilih satu jawaban|Choose one answer"))
    expect(page).to_have_url(live_server.url + FORM)
    invalid = page.locator("fieldset.question.invalid")
    expect(invalid).to_have_count(1)
    expect(invalid.locator("input[type=radio]").first).to_have_attribute("name", skipped)
    expect(invalid.locator("input:checked")).to_have_count(0)
    _expect_checked(page, chosen)  # the other answers and the profile are kept
    expect(page.locator("input[name=sex][value=P]")).to_be_checked()
    expect(page.locator("#id_age")).to_have_value("34")
    expect(page.locator("#id_education")).to_have_value("sma")
    expect(page.locator("#id_suggestion")).to_have_value("Antrean pagi terlalu panjang.")
    _shot(page, "citizen-form-error-phone")
    _no_sideways_scrolling(page)
    assert SurveyResponse.objects.count() == 0

    _pick(invalid, 2)
    chosen[skipped] = 2
    page.get_by_role("button", name=SEND).click()
    expect(page).to_have_url(live_server.url + "/s/8104-DUKCAPIL/thanks/")
    expect(page.locator("h1")).to_have_text(re.compile("Terima kasih|Thank you"))
    _shot(page, "citizen-thanks-phone")
    _no_sideways_scrolling(page)
    context.close()

    stored = SurveyResponse.objects.get()
    assert {key: value for key, value in stored.answers().items() if key in chosen} == chosen
    assert len(chosen) == 9
    assert (stored.sex, stored.age, stored.education, stored.occupation) == (
        "P",
        34,
        "sma",
        "wirausaha",
    )
    assert stored.suggestion == "Antrean pagi terlalu panjang."
    assert (stored.channel, stored.kiosk_id, stored.is_flagged) == ("web", None, False)


def _enrol(browser, live_server, world):
    """A tablet-sized browser enrolled as kiosk "Loket 1" through the enrolment page."""
    from prima.surveys import actions

    kiosk, code = actions.create_kiosk(world.buru_dukcapil, actor=None, name="Loket 1")
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    page.goto(live_server.url + "/s/kiosk/enrol/")
    page.get_by_label(re.compile("Kode pendaftaran|Enrolment code")).fill(code)
    page.get_by_role("button", name=re.compile("Daftarkan|Enrol")).click()
    expect(page).to_have_url(live_server.url + KIOSK)
    return kiosk, context, page


def test_the_kiosk_returns_to_a_blank_form_after_an_answer(
    browser, live_server, open_period, world
):
    from prima.surveys.models import SurveyResponse

    kiosk, context, page = _enrol(browser, live_server, world)
    _shot(page, "kiosk-form-tablet")
    _no_sideways_scrolling(page)
    chosen = _answer(page)
    _expect_checked(page, chosen)
    page.get_by_role("button", name=SEND).click()
    expect(page).to_have_url(live_server.url + "/s/8104-DUKCAPIL/kiosk/thanks/")
    expect(page.locator("h1")).to_have_text(re.compile("Terima kasih|Thank you"))
    _shot(page, "kiosk-thanks-tablet")

    # The thank-you page's meta refresh (8 s) brings back a blank form with nobody touching it.
    expect(page).to_have_url(live_server.url + KIOSK, timeout=12000)
    expect(page.locator("ol.questions fieldset.question")).to_have_count(9)
    expect(page.locator("input[type=radio]:checked")).to_have_count(0)
    context.close()

    stored = SurveyResponse.objects.get()
    assert {key: stored.answers()[key] for key in chosen} == chosen
    assert (stored.channel, stored.kiosk_id, stored.is_flagged) == ("kiosk", kiosk.pk, False)


def test_an_idle_kiosk_clears_a_half_answered_form(
    browser, live_server, open_period, world, settings
):
    settings.PRIMA_KIOSK_IDLE_SECONDS = 2
    _kiosk, context, page = _enrol(browser, live_server, world)
    expect(page.locator("body")).to_have_attribute("data-idle-seconds", "2")
    page.evaluate("window.primaBeforeReset = true")
    name, fieldset = _questions(page)[0]
    _pick(fieldset, 3)
    expect(page.locator(f"input[name='{name}'][value='3']")).to_be_checked()

    # kiosk.js reloads the page two seconds after the last touch.
    expect(page.locator("input[type=radio]:checked")).to_have_count(0, timeout=8000)
    expect(page).to_have_url(live_server.url + KIOSK)
    assert page.evaluate("window.primaBeforeReset === undefined")  # a fresh page, not a reset
    expect(page.locator("ol.questions fieldset.question")).to_have_count(9)
    context.close()


def test_the_kiosk_page_refuses_a_device_that_is_not_enrolled(browser, live_server, open_period):
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    response = page.goto(live_server.url + KIOSK)
    assert response is not None and response.status == 403
    expect(page.locator("h1")).to_have_text(
        re.compile("hanya berjalan di kios yang terdaftar|runs only on an enrolled kiosk")
    )
    expect(page.locator("form.survey")).to_have_count(0)
    expect(page.locator("a[href='/s/kiosk/enrol/']")).to_be_visible()
    context.close()


def test_the_survey_pages_have_no_wcag_violations(browser, live_server, open_period, world):
    from prima.surveys import actions, submission
    from prima.surveys.models import ELEMENT_KEYS

    # Published answers, so that the thank-you and results pages show an index card.
    for value in (3, 4):
        submission.submit_response(
            open_period, answers=dict.fromkeys(ELEMENT_KEYS, value), channel="web"
        )
    actions.publish_results(open_period, actor=None)
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/s/9601-DUKCAPIL/")
    expect(page.locator("h1")).to_have_text(re.compile("Survei ditutup|The survey is closed"))
    context.close()

    found = {
        path: axe_violations(browser, live_server.url + path)
        for path in [
            FORM,
            "/s/8104-DUKCAPIL/thanks/",
            "/s/9601-DUKCAPIL/",  # Sorong has no open period: the closed page
            "/s/kiosk/enrol/",
            "/units/8104-DUKCAPIL/ikm/",
        ]
    }
    assert {path: v for path, v in found.items() if v} == {}
