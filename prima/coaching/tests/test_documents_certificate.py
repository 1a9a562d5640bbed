"""The coaching certificate is fit to sign and send (issue 18): issued by an office with its
heading and number, not by "Wilayah III"; the participant's name large; the event in words
("as a participant in the technical guidance … held online on 12 May 2020", no "(bimtek)
(daring)"); place, date and one signature block with the official's name and NIP; the number
and the verification QR inside the frame, leading to the public verification page; one page
whatever the lengths; the same number on every download, by staff or by the participant."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from prima.coaching import actions, documents
from prima.coaching.models import Event, Participant
from prima.coaching.tests.test_flow import _as, event_form
from prima.documents.actions import withdraw
from prima.documents.models import IssuedDocument
from prima.lib.tests import pdfcheck
from prima.registry.models import Agency, CoordinationRegion, Region

WIT = ZoneInfo("Asia/Jayapura")
NIP = "197002151995031002"
PRINTED_NIP = "NIP. 19700215 199503 1 002"
POSITION = "Asisten Deputi Koordinasi Pelaksanaan Kebijakan Pelayanan Publik Wilayah III"


def _ministry() -> Agency:
    return Agency.objects.create(
        code="kemenpanrb",
        name="Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
        kind=Agency.Kind.KEMENTERIAN,
        letterhead_title="Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi "
        "Republik Indonesia",
        seat="Jakarta",
        document_number_pattern="B/{nomor}/PP.00/{bulan}/{tahun}",
    )


def _event(world, **fields) -> Event:
    """A published event, by default an online bimtek of Wilayah III for Maluku, signed by
    the assistant deputy."""
    start = dt.datetime.now(tz=WIT) + dt.timedelta(days=2)
    values = {
        "title": "Bimtek Penyusunan Standar Pelayanan dan Forum Konsultasi Publik",
        "kind": Event.Kind.BIMTEK,
        "mode": Event.Mode.ONLINE,
        "meeting_link": "https://zoom.example/j/1",
        "coordination_region": CoordinationRegion.objects.get(code="III"),
        "venue_province": Region.objects.get(code="81"),
        "signatory_name": "Drs. Agus Hidayat, M.Si.",
        "signatory_position": POSITION,
        "signatory_nip": NIP,
        **fields,
    }
    event = actions.create_event(
        actor=world.ratna,
        topics=["standar_pelayanan", "fkp"],
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        **values,
    )
    actions.invite(event, actor=world.ratna, agencies=[world.buru, world.ambon])
    actions.publish_event(event, actor=world.ratna)
    return event


def _attendee(
    world,
    event: Event,
    *,
    held: tuple[dt.datetime, int] = (dt.datetime(2020, 5, 12, 9, tzinfo=WIT), 210),
    **fields,
) -> Participant:
    """A participant registered before the event, which then took place when `held` says
    (start, minutes long), marked as attended."""
    values = {"name": "Maria Sahetapy", "position": "Analis Kebijakan", **fields}
    person = actions.register(event, actor=world.siti, agency=world.buru, **values)
    begins, minutes = held
    Event.objects.filter(pk=event.pk).update(
        starts_at=begins, ends_at=begins + dt.timedelta(minutes=minutes)
    )
    actions.mark_attendance(person, actor=world.ratna)
    person = Participant.objects.select_related("event", "agency").get(pk=person.pk)
    return person


def _staff_pdf(client, world, person: Participant) -> bytes:
    _as(client, world.ratna)
    response = client.get(reverse("manage:coaching_certificate", args=[person.event_id, person.pk]))
    assert response.status_code == 200, list(get_messages(response.wsgi_request))
    assert response["Content-Type"] == "application/pdf"
    return response.content


def _look(pdf: bytes, stem: str) -> None:
    """PRIMA_LOOK=<folder> writes the pages as PNG for looking at."""
    folder = os.environ.get("PRIMA_LOOK")
    if folder:
        pdfcheck.render(pdf, Path(folder), stem, resolution=90)


def _fit(pdf: bytes, *, decimal_comma: bool = True) -> str:
    """The certificate's text after checking it is one clean page with its signature whole."""
    assert pdfcheck.problems(pdf, decimal_comma=decimal_comma) == []
    assert pdfcheck.pages(pdf) == 1
    return pdfcheck.text(pdf)


