"""The registry's actions (issue 23): registering and editing confirm the status; a yearly
report sets and confirms it; a replication links both sides and marks the adopter's entry;
every refusal is a sentence, never a database error."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import translation

from prima.innovation import actions
from prima.innovation.models import Innovation, Replication, TeamMember

DAY = dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 10)
PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def register(world, unit=None, *, actor=None, **fields) -> Innovation:
    values = {
        "title": "KTP Antar ke Rumah",
        "summary": "Petugas mengantar KTP-el ke rumah warga lansia.",
        "problem": "Warga lansia harus datang tiga kali ke kantor.",
        "theme": "tata_kelola",
        "stage": "penerapan",
        "started_on": dt.date(2024, 1, 15),
    }
    values.update(fields)
    return actions.register_innovation(
        actor=actor or world.abdul, unit=unit or world.buru_dukcapil, **values
    )


@pytest.mark.django_db
def test_registering_confirms_the_status_as_of_today(world):
    with time_machine.travel(DAY, tick=False):
        innovation = register(world, services=[world.buru_ktp])
    assert innovation.status_confirmed_on == TODAY
    assert innovation.status == "aktif" and innovation.kind == "original"
    assert innovation.created_by == world.abdul
    assert list(innovation.services.all()) == [world.buru_ktp]
    assert innovation.history.first().history_user == world.abdul


@pytest.mark.django_db
def test_editing_confirms_the_status_again(world):
    with time_machine.travel(DAY, tick=False):
        innovation = register(world)
    later = DAY + dt.timedelta(days=200)
    with time_machine.travel(later, tick=False):
        actions.update_innovation(innovation, actor=world.siti, status="berkembang")
    innovation.refresh_from_db()
    assert innovation.status == "berkembang"
    assert innovation.status_confirmed_on == later.date()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"stage": "uji_coba", "started_on": None}, "only an initiative has not started"),
        ({"started_on": dt.date(2026, 3, 11)}, "cannot start in the future"),
        ({"decree_date": dt.date(2026, 4, 1)}, "decree cannot be dated in the future"),
    ],
)
@pytest.mark.django_db
def test_an_innovation_that_cannot_be_is_refused_with_a_sentence(world, fields, message):
    with time_machine.travel(DAY, tick=False), pytest.raises(ValidationError) as refused:
        register(world, **fields)
    assert message in " ".join(refused.value.messages)
    assert not Innovation.objects.exists()


@pytest.mark.django_db
def test_an_initiative_needs_no_start_day(world):
    innovation = register(world, stage="inisiatif", started_on=None)
    assert innovation.age_on(TODAY) is None


@pytest.mark.django_db
def test_a_unit_cannot_have_two_innovations_of_the_same_name(world):
    register(world)
    with pytest.raises(ValidationError, match="already has an innovation with this name"):
        register(world, title="ktp antar ke rumah")
    register(world, unit=world.ambon_dukcapil, actor=world.marthen)  # another unit may


@pytest.mark.django_db
def test_services_and_standards_of_another_unit_are_refused(world):
    with pytest.raises(ValidationError, match="services of the innovation's own unit"):
        register(world, services=[world.ambon_ktp])
    assert not Innovation.objects.exists()


@pytest.mark.django_db
def test_a_report_sets_and_confirms_the_status(world):
    with time_machine.travel(DAY, tick=False):
        innovation = register(world)
    later = DAY + dt.timedelta(days=330)
    with time_machine.travel(later, tick=False):
        report = actions.file_report(
            innovation,
            actor=world.abdul,
            year=2027,
            status="vakum",
            institutionalisation="ditetapkan",
            legal_basis="Perbup Buru 12/2025",
            funded=True,
            budget_source="APBD",
            file=ContentFile(PDF, name="file.pdf"),
        )
    innovation.refresh_from_db()
    assert (innovation.status, innovation.status_confirmed_on) == ("vakum", later.date())
    assert report.reported_on == later.date() and report.supports == 1
    assert report.file.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"year": 2027}, "this year or an earlier one"),
        ({"year": 2023}, "had not started in that year"),
        ({"institutionalisation": "ditetapkan"}, "Name the rule"),
        ({"funded": True}, "where the budget comes from"),
    ],
)
@pytest.mark.django_db
def test_a_report_that_cannot_be_is_refused(world, fields, message):
    with time_machine.travel(DAY, tick=False):
        innovation = register(world)
        values = {"year": 2026, "status": "aktif", **fields}
        with pytest.raises(ValidationError) as refused:
            actions.file_report(innovation, actor=world.abdul, **values)
    assert message in " ".join(refused.value.messages)


@pytest.mark.django_db
def test_one_report_a_year(world):
    with time_machine.travel(DAY, tick=False):
        innovation = register(world)
        actions.file_report(innovation, actor=world.abdul, year=2026, status="aktif")
        with pytest.raises(ValidationError, match="already filed"):
            actions.file_report(innovation, actor=world.abdul, year=2026, status="aktif")


@pytest.mark.django_db
def test_a_replication_links_both_sides_and_marks_the_adopters_entry(world):
    with time_machine.travel(DAY, tick=False):
        source = register(world)
        adopter = register(world, unit=world.ambon_dukcapil, actor=world.marthen)
        replication = actions.record_replication(
            source,
            actor=world.marthen,
            adopter_unit=world.ambon_dukcapil,
            adopter_innovation=adopter,
            started_on=dt.date(2025, 6, 1),
            agreement="PKS 01/2025",
            agreement_file=ContentFile(PDF, name="file.pdf"),
            state=Replication.State.RUNNING,
        )
    adopter.refresh_from_db()
    assert adopter.kind == Innovation.Kind.REPLICATION
    assert list(source.replications.all()) == [replication]
    assert list(adopter.replicated_from.all()) == [replication]
    assert replication.agreement_file.name.startswith(f"innovation/{world.ambon_dukcapil.pk}/pks-")


@pytest.mark.django_db
def test_a_replication_without_the_adopters_entry_can_get_it_later(world):
    with time_machine.travel(DAY, tick=False):
        source = register(world)
        replication = actions.record_replication(
            source, actor=world.abdul, adopter_unit=world.ambon_dukcapil, started_on=TODAY
        )
        adopter = register(world, unit=world.ambon_dukcapil, actor=world.marthen)
        assert adopter.kind == "original"
        actions.update_replication(
            replication,
            actor=world.marthen,
            adopter_innovation=adopter,
            started_on=TODAY,
            state=Replication.State.RUNNING,
        )
    adopter.refresh_from_db()
    assert adopter.kind == "replikasi"


@pytest.mark.django_db
def test_replications_that_cannot_be_are_refused(world):
    with time_machine.travel(DAY, tick=False):
        source = register(world)
        other = register(world, unit=world.sorong_dukcapil, actor=world.ratna)
        cases = [
            ({"adopter_unit": world.buru_dukcapil}, "does not replicate its own"),
            (
                {"adopter_unit": world.ambon_dukcapil, "adopter_innovation": other},
                "must belong to the adopting unit",
            ),
            (
                {"adopter_unit": world.ambon_dukcapil, "started_on": dt.date(2026, 3, 11)},
                "cannot start in the future",
            ),
        ]
        for fields, message in cases:
            values = {"started_on": TODAY, **fields}
            with pytest.raises(ValidationError) as refused:
                actions.record_replication(source, actor=world.ratna, **values)
            assert message in " ".join(refused.value.messages)
        actions.record_replication(
            source, actor=world.ratna, adopter_unit=world.ambon_dukcapil, started_on=TODAY
        )
        with pytest.raises(ValidationError, match="already recorded"):
            actions.record_replication(
                source, actor=world.ratna, adopter_unit=world.ambon_dukcapil, started_on=TODAY
            )


@pytest.mark.django_db
def test_an_innovation_of_an_unlisted_unit_is_not_published(world):
    innovation = register(world, unit=world.buru_rsud, actor=world.siti)
    with pytest.raises(ValidationError, match="not listed publicly"):
        actions.publish_innovation(innovation, actor=world.siti)
    listed = register(world)
    actions.publish_innovation(listed, actor=world.abdul)
    assert Innovation.objects.get(pk=listed.pk).is_published
    actions.unpublish_innovation(listed, actor=world.abdul)
    assert not Innovation.objects.get(pk=listed.pk).is_published


@pytest.mark.django_db
def test_team_measures_and_files_are_added_and_removed_with_history(world):
    with time_machine.travel(DAY, tick=False):
        innovation = register(world)
        member = actions.add_team_member(
            innovation, actor=world.abdul, name="La Ode", role="Inovator"
        )
        measure = actions.add_measure(
            innovation,
            actor=world.abdul,
            name="Hari untuk menerbitkan KTP-el",
            unit_of_measure="hari",
            before=Decimal("14"),
            after=Decimal("1"),
            measured_on=dt.date(2025, 1, 1),
        )
        with pytest.raises(ValidationError, match="after implementation started"):
            actions.add_measure(
                innovation,
                actor=world.abdul,
                name="x",
                unit_of_measure="hari",
                before=Decimal(1),
                after=Decimal(1),
                measured_on=dt.date(2023, 1, 1),
            )
        entry = actions.add_file(
            innovation, actor=world.abdul, title="SOP", file=ContentFile(PDF, name="file.pdf")
        )
    assert entry.file.name.startswith(f"innovation/{world.buru_dukcapil.pk}/bukti-")
    member_pk = member.pk
    actions.remove_team_member(member, actor=world.siti)
    actions.remove_measure(measure, actor=world.siti)
    actions.remove_file(entry, actor=world.siti)
    assert not innovation.team.exists()
    assert not (innovation.measures.exists() or innovation.files.exists())
    removed = TeamMember.history.filter(id=member_pk).first()
    assert (removed.history_type, removed.history_user) == ("-", world.siti)
