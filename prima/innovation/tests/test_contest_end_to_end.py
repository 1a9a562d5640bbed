"""A competition from start to finish through the pages (Django test client): the organiser
creates it, sets its windows and rubric (refused while the weights do not add up to 100) and
announces it; two units enter; the secretariat checks; two reviewers declare and score; the
ranking shows the agreement figures; the Top 1 is shortlisted; a citizen objects during the
window; the organiser resolves, decides and publishes; the public page shows the winner."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prima.innovation.models import (
    AdminCheck,
    Award,
    Competition,
    Objection,
    Review,
    Submission,
)
from prima.innovation.tests.contest_support import (  # noqa: F401 (fixtures)
    AFTER_OBJECTION,
    DURING_DESK,
    DURING_OBJECTION,
    DURING_REGISTRATION,
    _client,
    _english,
    _media,
    innovation,
    local,
)
from prima.test import make_user, sign_in

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _windows_data() -> dict[str, str]:
    return {
        "pendaftaran_opens": "2026-03-01T08:00",
        "pendaftaran_closes": "2026-04-16T12:00",
        "penilaian_opens": "2026-04-20T08:00",
        "penilaian_closes": "2026-05-30T17:00",
        "uji_publik_opens": "2026-06-01T08:00",
        "uji_publik_closes": "2026-06-06T08:00",
    }


def _enter(client, user, competition, item, answers: dict[str, str]) -> Submission:
    sign_in(client, user)
    page = client.get(reverse("manage:innovation_contest", args=[competition.pk]))
    assert "Enter an innovation" in page.content.decode()
    group = competition.groups.get()
    category = competition.categories.get()
    response = client.post(
        reverse("manage:innovation_contest_enter", args=[competition.pk]),
        {"innovation": item.pk, "group": group.pk, "category": category.pk},
    )
    submission = Submission.objects.get(innovation=item)
    assert response.status_code == 302
    criteria = {c.code: c for c in group.criteria.all()}
    url = reverse("manage:innovation_contest_answers", args=[submission.pk])
    data: dict[str, object] = {f"text_{criteria[k].pk}": v for k, v in answers.items()}
    data[f"evidence_{criteria['signifikansi'].pk}"] = SimpleUploadedFile(
        "bukti.pdf", b"%PDF-1.4\n% bukti\n", content_type="application/pdf"
    )
    assert client.post(url, data).status_code == 302
    response = client.post(
        reverse("manage:innovation_contest_submit", args=[submission.pk]), follow=True
    )
    assert "Submitted. The secretariat checks it next." in _messages(response)
    submission.refresh_from_db()
    assert submission.state == Submission.State.SUBMITTED
    return submission


def _score(client, reviewer, submission, values: dict[str, int]) -> None:
    sign_in(client, reviewer)
    review = Review.objects.get(submission=submission, reviewer=reviewer)
    url = reverse("manage:innovation_contest_review", args=[review.pk])
    before = client.get(url).content.decode()
    assert "Conflict of interest" in before
    assert "Angka harapan hidup" not in before  # no answers before declaring
    client.post(url, {"declare": "1", "conflict": "0"})
    page = client.get(url).content.decode()
    assert "Angka harapan hidup" in page  # the answers, once no conflict is declared
    criteria = {c.code: c.pk for c in submission.group.criteria.all()}
    data = {f"score_{criteria[k]}": str(v) for k, v in values.items()}
    data.update({"score": "1", "comment": "Jelas dan terukur."})
    assert client.post(url, data).status_code == 302
    assert Review.objects.get(pk=review.pk).state == Review.State.DONE


def test_a_competition_runs_from_creation_to_published_results(client, world):
    prof = make_user("prof.ani")
    dosen = make_user("dr.budi")
    buru_item = innovation(world.buru_dukcapil, "Dukcapil Jemput Bola")
    ambon_item = innovation(world.ambon_dukcapil, "KTP Sehari Jadi")

    with time_machine.travel(local(2026, 2, 20, 9), tick=False):
        sign_in(client, world.ratna)
        response = client.post(
            reverse("manage:innovation_contest_new"),
            {
                "title": "KIPP 2026",
                "year": "2026",
                "level": "nasional",
                "top_n": "1",
                "passing_grade": "50",
                "scale_max": "100",
                "reviews_required": "2",
                "agreement_tolerance": "10",
            },
        )
        competition = Competition.objects.get(title="KIPP 2026")
        assert response.status_code == 302
        base = reverse("manage:innovation_contest", args=[competition.pk])
        assert (
            client.post(
                reverse("manage:innovation_contest_windows", args=[competition.pk]), _windows_data()
            ).status_code
            == 302
        )
        client.post(
            reverse("manage:innovation_contest_group_new", args=[competition.pk]),
            {"code": "umum", "name": "Umum", "min_age_months": "24"},
        )
        group = competition.groups.get()
        new_criterion = reverse(
            "manage:innovation_contest_criterion_new", args=[competition.pk, group.pk]
        )
        client.post(
            new_criterion,
            {
                "code": "signifikansi",
                "name": "Signifikansi",
                "weight": "60",
                "max_words": "20",
                "evidence_required": "on",
                "order": "1",
            },
        )
        client.post(
            new_criterion, {"code": "kebaruan", "name": "Kebaruan", "weight": "39", "order": "2"}
        )
        client.post(
            reverse("manage:innovation_contest_category_new", args=[competition.pk]),
            {"code": "tata-kelola", "name": "Tata kelola"},
        )
        page = client.get(base).content.decode()
        assert "Group Umum: the weights add up to 99, not 100." in page
        response = client.post(
            reverse("manage:innovation_contest_open", args=[competition.pk]), follow=True
        )
        assert "Group Umum: the weights add up to 99, not 100." in _messages(response)
        kebaruan = group.criteria.get(code="kebaruan")
        client.post(
            reverse(
                "manage:innovation_contest_criterion",
                args=[competition.pk, group.pk, kebaruan.pk],
            ),
            {"code": "kebaruan", "name": "Kebaruan", "weight": "40", "order": "2"},
        )
        client.post(reverse("manage:innovation_contest_open", args=[competition.pk]))
        competition.refresh_from_db()
        assert competition.state == Competition.State.OPEN
        # Registration has not opened yet: the unit cannot enter.
        sign_in(client, world.abdul)
        assert (
            client.get(
                reverse("manage:innovation_contest_enter", args=[competition.pk])
            ).status_code
            == 404
        )

    with time_machine.travel(DURING_REGISTRATION, tick=False):
        # A unit operator enters its innovation; an answer over its word limit is refused.
        sign_in(client, world.abdul)
        client.post(
            reverse("manage:innovation_contest_enter", args=[competition.pk]),
            {
                "innovation": buru_item.pk,
                "group": group.pk,
                "category": competition.categories.get().pk,
            },
        )
        draft = Submission.objects.get(innovation=buru_item)
        signifikansi = group.criteria.get(code="signifikansi")
        response = client.post(
            reverse("manage:innovation_contest_answers", args=[draft.pk]),
            {f"text_{signifikansi.pk}": "kata " * 21},
        )
        assert "21 words; the limit is 20." in response.content.decode()
        draft.delete()
        buru = _enter(
            client,
            world.abdul,
            competition,
            buru_item,
            {"signifikansi": "Angka harapan hidup dokumen naik", "kebaruan": "Petugas datang"},
        )
        ambon = _enter(
            client,
            world.marthen,
            competition,
            ambon_item,
            {"signifikansi": "Angka harapan hidup KTP sehari", "kebaruan": "Loket malam"},
        )

    with time_machine.travel(DURING_DESK, tick=False):
        # The secretariat checks: a failure needs a reason; both pass in the end.
        sign_in(client, world.ratna)
        check = reverse("manage:innovation_contest_check", args=[ambon.pk])
        response = client.post(check, {"passed": "0"}, follow=True)
        assert "Choose at least one reason why the entry does not pass." in _messages(response)
        client.post(check, {"passed": "0", "reasons": ["tidak_lengkap"], "note": "Bukti kabur"})
        ambon.refresh_from_db()
        assert ambon.state == Submission.State.ADMIN_FAILED
        client.post(check, {"passed": "1"})
        client.post(reverse("manage:innovation_contest_check", args=[buru.pk]), {"passed": "1"})
        assert AdminCheck.objects.filter(submission=ambon).count() == 2
        # Reviewers: never from the entering agency.
        assign = reverse("manage:innovation_contest_assign", args=[buru.pk])
        response = client.post(assign, {"reviewer": "siti"}, follow=True)
        assert "Siti belongs to the entering agency and cannot review this entry." in _messages(
            response
        )
        for submission in (buru, ambon):
            for reviewer in ("prof.ani", "dr.budi"):
                client.post(
                    reverse("manage:innovation_contest_assign", args=[submission.pk]),
                    {"reviewer": reviewer},
                )
        # A reviewer sees only the entries assigned to them.
        sign_in(client, world.yohanis)
        assert (
            client.get(reverse("manage:innovation_contest_entry", args=[buru.pk])).status_code
            == 404
        )
        _score(client, prof, buru, {"signifikansi": 90, "kebaruan": 80})
        _score(client, dosen, buru, {"signifikansi": 70, "kebaruan": 84})
        _score(client, prof, ambon, {"signifikansi": 60, "kebaruan": 60})
        _score(client, dosen, ambon, {"signifikansi": 64, "kebaruan": 62})

        # The ranking: scores, ranks and how far the reviewers agree.
        sign_in(client, world.ratna)
        client.post(reverse("manage:innovation_contest_ranking_compute", args=[competition.pk]))
        buru.refresh_from_db()
        ambon.refresh_from_db()
        # 60% × 80 + 40% × 82 = 80.8; 60% × 62 + 40% × 61 = 61.6
        assert (str(buru.score), buru.rank) == ("80.8000", 1)
        assert (str(ambon.score), ambon.rank) == ("61.6000", 2)
        page = client.get(
            reverse("manage:innovation_contest_ranking", args=[competition.pk])
        ).content.decode()
        assert "Signifikansi (20)" in page  # 90 and 70: beyond the tolerance of 10
        entry = client.get(
            reverse("manage:innovation_contest_entry", args=[buru.pk])
        ).content.decode()
        assert "How this score was computed" in entry
        assert "Prof.Ani and Dr.Budi: 0 of 2 criteria scored the same, 1 of 2 within 10" in entry
        export = client.get(
            reverse("manage:innovation_contest_ranking_export", args=[competition.pk])
        )
        lines = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
        assert lines[0].startswith("group,rank,innovation,agency,state,score")
        assert lines[1].startswith("umum,1,Dukcapil Jemput Bola,Pemerintah Kabupaten Buru")

        response = client.post(
            reverse("manage:innovation_contest_shortlist", args=[competition.pk]),
            {"decree_number": "KepmenPANRB 10/2026", "decree_date": "2026-05-31"},
            follow=True,
        )
        assert "Shortlist set: 1 entries." in " ".join(_messages(response))
        buru.refresh_from_db()
        ambon.refresh_from_db()
        assert buru.state == Submission.State.SHORTLISTED
        assert ambon.state == Submission.State.NOT_SHORTLISTED
        assert Award.objects.get(submission=buru).tier == Award.Tier.SHORTLIST

    public = reverse("innovation:contest", args=[competition.pk])
    objection_url = reverse("innovation:contest_objection", args=[competition.pk, buru.pk])
    citizen = client.__class__()
    citizen.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # reads the English pages
    with time_machine.travel(DURING_DESK, tick=False):
        assert (
            "The public objection window is closed." in citizen.get(objection_url).content.decode()
        )

    with time_machine.travel(DURING_OBJECTION, tick=False):
        page = citizen.get(public).content.decode()
        assert "Dukcapil Jemput Bola" in page and "KTP Sehari Jadi" not in page
        assert objection_url in page
        response = citizen.post(
            objection_url,
            {"name": "Warga Namlea", "contact": "0812000111", "text": "Layanan ini tidak jalan."},
        )
        assert response.status_code == 302
        objection = Objection.objects.get()
        # The organiser cannot decide while the window is open.
        sign_in(client, world.ratna)
        client.post(
            reverse("manage:innovation_contest_decree", args=[competition.pk]),
            {"number": "KepmenPANRB 20/2026", "date": "2026-06-10"},
        )
        response = client.post(
            reverse("manage:innovation_contest_decide", args=[buru.pk]),
            {"outcome": "pemenang"},
            follow=True,
        )
        assert "The public objection window has not closed yet." in _messages(response)

    with time_machine.travel(AFTER_OBJECTION, tick=False):
        sign_in(client, world.ratna)
        response = client.post(
            reverse("manage:innovation_contest_decide", args=[buru.pk]),
            {"outcome": "pemenang"},
            follow=True,
        )
        assert "Resolve every objection first." in _messages(response)
        client.post(
            reverse("manage:innovation_contest_objection", args=[objection.pk]),
            {"upheld": "0", "resolution": "Diperiksa di lapangan: layanan berjalan."},
        )
        response = client.post(
            reverse("manage:innovation_contest_decide", args=[buru.pk]),
            {"outcome": "pemenang", "award_title": "Top 1 KIPP 2026"},
            follow=True,
        )
        assert "Decision recorded." in _messages(response)
        winner = Award.objects.get(submission=buru, tier=Award.Tier.WINNER)
        assert (winner.title, winner.decree_number, winner.decree_date) == (
            "Top 1 KIPP 2026",
            "KepmenPANRB 20/2026",
            dt.date(2026, 6, 10),
        )
        client.post(reverse("manage:innovation_contest_publish", args=[competition.pk]))
        competition.refresh_from_db()
        assert competition.state == Competition.State.CLOSED

        page = citizen.get(public).content.decode()
        assert "Results" in page and "Winner" in page and "KepmenPANRB 20/2026" in page
        assert "0812000111" not in page
        listing = citizen.get(reverse("innovation:contest_list")).content.decode()
        assert "KIPP 2026" in listing
