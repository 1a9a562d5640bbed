"""People's requests about their personal data (issue 27 item 2), through the pages and the
functions."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from prima.accounts.models import AuditEvent
from prima.complaints import actions as complaint_actions
from prima.complaints.models import CalendarDay, Complaint, Identity
from prima.complaints.public_views import SESSION_KEY
from prima.jobs.models import Mail
from prima.privacy import datarequests
from prima.privacy.models import DataRequest
from prima.test import sign_in

WIB = ZoneInfo("Asia/Jakarta")
WIT = ZoneInfo("Asia/Jayapura")


def _complaint(world, *, name="Budi Santoso", email="budi@example.test"):
    filed = complaint_actions.file_complaint(
        agency=world.buru,
        unit=world.buru_dukcapil,
        title="KTP tidak jadi",
        description="Sudah tiga bulan menunggu.",
        channel="web",
        identity={"name": name, "email": email, "phone": "0812", "address": "Namlea"},
        actor=None,
    )
    return filed.complaint


def _open_report(client, complaint):
    session = client.session
    session[SESSION_KEY] = [complaint.pk]
    session.save()
    return client


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Monday morning: Thursday.
        (dt.datetime(2025, 6, 2, 9, 0, tzinfo=WIB), dt.date(2025, 6, 5)),
        # Friday afternoon: the weekend does not count, Wednesday.
        (dt.datetime(2025, 6, 13, 16, 30, tzinfo=WIB), dt.date(2025, 6, 18)),
        # Friday 23:59 local time is still Friday.
        (dt.datetime(2025, 6, 13, 23, 59, tzinfo=WIB), dt.date(2025, 6, 18)),
        # Saturday counts from Saturday: Wednesday too.
        (dt.datetime(2025, 6, 14, 0, 1, tzinfo=WIB), dt.date(2025, 6, 18)),
        # Before Idul Adha (Fri 6 June 2025) and the cuti bersama on Mon 9 June: Wed 11 June.
        (dt.datetime(2025, 6, 4, 10, 0, tzinfo=WIB), dt.date(2025, 6, 11)),
    ],
)
def test_answer_is_due_on_the_third_working_day(db, received, due):
    CalendarDay.objects.create(date=dt.date(2025, 6, 9), kind="cuti_bersama", name="Idul Adha")
    answer = datarequests.answer_due(received, zone=WIB)
    assert answer.date() == due
    assert (answer.hour, answer.minute) == (23, 59)


def test_complainant_sees_their_data_and_nothing_of_other_people(world, client):
    mine = _complaint(world)
    _complaint(world, name="Orang Lain", email="lain@example.test")
    page = _open_report(client, mine).get(
        reverse("privacy_requests:complaint_data", args=[mine.public_id])
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Budi Santoso" in text and "budi@example.test" in text
    assert "Sudah tiga bulan menunggu." in text
    assert "Orang Lain" not in text and "lain@example.test" not in text
    assert "730" in text  # the identity's retention period


def test_a_report_not_opened_with_its_code_is_404(world, client):
    complaint = _complaint(world)
    page = client.get(reverse("privacy_requests:complaint_data", args=[complaint.public_id]))
    assert page.status_code == 404
    assert client.get("/privasi/data/laporan/%00'<x>/").status_code in (400, 404)


def test_complainant_asks_for_a_correction_and_staff_apply_it(world, client):
    complaint = _complaint(world)
    url = reverse("privacy_requests:complaint_data", args=[complaint.public_id])
    page = _open_report(client, complaint).post(
        url, {"kind": "correction", "new_name": "Budi S. Santoso"}, follow=True
    )
    assert page.status_code == 200
    request = DataRequest.objects.get()
    assert request.corrections == {"name": "Budi S. Santoso"}
    assert request.agency == world.buru
    assert request.receipt in page.content.decode()
    staff = sign_in(client.__class__(), world.siti)
    act = reverse("manage:privacy_request_act", args=[request.pk, "correct"])
    staff.post(
        act,
        {
            "name": "Budi S. Santoso",
            "email": "budi@example.test",
            "phone": "0812",
            "address": "Namlea",
            "answer": "Sudah.",
        },
    )
    assert Identity.objects.get(complaint=complaint).name == "Budi S. Santoso"
    request.refresh_from_db()
    assert request.status == DataRequest.Status.DONE
    assert "Sudah." in client.get(url).content.decode()
    tracked = client.get(reverse("complaints:tracked", args=[complaint.public_id])).content.decode()
    assert request.receipt in tracked


def test_bad_request_kinds_never_500(world, client):
    complaint = _complaint(world)
    url = reverse("privacy_requests:complaint_data", args=[complaint.public_id])
    _open_report(client, complaint)
    for data in (
        {"kind": "nonsense"},
        {"kind": "correction"},
        {"kind": "erasure", "details": "x" * 5000},
        {},
    ):
        assert client.post(url, data).status_code == 200
    assert not DataRequest.objects.exists()


def test_another_agencys_administrator_gets_404(world):
    complaint = _complaint(world)
    request = datarequests.file_request(complaint, kind="access")
    from django.test import Client

    marthen = sign_in(Client(), world.marthen)
    for name, args in (
        ("manage:privacy_request", [request.pk]),
        ("manage:privacy_request_export", [request.pk, "json"]),
    ):
        assert marthen.get(reverse(name, args=args)).status_code == 404
    assert (
        marthen.post(reverse("manage:privacy_request_act", args=[request.pk, "erase"])).status_code
        == 404
    )
    assert Identity.objects.filter(complaint=complaint).exists()
    siti = sign_in(Client(), world.siti)
    assert siti.get(reverse("manage:privacy_request", args=[request.pk])).status_code == 200
    assert sign_in(Client(), world.abdul).get(reverse("manage:privacy_requests")).status_code == 404


def test_queue_filters_and_shows_overdue(world):
    from django.test import Client

    complaint = _complaint(world)
    late = datarequests.file_request(
        complaint, kind="erasure", now=dt.datetime(2020, 1, 6, 9, tzinfo=WIB)
    )
    fresh = datarequests.file_request(complaint, kind="access")
    siti = sign_in(Client(), world.siti)
    page = siti.get(reverse("manage:privacy_requests"), {"overdue": "1"}).content.decode()
    assert late.receipt in page and fresh.receipt not in page
    page = siti.get(reverse("manage:privacy_requests"), {"kind": "access"}).content.decode()
    assert fresh.receipt in page and late.receipt not in page


def test_every_export_is_recorded_and_neutralised(world):
    from django.test import Client

    complaint = _complaint(world, name="=HYPERLINK(1)")
    request = datarequests.file_request(complaint, kind="access")
    siti = sign_in(Client(), world.siti)
    csv = b"".join(
        siti.get(
            reverse("manage:privacy_request_export", args=[request.pk, "csv"])
        ).streaming_content
    ).decode()
    assert "'=HYPERLINK(1)" in csv
    data = siti.get(reverse("manage:privacy_request_export", args=[request.pk, "json"])).json()
    assert "=HYPERLINK(1)" in [row["value"] for row in data["data"]]
    assert AuditEvent.objects.filter(kind="personal_data_exported").count() == 2
    assert (
        siti.get(reverse("manage:privacy_request_export", args=[request.pk, "xml"])).status_code
        == 404
    )


def test_restricted_complaint_stays_out_of_the_csv_export(world):
    from django.test import Client

    kept, restricted = _complaint(world), _complaint(world)
    request = datarequests.file_request(restricted, kind="restriction")
    datarequests.restrict(request, actor=world.siti)
    restricted.refresh_from_db()
    assert restricted.processing_restricted
    siti = sign_in(Client(), world.siti)
    csv = b"".join(
        siti.get(
            reverse("manage:complaint_queue"), {"status": "all", "format": "csv"}
        ).streaming_content
    ).decode()
    assert kept.public_id in csv and restricted.public_id not in csv


def test_erasure_keeps_the_complaint_counts(world, client):
    complaint = _complaint(world)
    before = Complaint.objects.filter(unit=world.buru_dukcapil).values_list(
        "status", "unit", "received_at"
    )
    before = list(before)
    request = datarequests.file_request(complaint, kind="erasure")
    datarequests.erase(request, actor=world.siti)
    assert (
        list(
            Complaint.objects.filter(unit=world.buru_dukcapil).values_list(
                "status", "unit", "received_at"
            )
        )
        == before
    )
    assert not Identity.objects.filter(complaint=complaint).exists()
    complaint.refresh_from_db()
    assert "tiga bulan" not in complaint.description
    request.refresh_from_db()
    assert request.status == DataRequest.Status.DONE


def _participant(world, *, email="maria@example.test"):
    from prima.coaching import actions as coaching_actions
    from prima.coaching.tests.test_documents_certificate import _event

    event = _event(world)
    return coaching_actions.register(
        event,
        actor=world.siti,
        agency=world.buru,
        name="Maria Sahetapy",
        position="Analis Kebijakan",
        email=email,
    )


def _ask_for_link(client, email):
    return client.post(reverse("privacy_requests:participant_start"), {"email": email})


def _link_in(message) -> str:
    return next(word for word in message.body.split() if "/privasi/data/peserta/" in word)


def test_participant_start_answers_the_same_for_known_and_unknown_addresses(
    world, client, mailoutbox
):
    _participant(world)
    known = _ask_for_link(client, "Maria@Example.test")
    unknown = _ask_for_link(client, "nobody@example.test")
    assert known.status_code == unknown.status_code == 200
    token = re.compile(r'value="[A-Za-z0-9]{64}"|content="[A-Za-z0-9]{64}"')
    assert token.sub("", known.content.decode()) == token.sub("", unknown.content.decode())
    # One mail, to the known address only, sent directly: nothing kept in the outbox.
    assert [m.to for m in mailoutbox] == [["maria@example.test"]]
    assert not Mail.objects.exists()


def test_participant_link_works_once_and_shows_their_records(world, client, mailoutbox):
    person = _participant(world)
    _ask_for_link(client, "maria@example.test")
    link = _link_in(mailoutbox[0])
    browser = Client()
    opened = browser.get(link)
    assert opened.status_code == 302
    assert opened["Location"] == reverse("privacy_requests:participant_data")
    page = browser.get(opened["Location"])
    assert page.status_code == 200
    assert "Maria Sahetapy" in page.content.decode()
    assert str(person.event) in page.content.decode()
    # The link is spent: a second browser (or the same one) gets 400.
    again = Client().get(link)
    assert again.status_code == 400
    assert "privacy_email" not in str(Client().session.items())
    # A request filed from the page goes to the agency that registered the participant.
    filed = browser.post(
        reverse("privacy_requests:participant_data"),
        {"participant": person.pk, "kind": "erasure", "details": "Hapus data saya."},
    )
    assert filed.status_code == 302
    request = DataRequest.objects.get()
    assert request.coaching_participant_id == person.pk
    assert request.agency_id == world.buru.pk


@pytest.mark.parametrize(
    "token",
    ["not-a-token", "eyJlIjoiYSJ9:1abc:xyz", "x" * 300, "%00"],
)
def test_a_bad_participant_link_is_400_never_500(db, client, token):
    response = client.get(f"/privasi/data/peserta/{token}/")
    assert response.status_code in (400, 404)
    if response.status_code == 400:
        assert "privasi/data/peserta" not in response.get("Location", "")


def test_an_expired_or_forged_participant_link_is_400(world, client, mailoutbox, monkeypatch):
    from django.core import signing

    from prima.privacy import request_public_views as views

    _participant(world)
    _ask_for_link(client, "maria@example.test")
    link = _link_in(mailoutbox[0])
    # Expired: the link is checked as if opened a second after its 24 hours.
    monkeypatch.setattr(views, "LINK_MAX_AGE", -1)
    assert Client().get(link).status_code == 400
    monkeypatch.setattr(views, "LINK_MAX_AGE", 24 * 3600)
    # Forged: the right shape, signed with another salt.
    forged = signing.dumps({"e": "maria@example.test", "n": "x"}, salt="other", compress=True)
    response = Client().get(reverse("privacy_requests:participant_link", args=[forged]))
    assert response.status_code == 400
    # The data page without a link sends the visitor to ask for one.
    page = Client().get(reverse("privacy_requests:participant_data"))
    assert page.status_code == 302
    assert page["Location"] == reverse("privacy_requests:participant_start")


def test_asking_for_links_is_rate_limited(world, client, mailoutbox):
    from prima.privacy.request_public_views import EMAIL_LIMIT

    _participant(world)
    answers = [
        _ask_for_link(client, "maria@example.test").status_code for _ in range(EMAIL_LIMIT + 1)
    ]
    assert answers == [200] * EMAIL_LIMIT + [429]
    # Per address too: three links an hour, whatever the client.
    assert len(mailoutbox) == 3


def test_erasure_through_the_page_moves_no_count_or_published_figure(world):
    """UU PDP art. 43 erasure on request, as staff do it: the person's identity, text and files
    go; the complaint counts, coaching reach, forum attendance, every published SKM result and
    the national picture's tables stay as they were, and a rebuild gives them again."""
    from django.core.management import call_command

    from prima.insights import figures_store
    from prima.privacy.tests.test_retention import _figures

    complaint = _complaint(world)
    figures_store.rebuild()
    before = _figures(world)
    assert not figures_store.check()
    request = datarequests.file_request(complaint, kind="erasure")
    siti = sign_in(Client(), world.siti)
    answer = siti.post(reverse("manage:privacy_request_act", args=[request.pk, "erase"]))
    assert answer.status_code == 302
    assert not Identity.objects.filter(complaint=complaint).exists()
    assert _figures(world) == before
    assert not figures_store.check()
    call_command("rebuild_survey_aggregates", verbosity=0)
    figures_store.rebuild()
    assert _figures(world) == before


