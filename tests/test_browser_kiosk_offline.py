"""The offline kiosk in a real browser (Debian's Chromium through Playwright, ADR 0018): an
enrolled tablet loads the kiosk once online (its service worker keeps the pages), loses the
connection, takes three answers, is reloaded, shows "3 menunggu dikirim", and sends them when
the connection returns — three responses, stored once each, even when the same batch is sent
again. Skipped with a reason without Chromium (tests/conftest.py).

With PRIMA_SCREENSHOTS set, the test saves PNGs to /tmp/prima-shots/ for a person to look at."""

from __future__ import annotations

import re

import pytest

from tests.conftest import require_chromium

require_chromium()

from playwright.sync_api import expect  # noqa: E402

from tests.test_browser_survey import (  # noqa: E402
    KIOSK,
    _answer,
    _enrol,
    _no_sideways_scrolling,
    _shot,
    open_period,  # noqa: F401 - a fixture
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THANKS = re.compile("Terima kasih|Thank you")
# Generous waits: the pages come from the service worker and IndexedDB on a loaded CI machine.
WAIT = 30_000
# Resolves once the kiosk's service worker controls the page.
CONTROLLED = """() => navigator.serviceWorker.controller ? true : new Promise((resolve) => {
  navigator.serviceWorker.addEventListener("controllerchange", () => resolve(true));
})"""
# Everything the outbox holds, as the page's script keeps it.
READ_OUTBOX = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("prima-kiosk", 1);
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const read = open.result.transaction("outbox").objectStore("outbox").getAll();
    read.onsuccess = () => resolve(read.result);
    read.onerror = () => reject(read.error);
  };
})"""


def test_an_offline_kiosk_keeps_three_answers_and_sends_them_once_each(
    browser,
    live_server,
    open_period,  # noqa: F811 - the fixture imported above
    world,
    monkeypatch,
):
    from prima.surveys import outbox
    from prima.surveys.models import SurveyResponse

    # Chromium's offline emulation is not airtight: once in CI, two of the outbox's requests
    # from the service-worker-controlled page reached the live server while the context was
    # "offline" (a lost reply: the tablet kept them and they came back as duplicates). So while
    # the test says offline, the server refuses every batch as well (a 400 the outbox keeps
    # its answers through, as it would through no network at all).
    offline = {"on": False, "refused": 0}
    read_batch = outbox.read_batch

    def read_batch_unless_offline(body: bytes):  # type: ignore[no-untyped-def]
        if offline["on"]:
            offline["refused"] += 1
            raise outbox.BatchError("offline (the test's network)")
        return read_batch(body)

    monkeypatch.setattr(outbox, "read_batch", read_batch_unless_offline)

    kiosk, context, page = _enrol(browser, live_server, world)
    # Rows another test's own connection committed may be there already (PostgreSQL): this
    # test counts only what it adds.
    before = SurveyResponse.objects.count()
    # Online: the service worker installs, keeps the kiosk's pages and takes control.
    page.evaluate(CONTROLLED)
    status = page.locator("#kiosk-outbox .kiosk-outbox-count")
    expect(status).to_have_text(re.compile("Semua jawaban terkirim|All answers sent"), timeout=WAIT)

    context.set_offline(True)
    offline["on"] = True
    for _ in range(3):
        _answer(page)
        page.locator("form.survey button[type=submit]").click()
        expect(page.locator("h1")).to_have_text(THANKS, timeout=WAIT)  # the kept thank-you page
        page.goto(live_server.url + KIOSK)  # the kept form, as the thank-you page would
        expect(page.locator("ol.questions fieldset.question")).to_have_count(9, timeout=WAIT)

    page.reload()  # served by the service worker, with no connection
    expect(page.locator("ol.questions fieldset.question")).to_have_count(9, timeout=WAIT)
    expect(status).to_contain_text(
        re.compile("3 menunggu dikirim|3 waiting to be sent"), timeout=WAIT
    )
    expect(page.get_by_role("button", name=re.compile("Kirim sekarang|Send now"))).to_be_visible(
        timeout=WAIT
    )
    _no_sideways_scrolling(page)
    _shot(page, "kiosk-offline-pending")
    queued = page.evaluate(READ_OUTBOX)
    assert len(queued) == 3 and len({item["id"] for item in queued}) == 3
    assert {item["kiosk"] for item in queued} == {kiosk.pk}
    assert all(item["version"] and item["captured_at"] for item in queued)
    assert SurveyResponse.objects.count() == before  # nothing reached the server offline

    # The connection returns: the outbox is sent by itself, and forgets what was stored.
    offline["on"] = False
    context.set_offline(False)
    expect(status).to_have_text(re.compile("Semua jawaban terkirim|All answers sent"), timeout=WAIT)
    assert page.evaluate(READ_OUTBOX) == []
    stored = SurveyResponse.objects.filter(kiosk=kiosk).order_by("pk")
    assert SurveyResponse.objects.count() == before + 3
    assert sorted(r.submission_key for r in stored) == sorted(item["id"] for item in queued)
    assert {(r.channel, r.kiosk_id, r.is_flagged) for r in stored} == {("kiosk", kiosk.pk, False)}

    # The same batch sent again (a lost reply): each answer is a duplicate, nothing is added.
    statuses = page.evaluate(
        """([endpoint, items]) => fetch(endpoint, {
             method: "POST", credentials: "same-origin",
             headers: {"Content-Type": "application/json", "X-Prima-Kiosk": "1"},
             body: JSON.stringify({sent_at: new Date().toISOString(), items: items})
           }).then(r => r.json()).then(body => body.results.map(r => r.status))""",
        [KIOSK + "outbox/", [{k: v for k, v in i.items() if k != "endpoint"} for i in queued]],
    )
    assert statuses == ["duplicate"] * 3
    assert SurveyResponse.objects.count() == before + 3
    context.close()
