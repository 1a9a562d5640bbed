"""The loop made visible, on a 360 × 740 phone with JavaScript off (issue 22, items 5 and 6):
a unit's results page ("you said, we did") and the F-03 rating form, in Debian's Chromium
through Playwright. Both must pass axe-core's WCAG 2.2 A/AA rules and fit the phone without
scrolling sideways (tests/test_browser_phone.py's PHONE_CHECK, which also measures tap
targets). With PRIMA_SCREENSHOTS set to a folder, the pages are saved there as loop-*.png."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import axe_violations, require_chromium

require_chromium()

from playwright.sync_api import expect  # noqa: E402

from tests.test_browser_phone import PHONE, PHONE_CHECK  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("PRIMA_SCREENSHOTS")
    if folder and folder != "1":
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"loop-{name}.png"), full_page=True)


@pytest.fixture
def loop(world):
    """A published SKM period with a follow-up plan, a closed complaint that changed the
    service, a secret one that did too, and an evaluation collecting F-03 ratings."""
    from django.utils import timezone

    from prima.complaints import actions as complaints
    from prima.complaints.models import Complaint, Status
    from prima.complaints.tests.factories import file
    from prima.evaluation import actions as evaluation
    from prima.evaluation.tests.records import new_cycle
    from prima.surveys import actions, submission
    from prima.surveys.tests.factories import answers, make_period

    period = make_period(world, population=30)
    moment = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)
    for row in (
        (4, 3, 1, 2, 4, 3, 4, 3, 4),
        (3, 3, 2, 3, 4, 4, 4, 3, 3),
        (4, 4, 2, 3, 3, 4, 4, 4, 4),
    ):
        submission.submit_response(period, answers=answers(*row), channel="web", now=moment)
    actions.publish_results(period, actor=world.abdul)
    actions.save_followup(
        None,
        actor=world.abdul,
        period=period,
        element="waktu",
        problem="Antrean panjang di loket perekaman KTP-el pada hari Senin",
        action="Membuka loket perekaman kedua setiap Senin dan Selasa",
        owner="Seksi Pelayanan",
        deadline=dt.date(2026, 8, 31),
        status="done",
        completed_on=dt.date(2026, 8, 14),
    )
    actions.save_followup(
        None,
        actor=world.abdul,
        period=period,
        element="biaya",
        problem="Pengguna tidak tahu bahwa layanan ini gratis",
        action="Memasang papan 'Layanan ini GRATIS' di ruang tunggu dan di laman unit",
        owner="Seksi Pelayanan",
        deadline=dt.date(2026, 9, 30),
        status="in_progress",
    )
    for text, secret in (
        ("Loket KTP-el kini buka sampai pukul 15.00 WIT.", False),
        ("Petugas arsip dipindahkan.", True),
    ):
        complaint = file(world, is_secret=secret).complaint
        complaints.record_improvement(
            complaint, actor=world.abdul, improvement=text, standard=None, skm_element="waktu"
        )
        Complaint.objects.filter(pk=complaint.pk).update(
            status=Status.CLOSED, closed_at=timezone.now() - dt.timedelta(days=2)
        )
    cycle = new_cycle(world)
    lokus = evaluation.add_lokus(
        cycle, unit=world.buru_dukcapil, kind="administratif", mode="luring", actor=world.ratna
    )
    evaluation.assign(
        lokus, evaluator=world.yohanis, role="primary", level="biro", actor=world.ratna
    )
    evaluation.advance(cycle, actor=world.ratna)
    return {"period": period, "lokus": lokus}


def _phone(browser: Any) -> Any:
    return browser.new_context(viewport=PHONE, java_script_enabled=False).new_page()


def test_the_results_page_shows_the_loop_on_a_phone_without_javascript(
    browser, live_server, world, loop
):
    page = _phone(browser)
    url = f"{live_server.url}/units/{world.buru_dukcapil.code}/ikm/"
    page.goto(url)
    expect(page.locator("h1")).to_have_text(
        re.compile("Kami mendengar, kami bertindak|You said, we did")
    )
    expect(page.locator("ul.element-results li")).to_have_count(9)
    expect(page.locator("ul.element-results li.weak").first).to_be_visible()
    expect(page.locator("ul.followups li")).to_have_count(2)
    expect(page.locator("ul.followups")).to_contain_text("Membuka loket perekaman kedua")
    expect(page.locator("ul.improvements li")).to_have_count(1)
    expect(page.locator("#complaints")).not_to_contain_text("Petugas arsip")
    assert page.evaluate(PHONE_CHECK) == []
    _shot(page, "results")
    assert axe_violations(browser, url) == []
    page.context.close()


def test_the_f03_form_works_on_a_phone_without_javascript(browser, live_server, world, loop):
    from prima.evaluation.models import UserRating

    page = _phone(browser)
    url = f"{live_server.url}/evaluasi/{loop['lokus'].user_token}/"
    page.goto(url)
    expect(page.locator("fieldset.question")).to_have_count(14)
    expect(page.locator("label.option")).to_have_count(14 * 6)
    assert page.evaluate(PHONE_CHECK) == []
    _shot(page, "f03")
    assert axe_violations(browser, url) == []

    # Sent empty: the error summary, on the same page, nothing stored.
    page.locator("button.send").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert page.evaluate(PHONE_CHECK) == []
    _shot(page, "f03-error")
    assert not UserRating.objects.exists()

    # A whole label is the tap target; the choice is stored.
    page.locator("label.option", has=page.locator("input[name='item_sikap'][value='4']")).click()
    page.locator("label.option", has=page.locator("input[name='item_toilet'][value='2']")).click()
    page.locator("button.send").click()
    expect(page).to_have_url(re.compile(r"/terima-kasih/$"))
    assert UserRating.objects.get().answers == {"sikap": 4, "toilet": 2}
    assert page.evaluate(PHONE_CHECK) == []
    page.context.close()
