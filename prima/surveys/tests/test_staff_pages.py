"""Staff running a survey: periods, results, review of flagged responses, imports, anomalies,
the follow-up plan, publication, reports, kiosks and the recap — and who may do which."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from prima.accounts.models import AuditEvent
from prima.surveys import actions, queries, submission
from prima.surveys.models import (
    AnomalyFinding,
    ImportBatch,
    PeriodResult,
    Publication,
    ResponseReview,
    SurveyPeriod,
    SurveyResponse,
)
from prima.surveys.tests.factories import answers, make_period
from prima.test import sign_in

NOW = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def period(world):
    period = make_period(world, population=30, target=Decimal("80.00"))
    for value in (2, 3, 3, 4):
        submission.submit_response(
            period, answers=answers(value), channel="web", profile={"sex": "L"}, now=NOW
        )
    submission.submit_response(
        period,
        answers={**answers(4), "waktu": 1},
        channel="web",
        profile={"sex": "P"},
        suggestion="Antrean lama, hubungi saya 0812-3456-7890",
        now=NOW,
    )
    return period


def _as(user) -> Client:
    return sign_in(Client(), user)


def test_an_operator_opens_a_period_with_its_target(world):
    client = _as(world.abdul)
    response = client.post(
        "/manage/units/8104-DUKCAPIL/surveys/new/",
        {
            "name": "Tahun 2026",
            "kind": "year",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "population": "1200",
            "accepting": "on",
            "target": "82.5",
        },
    )
    period = SurveyPeriod.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/manage/surveys/{period.pk}/"
    assert (period.population, period.created_by) == (1200, world.abdul)
    assert period.unit.survey_targets.get(year=2026).target == Decimal("82.50")
    assert PeriodResult.objects.get(pk=period.pk).sample_required == 291


def test_overlapping_periods_of_one_scope_are_refused_with_a_reason(world, period):
    response = _as(world.abdul).post(
        "/manage/units/8104-DUKCAPIL/surveys/new/",
        {"name": "Q2", "kind": "quarter", "starts_on": "2026-04-01", "ends_on": "2026-06-30"},
    )
    assert response.status_code == 200
    assert "Semester I 2026" in response.content.decode()
    assert SurveyPeriod.objects.count() == 1


def test_a_period_for_one_service_may_run_beside_the_units(world, period):
    actions.create_period(
        actor=world.abdul,
        unit=world.buru_dukcapil,
        service=world.buru_ktp,
        name="KTP-el 2026",
        kind="semester",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 6, 30),
    )
    assert SurveyPeriod.objects.count() == 2


def test_dates_in_the_wrong_order_are_named(world):
    response = _as(world.abdul).post(
        "/manage/units/8104-DUKCAPIL/surveys/new/",
        {"name": "X", "kind": "custom", "starts_on": "2026-05-01", "ends_on": "2026-04-01"},
    )
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    assert not SurveyPeriod.objects.exists()


def test_the_results_page_shows_the_index_weakest_elements_and_profile(world, period):
    html = _as(world.yohanis).get(f"/manage/surveys/{period.pk}/").content.decode()
    result = PeriodResult.objects.get(pk=period.pk)
    assert str(result.ikm_rounded).replace(".", ",") in html  # Indonesian decimal comma
    weakest = html.index("U3</td>")  # waktu has the one answer 1
    assert weakest < html.index("U1</td>")
    assert "<svg" in html and "<table>" in html  # the chart and its table alternative
    assert "Antrean lama" in html  # staff read suggestions as written


def test_the_profile_names_each_channel_as_the_responses_list_does(world, period):
    submission.submit_response(period, answers=answers(3), channel="paper", now=NOW)
    submission.submit_response(period, answers=answers(3), channel="kiosk", now=NOW)
    html = _as(world.yohanis).get(f"/manage/surveys/{period.pk}/").content.decode()
    assert all(
        f">{name}</th>" in html
        for name in ("Formulir web", "Kios", "Diimpor (kertas atau sistem lain)")
    )
    assert "Paper/import" not in html and "Kiosk" not in html


def test_other_agencies_cannot_see_a_units_survey(world, period):
    for url in (
        f"/manage/surveys/{period.pk}/",
        f"/manage/surveys/{period.pk}/responses/",
        f"/manage/surveys/{period.pk}/report.pdf",
        "/manage/units/8104-DUKCAPIL/surveys/",
    ):
        assert _as(world.marthen).get(url).status_code == 404, url
    assert AuditEvent.objects.filter(kind="access_denied", actor=world.marthen).exists()


def test_an_evaluator_reads_but_cannot_change_a_period(world, period):
    client = _as(world.yohanis)
    assert client.get(f"/manage/surveys/{period.pk}/").status_code == 200
    assert client.get(f"/manage/surveys/{period.pk}/edit/").status_code == 404
    assert client.post(f"/manage/surveys/{period.pk}/publish/", {"publish": "1"}).status_code == 404


def test_an_agency_administrator_flags_and_restores_with_an_audit_trail(world, period):
    response = SurveyResponse.objects.filter(waktu=1).get()
    client = _as(world.siti)
    before = PeriodResult.objects.get(pk=period.pk).ikm_rounded
    client.post(f"/manage/responses/{response.pk}/flag/", {"note": "same phone"})
    after = PeriodResult.objects.get(pk=period.pk)
    assert after.flagged == 1 and after.respondents == 4 and after.ikm_rounded != before
    client.post(f"/manage/responses/{response.pk}/restore/", {"note": "checked with the unit"})
    assert PeriodResult.objects.get(pk=period.pk).ikm_rounded == before
    trail = list(ResponseReview.objects.order_by("at", "pk").values_list("action", "note", "actor"))
    assert trail == [
        ("flag", "same phone", world.siti.pk),
        ("restore", "checked with the unit", world.siti.pk),
    ]


def test_a_units_own_operator_cannot_restore_held_back_responses(world, period):
    response = SurveyResponse.objects.first()
    actions.flag_response(response, actor=world.siti)
    reply = _as(world.abdul).post(f"/manage/responses/{response.pk}/restore/")
    assert reply.status_code == 404
    assert SurveyResponse.objects.get(pk=response.pk).is_flagged


def test_the_responses_csv_has_no_identity_and_is_formula_safe(world, period):
    submission.submit_response(
        period, answers=answers(3), channel="web", suggestion="=HYPERLINK(1)", now=NOW
    )
    response = _as(world.abdul).get(f"/manage/surveys/{period.pk}/responses/?format=csv")
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[0].lstrip("\ufeff").startswith("id,submitted_hour,channel")
    assert "'=HYPERLINK(1)" in text
    assert "device" not in text.splitlines()[0]


# --- import ---------------------------------------------------------------------------------
CSV_OK = (
    "U1,U2,U3,U4,U5,U6,U7,U8,U9,tanggal,jenis_kelamin,usia\n"
    "3,3,3,4,3,3,3,2,3,2026-02-10,L,41\n"
    "4,4,3,4,4,4,4,3,,10/02/2026,P,29\n"
)


def _upload(content: str, name: str = "paper.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode(), content_type="text/csv")


def test_a_check_lists_every_bad_cell_by_row_and_column_and_imports_nothing(world, period):
    bad = CSV_OK + "5,3,x,3,3,3,3,3,3,2027-01-01,X,7\n"
    response = _as(world.abdul).post(
        f"/manage/surveys/{period.pk}/import/", {"file": _upload(bad), "do": "import"}
    )
    html = response.content.decode()
    for cell in ("<td>4</td><td>U1</td><td>5</td>", "<td>4</td><td>U3</td><td>x</td>"):
        assert cell in html
    for column in ("tanggal", "jenis_kelamin", "usia"):
        assert f"<td>4</td><td>{column}</td>" in html
    assert SurveyResponse.objects.filter(channel="paper").count() == 0


def test_a_clean_file_is_imported_whole_and_refused_the_second_time(world, period):
    client = _as(world.abdul)
    check = client.post(
        f"/manage/surveys/{period.pk}/import/", {"file": _upload(CSV_OK), "do": "check"}
    )
    assert (
        "2 jawaban siap" in check.content.decode()
        or "2 responses are ready" in check.content.decode()
    )
    assert not ImportBatch.objects.exists()
    done = client.post(
        f"/manage/surveys/{period.pk}/import/", {"file": _upload(CSV_OK), "do": "import"}
    )
    assert done.status_code == 302
    imported = SurveyResponse.objects.filter(channel="paper").order_by("pk")
    assert [r.pengaduan for r in imported] == [3, None]  # a blank is unanswered, not a zero
    assert imported[0].local_date == dt.date(2026, 2, 10) and imported[1].sex == "P"
    assert PeriodResult.objects.get(pk=period.pk).respondents == 7
    again = client.post(
        f"/manage/surveys/{period.pk}/import/",
        {"file": _upload(CSV_OK, "renamed.csv"), "do": "import"},
    )
    assert again.status_code == 200 and "paper.csv" in again.content.decode()
    assert SurveyResponse.objects.filter(channel="paper").count() == 2


def test_an_xlsx_file_is_read_like_a_csv(world, period):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "persyaratan",
            "prosedur",
            "waktu",
            "biaya",
            "produk",
            "kompetensi",
            "perilaku",
            "sarpras",
            "pengaduan",
        ]
    )
    sheet.append([4, 4, 4, 4, 4, 4, 4, 4, 4])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("paper.xlsx", buffer.getvalue())
    response = _as(world.abdul).post(
        f"/manage/surveys/{period.pk}/import/", {"file": upload, "do": "import"}
    )
    assert response.status_code == 302
    assert SurveyResponse.objects.filter(channel="paper", persyaratan=4).count() == 1


# --- anomalies ------------------------------------------------------------------------------
def test_identical_responses_are_found_and_can_be_flagged_together(world, period):
    for _ in range(4):
        submission.submit_response(
            period, answers=answers(1), channel="web", profile={"sex": "L", "age": 20}, now=NOW
        )
    client = _as(world.siti)
    client.post(f"/manage/surveys/{period.pk}/anomalies/")
    finding = AnomalyFinding.objects.get(period=period, kind="identical")
    assert len(finding.response_ids) == 4
    client.post(f"/manage/surveys/{period.pk}/anomalies/", {"finding": finding.pk})
    assert SurveyResponse.objects.filter(pk__in=finding.response_ids, is_flagged=True).count() == 4
    assert PeriodResult.objects.get(pk=period.pk).respondents == 5


def test_an_operator_may_check_but_not_flag_a_finding(world, period):
    for _ in range(3):
        submission.submit_response(period, answers=answers(1), channel="web", now=NOW)
    client = _as(world.abdul)
    client.post(f"/manage/surveys/{period.pk}/anomalies/")
    finding = AnomalyFinding.objects.get(period=period)
    assert (
        client.post(f"/manage/surveys/{period.pk}/anomalies/", {"finding": finding.pk}).status_code
        == 404
    )
    assert not SurveyResponse.objects.filter(is_flagged=True).exists()


# --- follow-up plan, publication, reports ---------------------------------------------------
def test_the_follow_up_plan_is_scored_as_pekppp_does(world, period):
    client = _as(world.abdul)
    base = {
        "element": "waktu",
        "problem": "Antrean",
        "owner": "Kasi Pelayanan",
        "deadline": "2026-09-30",
    }
    client.post(
        f"/manage/surveys/{period.pk}/followups/new/",
        {**base, "action": "Nomor antrean", "status": "done", "completed_on": "2026-07-20"},
    )
    client.post(
        f"/manage/surveys/{period.pk}/followups/new/",
        {**base, "action": "Loket tambahan", "status": "planned"},
    )
    html = client.get(f"/manage/surveys/{period.pk}/").content.decode()
    assert "8.a.Ak" in html and "3" in html
    missing_date = client.post(
        f"/manage/surveys/{period.pk}/followups/new/", {**base, "action": "x", "status": "done"}
    )
    assert (
        missing_date.status_code == 200 and 'aria-invalid="true"' in missing_date.content.decode()
    )


def test_an_electronic_publication_needs_its_link(world, period):
    client = _as(world.abdul)
    refused = client.post(
        f"/manage/surveys/{period.pk}/publications/new/",
        {"medium": "website", "published_on": "2026-07-02"},
    )
    assert refused.status_code == 200 and not Publication.objects.exists()
    client.post(
        f"/manage/surveys/{period.pk}/publications/new/",
        {"medium": "website", "url": "https://burukab.go.id/skm", "published_on": "2026-07-02"},
    )
    client.post(
        f"/manage/surveys/{period.pk}/publications/new/",
        {"medium": "notice_board", "published_on": "2026-07-03"},
    )
    assert Publication.objects.count() == 2


def test_the_report_comes_as_pdf_and_as_xlsx(world, period):
    client = _as(world.yohanis)
    pdf = client.get(f"/manage/surveys/{period.pk}/report.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = client.get(f"/manage/surveys/{period.pk}/report.xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    # Rows are named by code and title, never by the internal key (issue 18).
    nrr = {row[0]: row for row in book["NRR"].iter_rows(min_row=2, values_only=True)}
    waktu = nrr[f"U{queries.element_order(period.unit).index('waktu') + 1}"]
    assert waktu[2] == 5 and waktu[3:7] == (1, 1, 2, 1)
    assert "waktu" not in {row[1] for row in nrr.values()}
    assert set(book.sheetnames) >= {"NRR"}


def test_publishing_shows_the_results_to_the_public(world, period):
    public = Client()
    assert "Semester I 2026" not in public.get("/units/8104-DUKCAPIL/ikm/").content.decode()
    _as(world.abdul).post(f"/manage/surveys/{period.pk}/publish/", {"publish": "1"})
    html = public.get("/units/8104-DUKCAPIL/ikm/").content.decode()
    ikm = str(PeriodResult.objects.get(pk=period.pk).ikm_rounded).replace(".", ",")
    assert "Semester I 2026" in html and ikm in html


def test_published_suggestions_are_masked_and_only_when_the_unit_chooses(world, period):
    actions.publish_results(period, actor=world.siti)
    public = Client()
    assert "Antrean lama" not in public.get("/units/8104-DUKCAPIL/ikm/").content.decode()
    actions.update_period(period, actor=world.siti, publish_suggestions=True)
    html = public.get("/units/8104-DUKCAPIL/ikm/").content.decode()
    assert "Antrean lama, hubungi saya ••••-••••-••••" in html
    assert "0812-3456-7890" not in html


# --- kiosks and the questionnaire -----------------------------------------------------------
def test_a_kiosk_code_is_shown_once_and_a_new_one_replaces_the_device(world):
    client = _as(world.abdul)
    page = client.post("/manage/units/8104-DUKCAPIL/kiosks/new/", {"name": "Loket 1"})
    assert "no-store" in page["Cache-Control"]
    from prima.surveys.models import Kiosk

    kiosk = Kiosk.objects.get()
    assert kiosk.enrolment_digest and kiosk.enrolment_digest not in page.content.decode()
    assert "/s/kiosk/enrol/" in page.content.decode()


def test_the_element_order_is_configurable_and_each_position_used_once(world):
    client = _as(world.abdul)
    order = {
        key: str(i)
        for i, key in enumerate(
            [
                "persyaratan",
                "prosedur",
                "waktu",
                "biaya",
                "produk",
                "kompetensi",
                "perilaku",
                "pengaduan",
                "sarpras",
            ],
            start=1,
        )
    }
    client.post("/manage/units/8104-DUKCAPIL/surveys/order/", order)
    from prima.surveys import queries

    assert queries.element_order(world.buru_dukcapil)[7:] == ("pengaduan", "sarpras")
    clash = {**order, "sarpras": "1"}
    assert client.post("/manage/units/8104-DUKCAPIL/surveys/order/", clash).status_code == 200


def test_extra_questions_are_asked_but_never_enter_the_index(world, period):
    client = _as(world.abdul)
    created = client.post(
        "/manage/units/8104-DUKCAPIL/surveys/questions/new/",
        {
            "text": "Dari mana Anda tahu layanan ini?",
            "kind": "choice",
            "choices_text": "Teman\nMedia sosial",
            "position": "1",
            "is_active": "on",
        },
    )
    assert created.status_code == 302, created.content.decode()[-3000:]
    with time_machine.travel(NOW):
        html = Client().get("/s/8104-DUKCAPIL/").content.decode()
    assert "Dari mana Anda tahu layanan ini?" in html and "Media sosial" in html


# --- recap ----------------------------------------------------------------------------------
def test_the_recap_ranks_units_within_the_users_scope(world, period):
    ambon = make_period(world, unit=world.ambon_dukcapil)
    for _ in range(3):
        submission.submit_response(ambon, answers=answers(4), channel="web", now=NOW)
    html = _as(world.yohanis).get("/manage/surveys/recap/?year=2026").content.decode()
    assert html.index("Disdukcapil Kota Ambon") < html.index("Disdukcapil Kabupaten Buru")
    siti_view = _as(world.siti).get("/manage/surveys/recap/?year=2026").content.decode()
    assert "Disdukcapil Kota Ambon" not in siti_view
    csv = b"".join(
        _as(world.yohanis).get("/manage/surveys/recap/?year=2026&format=csv").streaming_content
    ).decode()
    assert csv.splitlines()[1].startswith("1,8171-DUKCAPIL")


def test_the_recap_ranks_each_unit_by_its_latest_whole_unit_period(world, period):
    from prima.registry.access import units_visible_to
    from prima.surveys import queries

    later = make_period(
        world, name="Semester II 2026", starts_on=dt.date(2026, 7, 1), ends_on=dt.date(2026, 12, 31)
    )
    actions.create_period(
        actor=None,
        unit=world.buru_dukcapil,
        service=world.buru_ktp,
        name="KTP-el 2026",
        kind="year",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    rows = queries.recap_rows(units_visible_to(world.ratna), year=2026)
    assert [r.period_id for r in rows] == [later.pk]
    actions.update_period(
        later, actor=None, starts_on=dt.date(2025, 7, 1), ends_on=dt.date(2025, 12, 31)
    )
    assert [r.period_id for r in queries.recap_rows(units_visible_to(world.ratna), year=2026)] == [
        period.pk
    ]


def test_the_recap_totals_add_up_the_provinces(world):
    from prima.surveys import queries

    buru = make_period(world)
    ambon = make_period(world, unit=world.ambon_dukcapil)
    sorong = make_period(world, unit=world.sorong_dukcapil)
    for target, values in ((buru, (4, 3)), (ambon, (2,)), (sorong, (3, 3, 3))):
        for value in values:
            submission.submit_response(target, answers=answers(value), channel="web", now=NOW)
    overview = queries.recap_overview(queries.recap_rows(None, year=2026))
    # Buru 87.50, Ambon 50.00, Sorong 75.00: the national mean weighs units, not respondents.
    assert overview.summary.units == 3 and overview.summary.respondents == 6
    assert overview.summary.mean_ikm == Decimal("70.83")
    assert overview.summary.by_mutu == {"A": 0, "B": 1, "C": 1, "D": 1}
    assert [(p["code"], p["units"], p["mean"]) for p in overview.by_province] == [
        ("96", 1, Decimal("75.00")),
        ("81", 2, Decimal("68.75")),
    ]


def test_national_recap_totals_are_refreshed_after_a_minute_without_anyone_waiting(
    world, period, settings
):
    settings.PRIMA_RECAP_CACHE_SECONDS = 60
    ambon = make_period(world, unit=world.ambon_dukcapil)
    client = _as(world.yohanis)  # reads every unit of Maluku: not a national reader
    national = _as(world.ratna)
    total = re.compile(r"<strong>(\d+)</strong> [^<]*respond")

    def national_total() -> str:
        return total.search(national.get("/manage/surveys/recap/?year=2026").content.decode())[1]

    with time_machine.travel(NOW, tick=False):
        assert national_total() == "5"
        submission.submit_response(ambon, answers=answers(4), channel="web", now=NOW)
        again = national.get("/manage/surveys/recap/?year=2026").content.decode()
        scoped = client.get("/manage/surveys/recap/?year=2026").content.decode()
    assert total.search(again)[1] == "5"  # cached
    assert "Disdukcapil Kota Ambon" in again  # the ranked list is read live
    assert total.search(scoped)[1] == "6"  # scoped readers' totals are not cached
    with time_machine.travel(NOW + dt.timedelta(seconds=61), tick=False):
        # The first reader after a minute still sees the old totals, and they are recomputed
        # once its page has been sent: the next reader sees the new ones.
        assert national_total() == "5"
        assert national_total() == "6"
