"""A coaching event through the pages people use: the ministry creates a bimtek for Wilayah III
and invites by region, agencies register participants, attendance comes from the join list and
QR check-in, the organiser sets follow-up tasks, agencies report with linked evidence, the
organiser verifies or sends back, reminders go out and the overdue list fills (issue 7)."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from prima.coaching import actions, queries
from prima.coaching.models import Event, FollowUpTask, Participant, Reminder, Topic
from prima.registry.models import Agency, CoordinationRegion, Region
from prima.standards.tests.factories import set_standard
from prima.surveys import actions as survey_actions
from prima.surveys.models import FollowUpAction
from prima.surveys.tests.factories import make_period
from prima.test import sign_in

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _as(client, user):
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return sign_in(client, user)


def event_form(**changes: str) -> dict[str, str]:
    start = timezone.localtime() + dt.timedelta(days=3)
    data = {
        "title": "Bimtek Standar Pelayanan Wilayah III",
        "kind": "bimtek",
        "organiser": f"w:{CoordinationRegion.objects.get(code='III').pk}",
        "venue_province": "81",
        "topics": ["standar_pelayanan", "skm"],
        "mode": "online",
        "meeting_link": "https://zoom.example/j/123",
        "location": "",
        "starts_at": start.strftime("%Y-%m-%dT09:00"),
        "ends_at": start.strftime("%Y-%m-%dT15:00"),
        "agenda": "09.00 Pembukaan\n09.30 Materi standar pelayanan",
        "description": "",
    }
    data.update(changes)
    return data


def make_event(world, *, days: int = 3, topics=("standar_pelayanan",), invite=None) -> Event:
    start = timezone.now() + dt.timedelta(days=days)
    event = actions.create_event(
        actor=world.ratna,
        topics=topics,
        title="Bimtek Standar Pelayanan",
        kind=Event.Kind.BIMTEK,
        mode=Event.Mode.ONLINE,
        meeting_link="https://zoom.example/j/1",
        coordination_region=CoordinationRegion.objects.get(code="III"),
        venue_province=Region.objects.get(code="81"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=6),
    )
    actions.invite(
        event, actor=world.ratna, agencies=invite or [world.buru, world.ambon, world.sorong]
    )
    actions.publish_event(event, actor=world.ratna)
    return event


def move_to_past(event: Event, *, start: dt.datetime) -> Event:
    """Time passes: the event happened at `start`."""
    Event.objects.filter(pk=event.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=6))
    event.refresh_from_db()
    return event


# --- the whole flow through the pages ------------------------------------------------------------
@pytest.mark.django_db
def test_invite_register_attend_set_tasks_report_and_verify_through_the_pages(client, world):
    _as(client, world.ratna)
    response = client.post(reverse("manage:coaching_event_new"), event_form())
    event = Event.objects.get()
    assert response.status_code == 302
    assert event.status == Event.Status.DRAFT
    assert event.topic_codes == ["standar_pelayanan", "skm"]

    # Publishing needs an invitation; inviting Wilayah III brings every regional government in it.
    client.post(reverse("manage:coaching_event_publish", args=[event.pk]))
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT
    client.post(
        reverse("manage:coaching_invite", args=[event.pk]),
        {"coordination_regions": [CoordinationRegion.objects.get(code="III").pk]},
    )
    invited = set(event.invitations.values_list("agency__code", flat=True))
    assert invited == {"pemprov-maluku", "pemkab-buru", "pemkot-ambon", "pemkab-sorong"}
    client.post(reverse("manage:coaching_event_publish", args=[event.pk]))
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED

    # Siti (Buru's administrator) registers a participant for Buru — and cannot for Ambon.
    _as(client, world.siti)
    page = client.get(reverse("manage:coaching_event", args=[event.pk]))
    assert b"Register a participant" in page.content
    response = client.post(
        reverse("manage:coaching_register", args=[event.pk]),
        {
            "agency": world.buru.pk,
            "name": "Drs. La Ode Ahmad",
            "position": "Kepala Bagian Organisasi",
            "unit_name": "Bagian Organisasi Setda",
            "email": "laode@buru.go.id",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("manage:coaching_register", args=[event.pk]),
        {"agency": world.ambon.pk, "name": "X", "position": "Y", "unit_name": "Z"},
    )
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    client.post(
        reverse("manage:coaching_register", args=[event.pk]),
        {
            "agency": world.buru.pk,
            "name": "Maria Sahetapy",
            "position": "Analis Kebijakan",
            "unit": world.buru_dukcapil.pk,
        },
    )
    assert event.participants.count() == 2

    # Marthen registers for Ambon; the organiser reads the join list after the event.
    _as(client, world.marthen)
    client.post(
        reverse("manage:coaching_register", args=[event.pk]),
        {
            "agency": world.ambon.pk,
            "name": "Yusuf Latuconsina",
            "position": "Kasubag",
            "unit_name": "Ortala",
        },
    )
    _as(client, world.ratna)
    join_list = (
        "Name (Original Name),User Email,Duration (Minutes)\n"
        "Laptop Ortala Buru,laode@buru.go.id,120\n"
        "KAB BURU - Maria Sahetapy,,95\n"
        "Tamu Tak Dikenal,,60\n"
    )
    response = client.post(
        reverse("manage:coaching_join_list", args=[event.pk]),
        {"file": SimpleUploadedFile("zoom.csv", join_list.encode()), "min_minutes": "30"},
    )
    assert response.status_code == 200
    assert b"Tamu Tak Dikenal" in response.content  # listed as matching nobody
    attended = dict(event.participants.values_list("name", "attendance_source"))
    assert attended == {
        "Drs. La Ode Ahmad": "import",
        "Maria Sahetapy": "import",
        "Yusuf Latuconsina": "",
    }
    numbers = sorted(
        event.participants.exclude(certificate_number="").values_list(
            "certificate_number", flat=True
        )
    )
    assert numbers == [
        f"PRIMA/BIMTEK/{event.pk}/001/{event.starts_at.year}",
        f"PRIMA/BIMTEK/{event.pk}/002/{event.starts_at.year}",
    ]

    # Follow-up tasks: preselected for the agencies that attended.
    page = client.get(reverse("manage:coaching_tasks_new", args=[event.pk]))
    assert f'value="{world.buru.pk}" checked' in page.content.decode() or b"checked" in page.content
    due = (event.ends_at + dt.timedelta(days=60)).date()
    client.post(
        reverse("manage:coaching_tasks_new", args=[event.pk]),
        {
            "agencies": [world.buru.pk, world.ambon.pk],
            "title": "Tetapkan standar pelayanan",
            "topic": "standar_pelayanan",
            "evidence": "standard_set",
            "target": "1",
            "due_on": due.isoformat(),
        },
    )
    buru_task = FollowUpTask.objects.get(agency=world.buru)
    assert buru_task.status == FollowUpTask.Status.OPEN

    # Buru's operator reports with a standard set after the event — linked, checked.
    standard = set_standard(world.buru_ktp)
    event = move_to_past(event, start=dt.datetime(2025, 12, 1, 9, tzinfo=dt.UTC))
    _as(client, world.abdul)
    client.post(
        reverse("manage:coaching_task_report", args=[buru_task.pk]),
        {"progress": "50", "note": "Draf disusun bersama FKP"},
    )
    buru_task.refresh_from_db()
    assert (buru_task.status, buru_task.progress) == ("in_progress", 50)
    page = client.get(reverse("manage:coaching_task", args=[buru_task.pk]))
    assert standard.service.name.encode() in page.content  # offered as evidence
    client.post(
        reverse("manage:coaching_task_report", args=[buru_task.pk]),
        {"progress": "100", "note": "SK ditetapkan", "standard": standard.pk, "done": "on"},
    )
    buru_task.refresh_from_db()
    assert buru_task.status == FollowUpTask.Status.DONE
    assert buru_task.reports.first().standard == standard

    # The organiser sends it back once, then verifies it.
    _as(client, world.ratna)
    client.post(
        reverse("manage:coaching_task_review", args=[buru_task.pk]),
        {"decision": "back", "note": "Lampirkan maklumat juga"},
    )
    buru_task.refresh_from_db()
    assert (buru_task.status, buru_task.review_note) == ("in_progress", "Lampirkan maklumat juga")
    _as(client, world.siti)
    client.post(
        reverse("manage:coaching_task_report", args=[buru_task.pk]),
        {"progress": "100", "note": "Maklumat ditambahkan", "done": "on", "standard": standard.pk},
    )
    _as(client, world.ratna)
    client.post(reverse("manage:coaching_task_review", args=[buru_task.pk]), {"decision": "verify"})
    buru_task.refresh_from_db()
    assert buru_task.status == FollowUpTask.Status.VERIFIED
    assert list(buru_task.history.values_list("history_change_reason", flat=True))[:2] == [
        "verified",
        "reported",
    ]

    # The API lists the event with its topics and follow-ups.
    client.logout()
    data = client.get("/api/v1/coaching/events/").json()
    assert data["count"] == 1
    listed = data["results"][0]
    assert listed["topics"] == ["standar_pelayanan", "skm"]
    assert {(f["agency"], f["status"]) for f in listed["follow_ups"]} == {
        ("pemkab-buru", "verified"),
        ("pemkot-ambon", "open"),
    }


# --- events ---------------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("mode", "link", "venue", "error"),
    [
        ("online", "", "", "needs its meeting link"),
        ("luring", "", "", "needs its venue"),
        ("hybrid", "https://meet.example/x", "", "needs its venue"),
        ("hybrid", "", "Aula Kantor Gubernur", "needs its meeting link"),
        ("luring", "", "Aula Kantor Gubernur", None),
    ],
)
def test_an_event_needs_the_link_or_venue_its_mode_implies(world, mode, link, venue, error):
    start = timezone.now()
    fields = dict(
        title="Rakor",
        kind="rakor",
        mode=mode,
        meeting_link=link,
        location=venue,
        province=Region.objects.get(code="81"),
        starts_at=start,
        ends_at=start,
    )
    if error:
        with pytest.raises(ValidationError, match=error):
            actions.create_event(actor=world.ratna, topics=["fkp"], **fields)
    else:
        assert actions.create_event(actor=world.ratna, topics=["fkp"], **fields).pk


@pytest.mark.django_db
def test_an_event_needs_a_topic_and_cannot_end_before_it_starts(world):
    start = timezone.now()
    base = dict(
        title="T",
        kind="talk",
        mode="online",
        meeting_link="https://x.example",
        province=Region.objects.get(code="81"),
    )
    with pytest.raises(ValidationError, match="at least one topic"):
        actions.create_event(actor=world.ratna, topics=[], starts_at=start, ends_at=start, **base)
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        actions.create_event(
            actor=world.ratna,
            topics=["skm"],
            starts_at=start,
            ends_at=start - dt.timedelta(hours=1),
            **base,
        )


@pytest.mark.django_db
def test_a_province_organises_its_own_events_only(client, world):
    from prima.accounts.models import Membership, Role

    Membership.objects.create(
        user=world.marthen, role=Role.AGENCY_ADMIN, agency=world.pemprov_maluku
    )
    _as(client, world.marthen)
    page = client.get(reverse("manage:coaching_event_new"))
    assert b"Maluku" in page.content and b"Wilayah III" not in page.content
    response = client.post(
        reverse("manage:coaching_event_new"),
        event_form(organiser=f"p:{Region.objects.get(code='81').pk}"),
    )
    assert response.status_code == 302
    response = client.post(
        reverse("manage:coaching_event_new"),
        event_form(organiser=f"p:{Region.objects.get(code='92').pk}"),
    )
    assert response.status_code == 200  # Papua Barat is not Marthen's to organise
    assert Event.objects.count() == 1
    # Siti administers a regency, not a province: no event of her own.
    _as(client, world.siti)
    assert client.get(reverse("manage:coaching_event_new")).status_code == 404


@pytest.mark.django_db
def test_drafts_are_seen_only_by_organisers(client, world):
    event = make_event(world)
    draft = actions.create_event(
        actor=world.ratna,
        topics=["skm"],
        title="Draf",
        kind="talk",
        mode="online",
        meeting_link="https://x.example",
        coordination_region=CoordinationRegion.objects.get(code="III"),
        venue_province=Region.objects.get(code="81"),
        starts_at=event.starts_at,
        ends_at=event.ends_at,
    )
    _as(client, world.siti)
    assert client.get(reverse("manage:coaching_event", args=[event.pk])).status_code == 200
    assert client.get(reverse("manage:coaching_event", args=[draft.pk])).status_code == 404
    assert client.post(reverse("manage:coaching_event_publish", args=[event.pk])).status_code == 404
    client.logout()
    assert [e["id"] for e in client.get("/api/v1/coaching/events/").json()["results"]] == [event.pk]


# --- registration and attendance -----------------------------------------------------------------
@pytest.mark.django_db
def test_registration_is_for_invited_agencies_until_the_event_ends(world):
    event = make_event(world, invite=[world.buru])
    with pytest.raises(ValidationError, match="not invited"):
        actions.register(event, actor=world.ratna, agency=world.ambon, name="A", position="B")
    with pytest.raises(ValidationError, match="belongs to another agency"):
        actions.register(
            event,
            actor=world.ratna,
            agency=world.buru,
            name="A",
            position="B",
            unit=world.ambon_dukcapil,
        )
    actions.register(event, actor=world.siti, agency=world.buru, name="La  Ode Ahmad", position="B")
    with pytest.raises(ValidationError, match="already registered"):
        actions.register(
            event, actor=world.siti, agency=world.buru, name="la ode ahmad", position="B"
        )
    move_to_past(event, start=timezone.now() - dt.timedelta(days=2))
    with pytest.raises(ValidationError, match="registration has closed"):
        actions.register(event, actor=world.siti, agency=world.buru, name="C", position="D")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("offset", "open_"),
    [
        (dt.timedelta(hours=-1, minutes=-1), False),
        (dt.timedelta(hours=-1), True),
        (dt.timedelta(hours=3), True),
        (dt.timedelta(hours=7), True),  # ends at +6 h; an hour's grace
        (dt.timedelta(hours=7, minutes=1), False),
    ],
)
def test_qr_check_in_is_open_from_an_hour_before_until_an_hour_after(world, offset, open_):
    event = make_event(world)
    person = actions.register(event, actor=world.siti, agency=world.buru, name="A", position="B")
    at = event.starts_at + offset
    if open_:
        actions.check_in(event, actor=None, code=person.code.lower(), now=at)
        person.refresh_from_db()
        assert person.attendance_source == Participant.Source.QR
    else:
        with pytest.raises(ValidationError, match="Check-in is open"):
            actions.check_in(event, actor=None, code=person.code, now=at)


@pytest.mark.django_db
def test_the_participants_page_checks_in_takes_the_evaluation_and_gives_the_certificate(
    client, world
):
    event = make_event(world)
    person = actions.register(
        event,
        actor=world.siti,
        agency=world.buru,
        name="Maria Sahetapy",
        position="Analis",
        unit=world.buru_dukcapil,
    )
    url = reverse("coaching:event", args=[event.token])
    page = client.get(url)
    assert b"Check-in opens an hour before" in page.content
    move_to_past(event, start=timezone.now() - dt.timedelta(minutes=30))
    wrong = client.post(url, {"in-code": "ZZZZZZZZ"})
    assert (
        wrong.status_code == 400 and b"No participant of this event has that code" in wrong.content
    )
    # The evaluation is for attendees only.
    ratings = {
        "fb-usefulness": "5",
        "fb-speakers": "4",
        "fb-organisation": "3",
        "fb-applicability": "4",
    }
    early = client.post(url, {"fb-code": person.code, **ratings})
    assert b"Only participants who attended" in early.content
    response = client.post(url, {"in-code": person.code})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.attended
    client.post(url, {"fb-code": person.code, **ratings, "fb-comment": "Materi jelas"})
    again = client.post(url, {"fb-code": person.code, **ratings})
    assert b"already evaluated" in again.content
    summary = queries.feedback_summary(event)
    assert summary["count"] == 1 and summary["comments"] == ["Materi jelas"]
    # A Wilayah III event: the ministry issues its certificates.
    Agency.objects.create(code="kemenpanrb", name="Kementerian PANRB", kind="kementerian")
    pdf = client.post(reverse("coaching:certificate", args=[event.token]), {"code": person.code})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    stranger = client.post(
        reverse("coaching:certificate", args=[event.token]), {"code": "AAAAAAAA"}
    )
    assert stranger.status_code == 302
    assert client.get(reverse("coaching:event", args=["not-a-token"])).status_code == 404


@pytest.mark.django_db
def test_a_join_list_without_a_name_column_says_so(client, world):
    event = make_event(world)
    _as(client, world.ratna)
    response = client.post(
        reverse("manage:coaching_join_list", args=[event.pk]),
        {"file": SimpleUploadedFile("list.csv", b"Email,Minutes\na@b.c,3\n")},
    )
    assert b"no column with the participants&#x27; names" in response.content
    xlsx = client.post(
        reverse("manage:coaching_join_list", args=[event.pk]),
        {"file": SimpleUploadedFile("list.pdf", PDF_BYTES)},
    )
    assert b"Choose a .csv or .xlsx file" in xlsx.content


@pytest.mark.django_db
def test_materials_questions_and_the_participant_list(client, world):
    event = make_event(world)
    actions.register(
        event, actor=world.siti, agency=world.buru, name="A", position="B", email="a@buru.go.id"
    )
    actions.register(event, actor=world.marthen, agency=world.ambon, name="C", position="D")
    _as(client, world.ratna)
    client.post(
        reverse("manage:coaching_material_add", args=[event.pk]),
        {"title": "Paparan PermenPANRB 15/2014", "file": SimpleUploadedFile("s.pdf", PDF_BYTES)},
    )
    client.post(
        reverse("manage:coaching_material_add", args=[event.pk]),
        {"title": "Rekaman", "link": "https://video.example/rekaman"},
    )
    empty = client.post(
        reverse("manage:coaching_material_add", args=[event.pk]), {"title": "Kosong"}
    )
    assert empty.status_code == 302
    assert event.materials.count() == 2
    material = event.materials.get(title__startswith="Paparan")
    public = client.get(reverse("coaching:material", args=[event.token, material.pk]))
    assert public.status_code == 200
    client.post(
        reverse("manage:coaching_question_add", args=[event.pk]),
        {
            "asked_by": "A",
            "agency": world.buru.pk,
            "question": "Apakah SP wajib per layanan?",
            "topic": "standar_pelayanan",
        },
    )
    entry = event.questions.get()
    client.post(
        reverse("manage:coaching_question_answer", args=[event.pk, entry.pk]),
        {"answer": "Ya, setiap jenis layanan.", "answered_by": "Narasumber"},
    )
    entry.refresh_from_db()
    assert entry.answer == "Ya, setiap jenis layanan."
    # Siti's CSV holds Buru's participants only; the organiser's everyone.
    _as(client, world.siti)
    rows = b"".join(
        client.get(reverse("manage:coaching_participants_csv", args=[event.pk])).streaming_content
    ).decode()
    assert "a@buru.go.id" in rows and ",C," not in rows
    assert (
        client.post(
            reverse("manage:coaching_question_add", args=[event.pk]), {"question": "x"}
        ).status_code
        == 404
    )


# --- follow-up tasks, evidence, reminders, overdue ---------------------------------------------
@pytest.fixture
def past_event(world):
    event = make_event(world, topics=("standar_pelayanan", "skm"))
    for agency, user, name in [
        (world.buru, world.siti, "Maria"),
        (world.ambon, world.marthen, "Yusuf"),
    ]:
        person = actions.register(
            event,
            actor=user,
            agency=agency,
            name=name,
            position="Staf",
            email=f"{name.lower()}@example.test",
        )
        actions.mark_attendance(person, actor=world.ratna)
    # 09.00–15.00 WIT, by the clock of Maluku where it is held.
    return move_to_past(event, start=dt.datetime(2025, 12, 1, 9, tzinfo=ZoneInfo("Asia/Jayapura")))


@pytest.mark.django_db
def test_tasks_are_set_for_invited_agencies_after_the_event(world, past_event):
    from prima.registry.models import Agency

    outsider = Agency.objects.create(
        code="kemenkes", name="Kementerian Kesehatan", kind="kementerian"
    )
    with pytest.raises(ValidationError, match="Not invited"):
        actions.set_tasks(
            past_event,
            actor=world.ratna,
            agencies=[outsider],
            title="T",
            due_on=dt.date(2026, 6, 1),
        )
    with pytest.raises(ValidationError, match="after the event"):
        actions.set_tasks(
            past_event,
            actor=world.ratna,
            agencies=[world.buru],
            title="T",
            due_on=dt.date(2025, 11, 30),
        )
    made = actions.set_tasks(
        past_event,
        actor=world.ratna,
        agencies=[world.buru, world.ambon],
        title="T",
        due_on=dt.date(2026, 6, 1),
    )
    again = actions.set_tasks(
        past_event, actor=world.ratna, agencies=[world.buru], title="t", due_on=dt.date(2026, 6, 1)
    )
    assert (len(made), len(again)) == (2, 0)


@pytest.mark.django_db
def test_linked_evidence_must_be_the_agencys_in_the_right_state_and_after_the_event(
    world, past_event
):
    [task] = actions.set_tasks(
        past_event,
        actor=world.ratna,
        agencies=[world.buru],
        title="SKM",
        evidence="survey_published",
        target=1,
        due_on=dt.date(2026, 12, 31),
    )
    ambon_standard = set_standard(world.ambon_ktp)
    with pytest.raises(ValidationError, match="belongs to another agency"):
        actions.report_progress(
            task, actor=world.siti, progress=10, note="x", standard=ambon_standard
        )
    period = make_period(world)
    with pytest.raises(ValidationError, match="not been published"):
        actions.report_progress(task, actor=world.siti, progress=10, note="x", survey_period=period)
    with pytest.raises(ValidationError, match="link 1 × “A survey period with published results”"):
        actions.report_progress(task, actor=world.siti, progress=100, note="x", done=True)
    survey_actions.publish_results(period, actor=world.siti)
    report = actions.report_progress(
        task, actor=world.siti, progress=100, note="IKM terbit", survey_period=period, done=True
    )
    task.refresh_from_db()
    assert task.status == "done" and report.linked_records == [period]
    # A follow-up action done before the event does not count as work after it.
    [plan] = actions.set_tasks(
        past_event,
        actor=world.ratna,
        agencies=[world.buru],
        title="RTL",
        evidence="follow_up_action" if False else "follow_up_done",
        due_on=dt.date(2026, 12, 31),
    )
    before = FollowUpAction.objects.create(
        period=period,
        element="waktu",
        problem="Lama",
        action="Tambah loket",
        owner="Kabid",
        deadline=dt.date(2025, 11, 1),
        status="done",
        completed_on=dt.date(2025, 11, 1),
    )
    with pytest.raises(ValidationError, match="before the event"):
        actions.report_progress(
            plan, actor=world.siti, progress=50, note="x", follow_up_action=before
        )
    not_done = FollowUpAction.objects.create(
        period=period,
        element="waktu",
        problem="Lama",
        action="SOP",
        owner="Kabid",
        deadline=dt.date(2026, 3, 1),
        status="planned",
    )
    with pytest.raises(ValidationError, match="not done yet"):
        actions.report_progress(
            plan, actor=world.siti, progress=50, note="x", follow_up_action=not_done
        )


@pytest.mark.django_db
def test_a_target_of_five_standards_needs_five_distinct_records(world, past_event):
    from prima.registry.models import Service

    [task] = actions.set_tasks(
        past_event,
        actor=world.ratna,
        agencies=[world.buru],
        title="Lima SP",
        evidence="standard_set",
        target=2,
        due_on=dt.date(2026, 12, 31),
    )
    first = set_standard(world.buru_ktp)
    second = set_standard(Service.objects.create(unit=world.buru_dukcapil, name="Akta Kelahiran"))
    actions.report_progress(task, actor=world.siti, progress=50, note="SP KTP", standard=first)
    with pytest.raises(ValidationError, match=r"\(1 with this one\)"):
        actions.report_progress(
            task, actor=world.siti, progress=100, note="lagi", standard=first, done=True
        )
    actions.report_progress(
        task, actor=world.siti, progress=100, note="SP akta", standard=second, done=True
    )
    task.refresh_from_db()
    assert task.status == "done" and actions.linked_count(task) == 2


@pytest.mark.django_db
def test_who_may_report_and_verify(client, world, past_event):
    [buru_task, ambon_task] = actions.set_tasks(
        past_event,
        actor=world.ratna,
        agencies=[world.buru, world.ambon],
        title="T",
        due_on=dt.date(2026, 12, 31),
    )
    report = {"progress": "20", "note": "Mulai"}
    _as(client, world.marthen)
    assert client.get(reverse("manage:coaching_task", args=[buru_task.pk])).status_code == 404
    assert (
        client.post(reverse("manage:coaching_task_report", args=[buru_task.pk]), report).status_code
        == 404
    )
    _as(client, world.yohanis)  # the Maluku evaluator reads, does not report
    assert client.get(reverse("manage:coaching_task", args=[buru_task.pk])).status_code == 200
    assert (
        client.post(reverse("manage:coaching_task_report", args=[buru_task.pk]), report).status_code
        == 404
    )
    _as(client, world.abdul)  # an operator of a Buru unit reports for Buru
    assert (
        client.post(reverse("manage:coaching_task_report", args=[buru_task.pk]), report).status_code
        == 302
    )
    assert (
        client.post(
            reverse("manage:coaching_task_review", args=[buru_task.pk]), {"decision": "verify"}
        ).status_code
        == 404
    )
    assert client.get(reverse("manage:coaching_task", args=[ambon_task.pk])).status_code == 404


@pytest.mark.django_db
def test_the_overdue_list_and_reminders(client, world, past_event):
    today = dt.date(2026, 3, 10)
    soon, late, done = (
        actions.set_tasks(
            past_event, actor=world.ratna, agencies=[world.buru], title=title, due_on=due
        )[0]
        for title, due in [
            ("Soon", dt.date(2026, 3, 17)),
            ("Late", dt.date(2026, 3, 3)),
            ("Done", dt.date(2026, 3, 1)),
        ]
    )
    FollowUpTask.objects.filter(pk=done.pk).update(status="verified")
    overdue = queries.overdue(FollowUpTask.objects.all(), today=today)
    assert [t.title for t in overdue] == ["Late"]
    assert [
        t.title
        for t in queries.filter_tasks(FollowUpTask.objects.all(), state="overdue", today=today)
    ] == ["Late"]

    call_command("remind_coaching_tasks", today=today, stdout=io.StringIO())
    assert sorted(m.subject.split(": ")[1].split(" — ")[0] for m in mail.outbox) == ["Late", "Soon"]
    assert set(mail.outbox[0].to) == {"siti@example.test", "maria@example.test"}
    assert "terlambat 7 hari" in next(m.body for m in mail.outbox if "Late" in m.subject)
    call_command("remind_coaching_tasks", today=today, stdout=io.StringIO())
    assert len(mail.outbox) == 2  # each reminder once
    assert Reminder.objects.count() == 2
    out = io.StringIO()
    call_command("remind_coaching_tasks", today=dt.date(2026, 3, 11), dry_run=True, stdout=out)
    assert "0 reminder(s) sent" in out.getvalue() and len(mail.outbox) == 2
    # A moved deadline starts the reminders again.
    actions.change_deadline(
        soon, actor=world.ratna, due_on=dt.date(2026, 3, 24), reason="Perpanjangan"
    )
    assert not soon.reminders.exists()

    _as(client, world.ratna)
    page = client.get(reverse("manage:coaching_tasks") + "?state=overdue")
    assert b"Late" in page.content


@pytest.mark.django_db
def test_cancelling_an_event_cancels_its_open_tasks(world, past_event):
    [task] = actions.set_tasks(
        past_event,
        actor=world.ratna,
        agencies=[world.buru],
        title="T",
        due_on=dt.date(2026, 12, 31),
    )
    with pytest.raises(ValidationError, match="Say why"):
        actions.cancel_event(past_event, actor=world.ratna, reason=" ")
    actions.cancel_event(past_event, actor=world.ratna, reason="Pandemi")
    task.refresh_from_db()
    assert task.status == FollowUpTask.Status.CANCELLED


# --- reach and effect ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_reach_counts_agencies_that_attended_and_those_that_never_did(client, world, past_event):
    result = queries.reach(events=Event.objects.all())
    maluku = next(r for r in result.provinces if r.province.code == "81")
    assert (maluku.agencies, maluku.took_part, maluku.attendees) == (3, 2, 2)
    assert [a.code for a in maluku.never] == ["pemprov-maluku"]
    barat_daya = next(r for r in result.provinces if r.province.code == "96")
    assert (barat_daya.agencies, barat_daya.took_part) == (1, 0)  # Sorong: invited, absent
    assert (result.total_agencies, result.took_part, result.never) == (4, 2, 2)

    _as(client, world.ratna)
    page = client.get(reverse("manage:coaching_reach"))
    assert page.status_code == 200 and b'class="choropleth"' in page.content
    csv = b"".join(
        client.get(reverse("manage:coaching_reach") + "?format=csv").streaming_content
    ).decode()
    assert "81,Maluku,3,2,1,1,2" in csv


@pytest.mark.django_db
def test_effect_compares_attendees_with_invited_agencies_that_did_not_attend(world, past_event):
    set_standard(world.buru_ktp)  # decree 15-01-2026: within six months of 01-12-2025
    set_standard(world.ambon_ktp)
    rows = {e.topic: e for e in queries.effects(Event.objects.all())}
    standards = rows[Topic.STANDARDS]
    assert (standards.participants, standards.participants_acted) == (2, 2)
    assert (standards.others, standards.others_acted) == (1, 0)  # Sorong
    assert standards.window_end == dt.date(2026, 6, 1)
    assert rows[Topic.SKM].participants_acted == 0


@pytest.mark.django_db
def test_completion_by_agency_topic_and_event(world, past_event):
    today = dt.date(2026, 7, 1)
    a, b = actions.set_tasks(
        past_event,
        actor=world.ratna,
        agencies=[world.buru, world.ambon],
        title="SP",
        topic="standar_pelayanan",
        due_on=dt.date(2026, 6, 1),
    )
    FollowUpTask.objects.filter(pk=a.pk).update(status="verified")
    actions.set_tasks(
        past_event,
        actor=world.ratna,
        agencies=[world.buru],
        title="Umum",
        due_on=dt.date(2026, 12, 1),
    )
    by_agency = {
        c.label: (c.total, c.done, c.verified, c.overdue)
        for c in queries.completion(FollowUpTask.objects.all(), by="agency", today=today)
    }
    assert by_agency == {
        "Pemerintah Kabupaten Buru": (2, 1, 1, 0),
        "Pemerintah Kota Ambon": (1, 0, 0, 1),
    }
    by_topic = {
        c.key: (c.total, c.done)
        for c in queries.completion(FollowUpTask.objects.all(), by="topic", today=today)
    }
    # A task without its own topic counts under every topic of its event.
    assert by_topic == {"standar_pelayanan": (3, 1), "skm": (1, 0)}
    [event_row] = queries.completion(FollowUpTask.objects.all(), by="event", today=today)
    assert (event_row.total, event_row.share) == (3, 1 / 3)


@pytest.mark.django_db
def test_effect_leaves_out_events_not_yet_held_and_marks_running_windows(world, past_event):
    upcoming = make_event(world, topics=("skm",))
    recent = make_event(world, topics=("skm",))
    move_to_past(recent, start=timezone.now() - dt.timedelta(days=30))
    rows = queries.effects(Event.objects.all())
    assert upcoming.pk not in {e.event.pk for e in rows}
    running = {e.event.pk: e.running for e in rows}
    assert running[recent.pk] is True
    assert running[past_event.pk] is False


@pytest.mark.django_db
def test_an_agency_chosen_by_region_and_by_name_is_invited_once(client, world):
    event = make_event(world, invite=[world.buru])
    _as(client, world.ratna)
    client.post(
        reverse("manage:coaching_invite", args=[event.pk]),
        {
            "provinces": [Region.objects.get(code="81").pk],
            "agencies": [world.ambon.pk, world.sorong.pk],
        },
    )
    invited = sorted(event.invitations.values_list("agency__code", flat=True))
    assert invited == ["pemkab-buru", "pemkab-sorong", "pemkot-ambon", "pemprov-maluku"]


@pytest.mark.parametrize("year", ["2020", "abc", "0", "99999", "٣", ""])
def test_a_year_filter_in_a_link_is_a_year_or_no_filter(client, world, year):
    sign_in(client, world.ratna)
    for name in ("manage:coaching_events", "manage:coaching_reach"):
        assert client.get(reverse(name), {"year": year}).status_code == 200
    assert queries.year_in_range(2020) == 2020
    assert queries.year_in_range(10000) is None and queries.year_in_range(None) is None
