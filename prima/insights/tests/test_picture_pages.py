"""The national picture's pages (issue 20): every level answers for the public and for staff
within their roles, ranks the areas below with ties sharing a rank, calls a change a rise or a
fall only beyond the uncertainty of both years, and downloads its table."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from prima.insights import figures as fig
from prima.insights import figures_store, national, picture
from prima.surveys import actions as surveys
from prima.surveys import submission
from prima.surveys.tests.factories import answers
from prima.test import sign_in

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def buru(world):
    return with_skm_results(world)


def with_skm_results(world):
    """Two SKM answers at Buru's Disdukcapil this year, and the figures rebuilt."""
    period = surveys.create_period(
        actor=None,
        unit=world.buru_dukcapil,
        name="Tahun ini",
        kind="custom",
        starts_on=dt.date(YEAR, 1, 1),
        ends_on=dt.date(YEAR, 12, 31),
    )
    for value in (3, 4):
        submission.submit_response(period, answers=answers(value), channel="web")
    figures_store.rebuild()
    return world


@pytest.mark.parametrize(
    "path", ["/gambaran/", "/gambaran/III/", "/gambaran/81/", "/gambaran/81.04/",
             "/gambaran/agency:pemkab-buru/", "/gambaran/unit:8104-DUKCAPIL/"]
)  # fmt: skip
def test_every_level_answers_for_anyone_in_indonesian(buru, path):
    response = Client().get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cara menghitung setiap angka" in page and "Angka publik" in page


def test_the_public_does_not_see_unpublished_results_staff_within_their_roles_do(buru):
    public = Client().get("/gambaran/81.04/").content.decode()
    assert "Belum ada unit di sini yang punya hasil SKM tahun ini." in public
    staff = sign_in(Client(), buru.yohanis).get("/gambaran/81.04/").content.decode()
    assert "Angka petugas" in staff and "87,50" in staff  # (75 + 100) / 2
    # Above the evaluator's province the figures are the public's.
    assert "Angka publik" in sign_in(Client(), buru.yohanis).get("/gambaran/III/").content.decode()


def test_unknown_or_unlisted_areas_are_404_and_odd_parameters_are_ignored(buru):
    client = Client()
    for path in ("/gambaran/XX/", "/gambaran/unit:8104-RSUD/", "/gambaran/agency:nope/"):
        assert client.get(path).status_code == 404, path
    for query in ("?tahun=abc", "?tahun=1900", "?ukuran=zzz", "?jenis=zzz", "?format=zzz"):
        assert client.get("/gambaran/" + query).status_code == 200, query


@pytest.mark.parametrize("measure", list(picture.MEASURES))
def test_units_of_one_kind_rank_by_every_measure(buru, measure):
    client = sign_in(Client(), buru.ratna)
    assert client.get(f"/gambaran/III/?jenis=disdukcapil&ukuran={measure}").status_code == 200
    assert (
        client.get(f"/gambaran/III/?jenis=disdukcapil&ukuran={measure}&format=csv").status_code
        == 200
    )


def test_units_of_one_kind_are_ranked_across_the_area(buru):
    page = sign_in(Client(), buru.ratna).get("/gambaran/III/?jenis=disdukcapil").content.decode()
    names = ["Disdukcapil Kabupaten Buru", "Disdukcapil Kabupaten Sorong", "Disdukcapil Kota Ambon"]
    positions = [page.index(name) for name in names]
    # Buru's, with a result, first; the two without one after it, by name.
    assert positions == sorted(positions)


def test_few_units_are_marked_above_a_unit_never_on_its_own_page(buru):
    client = sign_in(Client(), buru.ratna)
    assert "sedikit unit" in client.get("/gambaran/81.04/").content.decode()
    assert "sedikit unit" not in client.get("/gambaran/unit:8104-DUKCAPIL/").content.decode()


def test_a_unit_is_compared_with_the_median_of_its_kind_in_its_wilayah(buru):
    found = national.area("unit:8104-DUKCAPIL")
    peers = national.peers(found, year=YEAR, audience=fig.STAFF)
    assert peers is not None and peers.within_code == "III"
    assert (peers.count, peers.median, peers.position) == (1, 87.5, 1)


