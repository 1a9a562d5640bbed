"""The unit's public results page, "you said, we did" (issue 22, item 5): each element in words
with its category, the weakest marked, the confidence interval in one sentence, the follow-up
plan with its status, and the improvements closed complaints led to — never a secret one."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from prima.complaints import actions as complaints
from prima.complaints.models import Complaint, Status
from prima.complaints.tests.factories import file
from prima.surveys import actions, queries, submission
from prima.surveys.models import FollowUpAction
from prima.surveys.tests.factories import answers, make_period

pytestmark = pytest.mark.django_db

MOMENT = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _page(client, world) -> str:
    response = client.get(reverse("unit_ikm", args=[world.buru_dukcapil.code]))
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def _published(world, *, publish: bool = True, **values):
    period = make_period(world, population=30, **values)
    # Waktu (completion time) scores lowest, then biaya (cost); the rest score 4.
    for row in (
        (4, 4, 1, 2, 4, 4, 4, 4, 4),
        (4, 4, 2, 3, 4, 4, 4, 4, 4),
        (4, 4, 2, 3, 4, 4, 4, 4, 4),
    ):
        submission.submit_response(period, answers=answers(*row), channel="web", now=MOMENT)
    if publish:
        actions.publish_results(period, actor=world.abdul)
    return period


def _closed_with_improvement(world, text: str, **values) -> Complaint:
    complaint = file(world, **values).complaint
    complaints.record_improvement(
        complaint, actor=world.abdul, improvement=text, standard=None, skm_element="waktu"
    )
    Complaint.objects.filter(pk=complaint.pk).update(
        status=Status.CLOSED, closed_at=timezone.now() - dt.timedelta(days=3)
    )
    return complaint


def test_each_element_is_shown_in_words_with_its_score_and_category(client, world):
    _published(world)
    body = _page(client, world)
    assert "You said, we did" in body
    for title in ("Requirements", "Completion time", "Cost/fee", "Conduct of the staff"):
        assert title in body
    # What the questionnaire asked, in plain words, beside each element.
    assert "How fast is the service delivered?" in body
    # Waktu: answers 1, 2, 2 → NRR 1.667 → 41.67, category D.
    assert re.search(
        r"Completion time</span> <span class=\"element-score\"><strong>41.67</strong> Not good",
        body,
    )
    assert "<strong>100.00</strong> Very good" in body


def test_the_lowest_scoring_elements_are_marked_and_equal_best_ones_are_not(client, world):
    period = _published(world)
    shown = queries.public_results(world.buru_dukcapil)[0]
    assert [row.key for row in shown.weakest] == ["waktu", "biaya"]
    assert shown.period == period
    body = _page(client, world)
    assert body.count('class="weak"') == 2
    assert "The 2 parts with the lowest scores are the first the unit should improve." in body


def test_elements_that_score_alike_are_marked_alike(world):
    period = make_period(world, population=30)
    # Lowest waktu, then biaya, then prosedur and sarpras equal; the rest 4.
    submission.submit_response(
        period, answers=answers(4, 3, 1, 2, 4, 4, 4, 3, 4), channel="web", now=MOMENT
    )
    actions.publish_results(period, actor=world.abdul)
    weakest = queries.public_results(world.buru_dukcapil)[0].weakest
    assert [row.key for row in weakest] == ["waktu", "biaya", "prosedur", "sarpras"]


def test_an_even_result_marks_no_element_as_weakest(world):
    period = make_period(world, population=30)
    submission.submit_response(period, answers=answers(3), channel="web", now=MOMENT)
    actions.publish_results(period, actor=world.abdul)
    assert queries.public_results(world.buru_dukcapil)[0].weakest == []


def test_the_confidence_interval_is_explained_in_one_sentence(client, world):
    period = _published(world)
    period.result.refresh_from_db()
    low, high = period.result.ci_low, period.result.ci_high
    assert low is not None and high is not None
    body = _page(client, world)
    assert f"With 95% confidence, the true index lies between {low} and {high}" in body
    assert "From the answers of 3 service users, on a scale of 25 to 100." in body


def test_follow_up_actions_show_what_was_done_and_their_status_but_not_who(client, world):
    period = _published(world)
    actions.save_followup(
        None,
        actor=world.abdul,
        period=period,
        element="waktu",
        problem="Antrean panjang di loket KTP; hubungi 081234567890.",
        action="Membuka loket kedua pada hari Senin",
        owner="Bapak Yusuf Latuconsina",
        deadline=dt.date(2026, 8, 31),
        status=FollowUpAction.Status.DONE,
        completed_on=dt.date(2026, 8, 14),
        evidence_note="Nota dinas internal nomor 12",
    )
    actions.save_followup(
        None,
        actor=world.abdul,
        period=period,
        element="biaya",
        problem="Biaya fotokopi tidak jelas",
        action="Memasang daftar biaya di ruang tunggu",
        owner="Seksi Pelayanan",
        deadline=dt.date(2026, 9, 30),
        status=FollowUpAction.Status.IN_PROGRESS,
    )
    body = _page(client, world)
    assert "Membuka loket kedua pada hari Senin" in body
    assert "Memasang daftar biaya di ruang tunggu" in body
    assert "1 of 2 planned actions are done." in body
    assert "Done</span> on 14 August 2026" in body
    assert "In progress</span> due 30 September 2026" in body
    assert "For: Completion time." in body
    # Neither the officer responsible nor the internal evidence, and no phone number.
    assert "Yusuf" not in body and "Nota dinas" not in body and "081234567890" not in body
    assert "Antrean panjang di loket KTP" in body


def test_improvements_from_closed_public_complaints_are_listed_without_the_complaint(client, world):
    shown = _closed_with_improvement(world, "Loket KTP kini buka sampai pukul 15.00.")
    _closed_with_improvement(
        world,
        "Petugas arsip dipindahkan setelah laporan ini.",
        is_secret=True,
        title="Rahasia",
    )
    _closed_with_improvement(
        world, "Dari laporan anonim: papan antrean diperbaiki.", is_anonymous=True
    )
    still_open = file(world, title="Belum selesai").complaint
    complaints.record_improvement(
        still_open,
        actor=world.abdul,
        improvement="Rencana: kursi tambahan.",
        standard=None,
        skm_element="",
    )
    body = _page(client, world)
    assert "Loket KTP kini buka sampai pukul 15.00." in body
    assert "papan antrean diperbaiki" in body  # anonymous hides who, not what changed
    assert "Petugas arsip dipindahkan" not in body  # a secret complaint is never public
    assert "kursi tambahan" not in body  # not closed yet
    assert "2 closed complaints led to a change in the service." in body
    # The improvement only: not the complaint's number, title, text or who filed it.
    assert shown.public_id not in body
    assert "KTP-el belum jadi" not in body and "Ibu Rahma" not in body


def test_improvements_are_masked_and_the_latest_few_are_shown(world):
    from prima.complaints.queries import public_improvements

    for n in range(4):
        _closed_with_improvement(world, f"Perbaikan {n}: tanya ke admin@example.test")
    found = public_improvements(world.buru_dukcapil, limit=3)
    assert found.total == 4
    assert len(found.latest) == 3
    assert all("admin@example.test" not in item.text for item in found.latest)
    assert found.latest[0].element == "Completion time"


def test_empty_states_teach_what_will_appear(client, world):
    body = _page(client, world)
    assert "This unit has not published survey results yet." in body
    assert "No change from a complaint has been recorded yet." in body
    assert reverse("complaints:new_for_unit", args=[world.buru_dukcapil.code]) in body
    _published(world)
    body = _page(client, world)
    assert "The unit has not published a follow-up plan for this survey yet." in body


def test_an_unpublished_period_shows_nothing(client, world):
    _published(world, publish=False)
    body = _page(client, world)
    assert "Completion time" not in body
    assert "This unit has not published survey results yet." in body


def test_the_page_reads_a_fixed_number_of_queries_however_many_periods(client, world):
    url = reverse("unit_ikm", args=[world.buru_dukcapil.code])
    _published(world)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    _published(
        world,
        name="Semester II 2026",
        starts_on=dt.date(2026, 7, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).status_code == 200
    assert len(two) == len(one)
