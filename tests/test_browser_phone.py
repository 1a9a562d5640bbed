"""Staff pages on a phone (issue 18, item 5): 360 × 740 CSS px, the size a unit operator
reported, in Debian's Chromium through Playwright.

- test_an_operator_does_the_three_tasks_on_a_phone (default suite): with JavaScript off, the
  operator reads the SKM results, answers the overdue complaint and drafts a new version of a
  standard (after the page that asks first), moving between them with the folded menu; every
  page on the way must fit the phone.
- test_every_staff_page_fits_a_phone_for_every_persona (slow): every staff route of the route
  matrix (prima/accounts/tests/test_staff_route_matrix.py) that opens as an HTML page for a
  demo persona, as each of the five.

A page fits (PHONE_CHECK) when
- nothing scrolls sideways: the document is no wider than the window (a wide table may
  scroll inside its own .table-wrap, a long address must break);
- every tap target — links, buttons, form controls, summaries — is at least 24 × 24 px
  (WCAG 2.2, SC 2.5.8), save a link inside running text (the SC's inline exception: an inline
  link whose paragraph, list item or definition holds other text too). Links in navigation
  and in table cells are always measured;
  A map's areas are exempt where the page puts the same links in a table beside it and marks
  the map `data-equivalent-links` (the SC's equivalent exception);
- the labels of a chart render at 10 px or more (an SVG scales its text with it).
With PRIMA_SCREENSHOTS set, the operator test saves PNGs to /tmp/prima-shots/.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CHROMIUM, require_chromium

require_chromium()

from playwright.sync_api import expect  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}
SHOTS = Path("/tmp/prima-shots")
UNIT = "8104-DUKCAPIL"
ANSWER = "KTP-el Anda sudah dicetak dan dapat diambil di loket 2 mulai besok."

PHONE_CHECK = """() => {
  const MIN = 24, problems = [];
  const shown = (el) => el.checkVisibility({visibilityProperty: true});
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth) {
    const wide = [...document.body.querySelectorAll('*')]
      .filter((el) => shown(el) && el.getBoundingClientRect().right > window.innerWidth + 0.5)
      .slice(-4).map((el) => el.tagName.toLowerCase() + '.' + el.className + ' '
        + (el.textContent || '').trim().slice(0, 30));
    problems.push(`scrolls sideways: ${doc.scrollWidth} px in ${window.innerWidth}: ${wide}`);
  }
  const RUNNING = 'p, li, dd, dt, blockquote, figcaption, caption';
  const squash = (text) => (text || '').replace(/\\s+/g, '');
  const targets = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  for (const el of document.querySelectorAll(targets)) {
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || !shown(el)) continue;  // not on screen
    // The SC's equivalent exception: a map's areas are links, and the table beside the map
    // (which the page marks data-equivalent-links on the figure) has the same ones, full size.
    if (el.closest('[data-equivalent-links]')) continue;
    if (el.tagName === 'A' && getComputedStyle(el).display === 'inline'
        && !el.closest('nav, td, th, .actions, .pagination')) {
      const text = el.closest(RUNNING);
      if (text && squash(text.textContent).length > squash(el.textContent).length) continue;
    }
    if (box.width < MIN - 0.01 || box.height < MIN - 0.01) {
      const name = (el.textContent || el.name || el.type || '').trim().slice(0, 40);
      problems.push(`${el.tagName.toLowerCase()} "${name}" is ${box.width.toFixed(1)} × `
        + `${box.height.toFixed(1)} px`);
    }
  }
  for (const label of document.querySelectorAll('svg text')) {
    const box = label.getBoundingClientRect();
    if (box.width === 0 || !shown(label)) continue;
    const matrix = label.getScreenCTM();
    const size = parseFloat(getComputedStyle(label).fontSize) * Math.hypot(matrix.a, matrix.b);
    if (size < 10) problems.push(`chart label "${label.textContent}" at ${size.toFixed(1)} px`);
  }
  return problems;
}"""


def _fits(page: Any) -> list[str]:
    return page.evaluate(PHONE_CHECK)


def _shot(page: Any, name: str) -> None:
    if os.environ.get("PRIMA_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"phone-{name}.png"), full_page=True)


def _in_view_across(locator: Any) -> None:
    """The element is on the screen from side to side (not off to the right)."""
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def _go(page: Any, href: str) -> None:
    """Through the folded menu, as on a phone: it is closed, opens without JavaScript, and
    holds the staff navigation."""
    menu = page.locator("details.menu")
    expect(menu).to_be_visible()
    expect(page.locator("nav.subnav")).to_be_hidden()
    assert menu.get_attribute("open") is None
    menu.locator("summary").click()
    assert menu.get_attribute("open") is not None
    assert _fits(page) == [], page.url
    menu.locator(f".menu-panel a[href='{href}']").first.click()


@pytest.fixture
def operator_work(world):
    """The operator's morning: SKM results to read, an overdue complaint, a standard in force."""
    from django.utils import timezone

    from prima.complaints import actions as complaints
    from prima.complaints.models import Complaint
    from prima.complaints.tests.factories import file
    from prima.standards.tests.factories import published_standard
    from prima.surveys import submission
    from prima.surveys.tests.factories import answers, make_period

    period = make_period(world, population=30)
    moment = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)
    for value in (2, 3, 3, 4, 4):
        submission.submit_response(period, answers=answers(value), channel="web", now=moment)
    complaint = complaints.verify(file(world).complaint, actor=world.siti, unit=world.buru_dukcapil)
    Complaint.objects.filter(pk=complaint.pk).update(due_at=timezone.now() - dt.timedelta(days=1))
    return {
        "period": period,
        "complaint": complaint,
        "standard": published_standard(world.buru_ktp, world.abdul),
    }


