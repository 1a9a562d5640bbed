"""Breach response, rule 6 (issue 27 item 5): what a compromised account took away — a person's
data exported from a request, a list of people downloaded from a page — names the people in
it, from the security log, which keeps the ids of a downloaded list's records."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from prima.accounts.models import AuditEvent
from prima.coaching import actions as coaching_actions
from prima.coaching.tests.test_flow import make_event
from prima.privacy import breach, datarequests
from prima.privacy.models import Incident
from prima.privacy.tests.test_breach import _complaint
from prima.test import make_user, sign_in

pytestmark = pytest.mark.django_db


def _download(client: Client, url: str, **params: str) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def scene(world):
    mallory = make_user("mallory", role="agency_admin", agency=world.buru)
    event = make_event(world)
    ani = coaching_actions.register(
        event,
        actor=world.siti,
        agency=world.buru,
        name="Ani Peserta",
        position="Staf",
        email="ani@buru.go.id",
    )
    budi = coaching_actions.register(
        event,
        actor=world.marthen,
        agency=world.ambon,
        name="Budi Peserta",
        position="Staf",
        email="budi@ambon.go.id",
    )
    first = _complaint(world, "P-1", "Ani", "ani@example.test")
    second = _complaint(world, "P-2", "Budi")
    incident = Incident.objects.create(
        title="Akun admin Buru dibobol",
        what_happened="Kata sandi bocor.",
        how_discovered="Laporan pengguna.",
        discovered_at=timezone.now(),
        started_at=timezone.now() - timedelta(hours=1),
    )
    incident.accounts.add(mallory)
    return mallory, event, (ani, budi), (first, second), incident


def test_a_downloaded_list_names_exactly_the_people_it_held(world, scene):
    mallory, event, (ani, budi), (first, second), incident = scene
    client = sign_in(Client(), mallory)
    rows = _download(client, reverse("manage:coaching_participants_csv", args=[event.pk]))
    assert "ani@buru.go.id" in rows and "budi@ambon.go.id" not in rows  # Buru's only
    _download(client, reverse("manage:complaint_queue"), format="csv", status="all")

    logged = AuditEvent.objects.filter(kind="personal_list_downloaded", actor=mallory)
    assert sorted((e.detail["list"], e.detail["ids"]) for e in logged) == [
        ("coaching_participants", [ani.pk]),
        ("complaints", sorted([first.pk, second.pk])),
    ]
    assert all("Ani" not in str(e.detail) for e in logged)  # ids, never a value

    with translation.override("en"):
        report = breach.build_report(incident)
    found = {
        (s.kind, s.reference): sorted(s.fields)
        for s in report.subjects.values()
        if s.kind != "staff"
    }
    assert found == {
        ("participant", f"#{ani.pk}"): ["coaching.email", "coaching.name", "coaching.position"],
        ("complainant", "P-1"): ["complaint.title"],
        ("complainant", "P-2"): ["complaint.title"],
    }
    complainant = report.subjects[("complainant", first.pk)]
    assert (complainant.name, complainant.email) == ("Ani", "ani@example.test")  # for the letter
    assert [e.rule for e in complainant.evidence] == ["downloaded"]
    assert "the complaints queue" in complainant.evidence[0].text
    assert len(report.downloads) == 2


def test_downloads_by_other_accounts_or_outside_the_window_add_nobody(world, scene):
    mallory, event, (ani, budi), (first, second), incident = scene
    url = reverse("manage:coaching_participants_csv", args=[event.pk])
    with time_machine.travel(timezone.now() - timedelta(hours=3)):
        _download(sign_in(Client(), mallory), url)  # before the window
    _download(sign_in(Client(), world.siti), url)  # not a compromised account
    report = breach.build_report(incident)
    assert {s.kind for s in report.subjects.values()} == {"staff"}
    assert report.downloads == []


def test_a_persons_data_exported_by_a_compromised_account_names_them(world, scene):
    mallory, event, (ani, budi), (first, second), incident = scene
    request = datarequests.file_request(first, kind="access")
    client = sign_in(Client(), mallory)
    _download(client, reverse("manage:privacy_request_export", args=[request.pk, "csv"]))
    report = breach.build_report(incident)
    subject = report.subjects[("complainant", first.pk)]
    assert sorted(subject.fields) == [
        "complaint.description",
        "complaint.title",
        "identity.email",
        "identity.name",
    ]
    assert request.receipt in subject.evidence[0].text


def test_the_report_page_lists_the_downloads(world, scene):
    mallory, event, (ani, budi), (first, second), incident = scene
    _download(
        sign_in(Client(), mallory),
        reverse("manage:coaching_participants_csv", args=[event.pk]),
    )
    client = sign_in(Client(), world.ratna)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("manage:privacy_incident_report", args=[incident.pk]))
    text = page.content.decode()
    assert "the participants of a coaching event, 1 row" in text
    assert "Ani Peserta" in text


def test_the_security_log_csv_download_is_itself_recorded(world):
    client = sign_in(Client(), world.ratna)
    _download(client, reverse("manage:audit_log"), format="csv")
    assert AuditEvent.objects.filter(
        kind="personal_list_downloaded", actor=world.ratna, detail__list="security_log"
    ).exists()
    # The log's page names the list in words, in Indonesian, and keeps the ids to the CSV.
    page = client.get(reverse("manage:audit_log")).content.decode()
    assert "Daftar berisi data pribadi diunduh" in page and "log keamanan" in page
    assert "security_log" not in page
