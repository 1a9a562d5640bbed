"""Every XLSX export, produced from the demo and read back (issue 18): a bold header row that is
frozen and filtered, column widths, numbers stored as numbers with a number format, dates as
dates, and no internal key where a label belongs.

The keys are read from the code (every model's choices, the questionnaire's elements and
profile fields, the PEKPPP instruments' aspect and indicator codes), not listed by hand.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

import prima
from prima.accounts.models import User
from prima.evaluation import documents
from prima.evaluation.instrument import built_in
from prima.evaluation.models import Cycle
from prima.insights import store
from prima.surveys import aggregates, queries, questionnaire, reports
from prima.surveys.models import SurveyPeriod
from prima.test import sign_in

# The modules that write workbooks, each covered below; a new one fails the guard test.
WORKBOOK_WRITERS = {
    "prima/surveys/reports.py",
    "prima/evaluation/documents.py",
    "prima/insights/board_exports.py",
    "prima/insights/picture_exports.py",
}

_NUMBER = re.compile(r"\s*[-+]?\d+([.,]\d+)?\s*")
_DECIMAL = re.compile(r"\s*[-+]?\d+[.,]\d+\s*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}([ T].*)?")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[None]:
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        call_command("seed_demo", verbosity=0)
        store.rebuild()  # the seed's commit would have; here it is rolled back
        yield
        transaction.set_rollback(True)


def internal_keys() -> set[str]:
    """Every stored key whose label differs from it: what a reader must never see as a label."""
    keys: set[str] = set()

    def add(choices: object) -> None:
        for value, label in choices or ():  # type: ignore[attr-defined]
            if isinstance(label, (list, tuple)):  # a group of choices
                add(label)
            elif isinstance(value, str) and value and str(label) != value:
                keys.add(value)

    for model in apps.get_models():
        for field in model._meta.get_fields():
            add(getattr(field, "choices", None))
    keys.update(questionnaire.ELEMENTS, aggregates.PROFILE_FIELDS)
    for choices in (
        questionnaire.SEX_CHOICES,
        questionnaire.EDUCATION_CHOICES,
        questionnaire.OCCUPATION_CHOICES,
    ):
        add(choices)
    for cycle_instrument in {c.instrument_code for c in Cycle.objects.all()}:
        for aspect in built_in(cycle_instrument).aspects:
            keys.add(aspect.code)
            keys.update(indicator.code for indicator in aspect.indicators)
    return keys


def problems_of(content: bytes, keys: set[str]) -> list[str]:
    """What makes a workbook hard to work with, one line per problem."""
    from openpyxl.utils import get_column_letter

    found: list[str] = []
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        where = sheet.title
        header = [cell for cell in sheet[1]]
        width = len(header)
        if not header or any(not isinstance(c.value, str) or not c.value for c in header):
            found.append(f"{where}: the first row is not a header of text")
        if any(not c.font.bold for c in header):
            found.append(f"{where}: the header is not bold")
        if sheet.freeze_panes != "A2":
            found.append(f"{where}: the header is not frozen ({sheet.freeze_panes})")
        expected_filter = f"A1:{get_column_letter(width)}{sheet.max_row}"
        if sheet.auto_filter.ref != expected_filter:
            found.append(f"{where}: filter {sheet.auto_filter.ref}, not {expected_filter}")
        sized = [d for d in sheet.column_dimensions.values() if d.customWidth and d.width]
        for index in range(1, width + 1):
            if not any(d.min <= index <= d.max for d in sized):
                found.append(f"{where}: column {get_column_letter(index)} has no width")
        for cell in (c for c in header if c.value in keys):
            found.append(f"{where}!{cell.coordinate}: header is the internal key {cell.value!r}")
        columns = list(sheet.iter_cols(min_row=2, max_col=width))
        for column in columns:
            numeric = any(
                isinstance(c.value, (int, float)) and not isinstance(c.value, bool) for c in column
            )
            for cell in column:
                value = cell.value
                at = f"{where}!{cell.coordinate}"
                if isinstance(value, str):
                    if value in keys:
                        found.append(f"{at}: the internal key {value!r} as a label")
                    if _DECIMAL.fullmatch(value) or (numeric and _NUMBER.fullmatch(value)):
                        found.append(f"{at}: the number {value!r} stored as text")
                    if _ISO_DATE.fullmatch(value):
                        found.append(f"{at}: the date {value!r} stored as text")
                elif isinstance(value, (int, float, dt.date)) and not isinstance(value, bool):
                    if cell.number_format == "General":
                        found.append(f"{at}: {value!r} has no number format")
                    if isinstance(value, dt.date) and "yy" not in cell.number_format:
                        found.append(f"{at}: the date has no date format")
    return found


def _every_export() -> Iterator[tuple[str, bytes]]:
    for period in SurveyPeriod.objects.select_related("unit__agency", "service"):
        yield f"SKM report {period.pk}", reports.report_xlsx(queries.period_report(period))
    for cycle in Cycle.objects.all():
        yield f"PEKPPP results {cycle.pk}", documents.results_xlsx(cycle)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_every_xlsx_export_has_headers_numbers_dates_and_labels(demo, language):
    with translation.override(language):
        keys = internal_keys()
        assert {"done", "in_progress", "sex", "age_band", "channel", "waktu"} <= keys
        exports = list(_every_export())
        assert len(exports) >= 19  # the demo's 18 periods and at least one cycle
        problems = {name: p for name, content in exports if (p := problems_of(content, keys))}
    assert problems == {}


@pytest.mark.django_db
def test_the_skm_report_has_its_figures_as_numbers_and_its_statuses_in_words(demo):
    period = (
        SurveyPeriod.objects.filter(followups__isnull=False, result__isnull=False)
        .distinct()
        .first()
    )
    assert period is not None
    with translation.override("en"):
        book = load_workbook(io.BytesIO(reports.report_xlsx(queries.period_report(period))))
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert isinstance(summary["Counted respondents"], int)
    assert isinstance(summary["IKM"], float)
    assert isinstance(summary["First day"], dt.datetime)
    nrr = list(book["NRR"].iter_rows(min_row=2, values_only=True))
    assert len(nrr) == 9 and all(isinstance(row[7], float) for row in nrr if row[2])
    groups = {row[0] for row in book["Respondents"].iter_rows(min_row=2, values_only=True)}
    assert groups <= {"Sex", "Age", "Education", "Occupation", "Service received", "Channel"}
    statuses = {row[5] for row in book["Follow-up plan"].iter_rows(min_row=2, values_only=True)}
    assert statuses <= {"Planned", "In progress", "Done", "Cancelled"}


@pytest.mark.django_db
def test_the_pekppp_results_have_the_six_aspect_scores_as_numbers(demo):
    cycle = Cycle.objects.filter(lokus__ipp__isnull=False).distinct().first()
    assert cycle is not None
    with translation.override("en"):
        book = load_workbook(io.BytesIO(documents.results_xlsx(cycle)))
    sheet = book["Results"]
    header = [c.value for c in sheet[1]]
    aspects = [a.name for a in cycle.instrument.aspects]
    first = header.index(aspects[0])
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows
    for row in rows:
        scores = row[first : first + len(aspects)]
        assert all(isinstance(s, (int, float)) for s in scores), scores
    assert sheet.cell(2, first + 1).number_format == "#,##0.00"


@pytest.mark.django_db
def test_the_xlsx_downloads_come_from_the_pages(demo):
    client = sign_in(Client(), User.objects.get(username="admin.nasional"))
    period = SurveyPeriod.objects.first()
    cycle = Cycle.objects.first()
    assert period is not None and cycle is not None
    for url in (
        reverse("manage:survey_report", args=[period.pk, "xlsx"]),
        reverse("manage:evaluation_export", args=[cycle.pk, "xlsx"]),
        reverse("manage:readiness_agency", args=["pemkab-buru"]) + "?format=xlsx",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert problems_of(response.content, internal_keys()) == []


def test_every_module_that_writes_a_workbook_is_covered_here():
    root = Path(prima.__file__).parent
    writers = set()
    for path in root.rglob("*.py"):
        relative = path.relative_to(root.parent).as_posix()
        if "/tests/" in relative or relative == "prima/lib/spreadsheets.py":
            continue
        source = path.read_text(encoding="utf-8")
        if "spreadsheets.Book(" in source or re.search(r"\bWorkbook\(", source):
            writers.add(relative)
    assert writers == WORKBOOK_WRITERS


@pytest.mark.django_db
def test_the_pekppp_results_csv_opens_in_excel_set_to_indonesian(demo):
    cycle = Cycle.objects.filter(lokus__ipp__isnull=False).distinct().first()
    assert cycle is not None
    client = sign_in(Client(), User.objects.get(username="admin.nasional"))
    url = reverse("manage:evaluation_export", args=[cycle.pk, "csv"])
    standard = b"".join(client.get(url).streaming_content).decode("utf-8")
    response = client.get(url + "?dialect=excel-id")
    assert response["Content-Disposition"].endswith('-excel-id.csv"')
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff") and standard.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    plain = list(csv.reader(io.StringIO(standard.lstrip("\ufeff"))))
    aspects = [a.name for a in cycle.instrument.aspects]
    column = rows[0].index(aspects[0])
    for row, row_standard in zip(rows[1:], plain[1:], strict=True):
        score = row[column]
        assert re.fullmatch(r"\d(,\d+)?", score), score
        assert row_standard[column] == score.replace(",", ".")
