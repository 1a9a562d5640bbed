"""The change history reads in the reader's language: reasons, field names and values
(issue 16, item 11)."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise

from prima.lib.history import _tracked_fields, describe, known_reasons, reason_text
from prima.registry import actions as registry_actions
from prima.registry.models import ServiceUnit

PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _history_models() -> list[type]:
    return [m for m in apps.get_models() if m.__name__.startswith("Historical")]


def test_every_record_and_field_shown_in_a_history_has_a_translated_name():
    untranslated = []
    for history_model in _history_models():
        model = history_model.instance_type
        if not isinstance(model._meta.verbose_name, Promise):
            untranslated.append(model._meta.label)
        record = history_model(history_type="+")
        for field in _tracked_fields(record):
            if not isinstance(model._meta.get_field(field.name).verbose_name, Promise):
                untranslated.append(f"{model._meta.label}.{field.name}")
    assert untranslated == []


def test_every_change_reason_has_an_indonesian_translation_with_the_same_parameters():
    with translation.override("id"):
        for reason in known_reasons():
            indonesian = translation.gettext(reason.text)
            assert indonesian != reason.text, reason.text
            assert sorted(PLACEHOLDER.findall(indonesian)) == sorted(
                PLACEHOLDER.findall(reason.text)
            )


@pytest.mark.parametrize(
    ("stored", "indonesian", "english"),
    [
        ("draft created", "draf dibuat", "draft created"),
        ("set by decree", "ditetapkan dengan SK", "set by decree"),
        ("superseded by version 3", "digantikan oleh versi 3", "superseded by version 3"),
        ("scored", "dinilai", "scored"),
        ("rescored from 2", "dinilai ulang dari 2", "rescored from 2"),
        ("contest #1 accepted (was 4)", "sanggahan #1 diterima (semula 4)", None),
        ("stage: scoring", "tahap: Penilaian (F-02, F-03)", "stage: Scoring (F-02, F-03)"),
        ("attended (qr)", "hadir (Presensi QR)", "attended (QR check-in)"),
        ("cancelled: Banjir di Namlea", "dibatalkan: Banjir di Namlea", None),
        ("set", "ditetapkan", "set"),
        ("reported", "dilaporkan", "reported"),
        # Stored by older versions in words that changed since.
        ("edited", "rincian kegiatan diubah", "event details edited"),
        (
            "sync_regions",
            "diperbarui dari kode wilayah Kemendagri",
            "updated from the Kemendagri region codes",
        ),
        # Typed by a person, or unknown: shown as stored.
        ("Rapat koordinasi", "Rapat koordinasi", "Rapat koordinasi"),
    ],
)
def test_stored_reasons_show_in_the_readers_language(stored, indonesian, english):
    with translation.override("id"):
        assert reason_text(stored) == indonesian
    with translation.override("en"):
        assert reason_text(stored) == (english or stored)


@pytest.mark.django_db
def test_a_unit_history_shows_hours_by_day_and_yes_or_no_in_indonesian(world):
    registry_actions.update_unit(
        world.buru_dukcapil,
        actor=world.siti,
        is_active=False,
        opening_hours=[{"day": d, "opens": "07:30", "closes": "14:00"} for d in range(4)],
    )
    latest = ServiceUnit.history.filter(id=world.buru_dukcapil.pk).latest()
    with translation.override("id"):
        [change] = describe([latest])
    fields = {f.name: (f.old, f.new) for f in change.fields}
    assert fields == {
        "tampil di direktori publik": ("Ya", "Tidak"),
        **{
            f"jam pelayanan · {day}": ("08.00-15.00", "07.30-14.00")
            for day in ("Senin", "Selasa", "Rabu", "Kamis")
        },
        "jam pelayanan · Jumat": ("08.00-15.00", "Tutup"),
    }
    assert change.label == "Disdukcapil Kabupaten Buru (8104-DUKCAPIL)"


@pytest.mark.django_db
def test_a_standard_history_names_its_components_dates_and_version(world):
    from prima.standards.models import ServiceStandard
    from prima.standards.tests.factories import set_standard

    standard = set_standard(world.buru_ktp, world.siti)
    records = ServiceStandard.history.filter(id=standard.pk).order_by("-history_date")
    with translation.override("id"):
        decreed, created = describe(records)
    assert created.label == decreed.label == "Penerbitan KTP-el · v1"
    assert (created.model, created.reason, decreed.reason) == (
        "standar pelayanan",
        "draf dibuat",
        "ditetapkan dengan SK",
    )
    created_fields = {f.name: f.new for f in created.fields}
    assert created_fields["komponen · 1. Persyaratan"] == (
        "Fotokopi Kartu Keluarga; Surat pengantar RT/RW"
    )
    assert created_fields["komponen · 3. Jangka waktu pelayanan"] == "3 hari kerja"
    assert not any("{" in value or "[" in value for value in created_fields.values())
    decreed_fields = {f.name: (f.old, f.new) for f in decreed.fields}
    assert decreed_fields["tanggal SK"] == ("—", "15 Jan 2026")
    assert "revisi" not in decreed_fields  # the optimistic lock's counter is internal


@pytest.mark.django_db
def test_a_history_shows_no_generated_numbers_or_digests(world):
    from prima.surveys import actions as survey_actions
    from prima.surveys.models import Kiosk

    kiosk, _code = survey_actions.create_kiosk(world.buru_dukcapil, actor=world.abdul, name="L1")
    with translation.override("id"):
        [change] = describe(Kiosk.history.filter(id=kiosk.pk))
    names = {f.name for f in change.fields}
    assert "ID" not in names and not any("digest" in name for name in names)
    assert names >= {"nama", "unit layanan", "dibuat oleh"}
    assert not any(re.search(r"\d{4}-\d{2}-\d{2}", f.new) for f in change.fields)
