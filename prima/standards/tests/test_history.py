"""Every write of the standards module names who made it in the record's history, deletions
included (issue 17, item 4)."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from prima.standards import actions
from prima.standards.models import FacilityType, ForumPhoto, Participant, UnitFacility
from prima.standards.tests.test_pages import photo_bytes


def _forum(world):
    return actions.save_forum(
        world.buru_dukcapil,
        actor=world.abdul,
        title="FKP 2026",
        purpose="drafting",
        mode="tatap_muka",
        stage="pelaksanaan",
        held_on=dt.date(2026, 1, 10),
        place="Aula",
    )


def test_history_names_who_added_and_removed_a_forum_photo(world):
    image = SimpleUploadedFile("fkp.jpg", photo_bytes(), "image/jpeg")
    photo = actions.add_photo(_forum(world), actor=world.abdul, image=image, caption="Peserta")
    pk = photo.pk
    actions.remove_photo(photo, actor=world.siti)
    added, removed = ForumPhoto.history.filter(id=pk).order_by("history_date")
    assert (added.history_type, added.history_user) == ("+", world.abdul)
    assert (removed.history_type, removed.history_user) == ("-", world.siti)


def test_history_names_who_removed_a_participant(world):
    participant = actions.add_participant(
        _forum(world), actor=world.abdul, name="Ibu Sari", element="pengguna_layanan"
    )
    pk = participant.pk
    actions.remove_participant(participant, actor=world.siti)
    removed = Participant.history.filter(id=pk, history_type="-").get()
    assert removed.history_user == world.siti


def test_history_names_who_removed_a_facility_from_the_inventory(world):
    ramp = FacilityType.objects.get(key="ramp")
    actions.save_facilities(world.buru_dukcapil, actor=world.abdul, rows={ramp: {}})
    pk = UnitFacility.objects.get(unit=world.buru_dukcapil).pk
    actions.save_facilities(world.buru_dukcapil, actor=world.siti, rows={ramp: None})
    removed = UnitFacility.history.filter(id=pk, history_type="-").get()
    assert removed.history_user == world.siti
