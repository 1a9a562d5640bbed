"""Staff recognition in a real browser (Debian's Chromium through Playwright): a committee
member declares a conflict of interest on a nomination and is not offered scoring; the chair
declares none, scores it beside the unit's own figures, records the decision and an award,
and the award shows on the public page. The pages pass axe-core's WCAG 2.2 A/AA rules.
Skipped with a reason without Chromium (tests/conftest.py)."""

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


def _sign_in(page, live_server, username: str) -> None:
    from prima.test import PASSWORD

    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("^(Masuk|Sign in)$")).click()
    expect(page).to_have_url(re.compile(r"/manage/"))


def test_declare_score_decide_and_publish_an_award(browser, live_server, world):
    from prima.recognition.models import Award
    from prima.recognition.tests.factories import make_programme, nominate

    setup = make_programme(world)
    nomination = nominate(world, setup)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    nomination_url = f"{live_server.url}/manage/recognition/nominations/{nomination.pk}/"

    # Abdul, a member, declares a conflict: the page no longer offers him scoring.
    _sign_in(page, live_server, "abdul")
    page.goto(nomination_url)
    expect(page.locator("#unit-figures")).to_contain_text("Disdukcapil Kabupaten Buru")
    assert axe_violations(browser, page.url, cookies=context.cookies()) == []
    page.locator("input[name=has_conflict][value='1']").check()
    page.locator("#id_nature").fill("Nomine adalah adik ipar saya.")
    page.locator("form[action$='/declare/'] button[type=submit]").click()
    expect(page.locator("a[href$='/score/']")).to_have_count(0)

    # Siti, the chair, declares none, scores, decides and records an award.
    _sign_in(page, live_server, "siti")
    page.goto(nomination_url)
    page.locator("input[name=has_conflict][value='0']").check()
    page.locator("form[action$='/declare/'] button[type=submit]").click()
    page.locator("a[href$='/score/']").click()
    for criterion in setup.criteria:
        page.locator(f"#id_c{criterion.pk}").fill("90")
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator("main")).to_contain_text(re.compile(r"90[.,]00"))
    page.goto(f"{live_server.url}/manage/recognition/{setup.programme.pk}/decide/")
    page.locator("#id_decree_number").fill("800/45/2026")
    page.locator("#id_decree_date").fill("2026-10-05")
    page.locator("#id_reasons").fill("Nilai tertinggi pada kinerja.")
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator("#decisions")).to_be_visible()
    assert axe_violations(browser, page.url, cookies=context.cookies()) == []
    page.locator("a[href*='/awards/?placement=']").first.click()
    page.locator("#id_title").fill("Pelaksana Pelayanan Terbaik Triwulan III")
    page.locator("#id_reasons").fill("Peringkat pertama.")
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Pelaksana Pelayanan Terbaik Triwulan III")
    assert Award.objects.count() == 1

    # Anyone reads the award and the criteria on the public page.
    public = context.new_page()
    public.goto(f"{live_server.url}/apresiasi/{setup.programme.pk}/")
    expect(public.locator("main")).to_contain_text("Nurul Hasanah")
    assert axe_violations(browser, public.url) == []
    context.close()
