"""One mapping from the complaint form to `file_complaint` (issue 17, item 5): the citizen's
web form and staff entry both file what ComplaintForm.filing() gives."""

from __future__ import annotations

from prima.complaints.forms import ComplaintForm, issue_token
from prima.complaints.models import Channel

DETAILS = {
    "kind": "pengaduan",
    "title": "KTP-el belum jadi",
    "description": "Sudah tiga minggu KTP-el saya belum selesai dicetak.",
    "location": "Namlea",
    "name": "Ibu Rahma",
    "email": "",
    "phone": "0812345678",
    "visibility": "public",
    "identity": "named",
}


def test_a_units_web_form_files_to_the_unit_and_its_agency_by_the_web(world):
    form = ComplaintForm(DETAILS | {"token": issue_token()}, unit=world.buru_dukcapil)
    assert form.is_valid(), form.errors
    filing = form.filing()
    assert (filing["agency"], filing["unit"], filing["channel"]) == (
        world.buru,
        world.buru_dukcapil,
        Channel.WEB,
    )
    assert filing["location"] == "Namlea" and filing["attachments"] == []
    assert filing["identity"] == {"name": "Ibu Rahma", "email": "", "phone": "0812345678"}


def test_the_agency_form_files_to_the_agency_chosen_without_a_unit(world):
    form = ComplaintForm(DETAILS | {"token": issue_token(), "agency": world.buru.pk})
    assert form.is_valid(), form.errors
    filing = form.filing()
    assert (filing["agency"], filing["unit"], filing["service"]) == (world.buru, None, None)


def test_staff_entry_files_with_the_channel_the_staff_chose(world):
    form = ComplaintForm(DETAILS | {"channel": "phone"}, unit=world.buru_dukcapil, staff=True)
    assert form.is_valid(), form.errors
    assert form.filing()["channel"] == Channel.PHONE
