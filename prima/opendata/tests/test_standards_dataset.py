"""The standards dataset (issue 21): valid packages on the demo, exact rows for a small case
made with the standards module's own actions, and nothing the public pages do not show — no
draft, no superseded or set-but-unpublished version, no unlisted unit, no review findings or
change notes, no forum not yet held, no participant's or signer's name or NIP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from prima.opendata.build import Edition, build_package
from prima.opendata.datasets import dataset
from prima.opendata.datasets.standards import STANDARDS_DATASET
from prima.opendata.tests.packages import assert_valid as _assert_valid
from prima.opendata.tests.packages import rows as _rows
from prima.opendata.tests.packages import seeded_demo
from prima.registry.access import public_units
from prima.registry.models import Service
from prima.standards import actions, exports, queries
from prima.standards.models import (
    Forum,
    Maklumat,
    Participant,
    ServiceStandard,
    StandardReview,
)
from prima.standards.tests.factories import complete_components, published_standard

pytestmark = pytest.mark.django_db

BUILT = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
# 08:00 in Jakarta on 2 March 2026; the standards are published at this moment.
NOW = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 2)


def _build(folder: Path) -> Path:
    build_package(Edition(STANDARDS_DATASET, None, ()), folder, BUILT, "/data/standards/")
    return folder


def _all_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((folder / "data").glob("*.csv")))


# --- the demo -------------------------------------------------------------------------------
@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Path]:
    """The demo, seeded once for the class inside a transaction rolled back at its end (before
    the small cases below, which make their own world), and the standards package built from
    it."""
    with seeded_demo(django_db_blocker, tmp_path_factory):
        yield _build(tmp_path_factory.mktemp("standards"))


class TestDemo:
    """On the demo, seeded once for these tests."""

    def test_the_dataset_is_found_and_has_one_package(self, demo):
        assert dataset("standards") is STANDARDS_DATASET
        assert STANDARDS_DATASET.yearly is False

    def test_the_demo_package_is_valid_frictionless(self, demo):
        _assert_valid(demo)

    def test_the_demo_rows_are_the_standards_the_public_api_serves(self, demo):
        rows = _rows(demo, "service_standards")
        public = queries.published_standards()
        assert {int(r["standard_id"]) for r in rows} == set(public.values_list("pk", flat=True))
        assert rows, "the demo publishes standards"
        hidden = ServiceStandard.objects.exclude(pk__in=public.values("pk"))
        assert hidden.exists(), "the demo keeps superseded versions or drafts"
        assert not {int(r["standard_id"]) for r in rows} & set(hidden.values_list("pk", flat=True))
        # Kab. Buru's KTP-el: version 1 was superseded after the forum; version 2 is in force.
        [ktp] = [r for r in rows if r["unit_code"].startswith("8104") and r["version"] == "2"]
        assert ktp["status"] == "published"
        assert "Bila blanko tersedia" in ktp["service_time"]
        assert {r["status"] for r in rows} == {"published", "under_review"}

    def test_the_demo_maklumat_are_those_the_passports_show(self, demo):
        rows = {r["unit_code"]: r for r in _rows(demo, "maklumat")}
        expected = {}
        for unit in public_units():
            shown = queries.current_maklumat(unit, signed_only=True)
            if shown is not None:
                expected[unit.code] = shown
        assert set(rows) == set(expected) and rows
        for code, maklumat in expected.items():
            assert rows[code]["signed_on"] == maklumat.signed_on.isoformat()
            assert rows[code]["promise"] == maklumat.promise
            assert rows[code]["passport_path"] == f"/units/{code}/passport/"

    def test_the_demo_forums_are_the_held_ones_with_counts_only(self, demo):
        rows = _rows(demo, "consultation_forums")
        held = Forum.objects.filter(
            unit__in=public_units(), held_on__lte=timezone.localdate()
        ).exclude(stage=Forum.Stage.PREPARATION)
        assert {int(r["forum_id"]) for r in rows} == set(held.values_list("pk", flat=True))
        [buru] = [r for r in rows if r["topic"] == "FKP Peninjauan Standar Pelayanan KTP-el"]
        # Seven invited; the camat did not come; the provider's staff are not a community element.
        assert buru["participants_present"] == "6"
        assert buru["community_elements"] == "4"
        assert (
            buru["minutes_path"]
            == f"/units/{buru['unit_code']}/forums/{buru['forum_id']}/berita-acara.pdf"
        )

    def test_no_name_nip_or_internal_note_of_the_demo_is_published(self, demo):
        text = _all_text(demo)
        secrets: set[str] = set()
        for forum in Forum.objects.all():
            secrets |= {forum.chair, forum.chair_nip, forum.summary, forum.agenda}
        secrets |= set(Participant.objects.values_list("name", flat=True))
        secrets |= set(Maklumat.objects.values_list("signer_name", flat=True))
        secrets |= set(ServiceStandard.objects.values_list("signer_name", flat=True))
        secrets |= set(ServiceStandard.objects.values_list("change_note", flat=True))
        secrets |= set(StandardReview.objects.values_list("note", flat=True))
        for secret in {s for s in secrets if s and len(s) > 3}:
            assert secret not in text, secret


# --- a small case made with the module's actions --------------------------------------------
@pytest.fixture
def case(world, settings, tmp_path) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(NOW, tick=False):
        buru = published_standard(world.buru_ktp)
        # The next version, still a draft: not public.
        actions.create_draft(
            world.buru_ktp, actor=None, components=complete_components(produk="DRAFT-PRODUK")
        )
        first = published_standard(world.ambon_ktp, produk="SUPERSEDED-PRODUK")
        review = actions.start_review(first, actor=None, started_on=TODAY)
        draft = actions.finish_review(
            review,
            actor=None,
            finished_on=TODAY,
            outcome="revised",
            note="INTERNAL-REVIEW-FINDING",
        )
        draft = actions.save_draft(
            draft,
            actor=None,
            revision=draft.revision,
            components=complete_components(produk="KTP-el dan KIA"),
            change_note="INTERNAL-CHANGE-NOTE",
        )
        second = actions.set_standard(
            draft,
            actor=None,
            decree_number="470/2/SK/2026",
            decree_date=TODAY,
            signer_name="SIGNER-OF-DECREE",
            today=TODAY,
        )
    # Published at 01:00 on 3 March in Jakarta, still 2 March in UTC: the day is Jakarta's.
    with time_machine.travel(dt.datetime(2026, 3, 2, 18, 0, tzinfo=dt.UTC), tick=False):
        second = actions.publish_standard(second, actor=None)
    # A unit that is not listed: its standard in force is not public.
    rsud = Service.objects.create(unit=world.buru_rsud, name="Rawat jalan")
    with time_machine.travel(NOW, tick=False):
        published_standard(rsud, produk="UNLISTED-PRODUK")
        # Kab. Sorong: set by decree, not published yet.
        sorong = Service.objects.create(unit=world.sorong_dukcapil, name="Akta kelahiran")
        actions.set_standard(
            actions.create_draft(
                sorong, actor=None, components=complete_components(produk="SET-NOT-PUBLISHED")
            ),
            actor=None,
            decree_number="1/2026",
            decree_date=TODAY,
            signer_name="X",
            today=TODAY,
        )
    return {"buru": buru, "first": first, "second": second, "rsud": rsud}


@pytest.fixture
def built(case, tmp_path) -> Path:
    with time_machine.travel(NOW, tick=False):
        return _build(tmp_path / "package")


def test_a_standard_in_force_is_one_row_with_its_components_as_the_page_shows_them(
    world, case, built
):
    rows = {r["standard_id"]: r for r in _rows(built, "service_standards")}
    buru = case["buru"]
    assert rows[str(buru.pk)] == {
        "standard_id": str(buru.pk),
        "service_id": str(world.buru_ktp.pk),
        "unit_code": "8104-DUKCAPIL",
        "agency_code": "pemkab-buru",
        "region_code": "81.04",
        "version": "1",
        "status": "published",
        "decree_number": "800/12/SK/2026",
        "decree_date": "2026-01-15",
        "in_force_from": "2026-03-02",
        "review_due_on": "2027-01-15",
        "requirements": "Fotokopi Kartu Keluarga; Surat pengantar RT/RW",
        "procedure": "Ambil nomor antrean; Serahkan berkas; Rekam biometrik",
        "service_time": "3 hari kerja",
        "fee": "Tidak dipungut biaya (gratis); Dasar: UU 24/2013 Pasal 79A",
        "product": "KTP-el",
        "complaint_handling": "SP4N-LAPOR!; Kotak saran di loket",
        "legal_basis": "UU 23/2006; UU 24/2013",
        "page_path": f"/units/8104-DUKCAPIL/standards/{buru.pk}/",
        "api_path": f"/api/v1/standards/{buru.pk}/",
        "hsds_id": exports.stable_id("service", world.buru_ktp.pk),
    }


def test_the_text_columns_are_those_of_the_sippn_export(case, built):
    standard = queries.published_standards().get(pk=case["buru"].pk)
    sippn = exports.sippn_row(standard, url="")
    [row] = [r for r in _rows(built, "service_standards") if r["standard_id"] == str(standard.pk)]
    for column, sippn_field in [
        ("requirements", "persyaratan"),
        ("procedure", "prosedur"),
        ("service_time", "jangka_waktu"),
        ("fee", "biaya"),
        ("product", "produk"),
        ("complaint_handling", "penanganan_pengaduan"),
        ("decree_number", "nomor_sk"),
        ("decree_date", "tanggal_sk"),
    ]:
        assert row[column] == sippn[sippn_field], column


def test_only_the_version_in_force_is_published_and_its_day_is_jakartas(world, case, built):
    rows = _rows(built, "service_standards")
    assert [(r["unit_code"], r["version"]) for r in rows] == [
        ("8104-DUKCAPIL", "1"),
        ("8171-DUKCAPIL", "2"),
    ]
    second = rows[1]
    assert second["standard_id"] == str(case["second"].pk)
    assert second["product"] == "KTP-el dan KIA"
    assert second["decree_date"] == "2026-03-02"
    assert second["in_force_from"] == "2026-03-03"  # 18:00 UTC on 2 March is 01:00 WIB
    assert second["review_due_on"] == "2027-03-02"


def test_drafts_superseded_unpublished_and_unlisted_standards_and_notes_never_appear(case, built):
    text = _all_text(built)
    ids = {r["standard_id"] for r in _rows(built, "service_standards")}
    assert str(case["first"].pk) not in ids
    for secret in (
        "DRAFT-PRODUK",
        "SUPERSEDED-PRODUK",
        "SET-NOT-PUBLISHED",
        "UNLISTED-PRODUK",
        "INTERNAL-REVIEW-FINDING",
        "INTERNAL-CHANGE-NOTE",
        "SIGNER-OF-DECREE",
        "Kepala Dinas",  # the factories' decree signer
        "8104-RSUD",
        "9601-DUKCAPIL",
    ):
        assert secret not in text, secret
    _assert_valid(built)


def test_a_standard_under_review_stays_in_force(world, case, tmp_path):
    with time_machine.travel(NOW, tick=False):
        actions.start_review(case["buru"], actor=None, started_on=TODAY)
        folder = _build(tmp_path / "again")
    [buru] = [r for r in _rows(folder, "service_standards") if r["unit_code"] == "8104-DUKCAPIL"]
    assert buru["status"] == "under_review"


def test_the_services_list_carries_only_the_services_the_rows_name(world, case, built):
    services = {r["id"] for r in _rows(built, "layanan")}
    assert services == {str(world.buru_ktp.pk), str(world.ambon_ktp.pk)}
    units = {r["code"] for r in _rows(built, "unit_layanan")}
    assert units == {"8104-DUKCAPIL", "8171-DUKCAPIL"}


# --- maklumat -------------------------------------------------------------------------------
def _maklumat(unit: Any, signed_on: dt.date | None, tag: str) -> Maklumat:
    return actions.save_maklumat(
        unit,
        actor=None,
        promise=f"Janji {tag}",
        commitment=f"Komitmen {tag}",
        sanction=f"Sanksi {tag}",
        signer_name=f"NAMA-{tag}",
        signer_position="Kepala Dinas Dukcapil",
        signed_on=signed_on,
    )


@time_machine.travel(NOW, tick=False)
def test_each_listed_unit_has_its_latest_signed_maklumat_only(world, tmp_path):
    _maklumat(world.buru_dukcapil, dt.date(2025, 1, 10), "LAMA")
    _maklumat(world.buru_dukcapil, dt.date(2026, 2, 1), "BARU")
    _maklumat(world.buru_dukcapil, None, "DRAF")  # drafted after, not signed
    _maklumat(world.ambon_dukcapil, None, "AMBON-DRAF")
    _maklumat(world.buru_rsud, dt.date(2026, 1, 5), "RSUD")  # unit not listed
    folder = _build(tmp_path / "package")
    assert _rows(folder, "maklumat") == [
        {
            "unit_code": "8104-DUKCAPIL",
            "signed_on": "2026-02-01",
            "signer_position": "Kepala Dinas Dukcapil",
            "promise": "Janji BARU",
            "commitment": "Komitmen BARU",
            "sanction": "Sanksi BARU",
            "document_path": "",
            "passport_path": "/units/8104-DUKCAPIL/passport/",
        }
    ]
    text = _all_text(folder)
    for secret in ("LAMA", "DRAF", "RSUD", "NAMA-"):
        assert secret not in text, secret
    _assert_valid(folder)


@time_machine.travel(NOW, tick=False)
def test_two_maklumat_signed_on_one_day_give_the_later_one_as_the_passport_does(world, tmp_path):
    _maklumat(world.buru_dukcapil, dt.date(2026, 2, 1), "PERTAMA")
    _maklumat(world.buru_dukcapil, dt.date(2026, 2, 1), "KEDUA")
    [row] = _rows(_build(tmp_path / "package"), "maklumat")
    assert row["promise"] == "Janji KEDUA"
    assert queries.current_maklumat(world.buru_dukcapil, signed_only=True).promise == "Janji KEDUA"


# --- forums ---------------------------------------------------------------------------------
def _forum(unit: Any, held_on: dt.date, stage: str, title: str) -> Forum:
    return actions.save_forum(
        unit,
        actor=None,
        title=title,
        purpose="drafting",
        mode="tatap_muka",
        stage=stage,
        held_on=held_on,
        place="Aula",
        chair="KETUA-FORUM",
        chair_nip="197805142003121002",
        agenda="AGENDA-INTERNAL",
        summary="RINGKASAN-INTERNAL",
    )


@pytest.mark.parametrize(
    ("held_on", "stage", "published"),
    [
        (TODAY - dt.timedelta(days=1), "pelaksanaan", True),
        (TODAY, "pelaksanaan", True),  # held today: the passport lists it
        (TODAY, "pasca", True),
        (TODAY + dt.timedelta(days=1), "pelaksanaan", False),  # not held yet
        (TODAY - dt.timedelta(days=1), "pra", False),  # still being prepared
    ],
)
@time_machine.travel(NOW, tick=False)
def test_a_forum_is_published_once_held(world, tmp_path, held_on, stage, published):
    forum = _forum(world.buru_dukcapil, held_on, stage, "FKP")
    rows = _rows(_build(tmp_path / "package"), "consultation_forums")
    assert [r["forum_id"] for r in rows] == ([str(forum.pk)] if published else [])


@time_machine.travel(NOW, tick=False)
def test_a_forum_row_counts_those_present_and_their_community_elements(world, tmp_path):
    forum = _forum(world.buru_dukcapil, TODAY, "pasca", "FKP Standar KTP-el")
    for name, element, attended in [
        ("PESERTA-SATU", "pengguna_layanan", True),
        ("PESERTA-DUA", "pengguna_layanan", True),
        ("PESERTA-TIGA", "media_massa", True),
        ("PESERTA-EMPAT", "penyelenggara", True),  # the provider: not a community element
        ("PESERTA-LIMA", "ahli_praktisi_akademisi", False),  # invited, absent
    ]:
        actions.add_participant(
            forum,
            actor=None,
            name=name,
            organisation=f"ORG-{name}",
            element=element,
            attended=attended,
        )
    _forum(world.buru_rsud, TODAY, "pasca", "FKP RSUD")  # unit not listed
    empty = _forum(world.ambon_dukcapil, TODAY - dt.timedelta(days=3), "pelaksanaan", "FKP Ambon")
    folder = _build(tmp_path / "package")
    assert _rows(folder, "consultation_forums") == [
        {
            "forum_id": str(forum.pk),
            "unit_code": "8104-DUKCAPIL",
            "held_on": "2026-03-02",
            "topic": "FKP Standar KTP-el",
            "purpose": "drafting",
            "mode": "tatap_muka",
            "stage": "pasca",
            "participants_present": "4",
            "community_elements": "2",
            "minutes_path": f"/units/8104-DUKCAPIL/forums/{forum.pk}/berita-acara.pdf",
        },
        {
            "forum_id": str(empty.pk),
            "unit_code": "8171-DUKCAPIL",
            "held_on": "2026-02-27",
            "topic": "FKP Ambon",
            "purpose": "drafting",
            "mode": "tatap_muka",
            "stage": "pelaksanaan",
            "participants_present": "0",
            "community_elements": "0",
            "minutes_path": f"/units/8171-DUKCAPIL/forums/{empty.pk}/berita-acara.pdf",
        },
    ]
    text = _all_text(folder)
    for secret in (
        "PESERTA",
        "ORG-",
        "KETUA-FORUM",
        "197805142003121002",
        "AGENDA-INTERNAL",
        "RINGKASAN-INTERNAL",
        "FKP RSUD",
    ):
        assert secret not in text, secret
    _assert_valid(folder)
