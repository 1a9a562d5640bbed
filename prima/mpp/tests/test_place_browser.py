"""An MPP's public page in a real browser (Debian's Chromium through Playwright) on a 360 px
phone: nothing scrolls sideways, the tenants and their services are visible, what to bring
unfolds without JavaScript. Skipped with a reason without Chromium (tests/conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import browser, require_chromium  # noqa: F401

require_chromium()

from playwright.sync_api import expect  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDE = "() => document.documentElement.scrollWidth - window.innerWidth"
SCREENSHOT = "/tmp/mpp-public-360.png"


def test_the_public_page_fits_a_phone(browser, live_server, world):  # noqa: F811
    from prima.mpp import place_actions as actions
    from prima.mpp.models import Tenant
    from prima.registry.models import ServiceUnit
    from prima.standards.models import ServiceStandard

    unit = ServiceUnit.objects.create(
        code="8171-MPP",
        agency=world.ambon,
        region=world.ambon_dukcapil.region,
        kind=ServiceUnit.Kind.MPP,
        name="Mal Pelayanan Publik Kota Ambon",
        address="Jl. Sultan Hairun No. 1, Kelurahan Honipopu, Kecamatan Sirimau, Kota Ambon",
        phone="0911-312345",
        opening_hours=[{"day": d, "opens": "08:00", "closes": "15:00"} for d in range(5)],
    )
    mpp = actions.create_mpp(unit, actor=world.ratna, latitude=-3.6954, longitude=128.1814)
    joined = dt.date(2024, 1, 2)
    dukcapil = actions.add_tenant(
        mpp,
        actor=world.ratna,
        name="Dinas Kependudukan dan Pencatatan Sipil Kota Ambon",
        kind=Tenant.Kind.REGIONAL,
        home_unit=world.ambon_dukcapil,
        joined_on=joined,
        floor="Lantai 1",
    )
    polres = actions.add_tenant(
        mpp,
        actor=world.ratna,
        name="Kepolisian Resor Pulau Ambon dan Pulau-Pulau Lease",
        kind=Tenant.Kind.VERTICAL,
        joined_on=joined,
        floor="Lantai 2",
    )
    for code in ("A-01", "A-02", "A-03"):
        actions.add_counter(dukcapil, actor=world.ratna, code=code)
    actions.add_counter(polres, actor=world.ratna, code="B-01")
    actions.add_offering(
        dukcapil,
        actor=world.ratna,
        new_name="Penerbitan KTP-el",
        home_service=world.ambon_ktp,
        daily_quota=120,
        pre_registration=True,
        registration_url="https://antrian.ambon.example.test/pendaftaran/ktp-el?layanan=dukcapil",
    )
    actions.add_offering(
        polres, actor=world.ratna, new_name="Surat Keterangan Catatan Kepolisian (SKCK)"
    )
    ServiceStandard.objects.create(
        service=world.ambon_ktp,
        version=1,
        status="published",
        decree_number="470/12/2026",
        decree_date=dt.date(2026, 1, 5),
        components={"persyaratan": ["Kartu Keluarga asli", "Surat pengantar RT/RW"]},
    )

    context = browser.new_context(viewport={"width": 360, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/mpp/8171-MPP/")
    expect(page.get_by_role("heading", name="Mal Pelayanan Publik Kota Ambon")).to_be_visible()
    expect(page.get_by_text("Kepolisian Resor Pulau Ambon dan Pulau-Pulau Lease")).to_be_visible()
    expect(page.get_by_text("Penerbitan KTP-el")).to_be_visible()
    expect(page.get_by_text("Surat Keterangan Catatan Kepolisian (SKCK)")).to_be_visible()
    page.locator("details.mpp-bring summary").first.click()
    expect(page.get_by_text("Kartu Keluarga asli")).to_be_visible()
    assert page.evaluate(WIDE) <= 0
    page.screenshot(path=SCREENSHOT, full_page=True)
    page.goto(live_server.url + "/mpp/")
    expect(page.get_by_role("link", name="Mal Pelayanan Publik Kota Ambon")).to_be_visible()
    assert page.evaluate(WIDE) <= 0
    context.close()
