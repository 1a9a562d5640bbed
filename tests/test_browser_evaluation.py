"""A PEKPPP cycle end to end in a real browser (Debian's Chromium through Playwright): an
agency runs a Mandiri cycle, assigns the evaluator, the unit self-assesses with Prima's records
beside each indicator, the evaluator scores, a service user rates on a phone, the unit contests a
score, the moderator decides, the cycle is published and ranked, and the evaluator plans
mentoring. The pages pass axe-core's WCAG 2.2 A/AA rules. Skipped with a reason without
Chromium (tests/conftest.py)."""

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


def _advance(page, live_server, cycle_pk: int) -> None:
    page.goto(f"{live_server.url}/manage/evaluation/{cycle_pk}/")
    page.locator("form[action$='/advance/'] button").click()
    expect(page.locator(".messages .error, .message.error")).to_have_count(0)


def test_an_evaluation_cycle_end_to_end(browser, live_server, world):
    from prima.evaluation.instrument import built_in
    from prima.evaluation.models import Contest, Cycle, Lokus

    instrument = built_in("pekppp-2023")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    # The Bagian Organisasi of Kab. Buru starts a Mandiri cycle and adds its Disdukcapil.
    _sign_in(page, live_server, "siti")
    page.goto(f"{live_server.url}/manage/evaluation/")
    page.locator("#id_name").fill("PEKPPP Mandiri Kabupaten Buru 2026")
    page.locator("#id_agency").select_option(str(world.buru.pk))
    page.locator("form.stack button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/manage/evaluation/\d+/$"))
    cycle = Cycle.objects.get()
    page.locator("#id_unit").select_option(str(world.buru_dukcapil.pk))
    page.locator("form[action$='/lokus/new/'] button").click()
    lokus = Lokus.objects.get()
    page.goto(f"{live_server.url}/manage/lokus/{lokus.pk}/")
    page.locator("#id_assign-evaluator").select_option(str(world.yohanis.pk))
    page.locator("form[action$='/assign/'] button").click()
    expect(page.locator("#evaluators-h + ul")).to_contain_text(world.yohanis.full_name)
    _advance(page, live_server, cycle.pk)

    # The unit's operator self-assesses: Prima's records stand beside the indicators.
    _sign_in(page, live_server, "abdul")
    page.goto(f"{live_server.url}/manage/lokus/{lokus.pk}/self-assessment/")
    expect(page.locator(".prefill").first).to_be_visible()
    assert axe_violations(browser, page.url, cookies=context.cookies()) == []
    for area in page.locator("textarea[name^='explanation_']").all():
        area.fill("Lihat bukti dukung.")
    page.locator("button[name=submit]").click()
    expect(page).to_have_url(re.compile(rf"/manage/lokus/{lokus.pk}/$"))
    lokus.refresh_from_db()
    assert lokus.submitted_at is not None

    _sign_in(page, live_server, "siti")
    _advance(page, live_server, cycle.pk)

    # A service user rates the unit on a phone, without an account.
    phone = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    phone.goto(f"{live_server.url}/evaluasi/{lokus.user_token}/")
    assert axe_violations(browser, phone.url) == []
    phone.locator("input[name='item_sikap'][value='4']").check()
    phone.locator("input[name='item_waktu'][value='3']").check()
    phone.locator("button.send").click()
    expect(phone).to_have_url(re.compile(r"/terima-kasih/$"))
    phone.context.close()

    # The evaluator scores every indicator.
    _sign_in(page, live_server, "yohanis")
    page.goto(f"{live_server.url}/manage/lokus/{lokus.pk}/score/")
    for code in instrument.indicators:
        name = "score_" + code.replace(".", "_")
        page.locator(f"input[name='{name}'][value='3']").check()
    page.locator("form.stack button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/manage/lokus/{lokus.pk}/$"))
    expect(page.locator("p.big")).to_contain_text(re.compile(r"3[.,]00"))

    _sign_in(page, live_server, "siti")
    _advance(page, live_server, cycle.pk)

    # The unit contests one score; the moderator accepts it.
    _sign_in(page, live_server, "abdul")
    page.goto(f"{live_server.url}/manage/lokus/{lokus.pk}/")
    page.locator("#verification details summary").first.click()
    page.locator("#id_contest-indicator").select_option("18.c.K")
    page.locator("#id_contest-proposed_score").select_option("4")
    page.locator("#id_contest-reason").fill("Ramp dan kursi roda sudah tersedia.")
    page.locator("form[action$='/contests/'] button").click()
    contest = Contest.objects.get()
    _sign_in(page, live_server, "siti")
    page.goto(f"{live_server.url}/manage/lokus/{lokus.pk}/")
    assert axe_violations(browser, page.url, cookies=context.cookies()) == []
    page.locator(f"#decide-{contest.pk}-accept").check()
    page.locator(f"#decide-{contest.pk}-note").fill("Foto fasilitas diterima.")
    page.locator(f"form[action$='/contests/{contest.pk}/decide/'] button").click()
    contest.refresh_from_db()
    assert contest.status == Contest.Status.ACCEPTED

    # The unit accepts its scores; the cycle is published and ranked.
    _sign_in(page, live_server, "abdul")
    page.goto(f"{live_server.url}/manage/lokus/{lokus.pk}/")
    page.locator("form[action$='/accept/'] button").click()
    _sign_in(page, live_server, "siti")
    _advance(page, live_server, cycle.pk)
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.PUBLISHED
    page.goto(f"{live_server.url}/manage/evaluation/{cycle.pk}/results/?by=agency")
    expect(page.locator("table").nth(1)).to_contain_text(world.buru_dukcapil.name)
    assert axe_violations(browser, page.url, cookies=context.cookies()) == []

    # Below the priority line: the evaluator saves the drafted recommendation and plans mentoring.
    page.goto(f"{live_server.url}/manage/evaluation/{cycle.pk}/priorities/")
    expect(page.locator("tbody tr").first).to_contain_text(world.buru_dukcapil.name)
    _sign_in(page, live_server, "yohanis")
    page.goto(f"{live_server.url}/manage/lokus/{lokus.pk}/")
    page.locator("#mentoring details summary").first.click()
    page.locator("#mentoring form[action$='/recommendations/'] button").first.click()
    page.goto(f"{live_server.url}/manage/lokus/{lokus.pk}/")
    page.locator("form[action$='/sessions/']").locator("xpath=..").locator("summary").click()
    page.locator("#id_session-held_on").fill("2026-11-20")
    page.locator("#id_session-mode").select_option("online")
    page.locator("#id_session-topic").fill("Fasilitas kelompok rentan")
    page.locator("#id_session-attendees").fill("Abdul — Operator")
    page.locator("form[action$='/sessions/'] button").click()
    page.goto(f"{live_server.url}/manage/lokus/{lokus.pk}/action-plan/")
    page.locator("#id_action").fill("Sediakan ruang laktasi")
    page.locator("#id_owner").fill("Kasubag Umum")
    page.locator("#id_due_on").fill("2027-03-31")
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator("#mentoring")).to_contain_text("Sediakan ruang laktasi")
    assert lokus.recommendations.exists() and lokus.sessions.count() == 1
    context.close()
