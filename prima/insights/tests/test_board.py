"""The readiness board (issue 19): each persona's page, filters, sorting, exports, refusals,
the query count whatever the number of units, and every cell's level equal to the F-01
pre-fill's."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from prima.accounts.models import AuditEvent
from prima.evaluation import evidence
from prima.insights import readiness, store
from prima.insights.models import UnitReadiness
from prima.insights.readiness import DUTIES
from prima.lib.tests import pdfcheck
from prima.registry.models import Agency, Region, ServiceUnit
from prima.standards.tests.factories import published_standard
from prima.surveys.tests.factories import make_period
from prima.test import sign_in

pytestmark = pytest.mark.django_db

BOARD = "/manage/readiness/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def built(world):
    """The world with a few records at Disdukcapil Buru (a standard in force, an SKM period
    of this year), and the readiness rows computed."""
    published_standard(world.buru_ktp)
    year = timezone.localdate().year
    make_period(
        world,
        name=f"Tahun {year}",
        starts_on=dt.date(year, 1, 1),
        ends_on=dt.date(year, 12, 31),
    )
    store.rebuild()
    return world


def client_for(user, settings, language="en") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return sign_in(client, user)


def rows_of(response) -> list[str]:
    return [row.unit.code for row in response.context["rows"]]


# --- personas ----------------------------------------------------------------------------------
def test_agency_administrator_gets_the_board_of_their_agency(built, settings):
    response = client_for(built.siti, settings).get(BOARD)
    assert response.status_code == 200
    assert response.templates[0].name == "insights/board.html"
    assert response.context["agency"] == built.buru
    # Every unit of the agency has a row, the unlisted one and the one with no records too.
    assert sorted(rows_of(response)) == ["8104-DUKCAPIL", "8104-RSUD"]
    body = response.content.decode()
    assert "Disdukcapil Kota Ambon" not in body
    assert response.context["summary"].units == 2


def test_a_unit_with_no_records_shows_every_duty_missing_or_in_order(built, settings):
    response = client_for(built.siti, settings).get(BOARD + "pemkab-buru/")
    rsud = next(r for r in response.context["rows"] if r.unit == built.buru_rsud)
    assert [cell.duty for cell in rsud.cells] == list(DUTIES)
    assert {cell.status for cell in rsud.cells} <= {"missing", "ok", "na"}  # mpp:reach: na
    assert rsud.cells[DUTIES.index("mpp")].status == "na"  # mpp:reach — not an MPP
    assert rsud.cells[0].status == "missing"  # no standard: nothing recorded


def test_each_cell_shows_status_words_indicator_level_and_a_link(built, settings):
    response = client_for(built.siti, settings).get(BOARD)
    body = response.content.decode()
    dukcapil = next(r for r in response.context["rows"] if r.unit == built.buru_dukcapil)
    standards = dukcapil.cells[0]
    assert standards.status == "ok"
    assert standards.indicator and standards.level is not None
    assert f"{standards.indicator} · " in body
    assert standards.link == "/manage/units/8104-DUKCAPIL/standards/"
    assert f'href="{standards.link}"' in body
    assert "In order" in body and "Missing" in body  # words, not colour alone
    assert dukcapil.gap in body


def test_provincial_evaluator_sees_the_agencies_of_the_province_and_drills_down(built, settings):
    client = client_for(built.yohanis, settings)
    response = client.get(BOARD)
    assert response.templates[0].name == "insights/agencies.html"
    codes = [row["agency"].code for row in response.context["rows"]]
    assert sorted(codes) == ["pemkab-buru", "pemkot-ambon", "pemprov-maluku"]
    assert 'href="/manage/readiness/pemkab-buru/"' in response.content.decode()
    board = client.get(BOARD + "pemkab-buru/")
    assert board.status_code == 200
    assert sorted(rows_of(board)) == ["8104-DUKCAPIL", "8104-RSUD"]
    # An evaluator does not edit the maklumat: the cell leads to the standards page instead.
    maklumat = board.context["rows"][0].cells[DUTIES.index("maklumat")]
    assert "/maklumat/" not in maklumat.link


def test_national_administrator_sees_every_agency(built, settings):
    response = client_for(built.ratna, settings).get(BOARD)
    codes = {row["agency"].code for row in response.context["rows"]}
    assert codes == {"pemkab-buru", "pemkot-ambon", "pemkab-sorong", "pemprov-maluku"}
    assert client_for(built.ratna, settings).get(BOARD + "pemkab-sorong/").status_code == 200


def test_evaluator_sees_the_lokus_they_evaluate(built, settings):
    from prima.evaluation.models import Assignment, Cycle, Lokus

    cycle = Cycle.objects.create(
        year=timezone.localdate().year,
        scheme=Cycle.Scheme.NASIONAL,
        name="PEKPPP Nasional uji",
        instrument_code=readiness.newest_instrument().code,
        created_by=built.ratna,
    )
    lokus = Lokus.objects.create(cycle=cycle, unit=built.buru_dukcapil, kind="adminduk")
    Assignment.objects.create(lokus=lokus, evaluator=built.yohanis, level="biro")
    response = client_for(built.yohanis, settings).get(BOARD)
    body = response.content.decode()
    assert "Lokus you evaluate" in body
    assert f'href="/manage/lokus/{lokus.pk}/"' in body
    assert "Lokus you evaluate" not in client_for(built.ratna, settings).get(BOARD).content.decode()


def test_unit_operator_sees_only_their_own_units_row(built, settings):
    response = client_for(built.abdul, settings).get(BOARD)
    assert response.status_code == 200
    assert rows_of(response) == ["8104-DUKCAPIL"]
    assert response.context["summary"] is None  # the agency's sums cover units not theirs
    assert "RSUD Namlea" not in response.content.decode()


def test_agency_administrator_cannot_open_another_agency(built, settings):
    client = client_for(built.siti, settings)
    before = AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCESS_DENIED).count()
    assert client.get(BOARD + "pemkot-ambon/").status_code == 404
    assert client.get(BOARD + "pemkot-ambon/?format=csv").status_code == 404
    assert client.get(BOARD + "no-such-agency/").status_code == 404
    after = AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCESS_DENIED).count()
    assert after == before + 3


def test_provincial_evaluator_cannot_open_an_agency_outside_the_province(built, settings):
    assert client_for(built.yohanis, settings).get(BOARD + "pemkab-sorong/").status_code == 404


def test_visitors_are_sent_to_sign_in(built):
    response = Client().get(BOARD + "pemkab-buru/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_user_without_any_role_sees_a_teaching_empty_list(built, settings):
    from prima.test import make_user

    response = client_for(make_user("nobody"), settings).get(BOARD)
    assert response.status_code == 200
    assert "No agency in your scope" in response.content.decode()


# --- empty states, filters, sorting ------------------------------------------------------------
def test_an_agency_without_units_says_how_to_add_them(built, settings):
    response = client_for(built.ratna, settings).get(BOARD + "pemprov-maluku/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "No service unit yet" in body
    assert 'href="/manage/agencies/pemprov-maluku/"' in body
    listing = client_for(built.ratna, settings).get(BOARD).content.decode()
    assert "No service unit recorded yet" in listing


def test_filter_by_duty_and_status(built, settings):
    client = client_for(built.siti, settings)
    missing = client.get(BOARD, {"duty": "standards", "status": "missing"})
    assert rows_of(missing) == ["8104-RSUD"]
    in_order = client.get(BOARD, {"duty": "standards", "status": "ok"})
    assert rows_of(in_order) == ["8104-DUKCAPIL"]
    not_in_order = client.get(BOARD, {"duty": "standards"})
    assert rows_of(not_in_order) == ["8104-RSUD"]
    any_missing = client.get(BOARD, {"status": "missing"})
    assert sorted(rows_of(any_missing)) == ["8104-DUKCAPIL", "8104-RSUD"]
    searched = client.get(BOARD, {"q": "namlea"})
    assert rows_of(searched) == ["8104-RSUD"]


def test_a_filter_with_no_result_says_so_and_offers_every_unit(built, settings):
    response = client_for(built.siti, settings).get(BOARD, {"q": "no such unit"})
    body = response.content.decode()
    assert "No service unit matches these filters." in body
    assert "Show every unit" in body


@pytest.mark.parametrize(
    "params",
    [
        {"duty": "nonsense", "status": "worst", "sort": "random", "page": "x", "dpage": "-1"},
        {"duty": "standards'--", "status": "", "q": "%" * 500},
        {"format": "docx"},
        {"page": "999999999999999999999", "dialect": "klingon"},
        {"status": "ok", "duty": "__proto__"},
    ],
)
def test_unknown_filter_values_are_ignored(built, settings, params):
    client = client_for(built.siti, settings)
    assert client.get(BOARD, params).status_code == 200
    assert client_for(built.ratna, settings).get(BOARD, params).status_code == 200


def test_sorting_by_name_late_count_and_projected_ipp(built, settings):
    client = client_for(built.siti, settings)
    by_name = rows_of(client.get(BOARD, {"sort": "name"}))
    assert by_name == ["8104-DUKCAPIL", "8104-RSUD"]  # Disdukcapil…, RSUD…
    assert rows_of(client.get(BOARD, {"sort": "-name"})) == by_name[::-1]
    rows = {r.unit_id: r for r in UnitReadiness.objects.all()}
    by_late = rows_of(client.get(BOARD, {"sort": "late"}))
    lates = [rows[ServiceUnit.objects.get(code=c).pk].late_count for c in by_late]
    assert lates == sorted(lates, reverse=True)
    by_ipp = rows_of(client.get(BOARD, {"sort": "ipp"}))
    ipps = [rows[ServiceUnit.objects.get(code=c).pk].projected_ipp for c in by_ipp]
    assert ipps == sorted(ipps)
    assert by_ipp[0] == "8104-RSUD"  # no records: the lowest projection
    page = client.get(BOARD, {"sort": "ipp"}).content.decode()
    assert 'aria-sort="ascending"' in page


def test_agency_list_filters_by_province_searches_and_sorts(built, settings):
    client = client_for(built.ratna, settings)
    maluku = client.get(BOARD, {"province": "81"})
    assert {r["agency"].code for r in maluku.context["rows"]} == {
        "pemkab-buru",
        "pemkot-ambon",
        "pemprov-maluku",
    }
    papua = client.get(BOARD, {"province": "96"})
    assert [r["agency"].code for r in papua.context["rows"]] == ["pemkab-sorong"]
    assert [r["agency"].code for r in client.get(BOARD, {"q": "ambon"}).context["rows"]] == [
        "pemkot-ambon"
    ]
    names = [r["agency"].name for r in client.get(BOARD, {"sort": "-name"}).context["rows"]]
    assert names == sorted(names, reverse=True)
    assert client.get(BOARD, {"province": "99"}).status_code == 200  # unknown: ignored
    empty = client.get(BOARD, {"q": "zzz"}).content.decode()
    assert "No agency matches these filters." in empty


# --- deadlines ---------------------------------------------------------------------------------
def test_the_deadline_list_has_the_units_deadlines_and_the_agencys_coaching_tasks(built, settings):
    from prima.coaching import actions as coaching
    from prima.coaching.models import Event, FollowUpTask
    from prima.registry.models import CoordinationRegion

    start = timezone.now() - dt.timedelta(days=10)
    event = coaching.create_event(
        actor=built.ratna,
        topics=["standar_pelayanan"],
        title="Bimtek Standar Pelayanan",
        kind=Event.Kind.BIMTEK,
        mode=Event.Mode.ONLINE,
        meeting_link="https://zoom.example/j/1",
        coordination_region=CoordinationRegion.objects.get(code="III"),
        venue_province=Region.objects.get(code="81"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=4),
    )
    today = timezone.localdate()
    task = FollowUpTask.objects.create(
        event=event, agency=built.buru, title="Tetapkan SP lima layanan", due_on=today
    )
    FollowUpTask.objects.create(event=event, agency=built.ambon, title="Tugas Ambon", due_on=today)
    response = client_for(built.siti, settings).get(BOARD)
    body = response.content.decode()
    assert "Tetapkan SP lima layanan" in body
    assert f'href="/manage/coaching/tasks/{task.pk}/"' in body
    assert "Tugas Ambon" not in body
    # The SKM period of this year that runs to 31 December is among the deadlines when
    # within 30 days; the list is in date order.
    dates = [entry.due_on for entry in response.context["deadlines"].object_list]
    assert dates == sorted(dates)


def test_a_survey_period_ending_within_30_days_is_listed_once(built, settings):
    from prima.insights.queries import agency_deadlines
    from prima.surveys.models import SurveyPeriod

    today = timezone.localdate()
    ending = make_period(
        built,
        unit=built.buru_rsud,
        name="Periode singkat",
        starts_on=today - dt.timedelta(days=20),
        ends_on=today + dt.timedelta(days=5),
    )
    store.rebuild()
    entries = agency_deadlines(
        built.buru,
        units=ServiceUnit.objects.filter(agency=built.buru),
        tasks=built.buru.coaching_tasks.all(),
        today=today,
    )
    ends = [e for e in entries if e.what == "Survey period ends"]
    assert [e.subject for e in ends].count("Periode singkat") == 1
    assert {e.subject for e in ends} == set(
        SurveyPeriod.objects.filter(
            unit__agency=built.buru,
            ends_on__gte=today,
            ends_on__lte=today + dt.timedelta(days=30),
        ).values_list("name", flat=True)
    )
    assert next(e for e in ends if e.subject == "Periode singkat").link == (
        f"/manage/surveys/{ending.pk}/"
    )


# --- exports -----------------------------------------------------------------------------------
def test_csv_has_one_row_per_unit_with_unit_code_first(built, settings):
    response = client_for(built.siti, settings).get(BOARD, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    header = table[0]
    assert header[:2] == ["unit_code", "unit_name"]
    assert header[2:5] == ["standards_status", "standards_level", "standards_due_on"]
    assert header[-4:] == [
        "projected_ipp",
        "projected_category",
        "next_category",
        "indicators_to_next",
    ]
    assert len(header) == 2 + 3 * len(DUTIES) + 4
    assert sorted(row[0] for row in table[1:]) == ["8104-DUKCAPIL", "8104-RSUD"]
    stored = UnitReadiness.objects.get(unit=built.buru_dukcapil)
    dukcapil = next(row for row in table[1:] if row[0] == "8104-DUKCAPIL")
    assert dukcapil[header.index("projected_ipp")] == str(stored.projected_ipp)
    assert dukcapil[header.index("standards_status")] == stored.duties["standards"]["status"]
    assert dukcapil[header.index("standards_level")] == str(stored.duties["standards"]["level"])


def test_csv_honours_the_excel_indonesia_dialect_and_the_filters(built, settings):
    response = client_for(built.siti, settings).get(
        BOARD + "pemkab-buru/", {"format": "csv", "dialect": "excel-id", "q": "disdukcapil"}
    )
    assert "-excel-id.csv" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("unit_code;unit_name;standards_status")
    assert len(lines) == 2  # the filter applies
    ipp = UnitReadiness.objects.get(unit=built.buru_dukcapil).projected_ipp
    assert format(ipp, "f").replace(".", ",") in lines[1].split(";")


def test_xlsx_opens_with_openpyxl(built, settings):
    from openpyxl import load_workbook

    response = client_for(built.siti, settings).get(BOARD, {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Readiness", "Deadlines"]
    sheet = book["Readiness"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:3] == ("Unit code", "Service unit", "Service standards: status")
    assert sorted(row[0] for row in values[1:]) == ["8104-DUKCAPIL", "8104-RSUD"]
    rsud = next(row for row in values[1:] if row[0] == "8104-RSUD")
    assert rsud[2] == "Missing"  # statuses by their label


@pytest.mark.parametrize("language", ["id", "en"])
def test_pdf_is_fit_to_print(built, settings, language):
    with translation.override(language):
        response = client_for(built.siti, settings, language).get(BOARD, {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    data = response.content
    assert pdfcheck.problems(data, decimal_comma=language == "id") == []
    text = pdfcheck.text(data)
    assert "Disdukcapil Kabupaten Buru" in text and "RSUD Namlea" in text
    assert "PEMERINTAH KABUPATEN BURU" in text  # the letterhead
    width, height = _page_size(data)
    assert width > height  # landscape


def test_pdf_of_an_agency_without_units_and_of_a_filter_without_result(built, settings):
    ratna = client_for(built.ratna, settings)
    for url, params in (
        (BOARD + "pemprov-maluku/", {"format": "pdf"}),
        (BOARD + "pemkab-buru/", {"format": "pdf", "q": "nothing like it"}),
    ):
        data = ratna.get(url, params).content
        assert pdfcheck.problems(data, decimal_comma=False) == []
        assert "No service unit matches these filters." in pdfcheck.text(data)


def _page_size(data: bytes) -> tuple[float, float]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return pdf.pages[0].width, pdf.pages[0].height


# --- the F-01 pre-fill -------------------------------------------------------------------------
def test_every_cell_level_is_the_f01_prefill_level(built, settings):
    today = timezone.localdate()
    slots = readiness.bound_slots()
    for client, url in (
        (client_for(built.ratna, settings), BOARD + "pemkab-buru/"),
        (client_for(built.ratna, settings), BOARD + "pemkot-ambon/"),
    ):
        response = client.get(url)
        checked = 0
        for row in response.context["rows"]:
            prefill = evidence.prefill_for(row.unit, year=today.year, slots=slots, today=today)
            for cell in row.cells:
                if cell.indicator:
                    assert cell.level == prefill[cell.indicator].level, (row.unit, cell.duty)
                    checked += 1
            assert {c.indicator for c in row.cells if c.indicator} <= set(prefill)
        assert checked > 0


# --- queries constant in the number of units ---------------------------------------------------
def _add_units(agency: Agency, count: int) -> None:
    region = agency.region or Region.objects.get(code="81.04")
    for n in range(count):
        ServiceUnit.objects.create(
            code=f"T{agency.pk}-{n:03d}",
            agency=agency,
            region=region,
            kind="disdukcapil",
            name=f"Unit uji {n:03d}",
        )


def _queries(client: Client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "params",
    [{}, {"duty": "skm", "status": "missing", "sort": "ipp"}, {"format": "csv"}],
)
def test_queries_per_page_do_not_grow_with_the_number_of_units(world, settings, params):
    few, many = world.buru, world.ambon
    _add_units(few, 1)  # Buru: 2 listed units + RSUD = 3
    _add_units(many, 19)  # Ambon: 20
    store.rebuild()
    ratna = client_for(world.ratna, settings)
    ratna.get(BOARD)  # warm the session
    assert _queries(ratna, BOARD + "pemkab-buru/", params) == _queries(
        ratna, BOARD + "pemkot-ambon/", params
    )
    siti = client_for(world.siti, settings)
    marthen = client_for(world.marthen, settings)
    siti.get(BOARD)
    marthen.get(BOARD)
    assert _queries(siti, BOARD, params) == _queries(marthen, BOARD, params)


def test_agency_list_queries_do_not_grow_with_agencies_or_units(world, settings):
    ratna = client_for(world.ratna, settings)
    store.rebuild()
    ratna.get(BOARD)
    before = _queries(ratna, BOARD)
    for n in range(15):
        agency = Agency.objects.create(
            code=f"uji-{n}",
            name=f"Instansi uji {n}",
            kind="pemerintah_kabupaten",
            region=Region.objects.get(code="81.04"),
        )
        _add_units(agency, 3)
    store.rebuild()
    assert _queries(ratna, BOARD) == before


def test_the_gap_to_the_next_category_is_counted_in_words(built, settings):
    row = UnitReadiness.objects.get(unit=built.buru_rsud)
    with translation.override("en"):
        from prima.insights.queries import gap_text

        text = gap_text(row)
    if row.next_category and row.indicators_to_next:
        noun = "indicator" if row.indicators_to_next == 1 else "indicators"
        assert text == f"{row.indicators_to_next} more {noun} to {row.next_category}"
