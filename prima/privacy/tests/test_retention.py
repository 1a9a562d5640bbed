"""The retention purge erases what has expired, its copies in history included, and nothing
else; it is idempotent, a dry run changes nothing, and no aggregate or published figure moves
(issue 27 item 1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import Count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prima.accounts.models import AuditEvent
from prima.coaching import actions as coaching_actions
from prima.coaching.models import Participant as CoachingParticipant
from prima.complaints import actions as complaint_actions
from prima.complaints.models import Attachment, Complaint, Event, Identity
from prima.complaints.tests.factories import file
from prima.lib.privacy import RETENTION
from prima.privacy import erasure, retention
from prima.privacy.models import PurgeReport
from prima.standards import actions as standards_actions
from prima.standards.models import Participant as ForumParticipant
from prima.surveys import submission
from prima.surveys.models import PeriodResult, SurveyResponse
from prima.surveys.tests.factories import answers, make_period

NOW = dt.datetime(2030, 6, 1, 12, 0, tzinfo=dt.UTC)


def closed_complaint(world, *, closed_at: dt.datetime) -> Complaint:
    complaint = file(world).complaint
    complaint_actions.archive(complaint, actor=world.ratna, reason="Tidak dapat ditindaklanjuti")
    Complaint.objects.filter(pk=complaint.pk).update(closed_at=closed_at)
    Event.objects.create(
        complaint=complaint, at=closed_at, action="info_added", message="Alamat saya Jl. Mawar 3"
    )
    complaint.refresh_from_db()
    return complaint


def forum_participant(world, *, held_on: dt.date) -> ForumParticipant:
    forum = standards_actions.save_forum(
        world.buru_dukcapil,
        actor=world.abdul,
        title="FKP",
        purpose="drafting",
        mode="tatap_muka",
        stage="pelaksanaan",
        held_on=held_on,
        place="Aula",
    )
    return standards_actions.add_participant(
        forum,
        actor=world.abdul,
        name="Bapak Yosef",
        organisation="LSM Buru",
        element=ForumParticipant.Element.CIVIL_SOCIETY,
    )


def coaching_participant(world, *, ends_at: dt.datetime) -> CoachingParticipant:
    from prima.coaching.models import Event as CoachingEvent
    from prima.registry.models import CoordinationRegion, Region

    start = dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=2)
    event = coaching_actions.create_event(
        actor=world.ratna,
        topics=["standar_pelayanan"],
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        title="Bimtek SP",
        kind=CoachingEvent.Kind.BIMTEK,
        mode=CoachingEvent.Mode.ONLINE,
        meeting_link="https://zoom.example/j/1",
        coordination_region=CoordinationRegion.objects.get(code="III"),
        venue_province=Region.objects.get(code="81"),
    )
    coaching_actions.invite(event, actor=world.ratna, agencies=[world.buru])
    coaching_actions.publish_event(event, actor=world.ratna)
    person = coaching_actions.register(
        event,
        actor=world.siti,
        agency=world.buru,
        name="Maria Sahetapy",
        position="Analis",
        email="maria@example.test",
    )
    CoachingEvent.objects.filter(pk=event.pk).update(
        starts_at=ends_at - dt.timedelta(hours=3), ends_at=ends_at
    )
    return person


SUGGESTION = "Bu Ani di loket 2 ramah, hubungi saya 0812 3456 7890"


def response(world, *, submitted_at: dt.datetime, period=None) -> SurveyResponse:
    period = period or make_period(world)
    saved = submission.submit_response(
        period,
        answers=answers(3),
        channel="web",
        profile={"sex": "P", "age": 41, "education": "s1", "occupation": "swasta"},
        suggestion=SUGGESTION,
        device="phone",
        now=submitted_at,
    ).response
    SurveyResponse.objects.filter(pk=saved.pk).update(submitted_at=submitted_at)
    return saved


def days(key: str) -> int:
    return next(kind.default_days for kind in RETENTION if kind.key == key)


# Kept for `days` whole days from the start of the clock: expired at exactly `days`.
BOUNDARIES = [(-1, True), (0, True), (1, False)]


@pytest.mark.django_db
@pytest.mark.parametrize(("offset", "erased"), BOUNDARIES)
def test_a_complainants_identity_goes_at_the_end_of_its_period_not_a_day_before(
    world, offset, erased
):
    closed_at = NOW - dt.timedelta(days=days("complainant_identity")) + dt.timedelta(days=offset)
    complaint = closed_complaint(world, closed_at=closed_at)
    retention.purge(now=NOW)
    assert Identity.objects.filter(complaint=complaint).exists() is not erased
    assert Complaint.objects.filter(pk=complaint.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("offset", "erased"), BOUNDARIES)
def test_a_respondents_profile_is_cleared_at_the_end_of_its_period(world, offset, erased):
    submitted = NOW - dt.timedelta(days=days("survey_profiles") - offset)
    saved = response(world, submitted_at=submitted)
    retention.purge(now=NOW)
    saved.refresh_from_db()
    assert (saved.sex == "" and saved.age is None and saved.device_digest == "") is erased
    assert saved.answers()["waktu"] == 3


@pytest.mark.django_db
@pytest.mark.parametrize(("offset", "erased"), BOUNDARIES)
def test_a_suggestion_as_written_goes_at_the_end_of_its_period_its_masked_form_stays(
    world, offset, erased
):
    submitted = NOW - dt.timedelta(days=days("survey_suggestions") - offset)
    saved = response(world, submitted_at=submitted)
    masked = saved.suggestion_masked
    assert "3456" not in masked and "•" in masked  # the phone number hidden
    retention.purge(now=NOW)
    saved.refresh_from_db()
    assert (saved.suggestion == "") is erased
    assert saved.suggestion_masked == masked  # what the results page may publish


@pytest.mark.django_db
def test_staff_read_the_masked_suggestion_once_the_written_one_is_gone(world, client):
    from django.urls import reverse

    from prima.test import sign_in

    saved = response(world, submitted_at=NOW - dt.timedelta(days=4000))
    retention.purge(now=NOW)
    sign_in(client, world.siti)
    url = reverse("manage:survey_responses", args=[saved.period_id])
    assert "Bu Ani di loket 2 ramah" in client.get(url).content.decode()
    csv = b"".join(client.get(url, {"format": "csv"}).streaming_content).decode()
    assert "Bu Ani di loket 2 ramah" in csv and "3456" not in csv


@pytest.mark.django_db
@pytest.mark.parametrize(("offset", "erased"), BOUNDARIES)
def test_security_events_go_at_the_end_of_their_period(world, offset, erased):
    event = AuditEvent.objects.create(
        kind="login_failed",
        username="tamu",
        ip="10.0.0.1",
        at=NOW - dt.timedelta(days=days("security_log") - offset),
    )
    retention.purge(now=NOW)
    assert AuditEvent.objects.filter(pk=event.pk).exists() is not erased


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)
def test_on_postgresql_only_the_purge_may_delete_from_the_log_and_only_while_it_runs(world):
    """accounts migration 0007: the database refuses a plain DELETE before and after the
    purge, in the same transaction too, and an UPDATE even with the purge's setting on."""
    old = NOW - dt.timedelta(days=days("security_log") + 1)
    first, second = (
        AuditEvent.objects.create(kind="login_failed", username="tamu", at=old) for _ in range(2)
    )

    def refused(sql: str, pk: int, *, purge_setting: bool = False) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            if purge_setting:
                cursor.execute("SET LOCAL prima.retention_purge = 'on'")
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                cursor.execute(sql, [pk])

    delete = "DELETE FROM accounts_auditevent WHERE id = %s"
    refused(delete, first.pk)
    assert erasure.delete_security_events(AuditEvent.objects.filter(pk=first.pk)) == 1
    assert not AuditEvent.objects.filter(pk=first.pk).exists()
    refused(delete, second.pk)
    refused(
        "UPDATE accounts_auditevent SET username = 'x' WHERE id = %s", second.pk, purge_setting=True
    )
    report = retention.purge(now=NOW)
    assert report.kinds["security_log"]["changed"] == 1 and not report.errors
    assert not AuditEvent.objects.filter(pk=second.pk).exists()
    survivor = AuditEvent.objects.create(kind="login_failed", username="tamu")
    refused(delete, survivor.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(("offset", "erased"), BOUNDARIES)
def test_participants_are_erased_at_the_end_of_their_period_with_their_history(
    world, offset, erased
):
    ended = NOW - dt.timedelta(days=days("participants") - offset)
    person = coaching_participant(world, ends_at=ended)
    guest = forum_participant(world, held_on=ended.date())
    retention.purge(now=NOW)
    person.refresh_from_db()
    guest.refresh_from_db()
    assert (person.name == f"#{person.pk}" and person.email == "") is erased
    assert (guest.name == f"#{guest.pk}" and guest.organisation == "") is erased
    names = set(CoachingParticipant.history.filter(id=person.pk).values_list("name", flat=True))
    names |= set(ForumParticipant.history.filter(id=guest.pk).values_list("name", flat=True))
    assert ("Maria Sahetapy" in names or "Bapak Yosef" in names) is not erased


@pytest.mark.django_db
def test_a_closed_complaint_loses_its_text_and_files_but_keeps_what_it_counts_for(world):
    complaint = closed_complaint(world, closed_at=NOW - dt.timedelta(days=4000))
    attachment = Attachment.objects.create(complaint=complaint, size=2)
    attachment.file.save("bukti.pdf", ContentFile(b"%P"), save=True)
    storage, name = attachment.file.storage, attachment.file.name
    kept = Complaint.objects.values(
        "unit", "agency", "category", "status", "received_at", "closed_at", "rating", "channel"
    ).get(pk=complaint.pk)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        report = retention.purge(now=NOW)
    assert report.kinds["uploads"]["records"] == 1 and not report.errors
    complaint.refresh_from_db()
    assert "Jl. Mawar" not in "".join(complaint.events.values_list("message", flat=True))
    assert complaint.title == erasure.removed_text() == complaint.description
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not storage.exists(name)
    assert not Identity.objects.filter(complaint=complaint).exists()
    assert Complaint.objects.values(*kept).get(pk=complaint.pk) == kept  # the statistics' columns


@pytest.mark.django_db
def test_a_second_purge_finds_nothing_and_a_dry_run_changes_nothing(world):
    complaint = closed_complaint(world, closed_at=NOW - dt.timedelta(days=4000))
    old = response(world, submitted_at=NOW - dt.timedelta(days=4000))
    dry = retention.purge(now=NOW, dry_run=True)
    assert dry.dry_run and dry.kinds["complainant_identity"]["records"] == 1
    assert dry.kinds["survey_profiles"]["records"] == 1
    assert dry.kinds["survey_suggestions"]["records"] == 1
    assert Identity.objects.filter(complaint=complaint).exists()
    old.refresh_from_db()
    assert old.sex == "P"
    first = retention.purge(now=NOW)
    assert {k: v["records"] for k, v in first.kinds.items()} == {
        k: v["records"] for k, v in dry.kinds.items()
    }
    second = retention.purge(now=NOW)
    assert all(entry["records"] == 0 for entry in second.kinds.values())
    for function, target in (
        (erasure.erase_complainant_identity, complaint),
        (erasure.redact_complaint_text, complaint),
        (erasure.delete_complaint_uploads, complaint),
    ):
        assert function(target, reason="again") == 0
    assert erasure.clear_response_profiles(SurveyResponse.objects.all(), reason="again") == 0
    assert erasure.clear_response_suggestions(SurveyResponse.objects.all(), reason="x") == 0
    assert PurgeReport.objects.count() == 3


def _figures(world) -> dict[str, object]:
    complaints = list(
        Complaint.objects.order_by()
        .values("unit", "status", "category", "kind", "channel", "rating", "is_anonymous")
        .annotate(n=Count("id"))
        .order_by("unit", "status")
    )
    reach = list(
        CoachingParticipant.objects.order_by()
        .values("event", "agency", "unit", "attended_at")
        .annotate(n=Count("id"))
        .order_by("event", "agency")
    )
    forums = list(
        ForumParticipant.objects.order_by()
        .values("forum", "element", "attended")
        .annotate(n=Count("id"))
        .order_by("forum", "element")
    )
    results = list(
        PeriodResult.objects.order_by("pk").values(
            "pk", "respondents", "flagged", "ikm", "ikm_rounded", "mutu", "profile", "moments"
        )
    )
    # What the results page and the open data publish of the suggestions.
    published = list(SurveyResponse.objects.order_by("pk").values_list("suggestion_masked"))
    return {
        "complaints": complaints,
        "reach": reach,
        "forums": forums,
        "results": results,
        "suggestions": published,
    }


@pytest.mark.django_db
def test_no_count_or_published_figure_moves_and_a_rebuild_gives_them_again(world):
    from prima.insights import figures_store

    old = NOW - dt.timedelta(days=4000)
    closed_complaint(world, closed_at=old)
    coaching_participant(world, ends_at=old)
    forum_participant(world, held_on=old.date())
    period = make_period(world)
    for _ in range(3):
        response(world, submitted_at=old, period=period)
    figures_store.rebuild()
    before = _figures(world)
    assert not figures_store.check()
    retention.purge(now=NOW)
    assert _figures(world) == before
    assert not figures_store.check()
    call_command("rebuild_survey_aggregates", verbosity=0)
    figures_store.rebuild()
    assert _figures(world) == before


@pytest.mark.django_db
def test_the_command_prints_each_kind_and_records_a_report(world, capsys):
    call_command("privacy", "purge", "--dry-run")
    out = capsys.readouterr().out
    assert all(kind.key in out for kind in RETENTION)
    assert PurgeReport.objects.get().dry_run


@pytest.mark.django_db
def test_national_administrators_see_the_reports_and_a_csv_others_do_not(world, client):
    from prima.test import sign_in

    report = retention.purge(now=NOW, dry_run=True)
    sign_in(client, world.ratna)
    page = client.get("/manage/privacy/purges/")
    assert page.status_code == 200 and b"dry run" in page.content
    csv = client.get(f"/manage/privacy/purges/{report.pk}.csv")
    assert csv.status_code == 200
    body = b"".join(csv.streaming_content).decode()
    assert "Security log" in body and "730" in body
    sign_in(client, world.siti)
    assert client.get("/manage/privacy/purges/").status_code == 404
    assert client.get(f"/manage/privacy/purges/{report.pk}.csv").status_code == 404


profile = st.fixed_dictionaries(
    {
        "sex": st.sampled_from(["", "L", "P"]),
        "age": st.none() | st.integers(15, 90),
        "education": st.sampled_from(["", "sd", "sma", "s1"]),
        "occupation": st.sampled_from(["", "pns", "swasta"]),
    }
)


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(st.integers(1, 4), profile, st.booleans(), st.integers(0, 3000)),
        min_size=1,
        max_size=12,
    )
)
def test_an_ikm_never_changes_because_old_profiles_were_removed(rows):
    """Any answers, old or new, flagged or counted, with any profile: the purge leaves every
    period's stored result as it was, and a rebuild from the responses gives it again."""
    from prima.accounts.models import User
    from prima.registry.models import ServiceUnit
    from prima.surveys import actions as survey_actions
    from prima.surveys.models import SurveyPeriod
    from prima.test import make_world

    if not User.objects.filter(username="siti").exists():
        make_world()
    siti = User.objects.get(username="siti")
    unit = ServiceUnit.objects.get(code="8104-DUKCAPIL")
    SurveyResponse.objects.all().delete()
    SurveyPeriod.objects.filter(unit=unit).delete()
    period = survey_actions.create_period(
        actor=None,
        unit=unit,
        name="P",
        kind="custom",
        starts_on=dt.date(2020, 1, 1),
        ends_on=dt.date(2030, 12, 31),
    )
    for value, person, flagged, age_days in rows:
        saved = submission.submit_response(
            period, answers=answers(value), channel="web", profile=person, now=NOW
        ).response
        SurveyResponse.objects.filter(pk=saved.pk).update(
            submitted_at=NOW - dt.timedelta(days=age_days)
        )
        if flagged:
            survey_actions.flag_response(saved, actor=siti)
    before = list(PeriodResult.objects.filter(pk=period.pk).values())
    retention.purge(now=NOW)
    assert list(PeriodResult.objects.filter(pk=period.pk).values()) == before
    call_command("rebuild_survey_aggregates", verbosity=0)
    after = list(PeriodResult.objects.filter(pk=period.pk).values())
    for row in (*before, *after):
        row.pop("updated_at")
    assert after == before
