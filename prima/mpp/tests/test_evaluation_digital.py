"""The MPP Digital readiness checklist pages: the 11 criteria, their state, evidence and
history, for those who read and those who manage the MPP."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from prima.mpp.models import DigitalCriterion, Mpp
from prima.registry.models import Region, ServiceUnit
from prima.test import sign_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _english(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("en"):
        yield


@pytest.fixture
def mpp(world):
    unit = ServiceUnit.objects.create(
        code="8171-MPP",
        agency=world.ambon,
        region=Region.objects.get(code="81.71"),
        kind=ServiceUnit.Kind.MPP,
        name="Mal Pelayanan Publik Kota Ambon",
    )
    return Mpp.objects.create(unit=unit)


def _client(client, user):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return sign_in(client, user)


def test_an_empty_checklist_teaches(client, world, mpp):
    page = _client(client, world.marthen).get(reverse("manage:mpp_digital", args=["8171-MPP"]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "0 of 11 ready" in text
    assert "Nothing recorded yet" in text
    assert text.count("Not started") == 11


def test_a_manager_records_a_criterion_with_a_file_and_its_history(client, world, mpp):
    c = _client(client, world.marthen)
    url = reverse("manage:mpp_digital_edit", args=["8171-MPP", "antrean"])
    assert c.get(url).status_code == 200
    response = c.post(
        url,
        {
            "state": "siap",
            "evidence_url": "https://antrean.example.test/",
            "evidence_file": SimpleUploadedFile("antrean.pdf", PDF, "application/pdf"),
            "note": "Antrean daring berjalan.",
        },
    )
    assert response.status_code == 302
    row = DigitalCriterion.objects.get(mpp=mpp, code="antrean")
    assert row.state == "siap" and row.evidence_file and row.updated_by == world.marthen
    page = c.get(reverse("manage:mpp_digital", args=["8171-MPP"])).content.decode()
    assert "1 of 11 ready" in page
    assert reverse("manage:mpp_digital_file", args=["8171-MPP", "antrean"]) in page
    download = c.get(reverse("manage:mpp_digital_file", args=["8171-MPP", "antrean"]))
    assert download.status_code == 200
    c.post(url, {"state": "proses", "evidence_url": "", "note": "", "remove_file": "on"})
    row.refresh_from_db()
    assert row.state == "proses" and not row.evidence_file
    assert row.history.count() == 2
    assert "History" in c.get(url).content.decode()


def test_a_bad_state_or_address_comes_back_with_a_message(client, world, mpp):
    c = _client(client, world.marthen)
    url = reverse("manage:mpp_digital_edit", args=["8171-MPP", "antrean"])
    response = c.post(url, {"state": "done", "evidence_url": "not an address"})
    assert response.status_code == 400
    assert not DigitalCriterion.objects.exists()


@pytest.mark.parametrize(
    ("persona", "read", "change"),
    [("ratna", 200, 200), ("marthen", 200, 200), ("siti", 404, 404), ("abdul", 404, 404)],
)
def test_who_reads_and_who_changes_the_checklist(client, world, mpp, persona, read, change):
    c = _client(client, getattr(world, persona))
    assert c.get(reverse("manage:mpp_digital", args=["8171-MPP"])).status_code == read
    edit = reverse("manage:mpp_digital_edit", args=["8171-MPP", "skm"])
    assert c.get(edit).status_code == change


def test_an_unknown_criterion_or_a_missing_file_is_404(client, world, mpp):
    c = _client(client, world.marthen)
    assert c.get(reverse("manage:mpp_digital_edit", args=["8171-MPP", "x"])).status_code == 404
    assert c.get(reverse("manage:mpp_digital_file", args=["8171-MPP", "skm"])).status_code == 404
