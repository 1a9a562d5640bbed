"""Long exports prepared in the background (ADR 0020, "Exports"): asked for with "Siapkan
unduhan", built by the same builders as the direct download, kept in the uploads storage,
downloaded only by whoever asked while they may still read what the file holds, purged after
PRIMA_EXPORT_KEEP_DAYS."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from prima.accounts.models import Membership
from prima.evaluation import export_kinds as evaluation_kinds
from prima.evaluation.tests.records import new_cycle
from prima.insights import figures_store, picture_exports
from prima.insights.tests.test_picture_pages import with_skm_results
from prima.jobs import actions
from prima.jobs.models import Export
from prima.lib.tests import pdfcheck
from prima.test import sign_in

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
# Every Disdukcapil of Maluku: the list a province's page downloads in the background.
MALUKU_DUKCAPIL = {"area": "81", "tahun": str(YEAR), "ukuran": "ikm", "jenis": "disdukcapil"}
DIRECT = f"/gambaran/81/?tahun={YEAR}&ukuran=ikm&jenis=disdukcapil"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def maluku(world):
    return with_skm_results(world)


def _prepare(client: Client, capture, kind: str, params: dict, **extra):
    with capture(execute=True):
        return client.post(reverse("manage:export_request"), {"kind": kind, **params}, **extra)


def _cells(data: bytes) -> list[list[list[object]]]:
    book = load_workbook(io.BytesIO(data))
    return [[list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book]


def test_the_province_page_offers_to_prepare_every_unit_s_files_and_keeps_small_ones_direct(
    maluku,
):
    client = sign_in(Client(), maluku.yohanis)
    page = client.get(DIRECT).content.decode()
    assert 'name="kind" value="picture-pdf"' in page and "Siapkan unduhan" in page
    assert "format=pdf" not in page  # the long PDF is not offered in the request
    regency = client.get(f"/gambaran/81.04/?jenis=disdukcapil&tahun={YEAR}").content.decode()
    assert "format=pdf" in regency and "Siapkan unduhan" not in regency
    province = client.get("/gambaran/81/").content.decode()  # its regencies: a few rows
    assert "format=xlsx" in province and "Siapkan unduhan" not in province
    anonymous = Client().get(DIRECT).content.decode()  # no list of downloads to go to
    assert "format=pdf" in anonymous and "Siapkan unduhan" not in anonymous


def test_the_workbook_prepared_holds_the_cells_of_the_direct_download(
    maluku, django_capture_on_commit_callbacks
):
    client = sign_in(Client(), maluku.yohanis)
    answer = _prepare(client, django_capture_on_commit_callbacks, "picture-xlsx", MALUKU_DUKCAPIL)
    export = Export.objects.get()
    assert export.state == Export.State.READY and export.requested_by == maluku.yohanis
    # The test's transaction holds the build until the request has answered: to the list.
    assert answer["Location"] == reverse("manage:exports")
    assert export.file.name == f"exports/{YEAR}/{export.uuid}.xlsx"
    assert export.granted == {"audience": "staff"}
    assert export.expires_at - export.created_at == timedelta(days=7)
    download = client.get(reverse("manage:export_download", args=[export.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert f'gambaran-81-{YEAR}.xlsx"' in download["Content-Disposition"]
    prepared = b"".join(download.streaming_content)
    assert export.size == len(prepared)
    direct = client.get(DIRECT + "&format=xlsx").content
    assert _cells(prepared) == _cells(direct)
    assert any("Disdukcapil" in str(cell) for row in _cells(prepared)[1] for cell in row)


def test_the_pdf_prepared_says_what_the_direct_download_says(
    maluku, django_capture_on_commit_callbacks
):
    client = sign_in(Client(), maluku.ratna)
    _prepare(client, django_capture_on_commit_callbacks, "picture-pdf", MALUKU_DUKCAPIL)
    export = Export.objects.get()
    prepared = b"".join(client.get(reverse("manage:export_download", args=[export.pk])))
    direct = client.get(DIRECT + "&format=pdf").content
    assert pdfcheck.text(prepared) == pdfcheck.text(direct)
    assert "Keadaan pelayanan publik" in pdfcheck.text(prepared)  # in the asker's language


def test_an_evaluation_s_results_prepared_hold_the_cells_of_the_direct_download(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    cycle = new_cycle(world)
    client = sign_in(Client(), world.ratna)
    results = reverse("manage:evaluation_results", args=[cycle.pk])
    assert "Siapkan unduhan" not in client.get(results).content.decode()
    monkeypatch.setattr(evaluation_kinds, "DIRECT_LOKUS", -1)  # as if it ranked thousands
    assert "evaluation-results-xlsx" in client.get(results).content.decode()
    answer = _prepare(
        client, django_capture_on_commit_callbacks, "evaluation-results-xlsx", {"cycle": cycle.pk}
    )
    assert answer.status_code == 302
    export = Export.objects.get()
    url = reverse("manage:export_download", args=[export.pk])
    prepared = b"".join(client.get(url).streaming_content)
    direct = client.get(reverse("manage:evaluation_export", args=[cycle.pk, "xlsx"])).content
    assert _cells(prepared)[0] == _cells(direct)[0]  # the ranking
    # The sheet about the file says when each was generated; the rest is the same.
    about, direct_about = _cells(prepared)[-1], _cells(direct)[-1]
    generated = [i for i, row in enumerate(about) if row[0] == "Dibuat"]
    assert len(generated) == 1
    assert [r for i, r in enumerate(about) if i not in generated] == [
        r for i, r in enumerate(direct_about) if i not in generated
    ]


def test_nobody_else_downloads_it_nor_its_owner_once_the_role_is_gone(
    maluku, django_capture_on_commit_callbacks
):
    yohanis = sign_in(Client(), maluku.yohanis)
    _prepare(yohanis, django_capture_on_commit_callbacks, "picture-xlsx", MALUKU_DUKCAPIL)
    export = Export.objects.get()
    url = reverse("manage:export_download", args=[export.pk])
    for persona in ("ratna", "siti", "abdul"):  # even the national administrator
        other = sign_in(Client(), getattr(maluku, persona))
        assert other.get(url).status_code == 404
        assert export.title not in other.get(reverse("manage:exports")).content.decode()
    assert yohanis.get(url).status_code == 200
    Membership.objects.filter(user=maluku.yohanis).delete()  # no longer Maluku's evaluator
    assert yohanis.get(url).status_code == 404  # the public figures are not what it holds
    assert Client().get(url).status_code == 302  # to the sign-in page


def test_the_list_shows_state_size_and_how_long_files_are_kept(
    maluku, django_capture_on_commit_callbacks, settings
):
    settings.PRIMA_EXPORT_KEEP_DAYS = 3
    client = sign_in(Client(), maluku.yohanis)
    _prepare(client, django_capture_on_commit_callbacks, "picture-xlsx", MALUKU_DUKCAPIL)
    page = client.get(reverse("manage:exports")).content.decode()
    assert "Unduhan saya" in page and "dihapus setelah 3 hari" in page
    assert "Siap" in page and "KB" in page and "Disdukcapil" in page
    client.cookies["prima_language"] = "en"
    english = client.get(reverse("manage:exports")).content.decode()
    assert "My downloads" in english and "removed after 3 days" in english


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_immediate_backend_the_user_goes_straight_to_the_file(world):
    figures_store.rebuild()
    client = sign_in(Client(), world.yohanis)
    # No test transaction: the build runs when the request's own transaction commits.
    answer = client.post(
        reverse("manage:export_request"), {"kind": "picture-xlsx", **MALUKU_DUKCAPIL}
    )
    export = Export.objects.get()
    assert answer["Location"] == reverse("manage:export_download", args=[export.pk])
    assert client.get(answer["Location"]).status_code == 200


def test_with_a_worker_the_export_waits_and_the_list_says_so(maluku):
    # No commit callbacks run: as with the database backend before a worker takes it.
    client = sign_in(Client(), maluku.yohanis)
    answer = client.post(
        reverse("manage:export_request"), {"kind": "picture-pdf", **MALUKU_DUKCAPIL}, follow=True
    )
    text = answer.content.decode()
    assert "sedang disiapkan" in text and "Menunggu" in text
    assert Export.objects.get().state == Export.State.WAITING


def test_a_builder_that_fails_shows_failed_with_its_error_to_the_user_and_the_operators(
    maluku, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("the workbook broke")

    monkeypatch.setattr(picture_exports, "file_bytes", broken)
    client = sign_in(Client(), maluku.yohanis)
    answer = _prepare(client, django_capture_on_commit_callbacks, "picture-xlsx", MALUKU_DUKCAPIL)
    assert answer.status_code == 302
    listed = client.get(reverse("manage:exports")).content.decode()
    assert "Gagal" in listed and "RuntimeError: the workbook broke" in listed
    assert "Traceback" not in listed  # the operators' page has the rest
    export = Export.objects.get()
    assert export.state == Export.State.FAILED and not export.file
    assert client.get(reverse("manage:export_download", args=[export.pk])).status_code == 404
    jobs = sign_in(Client(), maluku.ratna).get(reverse("manage:jobs_outbox")).content.decode()
    assert "RuntimeError: the workbook broke" in jobs
    assert str(maluku.yohanis) in jobs


def test_parameters_no_page_would_post_are_refused(maluku):
    client = sign_in(Client(), maluku.yohanis)
    for data in (
        {"kind": "nothing"},
        {"kind": "picture-xlsx", "area": "99.99", "tahun": str(YEAR)},
        {"kind": "picture-xlsx", "area": "81", "tahun": "1990"},
        {"kind": "picture-xlsx", "area": "81", "tahun": str(YEAR), "jenis": "castle"},
        {"kind": "evaluation-results-xlsx", "cycle": "x"},
    ):
        assert client.post(reverse("manage:export_request"), data).status_code == 400
    assert not Export.objects.exists()


def test_a_cycle_the_user_may_not_see_is_refused_when_asked(world):
    cycle = new_cycle(world)
    client = sign_in(Client(), world.abdul)
    answer = client.post(
        reverse("manage:export_request"), {"kind": "evaluation-results-xlsx", "cycle": cycle.pk}
    )
    assert answer.status_code == 404 and not Export.objects.exists()


def test_expired_exports_are_purged_with_their_files(maluku, django_capture_on_commit_callbacks):
    client = sign_in(Client(), maluku.yohanis)
    _prepare(client, django_capture_on_commit_callbacks, "picture-xlsx", MALUKU_DUKCAPIL)
    _prepare(client, django_capture_on_commit_callbacks, "picture-pdf", MALUKU_DUKCAPIL)
    old, new = Export.objects.order_by("pk")
    assert default_storage.exists(old.file.name)
    Export.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(reverse("manage:export_download", args=[old.pk])).status_code == 404
    out = io.StringIO()
    call_command("purge_jobs", stdout=out)
    assert "1 exports" in out.getvalue()
    assert not default_storage.exists(old.file.name)
    assert list(Export.objects.all()) == [new] and default_storage.exists(new.file.name)


def test_a_build_whose_worker_died_is_put_back_in_line_by_the_sweep(
    maluku, django_capture_on_commit_callbacks, no_periodic_jobs
):
    # no_periodic_jobs: the sweep's pass would otherwise run every periodic job of this slot
    # (the open-data build and the backup among them, into the real var/ folder).
    export = actions.request_export(
        actor=maluku.yohanis, kind="picture-xlsx", params=MALUKU_DUKCAPIL
    )
    now = timezone.now()
    Export.objects.filter(pk=export.pk).update(
        state=Export.State.RUNNING, attempts=1, lease_until=now - timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        tick = actions.tick(now=now)
    assert tick.exports_nudged == 1
    export.refresh_from_db()
    assert export.state == Export.State.READY and export.attempts == 2


def test_a_build_interrupted_three_times_is_given_up(maluku, no_periodic_jobs):
    export = actions.request_export(
        actor=maluku.yohanis, kind="picture-xlsx", params=MALUKU_DUKCAPIL
    )
    Export.objects.filter(pk=export.pk).update(
        state=Export.State.RUNNING, attempts=3, lease_until=timezone.now() - timedelta(seconds=1)
    )
    actions.tick()
    export.refresh_from_db()
    assert export.state == Export.State.FAILED and "interrupted" in export.error


@pytest.mark.objectstore
def test_an_export_is_kept_in_the_object_store_and_downloaded_through_prima(
    maluku, object_store, settings, django_capture_on_commit_callbacks
):
    client = sign_in(Client(), maluku.yohanis)
    answer = _prepare(client, django_capture_on_commit_callbacks, "picture-xlsx", MALUKU_DUKCAPIL)
    export = Export.objects.get()
    key = f"media/exports/{YEAR}/{export.uuid}.xlsx"
    assert object_store.keys("media/") == [key]
    assert not settings.MEDIA_ROOT.exists()
    assert answer.status_code == 302
    url = reverse("manage:export_download", args=[export.pk])
    prepared = b"".join(client.get(url).streaming_content)
    stored = object_store.server.client().get_object(Bucket=object_store.bucket, Key=key)
    assert prepared == stored["Body"].read() and len(prepared) == export.size
    Export.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(days=1))
    call_command("purge_jobs", stdout=io.StringIO())
    assert object_store.keys("media/") == []
