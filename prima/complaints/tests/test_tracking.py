"""Tracking people can keep (issue 22 §3): the confirmation page shows the report's number and
a short secret code, large and grouped, with copy buttons, a receipt to print and an offer to
e-mail them; the tracking page opens a report with the number and secret code or with the
long tracking code, says what is missing or wrong, and holds off guessing (ADR 0015)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from prima.complaints import tokens
from prima.complaints.models import Complaint
from prima.complaints.public_views import NUMBER_LIMIT, SEND_PER_REPORT, TRACK_LIMIT
from prima.complaints.tests.factories import file, receipt
from prima.complaints.tests.test_pages import form_data

TRACK = "/complaints/track/"


@pytest.fixture(autouse=True)
def _fresh(settings):
    settings.PRIMA_COMPLAINT_MIN_SECONDS = 0
    cache.clear()  # the rate limits count in the cache
    yield
    cache.clear()


def _other(secret: str) -> str:
    """The secret code with its last symbol changed (still a well-formed code)."""
    last = "A" if secret[-1] != "A" else "B"
    return secret[:-1] + last


def _swap_case_and_space(text: str) -> str:
    return f"  {text.lower().replace('-', ' ')} "


# (what is typed: a function of (number, secret, code), the field with the error or None
# when the report opens, words of the message)
CASES = [
    ("long code", lambda n, s, c: {"code": c}, None, ""),
    (
        "long code, lower case and spaces",
        lambda n, s, c: {"code": c.lower().replace("-", " ")},
        None,
        "",
    ),
    ("long code with a number too", lambda n, s, c: {"number": n, "code": c}, None, ""),
    ("long code in the number box", lambda n, s, c: {"number": c}, None, ""),
    ("number and secret", lambda n, s, c: {"number": n, "code": s}, None, ""),
    (
        "number and secret, lower case and spaces",
        lambda n, s, c: {"number": _swap_case_and_space(n), "code": _swap_case_and_space(s)},
        None,
        "",
    ),
    (
        "number without leading zeros",
        lambda n, s, c: {"number": n.replace("-0000", "-"), "code": s},
        None,
        "",
    ),
    ("nothing", lambda n, s, c: {}, "number", "Enter your report number and secret code"),
    ("number only", lambda n, s, c: {"number": n}, "code", "Enter the secret code too"),
    ("secret only", lambda n, s, c: {"code": s}, "number", "Enter the report number too"),
    ("number in the code box", lambda n, s, c: {"code": n}, "code", "This is the report number"),
    (
        "wrong secret",
        lambda n, s, c: {"number": n, "code": _other(s)},
        "code",
        "does not open report",
    ),
    (
        "secret too short",
        lambda n, s, c: {"number": n, "code": s[:5]},
        "code",
        "8 letters and digits",
    ),
    (
        "unknown number",
        lambda n, s, c: {"number": "PRM-2001-999999", "code": s},
        "number",
        "No report has the number PRM-2001-999999",
    ),
    (
        "not a number",
        lambda n, s, c: {"number": "KTP saya", "code": s},
        "number",
        "This is not a report number",
    ),
    (
        "wrong long code",
        lambda n, s, c: {"code": _other(c)},
        "code",
        "No report has this tracking code",
    ),
    ("very long input", lambda n, s, c: {"number": n * 50, "code": s * 50}, "number", "at most"),
    (
        "unicode",
        lambda n, s, c: {"number": "ПРМ–２６１２–０００１２３ 🙂", "code": "ｋ７ｑｍ–ｒ２ｘｄ"},
        "number",
        "This is not a report number",
    ),
    (
        "a null character",
        lambda n, s, c: {"number": "PRM\x00", "code": s},
        "number",
        "report number",
    ),
]


@pytest.mark.parametrize(("typed", "fill", "field", "words"), CASES, ids=[c[0] for c in CASES])
def test_the_tracking_form(client, world, typed, fill, field, words):
    filed = file(world)
    number, secret, code = filed.complaint.public_id, filed.secret, filed.tracking_code
    response = client.post(TRACK, fill(number, secret, code))
    if field is None:
        assert response.status_code == 302
        assert response.url == reverse("complaints:tracked", args=[number])
        assert filed.complaint.title in client.get(response.url).content.decode()
        return
    text = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in text and f'href="#id_{field}"' in text
    assert words in text
    # The field with the problem is marked, and what was typed is kept.
    assert f'id="id_{field}"' in text and "aria-invalid" in text


def test_a_report_from_before_secret_codes_opens_with_its_tracking_code_only(client, world):
    filed = file(world)
    Complaint.objects.filter(pk=filed.complaint.pk).update(secret_hash="")
    number = filed.complaint.public_id
    response = client.post(TRACK, {"number": number, "code": filed.secret})
    assert "filed before secret codes" in response.content.decode()
    assert client.post(TRACK, {"code": filed.tracking_code}).status_code == 302


def test_the_secret_code_is_stored_only_as_a_slow_salted_digest(world):
    first, second = file(world), file(world, title="Loket tutup siang")
    stored = first.complaint.secret_hash
    assert len(stored) == 64 and first.secret.replace("-", "") not in stored
    assert stored == tokens.secret_digest(first.secret, number=first.complaint.public_id)
    # The same code on another report would not be the same digest: the number is the salt.
    assert stored != tokens.secret_digest(first.secret, number=second.complaint.public_id)
    assert len(tokens.normalise(first.secret)) == 8
    assert set(tokens.normalise(first.secret)) <= set(tokens.ALPHABET)


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("PRM-2612-000123", "PRM-2612-000123"),
        ("prm 2612 123", "PRM-2612-000123"),
        ("2612-000123", "PRM-2612-000123"),
        ("PRM-26I2-OOO123", "PRM-2612-000123"),
        ("PRM-2612-1234567", "PRM-2612-1234567"),
        ("PRM-26-000123", None),
        ("PRM-2612-", None),
        ("KTP", None),
        ("", None),
    ],
)
def test_report_numbers_are_read_as_people_write_them(typed, number):
    assert tokens.normalise_number(typed) == number


def test_guessing_a_reports_secret_code_is_stopped_per_report_from_any_address(client, world):
    filed = file(world)
    number = filed.complaint.public_id
    for attempt in range(NUMBER_LIMIT):
        address = f"10.0.{attempt}.1"  # another address each time: only the number counts
        response = client.post(
            TRACK, {"number": number, "code": _other(filed.secret)}, REMOTE_ADDR=address
        )
        assert response.status_code == 200
    refused = client.post(TRACK, {"number": number, "code": filed.secret}, REMOTE_ADDR="10.9.9.9")
    assert refused.status_code == 429
    assert "Too many tries for report" in refused.content.decode()
    # The tracking code still opens it, and other reports' numbers are not held up.
    assert client.post(TRACK, {"code": filed.tracking_code}).status_code == 302
    other = file(world, title="Loket tutup siang")
    opened = client.post(TRACK, {"number": other.complaint.public_id, "code": other.secret})
    assert opened.status_code == 302


def test_one_address_cannot_try_many_reports(client, world):
    filed = file(world)
    for _ in range(TRACK_LIMIT):
        client.post(TRACK, {"number": "PRM-2001-000001", "code": filed.secret})
    refused = client.post(TRACK, {"number": filed.complaint.public_id, "code": filed.secret})
    assert refused.status_code == 429 and "Many tries" in refused.content.decode()


def _file_on_the_web(client, world, **changes):
    url = reverse("complaints:new_for_unit", args=["8104-DUKCAPIL"])
    return client.post(url, form_data(client, url, **changes))


def test_the_confirmation_page_shows_the_number_and_secret_code_with_copy_buttons(client, world):
    response = _file_on_the_web(client, world)
    complaint = Complaint.objects.get()
    shown = receipt(response)
    text = response.content.decode()
    assert shown["number"] == complaint.public_id
    assert tokens.secret_digest(shown["secret"], number=complaint.public_id) == (
        complaint.secret_hash
    )
    assert tokens.digest(shown["code"]) == complaint.tracking_hash
    # Large and grouped: every group on one line, breaks only between groups.
    number_groups = complaint.public_id.split("-")
    assert '<span class="group">' + number_groups[0] + "-</span><wbr>" in text
    # The copy buttons (shown by prima/receipt.js; hidden without it) and the print button.
    assert text.count('class="secondary copy"') == 3 and "prima/receipt.js" in text
    assert "data-print" in text and "Print or save as PDF" in text
    # Dates in words with the unit's zone, and where to track.
    assert "WIT" in text and "/complaints/track/" in text
    # They open the report.
    opened = client.post(TRACK, {"number": shown["number"], "code": shown["secret"]})
    assert opened.status_code == 302


def test_the_codes_are_sent_to_an_address_given_and_the_address_is_not_kept(client, world):
    response = _file_on_the_web(client, world, identity="none", name="", email="", phone="")
    complaint = Complaint.objects.get()
    shown = receipt(response)
    sent = client.post(
        reverse("complaints:send_codes"), {"report": complaint.pk, "email": "saya@example.test"}
    )
    assert sent.status_code == 200 and "Sent to saya@example.test" in sent.content.decode()
    assert receipt(sent) == shown  # the page still shows the codes
    (message,) = mail.outbox
    assert message.to == ["saya@example.test"]
    assert complaint.public_id in message.subject
    assert shown["secret"] in message.body and shown["code"] in message.body
    assert "/complaints/track/" in message.body
    # Not kept: an anonymous report stays without any contact.
    assert not hasattr(Complaint.objects.get(), "identity")
    assert "saya@example.test" not in str(list(Complaint.objects.values()))


def test_sending_the_codes_says_that_sms_is_not_available(client, world):
    text = _file_on_the_web(client, world).content.decode()
    assert "SMS or WhatsApp is not available in this installation" in text
    assert 'name="email"' in text and 'name="phone"' not in text


def test_a_bad_address_gets_a_message_and_sends_nothing(client, world):
    _file_on_the_web(client, world)
    complaint = Complaint.objects.get()
    response = client.post(
        reverse("complaints:send_codes"), {"report": complaint.pk, "email": "bukan alamat"}
    )
    text = response.content.decode()
    assert response.status_code == 200 and "error-summary" in text and not mail.outbox
    assert receipt(response)["number"] == complaint.public_id


def test_codes_are_sent_only_for_a_report_filed_in_this_browser(client, world):
    filed = file(world)
    response = client.post(
        reverse("complaints:send_codes"), {"report": filed.complaint.pk, "email": "x@example.test"}
    )
    assert response.status_code == 302 and not mail.outbox


def test_the_codes_of_one_report_are_sent_a_few_times_at_most(client, world):
    _file_on_the_web(client, world)
    complaint = Complaint.objects.get()
    for _ in range(SEND_PER_REPORT + 2):
        response = client.post(
            reverse("complaints:send_codes"), {"report": complaint.pk, "email": "x@example.test"}
        )
    assert len(mail.outbox) == SEND_PER_REPORT
    assert "Enough messages have been sent" in response.content.decode()


def test_a_failing_mail_server_is_said_plainly(client, world, settings):
    settings.EMAIL_BACKEND = "prima.complaints.tests.test_tracking.BrokenBackend"
    _file_on_the_web(client, world)
    complaint = Complaint.objects.get()
    response = client.post(
        reverse("complaints:send_codes"), {"report": complaint.pk, "email": "x@example.test"}
    )
    assert "could not be sent just now" in response.content.decode()


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("connection refused")


def test_staff_hand_over_the_number_and_secret_code(client, world):
    from prima.test import sign_in

    sign_in(client, world.abdul)
    url = reverse("manage:complaint_create", args=["8104-DUKCAPIL"])
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "kind": "pengaduan",
        "title": "Antrean terlalu lama",
        "description": "Saya menunggu empat jam di loket tanpa dipanggil.",
        "channel": "walk_in",
        "visibility": "public",
        "identity": "none",
    }
    response = client.post(url, data)
    shown = receipt(response)
    complaint = Complaint.objects.get()
    assert shown["number"] == complaint.public_id
    assert client.logout() is None
    assert (
        client.post(TRACK, {"number": shown["number"], "code": shown["secret"]}).status_code == 302
    )


def test_the_tracked_page_writes_dates_in_words_in_the_units_zone(client, world):
    filed = file(world)
    client.post(TRACK, {"code": filed.tracking_code})
    text = client.get(reverse("complaints:tracked", args=[filed.complaint.public_id])).content
    page = text.decode()
    assert " WIT" in page and "Next step due by" in page
