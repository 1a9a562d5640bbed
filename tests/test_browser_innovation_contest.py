"""An innovation competition in a real browser (Debian's Chromium through Playwright): a unit
operator enters the unit's innovation, answers the rubric's questions with evidence and
submits it; after the administrative check a reviewer declares no conflict of interest and
scores it. The pages pass axe-core's WCAG 2.2 A/AA rules. Skipped with a reason without
Chromium (tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
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


def test_a_unit_submits_an_innovation_and_a_reviewer_scores_it(
    browser, live_server, world, tmp_path, settings
):
    from django.utils import timezone

    from prima.innovation import contest_actions as actions
    from prima.innovation.models import Review, Submission, Window
    from prima.innovation.tests.contest_support import innovation, ready_competition
    from prima.test import make_user

    settings.MEDIA_ROOT = tmp_path / "media"
    now = timezone.now()
    competition = ready_competition(
        world.ratna,
        windows={
            Window.Stage.REGISTRATION: (now - dt.timedelta(days=1), now + dt.timedelta(days=7)),
            Window.Stage.DESK: (now + dt.timedelta(days=8), now + dt.timedelta(days=20)),
        },
    )
    item = innovation(world.buru_dukcapil, "Dukcapil Jemput Bola")
    reviewer = make_user("prof.ani")
    evidence = tmp_path / "bukti.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% bukti dukung\n")

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    # The unit's operator enters the innovation from the competition's page.
    _sign_in(page, live_server, "abdul")
    page.goto(f"{live_server.url}/manage/kompetisi/")
    page.get_by_role("link", name="KIPP 2026").click()
    assert axe_violations(browser, page.url, cookies=context.cookies()) == []
    page.get_by_role("link", name=re.compile("^(Daftarkan inovasi|Enter an innovation)$")).click()
    page.locator("#id_innovation").select_option(str(item.pk))
    page.locator("#id_group").select_option(str(competition.groups.get().pk))
    page.locator("#id_category").select_option(str(competition.categories.get().pk))
    page.locator("form.stack button[type=submit]").click()
    submission = Submission.objects.get(innovation=item)
    expect(page).to_have_url(re.compile(rf"/manage/kompetisi/entries/{submission.pk}/answers/$"))
    criteria = {c.code: c for c in competition.groups.get().criteria.all()}
    page.locator(f"#id_text_{criteria['signifikansi'].pk}").fill(
        "Waktu pengurusan dokumen turun dari 14 hari menjadi 1 hari."
    )
    page.locator(f"#id_text_{criteria['kebaruan'].pk}").fill("Petugas datang ke desa.")
    page.locator(f"#id_evidence_{criteria['signifikansi'].pk}").set_input_files(str(evidence))
    assert axe_violations(browser, page.url, cookies=context.cookies()) == []
    page.screenshot(path="/tmp/contest-answers.png", full_page=True)
    page.locator("form.stack button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/manage/kompetisi/entries/{submission.pk}/$"))
    page.locator(f"form[action$='/entries/{submission.pk}/submit/'] button").click()
    expect(page.locator(".messages")).to_contain_text(re.compile("(Diajukan|Submitted)"))
    page.screenshot(path="/tmp/contest-submitted.png", full_page=True)
    submission.refresh_from_db()
    assert submission.state == Submission.State.SUBMITTED

    # The secretariat passes it and assigns the reviewer.
    actions.check_entry(submission, actor=world.ratna, passed=True)
    actions.assign_reviewer(submission, actor=world.ratna, reviewer=reviewer)

    # The reviewer declares no conflict, reads the answers and scores.
    _sign_in(page, live_server, "prof.ani")
    page.goto(f"{live_server.url}/manage/kompetisi/reviews/")
    page.get_by_role("link", name="Dukcapil Jemput Bola").click()
    expect(page.locator("main")).not_to_contain_text("14 hari menjadi 1 hari")
    page.locator("#id_conflict_0").check()
    page.locator("button[name=declare]").click()
    expect(page.locator("main")).to_contain_text("14 hari menjadi 1 hari")
    page.locator(f"#id_score_{criteria['signifikansi'].pk}").fill("88")
    page.locator(f"#id_score_{criteria['kebaruan'].pk}").fill("75")
    page.locator("#id_comment").fill("Dampak terukur.")
    assert axe_violations(browser, page.url, cookies=context.cookies()) == []
    page.locator("button[name=score]").click()
    expect(page.locator(".messages")).to_contain_text(re.compile("(Nilai disimpan|Scores saved)"))
    page.screenshot(path="/tmp/contest-scored.png", full_page=True)
    review = Review.objects.get(submission=submission)
    assert review.state == Review.State.DONE
    assert {s.criterion.code: s.score for s in review.scores.all()} == {
        "signifikansi": 88,
        "kebaruan": 75,
    }
    context.close()
