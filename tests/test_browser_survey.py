"""The SKM in a real browser (Debian's Chromium through Playwright): a citizen answers on a
phone with JavaScript off; a kiosk resets itself; the survey pages pass axe-core's WCAG 2.2
A/AA rules. Skipped with a reason without Chromium (tests/conftest.py)."""

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

SHOTS = Path(os.environ["PRIMA_SCREENSHOTS"]) if os.environ.get("PRIMA_SCREENSHOTS") else None
SEND = re.compile("Kirim jawaban saya|Send my answers")


def _shot(page, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def open_period(world, settings):
    from django.utils import timezone

    from prima.surveys.tests.factories import make_period

    settings.PRIMA_SURVEY_MIN_SECONDS = 0
    settings.PRIMA_KIOSK_MIN_INTERVAL_SECONDS = 0
    today = timezone.localdate()
    return make_period(
        world,
        name="Tahun ini",
        starts_on=today - dt.timedelta(days=60),
        ends_on=today + dt.timedelta(days=60),
        population=100,
    )


def _answer_all(page, *, skip: str = "", value: int = 3) -> None:
    for fieldset in page.locator("fieldset.question").all():
        name = fieldset.locator("input[type=radio]").first.get_attribute("name")
        if name == skip or name.startswith("extra_"):
            continue
        fieldset.locator(f"input[value='{value}']").check()


def test_a_citizen_answers_on_a_phone_without_javascript(browser, live_server, open_period):
    from prima.surveys.models import SurveyResponse

    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + "/s/8104-DUKCAPIL/")
    _shot(page, "form-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling

    _answer_all(page, skip="waktu", value=4)
    page.get_by_label(re.compile("^Perempuan$|^Female$")).check()
    page.locator("#id_age").fill("34")
    page.get_by_role("button", name=SEND).click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(re.compile("Pilih satu jawaban|Choose one answer"))
    expect(page.locator("#id_persyaratan_3")).to_be_checked()  # the answers given are kept
    _shot(page, "form-error")

    page.locator("fieldset.question.invalid input[value='2']").check()
    page.get_by_role("button", name=SEND).click()
    expect(page).to_have_url(re.compile(r"/s/8104-DUKCAPIL/thanks/$"))
    expect(page.locator("h1")).to_have_text(re.compile("Terima kasih|Thank you"))
    _shot(page, "thanks")
    context.close()

    stored = SurveyResponse.objects.get()
    assert stored.waktu == 2 and stored.persyaratan == 4
    assert (stored.sex, stored.age, stored.is_flagged) == ("P", 34, False)


def _enrol(browser, live_server, world):
    from prima.surveys import actions

    kiosk, code = actions.create_kiosk(world.buru_dukcapil, actor=None, name="Loket 1")
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    page.goto(live_server.url + "/s/kiosk/enrol/")
    page.locator("#id_code").fill(code)
    page.get_by_role("button", name=re.compile("Daftarkan|Enrol")).click()
    expect(page).to_have_url(re.compile(r"/s/8104-DUKCAPIL/kiosk/$"))
    return context, page


def test_the_kiosk_returns_to_a_blank_form_after_an_answer(
    browser, live_server, open_period, world
):
    from prima.surveys.models import SurveyResponse

    context, page = _enrol(browser, live_server, world)
    _shot(page, "kiosk")
    _answer_all(page)
    page.get_by_role("button", name=SEND).click()
    expect(page).to_have_url(re.compile(r"/kiosk/thanks/$"))
    expect(page).to_have_url(re.compile(r"/s/8104-DUKCAPIL/kiosk/$"), timeout=15000)
    expect(page.locator("input[type=radio]:checked")).to_have_count(0)
    context.close()
    stored = SurveyResponse.objects.get()
    assert stored.channel == "kiosk" and not stored.is_flagged


def test_an_idle_kiosk_clears_a_half_answered_form(
    browser, live_server, open_period, world, settings
):
    settings.PRIMA_KIOSK_IDLE_SECONDS = 2
    context, page = _enrol(browser, live_server, world)
    page.locator("#id_persyaratan_3").check()
    expect(page.locator("#id_persyaratan_3")).to_be_checked()
    expect(page.locator("input[type=radio]:checked")).to_have_count(0, timeout=8000)
    context.close()


def test_the_kiosk_page_refuses_a_device_that_is_not_enrolled(browser, live_server, open_period):
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(live_server.url + "/s/8104-DUKCAPIL/kiosk/")
    assert response is not None and response.status == 403
    context.close()


def test_the_survey_pages_have_no_wcag_violations(browser, live_server, open_period, world):
    from prima.surveys import actions
    from prima.surveys.models import ELEMENT_KEYS

    for value in (3, 4):
        actions.submit_response(
            open_period, answers=dict.fromkeys(ELEMENT_KEYS, value), channel="web"
        )
    actions.publish_results(open_period, actor=None)
    for path in [
        "/s/8104-DUKCAPIL/",
        "/s/8104-DUKCAPIL/thanks/",
        "/s/9601-DUKCAPIL/",  # no open period: the closed page
        "/s/kiosk/enrol/",
        "/units/8104-DUKCAPIL/ikm/",
    ]:
        assert axe_violations(browser, live_server.url + path) == [], path