def test_staff_record_a_request_that_came_by_letter_for_a_complaint(world):
    complaint = _complaint(world)
    siti = sign_in(Client(), world.siti)
    url = reverse("manage:privacy_request_new")
    assert siti.get(url).status_code == 200
    answer = siti.post(
        url,
        {
            "complaint_number": complaint.public_id.lower(),
            "kind": "access",
            "details": "Surat tertanggal 1 Desember: ingin melihat datanya.",
        },
    )
    request = DataRequest.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("manage:privacy_request", args=[request.pk])
    assert (request.complaint, request.kind, request.agency) == (complaint, "access", world.buru)
    assert request.due_at > request.received_at
    # Staff read about the person, not "your data".
    detail = siti.get(answer["Location"]).content.decode()
    assert "Data orang ini yang disimpan Prima" in detail
    assert "Data Anda yang kami simpan" not in detail


def test_staff_record_one_request_per_participation_of_an_address(world):
    first = _participant(world, email="maria@example.test")
    second = _participant(world, email="MARIA@example.test")
    siti = sign_in(Client(), world.siti)
    siti.post(
        reverse("manage:privacy_request_new"),
        {"participant_email": "maria@example.test", "kind": "erasure", "details": "Telepon"},
    )
    assert set(DataRequest.objects.values_list("coaching_participant", flat=True)) == {
        first.pk,
        second.pk,
    }


