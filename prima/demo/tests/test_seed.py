"""The demo data loads, is complete enough to show every survey page, and loads twice safely.

The demo is loaded twice once for the whole module (seeding takes seconds), inside a
transaction rolled back at the end; each test runs in a savepoint inside it, so what one test
changes the next does not see.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from prima.surveys import aggregates
from prima.surveys.models import (
    FollowUpAction,
    Kiosk,
    PeriodResult,
    Publication,
    SurveyResponse,
)


@dataclass(frozen=True)
class Seeded:
    after_first: dict[str, int]
    after_second: dict[str, int]
    output: str


def _counts() -> dict[str, int]:
    """How many rows every table holds."""
    from django.apps import apps

    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[Seeded]:
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        first = _counts()
        call_command("seed_demo", stdout=out)
        yield Seeded(after_first=first, after_second=_counts(), output=out.getvalue())
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_demo_loads_twice_with_nothing_doubled_and_surveys_that_match_a_rebuild(demo):
    changed = {
        label: (n, demo.after_second[label])
        for label, n in demo.after_first.items()
        # Seeding again records the sign-ins' and history's bookkeeping, not data.
        if n != demo.after_second[label] and not label.split(".")[1].startswith("Historical")
    }
    assert changed == {}
    # 18 of six surveyed units (in the report) and the MPP's own (prima.demo.mpp_quality)
    assert demo.after_first["surveys.SurveyPeriod"] == 19
    assert demo.after_first["surveys.SurveyResponse"] > 2000
    assert "18 survey periods" in demo.output

    mutu = set(PeriodResult.objects.values_list("mutu", flat=True))
    assert {"A", "B", "C", "D"} <= mutu  # every category has an example
    assert PeriodResult.objects.filter(sample_met=False).exists()  # an open period, short
    assert SurveyResponse.objects.filter(is_flagged=True).exists()
    assert FollowUpAction.objects.exists() and Publication.objects.exists()
    assert Kiosk.objects.filter(enrolled_at__isnull=True).exists()

    before = list(PeriodResult.objects.order_by("pk").values_list("ikm", "ci_low", "profile"))
    aggregates.rebuild()
    assert (
        list(PeriodResult.objects.order_by("pk").values_list("ikm", "ci_low", "profile")) == before
    )


@pytest.mark.django_db
def test_the_demo_survey_is_open_to_citizens_today(demo):
    page = Client().get("/s/8104-DUKCAPIL/")
    assert page.status_code == 200 and 'name="token"' in page.content.decode()
    assert "Dari mana Anda mengetahui layanan ini?" in page.content.decode()


@pytest.mark.django_db
def test_the_demo_has_published_standards_a_forum_with_minutes_and_one_under_review(demo):
    from django.utils import timezone

    from prima.registry.models import ServiceUnit
    from prima.standards import queries
    from prima.standards.models import Forum, ServiceStandard

    body = Client().get("/api/v1/standards/?status=published").json()
    units = {row["unit"] for row in body["results"]}
    assert {"8104-DUKCAPIL", "8171-DPMPTSP"} <= units
    assert all(all(row["components"][k] for k in row["components"]) for row in body["results"])
    assert ServiceStandard.objects.filter(status="under_review").count() == 1
    assert ServiceStandard.objects.filter(status="superseded").count() == 1
    forum = Forum.objects.get()
    assert (
        Client().get(f"/units/8104-DUKCAPIL/forums/{forum.pk}/berita-acara.pdf").status_code == 200
    )
    buru = ServiceUnit.objects.get(code="8104-DUKCAPIL")
    compliance = queries.unit_compliance(buru, timezone.localdate())
    scores = {i.code: i.score for i in compliance.indicators}
    # KK and Akta have no forum: the unit's 1.a.Ak is the weakest service's level.
    assert scores["2.a.P"] == 4 and scores["5.a.K"] == 5 and scores["3.a.T"] == 4
    assert scores["18.c.K"] == 3
    ktp = next(r for r in compliance.rows if r.service.name == "Penerbitan KTP-el")
    assert ktp.score == 5
    assert {c.key for c in queries.changes_since(ktp.in_force)} == {"persyaratan", "waktu"}


@pytest.mark.django_db
def test_the_demo_has_complaints_in_several_states_some_overdue(demo):
    from django.utils import timezone

    from prima.complaints.models import Complaint

    states = set(Complaint.objects.values_list("status", flat=True))
    assert {
        "closed",
        "dispatched",
        "in_progress",
        "postponed",
        "reopened",
        "archived",
        "received",
    } <= states
    assert Complaint.objects.filter(
        due_at__lt=timezone.now(), status__in=["received", "in_progress"]
    ).exists()
    assert Complaint.objects.filter(is_secret=True, is_anonymous=True).exists()
    public = Client().get("/open311/v2/requests.json").json()
    assert public and all("pungutan" not in r["description"].lower() for r in public)


@pytest.mark.django_db
def test_the_demo_results_page_shows_the_loop_closed(demo):
    body = Client().get("/units/8104-DUKCAPIL/ikm/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Menambah satu loket dan sistem nomor antrean" in body  # a follow-up action
    assert "Stok blanko KTP-el kini diperiksa setiap pekan" in body  # from a closed complaint
    assert "Kepala Seksi Pelayanan" not in body  # who is responsible stays internal


@pytest.mark.django_db
def test_the_demo_has_a_published_2024_cycle_a_current_one_with_an_open_contest_and_one_to_score(
    demo,
):
    from prima.evaluation import queries
    from prima.evaluation.models import Contest, Cycle

    # By scheme too: the demo's Monev MPP runs last year, which is 2024 in some years.
    earlier = Cycle.objects.get(scheme="nasional", year=2024)
    current = Cycle.objects.filter(scheme="nasional").exclude(year=2024).get()
    mandiri = Cycle.objects.get(scheme="mandiri")
    assert earlier.status == Cycle.Status.PUBLISHED
    assert current.status == Cycle.Status.VERIFICATION
    assert mandiri.status == Cycle.Status.SCORING and mandiri.agency.code == "pemkab-buru"
    assert earlier.lokus.filter(ipp_rounded__isnull=False).count() == 4
    assert current.lokus.filter(ipp_rounded__isnull=False).count() == 9
    assert Contest.objects.filter(lokus__cycle=earlier, status="accepted").count() == 1
    open_contest = Contest.objects.get(lokus__cycle=current, status="open")
    assert open_contest.lokus.unit.code == "8104-DUKCAPIL"
    # Prima's own records were attached to the self-assessments of the current cycle.
    buru = open_contest.lokus
    prefill = buru.answers.get(indicator="1.a.Ak").prefill
    assert prefill["source"] == "standards" and prefill["links"]
    assert buru.answers.get(indicator="6.a.B").prefill["source"] == "surveys"
    # Coaching priorities rank Buru with its reasons, its fall since 2024 among them.
    rows = queries.coaching_priorities(current)
    buru_row = next(r for r in rows if r.lokus.unit.code == "8104-DUKCAPIL")
    assert buru_row.is_priority
    assert {"category", "trend", "action_plan"} <= {r.code for r in buru_row.reasons}
    assert queries.agreement_by_evaluator(current)
    _the_demo_evaluation_pages_offer_only_forms_that_save_and_links_that_open()


def _the_demo_evaluation_pages_offer_only_forms_that_save_and_links_that_open() -> None:
    """As the demo evaluator and the demo administrators: the Mandiri lokus can be scored, the
    national one (in verification) shows its scores read-only with the reason, the pending
    contest is decided by the national administrator and everyone else is told who decides,
    and no link on the evaluation pages leads to a page the persona cannot open (issue 16
    §9, §10)."""
    from prima.accounts.models import User
    from prima.evaluation.models import Contest, Lokus
    from prima.test import sign_in

    mandiri = Lokus.objects.get(cycle__scheme="mandiri", unit__code="8104-PKM-NAMLEA")
    contest = Contest.objects.get(status="open")
    national = contest.lokus
    users = {u.username: u for u in User.objects.all()}

    evaluator = sign_in(Client(), users["evaluator.maluku"])
    body = evaluator.get(f"/manage/lokus/{mandiri.pk}/score/").content.decode()
    radios = re.findall(r'<input type="radio"[^>]*>', body)
    assert "Simpan nilai" in body and radios and not any(" disabled" in r for r in radios)
    body = evaluator.get(f"/manage/lokus/{national.pk}/score/").content.decode()
    radios = re.findall(r'<input type="radio"[^>]*>', body)
    assert "Simpan nilai" not in body and all(" disabled" in r for r in radios)
    assert "Masa verifikasi" in body  # the stage the cycle is in, in the reason
    body = evaluator.get(f"/manage/lokus/{national.pk}/").content.decode()
    assert "Diputuskan oleh administrator nasional (Kementerian PANRB)" in body
    moderator = sign_in(Client(), users["admin.nasional"])
    decide = f"/manage/contests/{contest.pk}/decide/"
    assert decide in moderator.get(f"/manage/lokus/{national.pk}/").content.decode()

    for name in ("evaluator.maluku", "admin.buru", "admin.ambon"):
        client = sign_in(Client(), users[name])
        pages = ["/manage/evaluation/"]
        for href in _main_links(client.get(pages[0]).content.decode()):
            if re.fullmatch(r"/manage/evaluation/\d+/", href):
                pages += [href, href + "results/", href + "priorities/"]
        pages += [f"/manage/lokus/{national.pk}/", f"/manage/lokus/{mandiri.pk}/"]
        seen: dict[str, int] = {}
        for page in pages:
            response = client.get(page)
            if response.status_code == 404 and page.startswith("/manage/lokus/"):
                continue  # not this persona's lokus, and nothing linked to it
            for href in _main_links(response.content.decode()):
                if href.endswith((".pdf", ".xlsx")) or href in seen:
                    continue
                seen[href] = client.get(href).status_code
                assert seen[href] < 400, (name, page, href, seen[href])


@pytest.mark.django_db
def test_the_demo_has_the_may_2020_wilayah_iii_sessions_with_follow_ups_in_several_states(
    demo, client
):
    from django.utils import timezone

    from prima.coaching import queries
    from prima.coaching.models import Event, FollowUpTask

    may_2020 = Event.objects.filter(starts_at__year=2020, starts_at__month=5)
    assert may_2020.count() == 3
    invited = set(may_2020.values_list("invitations__agency__code", flat=True).distinct())
    assert {
        "pemprov-maluku",
        "pemkab-buru",
        "pemkab-maluku-tenggara",
        "pemkab-seram-bagian-barat",
        "pemkot-ambon",
        "pemprov-papua-barat",
        "pemkab-manokwari",
        "pemkab-sorong",
        "pemkab-teluk-wondama",
    } == invited
    topics = set(may_2020.values_list("topics__topic", flat=True))
    assert topics == {"standar_pelayanan", "fkp", "skm", "kelompok_rentan"}
    states = set(FollowUpTask.objects.filter(event__in=may_2020).values_list("status", flat=True))
    assert {"open", "in_progress", "done", "verified"} <= states
    # Verified tasks link the real records: Buru's standards, Teluk Wondama's published SKM.
    buru = FollowUpTask.objects.get(
        event__in=may_2020, agency__code="pemkab-buru", evidence="standard_set"
    )
    assert buru.status == "verified"
    assert buru.reports.filter(standard__isnull=False).count() == 2
    wondama = FollowUpTask.objects.get(agency__code="pemkab-teluk-wondama")
    assert wondama.reports.get().survey_period.results_published_at
    lokakarya = Event.objects.get(kind="lokakarya", starts_at__year=2020)
    assert lokakarya.coordination_region.code == "I"
    assert list(lokakarya.invitations.values_list("agency__code", flat=True)) == [
        "pemprov-bengkulu"
    ]
    overdue = queries.overdue(FollowUpTask.objects.all(), today=timezone.localdate())
    assert overdue.filter(agency__code="pemkab-maluku-tenggara").exists()
    # The public API lists them with their follow-ups.
    data = client.get("/api/v1/coaching/events/?year=2020").json()
    assert data["count"] == 4
    assert all(e["follow_ups"] for e in data["results"])


ROOT = Path(__file__).resolve().parents[3]
DEMO_ADDRESS = re.compile(r"http://127\.0\.0\.1:8000(/[^\s)>`\"']*)?")


@pytest.mark.django_db
def test_every_demo_address_the_readme_and_docs_give_answers_after_seeding(demo):
    """A newcomer runs `make demo` and follows the README: every address it (or a guide)
    gives on the demo server opens — the F-03 form among them (issue 16 §14)."""
    from prima.evaluation.forms import field_name

    texts = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    paths = {m.group(1) or "/" for f in texts for m in DEMO_ADDRESS.finditer(f.read_text())}
    rating = [p for p in paths if p.startswith("/evaluasi/")]
    assert rating, "the README or a guide gives the demo's F-03 form"
    citizen = Client()
    for path in sorted(paths):
        assert citizen.get(path).status_code == 200, path
    # The F-03 form takes a rating.
    response = citizen.post(rating[0], {field_name("item", "sikap"): "4", "website": ""})
    assert response.status_code == 302
    assert citizen.get(response["Location"]).status_code == 200


def _main_links(body: str) -> list[str]:
    main = body.split("<main", 1)[1].split("</main>", 1)[0]
    return [unescape(h) for h in re.findall(r'href="(/[^"#]*)', main)]


@pytest.mark.django_db
def test_the_demo_innovations_cover_every_status_a_replication_and_a_finished_kipp(demo):
    from django.utils import timezone

    from prima.evaluation import evidence
    from prima.innovation.models import Award, Competition, Innovation, Submission
    from prima.innovation.models.registry import UNKNOWN
    from prima.registry.models import ServiceUnit

    today = timezone.localdate()
    shown = {i.title: i.status_on(today) for i in Innovation.objects.all()}
    assert shown["Posyandu Perahu Teluk Wondama"] == "vakum"
    assert shown["Akta Lahir Langsung dari Rumah Sakit"] == UNKNOWN
    assert shown["Dukcapil Jemput Bola ke Desa (JEBOL)"] == "berkembang"
    jebol = Innovation.objects.get(title="Dukcapil Jemput Bola ke Desa (JEBOL)")
    assert {r.adopter_unit.region.name for r in jebol.replications.all()} == {
        "Kabupaten Seram Bagian Barat",
        "Kabupaten Teluk Wondama",
    }
    kipp = Competition.objects.get(title="KIPP 2026 (demo)")
    assert kipp.state == Competition.State.CLOSED and kipp.results_published_at
    states = dict(
        Submission.objects.filter(competition=kipp).values_list("innovation__title", "state")
    )
    assert states == {
        "Dukcapil Jemput Bola ke Desa (JEBOL)": "pemenang",
        "Antrean Daring Poliklinik RSUD Kota Ambon": "finalis",
        "Akta Lahir Langsung dari Rumah Sakit": "tidak_masuk_top",
        "Jemput Bola Adminduk Seram Bagian Barat": "pemenang",
        "Izin Usaha Mikro lewat WhatsApp": "tidak_lolos_adm",
    }
    assert Award.objects.filter(submission__competition=kipp, tier="pemenang").count() == 2
    open_now = Competition.objects.get(level="instansi")
    assert open_now.state == Competition.State.OPEN

    # The PEKPPP evidence shows the registry's facts for the demo units.
    buru = ServiceUnit.objects.get(code="8104-DUKCAPIL")
    found = evidence.prefill_for(
        buru,
        year=today.year,
        slots={"29.f.B": "innovation.creation", "30.f.B": "innovation.sustainability"},
        today=today,
    )
    assert found["29.f.B"].level == 5  # a KIPP winner
    assert found["30.f.B"].level == 4  # a Perbup, a budget and a team decree
    assert any("Peraturan Bupati Buru Nomor 21 Tahun 2023" in f for f in found["30.f.B"].facts)

    page = Client().get("/inovasi/")
    body = page.content.decode()
    assert page.status_code == 200 and "Jemput Bola" in body
    assert "Layanan Kecamatan Malam Hari" not in body  # not published
    results = Client().get(f"/inovasi/kompetisi/{kipp.pk}/")
    assert results.status_code == 200 and "Top Replikasi 2026 (demo)" in results.content.decode()


@pytest.mark.django_db
def test_the_demo_incident_names_those_in_the_list_its_account_downloaded(demo):
    from prima.messaging.models import TicketInvitation
    from prima.privacy import breach
    from prima.privacy.models import Incident

    incident = Incident.objects.get()
    report = breach.build_report(incident)
    downloaded = [
        s for s in report.subjects.values() if any(e.rule == "downloaded" for e in s.evidence)
    ]
    assert downloaded and all(s.kind == "complainant" for s in downloaded)
    assert [e.detail["list"] for e in report.downloads] == ["complaints"]
    # The queue machine's ticket A-007 sent the demo number its survey invitation.
    ticket = TicketInvitation.objects.get()
    assert ticket.ticket == "A-007" and ticket.outbound is not None