def test_the_table_downloads_as_csv_and_xlsx(buru):
    client = sign_in(Client(), buru.ratna)
    csv = b"".join(client.get("/gambaran/81/?format=csv").streaming_content).decode("utf-8-sig")
    header, *rows = csv.strip().split("\r\n")
    assert header.startswith("code,name,rank,units,skm_units_with_result,ikm_mean")
    assert any(row.startswith("81.04,") for row in rows)
    excel = b"".join(
        client.get("/gambaran/81/?format=csv&dialect=excel-id").streaming_content
    ).decode("utf-8-sig")
    assert excel.split("\r\n")[0].startswith("code;name;rank")
    book = load_workbook(io.BytesIO(client.get("/gambaran/81/?format=xlsx").content))
    assert len(book.sheetnames) == 2
    assert book.worksheets[0]["A2"].value == "81"


def test_queries_do_not_grow_with_the_area(buru):
    client = Client()

    def count(path: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    assert count("/gambaran/") == count("/gambaran/III/") or count("/gambaran/") < 30
    assert count("/gambaran/81/") < 30 and count("/gambaran/81.04/") < 30


# --- the rules, at their boundaries ------------------------------------------------------------
@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [
        ((80.0, 82.0), (77.0, 79.99), fig.RISE),
        ((80.0, 82.0), (77.0, 80.0), fig.NO_CLEAR_CHANGE),  # touching intervals overlap
        ((70.0, 72.0), (72.01, 75.0), fig.FALL),
        ((70.0, 72.0), (72.0, 75.0), fig.NO_CLEAR_CHANGE),
        ((70.0, 90.0), (75.0, 80.0), fig.NO_CLEAR_CHANGE),
        (None, (75.0, 80.0), None),
        ((75.0, 80.0), None, None),
    ],
)
def test_a_change_is_a_rise_or_a_fall_only_when_the_intervals_do_not_overlap(now, before, expected):
    assert fig.movement(now, before) == expected


def test_the_interval_of_a_mean_follows_the_spread_of_the_units():
    assert fig.mean_interval({"skm_units": 1, "skm_sum": "80", "skm_sq": "6400"}) is None
    # Two units, 70 and 90: mean 80, sd √200, t(1) = 12.706 → half-width 12.706 × 10.
    low, high = fig.mean_interval({"skm_units": 2, "skm_sum": "160", "skm_sq": "13000"})
    assert (round(low, 2), round(high, 2)) == (-47.06, 207.06)
    same = fig.mean_interval({"skm_units": 3, "skm_sum": "240", "skm_sq": "19200"})
    assert same == (80.0, 80.0)


@pytest.mark.parametrize(
    ("values", "ranks"),
    [
        ([90.0, 80.0, 80.0, 70.0], [1, 2, 2, 4]),
        ([80.0, 80.0, 80.0], [1, 1, 1]),
        ([None, 75.0], [1, None]),
        ([], []),
    ],
)
def test_ties_share_a_rank_and_areas_without_a_value_come_last(values, ranks):
    children = [
        national.Child(f"c{i}", f"Area {i}", {"skm": {"ikm_mean": v}}) for i, v in enumerate(values)
    ]
    measure = picture.Measure("x", "x", lambda f: f["skm"]["ikm_mean"])
    rows = picture.ranked(children, measure, lambda code: code)
    assert [r.rank for r in rows] == ranks


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_provinces_briefing_prints_cleanly(buru, language, tmp_path):
    from prima.lib.tests import pdfcheck

    client = sign_in(Client(), buru.ratna)
    client.cookies["prima_language"] = language
    response = client.get("/gambaran/81/?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    data = response.content
    assert pdfcheck.problems(data, decimal_comma=language == "id") == []
    text = pdfcheck.text(data)
    assert "Provinsi Maluku" in text and "Kab. Buru" in text
    assert ("87,50" if language == "id" else "87.50") in text  # the staff mean IKM