# --- what is printed -------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_certificate_is_issued_by_the_ministry_and_signed_by_the_official(client, world):
    _ministry()
    person = _attendee(world, _event(world), unit=world.buru_dukcapil)
    pdf = _staff_pdf(client, world, person)
    _look(pdf, "certificate-en")
    text = _fit(pdf, decimal_comma=False)
    document = IssuedDocument.objects.get()

    assert "KEMENTERIAN PENDAYAGUNAAN APARATUR NEGARA" in text
    assert "CERTIFICATE" in text
    assert f"Number: {document.number}" in text
    assert document.number.startswith("B/001/PP.00/")
    assert "Maria Sahetapy" in text
    assert "as a participant in the technical guidance" in text
    assert "held online on 12 May 2020" in text
    assert "Jakarta, 12 May 2020" in text
    assert pdfcheck.same_page(pdf, "Jakarta, 12 May 2020", "Drs. Agus Hidayat, M.Si.", PRINTED_NIP)
    # The number and the code in the footer, the code and its page beside the QR code.
    assert f"No. {document.number}" in text
    assert text.count(document.display_code) >= 2
    assert f"/v/{document.code}/" in text.replace("\n", "")
    # Nothing of the old certificate: the organiser's internal name, the choice labels'
    # abbreviations in brackets, the event page as "proof".
    for internal in ("Wilayah III\n", "(bimtek)", "(online)", "(daring)", "/pembinaan/"):
        assert internal not in text
    assert event_page_url(person) not in text.replace("\n", "")


def event_page_url(person: Participant) -> str:
    return reverse("coaching:event", args=[person.event.token])


@pytest.mark.django_db
def test_the_certificate_speaks_indonesian_by_default(client, world):
    _ministry()
    person = _attendee(world, _event(world))
    _as(client, world.ratna)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    response = client.get(reverse("manage:coaching_certificate", args=[person.event_id, person.pk]))
    text = _fit(response.content)
    _look(response.content, "certificate-id")
    assert "SERTIFIKAT" in text
    assert "Jakarta, 12 Mei 2020" in text
    assert "May" not in text


@pytest.mark.django_db
def test_both_downloads_give_the_same_document(client, world):
    """The participant downloads first (no account), the organiser later: one document, one
    number, issued by nobody in the staff's name."""
    _ministry()
    person = _attendee(world, _event(world))
    public = client.post(
        reverse("coaching:certificate", args=[person.event.token]), {"code": person.code}
    )
    assert public.status_code == 200 and public["Content-Type"] == "application/pdf"
    document = IssuedDocument.objects.get()
    assert document.kind == IssuedDocument.Kind.CERTIFICATE
    assert document.subject == f"coaching.participant:{person.pk}"
    assert document.recipient == "Maria Sahetapy"
    assert document.issued_by is None
    assert document.agency.code == "kemenpanrb"
    assert document.signers == [
        {"role": "", "name": "Drs. Agus Hidayat, M.Si.", "position": POSITION}
    ]

    staff = _staff_pdf(client, world, person)
    again = client.post(
        reverse("coaching:certificate", args=[person.event.token]), {"code": person.code}
    )
    assert IssuedDocument.objects.count() == 1
    for pdf in (public.content, staff, again.content):
        assert f"No. {document.number}" in pdfcheck.text(pdf)
    # The QR code's page answers for it.
    verify = client.get(reverse("verify_document", args=[document.code]))
    assert verify.status_code == 200 and "Maria Sahetapy" in verify.content.decode()


@pytest.mark.django_db
def test_the_longest_texts_still_make_one_clean_page(client, world):
    _ministry()
    event = _event(
        world,
        title=("Bimbingan Teknis " + "Penyusunan Standar Pelayanan " * 7)[:200],
        mode=Event.Mode.HYBRID,
        location=("Aula " + "Kantor Gubernur Maluku Lantai Tiga " * 6)[:200],
        signatory_name=("Prof. Dr. Ir. " + "Muhammad Abdurrahman " * 7)[:150],
        signatory_position=("Asisten Deputi " + "Koordinasi Pelaksanaan Kebijakan " * 7)[:200],
        signing_place="Kota Ambon",
    )
    person = _attendee(
        world,
        event,
        name=("Maria " + "Magdalena Sahetapy Latuconsina " * 5)[:150],
        position=("Kepala Sub Bagian " + "Kelembagaan dan Analisis Jabatan " * 5)[:150],
        unit_name=("Bagian Organisasi " + "Sekretariat Daerah Kabupaten Buru " * 6)[:200],
        held=(dt.datetime(2020, 11, 30, 9, tzinfo=WIT), 60 * 24 * 2),
    )
    pdf = _staff_pdf(client, world, person)
    _look(pdf, "certificate-longest")
    text = _fit(pdf, decimal_comma=False)
    assert "30 November – 2 December 2020" in text
    assert "held at Aula Kantor Gubernur" in text
    assert pdfcheck.same_page(pdf, "Kota Ambon, 2 December 2020", "Muhammad", PRINTED_NIP)


# --- who issues and signs when the event does not say ----------------------------------------
@pytest.mark.django_db
def test_a_provinces_event_is_issued_by_its_government_and_leaves_the_name_to_the_pen(
    client, world
):
    event = _event(
        world,
        coordination_region=None,
        venue_province=None,
        province=Region.objects.get(code="81"),
        signatory_name="",
        signatory_position="",
        signatory_nip="",
        mode=Event.Mode.FACE_TO_FACE,
        meeting_link="",
        location="Hotel Santika Ambon",
    )
    assert documents.issuing_agency(event) == world.pemprov_maluku
    pdf = _staff_pdf(client, world, _attendee(world, event))
    _look(pdf, "certificate-province")
    text = _fit(pdf, decimal_comma=False)
    assert world.pemprov_maluku.name.upper() in text
    assert "held at Hotel Santika Ambon on 12 May 2020" in text
    # No seat recorded: the province's name is the place; a dotted line for the name.
    assert "Maluku, 12 May 2020" in text
    assert pdfcheck.same_page(pdf, "The organiser,", "(....")
    assert "NIP" not in text
    assert IssuedDocument.objects.get().agency == world.pemprov_maluku


