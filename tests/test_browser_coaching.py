"""The coaching programme in a real browser (Debian's Chromium through Playwright): an agency
registers a participant for a bimtek, the participant checks in on a phone with the QR page,
and after the event the agency reports its follow-up task done with a service standard it set
linked as evidence. The pages pass axe-core's WCAG 2.2 A/AA rules. Skipped with a reason
without Chromium (tests/conftest.py)."""

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


def test_register_check_in_and_report_a_follow_up(browser, live_server, world):
    from django.utils import timezone

    from prima.coaching import actions
    from prima.coaching.models import Event, FollowUpTask, Participant
    from prima.registry.models import CoordinationRegion, Region
    from prima.standards.tests.factories import set_standard

    start = timezone.now() + dt.timedelta(days=2)
    event = actions.create_event(
        actor=world.ratna,
        topics=["standar_pelayanan", "fkp"],
        title="Bimtek Standar Pelayanan Wilayah III",
        kind=Event.Kind.BIMTEK,
        mode=Event.Mode.ONLINE,
        meeting_link="https://zoom.example/j/1",
        coordination_region=CoordinationRegion.objects.get(code="III"),
        venue_province=Region.objects.get(code="81"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=4),
    )
    actions.invite(event, actor=world.ratna, agencies=[world.buru, world.ambon])
    actions.publish_event(event, actor=world.ratna)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    # Buru's administrator registers a participant from the event page.
    _sign_in(page, live_server, "siti")
    page.goto(f"{live_server.url}/manage/coaching/")
    page.get_by_role("link", name=event.title).click()
    expect(page).to_have_url(re.compile(rf"/manage/coaching/{event.pk}/$"))
    assert axe_violations(browser, page.url, cookies=context.cookies()) == []
    page.locator(f"a[href$='/coaching/{event.pk}/register/']").click()
    page.locator("#id_agency").select_option(str(world.buru.pk))
    page.locator("#id_name").fill("Maria Sahetapy")
    page.locator("#id_position").fill("Analis Kebijakan")
    page.locator("#id_unit").select_option(str(world.buru_dukcapil.pk))
    page.locator("#id_email").fill("maria@buru.example.go.id")
    assert axe_violations(browser, page.url, cookies=context.cookies()) == []
    page.locator("form.stack button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/manage/coaching/{event.pk}/#participants$"))
    person = Participant.objects.get()
    expect(page.locator("#participants ~ .table-wrap").first).to_contain_text(person.code)

    # The event starts; she checks in on her phone through the QR page.
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=20),
        ends_at=timezone.now() + dt.timedelta(hours=3),
    )
    phone = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    phone.goto(f"{live_server.url}/pembinaan/{event.token}/")
    assert axe_violations(browser, phone.url) == []
    phone.locator("#id_in-code").fill(person.code.lower())
    phone.locator("form:has(#id_in-code) button").click()
    expect(phone.locator(".messages")).to_contain_text("Maria Sahetapy")
    person.refresh_from_db()
    assert person.attendance_source == Participant.Source.QR
    phone.context.close()

    # After the event the organiser set a task; Buru reports it done with the standard it set.
    Event.objects.filter(pk=event.pk).update(
        starts_at=dt.datetime(2025, 12, 1, 9, tzinfo=dt.UTC),
        ends_at=dt.datetime(2025, 12, 1, 13, tzinfo=dt.UTC),
    )
    event.refresh_from_db()
    [task] = actions.set_tasks(
        event,
        actor=world.ratna,
        agencies=[world.buru],
        title="Tetapkan standar pelayanan KTP-el",
        evidence=FollowUpTask.Evidence.STANDARD_SET,
        due_on=dt.date(2026, 6, 30),
    )
    standard = set_standard(world.buru_ktp)  # set by decree in January 2026
    page.goto(f"{live_server.url}/manage/coaching/tasks/")
    page.get_by_role("link", name=task.title).click()
    expect(page).to_have_url(re.compile(rf"/manage/coaching/tasks/{task.pk}/$"))
    assert axe_violations(browser, page.url, cookies=context.cookies()) == []
    page.locator("#id_progress").fill("100")
    page.locator("#id_note").fill("SK standar pelayanan KTP-el ditetapkan setelah FKP.")
    page.locator("#id_standard").select_option(str(standard.pk))
    page.locator("#id_done").check()
    page.locator("form[action$='/report/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/manage/coaching/tasks/{task.pk}/$"))
    task.refresh_from_db()
    assert (task.status, task.progress) == (FollowUpTask.Status.DONE, 100)
    expect(page.locator("main")).to_contain_text(world.buru_ktp.name)

    # The reach page, map and tables, for the Maluku evaluator.
    _sign_in(page, live_server, "yohanis")
    page.goto(f"{live_server.url}/manage/coaching/reach/")
    expect(page.locator("figure.reach-map svg.choropleth path").first).to_be_attached()
    assert axe_violations(browser, page.url, cookies=context.cookies()) == []
