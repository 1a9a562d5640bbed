"""The MPP dashboard in a real browser (Debian's Chromium through Playwright): Kota Ambon's
administrator signs in and opens the dashboard of a month of figures on a 360 px phone and on
a desktop, with JavaScript off; the page does not scroll sideways (its tables scroll in their
own box), the chart shows the layout that fits, and the page passes axe-core's WCAG 2.2 A/AA
rules. Screenshots land in /tmp/mpp-dashboard-<width>.png. Skipped without Chromium."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.conftest import axe_violations, browser, require_chromium  # noqa: F401

require_chromium()

from playwright.sync_api import expect  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDE = "() => document.documentElement.scrollWidth - window.innerWidth"


def _month_of_figures(world):
    from prima.mpp import dashboard as reads
    from prima.mpp.models import Counter
    from prima.mpp.tests.test_dashboard_figures import (
        hourly,
        make_mpp,
        make_tenant,
        mpp_day,
        tenant_day,
    )

    mpp = make_mpp(world)
    today = reads.local_today(mpp)
    names = [
        "Dinas Kependudukan dan Pencatatan Sipil Kota Ambon",
        "Kepolisian Resor Kota Pulau Ambon dan Pulau-Pulau Lease",
        "BPJS Kesehatan Cabang Ambon",
        "Perumda Air Minum Tirta Yapono",
    ]
    tenants = [make_tenant(mpp, name) for name in names]
    for tenant in tenants:
        Counter.objects.create(tenant=tenant, code=f"{tenant.name[0]}-01")
    for n in range(1, 29):
        date = today - dt.timedelta(days=n)
        absent = n % 3 == 0
        mpp_day(
            mpp,
            date,
            visitors=120 + n,
            transactions=110 + n,
            wait_minutes=(110 + n) * 17,
            service_minutes=(110 + n) * 6,
            tenants=4,
            tenants_absent=1 if absent else 0,
            counters=4,
            counters_idle=1 if n % 5 == 0 else 0,
            hourly=hourly(h8=30, h9=45 + n, h10=25, h11=12, h12=5, h13=3),
        )
        tenant_day(
            tenants[0],
            date,
            visitors=80 + n,
            transactions=75 + n,
            wait_minutes=(75 + n) * 20,
            service_minutes=(75 + n) * 7,
            counters=1,
            counters_staffed=1,
        )
        tenant_day(tenants[1], date, visitors=40, transactions=35, wait_minutes=350, counters=1)
        tenant_day(tenants[2], date, counters=1, is_absent=absent, counters_staffed=int(not absent))
        tenant_day(tenants[3], date, counters=1, counters_staffed=1)
    return mpp


@pytest.mark.parametrize("width", [360, 1280])
def test_the_dashboard_fits_the_screen_without_javascript(
    browser,  # noqa: F811
    live_server,
    world,
    width,
):
    from prima.test import PASSWORD

    mpp = _month_of_figures(world)
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_username").fill("marthen")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("^(Masuk|Sign in)$")).click()
    expect(page).to_have_url(re.compile(r"/manage/"))
    url = f"{live_server.url}/manage/mpp/{mpp.unit.code}/dasbor/"
    page.goto(url)
    expect(page.locator("table.mpp-dash-tenants")).to_contain_text("BPJS Kesehatan Cabang Ambon")
    expect(page.locator("ul.mpp-dash-figures li")).to_have_count(7)
    page.locator("#f-period").select_option("7")
    page.locator("form.mpp-dash-period button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"period=7"))
    page.goto(url)
    assert page.evaluate(WIDE) <= 0
    shown = ".chart-narrow" if width < 600 else ".chart-wide"
    expect(page.locator(f"figure.chart {shown} svg")).to_be_visible()
    page.screenshot(path=f"/tmp/mpp-dashboard-{width}.png", full_page=True)
    cookies = context.cookies()
    context.close()
    viewport = {"width": width, "height": 900}
    assert axe_violations(browser, url, cookies=cookies, viewport=viewport) == []