@pytest.mark.django_db
def test_the_agency_chosen_on_the_event_issues_with_its_seat(client, world):
    _ministry()
    Agency.objects.filter(pk=world.pemprov_maluku.pk).update(seat="Ambon")
    event = _event(world, issuing_agency=world.pemprov_maluku)
    text = _fit(_staff_pdf(client, world, _attendee(world, event)), decimal_comma=False)
    assert "Ambon, 12 May 2020" in text
    assert IssuedDocument.objects.get().agency == world.pemprov_maluku


@pytest.mark.django_db
def test_without_an_issuing_agency_both_downloads_say_why_instead_of_failing(client, world):
    person = _attendee(world, _event(world))  # Wilayah III, and no ministry in the registry
    assert documents.issuing_agency(person.event) is None
    _as(client, world.ratna)
    staff = client.get(
        reverse("manage:coaching_certificate", args=[person.event_id, person.pk]), follow=True
    )
    assert staff.status_code == 200
    assert "no issuing agency" in staff.content.decode()
    client.logout()
    public = client.post(
        reverse("coaching:certificate", args=[person.event.token]),
        {"code": person.code},
        follow=True,
    )
    assert public.status_code == 200 and "no issuing agency" in public.content.decode()
    assert not IssuedDocument.objects.exists()


@pytest.mark.django_db
def test_a_withdrawn_certificate_is_not_given_again(client, world):
    _ministry()
    person = _attendee(world, _event(world))
    _staff_pdf(client, world, person)
    withdraw(IssuedDocument.objects.get(), actor=world.ratna, reason="nama salah")
    response = client.post(
        reverse("coaching:certificate", args=[person.event.token]),
        {"code": person.code},
        follow=True,
    )
    assert "withdrawn (nama salah)" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


# --- the event form --------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_organiser_names_the_issuer_and_signatory_on_the_event_form(client, world):
    ministry = _ministry()
    _as(client, world.ratna)
    form = event_form(
        issuing_agency=str(ministry.pk),
        signatory_name="Drs. Agus Hidayat, M.Si.",
        signatory_position=POSITION,
        signatory_nip="19700215 199503 1 002",
        signing_place="Jakarta",
    )
    page = client.get(reverse("manage:coaching_event_new")).content.decode()
    assert 'name="signatory_nip"' in page and 'name="issuing_agency"' in page
    response = client.post(reverse("manage:coaching_event_new"), form)
    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.issuing_agency, event.signatory_nip, event.signing_place) == (
        ministry,
        NIP,
        "Jakarta",
    )

    edit = client.get(reverse("manage:coaching_event_edit", args=[event.pk])).content.decode()
    assert 'value="19700215 199503 1 002"' in edit  # shown as printed
    wrong = client.post(
        reverse("manage:coaching_event_edit", args=[event.pk]),
        {**form, "signatory_nip": "1970021519950310"},
    )
    assert wrong.status_code == 200 and "A NIP has 18 digits." in wrong.content.decode()
    event.refresh_from_db()
    assert event.signatory_nip == NIP


@pytest.mark.django_db
def test_a_provincial_organiser_issues_only_as_their_own_government(client, world):
    from prima.accounts.models import Membership, Role
    from prima.test import make_user

    _ministry()
    bureau = make_user("biro", role=Role.AGENCY_ADMIN, agency=world.pemprov_maluku)
    assert Membership.objects.filter(user=bureau).exists()
    _as(client, bureau)
    page = client.get(reverse("manage:coaching_event_new")).content.decode()
    assert world.pemprov_maluku.name in page
    assert "Kementerian Pendayagunaan" not in page


# --- dates in words --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "minutes", "expected"),
    [
        (dt.datetime(2020, 5, 12, 9, tzinfo=WIT), 210, "12 Mei 2020"),
        (dt.datetime(2020, 11, 17, 9, tzinfo=WIT), 60 * 30, "17–18 November 2020"),
        (dt.datetime(2020, 11, 30, 9, tzinfo=WIT), 60 * 24, "30 November – 1 Desember 2020"),
        (dt.datetime(2020, 12, 31, 9, tzinfo=WIT), 60 * 24, "31 Desember 2020 – 1 Januari 2021"),
    ],
)
@pytest.mark.django_db
def test_the_dates_are_written_as_on_a_certificate(start, minutes, expected):
    event = Event(
        province=Region.objects.get(code="81"),
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=minutes),
    )
    with translation.override("id"):
        assert documents.certificate_dates(event) == expected
