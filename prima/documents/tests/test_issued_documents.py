"""Issued documents (issue 18 item 2): numbered in the agency's sequence once per subject,
checked by anyone on the public verification page, withdrawn by those who may."""

from __future__ import annotations

import time_machine
from django.test import Client
from django.urls import reverse

from prima.accounts.models import AuditEvent
from prima.documents import actions
from prima.documents.models import IssuedDocument
from prima.lib.officials import Signer
from prima.test import sign_in


def _issue(world, subject="standards.forum:1", **overrides):
    values = {
        "kind": IssuedDocument.Kind.FORUM_MINUTES,
        "subject": subject,
        "agency": world.buru,
        "unit": world.buru_dukcapil,
        "title": "Berita Acara Forum Konsultasi Publik",
        "signers": [Signer("Pimpinan forum,", "Yusuf Tuasikal", "Kepala Bidang", "1" * 18)],
        "facts": [("Tanggal", "2 Desember 2026")],
        "actor": world.abdul,
    }
    values.update(overrides)
    return actions.issue(**values)


@time_machine.travel("2026-12-02 09:00 +0900", tick=False)
def test_the_first_download_numbers_the_document_and_the_next_ones_keep_that_number(world):
    world.buru.document_number_pattern = "800/{nomor}/{jenis}/{unit}/{tahun}"
    world.buru.save()
    first = _issue(world)
    again = _issue(world)
    assert again.pk == first.pk
    assert first.number == "800/001/BA/8104-DUKCAPIL/2026"
    assert len(first.code) == 10
    assert IssuedDocument.objects.count() == 1


@time_machine.travel("2026-12-02 09:00 +0900", tick=False)
def test_each_agency_counts_its_own_documents_through_the_year(world):
    assert _issue(world, "standards.forum:1").number.startswith("001/")
    assert _issue(world, "surveys.period:1", kind="skm_report").number.startswith("002/LAP/")
    assert _issue(world, "x:1", agency=world.ambon, unit=None).number == "001/BA/PEMKOT-AMBON/2026"
    with time_machine.travel("2027-01-02 09:00 +0900", tick=False):
        assert _issue(world, "standards.forum:9").number == "001/BA/PEMKAB-BURU/2027"


def test_a_changed_content_updates_the_document_and_its_history_keeps_the_earlier(world):
    document = _issue(world)
    _issue(world, facts=[("Tanggal", "3 Desember 2026")], actor=world.siti)
    document.refresh_from_db()
    assert document.facts == [["Tanggal", "3 Desember 2026"]]
    assert document.history.count() == 2
    assert document.history.first().history_user == world.siti
    _issue(world, facts=[("Tanggal", "3 Desember 2026")])  # unchanged: no new version
    assert document.history.count() == 2


def test_the_verification_page_shows_what_was_issued_to_anyone(world):
    document = _issue(world, recipient="Yusuf Tuasikal")
    page = Client().get(reverse("verify_document", args=[document.code]))
    assert page.status_code == 200
    body = page.content.decode()
    assert document.number in body
    assert "Yusuf Tuasikal" in body
    assert world.buru.name in body
    assert "1" * 18 not in body  # NIPs are printed on paper, not published here
    assert 'class="notice ok"' in body


def test_a_code_typed_loosely_still_finds_its_document(world):
    document = _issue(world)
    typed = f"{document.code[:5].lower()} - {document.code[5:].lower()}"
    answer = Client().get(reverse("verify"), {"code": typed})
    assert answer.status_code == 302
    assert answer["Location"] == reverse("verify_document", args=[document.code])
    assert actions.normalise_code("o1Il0-abcde".upper()) == "01110ABCDE"


def test_an_unknown_or_malformed_code_says_so_without_an_error(world):
    assert Client().get(reverse("verify_document", args=["ZZZZZZZZZZ"])).status_code == 404
    assert Client().get(reverse("verify_document", args=["<script>"])).status_code == 404
    page = Client().get(reverse("verify"), {"code": "ABCDE-FGHJK"})
    assert page.status_code == 200
    assert 'aria-invalid="true"' in page.content.decode() or "error" in page.content.decode()
    assert Client().get(reverse("verify"), {"code": "x" * 500}).status_code == 200


def test_a_withdrawn_document_is_shown_withdrawn_with_the_reason(world):
    document = _issue(world)
    client = sign_in(Client(), world.siti)
    answer = client.post(
        reverse("manage:document_withdraw", args=[document.code]),
        {"reason": "Nama peserta salah tulis"},
    )
    assert answer.status_code == 302
    document.refresh_from_db()
    assert document.is_withdrawn and document.withdrawn_by == world.siti
    body = Client().get(reverse("verify_document", args=[document.code])).content.decode()
    assert "Nama peserta salah tulis" in body
    assert 'class="notice warn"' in body


def test_a_withdrawal_needs_a_reason(world):
    document = _issue(world)
    client = sign_in(Client(), world.siti)
    page = client.post(reverse("manage:document_withdraw", args=[document.code]), {"reason": ""})
    assert page.status_code == 200
    document.refresh_from_db()
    assert not document.is_withdrawn


def test_only_those_who_answer_for_the_agency_or_unit_withdraw(world):
    document = _issue(world)
    url = reverse("manage:document_withdraw", args=[document.code])
    for person in (world.abdul, world.marthen, world.yohanis):
        answer = sign_in(Client(), person).post(url, {"reason": "salah"})
        assert answer.status_code == 404, person
    document.refresh_from_db()
    assert not document.is_withdrawn
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCESS_DENIED).count() >= 3


def test_the_staff_list_holds_the_documents_of_the_agencies_in_scope(world):
    _issue(world, title="Berita Acara Buru")
    _issue(world, "x:2", agency=world.ambon, unit=world.ambon_dukcapil, title="Berita Acara Ambon")
    siti = sign_in(Client(), world.siti).get(reverse("manage:document_list")).content.decode()
    assert "Berita Acara Buru" in siti and "Berita Acara Ambon" not in siti
    ratna = sign_in(Client(), world.ratna).get(reverse("manage:document_list"), {"q": "Ambon"})
    body = ratna.content.decode()
    assert "Berita Acara Ambon" in body and "Berita Acara Buru" not in body
    marthen = sign_in(Client(), world.marthen)
    buru = IssuedDocument.objects.get(title="Berita Acara Buru")
    assert marthen.get(reverse("manage:document_detail", args=[buru.code])).status_code == 404