def test_staff_record_a_request_for_a_forum_participant_by_name(world):
    from prima.privacy.tests.test_retention import forum_participant
    from prima.standards import actions as standards_actions

    yosef = forum_participant(world, held_on=dt.date(2026, 3, 2))
    namesake = standards_actions.add_participant(
        yosef.forum,
        actor=world.abdul,
        name="Bapak Yosef",
        organisation="Karang Taruna",
        element=yosef.element,
    )
    url = reverse("manage:privacy_request_new")
    data = {
        "forum_participant_name": "  bapak   yosef ",
        "forum_participant_organisation": "lsm buru",
        "kind": "erasure",
        "details": "Surat: minta namanya dihapus dari daftar hadir.",
    }
    # Another agency's administrator finds nobody: Buru's forum is not theirs.
    refused = sign_in(Client(), world.marthen).post(url, data)
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    assert not DataRequest.objects.exists()
    # The organisation tells the two apart; without it, one request for each participation.
    assert sign_in(Client(), world.siti).post(url, data).status_code == 302
    assert [r.forum_participant for r in DataRequest.objects.all()] == [yosef]
    data["forum_participant_organisation"] = ""
    sign_in(Client(), world.siti).post(url, data)
    assert sorted(DataRequest.objects.values_list("forum_participant", flat=True)) == sorted(
        [yosef.pk, yosef.pk, namesake.pk]
    )
    assert DataRequest.objects.get(forum_participant=namesake).agency == world.buru


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "access", "details": "x"},  # neither
        {
            "complaint_number": "PRM-X",
            "forum_participant_name": "Bapak Yosef",
            "kind": "access",
            "details": "x",
        },  # two ways at once
        {
            "complaint_number": "PRM-X",
            "participant_email": "a@b.test",
            "kind": "access",
            "details": "x",
        },  # both
        {"complaint_number": "PRM-0000-000000", "kind": "access", "details": "x"},  # no such
        {"complaint_number": "PRM-X", "kind": "nonsense", "details": "x"},
        {"participant_email": "not an address", "kind": "access", "details": "x"},
    ],
)
def test_a_request_staff_cannot_record_says_why_and_files_nothing(world, data):
    siti = sign_in(Client(), world.siti)
    answer = siti.post(reverse("manage:privacy_request_new"), data)
    assert answer.status_code == 200
    assert answer.context["form"].errors
    assert not DataRequest.objects.exists()


def test_another_agencys_administrator_cannot_record_a_request_for_its_complaint(world):
    complaint = _complaint(world)
    marthen = sign_in(Client(), world.marthen)
    answer = marthen.post(
        reverse("manage:privacy_request_new"),
        {"complaint_number": complaint.public_id, "kind": "erasure", "details": "x"},
    )
    assert answer.status_code == 200 and answer.context["form"].non_field_errors()
    assert not DataRequest.objects.exists()
