"""The recognition pages through the test client: staff pages for each role, the forms, the
export, and the public page of published awards."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from prima.recognition import actions
from prima.recognition.models import ConflictDeclaration, Nomination, Placement, Programme, Score
from prima.recognition.tests.factories import ROUND, make_programme, nominate, score_all
from prima.test import sign_in

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _decided(world):
    setup = make_programme(world)
    nurul = nominate(world, setup)
    actions.declare(nurul, actor=world.abdul, member=setup.abdul, has_conflict=True, nature="Ipar.")
    score_all(world, setup, nurul, setup.chair, 90)
    actions.decide(
        setup.programme,
        actor=world.siti,
        round_start=ROUND,
        decree_number="800/45/2026",
        decree_date=dt.date(2026, 10, 5),
        reasons="Nilai tertinggi pada kinerja.",
    )
    actions.give_award(
        Placement.objects.get(nomination=nurul),
        actor=world.siti,
        kind="sertifikat",
        title="Pelaksana Terbaik Triwulan III",
        reasons="Pelayanan ramah dan tuntas.",
        awarded_on=dt.date(2026, 10, 10),
    )
    return setup, nurul


def test_an_administrator_sets_up_a_programme_through_the_pages(world, client):
    sign_in(client, world.siti)
    response = client.post(
        reverse("manage:recognition_programme_new"),
        {
            "name": "Pegawai Teladan",
            "agency": world.buru.pk,
            "unit": world.buru_dukcapil.pk,
            "period": "quarterly",
            "award_kinds": ["sertifikat", "pengembangan_karier"],
            "legal_basis": "SK 1/2026",
        },
    )
    programme = Programme.objects.get(name="Pegawai Teladan")
    assert response.status_code == 302 and programme.created_by == world.siti
    client.post(
        reverse("manage:recognition_criterion_add", args=[programme.pk]),
        {"element": "kinerja", "title": "Kinerja", "weight": 100},
    )
    assert programme.criteria.count() == 1
    page = client.get(reverse("manage:recognition_programme", args=[programme.pk])).content.decode()
    assert "Name the committee&#x27;s chair." in page
    client.post(
        reverse("manage:recognition_member_add", args=[programme.pk]),
        {"user": world.siti.pk, "role": "chair"},
    )
    client.post(
        reverse("manage:recognition_member_add", args=[programme.pk]),
        {"user": world.abdul.pk, "role": "member"},
    )
    client.post(reverse("manage:recognition_programme_open", args=[programme.pk]))
    programme.refresh_from_db()
    assert programme.status == Programme.Status.OPEN


def test_a_unit_of_another_agency_is_refused_in_the_form(world, client):
    sign_in(client, world.ratna)
    response = client.post(
        reverse("manage:recognition_programme_new"),
        {
            "name": "Salah",
            "agency": world.buru.pk,
            "unit": world.ambon_dukcapil.pk,
            "period": "monthly",
            "award_kinds": ["sertifikat"],
        },
    )
    assert response.status_code == 200
    assert "That service unit belongs to another agency." in response.content.decode()
    assert not Programme.objects.exists()


def test_an_operator_nominates_with_evidence(world, client):
    setup = make_programme(world)
    sign_in(client, world.abdul)
    response = client.post(
        reverse("manage:recognition_nominate", args=[setup.programme.pk]),
        {
            "round_start": ROUND.isoformat(),
            "unit": world.buru_dukcapil.pk,
            "staff_name": "Nurul Hasanah",
            "staff_nip": "19900101 201503 2 001",
            "staff_position": "Petugas Loket",
            "reasons": "Ramah dan tuntas.",
            "evidence": SimpleUploadedFile("surat.pdf", PDF, content_type="application/pdf"),
            "evidence_title": "Surat terima kasih warga",
        },
    )
    nomination = Nomination.objects.get()
    assert response.status_code == 302
    assert nomination.staff_nip == "199001012015032001"
    evidence = nomination.evidence.get()
    assert evidence.title == "Surat terima kasih warga"
    download = client.get(reverse("manage:recognition_evidence", args=[nomination.pk, evidence.pk]))
    assert download.status_code == 200


def test_a_nomination_form_with_a_bad_nip_says_why(world, client):
    setup = make_programme(world)
    sign_in(client, world.abdul)
    response = client.post(
        reverse("manage:recognition_nominate", args=[setup.programme.pk]),
        {
            "round_start": ROUND.isoformat(),
            "unit": world.buru_dukcapil.pk,
            "staff_name": "Nurul",
            "staff_nip": "123",
            "staff_position": "Petugas",
            "reasons": "Baik.",
        },
    )
    assert response.status_code == 200 and not Nomination.objects.exists()
    assert "NIP" in response.content.decode()


def test_a_conflicted_member_is_not_offered_scoring_and_cannot_post_scores(world, client):
    setup = make_programme(world)
    nomination = nominate(world, setup)
    sign_in(client, world.abdul)
    client.post(
        reverse("manage:recognition_declare", args=[nomination.pk]),
        {"has_conflict": "1", "nature": "Adik ipar saya."},
    )
    assert ConflictDeclaration.objects.get().has_conflict
    page = client.get(reverse("manage:recognition_nomination", args=[nomination.pk]))
    assert "you do not score it" in page.content.decode()
    assert reverse("manage:recognition_score", args=[nomination.pk]) not in page.content.decode()
    response = client.post(
        reverse("manage:recognition_score", args=[nomination.pk]),
        {f"c{c.pk}": 100 for c in setup.criteria},
    )
    assert response.status_code == 404 and not Score.objects.exists()


def test_a_member_scores_after_declaring_no_conflict(world, client):
    setup = make_programme(world)
    nomination = nominate(world, setup)
    sign_in(client, world.siti)
    client.post(reverse("manage:recognition_declare", args=[nomination.pk]), {"has_conflict": "0"})
    form = client.get(reverse("manage:recognition_score", args=[nomination.pk]))
    assert "Kinerja pelayanan" in form.content.decode()
    bad = client.post(
        reverse("manage:recognition_score", args=[nomination.pk]),
        {f"c{c.pk}": 150 for c in setup.criteria},
    )
    assert bad.status_code == 200 and not Score.objects.exists()
    client.post(
        reverse("manage:recognition_score", args=[nomination.pk]),
        {f"c{c.pk}": 80 for c in setup.criteria},
    )
    assert Score.objects.filter(member=setup.chair).count() == len(setup.criteria)


def test_the_chair_records_the_decision_and_an_award_through_the_pages(world, client):
    setup = make_programme(world)
    nomination = nominate(world, setup)
    score_all(world, setup, nomination, setup.chair, 88)
    sign_in(client, world.siti)
    client.post(
        reverse("manage:recognition_decide", args=[setup.programme.pk]),
        {
            "round_start": ROUND.isoformat(),
            "decree_number": "800/45/2026",
            "decree_date": "2026-10-05",
            "reasons": "Nilai tertinggi.",
        },
    )
    placement = Placement.objects.get()
    assert placement.rank == 1
    client.post(
        reverse("manage:recognition_award_add", args=[setup.programme.pk]),
        {
            "placement": placement.pk,
            "kind": "plakat",
            "title": "Pelaksana Terbaik",
            "reasons": "Nilai tertinggi.",
            "awarded_on": "2026-10-10",
        },
    )
    assert placement.awards.get().kind == "plakat"
    page = client.get(reverse("manage:recognition_programme", args=[setup.programme.pk]))
    assert "Decree 800/45/2026" in page.content.decode()


def test_a_member_who_is_not_chair_cannot_decide(world, client):
    setup = make_programme(world)
    sign_in(client, world.abdul)
    assert (
        client.get(reverse("manage:recognition_decide", args=[setup.programme.pk])).status_code
        == 404
    )


def test_the_export_holds_the_criteria_decisions_and_declarations(world, client):
    setup, _nurul = _decided(world)
    sign_in(client, world.siti)
    response = client.get(reverse("manage:recognition_export", args=[setup.programme.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Programme",
        "Criteria",
        "Committee",
        "Decisions",
        "Ranking and awards",
        "Conflicts of interest",
    ]
    criteria = [row for row in book["Criteria"].iter_rows(min_row=2, values_only=True)]
    assert [r[1] for r in criteria] == [
        "Performance (kinerja)",
        "Attendance (kehadiran)",
        "No complaints (tanpa pengaduan)",
        "Appearance (penampilan)",
    ]
    ranking = list(book["Ranking and awards"].iter_rows(min_row=2, values_only=True))
    assert (
        ranking[0][1:3] == (1, "Nurul Hasanah")
        and ranking[0][8] == "Pelaksana Terbaik Triwulan III"
    )
    conflicts = list(book["Conflicts of interest"].iter_rows(min_row=2, values_only=True))
    assert ("Nurul Hasanah", "Abdul", "Yes", "Ipar.") in conflicts


def test_an_evaluator_reads_but_cannot_export(world, client):
    setup, _nurul = _decided(world)
    sign_in(client, world.yohanis)
    assert (
        client.get(reverse("manage:recognition_programme", args=[setup.programme.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("manage:recognition_export", args=[setup.programme.pk])).status_code
        == 404
    )


def test_the_public_page_shows_the_awards_and_criteria_without_the_nip(world, client):
    setup, nurul = _decided(world)
    Nomination.objects.filter(pk=nurul.pk).update(staff_nip="199001012015032001")
    listing = client.get(reverse("recognition:programmes")).content.decode()
    assert "Pelaksana Pelayanan Terbaik" in listing
    page = client.get(reverse("recognition:programme", args=[setup.programme.pk])).content.decode()
    assert "Nurul Hasanah" in page and "Pelaksana Terbaik Triwulan III" in page
    assert "Kinerja pelayanan" in page
    assert "199001012015032001" not in page


def test_a_programme_that_keeps_its_awards_internal_has_no_public_page(world, client):
    setup = make_programme(world, publish_awards=False)
    assert (
        client.get(reverse("recognition:programme", args=[setup.programme.pk])).status_code == 404
    )
    assert client.get(reverse("recognition:programmes")).status_code == 200


def test_the_history_page_names_who_did_what(world, client):
    setup, _nurul = _decided(world)
    sign_in(client, world.siti)
    page = client.get(
        reverse("manage:recognition_history", args=[setup.programme.pk])
    ).content.decode()
    assert "Conflict-of-interest declaration" in page
    assert "Award" in page


def test_the_list_teaches_when_empty_and_pages_when_full(world, client):
    sign_in(client, world.siti)
    page = client.get(reverse("manage:recognition_programmes")).content.decode()
    assert "Start one" in page
    setup = make_programme(world)
    nominate(world, setup)
    nominate(world, setup, name="Bayu Lessy")
    response = client.get(reverse("manage:recognition_programmes"))
    assert "Pelaksana Pelayanan Terbaik" in response.content.decode()
    # Two nominations, whatever the size of the committee (three members).
    assert [p.nomination_count for p in response.context["page"].object_list] == [2]