def test_an_operator_does_the_three_tasks_on_a_phone(browser, live_server, world, operator_work):
    from prima.complaints.models import Complaint, Status
    from prima.standards.models import ServiceStandard
    from prima.test import PASSWORD

    period, complaint = operator_work["period"], operator_work["complaint"]
    phone = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = phone.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_username").fill("abdul")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/manage/$"))
    header = page.locator("header.site-header").bounding_box()
    assert header is not None and header["height"] < 80  # folded: the page starts at once
    assert _fits(page) == []
    _shot(page, "start")

    # 1. Read the SKM results: the period's index, and NRR × 25 of each element, in view.
    _go(page, "/manage/surveys/")
    row = page.locator("tbody tr", has=page.locator(f"a[href='/manage/surveys/{period.pk}/']"))
    _in_view_across(row.locator("td[data-label='IKM']"))
    assert _fits(page) == []
    _shot(page, "skm-periods")
    row.locator(f"a[href='/manage/surveys/{period.pk}/']").click()
    expect(page.locator("h1")).to_have_text(period.name)
    expect(page.locator("figure.chart .chart-narrow svg").first).to_be_visible()
    expect(page.locator("figure.chart .chart-wide svg").first).to_be_hidden()
    elements = page.locator("table.stack").first.locator("tbody tr")
    expect(elements).to_have_count(9)
    for i in range(9):
        _in_view_across(elements.nth(i).locator("td[data-label='NRR × 25']"))
    assert _fits(page) == []
    _shot(page, "skm-results")

    # 2. Answer the overdue complaint: the queue shows it overdue, in view.
    _go(page, "/manage/complaints/")
    card = page.locator("tbody tr", has=page.get_by_text(complaint.public_id))
    _in_view_across(card.locator(".tag.warn"))
    assert _fits(page) == []
    _shot(page, "complaints")
    card.locator(f"a[href='/manage/complaints/{complaint.pk}/']").click()
    assert _fits(page) == []
    page.locator("#id_respond-answer").fill(ANSWER)
    page.locator("form[action$='/respond/'] button[type=submit]").click()
    complaint.refresh_from_db()
    assert complaint.status == Status.RESPONDED
    assert not Complaint.objects.overdue(dt.datetime.now(dt.UTC)).exists()
    assert _fits(page) == []

    # 3. Draft a new version of the standard: the button is whole on the screen, and asks.
    _go(page, "/manage/standards/")
    assert _fits(page) == []
    page.locator(f"main a[href='/manage/units/{UNIT}/standards/']").first.click()
    new_version = page.locator(f"a[href='/manage/services/{world.buru_ktp.pk}/standards/new/']")
    _in_view_across(new_version)
    assert _fits(page) == []
    _shot(page, "standards")
    new_version.click()
    assert ServiceStandard.objects.count() == 1  # asked, nothing drafted yet
    assert _fits(page) == []
    _shot(page, "new-version")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/manage/standards/\d+/edit/$"))
    draft = ServiceStandard.objects.get(status=ServiceStandard.Status.DRAFT)
    assert draft.version == operator_work["standard"].version + 1
    assert _fits(page) == []
    phone.close()


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


@pytest.mark.slow
def test_every_staff_page_fits_a_phone_for_every_persona(
    demo_browser, live_server, settings, tmp_path, monkeypatch
):
    from django.conf import settings as conf
    from django.core.management import call_command
    from django.test import Client

    from prima.accounts.models import User
    from prima.accounts.tests.test_staff_route_matrix import DEMO_USERNAMES, ROWS, Demo
    from prima.lib.pdf import Document
    from prima.test import sign_in

    settings.MEDIA_ROOT = tmp_path
    # Who may open a document is decided before it is encoded; skip the encoding.
    monkeypatch.setattr(Document, "output_bytes", lambda self: b"%PDF-1.7\n%%EOF\n")
    call_command("seed_demo", verbosity=0)
    demo = Demo()
    misfits: dict[str, list[str]] = {}
    pages = 0
    for persona, username in DEMO_USERNAMES.items():
        client = sign_in(Client(), User.objects.get(username=username))
        phone = demo_browser.new_context(viewport=PHONE)
        phone.add_cookies(
            [
                {
                    "name": conf.SESSION_COOKIE_NAME,
                    "value": client.cookies[conf.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        page = phone.new_page()
        for row in ROWS:
            if row.method != "GET" or row.expect[persona] != "200":
                continue
            url = row.url(demo)
            response = client.get(url)  # downloads are not pages: leave them out
            assert response.status_code == 200, (persona, url)
            if "text/html" not in response.get("Content-Type", ""):
                continue
            page.goto(live_server.url + url)
            pages += 1
            problems = _fits(page)
            if problems:
                misfits[f"{persona} {url}"] = problems[:5]
        phone.close()
    assert pages > 250  # every persona's pages were opened
    assert misfits == {}
