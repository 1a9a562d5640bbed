"""The citizen's complaint form on par with the survey form (issue 22, item 4): who may know
who reported and who may read the report as plain choices, each checked for what it needs;
messages that say what to do, in a summary linking to each field; a stated limit that is never
cut silently; no "---------" in any list."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from prima.complaints.forms import ComplaintForm, issue_token
from prima.complaints.models import Complaint, Identity
from prima.complaints.tests.test_pages import form_data

REPORT = {
    "kind": "pengaduan",
    "title": "KTP-el belum jadi",
    "description": "Sudah tiga minggu KTP-el saya belum selesai dicetak.",
    "visibility": "public",
    "token": "",
}
NAME, EMAIL, PHONE = "Ibu Rahma", "rahma@example.test", "0812345678"


@pytest.fixture(autouse=True)
def _in_english(settings, client):
    # The messages are checked in their source words, whatever the catalogue says.
    settings.PRIMA_COMPLAINT_MIN_SECONDS = 0
    client.cookies["prima_language"] = "en"
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("identity", "name", "email", "phone", "errors", "anonymous", "kept"),
    [
        # With my name: a name and a way to reach them.
        ("named", NAME, EMAIL, "", {}, False, (NAME, EMAIL, "")),
        ("named", NAME, "", PHONE, {}, False, (NAME, "", PHONE)),
        ("named", "", EMAIL, PHONE, {"name"}, None, None),
        ("named", NAME, "", "", {"email"}, None, None),
        ("named", "", "", "", {"name", "email"}, None, None),
        ("named", NAME, "nope", "", {"email"}, None, None),
        # Anonim: a way for the coordinator to reach them; the name is optional.
        ("anonymous", "", "", PHONE, {}, True, ("", "", PHONE)),
        ("anonymous", NAME, EMAIL, "", {}, True, (NAME, EMAIL, "")),
        ("anonymous", NAME, "", "", {"email"}, None, None),
        # Without name or contact: nothing needed, and nothing typed is kept or checked.
        ("none", "", "", "", {}, True, ("", "", "")),
        ("none", NAME, "nope", PHONE, {}, True, ("", "", "")),
        # Tampered or missing choices.
        ("", NAME, EMAIL, "", {"identity"}, None, None),
        ("everyone", NAME, EMAIL, "", {"identity"}, None, None),
        ("named ", NAME, EMAIL, "", {"identity"}, None, None),
    ],
)
def test_each_identity_choice_needs_what_it_says(
    world, identity, name, email, phone, errors, anonymous, kept
):
    data = REPORT | {"token": issue_token(), "identity": identity}
    form = ComplaintForm(
        data | {"name": name, "email": email, "phone": phone}, unit=world.buru_dukcapil
    )
    assert set(form.errors) == set(errors)
    if not errors:
        filing = form.filing()
        assert filing["is_anonymous"] is anonymous
        assert tuple(filing["identity"].values()) == kept


@pytest.mark.parametrize(
    ("visibility", "secret"),
    [("public", False), ("secret", True), ("", None), ("rahasia", None), ("1", None)],
)
def test_the_report_is_secret_only_when_chosen_and_a_choice_is_needed(world, visibility, secret):
    data = REPORT | {"token": issue_token(), "identity": "none", "visibility": visibility}
    form = ComplaintForm(data, unit=world.buru_dukcapil)
    assert form.is_valid() is (secret is not None)
    if secret is not None:
        assert form.filing()["is_secret"] is secret
    else:
        assert set(form.errors) == {"visibility"}


def test_each_message_says_what_to_do(world):
    form = ComplaintForm({"description": "short"})
    form.is_valid()
    messages = {name: errors[0] for name, errors in form.errors.items()}
    assert messages == {
        "kind": "Choose a complaint, a suggestion or a request for information.",
        "agency": "Choose the agency or government your report is about.",
        "title": "Give your report a title of a few words.",
        "description": ("Describe what happened in at least 20 characters: what, where and when."),
        "visibility": "Choose whether the public may read your report.",
        "identity": "Choose who may know who you are.",
        "token": "This field is required.",
    }


@pytest.mark.parametrize(
    ("length", "message"),
    [
        (5000, None),
        (5001, "It is 1 characters too long: shorten it to at most 5,000."),
        (6234, "It is 1,234 characters too long: shorten it to at most 5,000."),
    ],
)
def test_a_long_text_is_refused_with_by_how_much_never_cut(world, length, message):
    text = ("Antrean panjang. " * 400)[:length]
    form = ComplaintForm(REPORT | {"token": issue_token(), "identity": "none", "description": text})
    form.is_valid()
    assert form.errors.get("description", [None])[0] == message


def test_line_breaks_count_as_one_character_as_the_counter_counts_them(world):
    # Browsers send a line break as two characters; the counter shows one.
    text = "Baris\r\n" * 700 + "x" * 500  # 4,700 characters on screen, 5,400 sent
    form = ComplaintForm(
        REPORT | {"token": issue_token(), "identity": "none", "description": text},
        unit=world.buru_dukcapil,
    )
    assert form.is_valid(), form.errors
    assert len(form.cleaned_data["description"]) == 4700


def test_an_over_long_text_comes_back_whole_with_the_message_and_a_summary_link(client, world):
    url = reverse("complaints:new_for_unit", args=["8104-DUKCAPIL"])
    text = "Loket tutup. " * 400 + "AKHIR"  # 5,205 characters
    response = client.post(url, form_data(client, url, description=text))
    page = response.content.decode()
    assert response.status_code == 200 and not Complaint.objects.exists()
    assert "AKHIR</textarea>" in page  # the whole text, to shorten
    assert 'maxlength="5000"' not in page
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_description"' in summary and "shorten it to at most 5,000" in summary


def test_the_empty_form_shows_a_summary_linking_every_problem_to_its_field(client, world):
    url = reverse("complaints:new")
    page = client.post(url, {"token": issue_token(), "kind": "aspirasi"}).content.decode()
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert "autofocus" in page.split('class="error-summary"')[1].split(">")[0]
    targets = re.findall(r'href="#([\w-]+)"', summary)
    assert targets == [
        "id_agency",
        "id_title",
        "id_description",
        "id_visibility_0",
        "id_identity_0",
    ]
    for target in targets:
        assert f'id="{target}"' in page
    # The answers given are kept.
    assert re.search(r'<input [^>]*value="aspirasi"[^>]*checked', page)


def test_no_list_shows_dashes_and_every_empty_choice_says_what_to_choose(client, world):
    for url in [
        reverse("complaints:new"),
        reverse("complaints:new_for_unit", args=["8104-DUKCAPIL"]),
    ]:
        page = client.get(url).content.decode()
        assert "---------" not in page and "— choose —" not in page.lower()
        empties = re.findall(r'<option value=""[^>]*>([^<]*)</option>', page)
        assert empties and all(e.startswith("Choose") for e in empties), empties


def test_the_choices_explain_themselves_and_the_page_says_what_each_needs(client, world):
    page = client.get(reverse("complaints:new")).content.decode()
    for words in [
        "Who may read your report?",
        "Secret (Rahasia)",
        "Only the officers handling it read it.",
        "Who may know who you are?",
        "Anonymous (Anonim)",
        "The office you report and the public never learn who you are.",
        "With my name: give your name and an e-mail address or a phone number.",
        "Without name or contact: leave these empty; nothing typed here is kept.",
        "At most 5,000 characters.",
    ]:
        assert words in page, words
    assert 'id="id_identity_1" required aria-describedby="id_identity_1_hint">' in page
    assert 'id="id_identity_1_hint"' in page


def test_a_report_without_identity_files_no_identity(client, world):
    url = reverse("complaints:new_for_unit", args=["8104-DUKCAPIL"])
    client.post(url, form_data(client, url, identity="none", visibility="secret"))
    complaint = Complaint.objects.get()
    assert complaint.is_anonymous and complaint.is_secret
    assert not Identity.objects.filter(complaint=complaint).exists()
