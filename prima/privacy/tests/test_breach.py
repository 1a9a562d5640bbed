"""Breach response (issue 27 item 5): the 3×24-hour clock, the report of who and what an
incident touched, the pages and the PDF drafts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from prima.accounts.models import AuditEvent
from prima.complaints.models import ClockPolicy, Complaint, Event, Identity
from prima.jobs.models import Export
from prima.lib.tests import pdfcheck
from prima.privacy import breach
from prima.privacy.breach_documents import authority_notice_pdf, subject_letter_pdf
from prima.privacy.models import Incident, RecordKind
from prima.test import make_user, make_world, sign_in

START = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)
END = datetime(2026, 11, 3, 0, 0, tzinfo=UTC)
INSIDE = START + timedelta(hours=5)
OUTSIDE = END + timedelta(hours=5)


@pytest.mark.parametrize(
    ("after", "overdue"),
    [
        (timedelta(hours=71, minutes=59), False),
        (timedelta(hours=72), False),  # the deadline itself is still in time
        (timedelta(hours=72, seconds=1), True),
        (timedelta(days=4), True),
    ],
)
def test_notice_is_due_72_calendar_hours_after_discovery(after, overdue):
    discovered = datetime(2026, 12, 24, 22, 0, tzinfo=UTC)  # over Christmas: hours still count
    incident = Incident(discovered_at=discovered, started_at=discovered)
    assert breach.notice_deadline(discovered) == datetime(2026, 12, 27, 22, 0, tzinfo=UTC)
    assert breach.is_overdue(incident, now=discovered + after) is overdue
    incident.notified_subjects_at = incident.notified_authority_at = discovered
    assert breach.is_overdue(incident, now=discovered + after) is False


def _complaint(world, number: str, name: str, email: str = "") -> Complaint:
    complaint = Complaint.objects.create(
        public_id=number,
        title=f"Keluhan {number}",
        description="KTP belum jadi",
        agency=world.buru,
        unit=world.buru_dukcapil,
        channel="web",
        status="dispatched",
        received_at=START - timedelta(days=3),
        step_started_at=START - timedelta(days=3),
        policy=ClockPolicy.objects.first(),
    )
    Identity.objects.create(complaint=complaint, name=name, email=email)
    return complaint


def _viewed(actor, complaint, at):
    AuditEvent.objects.create(
        kind=AuditEvent.Kind.IDENTITY_VIEWED,
        actor=actor,
        username=actor.username,
        target_type="complaints.complaint",
        target_id=str(complaint.pk),
        at=at,
    )


@pytest.fixture
def scenario(db):
    world = make_world()
    mallory = make_user("mallory", role="agency_admin", agency=world.buru)
    first = _complaint(world, "P-1", "Ani", "ani@example.test")
    second = _complaint(world, "P-2", "Budi")
    third = _complaint(world, "P-3", "Citra", "citra@example.test")
    _viewed(mallory, first, INSIDE)
    _viewed(mallory, second, INSIDE + timedelta(minutes=3))
    _viewed(mallory, third, OUTSIDE)  # after the window: not this incident
    _viewed(world.siti, third, INSIDE)  # not a compromised account
    Export.objects.create(
        requested_by=mallory,
        kind="picture-xlsx",
        title="Gambaran nasional",
        language="id",
        created_at=INSIDE,
        expires_at=END + timedelta(days=7),
    )
    # A change in the window, by the compromised account, in a history table.
    with time_machine.travel(INSIDE + timedelta(hours=1), tick=False):
        world.abdul.phone = "0812 0000"
        world.abdul._history_user = mallory
        world.abdul.save()
    incident = Incident.objects.create(
        title="Akun admin Buru dibobol",
        what_happened="Kata sandi bocor.",
        how_discovered="Laporan pengguna.",
        discovered_at=END,
        started_at=START,
        ended_at=END,
    )
    incident.accounts.add(mallory)
    return world, mallory, incident, (first, second, third)


def test_report_lists_exactly_the_people_and_fields_the_log_shows(scenario):
    world, mallory, incident, (first, second, third) = scenario
    report = breach.build_report(incident)
    found = {(s.kind, s.reference): sorted(s.fields) for s in report.subjects.values()}
    assert found == {
        ("complainant", "P-1"): ["identity.email", "identity.name"],
        ("complainant", "P-2"): ["identity.name"],
        ("staff", "abdul"): ["user.phone"],
        ("staff", "mallory"): ["user.email", "user.full_name", "user.username"],
    }
    evidence = report.subjects[("complainant", first.pk)].evidence
    assert [e.rule for e in evidence] == ["identity_viewed"]
    assert [e.title for e in report.exports] == ["Gambaran nasional"]
    assert report.per_kind() == [("complainant", 2), ("staff", 2)]
    assert ("complainant", "identity.name", 2) in report.per_field()


def test_a_step_in_a_complaint_counts_its_text(scenario):
    world, mallory, incident, (first, second, third) = scenario
    Event.objects.create(complaint=third, at=INSIDE, action="note", actor=mallory)
    report = breach.build_report(incident)
    assert sorted(report.subjects[("complainant", third.pk)].fields) == [
        "complaint.description",
        "complaint.title",
    ]


def test_scope_lists_everyone_the_named_unit_holds(scenario):
    world, mallory, incident, (first, second, third) = scenario
    incident.accounts.clear()
    incident.units.add(world.buru_dukcapil)
    incident.record_kinds = ["complaint_identity"]
    incident.save()
    report = breach.build_report(incident)
    assert sorted(s.reference for s in report.people()) == ["P-1", "P-2", "P-3"]
    assert {e.rule for s in report.people() for e in s.evidence} == {"scope"}


@pytest.fixture
def pages(scenario):
    world, mallory, incident, complaints = scenario
    incident.agencies.add(world.buru)
    return world, incident


def test_only_national_administrators_see_the_people(pages):
    world, incident = pages
    url = reverse("manage:privacy_incident_report", kwargs={"pk": incident.pk})
    before = AuditEvent.objects.filter(kind="identity_viewed", actor=world.ratna).count()
    response = sign_in(Client(), world.ratna).get(url)
    assert response.status_code == 200
    assert b"P-1" in response.content
    assert (
        AuditEvent.objects.filter(
            kind="identity_viewed", actor=world.ratna, target_type="privacy.incident"
        ).count()
        == before + 1
    )
    for user in (world.siti, world.marthen, world.abdul, world.yohanis):
        assert sign_in(Client(), user).get(url).status_code == 404


def test_an_agency_administrator_reads_incidents_naming_their_agency(pages):
    world, incident = pages
    detail = reverse("manage:privacy_incident", kwargs={"pk": incident.pk})
    assert sign_in(Client(), world.siti).get(detail).status_code == 200
    assert sign_in(Client(), world.marthen).get(detail).status_code == 404
    edit = reverse("manage:privacy_incident_edit", kwargs={"pk": incident.pk})
    assert sign_in(Client(), world.siti).get(edit).status_code == 404


def test_csv_is_neutralised_and_logged(pages):
    world, incident = pages
    Identity.objects.filter(name="Ani").update(name="=HYPERLINK(1)")
    client = sign_in(Client(), world.ratna)
    url = reverse("manage:privacy_incident_report", kwargs={"pk": incident.pk})
    body = b"".join(client.get(url, {"format": "csv"}).streaming_content).decode()
    assert "'=HYPERLINK(1)" in body
    assert "ani@example.test" in body
    assert AuditEvent.objects.filter(
        kind="identity_viewed", actor=world.ratna, detail__breach_report="csv"
    ).exists()


@override_settings(PRIMA_DPO_NAME="Dewi Lestari", PRIMA_DPO_EMAIL="ppdp@example.go.id")
def test_the_drafts_hold_what_article_46_asks(scenario):
    world, mallory, incident, complaints = scenario
    incident.measures = "Kata sandi diganti, sesi diakhiri."
    report = breach.build_report(incident)
    for data in (authority_notice_pdf(report), subject_letter_pdf(report)):
        text = " ".join(pdfcheck.text(data).split())
        assert "Data pribadi yang terdampak" in text
        assert "Kapan dan bagaimana" in text
        assert "Kata sandi diganti" in text
        assert "Dewi Lestari" in text and "ppdp@example.go.id" in text
        assert "2 November 2026" in text
        assert pdfcheck.problems(data) == []


def test_form_refuses_a_window_ending_before_it_starts_and_a_future_discovery(db):
    world = make_world()
    client = sign_in(Client(), world.ratna)
    now = timezone.now()
    response = client.post(
        reverse("manage:privacy_incident_create"),
        {
            "title": "X",
            "what_happened": "X",
            "how_discovered": "X",
            "discovered_at": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "started_at": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "ended_at": (now - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "status": "open",
        },
    )
    assert response.status_code == 200
    assert not Incident.objects.exists()
    assert response.context["form"].errors.keys() >= {"discovered_at", "ended_at"}


def test_bad_input_never_gives_a_500(db):
    world = make_world()
    client = sign_in(Client(raise_request_exception=False), world.ratna)
    url = reverse("manage:privacy_incident_create")
    for data in ({}, {"discovered_at": "kemarin", "record_kinds": ["nope"], "accounts": ["x"]}):
        assert client.post(url, data).status_code == 200
    assert client.get("/manage/privacy/incidents/999/report/").status_code == 404
    created = client.post(
        url,
        {
            "title": "Laptop hilang",
            "what_happened": "X",
            "how_discovered": "X",
            "discovered_at": "2026-11-03T00:00",
            "started_at": "2026-11-02T00:00",
            "status": "open",
            "record_kinds": ["participants"],
        },
    )
    assert created.status_code == 302
    incident = Incident.objects.get()
    assert incident.created_by == world.ratna
    listing = client.get(reverse("manage:privacy_incidents"))
    assert listing.status_code == 200 and b"Laptop hilang" in listing.content


def test_the_list_puts_open_incidents_first_and_flags_the_overdue(db):
    world = make_world()
    now = timezone.now()

    def incident(title: str, hours_ago: int, status: str = "open") -> Incident:
        return Incident.objects.create(
            title=title,
            what_happened="X",
            how_discovered="X",
            discovered_at=now - timedelta(hours=hours_ago),
            started_at=now - timedelta(hours=hours_ago + 1),
            status=status,
        )

    incident("Sudah ditutup", 1, "closed")
    incident("Lewat tenggat", 73)
    incident("Masih dalam tenggat", 71)
    page = sign_in(Client(), world.ratna).get(reverse("manage:privacy_incidents"))
    text = page.content.decode()
    assert text.index("Masih dalam tenggat") < text.index("Lewat tenggat")
    assert text.index("Lewat tenggat") < text.index("Sudah ditutup")
    assert text.count("Terlambat") == 1


def test_the_history_shows_how_the_scope_changed(db):
    """Accounts, agencies and units are many-to-many: the incident keeps them by name in each
    saved version, so the page's history shows who widened the scope, and when."""
    world = make_world()
    client = sign_in(Client(), world.ratna)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = {
        "title": "Laptop hilang",
        "what_happened": "X",
        "how_discovered": "X",
        "discovered_at": "2026-11-03T00:00",
        "started_at": "2026-11-02T00:00",
        "status": "open",
        "accounts": [world.abdul.pk],
        "record_kinds": ["complaint_identity"],
    }
    assert client.post(reverse("manage:privacy_incident_create"), data).status_code == 302
    incident = Incident.objects.get()
    assert incident.scope_saved == {"accounts": ["abdul"], "agencies": [], "units": []}
    data["agencies"] = [world.buru.pk]
    edit = reverse("manage:privacy_incident_edit", kwargs={"pk": incident.pk})
    assert client.post(edit, data).status_code == 302
    incident.refresh_from_db()
    assert incident.scope_saved["agencies"] == [str(world.buru)]
    page = client.get(reverse("manage:privacy_incident", kwargs={"pk": incident.pk}))
    text = page.content.decode()
    assert "Affected agencies" in text and str(world.buru) in text
    assert "<del>—</del>" in text  # no agency before the change
    # The kinds of records by name, never their codes.
    assert "complaint_identity" not in text
    with translation.override("en"):
        assert str(escape(str(RecordKind.COMPLAINT_IDENTITY.label))) in text
