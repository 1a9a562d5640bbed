"""A PEKPPP cycle through the pages people use: the ministry sets it up, the unit
self-assesses, the evaluator scores, service users rate, the unit contests a score, the
moderator decides, the cycle is published, ranked, and mentoring is planned (issue 6)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prima.evaluation import actions
from prima.evaluation.forms import field_name
from prima.evaluation.instrument import built_in
from prima.evaluation.models import Assignment, Contest, Cycle, Lokus, Score
from prima.test import sign_in

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
INSTRUMENT = built_in("pekppp-2023")


def _as(client, user):
    """Sign in as someone else; logging out clears cookies, so English is chosen again."""
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return sign_in(client, user)


def all_scores(value: int) -> dict[str, str]:
    data = {}
    for code in INSTRUMENT.indicators:
        data[field_name("score", code)] = str(value)
        data[field_name("note", code)] = ""
    return data


def cycle_form(**changes: str) -> dict[str, str]:
    """The start-a-cycle form as posted with its defaults: a national 2024 cycle."""
    return {
        "year": "2024",
        "scheme": "nasional",
        "agency": "",
        "instrument_code": "pekppp-2023",
        "verification_days": "5",
        "user_weight": "0",
        "user_min_respondents": "10",
        "double_scoring_percent": "10",
        "priority_below": "3.01",
        **changes,
    }


@pytest.fixture
def cycle(world):
    return actions.create_cycle(
        actor=world.ratna,
        year=2024,
        scheme=Cycle.Scheme.NASIONAL,
        agency=None,
        name="PEKPPP 2024",
        instrument_code="pekppp-2023",
    )


def test_a_national_administrator_creates_a_cycle_from_the_page(client, world):
    sign_in(client, world.ratna)
    response = client.post(
        reverse("manage:evaluation_cycles"),
        cycle_form(name="PEKPPP 2024"),
    )
    cycle = Cycle.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("manage:evaluation_cycle", args=[cycle.pk])
    assert cycle.status == Cycle.Status.PREPARING


def test_an_agency_administrator_may_only_run_a_mandiri_cycle_for_its_agency(client, world):
    sign_in(client, world.siti)
    data = cycle_form(name="PEKPPP Mandiri Buru")
    response = client.post(reverse("manage:evaluation_cycles"), data)
    assert response.status_code == 200
    assert not Cycle.objects.exists()
    data.update(scheme="mandiri", agency=str(world.ambon.pk))
    response = client.post(reverse("manage:evaluation_cycles"), data)
    assert response.status_code == 200  # Ambon is not Siti's agency
    data.update(agency=str(world.buru.pk))
    response = client.post(reverse("manage:evaluation_cycles"), data)
    assert response.status_code == 302
    assert Cycle.objects.get().agency == world.buru


def test_the_whole_cycle_end_to_end(client, world, cycle):
    admin = sign_in(client, world.ratna)
    # Add two lokus; the type comes from the unit's services.
    for unit in (world.buru_dukcapil, world.ambon_dukcapil):
        response = admin.post(
            reverse("manage:evaluation_lokus_add", args=[cycle.pk]),
            {"unit": unit.pk, "kind": "", "mode": ""},
        )
        assert response.status_code == 302
    buru = Lokus.objects.get(unit=world.buru_dukcapil)
    ambon = Lokus.objects.get(unit=world.ambon_dukcapil)
    assert buru.kind == Lokus.Kind.ADMINISTRATIF

    # The cycle cannot open before each lokus has an evaluator.
    response = admin.post(reverse("manage:evaluation_advance", args=[cycle.pk]), follow=True)
    assert "Assign a primary evaluator" in response.content.decode()
    for lokus in (buru, ambon):
        admin.post(
            reverse("manage:evaluation_assign", args=[lokus.pk]),
            {"assign-evaluator": world.yohanis.pk, "assign-role": "primary"},
        )
    assert Assignment.objects.get(lokus=buru).level == Assignment.Level.BIRO
    admin.post(reverse("manage:evaluation_advance", args=[cycle.pk]))
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.SELF_ASSESSMENT

    # The unit's operator fills F-01; Prima's own records are shown beside each indicator.
    operator = _as(client, world.abdul)
    page = operator.get(reverse("manage:evaluation_self_assessment", args=[buru.pk]))
    assert page.status_code == 200
    assert "From Prima" in page.content.decode()
    operator.post(
        reverse("manage:evaluation_evidence_add", args=[buru.pk]),
        {
            "indicator": "10.b.As",
            "title": "SK jam pelayanan",
            "file": SimpleUploadedFile("sk.pdf", PDF_BYTES, content_type="application/pdf"),
        },
    )
    answers = {}
    for code in INSTRUMENT.indicators:
        answers[field_name("claim", code)] = "3"
        answers[field_name("explanation", code)] = "Lihat bukti dukung."
    answers["submit"] = "1"
    response = operator.post(reverse("manage:evaluation_self_assessment", args=[buru.pk]), answers)
    assert response.status_code == 302
    buru.refresh_from_db()
    assert buru.submitted_at is not None
    assert buru.answers.get(indicator="1.a.Ak").prefill["source"] == "standards"
    # The operator may not self-assess another unit's lokus.
    assert (
        operator.get(reverse("manage:evaluation_self_assessment", args=[ambon.pk])).status_code
        == 404
    )

    # Scoring stage: the evaluator scores both lokus; users rate Buru.
    _as(client, world.ratna)
    client.post(reverse("manage:evaluation_advance", args=[cycle.pk]))
    evaluator = _as(client, world.yohanis)
    for lokus, value in ((buru, 2), (ambon, 4)):
        response = evaluator.post(
            reverse("manage:evaluation_score", args=[lokus.pk]), all_scores(value)
        )
        assert response.status_code == 302
    buru.refresh_from_db()
    assert buru.ipp_rounded == Decimal("2.00")
    assert buru.category == "D"  # 1.51–2.00
    client.logout()
    rating_url = reverse("evaluation_rating", args=[buru.user_token])
    assert client.get(rating_url).status_code == 200
    response = client.post(rating_url, {field_name("item", "sikap"): "4", "website": ""})
    assert response.status_code == 302
    buru.refresh_from_db()
    assert buru.user_respondents == 1

    # Verification: the unit contests one score, the moderator accepts it.
    sign_in(client, world.ratna)
    client.post(reverse("manage:evaluation_advance", args=[cycle.pk]))
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.VERIFICATION
    assert cycle.verification_ends_on is not None
    _as(client, world.abdul)
    client.post(
        reverse("manage:evaluation_contest", args=[buru.pk]),
        {
            "contest-indicator": "1.a.Ak",
            "contest-proposed_score": "4",
            "contest-reason": "SK sudah terbit.",
        },
    )
    contest = Contest.objects.get()
    assert contest.score_before == 2
    _as(client, world.ratna)
    response = client.post(reverse("manage:evaluation_advance", args=[cycle.pk]), follow=True)
    assert "Decide every open contest first" in response.content.decode()
    client.post(
        reverse("manage:evaluation_decide", args=[contest.pk]),
        {"decision": "accept", "score": "", "note": "Bukti SK diterima."},
    )
    contest.refresh_from_db()
    assert contest.status == Contest.Status.ACCEPTED
    score = Score.objects.get(lokus=buru, indicator="1.a.Ak")
    assert score.score == 4
    assert score.history.first().history_change_reason.startswith(f"contest #{contest.pk}")
    buru.refresh_from_db()
    assert buru.ipp > Decimal(2)

    # Both units accept their scores; the cycle is published and ranked.
    _as(client, world.abdul)
    client.post(reverse("manage:evaluation_accept", args=[buru.pk]))
    _as(client, world.marthen)
    client.post(reverse("manage:evaluation_accept", args=[ambon.pk]))
    _as(client, world.ratna)
    client.post(reverse("manage:evaluation_advance", args=[cycle.pk]))
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.PUBLISHED
    page = client.get(reverse("manage:evaluation_results", args=[cycle.pk]) + "?by=wilayah")
    assert page.status_code == 200
    body = page.content.decode()
    assert body.index(world.ambon_dukcapil.name) < body.index(world.buru_dukcapil.name)
    for fmt, kind in (("csv", "text/csv"), ("xlsx", "spreadsheet"), ("pdf", "pdf")):
        response = client.get(reverse("manage:evaluation_export", args=[cycle.pk, fmt]))
        assert response.status_code == 200
        assert kind in response["Content-Type"]

    # Buru is a coaching priority, with its reasons; mentoring is planned.
    page = client.get(reverse("manage:evaluation_priorities", args=[cycle.pk]))
    text = page.content.decode()
    assert "below the priority line" in text
    assert "No living innovation" in text  # Buru registered none
    page = client.get(reverse("manage:evaluation_lokus", args=[buru.pk]))
    assert "Draft for" in page.content.decode()
    client.post(
        reverse("manage:evaluation_session", args=[buru.pk]),
        {
            "session-held_on": "2024-11-20",
            "session-mode": "online",
            "session-topic": "Standar pelayanan dan SKM",
            "session-attendees": "Abdul — Operator\nKepala Dinas — Kepala",
            "session-notes": "",
        },
    )
    client.post(
        reverse("manage:evaluation_action_add", args=[buru.pk]),
        {
            "action": "Tetapkan standar pelayanan KTP-el",
            "owner": "Kepala Dinas",
            "due_on": "2025-03-31",
            "status": "planned",
            "progress": "",
        },
    )
    assert buru.sessions.count() == 1
    assert buru.action_items.get().status == "planned"


def test_the_berita_acara_is_a_pdf(client, world, cycle):
    lokus = actions.add_lokus(
        cycle, unit=world.buru_dukcapil, kind="administratif", mode="luring", actor=world.ratna
    )
    actions.assign(lokus, evaluator=world.yohanis, role="primary", level="biro", actor=world.ratna)
    sign_in(client, world.yohanis)
    client.post(
        reverse("manage:evaluation_visit_add", args=[lokus.pk]),
        {
            "visit-visited_on": "2024-08-12",
            "visit-evaluators": "Yohanis",
            "visit-unit_officials": "Kepala Dinas — Kepala",
            "visit-findings": "Ruang tunggu nyaman; belum ada ramp.",
        },
    )
    visit = lokus.visits.get()
    response = client.get(reverse("manage:evaluation_visit_pdf", args=[visit.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_people_outside_the_lokus_see_nothing(client, world, cycle):
    lokus = actions.add_lokus(
        cycle, unit=world.buru_dukcapil, kind="administratif", mode="luring", actor=world.ratna
    )
    sign_in(client, world.marthen)  # Kota Ambon's administrator
    assert client.get(reverse("manage:evaluation_lokus", args=[lokus.pk])).status_code == 404
    assert client.get(reverse("manage:evaluation_score", args=[lokus.pk])).status_code == 404
    assert client.post(reverse("manage:evaluation_advance", args=[cycle.pk])).status_code == 404


def test_the_f03_form_is_closed_outside_the_evaluation(client, world, cycle):
    lokus = actions.add_lokus(
        cycle, unit=world.buru_dukcapil, kind="administratif", mode="luring", actor=world.ratna
    )
    assert client.get(reverse("evaluation_rating", args=[lokus.user_token])).status_code == 404


def test_the_verification_window_closes_after_its_working_days(world, cycle):
    lokus = actions.add_lokus(
        cycle, unit=world.buru_dukcapil, kind="administratif", mode="luring", actor=world.ratna
    )
    actions.assign(lokus, evaluator=world.yohanis, role="primary", level="biro", actor=world.ratna)
    actions.advance(cycle, actor=world.ratna)
    actions.advance(cycle, actor=world.ratna)
    actions.save_scores(
        lokus,
        evaluator=world.yohanis,
        scores={code: (3, "") for code in INSTRUMENT.indicators},
        actor=world.yohanis,
    )
    friday = dt.date(2024, 8, 9)
    actions.advance(cycle, actor=world.ratna, today=friday)
    # Five working days after Friday 9 August 2024: the 12th–16th (17 August is a Saturday).
    assert cycle.verification_ends_on == dt.date(2024, 8, 16)
    with pytest.raises(Exception, match="closed on"):
        actions.raise_contest(
            lokus,
            indicator="1.a.Ak",
            reason="x",
            proposed_score=4,
            actor=world.abdul,
            today=dt.date(2024, 8, 19),
        )
    # Publishing waits for the window unless every unit accepted.
    with pytest.raises(Exception, match="verification window is open"):
        actions.advance(cycle, actor=world.ratna, today=dt.date(2024, 8, 16))
    actions.advance(cycle, actor=world.ratna, today=dt.date(2024, 8, 19))
    assert cycle.status == Cycle.Status.PUBLISHED


def _scored(world, cycle, unit, value):
    lokus = actions.add_lokus(
        cycle, unit=unit, kind="administratif", mode="luring", actor=world.ratna
    )
    actions.assign(
        lokus, evaluator=world.ratna, role="primary", level="kementerian", actor=world.ratna
    )
    return lokus, value


def test_before_publication_a_regional_evaluator_sees_only_lokus_in_scope(client, world, cycle):
    plan = [
        _scored(world, cycle, world.buru_dukcapil, 2),
        _scored(world, cycle, world.sorong_dukcapil, 4),  # Papua Barat Daya, outside Maluku
    ]
    actions.advance(cycle, actor=world.ratna)
    actions.advance(cycle, actor=world.ratna)
    for lokus, value in plan:
        actions.save_scores(
            lokus,
            evaluator=world.ratna,
            scores={code: (value, "") for code in INSTRUMENT.indicators},
            actor=world.ratna,
        )
    sign_in(client, world.yohanis)
    results = reverse("manage:evaluation_results", args=[cycle.pk])
    page = client.get(results).content.decode()
    assert world.buru_dukcapil.name in page and world.sorong_dukcapil.name not in page
    priorities = client.get(reverse("manage:evaluation_priorities", args=[cycle.pk]))
    assert world.sorong_dukcapil.name not in priorities.content.decode()
    cycle.status = Cycle.Status.PUBLISHED
    cycle.save()
    assert world.sorong_dukcapil.name in client.get(results).content.decode()


def test_the_priority_rule_is_the_cycles_own(world, cycle):
    from prima.evaluation import queries

    lokus, _value = _scored(world, cycle, world.buru_dukcapil, 3)
    actions.advance(cycle, actor=world.ratna)
    actions.advance(cycle, actor=world.ratna)
    actions.save_scores(
        lokus,
        evaluator=world.ratna,
        scores={code: (3, "") for code in INSTRUMENT.indicators},
        actor=world.ratna,
    )
    # IPP 3.00 is under the default line 3.01 (below B-) …
    assert queries.coaching_priorities(cycle)[0].is_priority
    # … and not under a local rule of 2.51 (below C).
    actions.update_cycle(cycle, actor=world.ratna, priority_below=Decimal("2.51"))
    assert not queries.coaching_priorities(cycle)[0].is_priority


def test_user_ratings_enter_the_ipp_only_at_the_cycles_weight_and_with_enough_respondents(
    world, cycle
):
    lokus, _value = _scored(world, cycle, world.buru_dukcapil, 3)
    actions.advance(cycle, actor=world.ratna)
    actions.advance(cycle, actor=world.ratna)
    actions.save_scores(
        lokus,
        evaluator=world.ratna,
        scores={code: (3, "") for code in INSTRUMENT.indicators},
        actor=world.ratna,
    )
    actions.update_cycle(cycle, actor=world.ratna, user_weight=20, user_min_respondents=2)
    actions.submit_rating(lokus, answers={"sikap": 5}, actor=None)
    lokus.refresh_from_db()
    assert lokus.ipp_rounded == Decimal("3.00")  # one respondent: not yet combined
    actions.submit_rating(lokus, answers={"sikap": 5, "toilet": 5}, actor=None)
    lokus.refresh_from_db()
    assert lokus.ipp_rounded == Decimal("3.40")  # 0.8 × 3 + 0.2 × 5
    assert lokus.evaluator_ipp == Decimal("3.000000")


def test_a_mandiri_cycle_takes_only_its_own_agencys_units(world):
    cycle = actions.create_cycle(
        actor=world.siti,
        year=2024,
        scheme=Cycle.Scheme.MANDIRI,
        agency=world.buru,
        name="Mandiri Buru",
        instrument_code="pekppp-2023",
    )
    with pytest.raises(Exception, match="own agency"):
        actions.add_lokus(
            cycle, unit=world.ambon_dukcapil, kind="administratif", mode="luring", actor=world.siti
        )


def test_an_evaluator_edits_a_saved_recommendation(client, world, cycle):
    lokus = actions.add_lokus(
        cycle, unit=world.buru_dukcapil, kind="administratif", mode="luring", actor=world.ratna
    )
    actions.assign(lokus, evaluator=world.yohanis, role="primary", level="biro", actor=world.ratna)
    saved = actions.save_recommendation(
        lokus, aspect="sarpras", text="Sediakan ramp.", actor=world.yohanis
    )
    sign_in(client, world.yohanis)
    client.post(
        reverse("manage:evaluation_recommendation", args=[lokus.pk]),
        {
            "recommendation": saved.pk,
            "rec-aspect": "sarpras",
            "rec-text": "Sediakan ramp dan kursi roda.",
        },
    )
    saved.refresh_from_db()
    assert saved.text == "Sediakan ramp dan kursi roda."
    assert lokus.recommendations.count() == 1
    assert saved.history.count() == 2
